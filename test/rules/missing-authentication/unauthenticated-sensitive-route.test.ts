import rule from '../../../server/src/rules/missing-authentication/unauthenticated-sensitive-route';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits } from '../../../server/src/fixes/apply';
import { findingsFor } from '../../helpers/engine';
import { findingLines } from '../../helpers/findings';
import { insertAbove, insertBelow } from '../../helpers/snippets';
import { ruleTester } from '../rule-tester';

const HEAD = "from flask import Flask, abort, request\nfrom flask_login import login_required, current_user\n\napp = Flask(__name__)\n";

// Inputs whose expected output is the input plus decorators (insertAbove).
const WRITE_ROUTE = HEAD + "\n@app.post('/comments')\ndef comment():\n    return '', 201\n";
const HEAD_OPEN = HEAD + "\n@app.before_request\ndef guard():\n    if request.method in ('GET', 'POST'):\n        if not current_user.is_authenticated:\n            abort(401)\n\n@app.get('/admin/users')\ndef users():\n    return []\n";
const TABLE_ROUTES = HEAD + "\ndef list_keys():\n    return []\n\ndef rotate_key():\n    return ''\n\nROUTES = [\n    ('/keys', list_keys),\n    ('/keys/rotate', rotate_key),\n]\nfor rule, view in ROUTES:\n    app.add_url_rule(rule, view_func=view)\n";
const SHORTCUTS = HEAD + "\n@app.delete('/items/<int:item_id>')\ndef drop(item_id):\n    return ''\n\n@app.put('/items/<int:item_id>')\ndef replace(item_id):\n    return ''\n\n@app.patch('/items/<int:item_id>')\ndef edit(item_id):\n    return ''\n";
const CLASS_VIEWS = HEAD + "from flask.views import MethodView, View\n\nclass OpenUsers(MethodView):\n    def get(self):\n        return []\n\n    def post(self):\n        return ''\n\nclass Settings(View):\n    methods = ['GET', 'POST']\n\n    def dispatch_request(self):\n        return ''\n\napp.add_url_rule('/users', view_func=OpenUsers.as_view('users'))\napp.add_url_rule('/settings', view_func=Settings.as_view('settings'))\n";
const RESOURCES = "from flask_restful import Resource\n\n\ndef add(api, resource, url):\n    api.add_resource(resource, url)\n\n\nclass ApiKeys(Resource):\n    def get(self):\n        return []\n";
const ADMIN_ROUTES = "from . import admin_bp\n\n\n@admin_bp.route('/users/<int:user_id>', methods=['GET', 'DELETE'])\ndef user(user_id):\n    return {}\n";
// A shop whose app (in `shop/__init__.py`, after `registry`) registers `accounts` (behind login); `orders` (checked, at `at`) has an open POST route.
const SHOP = (registry: string, extra: Record<string, string> = {}, at = 'shop/orders.py') => ({
  [at]: "from flask import Blueprint\n\norders = Blueprint('orders', __name__)\n\n\n@orders.post('/orders/<int:oid>/cancel')\ndef cancel(oid):\n    return ''\n",
  'shop/__init__.py': "from flask import Flask\nfrom .accounts import accounts\n\napp = Flask(__name__)\n" + registry,
  'shop/accounts.py': "from flask import Blueprint\nfrom flask_login import login_required\n\naccounts = Blueprint('accounts', __name__)\n\n\n@accounts.post('/accounts/close')\n@login_required\ndef close():\n    return ''\n",
  ...extra,
});
// An app that hands its blueprint to `setup` in `views/views.py`, a folder without `__init__.py`; `registry` follows.
const SETUP_IN_FOLDER = (registry: string) => ({
  'app.py': "from flask import Flask, Blueprint\nfrom views import views\n\napp = Flask(__name__)\nkeyed = Blueprint('keyed', __name__)\nviews.setup(app, keyed)\n" + registry,
  'views/views.py': "def setup(app, bp):\n    @bp.post('/api/rooms/create')\n    def make_room():\n        return ''\n",
});
// A blueprint that nests `orders` under itself.
const ADMIN_NESTS_ORDERS = { 'shop/admin.py': "from flask import Blueprint\nfrom .orders import orders\n\nadmin = Blueprint('admin', __name__, url_prefix='/admin')\nadmin.register_blueprint(orders)\n" };
// Flask-Admin on a model: `views` are the view classes defined before the admin panel is built and `added` registers them.
const flaskAdmin = (views: string, added: string) =>
  "from flask import Flask, abort\nfrom flask_admin import Admin\nfrom flask_admin.contrib.sqla import ModelView\nfrom flask_login import current_user\nfrom models import db, Account\n\napp = Flask(__name__)\n" +
  views + "\nadmin = Admin(name='backoffice')\nadmin.init_app(app)\n" + added + '\n';
// A form page whose POST branch of the view checks the caller (`check`, indented lines) before it writes; the GET shows the form.
const POST_BRANCH_CHECK = (check: string) =>
  "from flask import Flask, request, session, redirect, url_for, render_template\n\napp = Flask(__name__)\n\n\n@app.route('/jobs/create', methods=['GET', 'POST'])\ndef create_job():\n" +
  `    if request.method == 'POST':\n${check}        save_job(request.form)\n        return redirect(url_for('jobs'))\n    return render_template('create_job.html')\n`;
const RESOURCE_DICT = HEAD + "from flask_restful import Api, Resource\n\napi = Api(app, prefix='/api')\n\nclass Account(Resource):\n    method_decorators = {'delete': [login_required]}\n\n    def get(self):\n        return {}\n\n    def delete(self):\n        return ''\n\napi.add_resource(Account, '/account')\n";
// A hook that runs Flask-HTTPAuth's check through a callable the decorator wraps (its documented way to guard every route).
const HTTPAUTH_HOOK = (wrapped: string) =>
  "from flask import Flask, request\nfrom flask_httpauth import HTTPTokenAuth\n\napp = Flask(__name__)\ntokens = HTTPTokenAuth()\n" +
  `run_check = ${wrapped}(lambda: None)\n\n@app.before_request\ndef sign_in_first():\n    if request.endpoint == 'static':\n        return\n    return run_check()\n\n@app.delete('/notes/<int:nid>')\ndef drop_note(nid):\n    return ''\n`;
// A permission checked in the handler before its work; `check` is the test and its refusal.
const PERMISSION_VIEWS = (check: string) =>
  "from flask import Flask\nfrom flask.views import MethodView\nfrom werkzeug.exceptions import Forbidden\nfrom perms import UPLOAD, may, user_can_upload\n\napp = Flask(__name__)\n\n\nclass Upload(MethodView):\n" +
  `    def post(self):\n        ${check}\n        return store()\n\n\napp.add_url_rule('/upload', view_func=Upload.as_view('upload'))\n`;
// A base view that checks its permission and a subclass handler that hands the request over (`delegate`).
const DELEGATING_VIEWS = (delegate: string) =>
  "from flask import Flask\nfrom flask.views import MethodView\nfrom werkzeug.exceptions import Forbidden\nfrom perms import ERASE, may\n\napp = Flask(__name__)\n\n\nclass EraseView(MethodView):\n    def post(self, name):\n        if not may(ERASE):\n            raise Forbidden()\n        return erase(name)\n\n    def get(self, name):\n        return erase(name)\n\n\nclass ApiDelete(EraseView):\n" +
  `    def post(self, name):\n        return ${delegate}\n\n\napp.add_url_rule('/api/items/<name>/delete', view_func=ApiDelete.as_view('api_delete'), methods=['POST'])\n`;
// A base view whose GET is a stub (`stub`) and a subclass that serves POST with a permission check.
const STUB_BASE = (stub: string) =>
  "from flask import Flask, abort\nfrom flask.views import MethodView\nfrom werkzeug.exceptions import Forbidden, MethodNotAllowed, NotFound\nfrom perms import ERASE, may\n\nclass RestBase(MethodView):\n    def get(self, name):\n" +
  `        ${stub}\n\n\nclass ItemDelete(RestBase):\n    def post(self, name):\n        if not may(ERASE):\n            raise Forbidden()\n        return ''\n\n\napp = Flask(__name__)\napp.add_url_rule('/items/<name>/delete', view_func=ItemDelete.as_view('item_delete'))\n`;
// A blueprint hook that sends away callers whose session lacks a flag, read into a local name first.
const SESSION_FLAG_HOOK = (key: string) =>
  "from flask import Flask, Blueprint, session, request, redirect, url_for\n\napp = Flask(__name__)\nstaff = Blueprint('staff', __name__, url_prefix='/staff')\n\n" +
  `@staff.before_request\ndef staff_only():\n    flag = session.get('${key}')\n    if not flag and not request.path.endswith('/signin'):\n        return redirect('/')\n\n` +
  "@staff.post('/users/purge')\ndef purge():\n    return ''\n\napp.register_blueprint(staff)\n";
// A project helper that registers a class view kept in a local name, on a rule it builds from what it was given.
const EXPOSE_HELPER = (classBody: string) =>
  HEAD + "from flask.views import MethodView\n\n\nclass Notes(MethodView):\n" + classBody +
  "    def get(self, note_id):\n        return {}\n\n    def delete(self, note_id):\n        return ''\n\n\n" +
  "def expose(cls, name, base):\n    handler = cls.as_view(name)\n    app.add_url_rule('{}/<int:note_id>'.format(base), view_func=handler, methods=['GET', 'DELETE'])\n    app.add_url_rule(base + '/<int:note_id>/purge', view_func=handler, methods=['DELETE'])\n\n\nexpose(Notes, 'notes', '/notes')\n";
// Project decorators that register what they decorate: a class decorator reading the class's own rules, and a factory over a view.
const REGISTRY_DECORATORS = (classGuard: string, viewGuard: string) =>
  HEAD + "from flask_restful import Api, Resource\n\nrest = Api(app)\n\n\ndef listed(cls):\n    rest.add_resource(cls, *cls.urls)\n    return cls\n\n\n" +
  "def expose(rule, **options):\n    def register(view):\n        app.add_url_rule(rule, view_func=view, **options)\n        return view\n    return register\n\n\n" +
  `@listed\nclass Vault(Resource):\n${classGuard}    urls = ['/vault', '/vault/<name>']\n\n    def delete(self, name=None):\n        return ''\n\n\n` +
  `@expose('/settings', methods=['POST'])\n${viewGuard}def save_settings():\n    return ''\n`;

// A project decorator factory whose wrapper is what the route decorator registers (`guard` is placed on the wrapper).
const ROUTE_FACTORY = (guard: string) =>
  HEAD + "from functools import wraps\n\n\n" +
  `def api_route(rule, **options):\n    def decorator(f):\n        @app.route(rule, **options)\n${guard}        @wraps(f)\n        def wrapper(*args, **kwargs):\n            return f(*args, **kwargs)\n        return wrapper\n    return decorator\n\n\n` +
  "@api_route('/admin/nodes/<node_id>', methods=['DELETE'])\ndef delete_node(node_id):\n    return ''\n";

// A blueprint hook that spells the endpoints it waves through from the blueprint's own name.
const NAMED_EXEMPTIONS = (exempt: string) =>
  "from flask import Flask, Blueprint, abort, request\nfrom flask_login import current_user\n\napp = Flask(__name__)\nstaff = Blueprint('staff', __name__, url_prefix='/staff')\n\n" +
  `@staff.before_request\ndef staff_only():\n    if request.endpoint in (${exempt}):\n        return None\n    if not current_user.is_authenticated:\n        abort(401)\n\n` +
  "@staff.route('/signin', methods=['GET', 'POST'])\ndef signin():\n    return ''\n\n@staff.get('/reports/export')\ndef export_reports():\n    return []\n\napp.register_blueprint(staff)\n";

// An app-wide hook that requires a login unless the view function carries a marker a project decorator sets.
const MARKER_HOOK = (marked: string) =>
  "from flask import Flask, request\nfrom flask_login import LoginManager, login_required\n\napp = Flask(__name__)\nLoginManager(app)\ncheck = login_required(lambda: None)\n\n\ndef public(view):\n    view.is_public = True\n    return view\n\n\n" +
  "@app.before_request\ndef login_by_default():\n    target = app.view_functions.get(request.endpoint)\n    if getattr(target, 'is_public', False):\n        return None\n    return check()\n\n\n" +
  `@app.route('/signin', methods=['GET', 'POST'])\n${marked === 'signin' ? '@public\n' : ''}def signin():\n    return ''\n\n\n@app.get('/reports/export')\n${marked === 'export' ? '@public\n' : ''}def export_reports():\n    return []\n`;

// A MethodView base that checks the caller in its own dispatch_request (`refusal` when the check fails), and a handler class on it.
const DISPATCH_GUARD = (refusal: string) =>
  HEAD + "from flask.views import MethodView\n\n\nclass Guarded(MethodView):\n    def dispatch_request(self, **kwargs):\n        if not current_user.is_authenticated:\n" +
  `            ${refusal}\n        return super().dispatch_request(**kwargs)\n\n\nclass Keys(Guarded):\n    def delete(self, key_id):\n        return ''\n\n\n` +
  "app.add_url_rule('/keys/<int:key_id>', view_func=Keys.as_view('keys'))\n";
// Flask-Classful views: the class body (indented lines) of `Reports`, registered on the app.
const CLASSFUL = (classBody: string, register = 'Reports.register(app)') =>
  HEAD + "from flask_classful import FlaskView, route\n\n\nclass Reports(FlaskView):\n" + classBody + `\n\n${register}\n`;
const CLASSFUL_ROUTES = "    def index(self):\n        return []\n\n    def delete(self, report_id):\n        return ''\n\n    @route('/export', methods=['POST'])\n    def export_all(self):\n        return ''\n";

// Rules written with %-formatting and `.format()`: of module constants, a tuple, a dict, keywords, and an unknown call (line 27).
const PERCENT_RULES =
  "from flask import Flask\nfrom versions import current_version\n\napp = Flask(__name__)\nVERSION = 'v2'\nROOT = '/v2'\nEXPORTS = '/{}/admin/exports'\n\n\n" +
  "@app.post('/%s/orders/<int:oid>/cancel' % VERSION)\ndef cancel(oid):\n    return ''\n\n" +
  "@app.route('/%s/%s' % (VERSION, 'keys/rotate'), methods=['POST'])\ndef rotate():\n    return ''\n\n" +
  "@app.post('%(root)s/admin/purge' % {'root': ROOT})\ndef purge():\n    return ''\n\n" +
  "@app.delete('/{v}/accounts/<int:aid>'.format(v=VERSION))\ndef drop(aid):\n    return ''\n\n" +
  "@app.post('/%s/admin/reset' % current_version())\ndef reset():\n    return ''\n\n" +
  "@app.post(EXPORTS.format(VERSION))\ndef export():\n    return ''\n";

// A form view that writes an account's change (`write`, indented lines) and then sends the caller to log in.
const THEN_LOGIN = (write: string) =>
  "from flask import Flask, request, session, redirect, url_for, render_template, flash\nfrom models import db, User\n\napp = Flask(__name__)\n\n\n@app.route('/accounts/<int:uid>/password', methods=['POST'])\ndef change_password(uid):\n" +
  `    password = request.form.get('password')\n${write}    return redirect(url_for('auth.login'))\n`;

// A view that calls a helper of another module, which tests `current_user` (imported from `module`) bare.
const HELPER_ELSEWHERE = (module: string) => ({
  'checks.py': `from flask import abort\nfrom ${module} import current_user\n\n\ndef require_user():\n    if not current_user:\n        abort(401)\n`,
  'views.py': "from flask import Flask\nfrom checks import require_user\n\napp = Flask(__name__)\n\n\n@app.post('/admin/delete_user/<int:uid>')\ndef delete_user(uid):\n    require_user()\n    return ''\n",
});

// A Blueprint subclass that declares its routes on `self` in `__init__` (a POST on `rule`); `app.py` makes and registers its instances (`mount`).
const SUBCLASSED = (mount: string, extra: Record<string, string> = {}, rule = '/') => ({
  'notes.py': "from flask import Blueprint, request\n\n\nclass NoteRoutes(Blueprint):\n    def __init__(self, store):\n        super().__init__('notes', __name__)\n\n" +
    "        @self.route('/')\n        def listing():\n            return store.all()\n\n" + `        @self.route('${rule}', methods=['POST'])\n        def create():\n            return store.add(request.json)\n`,
  'app.py': "from flask import Flask, abort, session\nfrom notes import NoteRoutes\n\napp = Flask(__name__)\n" + mount,
  ...extra,
});

ruleTester(rule, {
  valid: [
    { code: HELPER_ELSEWHERE('flask_jwt_extended'), name: "a helper in another module that tests Flask-JWT-Extended's `current_user` bare turns away a caller with no token" },
    {
      code: "from functools import wraps\nfrom flask import Flask, abort\nfrom flask_jwt_extended import current_user\n\napp = Flask(__name__)\n\n\ndef user_access_required(func):\n    @wraps(func)\n    def wrapper(*args, **kwargs):\n        if not current_user:\n            abort(401)\n        return func(*args, **kwargs)\n    return wrapper\n\n\n@app.delete('/notes/<int:nid>')\n@user_access_required\ndef drop_note(nid):\n    return ''\n",
      name: "Flask-JWT-Extended's `current_user` is None without a token: a wrapper that tests it bare is a guard",
    },
    {
      code: "from flask import Flask, abort, g\nfrom werkzeug.local import LocalProxy\n\napp = Flask(__name__)\ncurrent_user = LocalProxy(lambda: g.get('user'))\n\n\n@app.before_request\ndef members_only():\n    if not current_user:\n        abort(401)\n\n\n@app.post('/gallery/delete')\ndef drop_gallery():\n    return ''\n",
      name: "a project's own `current_user` proxy is falsy for nobody logged in: a hook that tests it bare is a guard",
    },
    {
      code: "from flask import Blueprint, request, session, redirect, render_template\n\nadmin_bp = Blueprint('admin', __name__, url_prefix='/admin')\n\n\n@admin_bp.route('/', methods=['GET', 'POST'])\ndef login():\n    if request.method == 'POST' and request.form['password'] == ADMIN_PASSWORD:\n        session['admin_logged_in'] = True\n        return redirect('/admin/dashboard')\n    return render_template('admin/login.html')\n",
      name: 'a view named login that takes a password is public by nature under an admin prefix too',
    },
    {
      code: "from functools import wraps\nfrom flask import Flask, request, jsonify\nfrom models import User\n\napp = Flask(__name__)\n\n\ndef key_checked(f):\n    @wraps(f)\n    def decorated(*args, **kwargs):\n        current_user = User.query.filter_by(api_key=request.headers.get('X-Api-Key')).first()\n        if not current_user:\n            return jsonify(message='bad key'), 401\n        return f(current_user, *args, **kwargs)\n    return decorated\n\n\n@app.delete('/items/<int:iid>')\n@key_checked\ndef drop(current_user, iid):\n    return ''\n",
      name: 'a wrapper\'s own `current_user`, looked up by the key the request sent, is tested for presence (no Flask-Login proxy)',
    },
    {
      code: HEAD + "\n@app.get('/api/user_is_authorized')\ndef am_i_in():\n    return {'authorized': current_user.is_authenticated}\n\n@app.get('/user-logged-in')\ndef probe():\n    return {'in': current_user.is_authenticated}\n",
      name: 'an "am I logged in?" probe named for the caller (`/user_is_authorized`) is public by nature',
    },
    {
      code: THEN_LOGIN("    if not session.get('uid'):\n        return redirect(url_for('login'))\n    try:\n        User.query.filter_by(id=uid).update({'password': password})\n        db.session.commit()\n    except Exception:\n        return 'error'\n"),
      name: 'a login redirect for a caller with no session guards the view, though it ends with another after its write',
    },
    {
      code: THEN_LOGIN("    if request.form.get('key') == API_KEY:\n        User.query.filter_by(id=uid).update({'password': password})\n        db.session.commit()\n    else:\n        return render_template('denied.html')\n"),
      name: 'a key the client sent matched against the expected one still guards the work',
    },
    {
      code: THEN_LOGIN("    if owns_account(uid):\n        User.query.filter_by(id=uid).update({'password': password})\n        db.session.commit()\n        return 'saved'\n"),
      name: 'a login redirect for those the check turned down, after a write that returned on its own path',
    },
    {
      code: POST_BRANCH_CHECK("        if 'logged_in' not in session:\n            return redirect(url_for('login'))\n"),
      name: 'the POST branch checks the caller first; the GET that shows the form is not sensitive',
    },
    { code: SHOP('app.register_blueprint(accounts)\n'), name: 'a blueprint no app registers, where every registration names a known blueprint: Flask serves none of its routes' },
    { code: SHOP('app.register_blueprint(accounts)\n', ADMIN_NESTS_ORDERS), name: 'a blueprint nested only under a blueprint no app registers' },
    {
      code: SHOP("from werkzeug.utils import import_string\n\nfor name in ['shop.accounts:accounts', 'shop.legacy.views:bp']:\n    app.register_blueprint(import_string(name))\n"),
      name: 'blueprints loaded by name from a literal list: one the list does not name is served by no app (a name the workspace lacks stands only for its own module)',
    },
    {
      code: SHOP("from werkzeug.utils import import_string\n\nNAMES = ('shop.accounts.accounts',)\n\nfor name in NAMES:\n    bp = import_string(name)\n    app.register_blueprint(bp)\n"),
      name: 'a name the loop binds to what `import_string` loads from a literal list',
    },
    { code: SETUP_IN_FOLDER(''), name: 'routes put on a blueprint handed to a module of a folder without `__init__.py`, which no app registers' },
    {
      code: SHOP('from flask_babel_admin import panel\nfrom .site import site\n\napp.register_blueprint(accounts)\napp.register_blueprint(panel)\napp.register_blueprint(site)\n'),
      name: 'the other blueprints the app registers come from a library and from a module the workspace lacks: none of them is `orders`',
    },
    {
      code: "from flask import Flask\nfrom flask_restx import Api, Namespace, Resource\n\napp = Flask(__name__)\napi = Api(app)\nkeys = Namespace('keys')\n\n\n@keys.route('/rotate')\nclass Rotate(Resource):\n    def post(self):\n        return ''\n",
      name: 'a Flask-RESTX Namespace never added to an Api',
    },
    { code: { 'tests/test_views.py': "from flask import Flask\nfrom flask_login import login_required\n\n\ndef test_open_admin():\n    app = Flask(__name__)\n\n    @app.route('/admin/delete/<int:id>', methods=['POST'])\n    def delete(id):\n        return ''\n\n    assert app.test_client().post('/admin/delete/1').status_code == 200\n" }, name: 'a throwaway app built inside a test function serves nobody' },
    { code: { 'tests/test_admin.py': flaskAdmin('', 'admin.add_view(ModelView(Account, db.session))') }, name: 'a Flask-Admin view added in a test' },
    { code: { 'tests/unit/conftest.py': "import pytest\nfrom flask import Flask\n\n\n@pytest.fixture\ndef app():\n    app = Flask(__name__)\n\n    @app.route('/users/<int:uid>', methods=['DELETE'])\n    def drop(uid):\n        return ''\n\n    return app\n" }, name: 'a route declared in a pytest fixture' },
    {
      code: "from flask import Flask, Blueprint\nfrom flask_restful import Api, Resource\nfrom flask_httpauth import HTTPTokenAuth\n\nauth = HTTPTokenAuth()\nbp = Blueprint('api', __name__)\napi = Api(bp, decorators=[auth.login_required])\n\nclass Users(Resource):\n    def post(self):\n        return {}\n\napi.add_resource(Users, '/users')\napp = Flask(__name__)\napp.register_blueprint(bp, url_prefix='/api')\n",
      name: "Flask-RESTful `Api(bp, decorators=[...])` wraps every resource",
    },
    {
      code: "from flask import Flask\nfrom flask_restx import Api, Namespace, Resource\nfrom flask_jwt_extended import jwt_required\n\napp = Flask(__name__)\napi = Api(app)\nns = Namespace('admin', decorators=[jwt_required()])\n\n@ns.route('/users/<int:uid>')\nclass AdminUser(Resource):\n    def delete(self, uid):\n        return ''\n\napi.add_namespace(ns)\n",
      name: 'Flask-RESTX `Namespace(..., decorators=[...])` wraps its resources',
    },
    {
      code: HEAD + "\n@app.route('/admin/config', methods=['POST'])\ndef save_config():\n    return {}\n\nfor endpoint in ('save_config',):\n    app.view_functions[endpoint] = login_required(app.view_functions[endpoint])\n",
      name: 'view functions wrapped after registration in a loop over their endpoints',
    },
    { code: HEAD + "\n@app.route('/admin')\n@login_required\ndef admin():\n    return 'ok'\n" },
    { code: NAMED_EXEMPTIONS("'{}.signin'.format(staff.name), staff.name + '.static'"), name: 'endpoint names built from the blueprint name exempt only what they spell' },
    { code: HEAD + "\n@app.route('/login', methods=['GET', 'POST'])\ndef login():\n    return 'form'\n", name: 'login is public by nature' },
    {
      code: HEAD + "from config import settings\n\nVERSION = 'v2'\n\n@app.route('/%s/login' % VERSION, methods=['GET', 'POST'])\ndef login():\n    return 'form'\n\n@app.get('/%s/stats' % settings.ADMIN_PREFIX)\ndef stats():\n    return {}\n",
      name: 'a %-formatted login route is public by nature; an unknown part of a rule is no admin path',
    },
    { code: HEAD + "\n@app.route('/products')\ndef products():\n    return []\n", name: 'not sensitive' },
    {
      code: "from flask import Flask, abort, session\nfrom models import db, Note\n\napp = Flask(__name__)\n\n\ndef staff_only():\n    if session.get('role') != 'staff':\n        abort(403)\n\n\n@app.delete('/notes/<int:nid>')\ndef drop_note(nid):\n    staff_only()\n    db.session.delete(db.session.get(Note, nid))\n    return ''\n",
      name: 'a helper that refuses under a test of the caller (the Flask session) guards the view that calls it',
    },
    {
      code: HEAD + "\n@app.post('/login/teachers')\ndef login_teacher():\n    return issue(request.json['email'], request.json['password'])\n\n@app.post('/doctor-login')\ndef enter():\n    return issue(request.form['email'], request.form['password'])\n",
      name: 'a login for one kind of user that takes a password (`/login/teachers`, `/doctor-login`)',
    },
    { code: MARKER_HOOK('signin'), name: 'a hook that waves through views its decorator marks, with only the sign-in page marked' },
    {
      code: HEAD + "\n@app.post('/login_request')\ndef login_request():\n    return {}\n\n@app.post('/auth/login/submit')\ndef submit():\n    return {}\n\n@app.post('/process_signup')\ndef process_signup():\n    return {}\n",
      name: 'the steps of logging in and signing up named beside the way in (`login_request`, `/login/submit`, `process_signup`)',
    },
    {
      code: HEAD + "\n@app.post('/logout/access')\ndef revoke_access():\n    return {}\n\n@app.post('/auth/logout/all')\ndef sign_out_everywhere():\n    return {}\n",
      name: 'signing out of one kind of token or of every session is still signing out',
    },
    {
      code: HEAD + "\n@app.post('/revoke-token')\ndef revoke():\n    return {}\n\n@app.post('/oauth/token/revoke')\ndef drop_token():\n    return {}\n",
      name: 'revoking the token one holds is signing out',
    },
    {
      code: HEAD + "from flask.views import MethodView\n\nclass LoginView(MethodView):\n    def post(self):\n        return issue_token(request.form)\n\napp.route('/api/auth/post', methods=['POST'])(LoginView.post)\n",
      name: 'a handler named for its HTTP method, registered by hand, is known by its class (`LoginView.post`)',
    },
    { code: HEAD + "\n@app.before_request\ndef guard():\n    if not current_user.is_authenticated:\n        abort(401)\n\n@app.route('/admin')\ndef admin():\n    return 'ok'\n", name: 'app-wide before_request guard' },
    { code: HEAD + "\n@app.route('/admin/users')\ndef users():\n    if not current_user.is_authenticated:\n        abort(403)\n    return []\n", name: 'check at the top of the view' },
    { code: HEAD + "\n@app.route('/admin/users')\ndef users():\n    return []\n", settings: { publicRoutes: ['/admin/*'] }, name: 'public-route setting' },
    { code: HEAD + "\n@app.route('/admin/users')  # flask-guard: ignore[FG101]\ndef users():  # flask-guard: ignore[FG101]\n    return []\n", name: 'suppression comment' },
    {
      code: {
        'app.py': "from flask import Flask\nfrom admin import bp\napp = Flask(__name__)\napp.register_blueprint(bp)\n",
        'admin.py': "from flask import Blueprint, abort\nfrom flask_login import current_user\nbp = Blueprint('admin', __name__, url_prefix='/admin')\n\n@bp.before_request\ndef only_staff():\n    if not current_user.is_authenticated:\n        abort(401)\n\n@bp.route('/users')\ndef users():\n    return []\n",
      },
      name: 'blueprint guard in another module',
    },
    {
      code: {
        'shop/__init__.py': "from flask import Flask\nfrom .views import bp\nfrom .guard import check_token\n\ndef create_app():\n    app = Flask(__name__)\n    app.register_blueprint(bp)\n    app.before_request(check_token)\n    return app\n",
        'shop/guard.py': "from flask import jsonify, request\nfrom flask_jwt_extended import verify_jwt_in_request\n\ndef check_token():\n    if request.endpoint == 'views.login':\n        return None\n    try:\n        verify_jwt_in_request()\n    except Exception:\n        return jsonify(msg='unauthorized'), 401\n",
        'shop/views.py': "from flask import Blueprint\nbp = Blueprint('views', __name__)\n\n@bp.delete('/users/<int:uid>')\ndef delete_user(uid):\n    return {}\n",
      },
      name: 'an app-wide hook registered by call whose check sits in a try that answers 401',
    },
    {
      code: {
        'app.py': "from flask import Flask\nfrom auth import api_key_required\napp = Flask(__name__)\n\n@app.get('/api/keys')\n@api_key_required\ndef keys():\n    return []\n",
        'auth.py': "from functools import wraps\nfrom flask import request, abort\n\ndef api_key_required(f):\n    @wraps(f)\n    def wrapper(*a, **kw):\n        if request.headers.get('X-API-Key') != 'x':\n            abort(401)\n        return f(*a, **kw)\n    return wrapper\n",
      },
      name: 'inferred project decorator',
    },

    // Settled readings (RULES.md).
    { code: HEAD + "from flask_security import roles_required\n\n@app.route('/admin/users')\n@roles_required('admin')\ndef users():\n    return []\n", name: 'a role decorator satisfies FG101 (FG104 reports it)' },
    {
      code: HEAD + "\ndef verify_token(token):\n    return token == 'x'\n\n@app.route('/admin/users')\ndef users():\n    try:\n        verify_token(request.headers['Authorization'])\n    except Exception:\n        pass\n    return []\n",
      name: 'a fail-open check counts as authentication (FG210 reports it)',
    },
    { code: HEAD + "\n@app.route('/oauth/token', methods=['POST'])\ndef issue_token():\n    return {}\n", name: 'token-issuing endpoint is public by nature' },
    { code: CLASSFUL('    decorators = [login_required]\n\n' + CLASSFUL_ROUTES), name: "a Flask-Classful view's `decorators` guard each of its methods" },
    { code: DISPATCH_GUARD('abort(401)'), name: 'a MethodView base whose dispatch_request refuses anonymous callers before handing over to super()' },
    {
      code: CLASSFUL("    def before_request(self, name, *args, **kwargs):\n        if not current_user.is_authenticated:\n            abort(401)\n\n" + CLASSFUL_ROUTES, "Reports.register(app, route_base='/admin/reports')"),
      name: "a Flask-Classful view's own before_request that refuses anonymous callers",
    },
    {
      code: HEAD + "from flask.views import MethodView\n\nclass ClientSessions(MethodView):\n    def post(self):\n        member = Member.query.filter_by(name=request.form['name']).first()\n        if member and member.check_password(request.form['password']):\n            return {'token': member.issue_token()}\n        return {'error': 'bad credentials'}, 400\n\napp.add_url_rule('/api/sessions', view_func=ClientSessions.as_view('sessions'))\n",
      name: 'POST /api/sessions that checks a password is the way in (a REST login)',
    },
    { code: HEAD + "\n@app.post('/oauth2/revoke')\ndef revoke():\n    return {}\n", name: "an OAuth server's revocation endpoint is its logout" },
    { code: HEAD + "\n@app.route('/auth', methods=['GET', 'POST'])\ndef sign_in_page():\n    return ''\n", name: "`/auth` is the way in (Flask-JWT's default token endpoint)" },
    {
      code: HEAD + "\n@app.post('/cart/items')\ndef add_item():\n    if current_user.is_authenticated:\n        current_user.cart.add(request.json['id'])\n        return {'ok': True, 'count': len(current_user.cart)}\n    return {'ok': False, 'next': '/register'}\n",
      name: 'the work is done only for a logged-in caller; anyone else gets an answer of literals',
    },
    // Sign-up named by its view: the RealWorld API registers users with POST /api/users.
    { code: HEAD + "\n@app.post('/api/users')\ndef register_user():\n    return {}, 201\n", name: 'a view named register_user on the users collection is sign-up' },
    // Self-registration by what the view does: POST to the users collection with the new user's own password.
    {
      code: HEAD + "\n@app.route('/api/users', methods=['POST'])\ndef new_user():\n    data = request.get_json() or {}\n    user = User(username=data['username'])\n    user.hash_password(data['password'])\n    return {}, 201\n",
      name: 'POST /api/users that sets the new user\'s password is sign-up (REST-auth, microblog)',
    },
    { code: HEAD + "\n@app.post('/api/users')\ndef new(args):\n    \"\"\"Register a new user\"\"\"\n    return {}, 201\n", name: 'POST /api/users documented as registering a user (microblog-api)' },
    {
      code: HEAD + "\n@app.post('/api/create_user')\ndef create_user():\n    \"\"\"Register a new user.\"\"\"\n    data = request.get_json()\n    return make_user(data['email'], data['password'])\n\n@app.post('/new-account')\ndef open_account():\n    # sign up with an email and a password\n    return make_user(request.form['email'], request.form['password'])\n",
      name: 'one new user or account named alone (`/api/create_user`, `/new-account`) by a view that says it signs up',
    },
    {
      code: HEAD + "\n@app.route('/update_new_pwd/<string:token>', methods=['GET', 'POST'])\ndef update_new_pwd(token):\n    return apply_mailed_token(token, request.form.get('pwd'))\n\n@app.post('/set-password/<token>')\ndef choose(token):\n    return ''\n",
      name: 'setting the new password with the mailed token, named for the setting (`/update_new_pwd/<token>`, `/set-password/<token>`)',
    },
    {
      code: HEAD + "\n@app.post('/api/accounts/create')\ndef create():\n    data = request.get_json()\n    save_account(data['username'], hash_pw(data['password']))\n    return {}, 201\n\n@app.post('/users/new')\ndef add():\n    \"\"\"Register a new user\"\"\"\n    return {}, 201\n",
      name: 'a sign-up that names its verb after the collection (`/accounts/create`, `/users/new`)',
    },
    {
      code: HEAD + "\n@app.route('/accounts/create/', methods=['GET', 'POST'])\ndef make_account():\n    if request.method == 'POST':\n        if taken(request.form['name']):\n            return 'name taken'\n        store(request.form['name'], hash_pw(request.form['password']))\n    return render_form()\n\n@app.route('/users/new', methods=['POST', 'GET'])\ndef fresh_user():\n    return store(request.form['name'], request.form['password'])\n",
      name: 'a sign-up form page that shows its form on GET and makes the account on POST',
    },
    {
      code: HEAD + "\n@app.post('/api/verify-user')\ndef check_member():\n    member = Member.query.filter_by(name=request.json['name']).first()\n    if member and member.check_password(request.json['password']):\n        return {'api token': member.token}\n\n@app.post('/users/check')\ndef confirm():\n    if verify_password(request.form['name'], request.form['password']):\n        return {'jwt': create_access_token(identity=request.form['name'])}\n    return 'no'\n",
      name: 'a view that checks a password and hands back a token is a login, whatever it is called',
    },
    {
      code: HEAD + "\n@app.post('/api/tokens/reset')\ndef reset():\n    user = User.query.filter_by(email=request.json['email']).first()\n    if user is not None:\n        send_email(user.email, 'Reset Your Password', token=user.generate_reset_token())\n    return {}\n",
      name: 'a reset route that mails a password reset link is a password reset request (microblog-api)',
    },
    {
      code: HEAD + "from flask import redirect, url_for, render_template\n\n@app.route('/create_account', methods=['GET', 'POST'])\ndef open_account():\n    form = AccountForm()\n    if form.validate_on_submit():\n        member = Member(form.email.data, form.password.data)\n        db.session.add(member)\n        db.session.commit()\n        return redirect(url_for('auth.login'))\n    return render_template('open.html', form=form)\n\n@app.post('/new_user')\ndef fresh():\n    person = Person(request.form['email'], request.form['password'])\n    save(person)\n    return redirect('/signIn')\n",
      name: 'one new account named alone whose form builds the record and then sends the newcomer to log in is sign-up',
    },
    {
      code: "from flask import Flask, jsonify, session, redirect, url_for\nfrom flask_jwt_extended import unset_jwt_cookies\n\napp = Flask(__name__)\n\n\n@app.post('/tokens/remove')\ndef drop_cookies():\n    answer = jsonify(done=True)\n    unset_jwt_cookies(answer)\n    return answer\n\n\n@app.route('/session/delete', methods=['POST'])\ndef end_visit():\n    session.clear()\n    return redirect(url_for('index'))\n",
      name: 'a view that only signs the caller out is a logout, whatever its path says',
    },
    { code: HEAD + "\n@app.post('/register/user')\ndef reg_customer():\n    return {}, 201\n\n@app.post('/api/signup/member')\ndef new_member():\n    return {}, 201\n", name: 'a path named for sign-up and whom it signs up' },
    {
      code: HEAD + "\n@app.route('/reg', methods=['GET', 'POST'])\ndef reg():\n    return ''\n\n@app.post('/api/users')\ndef reg_user():\n    return {}, 201\n\n@app.route('/regi', methods=['GET', 'POST'])\ndef regi():\n    return ''\n",
      name: '`reg` and `regi`, short for register, as a whole path segment or view name',
    },
    {
      code: HEAD + "\n@app.post('/auth/kakao')\ndef kakao():\n    return {'token': exchange(request.json['code'])}\n\n@app.route('/login/github', methods=['GET', 'POST'])\ndef github_login():\n    return ''\n\n@app.post('/api/oauth2/google')\ndef google():\n    return {}\n",
      name: 'signing in with an identity provider under the way in (`/auth/kakao`, Flask-Dance\'s `/login/github`)',
    },
    {
      code: HEAD + "\n@app.post('/api/v1/users/')\ndef create():\n    data = schema.load(request.get_json())\n    member = Member(data)\n    member.save()\n    dumped = schema.dump(member)\n    return {'jwt_token': Auth.generate_token(dumped['id'])}, 201\n\n@app.post('/user')\ndef add():\n    account = User.create(**request.form)\n    login_user(account)\n    return ''\n",
      name: 'creating one user and signing that newcomer in (a token made from it, `login_user`) is sign-up',
    },
    { code: HEAD + "\n@app.post('/darkmode')\ndef toggle_darkmode():\n    return ''\n\n@app.route('/set_language/<lang>', methods=['POST'])\ndef set_language(lang):\n    return ''\n", name: "a visitor's display preferences (theme, language) are for anyone" },
    { code: HEAD + "\n@app.route('/contact', methods=['GET', 'POST'])\ndef contact():\n    return ''\n\n@app.post('/newsletter/subscribe')\ndef subscribe():\n    return ''\n", name: 'a contact form and a newsletter sign-up are for anyone' },
    { code: HEAD + "from flask.views import MethodView\n\nclass UserRegisterAPI(MethodView):\n    def post(self):\n        return {}, 201\n\napp.add_url_rule('/accounts', view_func=UserRegisterAPI.as_view('register'))\n", name: 'a class view named for sign-up' },
    { code: HEAD + "\n@app.route('/healthz')\ndef healthz():\n    return 'ok'\n\n@app.route('/password/reset', methods=['POST'])\ndef reset_password():\n    return ''\n", name: 'health check and password reset' },
    { code: HEAD + "\n@app.get('/api/orders/user')\ndef ping():\n    return {'reply': 'alive'}\n", name: 'a liveness probe named ping on a service base path that names users' },
    // Wrapping after registration.
    { code: HEAD + "\ndef export_users():\n    return []\n\napp.add_url_rule('/admin/export', 'export', export_users)\napp.view_functions['export'] = login_required(app.view_functions['export'])\n", name: 'app.view_functions[name] = login_required(...)' },
    { code: HEAD + "\ndef delete_account():\n    return ''\n\napp.add_url_rule('/account/delete', view_func=login_required(delete_account), methods=['POST'])\n", name: 'add_url_rule(view_func=login_required(view))' },
    // Route forms.
    { code: HEAD + "\ndef list_keys():\n    return []\n\ndef rotate_key():\n    return ''\n\nROUTES = [\n    ('/keys', list_keys),\n    ('/keys/rotate', rotate_key),\n]\nfor rule, view in ROUTES:\n    app.add_url_rule(rule, view_func=login_required(view))\n", name: 'add_url_rule in a loop over a table, wrapped' },
    {
      code: HEAD + "from flask.views import MethodView\n\nclass Protected(MethodView):\n    decorators = [login_required]\n\nclass UserAPI(Protected):\n    def get(self, user_id):\n        return {}\n\n    def delete(self, user_id):\n        return ''\n\napp.add_url_rule('/users/<int:user_id>', view_func=UserAPI.as_view('user_api'))\n",
      name: 'MethodView with decorators inherited from a base class',
    },
    {
      code: HEAD + "from flask_restful import Api, Resource\n\napi = Api(app)\n\nclass ApiKeys(Resource):\n    method_decorators = [login_required]\n\n    def get(self):\n        return []\n\n    def post(self):\n        return '', 201\n\napi.add_resource(ApiKeys, '/keys')\n",
      name: 'Flask-RESTful Resource with method_decorators (list)',
    },
    {
      code: HEAD + "from flask_restful import Api, Resource\n\napi = Api(app)\n\nclass Account(Resource):\n    method_decorators = {'get': [login_required], 'delete': [login_required]}\n\n    def get(self):\n        return {}\n\n    def delete(self):\n        return ''\n\napi.add_resource(Account, '/account')\n",
      name: 'Flask-RESTful Resource with method_decorators (dict, every handler)',
    },
    {
      code: {
        'app.py': "from flask import Flask\nfrom shop import create_app\n\napp = create_app()\n",
        'shop/__init__.py': "from flask import Flask\nfrom .api import api_bp\nfrom .admin import admin_bp\n\n\ndef create_app():\n    app = Flask(__name__)\n    api_bp.register_blueprint(admin_bp, url_prefix='/admin')\n    app.register_blueprint(api_bp, url_prefix='/api')\n    return app\n",
        'shop/api.py': "from flask import Blueprint\n\napi_bp = Blueprint('api', __name__)\n",
        'shop/admin/__init__.py': "from flask import Blueprint, abort\nfrom flask_login import current_user\n\nadmin_bp = Blueprint('admin', __name__)\n\n\n@admin_bp.before_request\ndef staff_only():\n    if not current_user.is_authenticated:\n        abort(401)\n\n\nfrom . import routes\n",
        'shop/admin/routes.py': "from . import admin_bp\n\n\n@admin_bp.route('/users/<int:user_id>', methods=['GET', 'DELETE'])\ndef user(user_id):\n    return {}\n",
      },
      name: 'nested blueprint from another module, guarded in its package (app factory)',
    },
    {
      code: HEAD + "\n@app.post('/reset_password/request')\ndef reset_password_req():\n    return 'sent'\n\n@app.post('/password/forgot/send')\ndef forgot():\n    return 'sent'\n\n@app.route('/restore/<tk>', methods=['GET', 'POST'])\ndef restore_password(tk):\n    return ''\n\n@app.route('/password-reminder', methods=['GET', 'POST'])\ndef remind():\n    return ''\n\n@app.post('/request_reset')\ndef ask():\n    mail(request.form['email'], 'Your password reset link')\n    return 'sent'\n",
      name: 'each step of a password reset a stranger takes: the request, the new password with the mailed token',
    },
    {
      code: HEAD + "\n@app.route('/auth/forgetPasswordRequest', methods=['GET', 'POST'])\ndef ask_for_link():\n    mail_reset_link(request.form['email'])\n    return 'sent'\n\n@app.post('/forget-password')\ndef ask_again():\n    return 'sent'\n\n@app.post('/api/forgetpassword')\ndef ask_by_api():\n    return {}\n",
      name: 'a password "forget" for "forgot", in camelCase, kebab-case or run together, is a reset request',
    },
    {
      code: HEAD + "\n@app.route('/registerUser', methods=['GET', 'POST'])\ndef enrol():\n    return create(request.form['email'], request.form['password'])\n\n@app.post('/api/userLogin')\ndef enter():\n    return issue(request.form['email'], request.form['password'])\n\n@app.post('/signUpMember')\ndef join():\n    return ''\n",
      name: 'a way in spelled in camelCase on the path (`/registerUser`, `/api/userLogin`, `/signUpMember`)',
    },
    {
      code: SUBCLASSED("notes = NoteRoutes(store=None)\n\n\n@notes.before_request\ndef members_only():\n    if 'uid' not in session:\n        abort(401)\n\n\napp.register_blueprint(notes, url_prefix='/users')\n", {}, '/archive'),
      name: "a Blueprint subclass's routes declared on `self` belong to its instance: the instance's own hook guards them",
    },
    {
      code: SUBCLASSED("app.register_blueprint(NoteRoutes(None))\n"),
      name: "a Blueprint subclass's `/` registered with no prefix is the index",
    },
    {
      code: HEAD + "\n@app.route('/reset/<token>', methods=['GET', 'POST'])\ndef reset(token, org_slug=None):\n    return render_token_login_page('reset.html', org_slug, token, False)\n",
      name: 'a reset route that takes the mailed token, whatever helper it hands it to (redash)',
    },
    {
      code: HEAD + "\n@app.route('/auth/reset_password_request', methods=['GET', 'POST'])\ndef reset_password_request():\n    if current_user.is_authenticated:\n        return redirect(url_for('index'))\n    send_password_reset_email(request.form['email'])\n    return 'sent'\n",
      name: 'a reset request page that sends members away (the tutorials\' `if current_user.is_authenticated: return redirect(...)`)',
    },
    {
      code: HEAD + "\n@app.route('/reset', methods=['GET', 'POST'])\ndef reset_request():\n    user = User.query.filter_by(email=request.form['email']).first()\n    if user:\n        send_reset_mail(user)\n    return 'sent'\n",
      name: 'a reset request that mails the link without saying password',
    },
    {
      code: HEAD + "\n@app.get('/confirm_email/<token>')\ndef confirm_email(token):\n    return ''\n\n@app.post('/auth/activate')\ndef activate():\n    return ''\n\n@app.post('/send-otp')\ndef send_otp():\n    return ''\n\n@app.post('/verify-otp')\ndef verify_otp():\n    return ''\n\n@app.route('/activate', methods=['GET', 'POST'])\ndef request_activation_token():\n    return ''\n",
      name: 'confirming an email address, activating an account, sending and checking a one-time code',
    },
    {
      code: HEAD + "\n@app.post('/c/sms_captcha')\ndef text_code():\n    return send_code(request.form['phone'])\n\n@app.post('/api/sms/send-code')\ndef sms_code():\n    return ''\n",
      name: 'texting a verification code to a phone (`/sms_captcha`) is a one-time code for strangers',
    },
    {
      code: HEAD + "from flask import render_template\n\n@app.route('/faculty')\ndef faculty():\n    \"\"\"The faculty page.\"\"\"\n    return render_template('faculty.html')\n",
      name: 'a page that only renders a fixed template and accepts no write',
    },
    {
      code: HEAD + "from flask import render_template\nfrom flask_login import login_user\n\n@app.post('/register')\ndef register_route():\n    return controller.register()\n\n@app.post('/clinic/register')\ndef register_patient():\n    return enrol(request.form['email'], request.form['password'])\n\n@app.post('/api/register')\ndef register_member():\n    return members.create(request.json)\n\n@app.route('/users/register')\ndef registerGet():\n    return render_template('register.html')\n\n@app.post('/teams/registration')\ndef register_team():\n    team = Team(name=request.json['name'])\n    login_user(team)\n    return ''\n",
      name: "a register path whose view is the way in's own code or its GET, registers a member, or registers someone who gets a password or is signed in",
    },
    {
      code: flaskAdmin("\nclass StaffOnly(ModelView):\n    def is_accessible(self):\n        return current_user.is_authenticated\n\n\nclass AccountView(StaffOnly):\n    can_delete = False\n", 'admin.add_view(AccountView(Account, db.session))'),
      name: 'a Flask-Admin view whose base class overrides is_accessible',
    },
    {
      code: flaskAdmin("from flask_admin import BaseView, expose\nfrom flask_login import login_required\n\n\nclass Reports(BaseView):\n    @expose('/')\n    @login_required\n    def index(self):\n        return ''\n\n    @expose('/export')\n    @login_required\n    def export(self):\n        return ''\n", "admin.add_view(Reports(name='Reports'))"),
      name: 'a Flask-Admin page whose every exposed method carries login_required',
    },
    {
      code: "from flask import Blueprint, g\nfrom logic import get_action\n\n\nclass NotAuthorized(Exception):\n    pass\n\n\ndef check_access(action, context):\n    if not context['user'] or not may(context['user'], action):\n        raise NotAuthorized(action)\n\n\nbp = Blueprint('dataset', __name__)\n\n\n@bp.post('/dataset/delete/<id>')\ndef delete(id):\n    check_access('package_delete', {'user': g.user})\n    return get_action('package_delete')(id)\n",
      name: "a view that first calls a helper raising NotAuthorized (CKAN's check_access, mapped to 403 by an error handler)",
    },
    {
      code: "from flask import Flask\nfrom functools import wraps\n\napp = Flask(__name__)\n\n\nclass Unauthenticated(Exception):\n    status = 401\n\n\ndef requires_access(f):\n    @wraps(f)\n    def decorated(*args, **kwargs):\n        if not security_manager.is_logged_in():\n            raise Unauthenticated()\n        return f(*args, **kwargs)\n    return decorated\n\n\n@app.delete('/api/dags/<dag_id>')\n@requires_access\ndef delete_dag(dag_id):\n    return ''\n",
      name: 'a project decorator that raises Unauthenticated',
    },
    { code: HEAD + "\n@app.get('/.well-known/openid-configuration')\ndef discovery():\n    return {}\n\n@app.get('/.well-known/jwks.json')\ndef jwks():\n    return {'keys': []}\n", name: 'RFC 8615 well-known documents (OpenID discovery, JWKS)' },
    {
      code: flaskAdmin("\n@app.before_request\ndef staff_only():\n    if not current_user.is_authenticated:\n        abort(401)\n", 'admin.add_view(ModelView(Account, db.session))'),
      name: 'a Flask-Admin view behind an app-wide guard',
    },
    { code: HEAD + "\n@app.post('/sso/acs/')\ndef acs():\n    return ''\n\n@app.get('/login/google/authorized')\ndef google_done():\n    return ''\n\n@app.post('/api/authenticate')\ndef authenticate():\n    return {}\n", name: 'single sign-on callbacks (SAML assertion consumer, OAuth), an /authenticate login' },
    { code: HEAD + "\n@app.route('/login.html', methods=['GET', 'POST'])\ndef page():\n    return ''\n\n@app.route('/invite/<token>', methods=['GET', 'POST'])\ndef accept_invite(token):\n    return ''\n\n@app.route('/join-from-invite/<int:user_id>/<token>', methods=['GET', 'POST'])\ndef join_from_invite(user_id, token):\n    return ''\n", name: 'pages named like files (/login.html), invitation links carrying their token' },
    { code: HEAD + "from flask.views import MethodView\n\nclass AccessTokens(MethodView):\n    def post(self):\n        return {'token': issue()}, 201\n\napp.add_url_rule('/access-tokens', view_func=AccessTokens.as_view('access_tokens'))\n", name: 'POST /access-tokens issues tokens' },
    { code: HTTPAUTH_HOOK('tokens.login_required'), name: "a hook that calls a callable wrapped in Flask-HTTPAuth's login_required" },
    { code: SESSION_FLAG_HOOK('is_admin'), name: 'a hook that tests a name read from the login session' },
    { code: EXPOSE_HELPER('    decorators = [login_required]\n\n'), name: 'a class view registered by a helper, guarded by its decorators' },
    { code: REGISTRY_DECORATORS('    method_decorators = [login_required]\n', '@login_required\n'), name: 'views registered by project decorators, guarded' },
    { code: ROUTE_FACTORY('        @login_required\n'), name: 'a decorator factory whose wrapper, registered by the route decorator, carries login_required' },
    {
      code: "import flask\nfrom flask_login import login_required\n\n\nclass AgentServer:\n    def __init__(self):\n        self.app = flask.Flask(__name__)\n        self.app.add_url_rule('/agent/config', view_func=login_required(self.upload_config), methods=['PUT'])\n\n    def upload_config(self):\n        return ''\n",
      name: 'an app a class keeps as `self.app`, its method view wrapped in login_required at registration',
    },
    {
      code: "from flask import Flask\nfrom flask_principal import Permission, RoleNeed\n\napp = Flask(__name__)\n\n\n@app.post('/reports/purge')\n@Permission(RoleNeed('admin')).require(http_exception=403)\ndef purge_reports():\n    return ''\n",
      name: "Flask-Principal's permission built in place: `@Permission(RoleNeed('admin')).require(...)`",
    },
    { code: PERMISSION_VIEWS("if not may(UPLOAD):\n            raise Forbidden()"), name: 'a permission test named with a modal verb (`may(UPLOAD)`) that refuses with 403' },
    { code: PERMISSION_VIEWS("if not user_can_upload():\n            raise Forbidden()"), name: 'a permission helper whose name says `can` refuses with 403' },
    { code: DELEGATING_VIEWS('super().post(name)'), name: "a handler that hands the request to its base view's checked handler with `super().post(...)`" },
    { code: DELEGATING_VIEWS('super(ApiDelete, self).post(name)'), name: 'the same through `super(Cls, self)`' },
    { code: STUB_BASE('raise MethodNotAllowed()'), name: 'a base view stub that fails every request (405) opens nothing' },
    { code: STUB_BASE('abort(405)'), name: 'the same stub answering with abort(405)' },
    { code: { 'app.py': "from flask import Flask\nfrom flask_appbuilder import AppBuilder\nfrom views import ChartView, ChartApi\n\napp = Flask(__name__)\nappbuilder = AppBuilder(app)\nappbuilder.add_view_no_menu(ChartView)\nappbuilder.add_api(ChartApi)\n", 'views.py': "from flask_appbuilder import BaseView, expose, has_access\nfrom flask_appbuilder.api import BaseApi, protect, safe\n\n\nclass ChartView(BaseView):\n    route_base = '/chart'\n\n    @expose('/delete/<int:pk>', methods=['POST'])\n    @has_access\n    def delete(self, pk):\n        return ''\n\n\nclass ChartApi(BaseApi):\n    resource_name = 'chart'\n\n    @expose('/purge', methods=['POST'])\n    @protect()\n    @safe\n    def purge(self):\n        return self.response(200)\n" }, name: 'Flask-AppBuilder `@expose` methods behind `@has_access` and `@protect()`' },
    { code: { 'app.py': "from flask import Flask\nfrom flask_appbuilder import AppBuilder\nfrom views import ChartView, ChartApi\n\napp = Flask(__name__)\nappbuilder = AppBuilder(app)\nappbuilder.add_view_no_menu(ChartView)\nappbuilder.add_api(ChartApi)\n", 'views.py': "from flask_appbuilder import BaseView, expose, has_access\nfrom flask_appbuilder.api import BaseApi, protect, safe\n\n\nclass ChartView(BaseView):\n    route_base = '/chart'\n\n    @has_access\n    @expose('/delete/<int:pk>', methods=['POST'])\n    def delete(self, pk):\n        return ''\n\n\nclass ChartApi(BaseApi):\n    resource_name = 'chart'\n\n    @expose('/purge', methods=['POST'])\n    @protect()\n    @safe\n    def purge(self):\n        return self.response(200)\n" }, name: 'Flask-AppBuilder `@has_access` above `@expose` guards too (expose only marks the method, and wraps carries the mark)' },
    { code: "import os\nimport dash\nimport dash_auth\nfrom flask import Flask\n\nserver = Flask(__name__)\napp = dash.Dash(__name__, server=server)\ndash_auth.BasicAuth(app, {'admin': os.environ['DASH_PASSWORD']})\n\n\n@server.route('/admin/reset', methods=['POST'])\ndef reset():\n    return ''\n", name: "`dash_auth.BasicAuth(app, ...)` checks every request of the Flask app the Dash app serves from" },
    { code: "from flask import Flask, Response, make_response, request\n\napp = Flask(__name__)\n\n\ndef authenticate_request():\n    if not check(request.authorization):\n        res = make_response('no')\n        res.status_code = 401\n        return res\n    return None\n\n\ndef load_banner():\n    return request.args.get('banner')\n\n\ndef check(auth):\n    return False\n\n\n@app.before_request\ndef guard():\n    resp = authenticate_request()\n    if isinstance(resp, Response):\n        return resp\n\n\n@app.delete('/users/<int:uid>')\ndef delete_user(uid):\n    return ''\n", name: 'a hook that returns the 401 response a helper built (`if isinstance(resp, Response): return resp`)' },
    { code: "from flask import Flask, Response, make_response, request\n\napp = Flask(__name__)\n\n\ndef authenticate_request():\n    if not check(request.authorization):\n        res = make_response('no')\n        res.status_code = 401\n        return res\n    return None\n\n\ndef load_banner():\n    return request.args.get('banner')\n\n\ndef check(auth):\n    return False\n\n\n@app.before_request\ndef guard():\n    resp = authenticate_request()\n    if resp:\n        return resp\n\n\n@app.delete('/users/<int:uid>')\ndef delete_user(uid):\n    return ''\n", name: 'the same with `if resp: return resp`' },
    { code: {"permissions.py": "from functools import wraps\nfrom flask import abort\nfrom flask_login import current_user\n\n\ndef require_permissions(permissions):\n    def decorator(fn):\n        @wraps(fn)\n        def decorated(*args, **kwargs):\n            if not current_user.has_permissions(permissions):\n                abort(403)\n            return fn(*args, **kwargs)\n        return decorated\n    return decorator\n\n\ndef require_permission(permission):\n    return require_permissions((permission,))\n\n\ndef require_admin(fn):\n    return require_permission('admin')(fn)\n", "views.py": "from flask import Flask\nfrom permissions import require_admin, require_permission\n\napp = Flask(__name__)\n\n\n@app.delete('/queries/<int:qid>')\n@require_permission('edit_query')\ndef delete_query(qid):\n    return ''\n\n\n@app.get('/admin/queries/outdated')\n@require_admin\ndef outdated():\n    return []\n"}, name: 'a decorator factory that hands back another factory\'s decorator (`return require_permissions((p,))`), and one applying it (`return require_permission(\'admin\')(fn)`)' },
    {
      code: HEAD + "\ndef mail_sign_in_link():\n    return 'sent'\n\ndef accept_link(token):\n    return ''\n\napp.route('/enter', methods=['GET', 'POST'], endpoint='login')(mail_sign_in_link)\napp.add_url_rule('/enter/<token>', 'signin', accept_link, methods=['POST'])\n",
      name: 'a view registered under the endpoint login or signin is the way in, whatever the function is called',
    },
    {
      code: HEAD + "\n@app.post('/resend-confirmation')\ndef again():\n    mail(request.form['email'], 'Confirm your address')\n    return 'sent'\n\n@app.route('/signup/mail', methods=['GET', 'POST'])\ndef send_verification_email():\n    return 'sent'\n",
      name: "asking again for the sign-up's confirmation mail is a stranger's step",
    },
    {
      code: HEAD + "\n@app.before_request\ndef require_key():\n    if not request.path.startswith('/api/'):\n        return\n    if request.headers.get('X-API-Key') != API_KEY:\n        abort(401)\n\n@app.post('/api/predict')\ndef predict():\n    return {}\n\n@app.before_request\ndef admin_area():\n    if '/admin' in request.path and not current_user.is_authenticated:\n        abort(401)\n\n@app.delete('/v1/admin/models/<name>')\ndef unload(name):\n    return ''\n",
      name: 'hooks that confine their check to some paths guard the routes on those paths',
    },
    {
      code: HEAD + "\nfrom flask import Blueprint\n\nadmin = Blueprint('admin', __name__, url_prefix='/admin')\n\n@app.before_request\ndef admin_area():\n    if request.endpoint and 'admin' in request.endpoint and not current_user.is_authenticated:\n        abort(401)\n\n@app.before_request\ndef staff_area():\n    if not request.endpoint.startswith('admin.'):\n        return\n    if not current_user.is_authenticated:\n        abort(401)\n\n@admin.delete('/users/<int:uid>')\ndef drop_user(uid):\n    return ''\n\napp.register_blueprint(admin)\n",
      name: 'a check confined to endpoints that hold a word, or start with one, guards those endpoints',
    },
    {
      code: "import hashlib\nimport hmac\nimport os\nfrom flask import Flask, abort, request\n\napp = Flask(__name__)\nSECRET = os.environ['HOOK_SECRET'].encode()\n\n@app.post('/webhooks/paypal')\ndef paypal():\n    expected = hmac.new(SECRET, request.get_data(), hashlib.sha256).hexdigest()\n    if not hmac.compare_digest(expected, request.headers.get('X-Signature', '')):\n        abort(400)\n    return '', 204\n",
      name: 'a webhook whose failed signature check ends the request with a 400 (as its except form may)',
    },
    {
      code: HEAD + "\n@app.get('/exports/<token>')\ndef shared_export(token):\n    return send_file(LINKS.get(token) or abort(404))\n\n@app.get('/uploads/share/<share_token>')\ndef shared_upload(share_token):\n    return send_file(find_link(share_token))\n\n@app.get('/download/<token>')\ndef download_token(token):\n    return send_file(find_link(token))\n\n@app.get('/users/<int:uid>/share/<public_id>/download')\ndef shared_profile(uid, public_id):\n    return profile_for(public_id)\n",
      name: 'share links: a read looked up by the secret the link carries (its last parameter)',
    },
    {
      code: HEAD + "\n@app.route('/admin_login', methods=['GET', 'POST'])\ndef admin_login():\n    return check_staff(request.form['username'], request.form['password'])\n\n@app.post('/login/manager')\ndef enter_backoffice():\n    return check_staff(request.form['name'], request.form['password'])\n",
      name: 'a login for the admins or managers that takes a password (`/admin_login`, `/login/manager`): the word names whom it lets in',
    },
    {
      code: HEAD + "\n@app.route('/lib<int:id>/login', methods=['GET', 'POST'])\ndef login(id):\n    return check_member(id, request.form['username'], request.form['password'])\n\n@app.route('/schools/<int:school_id>/sign_up', methods=['GET', 'POST'])\ndef join_school(school_id):\n    return render_template('sign_up.html', school=school_id)\n",
      name: "one tenant's login and sign-up pages (`/lib<int:id>/login`): the record is whose door it is",
    },
    {
      code: HEAD + "\n@app.route('/school_sign_up', methods=['GET', 'POST'])\ndef school_sign_up():\n    save_school(request.form)\n    return 'pending approval'\n\n@app.post('/signup/teacher')\ndef enrol():\n    return create_teacher(request.form), 201\n",
      name: 'a sign-up for one kind of member (`/school_sign_up`, `/signup/teacher`)',
    },
    {
      code: HEAD + "\n@app.route('/register/nurse', methods=['GET', 'POST'])\ndef enrol_nurse():\n    return create_nurse(request.form['email'], request.form['password'])\n\n@app.route('/vendorRegistration', methods=['GET', 'POST'])\ndef vendor_registration():\n    return create_vendor(request.form['shop'], request.form['password'])\n\n@app.post('/registerClient')\ndef registerClient():\n    data = request.form.to_dict()\n    data.pop('confirmPassword')\n    return save_client(data)\n",
      name: 'a registration for one kind of account that takes its password (`/register/nurse`, `/vendorRegistration`, `registerClient`)',
    },
    {
      code: HEAD + "\nfrom flask import Blueprint\n\nauth = Blueprint('auth', __name__, url_prefix='/auth')\n\n@auth.post('/customers')\ndef create_customer():\n    data = request.get_json()\n    customer = Customer(name=data['name'], password=data['password'])\n    return customer.to_dict(), 201\n\n@app.post('/api/players')\ndef add_player():\n    return make_player(request.json['nick'], request.json['password']), 201\n\napp.register_blueprint(auth)\n",
      name: 'a record made with a password under the sign-up path (`POST /auth/customers`), and a POST with a password to the players collection, are sign-up',
    },
    {
      code: HEAD + "from flask import render_template\n\n@app.get('/users/new')\ndef new_user_page():\n    return render_template('auth/register.html')\n\n@app.get('/accounts/form')\ndef account_form():\n    \"\"\"The empty form.\"\"\"\n    return render_template('account_form.html')\n\n@app.post('/accounts/create')\ndef signup():\n    if request.form['password'] != request.form['again']:\n        return render_template('account_form.html', error='mismatch')\n    return save(request.form)\n",
      name: "a page that only shows the way in's form: a template named for sign-up, or the one the sign-up view renders back",
    },
    {
      code: HEAD + "\n@app.get('/recovery')\ndef account_recovery():\n    return render_template('recovery.html')\n\n@app.route('/account/recover', methods=['GET', 'POST'])\ndef start_recovery():\n    return ''\n",
      name: 'the account recovery page is the password reset request, whatever it asks for',
    },
    {
      code: HEAD + "from flask import Blueprint\n\nmembers = Blueprint('members', __name__, url_prefix='/users')\n\n@members.get('/recovery')\ndef recovery():\n    return render_template('members/recovery.html')\n\n@app.route('/user/recover', methods=['GET', 'POST'])\ndef recover():\n    return ''\n\napp.register_blueprint(members)\n",
      name: "recovery under the users' paths is the account recovery page too",
    },
    {
      code: HEAD + "\n@app.route('/', methods=['GET', 'POST'])\n@app.route('/index', methods=['GET', 'POST'])\ndef index():\n    found = search(request.form.get('q'))\n    return render_template('index.html', found=found)\n",
      name: "the index's own view at `/index` is the same page as `/`, whatever its form accepts",
    },
  ],
  invalid: [
    {
      code: HEAD + "\n@app.post('/login-settings')\ndef login_settings():\n    save_policy(request.form['password_rules'])\n    return ''\n\n@app.post('/admin/teacher_login')\ndef teacher_login():\n    return issue(request.form['email'], request.form['password'])\n\n@app.post('/admin_login')\ndef admin_login():\n    session['admin'] = True\n    return ''\n",
      errors: [{ line: 7 }, { line: 12 }, { line: 16 }],
      name: "a login's settings, a login under an admin path for someone else, and an admin login that takes no password",
    },
    {
      code: HEAD + "\n@app.post('/<int:user_id>/login')\ndef become(user_id):\n    return issue(user_id, request.form['password'])\n\n@app.post('/teams/<int:team_id>/signup')\ndef join_team(team_id):\n    add_member(team_id, current_user.id)\n    return ''\n\n@app.post('/admin/<int:org_id>/login')\ndef org_login(org_id):\n    return issue(org_id, request.form['password'])\n",
      errors: [{ line: 7 }, { line: 11 }, { line: 16 }],
      name: "a login on a user's record, a sign-up that adds the caller, and one under an admin path are no tenant's door",
    },
    {
      code: HEAD + "\n@app.post('/admin_signup')\ndef admin_signup():\n    return create_admin(request.form), 201\n\n@app.post('/event_signup')\ndef event_signup():\n    return enrol(current_user, request.form['event']), 201\n",
      errors: [{ line: 7 }, { line: 11 }],
      name: "an admin sign-up open to anyone makes admins of strangers; a sign-up that reads the caller acts for a member",
    },
    {
      code: HEAD + "\n@app.post('/register_appointment')\ndef register_appointment():\n    return book(request.form['doctor'], request.form['day'])\n\n@app.post('/register/admin')\ndef register_admin():\n    return make_admin(request.form['email'], request.form['password'])\n\n@app.post('/register/approve')\ndef approve_registration():\n    return approve(request.form['email'], request.form['password'])\n\n@app.post('/signup/pending')\ndef pending():\n    return ''\n\n@app.post('/register_course')\ndef register_course():\n    return enrol(current_user, request.form['course'], request.form['password'])\n",
      errors: [{ line: 7 }, { line: 11 }, { line: 15 }, { line: 19 }, { line: 23 }],
      name: 'registering a thing (no password), an admin, approving sign-ups, listing pending ones, and a registration that reads the caller are no sign-up',
    },
    {
      code: HEAD + "\nfrom flask import Blueprint\n\nauth = Blueprint('auth', __name__, url_prefix='/auth')\n\n@auth.post('/roles')\ndef add_role():\n    role = Role(name=request.json['name'])\n    return role.to_dict(), 201\n\n@auth.post('/password_rules')\ndef password_rules():\n    return save_rules(request.json), 201\n\n@app.post('/admin/players')\ndef admin_add_player():\n    player = Player(nick=request.json['nick'], password=request.json['password'])\n    return player.to_dict(), 201\n\n@app.post('/teams')\ndef add_team():\n    team = Team(name=request.json['name'], password=request.json['password'])\n    return team.to_dict(), 201\n\napp.register_blueprint(auth)\n",
      errors: [{ line: 11 }, { line: 16 }, { line: 20 }, { line: 25 }],
      name: 'under the sign-up path, a record made with no password or a password setting with no record; a player made under admin; a record with a password off the sign-up path',
    },
    {
      code: HEAD + "from flask import render_template\n\n@app.get('/users/form')\ndef user_form():\n    return render_template('user_form.html')\n\n@app.post('/users/edit')\ndef edit_user():\n    if not request.form['name']:\n        return render_template('user_form.html', error='name')\n    return save(current_user, request.form)\n\n@app.get('/admin/register_form')\ndef staff_form():\n    return render_template('register.html')\n\n@app.get('/users/pending')\ndef pending_users():\n    return render_template('signup.html', users=waiting())\n\n@app.get('/users/<int:uid>/form')\ndef filled_form(uid):\n    return render_template('signup.html')\n",
      errors: [{ line: 8 }, { line: 12 }, { line: 18 }, { line: 22 }, { line: 26 }],
      name: "a form page no way in renders, one under admin, one that renders data, and one on a record are not the way in's",
    },
    {
      code: HEAD + "\n@app.get('/account/recovery')\ndef account_recovery_codes():\n    return codes_for(current_user)\n\n@app.post('/admin/accounts/recover')\ndef recover_account():\n    return ''\n",
      errors: [{ line: 7 }, { line: 11 }],
      name: "the caller's own recovery codes, and recovering accounts from an admin path, are no reset request",
    },
    {
      code: HEAD + "\n@app.get('/users/recovery')\ndef recovery_codes():\n    return codes_for(current_user)\n\n@app.post('/users/<int:user_id>/recover')\ndef recover_user(user_id):\n    return ''\n\n@app.post('/users/restore')\ndef restore_users():\n    return ''\n",
      errors: [{ line: 7 }, { line: 11 }, { line: 15 }],
      name: "under the users' paths: the caller's recovery codes, recovering one user's record, and restoring users are no reset request",
    },
    {
      code: HEAD + "\n@app.route('/')\n@app.route('/users')\ndef home():\n    return list_users()\n\n@app.route('/home', methods=['GET', 'POST'])\ndef landing():\n    return save_note(request.form)\n",
      errors: [{ line: 8, message: 'Route `/users`' }, { line: 12 }],
      name: "the index's view at a sensitive rule (`/users`) is reported there; a POST `/home` on a view that serves no `/` is no index",
    },
    {
      code: HELPER_ELSEWHERE('flask_login'),
      errors: [{ file: 'views.py', line: 8 }],
      name: "a helper in another module that tests Flask-Login's bare `current_user` refuses nobody, though the view's module never imports it",
    },
    {
      code: HEAD + "from flask import session\n\n@app.route('/admin/', methods=['GET', 'POST'])\ndef login():\n    session['admin_logged_in'] = True\n    return ''\n\n@app.post('/admin/users/<int:user_id>/login')\ndef sign_in(user_id):\n    return issue(user_id, request.form['password'])\n",
      errors: [{ line: 8 }, { line: 13 }],
      name: 'a view named login under an admin path that takes no password, or logs in as one user by id, is no login for strangers',
    },
    {
      code: "from flask import Blueprint, abort\nfrom flask_login import current_user\n\npanel = Blueprint('panel', __name__)\n\n\n@panel.before_request\ndef members_only():\n    if not current_user:\n        abort(401)\n\n\n@panel.post('/gallery/delete')\ndef drop_gallery():\n    return ''\n\n\n@panel.delete('/notes/<int:nid>')\ndef drop_note(nid):\n    if current_user is None:\n        abort(403)\n    return ''\n",
      errors: [{ line: 14 }, { line: 19 }],
      name: "Flask-Login's `current_user` is never falsy nor None: a hook or a view that tests it bare refuses nobody",
    },
    {
      code: HEAD + "\n@app.post('/user_is_authorized')\ndef set_flag():\n    return ''\n\n@app.get('/admin/user_is_authorized')\ndef staff_probe():\n    return {}\n\n@app.get('/users/<int:user_id>/is_authorized')\ndef other_probe(user_id):\n    return {}\n",
      errors: [{ line: 7 }, { line: 11 }, { line: 15 }],
      name: 'a probe written to, under a sensitive path, or about another user is no "am I logged in?" probe',
    },
    {
      code: THEN_LOGIN("    confirm_password = request.form.get('confirm_password')\n    if password == confirm_password:\n        User.query.filter_by(id=uid).update({'password': password})\n        db.session.commit()\n    else:\n        flash('mismatch')\n        return render_template('form.html')\n"),
      errors: [{ line: 8 }],
      name: 'a password compared with its confirmation, both from the form, checks nobody',
    },
    {
      code: THEN_LOGIN("    try:\n        User.query.filter_by(id=uid).update({'password': password})\n        db.session.commit()\n    except Exception:\n        return redirect(url_for('home'))\n"),
      errors: [{ line: 8 }],
      name: 'sending the caller to log in once the write is done refuses nobody',
    },
    {
      code: "from flask import Flask, abort\nfrom models import db, session, Note\n\napp = Flask(__name__)\n\n\ndef note_or_403(nid):\n    if db.session.get(Note, nid) is None:\n        abort(403, 'no such note')\n\n\n@app.delete('/notes/<int:nid>')\ndef drop_note(nid):\n    note_or_403(nid)\n    return ''\n\n\n@app.post('/notes/<int:nid>/archive')\ndef archive(nid):\n    if session.query(Note).get(nid) is None:\n        abort(403)\n    return ''\n",
      errors: [{ line: 13 }, { line: 19 }],
      name: 'a 403 for a missing record, in a helper or in the view, is no check of the caller (nor is a database session)',
    },
    {
      code: HEAD + "\n@app.delete('/login/history')\ndef clear_history():\n    return ''\n\n@app.post('/login/attempts')\ndef login_attempts_admin():\n    return ''\n\n@app.post('/login_as')\ndef login_as():\n    return switch_to(request.form['user_id'], request.form['password'])\n\n@app.post('/login-redirect')\ndef login_redirect():\n    return ''\n",
      errors: [{ line: 7 }, { line: 11 }, { line: 15 }, { line: 19 }],
      name: 'beside a login, the records of past logins, logging in as someone else, or a view that takes no password are no way in',
    },
    { code: SHOP('from .admin import admin\n\napp.register_blueprint(accounts)\napp.register_blueprint(admin)\n', ADMIN_NESTS_ORDERS), errors: [{ line: 7, message: '`/admin/orders/<int:oid>/cancel`' }], name: 'a blueprint nested under a registered one is served' },
    { code: SHOP('for bp in collect_blueprints():\n    app.register_blueprint(bp)\n'), errors: [{ line: 7 }], name: 'a loop over blueprints we cannot list may register any blueprint' },
    {
      code: SHOP("from werkzeug.utils import import_string\n\nfor name in ['shop.accounts:accounts', 'shop.orders:orders']:\n    app.register_blueprint(import_string(name), url_prefix='/v1')\n"),
      errors: [{ line: 7, message: '`/v1/orders/<int:oid>/cancel`' }],
      name: 'a blueprint a literal list of names loads is served, under the prefix it is registered with',
    },
    { code: SHOP("from werkzeug.utils import import_string\n\nfor name in app.config['BLUEPRINTS']:\n    app.register_blueprint(import_string(name))\n"), errors: [{ line: 7 }], name: 'blueprints loaded by names read from config may be any' },
    {
      code: SHOP("import os\nfrom werkzeug.utils import import_string\n\nfor name in ['shop.accounts:accounts', os.environ['PLUGIN']]:\n    app.register_blueprint(import_string(name))\n"),
      errors: [{ line: 7 }],
      name: 'a list of names with one read from the environment may load any blueprint',
    },
    { code: SETUP_IN_FOLDER('app.register_blueprint(keyed)\n'), errors: [{ line: 3, file: 'views/views.py' }], name: 'the same blueprint registered: its routes are served' },
    { code: SHOP('def mount(bp):\n    app.register_blueprint(bp)\n\nmount(accounts)\nmount(orders)\n'), errors: [{ line: 7 }], name: 'a helper registering the blueprint it is given, called with each' },
    { code: SHOP('import importlib\n\nimportlib.import_module(\'shop.plugins\')\napp.register_blueprint(accounts)\n'), errors: [{ line: 7 }], name: 'a module loaded by name may register it' },
    { code: SHOP('list(map(app.register_blueprint, [accounts]))\n'), errors: [{ line: 7 }], name: '`register_blueprint` handed over rather than called' },
    {
      code: SHOP('from .plugins import chosen\n\napp.register_blueprint(accounts)\napp.register_blueprint(chosen)\n', { 'shop/plugins.py': "from .registry import pick\n\nchosen = pick('orders')\n" }),
      errors: [{ line: 7 }],
      name: 'a blueprint picked by a workspace module we cannot read may be any of ours',
    },
    {
      code: SHOP('from .orders import orders_bp\n\napp.register_blueprint(accounts)\napp.register_blueprint(orders_bp)\n', {}, 'shop/orders/views.py'),
      errors: [{ line: 7, file: 'shop/orders/views.py' }],
      name: 'a blueprint taken from a package whose `__init__.py` is missing may be one defined in that package',
    },
    { code: SHOP('app.register_blueprint(accounts)\n', {}, 'plugins/orders.py'), errors: [{ line: 7 }], name: 'a blueprint outside the app\'s folder may be served by another app' },
    {
      code: HEAD + "\n@app.post('/users/<int:uid>/revoke-token')\ndef revoke_token(uid):\n    return {}\n",
      errors: [{ line: 7 }],
      name: "revoking one user's token is an administrator's act, not signing out",
    },
    {
      code: HEAD + "\nclass Login:\n    def delete_account(self):\n        return ''\n\napp.route('/account/delete', methods=['POST'])(Login.delete_account)\n",
      errors: [{ line: 7 }],
      name: 'a handler named for what it does keeps its own name, whatever its class is called',
    },
    {
      code: HEAD + "\n@app.route('/settings/reset/<token>', methods=['GET', 'POST'])\ndef reset(token):\n    return render_token_page('reset.html', token)\n",
      errors: [{ line: 7 }],
      name: 'a reset under a sensitive path is no stranger\'s step, even with a token',
    },
    {
      code: POST_BRANCH_CHECK("        log_attempt()\n"),
      errors: [{ line: 7, message: 'Route `/jobs/create` accepts requests without authentication' }],
      name: 'a POST branch that checks nobody',
    },
    {
      code: POST_BRANCH_CHECK('').replace("    if request.method == 'POST':\n", "    if request.method == 'GET':\n        if 'logged_in' not in session:\n            return redirect(url_for('login'))\n    if request.method == 'POST':\n"),
      errors: [{ line: 7, message: 'Route `/jobs/create` accepts POST/HEAD requests without authentication' }],
      name: 'the check in the GET branch leaves the POST (and HEAD, whose method is not GET) open',
    },
    {
      code: {
        'app.py': "from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.post('/admin/users/<int:uid>/delete')\ndef delete_user(uid):\n    return ''\n",
        'tests/conftest.py': "from flask import abort\nfrom flask_login import current_user\n\nfrom app import app\n\n\n@app.before_request\ndef only_test_users():\n    if not current_user.is_authenticated:\n        abort(401)\n",
      },
      errors: [{ file: 'app.py', line: 7, message: 'Route `/admin/users/<int:uid>/delete` accepts requests without authentication' }],
      name: 'a hook that a conftest adds to the app guards the tests, not the product',
    },
    {
      code: { 'examples/basic/app.py': "from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.route('/admin')\ndef admin():\n    return 'admin'\n" },
      errors: [{ file: 'examples/basic/app.py', line: 7, message: 'Route `/admin` accepts requests without authentication' }],
      name: 'example apps shipped in the repository are still checked (RULES.md exempts only tests)',
    },
    {
      code: HEAD + "from flask import redirect, url_for\n\n@app.before_request\ndef protect_backoffice():\n    if request.path.startswith('/backoffice') and not current_user.is_authenticated:\n        return redirect(url_for('login'))\n\n@app.post('/backoffice/orders/<oid>/cancel')\ndef cancel(oid):\n    return ''\n\n@app.post('/webhooks/shipping')\ndef shipping():\n    return ''\n",
      errors: [{ line: 17, message: 'Route `/webhooks/shipping` accepts requests without authentication' }],
      name: 'an app hook that checks only the paths under a prefix leaves the other routes open',
    },
    {
      code: HEAD + "\n@app.before_request\ndef admin_only():\n    if request.blueprint != 'admin':\n        return\n    if not current_user.is_authenticated:\n        abort(401)\n\n@app.delete('/users/<int:uid>')\ndef drop_user(uid):\n    return ''\n\n@app.before_request\ndef staff_only():\n    if request.endpoint in ('staff_page', 'rota') and not current_user.is_authenticated:\n        abort(401)\n\n@app.post('/rota')\ndef rota():\n    return ''\n\n@app.post('/notes')\ndef add_note():\n    return ''\n",
      errors: [{ line: 14 }, { line: 27 }],
      name: 'a check confined to one blueprint or to named endpoints guards nothing else',
    },
    {
      code: "from flask import Flask, abort, request\n\napp = Flask(__name__)\n\n@app.post('/webhooks/shipping')\ndef shipping():\n    if not request.is_json:\n        abort(400)\n    return '', 204\n",
      errors: [{ line: 6 }],
      name: 'a 400 for a malformed body checks no signature',
    },
    {
      code: HEAD + "\n@app.get('/admin/exports/<token>')\ndef admin_export(token):\n    return send_file(LINKS[token])\n\n@app.get('/user/<username>/public/<token>')\ndef public_profile(username, token):\n    return profile(username)\n\n@app.post('/uploads/<token>')\ndef upload_via_link(token):\n    save(token, request.files['file'])\n    return '', 201\n\n@app.get('/users/<code>')\ndef user_by_code(code):\n    return lookup(code)\n",
      errors: [{ line: 7 }, { line: 11 }, { line: 15 }, { line: 20 }],
      name: 'no share link: under an admin path, a token the view never reads, a write, a code that names a record',
    },
    {
      code: { 'app.py': "from flask import Flask\nfrom flask_appbuilder import AppBuilder\nfrom views import ChartView, ChartApi\n\napp = Flask(__name__)\nappbuilder = AppBuilder(app)\nappbuilder.add_view_no_menu(ChartView)\nappbuilder.add_api(ChartApi)\n", 'views.py': "from flask_appbuilder import BaseView, expose, has_access\nfrom flask_appbuilder.api import BaseApi, protect, safe\n\n\nclass ChartView(BaseView):\n    route_base = '/chart'\n\n    @expose('/delete/<int:pk>', methods=['POST'])\n    def delete(self, pk):\n        return ''\n\n\nclass ChartApi(BaseApi):\n    resource_name = 'chart'\n\n    @expose('/purge', methods=['POST'])\n    @safe\n    def purge(self):\n        return self.response(200)\n" },
      errors: [{ file: 'views.py', line: 9, message: 'Route `/chart/delete/<int:pk>` accepts requests without authentication' }, { file: 'views.py', line: 18, message: 'Route `/api/v1/chart/purge` accepts requests without authentication' }],
      name: 'Flask-AppBuilder views added with `add_view_no_menu`/`add_api` serve their `@expose` methods (`@safe` only handles errors)',
    },
    {
      code: "import dash\n\napp = dash.Dash(__name__)\nserver = app.server\n\n\n@server.route('/admin/reset', methods=['POST'])\ndef reset():\n    return ''\n\n\n@app.server.route('/export/data')\ndef export_data():\n    return ''\n",
      errors: [{ line: 8, message: 'Route `/admin/reset` accepts requests without authentication' }, { line: 13, message: 'Route `/export/data` accepts requests without authentication' }],
      name: 'routes on a Dash app\'s Flask server (`server = app.server`, `@app.server.route`) with no dash_auth',
    },
    {
      code: "import os\nimport dash\nimport dash_auth\n\napp = dash.Dash(__name__)\nserver = app.server\ndash_auth.BasicAuth(app, {'admin': os.environ['DASH_PASSWORD']}, public_routes=['/', '/admin/reset'])\n\n\n@server.route('/admin/reset', methods=['POST'])\ndef reset():\n    return ''\n\n\n@server.route('/admin/purge', methods=['POST'])\ndef purge():\n    return ''\n",
      errors: [{ line: 11, message: 'Route `/admin/reset` accepts requests without authentication' }],
      name: "a route listed in dash_auth's `public_routes` is not behind the auth; the others still are",
    },
    {
      code: "from flask import Flask, Response, make_response, request\n\napp = Flask(__name__)\n\n\ndef authenticate_request():\n    if not check(request.authorization):\n        res = make_response('no')\n        res.status_code = 401\n        return res\n    return None\n\n\ndef load_banner():\n    return request.args.get('banner')\n\n\ndef check(auth):\n    return False\n\n\n@app.before_request\ndef guard():\n    banner = load_banner()\n    if banner:\n        return banner\n\n\n@app.delete('/users/<int:uid>')\ndef delete_user(uid):\n    return ''\n",
      errors: [{ line: 30 }],
      name: 'a hook that returns what a helper gave back is no guard when the helper never refuses',
    },
    {
      code: {
        'app.py': "from flask import Flask\nfrom flask_smorest import Api\nfrom resources import blp\n\napp = Flask(__name__)\napi = Api(app)\napi.register_blueprint(blp, url_prefix='/api/items')\n",
        'resources.py': "from flask.views import MethodView\nfrom flask_smorest import Blueprint\n\nblp = Blueprint('items', __name__)\n\n@blp.route('/')\nclass Items(MethodView):\n    def post(self):\n        return {}\n",
      },
      errors: [{ file: 'resources.py', line: 8, message: 'Route `/api/items/` accepts requests without authentication' }],
      name: "flask-smorest `api.register_blueprint(blp, url_prefix=...)` mounts the blueprint under its prefix (its `/` is no index)",
    },
    {
      code: HEAD + "from flask import Blueprint\n\nadmin_bp = Blueprint('admin', __name__)\npublic_bp = Blueprint('public', __name__)\n\n@admin_bp.route('/stats')\ndef stats():\n    return {}\n\nfor bp, prefix in ((admin_bp, '/admin'), (public_bp, '')):\n    app.register_blueprint(bp, url_prefix=prefix)\n",
      errors: [{ line: 11, message: 'Route `/admin/stats` accepts requests without authentication' }],
      name: 'blueprints registered in a loop over (blueprint, prefix) pairs take the prefix of their row',
    },
    {
      code: HEAD + "\ndef run_command():\n    return str(request.data)\n\nrun_command.methods = ['POST']\napp.add_url_rule('/run', 'run', run_command)\n",
      errors: [{ line: 6 }],
      name: "add_url_rule with no methods takes the view's own methods attribute (a POST route)",
    },
    {
      code: HEAD + "\n@app.post('/resend_verification')\ndef resend_verification():\n    send_verification(current_user)\n    return 'sent'\n\ndef purge(user_id):\n    return ''\n\napp.route('/users/<int:user_id>/login', methods=['POST'], endpoint='login')(purge)\n",
      errors: [{ line: 7 }, { line: 11 }],
      name: "resending the logged-in caller's verification mail, and an endpoint named login on one user's record, are not the way in",
    },
    {
      code: HEAD + "\n@app.route('/api/orders/user', methods=['GET', 'POST'])\ndef ping():\n    return {}\n\n@app.get('/users/<int:uid>')\ndef health(uid):\n    return {}\n",
      errors: [{ line: 7 }, { line: 11 }],
      name: 'a probe name does not open a route that writes or reads one record',
    },
    {
      code: PERMISSION_VIEWS("if not record.maybe_final:\n            raise Forbidden()"),
      errors: [{ line: 10 }],
      name: 'a 403 under a test about the record (`maybe_final`) is no permission check',
    },
    {
      code: DELEGATING_VIEWS('super().get(name)'),
      errors: [{ line: 20 }],
      name: 'a handler that hands the request to an unchecked base handler is open',
    },
    {
      code: STUB_BASE("storage.remove(name)\n        raise NotFound()"),
      errors: [{ line: 7 }],
      name: 'a handler that does its work before it fails is no stub',
    },
    {
      code: DISPATCH_GUARD("print('anonymous caller')"),
      errors: [{ line: 16, message: 'Route `/keys/<int:key_id>` accepts requests without authentication' }],
      name: 'a dispatch_request override that only notes the anonymous caller guards nothing',
    },
    {
      code: HEAD + "from flask.views import MethodView\n\n\nclass Translated(MethodView):\n    def dispatch_request(self, **kwargs):\n        try:\n            return super().dispatch_request(**kwargs)\n        except PermissionError:\n            abort(401)\n\n\nclass Keys(Translated):\n    def delete(self, key_id):\n        return ''\n\n\napp.add_url_rule('/keys/<int:key_id>', view_func=Keys.as_view('keys'))\n",
      errors: [{ line: 17, message: 'Route `/keys/<int:key_id>` accepts requests without authentication' }],
      name: 'a dispatch_request that turns the handler\'s exceptions into 401 answers checks nothing before it',
    },
    {
      code: CLASSFUL(CLASSFUL_ROUTES, "Reports.register(app, route_prefix='/admin')"),
      errors: [
        { line: 9, message: 'Route `/admin/reports` accepts requests without authentication' },
        { line: 12, message: 'Route `/admin/reports/<report_id>` accepts requests without authentication' },
        { line: 16, message: 'Route `/admin/reports/export` accepts requests without authentication' },
      ],
      name: 'Flask-Classful methods: index, delete on one record, and a @route, under the name the class gives its base',
    },
    {
      code: CLASSFUL(CLASSFUL_ROUTES, "for view in (Reports,):\n    view.register(app, route_prefix='/admin')"),
      errors: [
        { line: 9, message: 'Route `/admin/reports` accepts requests without authentication' },
        { line: 12, message: 'Route `/admin/reports/<report_id>` accepts requests without authentication' },
        { line: 16, message: 'Route `/admin/reports/export` accepts requests without authentication' },
      ],
      name: 'Flask-Classful views registered by a loop over the classes',
    },
    {
      code: HEAD + "\n@app.post('/api/sessions')\ndef start_session():\n    return {'id': Workout.start(request.json['plan']).id}, 201\n",
      errors: [{ line: 7, message: 'Route `/api/sessions` accepts requests without authentication' }],
      name: 'POST /api/sessions that takes no password starts some other kind of session',
    },
    {
      code: {
        'app.py': "from flask import Flask, Blueprint\nfrom helpers import mount\nfrom urls import PATTERNS\n\napp = Flask(__name__)\nstaff = Blueprint('staff', __name__)\nmount(staff, PATTERNS)\napp.register_blueprint(staff, url_prefix='/staff')\n",
        'helpers.py': "def mount(target, patterns):\n    for pattern in patterns:\n        target.add_url_rule(pattern[0], view_func=pattern[1], methods=pattern[2].split())\n",
        'urls.py': "from views import purge_staff\n\nPATTERNS = [\n    ('/members/<mid>', purge_staff, 'DELETE'),\n]\n",
        'views.py': "def purge_staff(mid):\n    return ''\n",
      },
      errors: [{ file: 'views.py', line: 1, message: 'Route `/staff/members/<mid>` accepts requests without authentication' }],
      name: 'a table of (rule, view, methods) rows in another module, mounted by a helper that reads each row by index',
    },
    {
      code: HEAD + "\nOPEN = ('export_all', 'static')\n\n@app.before_request\ndef check():\n    if request.endpoint in OPEN:\n        pass\n    else:\n        if not current_user.is_authenticated:\n            abort(401)\n\n@app.get('/export')\ndef export_all():\n    return []\n\n@app.get('/settings')\ndef settings():\n    return {}\n",
      errors: [{ line: 17, message: 'Route `/export`' }],
      name: 'a hook whose `if` waves listed endpoints past the check its `else` runs',
    },
    {
      code: "from flask import Flask, Blueprint\nfrom flask_restful import Api, Resource\n\napp = Flask(__name__)\nstaff = Blueprint('staff', __name__, url_prefix='/admin')\nrest = Api()\n\n\nclass Reports(Resource):\n    def get(self):\n        return []\n\n\nrest.add_resource(Reports, '/reports')\nrest.init_app(staff)\napp.register_blueprint(staff)\n",
      errors: [{ line: 10, message: 'Route `/admin/reports`' }],
      name: 'an Api made alone and mounted on a blueprint later with `init_app`',
    },
    {
      code: HEAD + "\n@app.post('/cart/items')\ndef add_item():\n    if current_user.is_authenticated:\n        return {'ok': True}\n    cart = load_cart(request.cookies['cart'])\n    return {'ok': True, 'count': cart.add(request.json['id'])}\n",
      errors: [{ line: 7 }],
      name: 'a view that does the work for anonymous callers after the logged-in branch is open',
    },
    {
      code: NAMED_EXEMPTIONS("'{}.signin'.format(staff.name), f'{staff.name}.export_reports'"),
      errors: [{ line: 19, message: 'Route `/staff/reports/export`' }],
      name: 'an exemption list whose endpoint names are built with `.format` and an f-string from the blueprint name',
    },
    {
      code: NAMED_EXEMPTIONS("'%s.signin' % staff.name, 'staff.export_reports'"),
      errors: [{ line: 19, message: 'Route `/staff/reports/export`' }],
      name: 'a literal endpoint beside one built with `%` still counts',
    },
    {
      code: MARKER_HOOK('export'),
      errors: [{ line: 29, message: 'Route `/reports/export`' }],
      name: 'a view marked by the decorator the hook tests for (`getattr(view, attr)`) skips the check',
    },
    {
      code: {
        'markers.py': 'def public(f):\n    f.is_public = True\n    return f\n',
        'guards.py': "from flask import request, current_app\nfrom flask_jwt_extended import verify_jwt_in_request\n\n\ndef app_guard():\n    view = current_app.view_functions.get(request.endpoint)\n    if view is not None and getattr(view, 'is_public', False):\n        return\n    verify_jwt_in_request()\n",
        'app.py': "from flask import Flask\nimport guards\nfrom markers import public\n\napp = Flask(__name__)\napp.before_request(guards.app_guard)\n\n\n@app.get('/users/export')\n@public\ndef export_users():\n    return []\n\n\n@app.get('/users')\ndef users():\n    return []\n",
      },
      errors: [{ file: 'app.py', line: 11, message: 'Route `/users/export`' }],
      name: 'a hook in another module that waves through `view is not None and getattr(view, attr)`: the marked view is open',
    },
    {
      code: HEAD + "\n@app.post('/sessions/<int:sid>/logout')\ndef end_session(sid):\n    return {}\n",
      errors: [{ line: 7 }],
      name: 'ending one session by its id acts on a record',
    },
    {
      code: HEAD + "\n@app.post('/users/<int:uid>/login')\ndef impersonate(uid):\n    return {}\n\n@app.post('/login_requests/<int:rid>/approve')\ndef login_request_approve(rid):\n    return {}\n\n@app.post('/login_as')\ndef login_as():\n    return {}\n",
      errors: [{ line: 7 }, { line: 11 }, { line: 15 }],
      name: "logging in as a user, approving a login request and `login_as` act on someone else's account",
    },
    {
      code: HEAD + "\n@app.post('/admin/users')\ndef register_user():\n    return {}, 201\n",
      errors: [{ line: 7 }],
      name: 'a sign-up name does not make an admin path public',
    },
    {
      code: PERCENT_RULES,
      errors: [
        { line: 11, message: 'Route `/v2/orders/<int:oid>/cancel`' },
        { line: 15, message: 'Route `/v2/keys/rotate`' },
        { line: 19, message: 'Route `/v2/admin/purge`' },
        { line: 23, message: 'Route `/v2/accounts/<int:aid>`' },
        { line: 27, message: 'Route `/<value>/admin/reset`' },
        { line: 31, message: 'Route `/v2/admin/exports`' },
      ],
      name: "rules written with %-formatting or `.format()` of constants are read; a part that cannot be known stays a placeholder and the route stays",
    },
    {
      code: HEAD + "from flask import Blueprint\n\nAPI = '/api/v1'\nbp = Blueprint('ops', __name__)\n\n@bp.get('/stats')\ndef stats():\n    return {}\n\napp.register_blueprint(bp, url_prefix=f'{API}/admin')\n",
      errors: [{ line: 11, message: 'Route `/api/v1/admin/stats`' }],
      name: 'an admin prefix written as an f-string',
    },
    {
      code: HEAD + "\n@app.post('/api/users')\ndef create_user():\n    return {}, 201\n",
      errors: [{ line: 7 }],
      name: 'creating users is not sign-up by its name alone',
    },
    {
      code: HEAD + "\n@app.post('/api/users')\ndef create_user():\n    user = User(**request.json)\n    db.session.add(user)\n    return {'id': user.id, 'token': create_access_token(identity='importer')}, 201\n\n@app.post('/admin/users')\ndef add_user():\n    user = User(**request.json)\n    login_user(user)\n    return ''\n\n@app.post('/user')\ndef add():\n    form = UserForm(request.form)\n    login_user(current_admin())\n    return save(form)\n",
      errors: [{ line: 7 }, { line: 13 }, { line: 19 }],
      name: 'a token or session for someone other than the user created, or under an admin path, is no sign-up',
    },
    {
      code: HEAD + "\n@app.post('/registry')\ndef registry():\n    return ''\n\n@app.post('/models/regen')\ndef regen():\n    return ''\n\n@app.post('/admin/users')\ndef reg_user():\n    return ''\n",
      errors: [{ line: 7 }, { line: 11 }, { line: 15 }],
      name: 'words that only start with reg, and a sign-up name on an admin path',
    },
    {
      code: HEAD + "\n@app.post('/settings/github')\ndef link_github():\n    return ''\n\n@app.post('/auth/users')\ndef add_auth_user():\n    return ''\n\n@app.post('/auth/github/<int:user_id>')\ndef unlink(user_id):\n    return ''\n",
      errors: [{ line: 7 }, { line: 11 }, { line: 15 }],
      name: 'a provider named outside the way in, another word under /auth, or a provider on a record',
    },
    {
      code: HEAD + "from flask import redirect, url_for\n\n@app.route('/create_user', methods=['GET', 'POST'])\ndef create_user():\n    user = User(request.form['email'], request.form['password'])\n    save(user)\n    return redirect(url_for('admin.users'))\n\n@app.post('/new_account')\ndef new_account():\n    account = Account(request.form['email'], request.form['password'])\n    save(account)\n    return redirect(url_for('accounts.listing'))\n",
      errors: [{ line: 8 }, { line: 14 }],
      name: 'one new account built and then shown in a list (any page but the login) is an admin form',
    },
    {
      code: "from flask import Flask, jsonify\nfrom flask_jwt_extended import unset_jwt_cookies\nfrom flask_login import logout_user\n\napp = Flask(__name__)\n\n\n@app.post('/tokens/remove')\ndef drop_cookies():\n    ApiToken.query.delete()\n    answer = jsonify(done=True)\n    unset_jwt_cookies(answer)\n    return answer\n\n\n@app.post('/users/<int:uid>/logout')\ndef kick(uid):\n    logout_user()\n    return jsonify(done=True)\n",
      errors: [{ line: 9 }, { line: 17 }],
      name: 'signing out beside other work, or on a record, is no plain logout',
    },
    {
      code: HEAD + "\n@app.post('/create_user')\ndef create_user():\n    data = request.get_json()\n    return make_user(data['email'], data['password'])\n\n@app.post('/user')\ndef add():\n    return make_user(request.form['email'], request.form['password'])\n",
      errors: [{ line: 7 }, { line: 12 }],
      name: "one new user named alone is an admin panel's form too: the password alone does not make it sign-up",
    },
    {
      code: HEAD + "\n@app.post('/update_password/<user_key>')\ndef update_password(user_key):\n    return ''\n\n@app.post('/change-password/<token>')\ndef change(token):\n    current_user.password = request.form['password']\n    return ''\n",
      errors: [{ line: 7 }, { line: 11 }],
      name: "setting a password by a record's key, or the caller's own, is no reset step",
    },
    {
      code: HEAD + "\n@app.post('/accounts/create')\ndef create():\n    save_account(request.json['password'], invited_by=current_user.id)\n    return {}, 201\n\n@app.post('/users/create/bulk')\ndef bulk():\n    return create_all(request.json['passwords'])\n",
      errors: [{ line: 7 }, { line: 12 }],
      name: 'creating an account for the caller, or in bulk, is not sign-up',
    },
    {
      code: HEAD + "\n@app.route('/api/users', methods=['GET', 'POST'])\ndef users():\n    if request.method == 'POST':\n        return create(request.json['password'])\n    return []\n",
      errors: [{ line: 7 }],
      name: 'a users collection that also lists users is no sign-up form',
    },
    {
      code: HEAD + "\n@app.route('/accounts/create', methods=['GET', 'POST'])\ndef make_account():\n    return store(request.form['name'], request.form['password'], by=current_user.id)\n\n@app.route('/admin/users/new', methods=['GET', 'POST'])\ndef staff_adds_user():\n    return store(request.form['name'], request.form['password'])\n\n@app.route('/accounts/create', methods=['GET', 'POST', 'DELETE'])\ndef accounts_desk():\n    return store(request.form['name'], request.form['password'])\n\n@app.route('/users/new', methods=['GET', 'POST'])\ndef enrol():\n    # the new visitor registration form\n    return store(request.form['name'], request.form['badge'])\n",
      errors: [{ line: 7 }, { line: 11 }, { line: 15 }, { line: 19 }],
      name: 'an account form that asks who is adding it, one under an admin path, one that also deletes, or one taking no password, is no sign-up',
    },
    {
      code: HEAD + "\n@app.post('/admin/verify')\ndef staff_check():\n    if check_password(request.json['password']):\n        return {'token': issue_token()}\n    return {}\n\n@app.post('/api/users/<int:uid>/verify')\ndef verify_for(uid):\n    if User.query.get(uid).check_password(request.json['password']):\n        return {'token': User.query.get(uid).token}\n    return {}\n\n@app.post('/api/close')\ndef close():\n    me = User.query.get(get_jwt_identity())\n    if me.check_password(request.json['password']):\n        return {'token': me.token}\n    return {}\n\n@app.post('/api/erase')\ndef erase():\n    if member_for(request.json).check_password(request.json['password']):\n        drop(request.json['name'])\n    return {'csrf': generate_csrf_token()}\n\n@app.patch('/api/name')\ndef rename():\n    me = User.query.filter_by(name=request.json['old']).first()\n    if me.check_password(request.json['password']):\n        return {'token': make_token(request.json['new'])}\n    return {}\n",
      errors: [{ line: 7 }, { line: 13 }, { line: 19 }, { line: 26 }, { line: 32 }],
      name: 'a password checked under an admin path, on a record, for the logged-in caller, with no token handed back, or to edit the account, is no login',
    },
    {
      code: HEAD + "\n@app.post('/api/sms/send')\ndef text_anyone():\n    return send_text(request.form['phone'], request.form['body'])\n\n@app.post('/admin/sms_code')\ndef staff_code():\n    return ''\n",
      errors: [{ line: 7 }, { line: 11 }],
      name: 'texting a message of the caller\'s own, or a code under an admin path, is no one-time code',
    },
    {
      code: HEAD + "from flask import render_template\n\n@app.route('/admin/panel', methods=['GET', 'POST'])\ndef panel():\n    return render_template('panel.html')\n\n@app.route('/faculty', methods=['GET', 'POST'])\ndef faculty():\n    return render_template('faculty.html', name=request.form.get('name'))\n\n@app.route('/notes', methods=['GET', 'POST', 'DELETE'])\ndef notes():\n    return render_template('notes.html')\n\n@app.route('/faculty/join', methods=['GET', 'POST'])\ndef join():\n    save(request.form)\n    return render_template('joined.html')\n",
      errors: [{ line: 8 }, { line: 12 }, { line: 16 }, { line: 20 }],
      name: 'a fixed page under an admin path, a page built from the request, one that also takes DELETE, or one that saves first, stays sensitive',
    },
    {
      code: HEAD + "from flask import render_template\n\n@app.route('/my/details', methods=['GET', 'POST'])\ndef details():\n    return render_template('details.html')\n",
      errors: [{ line: 8 }],
      name: 'a page that accepts a POST is sensitive even when it only renders a fixed template',
    },
    {
      code: HEAD + "\n@app.post('/media/register')\ndef register_photo():\n    picture = request.files['photo']\n    picture.save('/srv/media/' + picture.filename)\n    return ''\n\n@app.post('/kiosk/registration')\ndef register_visitor():\n    return log_visit(request.form['name'])\n",
      errors: [{ line: 7 }, { line: 13 }],
      name: 'a register path whose view registers a thing, or someone without a password or a session, is no sign-up',
    },
    {
      code: HEAD + "\n@app.post('/api/keys/reset')\ndef reset_keys():\n    rotate_all_keys()\n    return ''\n",
      errors: [{ line: 7 }],
      name: 'a reset that is not about passwords is still sensitive',
    },
    {
      code: HEAD + "\n@app.post('/admin/newsletter')\ndef send_newsletter():\n    return ''\n\n@app.get('/admin/feedback')\ndef all_feedback():\n    return []\n\n@app.get('/admin/help')\ndef admin_help():\n    return ''\n",
      errors: [{ line: 7 }, { line: 11 }, { line: 15 }],
      name: 'the forms and pages a site offers strangers are not public under an admin path',
    },
    {
      code: HEAD + "\n@app.post('/admin/users/<int:user_id>/reset')\ndef reset(user_id):\n    User.query.get(user_id).password = generate_password()\n    return ''\n",
      errors: [{ line: 7 }],
      name: "resetting a given user's password from an admin path is no reset request",
    },
    {
      code: HEAD + "\n@app.post('/orgs/<int:org_id>/users')\ndef add_member(org_id):\n    return create(org_id, request.json['password'])\n",
      errors: [{ line: 7 }],
      name: 'adding users to a given organisation is no sign-up',
    },
    {
      code: HEAD + "\n@app.route('/account', methods=['POST'])\ndef update_account():\n    current_user.password = hash(request.form['password'])\n    return ''\n\n@app.post('/api/users')\ndef add_user():\n    return create(request.json['password'], invited_by=current_user.id)\n",
      errors: [{ line: 7 }, { line: 12 }],
      name: 'changing the caller\'s own account, or adding users on its behalf, is no sign-up',
    },
    {
      code: HEAD + "\n@app.delete('/api/users/<int:user_id>')\ndef register_user(user_id):\n    return ''\n",
      errors: [{ line: 7 }],
      name: 'a sign-up name on a record of the collection is not sign-up',
    },
    {
      code: HEAD + "\n@app.route('/admin/delete_user/<user_id>')\ndef delete_user(user_id):\n    return 'deleted'\n",
      errors: [{ line: 7, column: 5, message: 'Route `/admin/delete_user/<user_id>` accepts requests without authentication' }],
      output: HEAD + "\n@app.route('/admin/delete_user/<user_id>')\n@login_required\ndef delete_user(user_id):\n    return 'deleted'\n",
    },
    {
      code: WRITE_ROUTE,
      errors: [{ line: 7 }],
      output: insertAbove(WRITE_ROUTE, '@login_required', 'def comment('),
      name: 'writes are sensitive',
    },
    {
      code: HEAD_OPEN,
      errors: [{ line: 13, message: 'accepts HEAD' }],
      output: insertAbove(HEAD_OPEN, '@login_required', 'def users('),
      name: 'HEAD slips past a GET/POST-only guard',
    },
    {
      code: "from flask import Flask\nfrom flask_jwt_extended import jwt_required\napp = Flask(__name__)\n\n@app.get('/api/users')\n@jwt_required(optional=True)\ndef users():\n    return []\n",
      errors: [{ line: 7 }],
      name: 'optional JWT is not authentication',
    },
    {
      code: HEAD + "from flask import g\n\n@app.before_request\ndef load():\n    try:\n        g.user = current_user.profile\n    except AttributeError:\n        g.user = None\n\n@app.get('/admin/users')\ndef users():\n    return []\n",
      errors: [{ line: 15 }],
      name: 'a hook whose try only loads the user rejects nobody',
    },
    {
      code: HTTPAUTH_HOOK('tokens.login_required(optional=True)'),
      errors: [{ line: 15 }],
      name: 'a hook that calls a callable wrapped in optional auth rejects nobody',
    },
    {
      code: SESSION_FLAG_HOOK('basket'),
      errors: [{ line: 13 }],
      name: 'a hook that tests a name read from a session key about no identity rejects nobody',
    },
    {
      code: EXPOSE_HELPER(''),
      errors: [{ line: 12, message: 'Route `/notes/<int:note_id>` accepts requests without authentication (so do `/notes/<int:note_id>/purge`, served by the same handler)' }],
      name: "a helper's local `handler = cls.as_view(name)` and rules built with format or + name what its caller passed",
    },
    {
      code: REGISTRY_DECORATORS('', ''),
      errors: [
        { line: 26, message: 'Route `/vault` accepts requests without authentication (so do `/vault/<name>`, served by the same handler)' },
        { line: 31, message: 'Route `/settings` accepts requests without authentication' },
      ],
      name: 'a class decorator that adds the class under its own rules, and a decorator factory that calls add_url_rule, register routes',
    },
    {
      code: ROUTE_FACTORY(''),
      errors: [{ line: 19, message: 'Route `/admin/nodes/<node_id>` accepts requests without authentication' }],
      name: 'a decorator factory whose wrapper the route decorator registers: the rule and methods are what its caller passed',
    },
    {
      code: "import flask\n\n\nclass AgentServer:\n    def __init__(self):\n        self.app = flask.Flask(__name__)\n        self.app.add_url_rule('/agent/config', view_func=self.upload_config, methods=['PUT'])\n\n    def upload_config(self):\n        return ''\n",
      errors: [{ line: 9, message: 'Route `/agent/config` accepts requests without authentication' }],
      name: 'an app a class keeps as `self.app`, with a method registered as the view',
    },
    {
      code: HEAD + "\n\ndef export_users():\n    return ''\n\n\nfor rule, view in {'/admin/export': export_users}.items():\n    app.add_url_rule(rule, view_func=view)\n",
      errors: [{ line: 7, message: 'Route `/admin/export` accepts requests without authentication' }],
      name: 'routes registered in a loop over a dict of rules and views',
    },
    {
      code: HEAD + "\n@app.post('/users/<int:user_id>/reset')\ndef reset_password(user_id):\n    return ''\n\n@app.post('/orders/<int:order_id>/confirm')\ndef confirm(order_id):\n    return ''\n\n@app.post('/feature/activate')\ndef activate_feature():\n    return ''\n\n@app.post('/account/otp/enable')\ndef enable_otp():\n    return ''\n\n@app.post('/verification_email/')\ndef verification_email():\n    send_verification(current_user)\n    return ''\n\n@app.post('/api/queries/<query_id>/refresh')\ndef refresh(query_id):\n    return ''\n",
      errors: [{ line: 7 }, { line: 11 }, { line: 15 }, { line: 19 }, { line: 23 }, { line: 28 }],
      name: "resetting one user's password, confirming an order, activating a feature, enabling a one-time code, mailing a verification link, refreshing a record are not the way in",
    },
    {
      code: HEAD + "\n@app.post('/users/forget')\ndef erase_me():\n    mail_goodbye(request.form['email'])\n    return ''\n\n@app.post('/admin/resetPasswords')\ndef mass_reset():\n    mail_reset_links(request.form['emails'])\n    return ''\n\n@app.post('/accounts/<int:uid>/resetPassword')\ndef reset_for(uid):\n    return ''\n\n@app.post('/deleteUser')\ndef drop():\n    return ''\n\n@app.post('/loginAs/<int:uid>')\ndef become(uid):\n    return ''\n",
      errors: [{ line: 7 }, { line: 12 }, { line: 17 }, { line: 21 }, { line: 25 }],
      name: "camelCase and \"forget\" read as words still leave sensitive routes flagged: being forgotten (erasing the account), admins' and one record's resets, a delete, logging in as someone",
    },
    {
      code: SUBCLASSED("app.register_blueprint(NoteRoutes(None), url_prefix='/notes')\nusers = NoteRoutes(None)\napp.register_blueprint(users, url_prefix='/users')\n"),
      errors: [{ file: 'notes.py', line: 9, message: 'Route `/users/` accepts requests without authentication' }, { file: 'notes.py', line: 13 }],
      name: "the routes a Blueprint subclass declares on `self` are served by each instance under its registration's prefix (`/users/`, not the index)",
    },
    {
      code: SUBCLASSED("app.register_blueprint(NoteRoutes(None), url_prefix='/notes')\n", {
        'notes.py': "from flask import Blueprint, abort, session\n\n\nclass NoteRoutes(Blueprint):\n    def __init__(self, store):\n        super(NoteRoutes, self).__init__('notes', __name__)\n        self._add_routes()\n\n" +
          "        @self.before_request\n        def members_only():\n            if 'uid' not in session:\n                abort(401)\n\n    def _add_routes(self):\n        self.add_url_rule('/<int:nid>', view_func=self.drop, methods=['DELETE'])\n\n    def drop(self, nid):\n        return ''\n",
        'reports.py': "from flask import Blueprint\n\nreports = Blueprint('reports', __name__, url_prefix='/reports')\n\n\n@reports.get('/export')\ndef export_all():\n    return []\n",
        'wsgi.py': "from app import app\nfrom reports import reports\n\napp.register_blueprint(reports)\n",
      }),
      errors: [{ file: 'reports.py', line: 7 }],
      name: "a hook a Blueprint subclass declares on `self` guards its own instances' routes (added by a method too), not every blueprint's",
    },
    {
      code: SUBCLASSED("app.register_blueprint(NoteRoutes(None), url_prefix='/notes')\n", {
        'notes.py': "from flask import Blueprint, abort, session\n\n\ndef members_only():\n    if 'uid' not in session:\n        abort(401)\n\n\nclass NoteRoutes(Blueprint):\n    def __init__(self, store):\n        super().__init__('notes', __name__)\n        self.before_request(members_only)\n        self.add_url_rule('/<int:nid>', view_func=self.drop, methods=['DELETE'])\n\n    def drop(self, nid):\n        return ''\n",
        'reports.py': "from flask import Blueprint\n\nreports = Blueprint('reports', __name__, url_prefix='/reports')\n\n\n@reports.get('/export')\ndef export_all():\n    return []\n",
        'wsgi.py': "from app import app\nfrom reports import reports\n\napp.register_blueprint(reports)\n",
      }),
      errors: [{ file: 'reports.py', line: 7 }],
      name: "a hook a Blueprint subclass adds in call form (`self.before_request(check)`) guards its own instances' routes, not every blueprint's",
    },
    {
      code: "from flask import Flask, Blueprint\n\n\nclass ApiBlueprint(Blueprint):\n    def __init__(self, name, prefix):\n        super().__init__(name, __name__, url_prefix=prefix)\n\n\nclass SettingsArea(Blueprint):\n    def __init__(self):\n        Blueprint.__init__(self, 'prefs', __name__, url_prefix='/settings')\n\n\nadmin = ApiBlueprint('admin', '/admin')\nprefs = SettingsArea()\n\n\n@admin.get('/stats')\ndef stats():\n    return {}\n\n\n@prefs.get('/theme')\ndef theme():\n    return {}\n\n\napp = Flask(__name__)\napp.register_blueprint(admin)\napp.register_blueprint(prefs)\n",
      errors: [{ line: 19, message: 'Route `/admin/stats` accepts requests without authentication' }, { line: 24, message: 'Route `/settings/theme` accepts requests without authentication' }],
      name: 'a Blueprint subclass that hands Blueprint the prefix it was given, or one of its own: its instance is served under that prefix',
    },
    {
      code: "from flask import Flask\nfrom flask_restful import Api, Resource\n\napp = Flask(__name__)\napi = Api(app)\n\nclass CreateMixin(Resource):\n    def post(self):\n        return {}, 201\n\nclass Notes(CreateMixin):\n    pass\n\nclass Tags(CreateMixin):\n    pass\n\napi.add_resource(Notes, '/notes')\napi.add_resource(Tags, '/tags')\n",
      errors: [{ line: 8, message: 'Route `/notes` accepts requests without authentication (so do `/tags`, served by the same handler)' }],
      name: 'a base class handler inherited by two resources: one finding naming both routes',
    },
    {
      code: HEAD + "from flask.views import View\n\nclass TemplatePage(View):\n    def dispatch_request(self):\n        return ''\n\nclass NewsPage(TemplatePage):\n    pass\n\nclass SettingsPage(TemplatePage):\n    pass\n\napp.add_url_rule('/news', view_func=NewsPage.as_view('news'))\napp.add_url_rule('/admin/settings', view_func=SettingsPage.as_view('settings'))\n",
      errors: [{ line: 8, message: 'Route `/admin/settings` accepts requests without authentication' }],
      name: 'a shared handler is reported for its sensitive rule even when a plain one was registered first',
    },
    {
      code: HEAD + "\n@app.route('/admindashboard')\ndef dash():\n    return ''\n\n@app.route('/staffmanagements')\ndef staff():\n    return []\n\n@app.route('/keyboard')\ndef board():\n    return ''\n\n@app.route('/userguide')\ndef guide():\n    return ''\n",
      errors: [{ line: 7 }, { line: 11 }],
      name: 'sensitive words run together in a path (but not /keyboard or /userguide)',
    },
    {
      code: HEAD + "\n@app.route('/memberlist')\ndef members():\n    return []\n\n@app.route('/userlist')\ndef roster():\n    return []\n\n@app.route('/onlineusers')\ndef online():\n    return []\n\n@app.route('/username-available/<name>')\ndef available(name):\n    return ''\n\n@app.route('/usermanual')\ndef manual():\n    return ''\n",
      errors: [{ line: 11 }, { line: 15 }],
      name: 'users run together with a word that lists them (/userlist, /onlineusers), not with any (/username-available, /usermanual)',
    },
    {
      code: HEAD + "\n@app.route('/items')\ndef items():\n    q = Item.query\n    q = q.filter(Item.visible)\n    return str(q.all())\n\n@app.post('/admin/purge')\ndef purge():\n    return ''\n",
      errors: [{ line: 13 }],
      name: 'a name reassigned from a method of itself (`q = q.filter(...)`) elsewhere in the project',
    },
    {
      code: flaskAdmin("\nclass AccountView(ModelView):\n    can_delete = False\n", "admin.add_view(ModelView(Account, db.session, endpoint='accounts'))\nadmin.add_view(AccountView(Account, db.session, url='/people'))"),
      errors: [
        { line: 14, column: 16, message: 'Flask-Admin view `Account` (`/admin/accounts/`) accepts requests without authentication' },
        { line: 15, column: 16, message: '(`/admin/people/`)' },
      ],
      name: 'Flask-Admin model views that nothing guards (the library lets everyone in)',
    },
    {
      code: flaskAdmin("from flask_admin import BaseView, expose\nfrom flask_login import login_required\n\n\nclass OpenAccounts(ModelView):\n    def is_accessible(self):\n        return True\n\n\nclass Reports(BaseView):\n    @expose('/')\n    @login_required\n    def index(self):\n        return ''\n\n    @expose('/export')\n    def export(self):\n        return ''\n", "admin.add_view(OpenAccounts(Account, db.session))\nadmin.add_view(Reports(name='Reports'))"),
      errors: [{ line: 29, message: '`Account`' }, { line: 30, message: '`Reports`' }],
      name: 'Flask-Admin views whose is_accessible lets everyone in, or with an exposed page left undecorated',
    },

    // Route forms.
    {
      code: HEAD + "\ndef export_users():\n    return []\n\napp.add_url_rule('/admin/export', 'export', export_users)\n",
      errors: [{ line: 6, column: 5, message: 'Route `/admin/export` accepts requests' }],
      output: HEAD + "\n@login_required\ndef export_users():\n    return []\n\napp.add_url_rule('/admin/export', 'export', export_users)\n",
      name: 'add_url_rule with a function: the fix decorates the function',
    },
    {
      code: TABLE_ROUTES,
      errors: [{ line: 6, message: '`/keys`' }, { line: 9, message: '`/keys/rotate`' }],
      output: insertAbove(TABLE_ROUTES, '@login_required', 'def list_keys(', 'def rotate_key('),
      name: 'add_url_rule in a loop over a table',
    },
    {
      code: SHORTCUTS,
      errors: [{ line: 7 }, { line: 11 }, { line: 15 }],
      output: insertAbove(SHORTCUTS, '@login_required', 'def drop(', 'def replace(', 'def edit('),
      name: 'app.delete / put / patch shortcuts',
    },
    {
      code: CLASS_VIEWS,
      errors: [{ line: 8, column: 9, message: '`/users`' }, { line: 11, column: 9, message: '`/users`' }, { line: 17, column: 9, message: '`/settings`' }],
      output: insertAbove(CLASS_VIEWS, '@login_required', 'def get(', 'def post(', 'def dispatch_request('),
      name: 'MethodView handlers and View.dispatch_request',
    },
    {
      code: RESOURCE_DICT,
      errors: [{ line: 12, column: 9, message: 'Route `/api/account` accepts requests' }],
      output: insertAbove(RESOURCE_DICT, '@login_required', 'def get('),
      name: 'method_decorators dict that leaves GET open',
    },
    {
      // The module with the finding comes first: its text after the fix is `output`.
      code: {
        'resources.py': RESOURCES,
        'app.py': "from flask import Flask, Blueprint\nfrom flask_restful import Api\nfrom resources import add, ApiKeys\n\napp = Flask(__name__)\nbp = Blueprint('api', __name__, url_prefix='/api')\napi = Api(bp)\nadd(api, ApiKeys, '/keys')\napp.register_blueprint(bp)\n",
      },
      errors: [{ line: 9, column: 9, message: 'Route `/api/keys` accepts requests' }],
      // No auth library imported anywhere: the fix creates the project's `require_api_key` and imports it.
      output: insertAbove(insertBelow(RESOURCES, 'from auth import require_api_key', 'from flask_restful import Resource'), '@require_api_key', 'def get('),
      name: 'a wrapper function around add_resource, in another module',
    },
    {
      code: {
        'shop/admin/routes.py': ADMIN_ROUTES,
        'app.py': "from flask import Flask\nfrom shop import create_app\n\napp = create_app()\n",
        'shop/__init__.py': "from flask import Flask\nfrom .api import api_bp\nfrom .admin import admin_bp\n\n\ndef create_app():\n    app = Flask(__name__)\n    api_bp.register_blueprint(admin_bp, url_prefix='/admin')\n    app.register_blueprint(api_bp, url_prefix='/api')\n    return app\n",
        'shop/api.py': "from flask import Blueprint\n\napi_bp = Blueprint('api', __name__)\n",
        'shop/admin/__init__.py': "from flask import Blueprint\n\nadmin_bp = Blueprint('admin', __name__)\n\nfrom . import routes\n",
      },
      errors: [{ line: 5, column: 5, message: 'Route `/api/admin/users/<int:user_id>` accepts requests without authentication' }],
      // The new decorator module goes in the package (shop/auth.py), imported absolutely.
      output: insertAbove(insertBelow(ADMIN_ROUTES, 'from shop.auth import require_api_key', 'from . import admin_bp'), '@require_api_key', 'def user('),
      name: 'nested blueprint from another module, prefixes joined (app factory)',
    },
  ],
});

// Known gaps: each passes once the engine handles it; the lead flips `todo` off then.
test('FG101 once per view when routes are registered through a function that receives the blueprint', async () => {
  const code = "from flask import Blueprint\n\ndef export_users():\n    return []\n\ndef init_routes(bp):\n    bp.add_url_rule('/export', view_func=export_users)\n\nbp = Blueprint('api', __name__, url_prefix='/api')\ninit_routes(bp)\n";
  assert.deepEqual(await findingLines(code, ['FG101']), ['app.py:3 FG101']);
});

test('FG101 through an add_resource wrapper that takes `*urls`', async () => {
  const code = "from flask import Flask\nfrom flask_restful import Api, Resource\n\napp = Flask(__name__)\napi = Api(app)\n\ndef add(api, resource, *urls):\n    api.add_resource(resource, *urls)\n\nclass ApiKeys(Resource):\n    def get(self):\n        return []\n\nadd(api, ApiKeys, '/keys', '/keys/all')\n";
  assert.deepEqual([...new Set(await findingLines(code, ['FG101']))], ['app.py:11 FG101']);
});

test('FG101 fix for `@jwt_required(optional=True)` makes it required instead of stacking a second decorator', async () => {
  const code = "from flask import Flask\nfrom flask_jwt_extended import jwt_required\napp = Flask(__name__)\n\n@app.get('/api/users')\n@jwt_required(optional=True)\ndef users():\n    return []\n";
  const [finding] = (await findingsFor({ 'app.py': code })).filter((f) => f.code === 'FG101');
  assert.equal(applyEdits(code, finding!.fixes[0]!.edits), code.replace('@jwt_required(optional=True)', '@jwt_required()'));
});

test('the index `/` is public by nature even when its form posts', async () => {
  const code = "from flask import Flask\napp = Flask(__name__)\n\n@app.route('/', methods=['GET', 'POST'])\ndef home():\n    return ''\n";
  assert.deepEqual(await findingLines(code, ['FG101']), []);
});

test('in a Flask-HTTPAuth project the fix uses its `auth.login_required`', async () => {
  const code = "from flask import Flask\nfrom flask_httpauth import HTTPBasicAuth\napp = Flask(__name__)\nauth = HTTPBasicAuth()\n\n@app.get('/admin/users')\ndef users():\n    return []\n";
  const [finding] = (await findingsFor({ 'app.py': code })).filter((f) => f.code === 'FG101');
  assert.equal(applyEdits(code, finding!.fixes[0]!.edits), code.replace('def users', '@auth.login_required\ndef users'));
});
