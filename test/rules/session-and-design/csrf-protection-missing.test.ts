import rule from '../../../server/src/rules/session-and-design/csrf-protection-missing';
import { ruleTester } from '../rule-tester';
import { at, lines } from './positions';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingLines } from '../../helpers/findings';

const VIEW = lines('', '', "@app.post('/settings/email')", '@login_required', 'def change_email():', "    current_user.email = request.form['email']", "    return 'ok'");
const APP = lines('from flask import Flask, request', 'from flask_login import LoginManager, current_user, login_required', '', 'app = Flask(__name__)', 'login_manager = LoginManager(app)', '', '', '@login_manager.user_loader', 'def load_user(user_id):', '    return None') + VIEW;
const protectedApp = (setup: string) => APP.replace('login_manager = LoginManager(app)\n', `login_manager = LoginManager(app)\n${setup}\n`);
const withCsrf = (extra: string) => lines('from flask_wtf.csrf import CSRFProtect') + protectedApp(`csrf = CSRFProtect(app)\n${extra}`);

/** The view behind `decorator` instead of `@login_required`, with Authlib's OAuth2 resource protector and `setup` beside it. */
const oauthApp = (decorator: string, ...setup: string[]) =>
  lines('from authlib.integrations.flask_oauth2 import ResourceProtector') +
  protectedApp(lines('require_oauth = ResourceProtector()', ...setup)).replace("@app.post('/settings/email')\n@login_required\n", `@app.post('/settings/email')\n${decorator}\n`);
/** A project decorator factory whose wrapper hands the view to `guard`. */
const scopedBy = (guard: string) => oauthApp("@scoped('profile')", '', '', 'def scoped(scope):', '    def decorator(f):', `        return ${guard}(f)`, '    return decorator');
const scopedByOauth = scopedBy('require_oauth(scope)');
const scopedByLogin = scopedBy('login_required');
/** `Latest` holds the letters of `test`, not the word. */
const inheritedTestConfig = withCsrf('') + lines('', '', 'class TestingConfig:', '    TESTING = True', '    WTF_CSRF_ENABLED = False', '', '', 'class ProductionConfig(TestingConfig):', '    TESTING = False');
const latestConfig = withCsrf('') + lines('', '', 'class LatestConfig:', '    WTF_CSRF_ENABLED = False');
/** Round 21: a development configuration repeats the setting of the base it inherits; two unrelated configurations are two settings. */
const repeatedInSubclass = withCsrf('') + lines('', '', 'class BaseConfig:', '    WTF_CSRF_ENABLED = False', '', '', 'class DevConfig(BaseConfig):', '    DEBUG = False', '    WTF_CSRF_ENABLED = False');
const twoUnrelated = withCsrf('') + lines('', '', 'class DevConfig:', '    WTF_CSRF_ENABLED = False', '', '', 'class ProductionConfig:', '    WTF_CSRF_ENABLED = False');
const disabled = withCsrf("app.config['WTF_CSRF_ENABLED'] = False");
const cacheApp = lines('from extensions import cache') + protectedApp('cache.init_app(app)');
const exempt = withCsrf('').replace("@app.post('/settings/email')\n", "@app.post('/settings/email')\n@csrf.exempt\n");
/** A session-cookie shop whose basket view serves a signed-in caller before it builds and validates the sign-up form. */
const basketApp = (signedIn: string[]) =>
  lines('from flask import Flask, redirect, render_template, request, session', 'from forms import SignupForm', 'from models import Order, User, db', '', 'app = Flask(__name__)', '', '', "@app.post('/login')", 'def login():', "    user = User.query.filter_by(email=request.form['email']).first()", "    if user and user.check_password(request.form['password']):", "        session['user_id'] = user.id", "    return redirect('/')", '', '', "@app.route('/basket', methods=['GET', 'POST'])", 'def basket():', "    if session.get('user_id'):", ...signedIn.map((l) => '        ' + l), '    form = SignupForm()', '    if form.validate_on_submit():', '        db.session.add(Order(email=form.email.data))', '        db.session.commit()', "        return redirect('/thanks')", "    return render_template('basket.html', form=form)");
const basketCommitsFirst = basketApp(["db.session.add(Order(owner_id=session['user_id']))", 'db.session.commit()', "return redirect('/thanks')"]);
const factory = {
  'shop/__init__.py': lines('from flask import Flask', 'from flask_login import LoginManager', '', 'login_manager = LoginManager()', '', '', 'def create_app():', '    app = Flask(__name__)', '    login_manager.init_app(app)', '    from shop.views import bp', '    app.register_blueprint(bp)', '    return app'),
  'shop/views.py': lines('from flask import Blueprint, request', 'from flask_login import current_user, login_required, login_user', '', "bp = Blueprint('main', __name__)", '', '', "@bp.post('/transfer')", '@login_required', 'def transfer():', "    current_user.balance -= int(request.form['amount'])", "    return 'ok'"),
};

/** The factory serves a read-only blueprint; the one with the write route is registered by no app. */
const unservedWrites = {
  ...factory,
  'shop/views.py': lines('from flask import Blueprint', 'from flask_login import current_user, login_required', '', "bp = Blueprint('main', __name__)", '', '', "@bp.get('/balance')", '@login_required', 'def balance():', '    return str(current_user.balance)'),
  'shop/legacy.py': factory['shop/views.py'].replace("Blueprint('main'", "Blueprint('legacy'"),
};

// CTFd: the login keeps `session['id']`; a before_request hook checks the session's nonce against the form or header.
const NONCE_HOOK = ['', '', '@app.before_request', 'def csrf():', "    if request.method not in ('GET', 'HEAD', 'OPTIONS'):", "        if session['nonce'] != request.form.get('nonce', request.headers.get('CSRF-Token')):", '            abort(403)'];
const sessionIdApp = (...hook: string[]) => lines(
  'from flask import Flask, abort, request, session',
  '',
  'app = Flask(__name__)',
  '',
  '',
  "@app.post('/login')",
  'def login():',
  "    user = find_user(request.form['name'])",
  "    session['id'] = user.id",
  "    return 'ok'",
  '',
  '',
  "@app.post('/profile')",
  'def update_profile():',
  "    if not session.get('id'):",
  '        abort(403)',
  "    save_name(session['id'], request.form['name'])",
  "    return 'ok'",
  ...hook,
);
const sessionIdNoCsrf = sessionIdApp();
/** A before_request hook that answers a POST with a mismatched session token by `refusal` (any value ends the request). */
const answeringHook = (refusal: string) =>
  sessionIdApp('', '', '@app.before_request', 'def csrf_protect():', "    if request.method == 'POST':", "        token = session.get('_csrf_token')", "        if not token or token != request.form.get('_csrf_token'):", `            ${refusal}`);
const hookReturnsNone = answeringHook('return None');
/** The login keeps the account's id under the bare key `id`, however its record is named: who the user is. */
const sessionIdLogin = (...login: string[]) => sessionIdApp().replace("    user = find_user(request.form['name'])\n    session['id'] = user.id\n", lines(...login.map((l) => '    ' + l)));
const sessionIdAfterPassword = sessionIdLogin("found = find_user(request.form['name'])", "if not check_password_hash(found.pw, request.form['password']):", '    abort(401)', "session['id'] = found.id");
const sessionIdOfNamedUser = sessionIdLogin("signed_in_user = find_user(request.form['name'])", "session['id'] = signed_in_user.id");
/** Other ids kept under `id` with no password checked: a basket's, a random visitor id. */
const sessionIdOfBasket = sessionIdLogin("basket = new_basket(request.form['name'])", "session['id'] = basket.id");
const sessionIdOfVisitor = sessionIdLogin("session['id'] = uuid4().hex");
/** Round 24: the same login keeping the id under a key of its own (`user_doc_id`, a document store's id). */
const keyedLogin = (key: string, ...login: string[]) => sessionIdLogin(...login).replaceAll("session['id']", `session['${key}']`).replace("session.get('id')", `session.get('${key}')`);
const docIdAfterPassword = keyedLogin('user_doc_id', "found = find_user(request.form['name'])", "if not check_password_hash(found.pw, request.form['password']):", '    abort(401)', "session['id'] = found.doc_id");
const accountPkOfUser = keyedLogin('account_pk', "member = find_user(request.form['name'])", "session['id'] = member.id");
const basketIdKept = keyedLogin('basket_id', "basket = new_basket(request.form['name'])", "session['id'] = basket.id");
const visitorUuidKept = keyedLogin('visitor_uuid', "session['id'] = uuid4().hex");
/** A form built with its CSRF token switched off protects nothing, however it is validated. */
const formWithoutCsrf = (build: string) => APP.replace("    current_user.email = request.form['email']\n", `    form = ${build}\n    if form.validate_on_submit():\n        current_user.email = form.email.data\n`);
const csrfOffKeyword = formWithoutCsrf('EmailForm(csrf_enabled=False)');
const csrfOffMeta = formWithoutCsrf("EmailForm(request.form, meta={'csrf': False})");
// Two apps in one project (a separate admin service): CSRFProtect on one of them does not protect the other.
const secondApp = { 'admin/app.py': APP, 'shop/app.py': withCsrf('') };
// `csrf.init_app(app)` on an app passed in: it may be either app, so neither is reported.
const secondAppUnplaced = { 'admin/app.py': APP, 'shop/extensions.py': lines('from flask_wtf.csrf import CSRFProtect', '', 'csrf = CSRFProtect()', '', '', 'def init_extensions(app):', '    csrf.init_app(app)') };

// The extensions are set up in a loop in the factory, CSRFProtect among them or not.
// Found on real code (Redash): the protector comes from a module the checkout lacks, and views are exempted from it.
const importedProtector = (extensions: Record<string, string>) => ({
  ...extensions,
  'app.py': lines('from extensions import csrf') + APP + lines('', '', "@app.post('/webhooks/stripe')", '@csrf.exempt', 'def stripe_webhook():', "    return '', 204"),
});
const protectorOutOfSight = importedProtector({});
const protectorNeverInstalled = importedProtector({ 'extensions.py': lines('from flask_wtf.csrf import CSRFProtect', '', 'csrf = CSRFProtect()') });
const extensionLoop = (extensions: string, loop = '(login_manager, csrf)') =>
  lines(
    'from flask import Flask, request',
    'from flask_login import LoginManager, current_user, login_required',
    'from flask_wtf.csrf import CSRFProtect',
    '',
    'csrf = CSRFProtect()',
    'login_manager = LoginManager()',
    extensions,
    '',
    '',
    'def create_app():',
    '    app = Flask(__name__)',
    `    for ext in ${loop}:`,
    '        ext.init_app(app)',
    '',
    "    @app.post('/profile/name')",
    '    @login_required',
    '    def rename():',
    "        current_user.name = request.form['name']",
    "        return 'ok'",
    '',
    '    return app',
  );
const loopWithoutCsrf = extensionLoop('', '(login_manager,)');
// A JSON API whose own `login_user` service hands out a bearer token; the write checks that token itself.
const tokenService = {
  'app.py': lines(
    'import os',
    'import jwt',
    'from flask import Flask, abort, request',
    'from accounts import login_user',
    '',
    'app = Flask(__name__)',
    "SECRET = os.environ['JWT_SECRET']",
    '',
    '',
    "@app.post('/sessions')",
    'def sign_in():',
    '    return login_user(request.get_json())',
    '',
    '',
    "@app.delete('/drafts/<int:draft_id>')",
    'def discard_draft(draft_id):',
    '    try:',
    "        jwt.decode(request.headers.get('Authorization', ''), SECRET, algorithms=['HS256'])",
    '    except jwt.InvalidTokenError:',
    '        abort(401)',
    "    return '', 204",
  ),
  'accounts.py': lines('import os', 'import jwt', '', '', 'def login_user(payload):', "    claims = {'sub': payload['name'], 'exp': 4102444800}", "    return {'token': jwt.encode(claims, os.environ['JWT_SECRET'], algorithm='HS256')}"),
};
// The same API with Flask-Login's `login_user` behind it, and a write that acts with the session's user.
const flaskLoginService = {
  'app.py': tokenService['app.py'].replace('from flask import Flask, abort, request', 'from flask import Flask, abort, request, session') +
    lines('', '', "@app.post('/drafts')", 'def save_draft():', "    return {'owner': session.get('user_id'), 'text': request.form['text']}, 201"),
  'accounts.py': lines('from flask_login import login_user'),
};
// A payment provider's webhook next to a Flask-Login app, exempt from CSRF; `check` is what it refuses the request on.
const webhook = (check: string, imports = 'import hmac') =>
  lines(imports) +
  withCsrf("SECRET = 'from-the-environment'") +
  lines('', '', "@app.post('/webhooks/payments')", '@csrf.exempt', 'def payments_webhook():', `    if ${check}:`, '        abort(401)', "    return '', 204").replace('from flask import Flask, request', 'from flask import Flask, abort, request, session');
const signedWebhook = webhook("not hmac.compare_digest(request.headers.get('X-Signature', ''), SECRET)");
// An API blueprint next to a Flask-Login app (no CSRFProtect), guarded by a hook that refuses the request on `check`.
const keyHook = (check: string) => ({
  'app.py': lines('from flask import Flask', 'from flask_login import LoginManager', 'from api import api', '', 'app = Flask(__name__)', 'login_manager = LoginManager(app)', "app.register_blueprint(api, url_prefix='/api')"),
  'api.py': lines(
    'import os',
    'from flask import Blueprint, abort, request, session',
    '',
    "api = Blueprint('api', __name__)",
    '',
    '',
    'def presented_key():',
    "    return request.headers.get('X-API-Key', '')",
    '',
    '',
    '@api.before_request',
    'def api_guard():',
    `    if ${check}:`,
    '        abort(401)',
    '',
    '',
    "@api.route('/notes/', methods=['POST'])",
    'def add_note():',
    "    return 'created', 201",
  ),
});
// An API blueprint guarded by a hook that asks for HTTP Basic credentials, next to a Flask-Login app.
const hookGuarded = (credentials: string) => ({
  'app.py': lines('from flask import Flask', 'from flask_login import LoginManager', 'from api import api', '', 'app = Flask(__name__)', 'login_manager = LoginManager(app)', "app.register_blueprint(api, url_prefix='/api')"),
  'api.py': lines(
    'from flask import Blueprint',
    'from flask_httpauth import HTTPBasicAuth',
    'from flask_login import login_required',
    '',
    "api = Blueprint('api', __name__)",
    'basic = HTTPBasicAuth()',
    '',
    '',
    '@api.before_request',
    `@${credentials}`,
    'def api_guard():',
    '    pass',
    '',
    '',
    "@api.route('/notes/', methods=['POST'])",
    'def add_note():',
    "    return 'created', 201",
  ),
});

// A JSON API on Flask-JWT-Extended, its token in `location`, with more settings given as `extra`.
const jwtCookieApp = (extra: string, location = "['cookies']") =>
  lines(
    'from flask import Flask, request',
    'from flask_jwt_extended import JWTManager, get_jwt_identity, jwt_required',
    '',
    'app = Flask(__name__)',
    `app.config['JWT_TOKEN_LOCATION'] = ${location}`,
    extra,
    'JWTManager(app)',
    '',
    '',
    "@app.post('/notes')",
    '@jwt_required()',
    'def add_note():',
    "    return {'owner': get_jwt_identity(), 'text': request.form['text']}, 201",
  );
const jwtCookieUnchecked = jwtCookieApp("app.config['JWT_COOKIE_CSRF_PROTECT'] = False");
// Flask-Security with its session login on, but every view of the app asks for a token.
const securityTokenViews = (mechanisms: string) =>
  lines(
    'from flask import Flask',
    'from flask_security import Security, auth_required, roles_required',
    '',
    'app = Flask(__name__)',
    "app.config['WTF_CSRF_ENABLED'] = False",
    'security = Security(app, datastore)',
    '',
    '',
    "@app.post('/courses')",
    `@auth_required(${mechanisms})`,
    "@roles_required('teacher')",
    'def add_course():',
    "    return 'created', 201",
  );

// A Flask-JWT-Extended API (tokens in headers) whose login also sets a refresh-token cookie; a project decorator tests `check`.
const jwtRefreshCookie = (check: string) =>
  lines(
    'from functools import wraps',
    'from flask import Flask, jsonify, request',
    'from flask_jwt_extended import JWTManager, create_refresh_token, get_jwt_identity, jwt_required',
    '',
    'app = Flask(__name__)',
    'JWTManager(app)',
    '',
    '',
    'def admin_required(view):',
    '    @wraps(view)',
    '    def wrapper(*args, **kwargs):',
    `        if ${check}:`,
    "            return jsonify(error='admins only'), 401",
    '        return view(*args, **kwargs)',
    '    return wrapper',
    '',
    '',
    "@app.post('/login')",
    'def login():',
    '    response = jsonify(ok=True)',
    "    response.set_cookie('refresh_token', create_refresh_token(identity=request.json['email']))",
    '    return response',
    '',
    '',
    "@app.post('/users/<user_id>/op')",
    '@jwt_required()',
    '@admin_required',
    'def op_user(user_id):',
    '    return jsonify(op=user_id)',
  );
const refreshCookieRead = jwtRefreshCookie("request.cookies.get('refresh_token') is None");
// An admin login that keeps a flag in the session, and a write view that sends callers without it to the login.
const adminFlagApp = lines(
  'from flask import Flask, redirect, request, session',
  'from models import Machine, db',
  '',
  'app = Flask(__name__)',
  '',
  '',
  "@app.post('/admin/login')",
  'def admin_login():',
  "    if request.form['password'] == app.config['ADMIN_PASSWORD']:",
  "        session['admin_logged_in'] = True",
  "    return redirect('/admin')",
  '',
  '',
  "@app.post('/admin/machines/delete/<int:machine_id>')",
  'def delete_machine(machine_id):',
  "    if not session.get('admin_logged_in'):",
  "        return redirect('/admin/login')",
  '    db.session.delete(db.session.get(Machine, machine_id))',
  '    db.session.commit()',
  "    return redirect('/admin')",
);

// A JSON API whose own `token_required` wrapper finds the token with `read`; `login` hands it out, as a cookie or in the body.
const ownTokenDecorator = (read: string, handOut = "    response.set_cookie('access_token', token, secure=True, httponly=True, samesite='Lax')") =>
  lines(
    'import os',
    'from functools import wraps',
    'import jwt',
    'from flask import Flask, abort, jsonify, request',
    '',
    'app = Flask(__name__)',
    "SECRET = os.environ['JWT_SECRET']",
    '',
    '',
    'def presented_token():',
    "    return request.cookies.get('access_token')",
    '',
    '',
    'def token_required(view):',
    '    @wraps(view)',
    '    def wrapper(*args, **kwargs):',
    `        token = ${read}`,
    '        try:',
    "            claims = jwt.decode(token, SECRET, algorithms=['HS256'])",
    '        except jwt.InvalidTokenError:',
    '            abort(401)',
    "        return view(claims['sub'], *args, **kwargs)",
    '    return wrapper',
    '',
    '',
    "@app.post('/login')",
    'def login():',
    "    token = jwt.encode({'sub': request.form['name']}, SECRET, algorithm='HS256')",
    "    response = jsonify(token=token)",
    handOut,
    '    return response',
    '',
    '',
    "@app.post('/notes')",
    '@token_required',
    'def add_note(user_id):',
    "    return {'owner': user_id, 'text': request.form['text']}, 201",
  );
const cookieTokenDecorator = ownTokenDecorator("request.cookies.get('access_token')");
// Web pages on Flask-Login, and an API whose project decorator asks Flask-JWT-Extended for the token (in `location`).
const jwtWrapperApp = (location: string, extra = '') =>
  lines(
    'from functools import wraps',
    'from flask import Flask, abort, request',
    'from flask_jwt_extended import JWTManager, current_user, verify_jwt_in_request',
    'from flask_login import LoginManager',
    '',
    'app = Flask(__name__)',
    `app.config['JWT_TOKEN_LOCATION'] = ${location}`,
    extra,
    'JWTManager(app)',
    'LoginManager(app)',
    '',
    '',
    'def admin_required(view):',
    '    @wraps(view)',
    '    def wrapper(*args, **kwargs):',
    '        verify_jwt_in_request()',
    '        if not current_user.is_admin:',
    '            abort(403)',
    '        return view(*args, **kwargs)',
    '    return wrapper',
    '',
    '',
    "@app.post('/admin/notices')",
    '@admin_required',
    'def post_notice():',
    "    return {'text': request.form['text']}, 201",
  );
const jwtWrapperInCookie = jwtWrapperApp("['cookies']", "app.config['JWT_COOKIE_CSRF_PROTECT'] = False");

// A hand-rolled session login whose key is a module constant; `check` guards the account deletion.
const sessionConstant = (check = '') =>
  lines(
    'from flask import Flask, abort, redirect, request, session',
    '',
    "USER_KEY = 'username'",
    'app = Flask(__name__)',
    '',
    '',
    "@app.post('/login')",
    'def login():',
    "    session[USER_KEY] = request.form['username']",
    "    return redirect('/')",
    '',
    '',
    "@app.post('/accounts/<name>/delete')",
    'def delete_account(name):',
    check,
    '    if session.get(USER_KEY) != name:',
    '        abort(401)',
    "    return redirect('/')",
  );
const sessionConstantApp = sessionConstant();

const HEADER_READ = "request.headers.get('Authorization', '').removeprefix('Bearer ')";
/** The header-token decorator keeps the caller in `store` (a local, or `g`) before calling the view. */
const headerCallerIn = (store: string) =>
  ownTokenDecorator(HEADER_READ, '').replace('from flask import Flask, abort, jsonify, request', 'from flask import Flask, abort, g, jsonify, request').replace("        return view(claims['sub'], *args, **kwargs)", `        ${store} = claims['sub']\n        return view(${store}, *args, **kwargs)`);
// An API blueprint exempt from CSRFProtect whose decorator reads a JWT cookie and, first, `csrfCheck`.
const exemptCookieApi = (csrfCheck: string[]) => ({
  'app.py': lines('from flask import Flask', 'from flask_wtf.csrf import CSRFProtect', 'from api import api', '', 'app = Flask(__name__)', 'csrf = CSRFProtect(app)', 'csrf.exempt(api)', "app.register_blueprint(api, url_prefix='/api')"),
  'api.py': lines(
    'from functools import wraps',
    'from flask import Blueprint, jsonify, request, session',
    'from tokens import decode',
    '',
    "api = Blueprint('api', __name__)",
    '',
    '',
    'def cookie_jwt_required(view):',
    '    @wraps(view)',
    '    def wrapper(*args, **kwargs):',
    ...csrfCheck.map((l) => '        ' + l),
    "        claims = decode(request.cookies.get('app_jwt'))",
    '        if claims is None:',
    "            return jsonify(error='denied'), 401",
    '        return view(*args, **kwargs)',
    '    return wrapper',
    '',
    '',
    "@api.post('/reports')",
    '@cookie_jwt_required',
    'def file_report():',
    "    return {'ok': True}, 201",
  ),
});
const XSRF_CHECK = ["sent = request.headers.get('X-XSRF-TOKEN')", "kept = session.get('X-XSRF-TOKEN')", 'if not sent or sent != kept:', "    return jsonify(error='csrf'), 400"];

ruleTester(rule, {
  valid: [
    { code: unservedWrites, name: 'state-changing routes of a blueprint no app registers are never served: they change nothing' },
    { code: { 'app.py': withCsrf(''), 'config/testing.py': 'WTF_CSRF_ENABLED = False\n' }, name: 'a settings module for tests' },
    { code: withCsrf("app.config.update(TESTING=True, WTF_CSRF_ENABLED=False)"), name: 'a call that switches TESTING on beside it' },
    { code: sessionIdApp(...NONCE_HOOK), name: "CTFd's before_request nonce check guards the session-authenticated writes" },
    { code: answeringHook("return 'Invalid CSRF token!'"), name: 'a before_request hook that answers a mismatched session token with a plain string ends the request' },
    { code: secondAppUnplaced, name: 'csrf.init_app on an app the analysis cannot place may protect either app' },
    { code: protectorOutOfSight, name: 'views exempted from a protector imported from a module outside the workspace, which installs it' },
    { code: lines('from flask_wtf import CsrfProtect') + protectedApp('csrf = CsrfProtect()\ncsrf.init_app(app)'), name: "Flask-WTF's pre-1.0 name, CsrfProtect" },
    { code: lines('from extensions import csrf') + protectedApp('csrf.init_app(app)'), name: 'csrf.init_app of a protector imported from a module the workspace lacks' },
    { code: withCsrf(''), name: 'CSRFProtect(app)' },
    { code: oauthApp("@require_oauth('profile')"), name: "Authlib's require_oauth: a bearer token a cross-site form cannot send" },
    { code: scopedByOauth, name: "a project decorator whose wrapper is Authlib's require_oauth (flask-restplus-server-example's api.login_required)" },
    {
      code: { ...factory, 'shop/__init__.py': factory['shop/__init__.py'].replace('login_manager = LoginManager()\n', 'login_manager = LoginManager()\ncsrf = CSRFProtect()\n').replace('    login_manager.init_app(app)\n', '    login_manager.init_app(app)\n    csrf.init_app(app)\n').replace('from flask import Flask\n', 'from flask import Flask\nfrom flask_wtf.csrf import CSRFProtect\n') },
      name: 'csrf.init_app in the factory',
    },
    { code: withCsrf("app.config['WTF_CSRF_CHECK_DEFAULT'] = False"), name: "WTF_CSRF_CHECK_DEFAULT = False alone (Flask-Security's setup)" },
    { code: withCsrf('') + lines('', '', 'class TestingConfig:', '    TESTING = True', '    WTF_CSRF_ENABLED = False'), name: 'test configuration' },
    {
      code: lines('from flask import Flask, request', 'from flask_jwt_extended import JWTManager, jwt_required', '', 'app = Flask(__name__)', 'JWTManager(app)', '', '', "@app.post('/items')", '@jwt_required()', 'def create_item():', "    return request.get_json(), 201"),
      name: 'token-only app',
    },
    {
      code: withCsrf('') + lines('', '', "@app.post('/webhooks/stripe')", '@csrf.exempt', 'def stripe_webhook():', "    return '', 204"),
      name: 'exempt webhook that does not act for a logged-in user',
    },
    { code: APP.replace("    current_user.email = request.form['email']\n", "    form = EmailForm()\n    if form.validate_on_submit():\n        current_user.email = form.email.data\n"), name: 'every write validates a Flask-WTF form' },
    { code: basketApp(["return redirect('/checkout')"]), name: 'a signed-in branch ahead of the form that saves nothing: every write validates the form' },
    { code: extensionLoop(''), name: 'csrf.init_app in a loop over the extensions' },
    { code: extensionLoop('EXTENSIONS = [login_manager, csrf]', 'EXTENSIONS'), name: 'csrf.init_app in a loop over a module list of the extensions' },
    { code: tokenService, name: "the project's own login_user returns a token: no cookie session" },
    { code: hookGuarded('basic.login_required'), name: 'blueprint hook behind HTTPBasicAuth: header credentials' },
    { code: jwtCookieApp(''), name: "a JWT in a cookie keeps Flask-JWT-Extended's own CSRF check (JWT_COOKIE_CSRF_PROTECT defaults to True)" },
    { code: jwtCookieApp("app.config['JWT_COOKIE_CSRF_PROTECT'] = False", "['headers']"), name: 'JWT_COOKIE_CSRF_PROTECT = False with the token in a header only' },
    { code: securityTokenViews("'token'"), name: "Flask-Security views that accept only a token (`auth_required('token')`), next to a role check" },
    { code: signedWebhook, name: 'exempt webhook that checks a signature header and never reads the session' },
    {
      code: webhook("not verify_key.verify(request.data, request.headers['X-Signature-Ed25519'])", 'from nacl.signing import VerifyKey'),
      name: 'exempt webhook that checks a signature header named after its algorithm (Discord: X-Signature-Ed25519)',
    },
    {
      code: webhook("not hmac.compare_digest(signature, SECRET)").replace('    if not', "    signature = request.headers['Stripe-Signature']\n    if not"),
      name: 'exempt webhook that checks a signature header read into a name',
    },
    { code: keyHook("presented_key() != os.environ['API_KEY']"), name: 'blueprint hook that refuses requests without an API-key header, read by a helper' },
    {
      code: ownTokenDecorator("request.headers.get('Authorization', '').removeprefix('Bearer ')", ''),
      name: "a project's `token_required` that reads the Authorization header: header credentials",
    },
    {
      code: ownTokenDecorator("request.headers.get('Authorization', '').removeprefix('Bearer ')"),
      name: "a project's `token_required` that reads the Authorization header, in an app that also sets a token cookie",
    },
    { code: sessionIdOfBasket, name: "`session['id']` holding a basket's id, no password checked, identifies no one" },
    { code: sessionIdOfVisitor, name: "`session['id']` holding a random visitor id identifies no one" },
    { code: basketIdKept, name: "`session['basket_id']` holding a basket's id, no password checked, identifies no one" },
    { code: visitorUuidKept, name: "`session['visitor_uuid']` holding a random id identifies no one" },
    { code: formWithoutCsrf('EmailForm(csrf_enabled=True)'), name: 'a form with CSRF explicitly on checks the token' },
    { code: sessionConstant('    form = DeleteForm()\n    if not form.validate_on_submit():\n        abort(400)'), name: 'the session-constant app whose write validates a Flask-WTF form' },
    { code: headerCallerIn('current_user'), name: "a header-token decorator that keeps the caller in a local named `current_user`" },
    { code: headerCallerIn('g.current_user'), name: 'a header-token decorator that keeps the caller in `g.current_user`' },
    { code: exemptCookieApi(XSRF_CHECK), name: "an exempt blueprint whose cookie decorator refuses requests unless a header matches the session's XSRF token" },
    { code: jwtWrapperApp("['headers']"), name: "a project's decorator that calls verify_jwt_in_request, the token in a header (its current_user is the token's)" },
    { code: jwtRefreshCookie("get_jwt_identity() != 'root'"), name: 'a refresh-token cookie the app sets but never reads back: its tokens ride in headers' },
  ],
  invalid: [
    { code: hookReturnsNone, errors: [{ ...at(hookReturnsNone, 'Flask(__name__)') }], name: 'a before_request hook that returns None on a mismatched token lets the request through' },
    { code: docIdAfterPassword, errors: [{ ...at(docIdAfterPassword, 'Flask(__name__)') }], name: "a login that checked the password keeps the account's id under `user_doc_id`" },
    { code: accountPkOfUser, errors: [{ ...at(accountPkOfUser, 'Flask(__name__)') }], name: "an account's id kept under `account_pk`" },
    { code: refreshCookieRead, errors: [{ ...at(refreshCookieRead, 'Flask(__name__)'), message: '(`/users/<user_id>/op`)' }], name: 'a decorator that reads the refresh-token cookie the login sets' },
    { code: adminFlagApp, errors: [{ ...at(adminFlagApp, 'Flask(__name__)'), message: '(`/admin/machines/delete/<int:machine_id>`)' }], name: 'a session flag the view tests as its login gate is the cookie identity, whatever the login named it' },
    { code: basketCommitsFirst, errors: [{ ...at(basketCommitsFirst, 'Flask(__name__)'), message: 'state-changing routes (`/basket`) but no CSRF protection' }], name: 'a view that saves and answers for the signed-in caller before it validates its form' },
    { code: cacheApp, errors: [{ ...at(cacheApp, 'Flask('), message: 'no CSRF protection' }], name: 'another extension imported from a module the workspace lacks protects nothing' },
    { code: scopedByLogin, errors: [{ ...at(scopedByLogin, 'Flask(__name__)'), message: 'state-changing routes' }], name: "the same project decorator handing the view to Flask-Login's login_required" },
    { code: inheritedTestConfig, errors: [{ ...at(inheritedTestConfig, 'WTF_CSRF_ENABLED'), message: '`WTF_CSRF_ENABLED = False`' }], output: inheritedTestConfig.replace('WTF_CSRF_ENABLED = False', 'WTF_CSRF_ENABLED = True'), name: 'a test configuration the production configuration inherits' },
    { code: repeatedInSubclass, errors: [{ ...at(repeatedInSubclass, 'WTF_CSRF_ENABLED'), message: '`WTF_CSRF_ENABLED = False`' }], output: repeatedInSubclass.replace('WTF_CSRF_ENABLED = False', 'WTF_CSRF_ENABLED = True'), name: 'a configuration that repeats its base class\'s setting: reported once, at the base' },
    {
      code: twoUnrelated,
      errors: [{ ...at(twoUnrelated, 'WTF_CSRF_ENABLED'), message: '`WTF_CSRF_ENABLED = False`' }, { line: twoUnrelated.split('\n').findIndex((l, i, all) => l.includes('WTF_CSRF_ENABLED') && all.slice(0, i).some((p) => p.includes('WTF_CSRF_ENABLED'))) + 1, message: '`WTF_CSRF_ENABLED = False`' }],
      output: twoUnrelated.replaceAll('WTF_CSRF_ENABLED = False', 'WTF_CSRF_ENABLED = True'),
      name: 'two configurations that inherit nothing from each other: two settings',
    },
    { code: latestConfig, errors: [{ ...at(latestConfig, 'WTF_CSRF_ENABLED'), message: '`WTF_CSRF_ENABLED = False`' }], output: latestConfig.replace('WTF_CSRF_ENABLED = False', 'WTF_CSRF_ENABLED = True'), name: 'a class whose name only contains the letters of test' },
    { code: sessionIdAfterPassword, errors: [{ ...at(sessionIdAfterPassword, 'Flask(__name__)'), message: 'state-changing routes' }], name: "`session['id']` written after a password check is a cookie identity, whatever the record is called" },
    { code: sessionIdOfNamedUser, errors: [{ ...at(sessionIdOfNamedUser, 'Flask(__name__)'), message: 'state-changing routes' }], name: "`session['id'] = signed_in_user.id`: a user record's id" },
    { code: csrfOffKeyword, errors: [{ ...at(csrfOffKeyword, 'Flask(__name__)'), message: 'state-changing routes' }], name: 'a form validated with `csrf_enabled=False` checks no token' },
    { code: csrfOffMeta, errors: [{ ...at(csrfOffMeta, 'Flask(__name__)'), message: 'state-changing routes' }], name: "a form validated with `meta={'csrf': False}` checks no token" },
    { code: sessionIdNoCsrf, errors: [{ ...at(sessionIdNoCsrf, 'Flask(__name__)'), message: 'state-changing routes' }], name: "`session['id'] = user.id` is a cookie identity (CTFd, the MySQL login tutorial)" },
    { code: protectorNeverInstalled, errors: [{ ...at(protectorNeverInstalled['app.py']!, 'Flask(__name__)'), file: 'app.py', message: 'but no CSRF protection' }], name: 'views exempted from a protector of the workspace that no app installs' },
    { code: secondApp, errors: [{ ...at(APP, 'Flask(__name__)'), file: 'admin/app.py', message: 'state-changing routes (`/settings/email`) but no CSRF protection' }], name: 'CSRFProtect on another app of the project' },
    {
      code: APP,
      errors: [{ ...at(APP, 'Flask(__name__)'), message: "This app keeps users logged in with a cookie and has state-changing routes (`/settings/email`) but no CSRF protection: any site can make a logged-in browser post to them; add `CSRFProtect(app)`" }],
      output: APP.replace('from flask_login import LoginManager, current_user, login_required\n', 'from flask_login import LoginManager, current_user, login_required\nfrom flask_wtf.csrf import CSRFProtect\n').replace('app = Flask(__name__)\n', 'app = Flask(__name__)\nCSRFProtect(app)\n'),
    },
    {
      code: disabled,
      errors: [{ ...at(disabled, "app.config['WTF_CSRF_ENABLED']"), message: '`WTF_CSRF_ENABLED = False` switches CSRF protection off' }],
      output: disabled.replace("['WTF_CSRF_ENABLED'] = False", "['WTF_CSRF_ENABLED'] = True"),
    },
    { code: exempt, errors: [{ ...at(exempt, '@csrf.exempt'), message: '`csrf.exempt` removes CSRF protection from `/settings/email`' }], name: '@csrf.exempt on a cookie-authenticated view' },
    {
      code: factory,
      errors: [{ file: 'shop/__init__.py', ...at(factory['shop/__init__.py'], 'Flask(__name__)'), message: '(`/transfer`)' }],
      output: factory['shop/__init__.py'].replace('from flask_login import LoginManager\n', 'from flask_login import LoginManager\nfrom flask_wtf.csrf import CSRFProtect\n').replace('    app = Flask(__name__)\n', '    app = Flask(__name__)\n    CSRFProtect(app)\n'),
      name: 'factory with no CSRF protection: fix inside the factory',
    },
    {
      code: loopWithoutCsrf,
      errors: [{ ...at(loopWithoutCsrf, 'Flask(__name__)'), message: '(`/profile/name`)' }],
      name: 'extensions set up in a loop that leaves CSRFProtect out',
    },
    {
      code: flaskLoginService,
      errors: [{ ...at(flaskLoginService['app.py'], 'Flask(__name__)'), message: '(`/drafts`)' }],
      name: "Flask-Login's login_user, re-exported by a project module, is a cookie session",
    },
    {
      code: hookGuarded('login_required'),
      errors: [{ ...at(hookGuarded('')['app.py'], 'Flask(__name__)'), message: '(`/api/notes/`)' }],
      name: 'blueprint hook behind Flask-Login: cookie credentials',
    },
    {
      code: jwtCookieUnchecked,
      errors: [{ ...at(jwtCookieUnchecked, 'Flask(__name__)'), message: '(`/notes`) but no CSRF protection (`JWT_COOKIE_CSRF_PROTECT = False` turns off the check Flask-JWT-Extended makes on its cookie)' }],
      name: 'a JWT in a cookie with its CSRF check turned off is a cookie session',
    },
    {
      code: securityTokenViews("'token', 'session'"),
      errors: [{ ...at(securityTokenViews(''), "app.config['WTF_CSRF_ENABLED']"), message: '`WTF_CSRF_ENABLED = False`' }],
      name: "Flask-Security views that also accept the session (`auth_required('token', 'session')`)",
    },
    {
      code: webhook("session.get('user_id') is None"),
      errors: [{ ...at(webhook(''), '@csrf.exempt\ndef payments'), message: '`csrf.exempt` removes CSRF protection from `/webhooks/payments`' }],
      name: 'exempt view that refuses requests without a session user',
    },
    {
      code: webhook("session.get('user_id') is None and request.headers.get('X-API-Key') != SECRET"),
      errors: [{ ...at(webhook(''), '@csrf.exempt\ndef payments'), message: '`csrf.exempt` removes CSRF protection from `/webhooks/payments`' }],
      name: 'exempt view that takes the session user or an API-key header: the cookie alone gets through',
    },
    {
      code: keyHook("'user_id' not in session and presented_key() != os.environ['API_KEY']"),
      errors: [{ ...at(keyHook('')['app.py'], 'Flask(__name__)'), message: '(`/api/notes/`)' }],
      name: 'blueprint hook that takes the session user or an API-key header',
    },
    {
      code: exemptCookieApi([]),
      errors: [{ file: 'app.py', ...at(exemptCookieApi([])['app.py'], 'csrf.exempt(api)'), message: '`csrf.exempt` removes CSRF protection from `/api/reports`' }],
      name: 'an exempt blueprint whose decorator reads a JWT cookie and checks no CSRF token',
    },
    {
      code: sessionConstantApp,
      errors: [{ ...at(sessionConstantApp, 'Flask(__name__)'), message: '(`/accounts/<name>/delete`)' }],
      name: 'the user kept in the session under a key held in a constant',
    },
    {
      code: cookieTokenDecorator,
      errors: [{ ...at(cookieTokenDecorator, 'Flask(__name__)'), message: '(`/notes`)' }],
      name: "a project's `token_required` that reads the token from a cookie: the browser sends it by itself",
    },
    {
      code: ownTokenDecorator('presented_token()'),
      errors: [{ ...at(cookieTokenDecorator, 'Flask(__name__)'), message: '(`/notes`)' }],
      name: "a project's `token_required` whose helper reads the token from a cookie",
    },
    {
      code: ownTokenDecorator("request.headers.get('Authorization') or request.cookies.get('access_token')"),
      errors: [{ ...at(cookieTokenDecorator, 'Flask(__name__)'), message: '(`/notes`)' }],
      name: "a project's `token_required` that takes the Authorization header or the cookie: the cookie alone gets through",
    },
    {
      code: ownTokenDecorator("request.cookies.get('access_token')", ''),
      errors: [{ ...at(cookieTokenDecorator, 'Flask(__name__)'), message: '(`/notes`)' }],
      name: "a project's `token_required` that reads a cookie the app's front end sets",
    },
    {
      code: jwtWrapperInCookie,
      errors: [{ ...at(jwtWrapperInCookie, 'Flask(__name__)'), message: '(`/admin/notices`)' }],
      name: "a project's decorator that calls verify_jwt_in_request, the token in a cookie nothing checks",
    },
  ],
});

// Found on real code (miguelgrinberg/flasky): the API blueprint authenticates with HTTP Basic in a decorated
// before_request hook; its POST is not cookie-authenticated, and the web forms are FlaskForms (CSRF per form).
test('FG304: a route behind an HTTPBasicAuth before_request hook is token-authenticated', async () => {
  const files = {
    'app.py': "from flask import Flask\nfrom flask_login import LoginManager\nfrom api import api\n\napp = Flask(__name__)\nlogin_manager = LoginManager(app)\napp.register_blueprint(api, url_prefix='/api')\n",
    'api.py': "from flask import Blueprint, g, jsonify\nfrom flask_httpauth import HTTPBasicAuth\n\napi = Blueprint('api', __name__)\nauth = HTTPBasicAuth()\n\n\n@auth.verify_password\ndef verify_password(token, password):\n    g.current_user = lookup(token)\n    return g.current_user is not None\n\n\n" +
      "@api.before_request\n@auth.login_required\ndef before_request():\n    pass\n\n\n@api.route('/tokens/', methods=['POST'])\ndef get_token():\n    return jsonify(token=g.current_user.generate_auth_token())\n",
  };
  assert.deepEqual(await findingLines(files, ['FG304']), []);
});

// Found on real code (a file-sharing app): a hand-rolled synchronizer token, checked at the top of every state-changing view.
const SYNCHRONIZER_APP =
  "import os, secrets\nfrom flask import Flask, request, session, redirect, url_for\nfrom flask_login import LoginManager, login_user, login_required\n\napp = Flask(__name__)\napp.secret_key = os.environ['SECRET_KEY']\nlogin_manager = LoginManager(app)\n\n\n" +
  "def validate_csrf():\n    token = request.form.get('csrf_token') or request.headers.get('X-CSRF-Token')\n    if not token or not secrets.compare_digest(token, session.get('csrf_token', '')):\n        return False\n    return True\n\n\n" +
  "@app.route('/notes', methods=['POST'])\n@login_required\ndef create_note():\n    if not validate_csrf():\n        return 'CSRF validation failed', 403\n    return redirect(url_for('notes'))\n";

test('FG304: a session CSRF token that every POST view checks before acting', async () => {
  assert.deepEqual(await findingLines(SYNCHRONIZER_APP, ['FG304']), []);
});

test('FG304: with a session CSRF token, a POST view that skips the check is still unprotected', async () => {
  const code = SYNCHRONIZER_APP + "\n\n@app.route('/notes/<int:id>/delete', methods=['POST'])\n@login_required\ndef delete_note(id):\n    return redirect(url_for('notes'))\n";
  assert.deepEqual(await findingLines(code, ['FG304']), [`app.py:${at(code, 'Flask(__name__)').line} FG304`]);
});

// Found on real code (a notes platform): Flask's old CSRF snippet, a before_request hook that compares the session's
// token with the submitted one and aborts every unsafe request without it.
/** `APP` behind an app-wide hook that refuses writes unless `test` (reading `expected` and `sent`) passes. */
const tokenHook = (test: string) =>
  APP.replace('from flask import Flask, request', 'from flask import Flask, abort, request, session') +
  lines(
    '',
    '',
    '@app.before_request',
    'def check_csrf():',
    "    if request.method in ('GET', 'HEAD', 'OPTIONS'):",
    '        return None',
    "    expected = session.get('_csrf_token')",
    "    sent = request.form.get('csrf_token') or request.headers.get('X-CSRFToken')",
    `    if ${test}:`,
    '        abort(400)',
  );

test('FG304: a before_request hook that refuses writes without the session CSRF token protects the app', async () => {
  assert.deepEqual(await findingLines(tokenHook('not expected or not hmac.compare_digest(expected, sent or "")'), ['FG304']), []);
});

test('FG304: a before_request hook that pops the session token and compares it (the Flask snippet) protects the app', async () => {
  const snippet = APP.replace('from flask import Flask, request', 'from flask import Flask, abort, request, session') +
    lines('', '', '@app.before_request', 'def csrf_protect():', "    if request.method == 'POST':", "        token = session.pop('_csrf_token', None)", "        if not token or token != request.form.get('_csrf_token'):", '            abort(403)');
  assert.deepEqual(await findingLines(snippet, ['FG304']), []);
});

test('FG304: a hook that calls a raising session-token check in a try and refuses in its handler protects the app', async () => {
  const code = APP.replace('from flask import Flask, request', 'from flask import Flask, abort, request, session') +
    lines(
      '',
      '',
      'def require_token(sent):',
      "    if sent != session.get('_csrf_token'):",
      "        raise ValueError('bad token')",
      '',
      '',
      '@app.before_request',
      'def csrf_protect():',
      "    if request.method == 'POST':",
      '        try:',
      "            require_token(request.form.get('_csrf_token'))",
      '        except ValueError:',
      '            abort(400)',
    );
  assert.deepEqual(await findingLines(code, ['FG304']), []);
});

test('FG304: a before_request hook that refuses writes on another test is no CSRF check', async () => {
  const code = tokenHook('not sent');
  assert.deepEqual(await findingLines(code, ['FG304']), [`app.py:${at(code, 'Flask(__name__)').line} FG304`]);
});

// Round 16 (a Twitter dashboard): the login keeps the account under a key of its own choosing, and a before_request
// guard sends callers without a session entry to the login page: the session cookie is who the caller is.
/** A cookie-session app whose before_request hook runs `gate`, with a member login and a bio form. */
const gatedApp = (...gate: string[]) =>
  lines(
    'from flask import Flask, abort, redirect, request, session',
    'from werkzeug.security import check_password_hash',
    '',
    'from store import Key, Session, find_member, save_bio',
    '',
    'app = Flask(__name__)',
    '',
    '',
    '@app.before_request',
    'def gate():',
    ...gate.map((l) => '    ' + l),
    '',
    '',
    "@app.post('/sign-in')",
    'def sign_in():',
    "    member = find_member(request.form['name'])",
    "    if member and check_password_hash(member['pw'], request.form['password']):",
    "        session['badge'] = member['name']",
    "    return redirect('/')",
    '',
    '',
    "@app.post('/bio')",
    'def bio():',
    "    save_bio(request.form['bio'])",
    "    return 'ok'",
  );
const sessionGate = gatedApp("if request.endpoint != 'sign_in' and 'badge' not in session:", "    return redirect('/sign-in')");

ruleTester(rule, {
  valid: [
    {
      code: gatedApp('with Session() as session:', "    if session.get(Key, request.headers.get('X-Api-Key')) is None:", '        abort(401)'),
      name: 'a gate that looks the header key up in a database session reads no Flask session',
    },
    {
      code: gatedApp("if request.method == 'POST' and session.get('_csrf') != request.form.get('_csrf'):", '    abort(403)'),
      name: "a gate on the session's CSRF token alone keeps no identity there",
    },
  ],
  invalid: [
    { code: sessionGate, errors: [{ ...at(sessionGate, 'Flask(__name__)') }], name: 'a before_request guard that tests the session for a login, under any key' },
  ],
});

// Round 21 (a marketplace and a blog): Flask-Admin's model views post their create, edit and delete forms with the
// admin's cookie, and its default form class carries no CSRF token.
const adminPanel = (...viewBody: string[]) =>
  lines(
    'from flask import Flask',
    'from flask_admin import Admin',
    'from flask_admin.contrib.sqla import ModelView',
    'from flask_login import LoginManager, current_user',
    '',
    'from models import Shop, db',
    '',
    'app = Flask(__name__)',
    'login_manager = LoginManager(app)',
    '',
    '',
    'class StaffView(ModelView):',
    ...viewBody.map((l) => '    ' + l),
    '',
    '',
    "panel = Admin(app, name='shop')",
    'panel.add_view(StaffView(Shop, db.session))',
  );
const STAFF_GATE = ['def is_accessible(self):', '    return current_user.is_authenticated and current_user.is_staff'];
const adminCookie = adminPanel(...STAFF_GATE);
/** The views added in a helper that is handed the panel. */
const adminByHelper = adminCookie.replace("panel.add_view(StaffView(Shop, db.session))", lines('', '', 'def add_views(to):', '    to.add_view(StaffView(Shop, db.session))', '', '', 'add_views(panel)'));
/** A module that adds views to an `admin` its package never defines: Flask never serves them. */
const adminUnbound = adminCookie.replace("panel = Admin(app, name='shop')\n", '').replace('from models import Shop, db', 'from models import Shop, db, panel');

ruleTester(rule, {
  valid: [
    { code: adminPanel(...STAFF_GATE, '', 'form_base_class = SecureForm').replace('import Admin\n', 'import Admin\nfrom flask_admin.form import SecureForm\n'), name: "a model view whose forms carry Flask-Admin's CSRF token" },
    { code: adminPanel(...STAFF_GATE, '', 'can_create = False', 'can_edit = False', 'can_delete = False'), name: 'a read-only model view posts no form' },
    { code: adminUnbound, name: 'views added to a name no Flask-Admin `Admin(...)` is bound to' },
    { code: adminPanel('column_list = ["name"]'), name: "a model view open to everyone is FG101's business, not a forged request's" },
    { code: adminCookie.replace('login_manager = LoginManager(app)\n', 'login_manager = LoginManager(app)\nCSRFProtect(app)\n').replace('import Admin\n', 'import Admin\nfrom flask_wtf.csrf import CSRFProtect\n'), name: 'CSRFProtect checks every POST, the admin forms too' },
  ],
  invalid: [
    { code: adminByHelper, errors: [{ ...at(adminByHelper, 'Flask(__name__)') }], name: 'the same views added by a helper handed the panel' },
    { code: adminCookie, errors: [{ ...at(adminCookie, 'Flask(__name__)'), message: '(`/admin/shop/`)' }], name: "a model view that admits the cookie's signed-in staff, with the default forms" },
  ],
});

// Round 26 (a university portal): the login hashes the posted password itself and compares it with the stored one,
// then keeps the form's id under the bare key `id`. `check` is the login's test before it writes the session.
const handRolledLogin = (check: string) =>
  sessionIdLogin("digest = sha256(request.form['password'].encode()).hexdigest()", `if ${check}:`, "    session['id'] = request.form['name']");
const storedDigestCompared = handRolledLogin("digest == stored_password_of(request.form['name'])");
const storedPwdCompared = handRolledLogin("stored_pwd(request.form['name']) != '' and stored_pwd(request.form['name']) == digest");

ruleTester(rule, {
  valid: [
    { code: handRolledLogin("request.form['password'] != ''"), name: "`session['id']` written where a password is only compared with a literal (the field was filled): no check of it" },
    { code: handRolledLogin("request.form['code'] == today_code()"), name: "`session['id']` written after a comparison that names no password" },
  ],
  invalid: [
    { code: storedDigestCompared, errors: [{ ...at(storedDigestCompared, 'Flask(__name__)') }], name: "`session['id']` written by a login that compares the hashed password with the stored one" },
    { code: storedPwdCompared, errors: [{ ...at(storedPwdCompared, 'Flask(__name__)') }], name: 'the stored password read by a helper named for a pwd, compared with the digest' },
  ],
});
