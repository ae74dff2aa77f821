import rule from '../../../server/src/rules/missing-authentication/inconsistent-route-protection';
import { insertAbove } from '../../helpers/snippets';
import { ruleTester } from '../rule-tester';

const HEAD = "from flask import Flask, Blueprint\nfrom flask_login import login_required\n\napp = Flask(__name__)\n";

/** Two protected, non-sensitive siblings on the app. */
const PROTECTED_PAIR = "\n@app.route('/orders')\n@login_required\ndef orders():\n    return []\n\n@app.route('/invoices')\n@login_required\ndef invoices():\n    return []\n";

// Inputs whose fix output is the input plus the decorator the siblings use.
const BLUEPRINT_ODD_ONE = HEAD + "\nbp = Blueprint('shop', __name__, url_prefix='/shop')\n\n@bp.route('/orders')\n@login_required\ndef orders():\n    return []\n\n@bp.route('/invoices')\n@login_required\ndef invoices():\n    return []\n\n@bp.route('/login')\ndef login():\n    return 'form'\n\n@bp.get('/reports')\ndef reports():\n    return []\n\napp.register_blueprint(bp)\n";
const OPTIONAL_JWT = HEAD + "\nfrom flask_jwt_extended import jwt_required\n" + PROTECTED_PAIR + "\n@app.route('/reports')\n@jwt_required(optional=True)\ndef reports():\n    return []\n";
const HALF_PROTECTED = HEAD + PROTECTED_PAIR + "\n@app.route('/a')\ndef a():\n    return []\n\n@app.route('/b')\ndef b():\n    return []\n\n@app.route('/c')\ndef c():\n    return []\n";

ruleTester(rule, {
  valid: [
    { code: { 'tests/test_siblings.py': "from flask import Flask\nfrom flask_login import login_required\n\n\ndef test_siblings():\n    app = Flask(__name__)\n\n    @app.route('/a')\n    @login_required\n    def a():\n        return ''\n\n    @app.route('/b')\n    @login_required\n    def b():\n        return ''\n\n    @app.route('/c')\n    def c():\n        return ''\n" }, name: 'routes declared inside a test function' },
    { code: HEAD + PROTECTED_PAIR + "\n@app.route('/reports')\n@login_required\ndef reports():\n    return []\n", name: 'every sibling protected' },
    { code: HEAD + "\n@app.route('/orders')\n@login_required\ndef orders():\n    return []\n\n@app.route('/reports')\ndef reports():\n    return []\n", name: 'one protected sibling is not a pattern (>= 2 needed)' },
    { code: HEAD + PROTECTED_PAIR + "\n@app.route('/forbidden')\ndef forbidden():\n    return 'You may not see this page'\n", name: 'the page a refused caller is sent to' },
    { code: HEAD + PROTECTED_PAIR + "\n@app.route('/share/<share_token>/download')\ndef shared(share_token):\n    return send(share_token)\n", name: 'a share link whose token is its last parameter, followed by a plain word' },
    {
      code: HEAD + PROTECTED_PAIR + "\n@app.route('/a')\ndef a():\n    return []\n\n@app.route('/b')\ndef b():\n    return []\n\n@app.route('/c')\ndef c():\n    return []\n\n@app.route('/d')\ndef d():\n    return []\n",
      name: 'fewer than half of the siblings protected',
    },
    { code: HEAD + PROTECTED_PAIR + "\n@app.route('/healthz')\ndef healthz():\n    return 'ok'\n", name: 'public by nature: health check' },
    {
      code: HEAD + PROTECTED_PAIR + "\n@app.route('/captcha/')\ndef challenge_image():\n    return draw_challenge()\n\n@app.get('/img-captcha.png')\ndef picture():\n    return draw_challenge()\n",
      name: 'public by nature: the captcha image the login form shows strangers',
    },
    {
      code: HEAD + PROTECTED_PAIR + "\n@app.get('/test-connection')\ndef try_db():\n    return {'ok': ping_database()}\n\n@app.route('/dbcheck')\ndef dbcheck():\n    return 'ok' if engine.connect() else ('down', 500)\n",
      name: 'public by nature: a probe that the database answers (`/test-connection`, `/dbcheck`) is a health check',
    },
    { code: HEAD + PROTECTED_PAIR + "\n@app.route('/login', methods=['GET', 'POST'])\ndef login():\n    return 'form'\n", name: 'public by nature: login' },
    { code: HEAD + PROTECTED_PAIR + "\n@app.get('/confirm/<token>')\ndef confirm(token):\n    return ''\n\n@app.get('/shared/<public_id>')\ndef shared(public_id):\n    return ''\n", name: 'a link that carries its own credential (a token in the URL) is public by design' },
    { code: HEAD + PROTECTED_PAIR + "\n@app.get('/is_logged_in')\ndef logged_in():\n    return {}\n\n@app.get('/auth/whoami')\ndef whoami():\n    return {}\n", name: 'public by nature: probes that tell the caller whether it is logged in' },
    { code: HEAD + PROTECTED_PAIR + "\n@app.route('/about')\ndef about_page():\n    return 'about'\n\n@app.get('/privacy-policy')\ndef privacy():\n    return 'policy'\n", name: 'public by nature: pages about the site (about, privacy policy)' },
    { code: HEAD + PROTECTED_PAIR + "\n@app.route('/')\ndef index():\n    return 'home'\n", name: 'public by nature: index' },
    { code: HEAD + PROTECTED_PAIR + "\n@app.get('/api/v2')\ndef services():\n    return {'version': 2}\n", name: "public by nature: an API's own index (`/api/v2`), as `/` is the site's" },
    {
      code: HEAD + "\nbp = Blueprint('shop', __name__)\n\n@bp.route('/orders')\n@login_required\ndef orders():\n    return []\n\n@bp.route('/invoices')\n@login_required\ndef invoices():\n    return []\n\n@app.route('/reports')\ndef reports():\n    return []\n",
      name: 'siblings are per blueprint: an app route is not compared with blueprint routes',
    },
    { code: HEAD + PROTECTED_PAIR + "\n@app.route('/reports')\ndef reports():\n    return []\n", settings: { publicRoutes: ['/reports'] }, name: 'public-route setting' },
    {
      code: "from flask import Flask, request, session, redirect\n\napp = Flask(__name__)\n\n\n@app.before_request\ndef require_login():\n    allowed_routes = ['login', 'blog', 'static']\n    if request.endpoint not in allowed_routes and 'username' not in session:\n        return redirect('/login')\n\n\n" +
        "@app.route('/newpost', methods=['GET', 'POST'])\ndef newpost():\n    return ''\n\n@app.route('/drafts')\ndef drafts():\n    return []\n\n@app.route('/blog')\ndef blog():\n    return []\n",
      name: "a route the app's own guard lists as an exception is public by the developer's choice",
    },
    { code: HEAD + PROTECTED_PAIR + "\n@app.route('/reports')\ndef reports():  # flask-guard: ignore[FG102]\n    return []\n", name: 'suppression comment' },
    { code: HEAD + PROTECTED_PAIR + "\n@app.route('/admin/reports')\ndef reports():\n    return []\n", name: 'a sensitive route is FG101, not FG102' },
    {
      code: HEAD + "\nfrom flask_security import roles_required\n" + PROTECTED_PAIR + "\n@app.route('/reports')\n@roles_required('analyst')\ndef reports():\n    return []\n",
      name: 'a role decorator satisfies FG102 (FG104 reports it)',
    },
    {
      code: HEAD + "\nfrom flask import g, abort\n" + PROTECTED_PAIR + "\n@app.route('/reports')\ndef reports():\n    try:\n        verify_token()\n    except Exception:\n        pass\n    return []\n\ndef verify_token():\n    if not g.get('user'):\n        abort(401)\n",
      name: 'a fail-open check still counts as authentication (FG210 reports it)',
    },
    {
      code: "from flask import Flask\nfrom flask_login import login_required\n\n\ndef reports():\n    return []\n\n\ndef charts():\n    return []\n\n\ndef glossary():\n    return ''\n\n\ndef create_app():\n    app = Flask(__name__)\n    app.add_url_rule('/reports', view_func=login_required(reports))\n    app.add_url_rule('/charts', view_func=charts)\n    app.add_url_rule('/glossary', view_func=glossary)\n    return app\n\n\ndef wsgi_app():\n    return create_app()\n",
      name: 'a factory called from another function registers its routes once (1 of 2 siblings is no majority)',
    },
    {
      code: HEAD + PROTECTED_PAIR + "\n@app.route('/', defaults={'path': ''})\n@app.route('/<path:path>')\ndef spa(path):\n    return render_template('index.html')\n",
      name: "public by nature: a single-page app's catch-all served by the index's own view",
    },
    {
      code: HEAD + "from flask_restx import Api, Namespace, Resource\n\nbp = Blueprint('api', __name__, url_prefix='/api')\napi = Api(bp)\nrooms = Namespace('rooms')\napi.add_namespace(rooms)\n\n@rooms.route('/')\nclass Rooms(Resource):\n    method_decorators = [login_required]\n\n    def get(self):\n        return []\n\n@rooms.route('/<int:rid>')\nclass Room(Resource):\n    method_decorators = [login_required]\n\n    def get(self, rid):\n        return {}\n\napp.register_blueprint(bp)\n\n@app.get('/reports')\ndef reports():\n    return []\n",
      name: "an app route is no sibling of the resources of an Api mounted on a blueprint",
    },
    {
      code: HEAD + "from flask_restx import Api, Namespace, Resource\n\nbp = Blueprint('api', __name__, url_prefix='/api')\napi = Api(bp)\nrooms = Namespace('rooms')\nbookings = Namespace('bookings')\napi.add_namespace(rooms)\napi.add_namespace(bookings)\n\n@rooms.route('/')\nclass Rooms(Resource):\n    method_decorators = [login_required]\n\n    def get(self):\n        return []\n\n@rooms.route('/<int:rid>')\nclass Room(Resource):\n    method_decorators = [login_required]\n\n    def get(self, rid):\n        return {}\n\n@bookings.route('/')\nclass Bookings(Resource):\n    def get(self):\n        return []\n\n@bp.route('/stats')\n@login_required\ndef stats():\n    return {}\n\napp.register_blueprint(bp)\n",
      name: "a RESTX Namespace is its own group of siblings, as a blueprint is (Flask-RESTX's equivalent of one)",
    },
  ],
  invalid: [
    {
      code: HEAD + PROTECTED_PAIR + "\n@app.get('/email_captcha')\ndef mail_code():\n    return send_code(request.args['to'])\n\n@app.get('/captcha/<int:post_id>')\ndef challenge_for(post_id):\n    return draw_challenge()\n\n@app.get('/captcha/stats')\ndef captcha_report():\n    return []\n",
      errors: [{ line: 17 }, { line: 21 }, { line: 25 }],
      name: 'a captcha mailed to an address, one on a record, or a page about captchas is no challenge shown to strangers',
    },
    {
      code: HEAD + "from flask_restx import Api, Resource\n\nbp = Blueprint('shop', __name__, url_prefix='/shop')\napi = Api(bp)\n\n@bp.route('/orders')\n@login_required\ndef orders():\n    return []\n\n@bp.route('/invoices')\n@login_required\ndef invoices():\n    return []\n\n@api.route('/reports')\nclass Reports(Resource):\n    def get(self):\n        return []\n\napp.register_blueprint(bp)\n",
      errors: [{ line: 22, message: 'unlike 2 of its 2 sibling routes' }],
      name: "a RESTX Api's own resources (`@api.route`) are siblings of the routes of the blueprint it is mounted on",
    },
    {
      code: HEAD + PROTECTED_PAIR + "from flask import request\n\n@app.get('/test-connection')\ndef try_host():\n    return {'ok': reach(request.args['host'])}\n\n@app.get('/connections/test')\ndef saved():\n    return []\n",
      errors: [{ line: 18 }, { line: 22 }],
      name: 'a connection test that takes its target from the caller, or on no probe path, is no health check',
    },
    {
      code: HEAD + PROTECTED_PAIR + "\n@app.route('/reports', methods=['GET', 'POST'])\ndef reports():\n    if request.method == 'POST':\n        if not current_user.is_authenticated:\n            abort(401)\n        return save_report(request.form)\n    return render_template('report_form.html')\n",
      errors: [{ line: 17, message: 'Route `/reports` accepts GET/HEAD requests without authentication, unlike 2 of its 2 sibling routes' }],
      name: 'a POST checked in its own branch leaves the GET form open among guarded siblings',
    },
    {
      code: { 'app.py': "from flask import Flask\nfrom flask_appbuilder import AppBuilder\nfrom views import SqlLabView, TagView\n\napp = Flask(__name__)\nappbuilder = AppBuilder(app)\nappbuilder.add_view_no_menu(SqlLabView)\nappbuilder.add_view_no_menu(TagView)\n", 'views.py': "from flask_appbuilder import BaseView, expose\nfrom flask_appbuilder.security.decorators import has_access_api\n\n\nclass SqlLabView(BaseView):\n    route_base = '/sqllab'\n\n    @expose('/queries/')\n    @has_access_api\n    def queries(self):\n        return []\n\n    @expose('/tables/')\n    @has_access_api\n    def tables(self):\n        return []\n\n    @expose('/history/')\n    def history(self):\n        return []\n\n\nclass TagView(BaseView):\n    route_base = '/tags'\n\n    @expose('/')\n    def tags(self):\n        return []\n" },
      errors: [{ file: 'views.py', line: 19, message: 'Route `/sqllab/history/` accepts requests without authentication, unlike 2 of its 2 sibling routes' }],
      name: 'a Flask-AppBuilder view is a blueprint of its own: its siblings are the other `@expose` methods of the class',
    },
    {
      // RULES.md: the siblings are the other routes of the blueprint or app, the writes of the same URL included.
      code: HEAD + "from flask_jwt_extended import jwt_required\n\n@app.get('/articles/<slug>')\ndef get_article(slug):\n    return {}\n\n@app.put('/articles/<slug>')\n@jwt_required()\ndef update_article(slug):\n    return {}\n\n@app.delete('/articles/<slug>')\n@jwt_required()\ndef delete_article(slug):\n    return ''\n",
      errors: [{ line: 8 }],
      name: 'a read left open beside the guarded writes of its own URL is inconsistent with them',
    },
    {
      code: HEAD + PROTECTED_PAIR + "\n@app.get('/reports')\ndef reports():\n    return []\n\n@app.post('/reports')\n@login_required\ndef add_report():\n    return ''\n",
      errors: [{ line: 17 }],
      output: HEAD + PROTECTED_PAIR + "\n@app.get('/reports')\n@login_required\ndef reports():\n    return []\n\n@app.post('/reports')\n@login_required\ndef add_report():\n    return ''\n",
      name: 'a read open beside its guarded write while other reads are guarded is still the odd one out',
    },
    {
      code: HEAD + PROTECTED_PAIR + "\n@app.get('/api/v2/stats')\ndef stats():\n    return {}\n",
      errors: [{ line: 17 }],
      output: HEAD + PROTECTED_PAIR + "\n@app.get('/api/v2/stats')\n@login_required\ndef stats():\n    return {}\n",
      name: 'a page under the API root is no index',
    },
    {
      code: "from flask import Flask, request, session, redirect\n\napp = Flask(__name__)\n\n\n@app.before_request\ndef require_login():\n    if request.method == 'GET':\n        return\n    if 'username' not in session:\n        return redirect('/login')\n\n\n" +
        "@app.route('/orders')\ndef orders():\n    if 'username' not in session:\n        return redirect('/login')\n    return []\n\n@app.route('/invoices')\ndef invoices():\n    if 'username' not in session:\n        return redirect('/login')\n    return []\n\n@app.route('/reports')\ndef reports():\n    return []\n",
      errors: [{ line: 27 }],
      name: 'a guard that skips a method names no route: the odd one out is still reported',
    },
    {
      code: HEAD + PROTECTED_PAIR + "\n@app.route('/reports')\ndef reports():\n    return []\n",
      errors: [{ line: 17, column: 5, message: 'Route `/reports` accepts requests without authentication, unlike 2 of its 2 sibling routes' }],
      output: HEAD + PROTECTED_PAIR + "\n@app.route('/reports')\n@login_required\ndef reports():\n    return []\n",
    },
    {
      code: BLUEPRINT_ODD_ONE,
      errors: [{ line: 23, message: '`/shop/reports` accepts requests without authentication, unlike 2 of its 2 sibling routes' }],
      output: insertAbove(BLUEPRINT_ODD_ONE, '@login_required', 'def reports('),
      name: 'blueprint siblings, the public login route not counted',
    },
    {
      code: OPTIONAL_JWT,
      errors: [{ line: 20 }],
      // The fix makes the optional check required rather than stacking another decorator.
      output: OPTIONAL_JWT.replace('@jwt_required(optional=True)', '@jwt_required()'),
      name: '`jwt_required(optional=True)` is not authentication',
    },
    {
      code: HALF_PROTECTED,
      errors: [{ line: 17, message: 'unlike 2 of its 4' }, { line: 21 }, { line: 25 }],
      output: insertAbove(HALF_PROTECTED, '@login_required', 'def a(', 'def b(', 'def c('),
      name: 'exactly half of the siblings protected is enough',
    },
  ],
});
