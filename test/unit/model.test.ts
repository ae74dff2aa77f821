/**
 * Flask model extraction per route form: what the route map says (rule with
 * prefixes, methods, endpoint, position, authenticated), which decorators
 * wrap each view, and which before_request hooks run before it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { routeMapOf } from '../../server/src/analysis/route-map';
import { engineFor, ROOT } from '../helpers/engine';

interface Seen {
  /** `GET,POST /api/users -> api.users @ app.py:7:5` */
  route: string;
  authenticated: boolean;
  decorators: string[];
  hooks: string[];
}

/** The model's routes in a form a reader can check against the snippet. */
async function modelOf(files: Record<string, string> | string): Promise<Seen[]> {
  const engine = await engineFor(typeof files === 'string' ? { 'app.py': files } : files);
  const model = engine.model;
  const map = routeMapOf(model);
  return model.routes
    .map((route, i) => {
      const entry = map[i]!;
      return {
        route: `${entry.methods.join(',')} ${entry.rule} -> ${entry.endpoint} @ ${path.relative(ROOT, entry.file)}:${entry.line}:${entry.column}`,
        authenticated: entry.authenticated,
        decorators: route.decorators.map((d) => `${d.expr.text}:${d.role}`),
        hooks: model.hooksFor(route).map((h) => h.fn.name),
      };
    })
    .sort((a, b) => a.route.localeCompare(b.route));
}

const routes = (seen: Seen[]) => seen.map((s) => s.route);

test('decorator routes: route with methods and endpoint, get/post/put/patch/delete shortcuts', async () => {
  const seen = await modelOf(
    "from flask import Flask\nfrom flask_login import login_required\n\napp = Flask(__name__)\n\n" +
      "@app.route('/users', methods=['get', 'POST'], endpoint='people')\n@login_required\ndef users():\n    return []\n\n" +
      "@app.get('/items')\ndef items():\n    return []\n\n@app.post('/items')\ndef add_item():\n    return ''\n\n" +
      "@app.put('/items/<int:id>')\ndef put_item(id):\n    return ''\n\n@app.patch('/items/<int:id>')\ndef patch_item(id):\n    return ''\n\n" +
      "@app.delete('/items/<int:id>')\ndef delete_item(id):\n    return ''\n\n@app.route('/a')\n@app.route('/b')\ndef two():\n    return ''\n",
  );
  assert.deepEqual(routes(seen), [
    'DELETE /items/<int:id> -> delete_item @ app.py:28:5',
    'GET /a -> two @ app.py:33:5',
    'GET /b -> two @ app.py:33:5',
    'GET /items -> items @ app.py:12:5',
    'GET,POST /users -> people @ app.py:8:5',
    'PATCH /items/<int:id> -> patch_item @ app.py:24:5',
    'POST /items -> add_item @ app.py:16:5',
    'PUT /items/<int:id> -> put_item @ app.py:20:5',
  ]);
  const users = seen.find((s) => s.route.includes('/users'))!;
  assert.deepEqual(users.decorators, ['login_required:authentication']);
  assert.equal(users.authenticated, true);
});

test('stacked route decorators: the outer one wraps the inner route decorator, not an auth check', async () => {
  const seen = await modelOf("from flask import Flask\nfrom flask_login import login_required\n\napp = Flask(__name__)\n\n@app.route('/a')\n@app.route('/b')\n@login_required\ndef view():\n    return ''\n");
  assert.deepEqual(
    seen.map((s) => `${s.route.split(' ')[1]} ${s.authenticated}`),
    ['/a true', '/b true'],
  );
});

test('add_url_rule: positional and keyword forms, methods, wrapping at registration, view_functions wrapping', async () => {
  const seen = await modelOf(
    "from flask import Flask\nfrom flask_login import login_required\n\napp = Flask(__name__)\n\n" +
      'def export_users():\n    return []\n\ndef delete_account():\n    return ""\n\ndef internal():\n    return ""\n\n' +
      "app.add_url_rule('/admin/export', 'export', export_users)\n" +
      "app.add_url_rule(rule='/account/delete', view_func=login_required(delete_account), methods=['POST'])\n" +
      "app.add_url_rule('/internal', endpoint='internal_ep', view_func=internal)\n" +
      "app.view_functions['internal_ep'] = login_required(app.view_functions['internal_ep'])\n",
  );
  assert.deepEqual(
    seen.map((s) => [s.route, s.decorators, s.authenticated]),
    [
      ['GET /admin/export -> export @ app.py:6:5', [], false],
      ['GET /internal -> internal_ep @ app.py:12:5', ['login_required:authentication'], true],
      ['POST /account/delete -> delete_account @ app.py:9:5', ['login_required:authentication'], true],
    ],
  );
});

test('add_url_rule in a loop over a table of rows (module constant and inline)', async () => {
  const seen = await modelOf(
    "from flask import Flask\n\napp = Flask(__name__)\n\ndef list_keys():\n    return []\n\ndef rotate_key():\n    return ''\n\n" +
      "ROUTES = [\n    ('/keys', list_keys),\n    ('/keys/rotate', rotate_key),\n]\nfor rule, view in ROUTES:\n    app.add_url_rule(rule, view_func=view)\n\n" +
      "for (rule, view) in [('/v2/keys', list_keys)]:\n    app.add_url_rule(rule, view_func=view)\n",
  );
  assert.deepEqual(routes(seen), ['GET /keys -> list_keys @ app.py:5:5', 'GET /keys/rotate -> rotate_key @ app.py:8:5', 'GET /v2/keys -> list_keys @ app.py:5:5']);
});

test('MethodView: one route per handler, decorators inherited from a base class; View uses its methods list', async () => {
  const seen = await modelOf(
    "from flask import Flask\nfrom flask.views import MethodView, View\nfrom flask_login import login_required\n\napp = Flask(__name__)\n\n" +
      'class Protected(MethodView):\n    decorators = [login_required]\n\n' +
      'class UserAPI(Protected):\n    def get(self, user_id):\n        return {}\n\n    def delete(self, user_id):\n        return ""\n\n' +
      "class Settings(View):\n    methods = ['GET', 'POST']\n\n    def dispatch_request(self):\n        return ''\n\n" +
      "app.add_url_rule('/users/<int:user_id>', view_func=UserAPI.as_view('user_api'))\napp.add_url_rule('/settings', view_func=Settings.as_view('settings'))\n",
  );
  assert.deepEqual(
    seen.map((s) => [s.route, s.decorators]),
    [
      ['DELETE /users/<int:user_id> -> user_api @ app.py:14:9', ['login_required:authentication']],
      ['GET /users/<int:user_id> -> user_api @ app.py:11:9', ['login_required:authentication']],
      ['GET,POST /settings -> settings @ app.py:20:9', []],
    ],
  );
});

test('Flask-RESTful Resource: method_decorators as a list and as a dict, Api prefix on a blueprint', async () => {
  const seen = await modelOf({
    'app.py': "from flask import Flask\nfrom api import bp\n\napp = Flask(__name__)\napp.register_blueprint(bp, url_prefix='/api')\n",
    'api.py':
      "from flask import Blueprint\nfrom flask_restful import Api, Resource\nfrom flask_jwt_extended import jwt_required\n\nbp = Blueprint('v1', __name__)\napi = Api(bp, prefix='/v1')\n\n" +
      'class Items(Resource):\n    method_decorators = [jwt_required()]\n\n    def get(self):\n        return []\n\n' +
      "class Item(Resource):\n    method_decorators = {'delete': [jwt_required()]}\n\n    def get(self, item_id):\n        return {}\n\n    def delete(self, item_id):\n        return ''\n\n" +
      "api.add_resource(Items, '/items')\napi.add_resource(Item, '/items/<int:item_id>', endpoint='item')\n",
  });
  assert.deepEqual(
    seen.map((s) => [s.route, s.decorators, s.authenticated]),
    [
      ['DELETE /api/v1/items/<int:item_id> -> v1.item @ api.py:20:9', ['jwt_required():authentication'], true],
      ['GET /api/v1/items -> v1.items @ api.py:11:9', ['jwt_required():authentication'], true],
      ['GET /api/v1/items/<int:item_id> -> v1.item @ api.py:17:9', [], false],
    ],
  );
});

test('a project function that wraps add_resource registers each call site', async () => {
  const seen = await modelOf({
    'app.py': "from flask import Flask\nfrom flask_restful import Api\nfrom resources import register, Items, Orders\n\napp = Flask(__name__)\napi = Api(app)\nregister(api, Items, '/items')\nregister(api, Orders, '/orders')\n",
    'resources.py': "from flask_restful import Resource\n\n\ndef register(api, resource, url):\n    api.add_resource(resource, url)\n\n\nclass Items(Resource):\n    def get(self):\n        return []\n\n\nclass Orders(Resource):\n    def post(self):\n        return ''\n",
  });
  assert.deepEqual(routes(seen), ['GET /items -> items @ resources.py:9:9', 'POST /orders -> orders @ resources.py:14:9']);
});

test('nested blueprints registered from other modules: prefixes joined, registration url_prefix wins, endpoints dotted', async () => {
  const seen = await modelOf({
    'app.py': "from flask import Flask\nfrom shop import create_app\n\napp = create_app()\n",
    'shop/__init__.py':
      "from flask import Flask\nfrom .api import api_bp\nfrom .admin import admin_bp\n\n\ndef create_app():\n    app = Flask(__name__)\n    api_bp.register_blueprint(admin_bp, url_prefix='/staff')\n    app.register_blueprint(api_bp, url_prefix='/api')\n    return app\n",
    'shop/api.py': "from flask import Blueprint\n\napi_bp = Blueprint('api', __name__, url_prefix='/ignored')\n\n\n@api_bp.get('/orders')\ndef orders():\n    return []\n",
    'shop/admin/__init__.py': "from flask import Blueprint\n\nadmin_bp = Blueprint('admin', __name__, url_prefix='/admin')\n\nfrom . import routes\n",
    'shop/admin/routes.py': "from . import admin_bp\n\n\n@admin_bp.route('/users/<int:user_id>', methods=['GET', 'DELETE'])\ndef user(user_id):\n    return {}\n",
  });
  assert.deepEqual(routes(seen), ['GET /api/orders -> api.orders @ shop/api.py:7:5', 'GET,DELETE /api/staff/users/<int:user_id> -> api.admin.user @ shop/admin/routes.py:5:5']);
});

test('a blueprint keeps its own url_prefix when registered without one', async () => {
  const seen = await modelOf({
    'app.py': "from flask import Flask\nfrom admin import bp\n\napp = Flask(__name__)\napp.register_blueprint(bp)\n",
    'admin.py': "from flask import Blueprint\n\nbp = Blueprint('admin', __name__, url_prefix='/admin')\n\n@bp.route('/')\ndef home():\n    return ''\n",
  });
  assert.deepEqual(routes(seen), ['GET /admin/ -> admin.home @ admin.py:6:5']);
});

test('hooks: a blueprint hook covers its own routes, an app hook (decorator or call form, in a factory) covers all', async () => {
  const seen = await modelOf({
    'app.py':
      "from flask import Flask, abort\nfrom flask_login import current_user\nfrom admin import bp as admin_bp\nfrom shop import bp as shop_bp\n\n\ndef require_login():\n    if not current_user.is_authenticated:\n        abort(401)\n\n\ndef create_app():\n    app = Flask(__name__)\n    app.register_blueprint(admin_bp)\n    app.register_blueprint(shop_bp)\n    app.before_request(require_login)\n\n    @app.route('/reports')\n    def reports():\n        return []\n\n    return app\n",
    'admin.py':
      "from flask import Blueprint, abort\nfrom flask_login import current_user\n\nbp = Blueprint('admin', __name__, url_prefix='/admin')\n\n@bp.before_request\ndef staff_only():\n    if not current_user.is_authenticated:\n        abort(403)\n\n@bp.get('/users')\ndef users():\n    return []\n",
    'shop.py': "from flask import Blueprint\n\nbp = Blueprint('shop', __name__, url_prefix='/shop')\n\n@bp.get('/cart')\ndef cart():\n    return []\n",
  });
  assert.deepEqual(
    seen.map((s) => [s.route.split(' @')[0], s.hooks.sort(), s.authenticated]),
    [
      ['GET /admin/users -> admin.users', ['require_login', 'staff_only'], true],
      ['GET /reports -> reports', ['require_login'], true],
      ['GET /shop/cart -> shop.cart', ['require_login'], true],
    ],
  );
});

test('before_app_request on a blueprint covers the routes of other blueprints', async () => {
  const seen = await modelOf({
    'app.py': "from flask import Flask\nfrom auth import bp as auth_bp\nfrom shop import bp as shop_bp\n\napp = Flask(__name__)\napp.register_blueprint(auth_bp)\napp.register_blueprint(shop_bp)\n",
    'auth.py': "from flask import Blueprint, abort\nfrom flask_login import current_user\n\nbp = Blueprint('auth', __name__)\n\n@bp.before_app_request\ndef require_login():\n    if not current_user.is_authenticated:\n        abort(401)\n",
    'shop.py': "from flask import Blueprint\n\nbp = Blueprint('shop', __name__, url_prefix='/shop')\n\n@bp.get('/cart')\ndef cart():\n    return []\n",
  });
  assert.deepEqual(
    seen.map((s) => [s.route, s.hooks, s.authenticated]),
    [['GET /shop/cart -> shop.cart @ shop.py:6:5', ['require_login'], true]],
  );
});

test('decorators resolved through imports and aliases; inferred project decorators; misplaced ones do not wrap', async () => {
  const seen = await modelOf({
    'app.py':
      "from flask import Flask\nimport flask_login as fl\nfrom flask_login import login_required as needs_login\nfrom security import admins_only\n\napp = Flask(__name__)\n\n" +
      "@app.get('/a')\n@fl.login_required\ndef a():\n    return ''\n\n@app.get('/b')\n@needs_login\ndef b():\n    return ''\n\n" +
      "@app.get('/c')\n@admins_only\ndef c():\n    return ''\n\n@needs_login\n@app.get('/d')\ndef d():\n    return ''\n",
    'security.py': "from functools import wraps\nfrom flask import abort, session\n\n\ndef admins_only(f):\n    @wraps(f)\n    def wrapper(*args, **kwargs):\n        if not session.get('admin'):\n            abort(403)\n        return f(*args, **kwargs)\n    return wrapper\n",
  });
  assert.deepEqual(
    seen.map((s) => [s.route.split(' @')[0], s.decorators, s.authenticated]),
    [
      ['GET /a -> a', ['fl.login_required:authentication'], true],
      ['GET /b -> b', ['needs_login:authentication'], true],
      ['GET /c -> c', ['admins_only:authentication'], true],
      ['GET /d -> d', [], false],
    ],
  );
});

test('route map flags: sensitive and public by nature', async () => {
  const engine = await engineFor({
    'app.py': "from flask import Flask\n\napp = Flask(__name__)\n\n@app.get('/login')\ndef login():\n    return ''\n\n@app.get('/admin/users')\ndef users():\n    return []\n\n@app.get('/products')\ndef products():\n    return []\n\n@app.post('/comments')\ndef comment():\n    return ''\n",
  });
  assert.deepEqual(
    routeMapOf(engine.model).map((r) => [r.rule, r.sensitive, r.publicByNature]),
    [
      ['/login', false, true],
      ['/admin/users', true, false],
      ['/products', false, false],
      ['/comments', true, false],
    ],
  );
});

test('Flask-RESTX Namespace path and Api prefix are applied to @ns.route classes', async () => {
  const seen = await modelOf(
    "from flask import Flask\nfrom flask_restx import Api, Namespace, Resource\n\napp = Flask(__name__)\napi = Api(app, prefix='/v2')\nns = Namespace('keys', path='/keys')\napi.add_namespace(ns)\n\n@ns.route('/<int:key_id>')\nclass Key(Resource):\n    def delete(self, key_id):\n        return ''\n",
  );
  assert.deepEqual(routes(seen), ['DELETE /v2/keys/<int:key_id> -> keys_key @ app.py:11:9']);
});

test('methods given through a module constant', async () => {
  const seen = await modelOf("from flask import Flask\n\napp = Flask(__name__)\nWRITE = ['POST', 'DELETE']\n\n@app.route('/comments', methods=WRITE)\ndef comments():\n    return ''\n");
  assert.deepEqual(routes(seen), ['POST,DELETE /comments -> comments @ app.py:7:5']);
});

test('a blueprint registered twice is served under both prefixes', async () => {
  const seen = await modelOf({
    'app.py': "from flask import Flask\nfrom api import bp\n\napp = Flask(__name__)\napp.register_blueprint(bp, url_prefix='/v1')\napp.register_blueprint(bp, url_prefix='/v2', name='v2')\n",
    'api.py': "from flask import Blueprint\n\nbp = Blueprint('api', __name__)\n\n@bp.get('/users')\ndef users():\n    return []\n",
  });
  assert.deepEqual(routes(seen), ['GET /v1/users -> api.users @ api.py:6:5', 'GET /v2/users -> v2.users @ api.py:6:5']);
});

test('the Flask tutorial factory: `from . import auth` inside create_app of the package that holds auth', async () => {
  const seen = await modelOf({
    'flaskr/__init__.py': "from flask import Flask\n\n\ndef create_app():\n    app = Flask(__name__)\n    from . import auth\n    from . import blog\n    app.register_blueprint(auth.bp)\n    app.register_blueprint(blog.bp, url_prefix='/blog')\n    blog.bp.before_request(auth.load_logged_in_user)\n    return app\n",
    'flaskr/auth.py': "from flask import Blueprint, abort, g\n\nbp = Blueprint('auth', __name__, url_prefix='/auth')\n\n\ndef load_logged_in_user():\n    if g.get('user') is None:\n        abort(401)\n\n\n@bp.route('/login', methods=('GET', 'POST'))\ndef login():\n    return ''\n",
    'flaskr/blog.py': "from flask import Blueprint\n\nbp = Blueprint('blog', __name__)\n\n\n@bp.route('/<int:id>/delete', methods=('POST',))\ndef delete(id):\n    return ''\n",
  });
  assert.deepEqual(
    seen.map((s) => [s.route, s.hooks, s.authenticated]),
    [
      ['GET,POST /auth/login -> auth.login @ flaskr/auth.py:12:5', [], false],
      ['POST /blog/<int:id>/delete -> blog.delete @ flaskr/blog.py:7:5', ['load_logged_in_user'], true],
    ],
  );
});

test('Flask-RESTX `api.namespace(...)` routes are mounted under the Api', async () => {
  const seen = await modelOf(
    "from flask import Flask\nfrom flask_restx import Api, Resource\n\napp = Flask(__name__)\napi = Api(app, prefix='/v1')\nns = api.namespace('auth', path='/auth')\n\n@ns.route('/token')\nclass Token(Resource):\n    def post(self):\n        return {}\n",
  );
  assert.deepEqual(routes(seen), ['POST /v1/auth/token -> auth_token @ app.py:10:9']);
});

test('a blueprint made by a factory that adds a guard and returns it: each call gets the guard and the prefix', async () => {
  const seen = await modelOf({
    'factory.py': "from flask import Blueprint, abort, request\n\ndef require_token():\n    if not valid(request.headers.get('X-Token')):\n        abort(401)\n\ndef make_bp(name):\n    bp = Blueprint(name, __name__, url_prefix=f'/api/{name}')\n    bp.before_request(require_token)\n    return bp\n",
    'views.py': "from flask.views import MethodView\nfrom factory import make_bp\n\nblp = make_bp('payouts')\n\nclass Item(MethodView):\n    def delete(self, pid):\n        return ''\n\nblp.add_url_rule('/<int:pid>', view_func=Item.as_view('item'))\n",
  });
  assert.deepEqual(
    seen.map((s) => [s.route, s.hooks, s.authenticated]),
    [['DELETE /api/<name>/<int:pid> -> bp.item @ views.py:7:9', ['require_token'], true]],
  );
});

test('an empty rule on a blueprint whose prefix is unknown is not the index', async () => {
  const code = "from flask import Blueprint\nfrom flask.views import MethodView\n\ndef make_bp(name):\n    return Blueprint(name, __name__, url_prefix=f'/api/{name}')\n\nblp = make_bp('payouts')\n\nclass PayoutList(MethodView):\n    def post(self):\n        return '', 201\n\nblp.add_url_rule('', view_func=PayoutList.as_view('list'))\n";
  const engine = await engineFor({ 'app.py': code });
  const [route] = engine.model.routes;
  assert.equal(engine.model.auth(route!).publicByNature, false);
});

test('a project helper that loops over the rules it is given (`register_view(bp, routes=[...], view_func=...)`, flaskbb)', async () => {
  const seen = await modelOf({
    'helpers.py': "def register_view(bp_or_app, routes, view_func, *args, **kwargs):\n    for route in routes:\n        bp_or_app.add_url_rule(route, view_func=view_func, *args, **kwargs)\n",
    'views.py': "from flask import Blueprint\nfrom flask.views import MethodView\nfrom helpers import register_view\n\nbp = Blueprint('forum', __name__, url_prefix='/forum')\nTOPIC_RULES = ['/topic/<int:tid>', '/t/<int:tid>']\n\nclass ViewTopic(MethodView):\n    def get(self, tid):\n        return ''\n\nregister_view(bp, routes=TOPIC_RULES, view_func=ViewTopic.as_view('view_topic'))\nregister_view(bp, ['/markread'], view_func=ViewTopic.as_view('markread'))\n",
  });
  assert.deepEqual(routes(seen), [
    'GET /forum/markread -> forum.markread @ views.py:9:9',
    'GET /forum/t/<int:tid> -> forum.view_topic @ views.py:9:9',
    'GET /forum/topic/<int:tid> -> forum.view_topic @ views.py:9:9',
  ]);
});

test("the project's own Flask and Api subclasses, and an Api method that returns add_resource over the urls it is given (redash, CTFd)", async () => {
  const seen = await modelOf(
    "from flask import Flask\nfrom flask_restful import Api, Resource\n\nclass PortalApp(Flask):\n    pass\n\nclass ApiExt(Api):\n    def add_org_resource(self, resource, *urls, **kwargs):\n        urls = [org_scoped_rule(url) for url in urls]\n        return self.add_resource(resource, *[u for u in urls], **kwargs)\n\nclass Widgets(Resource):\n    def delete(self, widget_id):\n        return {}\n\napp = PortalApp(__name__)\napi = ApiExt(app)\napi.add_org_resource(Widgets, '/api/widgets/<widget_id>')\n\n@app.post('/admin/purge')\ndef purge():\n    return ''\n",
  );
  assert.deepEqual(routes(seen), ['DELETE /api/widgets/<widget_id> -> widgets @ app.py:13:9', 'POST /admin/purge -> purge @ app.py:21:5']);
});

test('a rule built by a helper call keeps its own part behind a placeholder (`org_scoped_rule("/queries")`)', async () => {
  const seen = await modelOf("from flask import Blueprint, current_app\nbp = Blueprint('main', __name__)\n\ndef prefixed(rule):\n    return '/<tenant>' + rule\n\n@bp.route(prefixed('/items/purge'), methods=['POST'])\ndef purge_items(tenant=None):\n    return ''\n\nother = Blueprint('other', __name__, url_prefix=current_app.config.get('OTHER_PREFIX'))\n\n@other.post('/wipe')\ndef wipe():\n    return ''\n");
  // A call that is no project helper (`config.get('KEY')`) leaves the prefix unknown rather than making one up.
  assert.deepEqual(routes(seen), ['POST /<prefixed>/items/purge -> main.purge_items @ app.py:8:5', 'POST /wipe -> other.wipe @ app.py:14:5']);
});

test('a package checked on its own: `from . import api` names its __init__.py', async () => {
  const seen = await modelOf({
    '__init__.py': "from flask import Blueprint\n\napi = Blueprint('api_v2', __name__)\n\nfrom . import views\n",
    'views.py': "from . import api\n\n@api.route('/users/<int:uid>/delete', methods=['POST'])\ndef delete_member(uid):\n    return ''\n",
  });
  assert.deepEqual(routes(seen), ['POST /users/<int:uid>/delete -> api_v2.delete_member @ views.py:4:5']);
});

test("the project's own Namespace subclass; a namespace mounted nowhere keeps its own prefix once", async () => {
  const seen = await modelOf(
    "from flask import Flask\nfrom flask_restx import Api, Namespace, Resource\n\nclass ExtendedNamespace(Namespace):\n    pass\n\napp = Flask(__name__)\napi = Api(app)\naccounts = ExtendedNamespace('accounts')\nitems = Namespace('items')\n\n@accounts.route('/')\nclass AccountList(Resource):\n    def delete(self):\n        return {}\n\nclass ItemList(Resource):\n    def delete(self):\n        return {}\n\napi.add_namespace(accounts)\nitems.add_resource(ItemList, '/')\n",
  );
  assert.deepEqual(routes(seen), ['DELETE /accounts/ -> accounts_account_list @ app.py:14:9', 'DELETE /items/ -> itemlist @ app.py:18:9']);
});

test("with two apps, a blueprint registered through an unknown app does not get the other app's guard", async () => {
  const seen = await modelOf({
    'admin_api.py': "from flask import Flask, abort\nfrom flask_login import current_user\n\nadmin_api = Flask('admin_api')\n\n@admin_api.before_request\ndef only_admins():\n    if not current_user.is_authenticated:\n        abort(401)\n",
    'main.py': "from flask import Blueprint, Flask\n\napp = Flask(__name__)\nnotes = Blueprint('notes', __name__, url_prefix='/' + 'notes')\n\n@notes.route('/delete', methods=['POST'])\ndef delete_note():\n    return ''\n\ndef init_app(app):\n    app.register_blueprint(notes)\n",
  });
  assert.deepEqual(seen.map((s) => [s.route, s.hooks, s.authenticated]), [['POST /notes/delete -> notes.delete_note @ main.py:7:5', [], false]]);
});

test('a helper that registers `view_cls.as_view(name)` for the class its caller passes (gramps-web-api)', async () => {
  const seen = await modelOf("from flask import Blueprint\nfrom flask.views import MethodView\nfrom flask_login import login_required\n\nbp = Blueprint('api', __name__)\n\nclass AccountAdmin(MethodView):\n    def delete(self, name):\n        return '', 204\n\ndef add_endpoint(view_cls, url, name):\n    bp.add_url_rule(url, view_func=login_required(view_cls.as_view(name)))\n\nadd_endpoint(AccountAdmin, '/accounts/<name>', 'account_admin')\n");
  assert.deepEqual(seen.map((s) => [s.route, s.decorators]), [['DELETE /accounts/<name> -> api.account_admin @ app.py:8:9', ['login_required:authentication']]]);
});

test('a route on a blueprint from outside the files checked is still a route (its app unknown)', async () => {
  const seen = await modelOf("from flask import jsonify\nfrom shared_pkg import api_bp\n\n@api_bp.route('/change-password', methods=['POST'])\ndef change_password():\n    return jsonify(ok=True)\n");
  assert.deepEqual(routes(seen), ['POST /change-password -> change_password @ app.py:5:5']);
});

test('an Api, its namespace and the app it is built on are found whatever order their modules sort in', async () => {
  // `views` sorts before `zext`, where the Api is made: targets are collected from every file before any is bound.
  const seen = await modelOf({
    'shop/__init__.py': '',
    'shop/views.py': "from flask_restx import Resource\nfrom shop.zext import api\n\nns = api.namespace('users')\n\n@ns.route('/<int:uid>')\nclass UserItem(Resource):\n    def delete(self, uid):\n        return {}, 204\n",
    'shop/zext.py': "from flask_restx import Api\nfrom shop.app import app\n\napi = Api(app, prefix='/v2')\n",
    'shop/app.py': "from flask import Flask\n\napp = Flask(__name__)\n",
  });
  assert.deepEqual(routes(seen), ['DELETE /v2/users/<int:uid> -> users_user_item @ shop/views.py:8:9']);
});

test('add_url_rule with a view kept in a variable: `status_view = StatusAPI.as_view(...)` (the realpython JWT tutorial)', async () => {
  const seen = await modelOf(
    "from flask import Blueprint\nfrom flask.views import MethodView\nfrom flask_login import login_required\n\nbp = Blueprint('auth', __name__)\n\n" +
      "class StatusAPI(MethodView):\n    def get(self):\n        return {}\n\n    def delete(self):\n        return ''\n\n" +
      "def export():\n    return []\n\n" +
      "status_view = StatusAPI.as_view('status_api')\nexport_view = login_required(export)\n" +
      "bp.add_url_rule('/auth/status', view_func=status_view, methods=['GET'])\nbp.add_url_rule('/export', 'export', export_view)\n",
  );
  assert.deepEqual(
    seen.map((s) => [s.route, s.decorators]),
    [
      ['GET /auth/status -> auth.status_api @ app.py:8:9', []],
      ['GET /export -> auth.export @ app.py:14:5', ['login_required:authentication']],
    ],
  );
});

test('Flask-RESTX namespaces kept as class attributes of DTO classes (`api = UserDto.api`, the RESTPlus boilerplate)', async () => {
  const seen = await modelOf({
    'app/__init__.py': "from flask import Blueprint\nfrom flask_restx import Api\nfrom .user_controller import api as user_ns\nfrom .auth_controller import api as auth_ns\n\nblueprint = Blueprint('api', __name__)\napi = Api(blueprint)\napi.add_namespace(user_ns, path='/user')\napi.add_namespace(auth_ns)\n",
    'app/dto.py': "from flask_restx import Namespace\n\n\nclass UserDto:\n    api = Namespace('user', description='user related operations')\n\n\nclass AuthDto:\n    api = Namespace('auth', description='authentication related operations')\n",
    'app/user_controller.py': "from flask_restx import Resource\nfrom .dto import UserDto\n\napi = UserDto.api\n\n\n@api.route('/<public_id>')\nclass User(Resource):\n    def delete(self, public_id):\n        return ''\n",
    'app/auth_controller.py': "from flask_restx import Resource\nfrom .dto import AuthDto\n\napi = AuthDto.api\n\n\n@api.route('/login')\nclass UserLogin(Resource):\n    def post(self):\n        return {}\n",
  });
  assert.deepEqual(routes(seen), ['DELETE /user/<public_id> -> api.user_user @ app/user_controller.py:9:9', 'POST /auth/login -> api.auth_user_login @ app/auth_controller.py:9:9']);
});

test('rules and prefixes built from constants and f-strings (`url_prefix=f"{API}/admin"`)', async () => {
  const seen = await modelOf(
    "from flask import Flask, Blueprint\n\nAPI = '/api/v1'\nADMIN = '/admin'\napp = Flask(__name__)\nadmin = Blueprint('admin', __name__)\nops = Blueprint('ops', __name__)\n\n" +
      "@admin.get('/stats')\ndef stats():\n    return {}\n\n@ops.get('/jobs')\ndef jobs():\n    return []\n\n@app.get(f'{API}/reports')\ndef reports():\n    return []\n\n" +
      "app.register_blueprint(admin, url_prefix=f'{API}{ADMIN}')\napp.register_blueprint(ops, url_prefix=f'{ops_prefix()}/ops')\n",
  );
  assert.deepEqual(routes(seen), [
    'GET /<ops_prefix()>/ops/jobs -> ops.jobs @ app.py:14:5',
    'GET /api/v1/admin/stats -> admin.stats @ app.py:10:5',
    'GET /api/v1/reports -> reports @ app.py:18:5',
  ]);
});

test('the call form of the route decorator: `app.route(rule)(view)`, `bp.get(rule)(login_required(view))`', async () => {
  const seen = await modelOf(
    "from flask import Flask, Blueprint\nfrom flask_login import login_required\n\napp = Flask(__name__)\nbp = Blueprint('admin', __name__, url_prefix='/admin')\n\n\n" +
      "def delete_user(user_id):\n    return ''\n\n\ndef export():\n    return []\n\n\n" +
      "app.route('/users/<int:user_id>', methods=['DELETE'])(delete_user)\nbp.get('/export')(login_required(export))\n",
  );
  assert.deepEqual(
    seen.map((s) => [s.route, s.decorators]),
    [
      ['DELETE /users/<int:user_id> -> delete_user @ app.py:8:5', []],
      ['GET /admin/export -> admin.export @ app.py:12:5', ['login_required:authentication']],
    ],
  );
});

test('route decorators inside a project decorator factory: called on the view, or over a wrapper that calls it', async () => {
  const seen = await modelOf(
    "from functools import wraps\n\nfrom flask import Flask, Blueprint\nfrom flask_login import login_required\n\napp = Flask(__name__)\nbp = Blueprint('api', __name__, url_prefix='/api')\n\n\n" +
      // The view is handed to the route decorator as it is.
      "def expose(rule, **options):\n    def register(view):\n        return app.route(rule, **options)(view)\n    return register\n\n\n" +
      // A wrapper registered in the view's place, guarded on the way, that calls the view.
      "def guarded(blueprint, *args, **kwargs):\n    def decorator(f):\n        @blueprint.route(*args, **kwargs)\n        @login_required\n        @wraps(f)\n        def wrapper(*a, **kw):\n            return f(*a, **kw)\n        return f\n    return decorator\n\n\n" +
      "@expose('/status', methods=['GET', 'POST'])\ndef status():\n    return ''\n\n\n" +
      "@guarded(bp, '/keys/<int:key_id>', methods=['DELETE'])\ndef delete_key(key_id):\n    return ''\n\n\napp.register_blueprint(bp)\n",
  );
  assert.deepEqual(
    seen.map((s) => [s.route, s.decorators, s.authenticated]),
    [
      ['DELETE /api/keys/<int:key_id> -> api.delete_key @ app.py:33:5', ["guarded(bp, '/keys/<int:key_id>', methods=['DELETE']):none", 'login_required:authentication', 'wraps(f):none'], true],
      ['GET,POST /status -> status @ app.py:28:5', ["expose('/status', methods=['GET', 'POST']):none"], false],
    ],
  );
});

test('an app a class keeps (`self.app = Flask(name)`) and the methods it registers as views', async () => {
  const seen = await modelOf(
    "import flask\n\n\nclass AgentServer:\n    def __init__(self, name):\n        self.app = flask.Flask(name)\n" +
      "        self.app.add_url_rule('/agent/config', view_func=self.upload_config, methods=['PUT'])\n        self.app.route('/agent/status')(self.status)\n\n" +
      '    def upload_config(self):\n        return flask.request.data\n\n    def status(self):\n        return {}\n',
  );
  assert.deepEqual(routes(seen), ['GET /agent/status -> status @ app.py:13:9', 'PUT /agent/config -> upload_config @ app.py:10:9']);
});

test('add_url_rule in a loop over a dict: its items, its keys or its values', async () => {
  const seen = await modelOf(
    "from flask import Flask\n\napp = Flask(__name__)\n\n\ndef export():\n    return ''\n\n\ndef purge():\n    return ''\n\n\n" +
      "ROUTES = {'/export': export, '/purge': purge}\nfor rule, view in ROUTES.items():\n    app.add_url_rule(rule, view_func=view, methods=['POST'])\n\n" +
      "NAMED = {'/a': 'a', '/b': 'b'}\nfor rule in NAMED:\n    app.add_url_rule(rule, NAMED[rule], export)\n",
  );
  assert.deepEqual(routes(seen), [
    'GET /a -> export @ app.py:6:5',
    'GET /b -> export @ app.py:6:5',
    'POST /export -> export @ app.py:6:5',
    'POST /purge -> purge @ app.py:10:5',
  ]);
});
