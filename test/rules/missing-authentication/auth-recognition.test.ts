/**
 * How FG101 recognises authentication (RULES.md, "Auth decorators are
 * recognised three ways"): well-known decorators, the user's names, and
 * project decorators inferred from their wrappers; plus the ones that only
 * look like authentication.
 */
import rule from '../../../server/src/rules/missing-authentication/unauthenticated-sensitive-route';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingLines } from '../../helpers/findings';
import { insertAbove, insertBelow } from '../../helpers/snippets';
import { ruleTester, type InvalidCase } from '../rule-tester';

const APP = "from flask import Flask\n\napp = Flask(__name__)\n";

/** `/admin/users` guarded by `decorator`, with `imports` above and project `defs` (a decorator's definition) before it. */
function route(imports: string, decorator: string, defs = ''): string {
  return `${imports}\n${APP}\n${defs ? `\n${defs}\n` : ''}\n@app.route('/admin/users')\n${decorator}\ndef users():\n    return []\n`;
}

/**
 * An open `/admin/users` whose def is on `line`. With no Flask-Login, -Security or -JWT import to go by,
 * the fix creates the project's `require_api_key` (in auth.py) and imports it where the imports are.
 */
function openRoute(code: string, line: number, name: string): InvalidCase {
  const output = insertAbove(insertBelow(code, 'from auth import require_api_key', 'from flask import Flask'), '@require_api_key', 'def users(');
  return { code, errors: [{ line, column: 5 }], output, name };
}

const WRAPS = 'from functools import wraps\nfrom flask import request, abort, redirect, url_for, session, g';

/** The undecorated `/admin/users` route whose view runs `body` (indented lines) before `return []`. */
function withBody(body: string): string {
  return route(WRAPS, '', '').replace('def users():\n', `def users():\n${body}`);
}

/** `/password` serving a form on GET and running `postBranch` (indented lines) under `if request.method == 'POST':`. */
function passwordForm(postBranch: string): string {
  return `${WRAPS}, flash\n${APP}\n\n@app.route('/password', methods=['GET', 'POST'])\ndef password():\n    if request.method == 'POST':\n${postBranch}    return 'form'\n`;
}

/** Class-based decorators: `Guard` hands the view to `check`, which the subclass `Members` overrides with `subclassCheck` (its indented lines). */
function handedOff(subclassCheck: string): string {
  return (
    "class Guard:\n    def __init__(self, target):\n        self.target = target\n\n    def __call__(self, view):\n        @wraps(view)\n        def inner(*args, **kwargs):\n            return self.check(view, *args, **kwargs)\n        return inner\n\n" +
    "    def check(self, view, *args, **kwargs):\n        return view(*args, **kwargs)\n\n\nclass Members(Guard):\n    def check(self, view, *args, **kwargs):\n" +
    subclassCheck
  );
}

/** The line of the `def users():` a snippet guards. */
const usersLine = (code: string) => code.split('\n').indexOf('def users():') + 1;

/**
 * `/admin/users` under `@signed_in`, which sends callers with no member in the session to `endpoint`; the page
 * `welcome` (routed on `receiver`, the app or a blueprint named `receiver`) runs `welcomeBody` (indented lines) first.
 */
function sentTo(endpoint: string, welcomeBody: string, receiver = 'app'): string {
  const blueprint = receiver === 'app' ? '' : `${receiver} = Blueprint('${receiver}', __name__)\n\n\n`;
  const defs =
    blueprint +
    "def check_member(name, pw):\n    member = find_member(name)\n    return member if member and check_password_hash(member.pw_hash, pw) else None\n\n\n" +
    "def signed_in(view):\n    @wraps(view)\n    def wrapper(*args, **kwargs):\n        if 'player' not in session:\n" +
    `            return redirect(url_for('${endpoint}'))\n        return view(*args, **kwargs)\n    return wrapper\n\n\n` +
    `@${receiver}.route('/', methods=['GET', 'POST'])\ndef welcome():\n${welcomeBody}    return 'form'\n`;
  return route(WRAPS + ', Blueprint\nfrom werkzeug.security import check_password_hash', '@signed_in', defs);
}
/** The home page's POST checks the password and keeps the member in the session: it is the login. */
const SIGNS_IN = "    if request.method == 'POST':\n        member = find_member(request.form['name'])\n        if member and check_password_hash(member.pw_hash, request.form['pw']):\n            session['player'] = member.name\n";
const SIGNS_IN_BY_HELPER = "    if request.method == 'POST':\n        member = check_member(request.form['name'], request.form['pw'])\n        if member:\n            session['player'] = member.name\n";

/** A Flask-Admin view built inside `setup_admin`, whose function-local base class has `base` (indented lines) for a body. */
const localAdminBase = (base: string) =>
  "from flask import Flask\nfrom flask_admin import Admin\nfrom flask_admin.contrib.sqla import ModelView\nfrom flask_login import current_user\nfrom models import db, Account\n\napp = Flask(__name__)\n\n\n" +
  `def setup_admin(app):\n    class Guarded(ModelView):\n${base}\n    class AccountView(Guarded):\n        can_delete = False\n\n    admin = Admin(app)\n    admin.add_view(AccountView(Account, db.session))\n`;

/** `/admin/users` whose view runs `body` (indented lines) after the project's `defs` (a predicate it calls). */
const withHelper = (defs: string, body: string) => route(WRAPS, '', defs).replace('def users():\n', `def users():\n${body}`);

/** A POST that looks up a user by the email sent, commits inside a `try`, then sends the caller to log in: the work is done first. */
const REMIND_THEN_LOGIN =
  "    try:\n        user = find_user(request.form['email'])\n        if user:\n            user.reminded = True\n            db.session.commit()\n            return redirect(url_for('login'))\n        return redirect(url_for('register'))\n    finally:\n        db.session.close()\n";

ruleTester(rule, {
  valid: [
    { code: sentTo('welcome', SIGNS_IN), name: "a redirect to the endpoint of the view that checks the password and logs the caller in, whatever it is called" },
    { code: sentTo('front.welcome', SIGNS_IN_BY_HELPER, 'front'), name: "a redirect to a blueprint's login view, whose password check sits in a helper it calls" },
    { code: localAdminBase('        def is_accessible(self):\n            return current_user.is_authenticated\n'), name: 'a Flask-Admin view whose function-local base class overrides is_accessible' },
    {
      code: withHelper("def is_member():\n    \"\"\"Whether a member is signed in.\"\"\"\n    return session.get('role') == 'member'\n", '    if not is_member():\n        return {}\n'),
      name: 'an early answer (any status) to callers a one-line session predicate finds without a role',
    },
    {
      code: withBody("    try:\n        if 'uid' not in session:\n            return redirect(url_for('login'))\n        db.session.commit()\n    finally:\n        db.session.close()\n"),
      name: 'a login redirect inside a try, before the work',
    },
    { code: route('from flask_login import login_required', '@login_required'), name: 'Flask-Login login_required' },
    {
      code: route(WRAPS + '\nimport flask_login', '@login_required', "def login_required(f):\n    @wraps(f)\n    def wrapper(*args, **kwargs):\n        g.section = 'members'\n        return flask_login.login_required(f)(*args, **kwargs)\n    return wrapper\n"),
      name: "a project login_required that hands the view to Flask-Login's",
    },
    {
      code: route(WRAPS + '\nfrom flask_login import login_required', '@active_user_required', "def active_user_required(f):\n    @wraps(f)\n    def wrapper(*args, **kwargs):\n        if session.get('_user_id') and is_disabled(session['_user_id']):\n            return {'message': 'INACTIVE_USER'}, 403\n        return login_required(f)(*args, **kwargs)\n    return wrapper\n"),
      name: "a project decorator whose wrapper reaches the view only through Flask-Login's login_required (IDinsight)",
    },
    {
      code: route(WRAPS, '@require_appkey', "def require_appkey(view):\n    @wraps(view)\n    def wrapper(*args, **kwargs):\n        key = request.headers.get('X-Api-Key')\n        if key == 'db1Hp-1Ad2sP':\n            return view(*args, **kwargs)\n        else:\n            return '401'\n    return wrapper\n"),
      name: 'a wrapper that calls the view only when the sent key matches and answers a constant otherwise (FG202 judges the key)',
    },
    {
      code: withBody("    if session.get('username') == username:\n        return render_template('user.html')\n    else:\n        flash('Please log in as that user')\n        return redirect('/')\n").replace("@app.route('/admin/users')", "@app.route('/users/<username>')").replace('def users():', 'def users(username):'),
      name: "the session's user compared with the path's: no anonymous caller matches a path parameter",
    },
    {
      code: withBody("    if not session.get('username') == username:\n        return redirect('/')\n    return render_template('user.html')\n").replace("@app.route('/admin/users')", "@app.route('/users/<username>/notes')").replace('def users():', 'def users(username):'),
      name: "anonymous callers turned away because the session's user is not the path's",
    },
    {
      code: withBody("    note = Note.query.get(note_id)\n    username = note.user.username\n    if not session.get('username') == username:\n        return redirect('/')\n").replace("@app.route('/admin/users')", "@app.route('/notes/<int:note_id>/update', methods=['POST'])").replace('def users():', 'def users(note_id):'),
      name: "anonymous callers turned away because the session's user is not the owner of the record the view loaded",
    },
    {
      code: withBody("    borrow = Borrow.query.get_or_404(bid)\n    if not current_user.can(MODERATOR):\n        if borrow.user_id != current_user.id:\n            abort(403)\n").replace("@app.route('/admin/users')", "@app.patch('/borrows/<int:bid>/prolong')").replace('def users():', 'def users(bid):'),
      name: 'an owner check in the branch every caller without the role enters (anonymous ones too)',
    },
    {
      code: withBody("    if form.validate_on_submit():\n        note = Note.query.get_or_404(note_id)\n        if session['username'] == note.user.username:\n            db.session.delete(note)\n        return redirect('/notes')\n    else:\n        return redirect('/')\n").replace("@app.route('/admin/users')", "@app.post('/notes/<int:note_id>/delete')").replace('def users():', 'def users(note_id):'),
      name: 'the branch that works checks the caller first and the other only sends the request away',
    },
    {
      code: { 'security.py': "from functools import wraps\nfrom flask_login import login_required\nfrom flask_jwt_extended import jwt_required\nfrom flask_security import roles_required\n\n\ndef admin_only(f):\n    return login_required(roles_required('admin')(f))\n\n\ndef api_protected(view):\n    return jwt_required()(view)\n\n\ndef staff_area(f):\n    @wraps(f)\n    @login_required\n    def inner(*a, **kw):\n        return f(*a, **kw)\n    return inner\n", 'views.py': "from flask import Blueprint\nimport security as sec\n\nbp = Blueprint('admin', __name__)\n\n\n@bp.post('/users/<int:uid>/delete')\n@sec.admin_only\ndef delete_user(uid):\n    return ''\n" },
      name: 'a project decorator that returns the view wrapped by login_required (around a role check), from another module',
    },
    {
      code: { 'security.py': "from functools import wraps\nfrom flask_login import login_required\nfrom flask_jwt_extended import jwt_required\nfrom flask_security import roles_required\n\n\ndef admin_only(f):\n    return login_required(roles_required('admin')(f))\n\n\ndef api_protected(view):\n    return jwt_required()(view)\n\n\ndef staff_area(f):\n    @wraps(f)\n    @login_required\n    def inner(*a, **kw):\n        return f(*a, **kw)\n    return inner\n", 'views.py': "from flask import Blueprint\nfrom security import api_protected\n\nbp = Blueprint('api', __name__)\n\n\n@bp.delete('/keys/<int:kid>')\n@api_protected\ndef delete_key(kid):\n    return ''\n" },
      name: 'a project decorator that returns jwt_required()(view)',
    },
    {
      code: { 'security.py': "from functools import wraps\nfrom flask_login import login_required\nfrom flask_jwt_extended import jwt_required\nfrom flask_security import roles_required\n\n\ndef admin_only(f):\n    return login_required(roles_required('admin')(f))\n\n\ndef api_protected(view):\n    return jwt_required()(view)\n\n\ndef staff_area(f):\n    @wraps(f)\n    @login_required\n    def inner(*a, **kw):\n        return f(*a, **kw)\n    return inner\n", 'views.py': "from flask import Blueprint\nfrom security import staff_area\n\nbp = Blueprint('staff', __name__)\n\n\n@bp.post('/settings')\n@staff_area\ndef settings():\n    return ''\n" },
      name: "a project decorator whose inner wrapper carries @login_required",
    },
    {
      code: route(WRAPS, "@MembersOnly('login')", "class MembersOnly:\n    def __init__(self, target):\n        self.target = target\n\n    def __call__(self, view):\n        @wraps(view)\n        def inner(*args, **kwargs):\n            if not session.get('uid'):\n                return redirect(url_for(self.target))\n            return view(*args, **kwargs)\n        return inner\n"),
      name: 'an instance of a project class whose __call__ wraps the view in a login check',
    },
    {
      code: route(WRAPS, "@Members('login')", handedOff("        if not session.get('uid'):\n            return redirect(url_for(self.target))\n        return view(*args, **kwargs)\n")),
      name: "a base class's __call__ hands the view to a method the decorating subclass overrides with a login check",
    },
    { code: route('from flask_login import fresh_login_required', '@fresh_login_required'), name: 'Flask-Login fresh_login_required' },
    { code: route('from flask_security import auth_required', "@auth_required('token', 'session')"), name: 'Flask-Security auth_required(...)' },
    { code: route('from flask_security import auth_token_required', '@auth_token_required'), name: 'Flask-Security auth_token_required' },
    { code: route('from flask_security import http_auth_required', '@http_auth_required'), name: 'Flask-Security http_auth_required' },
    { code: route('from flask_jwt_extended import jwt_required', '@jwt_required()'), name: 'Flask-JWT-Extended jwt_required()' },
    { code: route('from flask_jwt_extended import jwt_required', '@jwt_required(fresh=True)'), name: 'jwt_required(fresh=True)' },
    { code: route('from typing import Any, Callable, cast\nfrom flask_jwt_extended import jwt_required', '@cast(Callable[..., Any], jwt_required())'), name: 'typing.cast around the decorator (for type checkers)' },
    { code: route('from flask_httpauth import HTTPBasicAuth\nauth = HTTPBasicAuth()', '@auth.login_required'), name: 'Flask-HTTPAuth auth.login_required' },
    { code: route('from flask_httpauth import HTTPTokenAuth\ntoken_auth = HTTPTokenAuth()', "@token_auth.login_required(role='admin')"), name: 'Flask-HTTPAuth login_required(role=...)' },
    {
      code: route('from flask_httpauth import HTTPTokenAuth\nfrom apifairy import authenticate\ntoken_auth = HTTPTokenAuth()', '@authenticate(token_auth)'),
      name: 'APIFairy authenticate(token_auth) (miguelgrinberg/microblog-api)',
    },
    { code: route('from flask_cognito import cognito_auth_required', '@cognito_auth_required'), name: 'a library decorator named for what it requires (Flask-Cognito cognito_auth_required)' },
    { code: route('import flask_login as fl', '@fl.login_required'), name: 'through a module alias' },
    { code: route('from flask_login import login_required as needs_login', '@needs_login'), name: 'through an import alias' },
    {
      code: "from flask_restx import Namespace as BaseNamespace, Resource\nfrom flask_login import login_required as plain_login_required\n\n\nclass Namespace(BaseNamespace):\n    def login_required(self, scopes):\n        def decorator(target):\n            if isinstance(target, type):\n                target.method_decorators = [plain_login_required]\n                return target\n            return plain_login_required(target)\n        return decorator\n\n\nns = Namespace('vault')\n\n\n@ns.route('/secrets')\n@ns.login_required(scopes=['vault:read'])\nclass Secrets(Resource):\n    def get(self):\n        return []\n\n    def delete(self):\n        return ''\n",
      name: "a Resource class under the route decorator and a namespace's own login_required (guards every handler)",
    },
    { code: route("from flask_praetorian import roles_accepted\nstaff_only = roles_accepted('admin', 'editor')", '@staff_only'), name: 'a role decorator bound to a module-level name first' },
    {
      code: withBody("    key, status = check_api_key(request)\n    if status != 200:\n        return {'error': 'refused'}, status\n").replace('\n@app.route', "\ndef check_api_key(req):\n    key = req.headers.get('X-Key')\n    if not key or not Key.lookup(key):\n        return {'error': 'no key'}, 401\n    return key, 200\n\n\n@app.route"),
      name: 'the status a key check chose for a refused caller, sent back as it is',
    },
    {
      code: withBody("    try:\n        event = webhooks.parse(request.data, request.headers.get('X-Signature'))\n    except (ValueError, webhooks.SignatureVerificationError):\n        return '', 400\n"),
      name: 'a webhook whose signature check ends the request with the 400 its provider asks for',
    },
    { code: route('from flask_httpauth import HTTPTokenAuth\ntokens = HTTPTokenAuth()\nsigned_in = tokens.login_required', '@signed_in'), name: "a module-level name for an auth object's login_required" },
    { code: route('from vendor.sso import sso_guard', '@sso_guard'), settings: { authDecorators: ['sso_guard'] }, name: "a name from the user's settings" },
    { code: route('from vendor import sso', '@sso.require'), settings: { authDecorators: ['sso.require'] }, name: "a dotted name from the user's settings" },
    { code: withBody("    user = User.query.get(session.get('uid'))\n    if user is None:\n        abort(401)\n    user.seen = now()\n    db.session.commit()\n"), name: 'a check before the view commits its write' },
    {
      code: passwordForm("        if 'user_id' not in session:\n            flash('Log in first')\n            return redirect(url_for('login'))\n        user = User.query.get(session['user_id'])\n        user.password = request.form['password']\n        db.session.commit()\n        return redirect(url_for('login'))\n"),
      name: "a POST branch that sends an unknown caller to log in before its write, and a known one after it",
    },
    { code: withBody("    if session.get('access_level', 0) < 3:\n        abort(403)\n"), name: 'a minimum access level that a fresh session (level 0) falls short of' },
    { code: route(WRAPS, '@must_login', "class must_login:\n    def __init__(self, view):\n        self.view = view\n\n    def __call__(self, *args, **kwargs):\n        if 'uid' not in session:\n            return redirect(url_for('login'))\n        return self.view(*args, **kwargs)\n"), name: 'inferred: a class that wraps the view itself, its __call__ redirecting to login' },
    {
      code: route(WRAPS, '@must_login', "def must_login(f):\n    @wraps(f)\n    def wrapper(*args, **kwargs):\n        if 'uid' not in session:\n            return redirect(url_for('login'))\n        return f(*args, **kwargs)\n    return wrapper\n"),
      name: 'inferred: the wrapper redirects to the login page',
    },
    {
      code: route(WRAPS, '@admins_only', "def admins_only(f):\n    @wraps(f)\n    def wrapper(*args, **kwargs):\n        if not getattr(g, 'user', None) or not g.user.is_admin:\n            return {'error': 'forbidden'}, 403\n        return f(*args, **kwargs)\n    return wrapper\n"),
      name: 'inferred: the wrapper returns a 403 tuple',
    },
    {
      code: route(WRAPS, "@requires_scope('admin')", "def requires_scope(scope):\n    def decorator(f):\n        @wraps(f)\n        def wrapper(*args, **kwargs):\n            if scope not in token_scopes(request.headers.get('Authorization')):\n                abort(403)\n            return f(*args, **kwargs)\n        return wrapper\n    return decorator\n\n\ndef token_scopes(header):\n    return []\n"),
      name: 'inferred: a decorator factory, followed to its innermost wrapper',
    },
    // Beginner apps turn anonymous visitors away with any early answer, not only 401/403 or a login redirect.
    {
      code: route(WRAPS + '\nfrom flask import render_template', '@needs_user', "def needs_user(f):\n    @wraps(f)\n    def wrapper(*args, **kwargs):\n        if 'username' not in session:\n            return render_template('index.html', error='Please log in')\n        return f(*args, **kwargs)\n    return wrapper\n"),
      name: 'inferred: anonymous visitors get a page instead of the view',
    },
    {
      code: route(WRAPS, '@members_only', "def members_only(f):\n    @wraps(f)\n    def wrapper(*args, **kwargs):\n        if g.user is None:\n            return redirect(url_for('index', next=request.url))\n        return f(*args, **kwargs)\n    return wrapper\n"),
      name: 'inferred: anonymous visitors are sent home',
    },
    {
      code: withBody("    if not session.get('logged_in'):\n        return redirect('/')\n"),
      name: 'a view that sends anonymous visitors home first',
    },
    { code: withBody("    if not is_staff():\n        return redirect(f'/login?next={request.path}')\n"), name: 'a login redirect written as an f-string' },
    { code: withBody("    user = verify_api_token(request.headers.get('X-Api-Token'))\n    if user is None:\n        abort(403)\n"), name: 'a name assigned from a token check is the caller' },
    {
      code: withBody("    user = accounts.get_user_by_token(request.form['token'])\n    if user:\n        return list_users(user)\n    else:\n        return {'error': 'Unauthorized'}\n"),
      name: 'the caller looked up by the token the request carries, anyone else answered with a constant',
    },
    {
      code: withBody("    member = Member.query.filter_by(api_key=request.headers.get('X-Api-Key')).first()\n    if not member:\n        return {'error': 'who are you?'}\n"),
      name: 'the caller looked up by an API key, the lookup chained',
    },
    {
      code: withBody("    member = Member.query.filter(Member.api_key == request.headers.get('X-Api-Key')).first()\n    if not member:\n        return {'error': 'who are you?'}\n"),
      name: 'the caller looked up by an API key written as a comparison filter',
    },
    {
      code: withBody("    token = request.form['token'].strip()\n    user = Player.get_or_none(Player.token == token)\n    if not user:\n        return render_template('submit.html')\n").replace('from flask import request', 'from flask import render_template, request'),
      name: 'the caller looked up by a submitted token in a Peewee comparison, anyone else shown the form again',
    },
    {
      code: withBody("    if 'uid' in session:\n        return ['the users']\n    else:\n        return redirect('/')\n"),
      name: 'the work done only for a logged-in caller, anyone else sent home (else)',
    },
    {
      code: withBody("    if 'uid' in session:\n        if is_admin(session['uid']):\n            return ['the users']\n        else:\n            return redirect('/')\n    else:\n        log('anonymous visit')\n        return redirect('/')\n"),
      name: 'the anonymous branch logs before sending the caller home',
    },
    {
      code: withBody("    if 'uid' in session:\n        if is_admin(session['uid']):\n            return ['the users']\n    return redirect('/')\n"),
      name: 'the statement after the logged-in branch sends everyone else home',
    },
    { code: withBody("    if current_user.is_authenticated:\n        return ['the users']\n    return redirect('/')\n").replace('from flask import Flask\n', 'from flask import Flask\nfrom flask_login import current_user\n'), name: 'the work done only for a logged-in caller, anyone else sent home (after the if)' },
    {
      code: withBody("    if not login_fresh():\n        return current_app.login_manager.needs_refresh()\n").replace('from flask import Flask\n', 'from flask import Flask, current_app\nfrom flask_login import login_fresh\n'),
      name: 'Flask-Login: a stale login is sent to log in again (needs_refresh)',
    },
    { code: withBody("    if not is_admin():\n        return error_response('forbidden', status_code=403)\n"), name: 'a response helper called with status_code=403' },
    {
      code: route(WRAPS + '\nfrom flask import jsonify', '@needs_token', "def reply(code, message):\n    return jsonify(message=message), code\n\n\ndef needs_token(fn):\n    @wraps(fn)\n    def inner(*args, **kwargs):\n        if not valid(request.headers.get('Authorization')):\n            return reply(401, 'no token')\n        return fn(*args, **kwargs)\n    return inner\n"),
      name: 'inferred: the wrapper answers through a helper given the status (`reply(401, ...)`)',
    },
    {
      code: withBody("    if not is_admin():\n        return refusal()\n") + "\n\ndef refusal():\n    response = {'error': 'forbidden'}\n    response.status_code = 403\n    return response\n",
      name: 'a helper that sets status_code = 403 on the response it returns',
    },
    {
      code: route(WRAPS + '\nfrom flask import jsonify', '@bearer_required', "class AuthError(Exception):\n    pass\n\n\ndef check_bearer():\n    if request.headers.get('Authorization') != 'Bearer ' + expected():\n        raise AuthError()\n\n\ndef bearer_required(view):\n    @wraps(view)\n    def inner(*args, **kwargs):\n        check_bearer()\n        return view(*args, **kwargs)\n    return inner\n"),
      name: 'inferred: the wrapper calls a helper that raises an auth error under its test',
    },
    {
      code: route(WRAPS, '@members_only', "def members_only(f):\n    @wraps(f)\n    def wrapper(*args, **kwargs):\n        if signed_in():\n            return f(*args, **kwargs)\n        else:\n            if request.content_type == 'application/json':\n                abort(403)\n            else:\n                return redirect(url_for('auth.login', next=request.full_path))\n    return wrapper\n"),
      name: 'inferred: the anonymous branch refuses JSON callers and sends the rest to log in (CTFd)',
    },
    {
      code: route(WRAPS, '@needs_admin', "class Redirect303(Exception):\n    code = 303\n\n    def __init__(self, location):\n        self.location = location\n\n\ndef needs_admin(f):\n    @wraps(f)\n    def inner(*args, **kwargs):\n        is_admin = session.get('is_admin')\n        if is_admin:\n            return f(*args, **kwargs)\n        raise Redirect303(url_for('login'))\n    return inner\n"),
      name: 'inferred: anyone else gets a redirect to the login page raised as an exception (ihatemoney)',
    },
    {
      code: route(WRAPS, "@guard_it(scopes=['kit:write'])", "class TokenGate:\n    def __call__(self, scopes=None):\n        def wrapper(f):\n            @wraps(f)\n            def decorated(*args, **kwargs):\n                if not valid_token(request.headers.get('Authorization'), scopes):\n                    abort(401)\n                return f(*args, **kwargs)\n            return decorated\n        return wrapper\n\n\nguard_it = TokenGate()\n"),
      name: "inferred: an instance used as a decorator, by its class's __call__ (Authlib's ResourceProtector)",
    },
    {
      code: route(WRAPS, '@token_only', "def token_only(f):\n    @wraps(f)\n    def wrapper(*args, **kwargs):\n        token = request.headers.get('X-Token')\n        if token:\n            if not check(token):\n                abort(401)\n            return f(*args, **kwargs)\n        return {'error': 'token missing'}, 401\n    return wrapper\n"),
      name: 'inferred: a bad token is refused inside `if token:`, and a missing one after it',
    },
    {
      code: route(WRAPS, '@token_only', "def token_only(f):\n    @wraps(f)\n    def wrapper(*args, **kwargs):\n        if 'X-Token' in request.headers:\n            g.user = load(request.headers['X-Token'])\n        else:\n            abort(401)\n        return f(*args, **kwargs)\n    return wrapper\n"),
      name: 'inferred: the else of a credential-presence test refuses callers who sent none',
    },
    {
      code: route(WRAPS, '', "@app.before_request\ndef load_member():\n    if 'uid' in session:\n        g.user = session['uid']\n    else:\n        return redirect(url_for('login'))\n"),
      name: 'a before_request hook that loads a logged-in caller and sends everyone else to log in',
    },
    {
      code: route(WRAPS, '', "@app.before_request\ndef read_token():\n    token = request.headers.get('X-Token')\n    if token:\n        g.user = load(token)\n    elif request.endpoint != 'static':\n        abort(401)\n"),
      name: 'a before_request hook whose elif refuses callers who sent no token',
    },
    {
      code: route(WRAPS, '', "def authenticate_token():\n    if request.headers.get('Authorization') != expected():\n        return {'error': 'Unauthorized'}, 401\n\n@app.before_request\ndef check():\n    return authenticate_token()\n"),
      name: 'a hook that returns the 401 response its helper built',
    },
    {
      code: route(WRAPS, '', "def authenticate_token():\n    if request.headers.get('Authorization') != expected():\n        return abort(401)\n\n@app.before_request\ndef check():\n    authenticate_token()\n"),
      name: 'a hook that calls a helper which raises its refusal (abort) on a line of its own',
    },
    {
      code: withBody("    if g.user is not None:\n        return render_template('users.html', users=all_users())\n    return redirect(url_for('login'))\n"),
      name: 'the view answers a logged-in caller in its branch and sends the rest to log in',
    },
    {
      code: withBody("    if g.user is not None:\n        with open_cart() as cart:\n            return {'items': cart.items(g.user)}\n    return {'items': []}\n"),
      name: 'the view answers a logged-in caller from inside a with block, and everyone else gets a constant',
    },
    {
      code: route(WRAPS, '', '').replace("\n@app.route('/admin/users')", "\n@app.url_value_preprocessor\ndef pull_project(endpoint, values):\n    if not session.get('project'):\n        abort(401)\n\n@app.route('/admin/users')"),
      name: 'a url_value_preprocessor that refuses runs before every view, like before_request',
    },
    {
      code: APP + "from flask import abort, request\nfrom flask.views import MethodView\n\n\nclass UserResource(MethodView):\n    def _require_edit_rights(self):\n        if not has_permissions({'EDIT_USERS'}):\n            abort(403)\n\n    def put(self, name):\n        self._require_edit_rights()\n        return ''\n\n\napp.add_url_rule('/admin/users/<name>', view_func=UserResource.as_view('user'))\n",
      name: "a view method that calls the class's own check (self._require_edit_rights())",
    },
    {
      code: withBody("    if wide_listing():\n        require_permissions({'VIEW_ALL'})\n    else:\n        require_permissions({'VIEW_OWN'})\n") + "\n\ndef require_permissions(needed):\n    if not needed <= granted():\n        abort(403)\n",
      name: 'every branch calls a check that refuses',
    },
    { code: withBody("    load_claims()\n") + "\n\ndef load_claims():\n    try:\n        return jwt.decode(request.headers['Authorization'], KEY, algorithms=['HS256'])\n    except Exception:\n        abort(401)\n", name: 'the view calls a helper whose token check aborts 401 from its except' },
    {
      code: route(WRAPS, '', '').replace("\n@app.route('/admin/users')", "\n@app.before_request\ndef require_login():\n    if 'username' not in session and request.endpoint not in ('login', 'static'):\n        return redirect('/')\n\n@app.route('/admin/users')"),
      name: 'a before_request hook that sends anonymous visitors home',
    },
    { code: route('from flask_oidc import OpenIDConnect\noidc = OpenIDConnect()', '@oidc.accept_token(require_token=True)'), name: 'Flask-OIDC accept_token(require_token=True) refuses callers without a token' },
  ],
  invalid: [
    { code: sentTo('welcome', '    session.clear()\n'), errors: [{ line: usersLine(sentTo('welcome', '    session.clear()\n')) }], name: 'a redirect to a page that logs nobody in turns nobody away' },
    { code: sentTo('back.welcome', SIGNS_IN, 'front'), errors: [{ line: usersLine(sentTo('back.welcome', SIGNS_IN, 'front')) }], name: "a redirect to an endpoint of another blueprint than the login view's" },
    { code: localAdminBase('        can_export = True\n'), errors: [{ line: 18 }], name: 'a Flask-Admin view whose function-local base class decides nothing about access' },
    {
      code: withHelper('def is_weekend():\n    return date.today().weekday() > 4\n', '    if not is_weekend():\n        return {}\n'),
      errors: [{ line: usersLine(withHelper('def is_weekend():\n    return date.today().weekday() > 4\n', '')) }],
      name: 'an early answer under a predicate about the calendar, not the caller',
    },
    { code: withBody(REMIND_THEN_LOGIN), errors: [{ line: usersLine(withBody(REMIND_THEN_LOGIN)) }], name: 'a login redirect inside a try after the commit: the work is done, nobody is turned away' },
    {
      code: withBody("    borrow = Borrow.query.get_or_404(bid)\n    if not current_user.can(MODERATOR) and request.args.get('strict'):\n        if borrow.user_id != current_user.id:\n            abort(403)\n").replace("@app.route('/admin/users')", "@app.patch('/borrows/<int:bid>/prolong')").replace('def users():', 'def users(bid):'),
      errors: [{ line: 10 }],
      name: 'an owner check in a branch an anonymous caller can skip by leaving out a parameter',
    },
    {
      code: withBody("    if not current_user.is_authenticated:\n        if request.method == 'POST':\n            abort(401)\n"),
      errors: [{ line: 10 }],
      name: 'a branch every anonymous caller enters that refuses only their POSTs',
    },
    {
      code: route(WRAPS + '\nfrom flask_caching import Cache\ncache = Cache()', '@cached', "def cached(f):\n    @wraps(f)\n    def wrapper(*args, **kwargs):\n        return cache.cached(timeout=60)(f)(*args, **kwargs)\n    return wrapper\n"),
      errors: [{ line: 19 }],
      name: 'a wrapper that reaches the view through a caching decorator checks nobody',
    },
    {
      code: route(WRAPS, '@by_page', "def by_page(view):\n    @wraps(view)\n    def wrapper(*args, **kwargs):\n        if request.args.get('page') == '1':\n            return view(*args, **kwargs)\n        return 'first page only'\n    return wrapper\n"),
      errors: [{ line: 19 }],
      name: 'a wrapper that compares a query parameter that is no credential checks nobody',
    },
    {
      code: withBody("    if session.get('username') == username:\n        return render_template('user.html')\n    return redirect('/')\n").replace("@app.route('/admin/users')", "@app.route('/admin/users')\n@app.route('/admin/users/<username>')").replace('def users():', 'def users(username=None):'),
      errors: [{ line: 11 }],
      name: "the session's user compared with a parameter that defaults to None: anonymous callers match it on the bare route",
    },
    {
      code: withBody("    form = NoteForm()\n    if not session.get('username') == form.owner.data:\n        return redirect('/')\n"),
      errors: [{ line: 10 }],
      name: "the session's user compared with what the form sent: an anonymous caller who sends no owner matches it",
    },
    {
      code: withBody("    if form.validate_on_submit():\n        if session['username'] == Note.query.get_or_404(1).user.username:\n            notify_owner()\n        return redirect('/notes')\n    else:\n        purge_users()\n        return redirect('/')\n"),
      errors: [{ line: 10 }],
      name: 'a guard in one branch leaves open the other branch that does work',
    },
    {
      code: route(WRAPS, '@member_required', "def member_required(f):\n    @wraps(f)\n    def wrapper(*args, **kwargs):\n        if 'uid' not in session:\n            redirect(url_for('login'))\n        return f(*args, **kwargs)\n    return wrapper\n"),
      errors: [{ line: 19 }],
      name: 'a wrapper that builds the login redirect but never returns it lets everyone through',
    },
    {
      code: withBody("    if not session.get('uid'):\n        make_response('sign in first', 401)\n").replace('from flask import', 'from flask import make_response,'),
      errors: [{ line: 10 }],
      name: 'a view that builds a 401 response and drops it goes on for anonymous callers',
    },
    {
      code: route('from flask_caching import Cache\ncache = Cache()', '@cached_view', "def cached_view(f):\n    return cache.cached(timeout=60)(f)\n"),
      errors: [{ line: 14 }],
      name: 'a project decorator that returns the view wrapped by a cache decorator authenticates nobody',
    },
    {
      code: route('from flask_httpauth import HTTPTokenAuth\nfrom apifairy import authenticate\ntoken_auth = HTTPTokenAuth()', '@authenticate(token_auth, optional=True)'),
      errors: [{ line: 11 }],
      name: 'APIFairy authenticate(..., optional=True) lets anonymous callers in',
    },
    {
      code: route('from flask_wtf.csrf import csrf_token_required', '@csrf_token_required'),
      errors: [{ line: 9 }],
      name: 'a CSRF token is no identity',
    },
    // Its fix output is pinned by the todo test in unauthenticated-sensitive-route.test.ts.
    { code: route('from flask_jwt_extended import jwt_required', '@jwt_required(optional=True)'), errors: [{ line: 9, column: 5 }], name: 'jwt_required(optional=True) lets anonymous callers through' },
    {
      code: route('from flask_oidc import OpenIDConnect\noidc = OpenIDConnect()', '@oidc.accept_token(require_token=False)'),
      errors: [{ line: 10, column: 5 }],
      name: "Flask-OIDC accept_token(require_token=False) lets callers without a token through",
    },
    {
      code: route('from flask_jwt_extended import jwt_required\nmaybe_signed_in = jwt_required(optional=True)', '@maybe_signed_in'),
      errors: [{ line: 10, column: 5 }],
      name: 'a module-level name for jwt_required(optional=True) still lets anonymous callers through',
    },
    {
      // The fix makes the optional check required rather than stacking another decorator.
      ...openRoute(route('from flask_httpauth import HTTPBasicAuth\nauth = HTTPBasicAuth()', '@auth.login_required(optional=True)'), 10, 'auth.login_required(optional=True)'),
      output: route('from flask_httpauth import HTTPBasicAuth\nauth = HTTPBasicAuth()', '@auth.login_required()'),
    },
    openRoute(
      route(WRAPS, '@soft_token', "def soft_token(f):\n    @wraps(f)\n    def wrapper(*args, **kwargs):\n        token = request.headers.get('Authorization')\n        if token:\n            if not check(token):\n                abort(401)\n            g.user = load(token)\n        return f(*args, **kwargs)\n    return wrapper\n"),
      22,
      'a wrapper that rejects bad tokens but passes requests with none is not authentication',
    ),
    openRoute(
      route(WRAPS, '@signed_token', "def signed_token(f):\n    @wraps(f)\n    def wrapper(*args, **kwargs):\n        if g.user is not None:\n            if not check(request.headers.get('X-Token'), g.user):\n                abort(401)\n        return f(*args, **kwargs)\n    return wrapper\n"),
      20,
      'a wrapper that checks the token only when a user is already loaded lets anonymous callers through',
    ),
    openRoute(
      route(WRAPS, '@soft_token', "def soft_token(f):\n    @wraps(f)\n    def wrapper(*args, **kwargs):\n        token = request.headers.get('X-Token')\n        if token and not check(token):\n            return {'error': 'bad token'}, 401\n        return f(*args, **kwargs)\n    return wrapper\n"),
      20,
      'a wrapper that refuses `token and not check(token)` passes requests with no token',
    ),
    openRoute(
      route(WRAPS, '@session_token', "def session_token(f):\n    @wraps(f)\n    def wrapper(*args, **kwargs):\n        if current_user.is_authenticated:\n            if check(request.headers.get('X-Token'), current_user):\n                return f(*args, **kwargs)\n            abort(401)\n        return f(*args, **kwargs)\n    return wrapper\n"),
      21,
      'a wrapper whose refusal sits in the branch for logged-in callers only',
    ),
    openRoute(
      withBody("    if g.user is not None:\n        if not check(request.headers.get('X-Token'), g.user):\n            abort(401)\n"),
      10,
      'a view that checks the token only for a caller already logged in, then serves everyone',
    ),
    openRoute(
      route(WRAPS, '', "@app.before_request\ndef read_token():\n    token = request.headers.get('X-Token')\n    if token:\n        if not check(token):\n            abort(401)\n        g.user = load(token)\n"),
      19,
      'a before_request hook that refuses bad tokens but lets requests with none through',
    ),
    {
      code: route(WRAPS, "@Members('home')", handedOff("        if session.get('uid'):\n            return redirect(url_for(self.target))\n        return view(*args, **kwargs)\n")),
      errors: [{ line: 31 }],
      name: 'a class-based decorator that turns logged-in callers away is for guests, not authentication',
    },
    {
      code: route(WRAPS, "@Guard('login')", handedOff('        return view(*args, **kwargs)\n')),
      errors: [{ line: 29 }],
      name: 'a class-based decorator whose base check lets every call through checks nothing',
    },
    openRoute(
      route(WRAPS, '@login_required', "def login_required(f):\n    @wraps(f)\n    def wrapper(*args, **kwargs):\n        uid = session.get('uid')\n        g.user = User.query.get(uid) if uid else None\n        return f(*args, **kwargs)\n    return wrapper\n"),
      19,
      'a project login_required that only loads the user into g lets everyone through',
    ),
    openRoute(
      route(WRAPS, '@timed', "def timed(f):\n    @wraps(f)\n    def wrapper(*args, **kwargs):\n        return f(*args, **kwargs)\n    return wrapper\n"),
      17,
      'a project decorator that checks nothing',
    ),
    openRoute(route('from flask_caching import Cache\ncache = Cache()', '@cache.cached(timeout=60)'), 10, 'a caching decorator is not authentication'),
    {
      code: withBody("    data, status = validate_payload(request.json)\n    if status != 200:\n        return {'error': 'invalid'}, status\n"),
      errors: [{ line: 10 }],
      name: 'the status a payload validation chose is no authentication',
    },
    {
      code: withBody("    try:\n        event = json.loads(request.data)\n    except ValueError:\n        return '', 400\n"),
      errors: [{ line: 10 }],
      name: 'a try that turns away malformed bodies only checks no credential',
    },
    {
      code: route('', '').replace("@app.route('/admin/users')\n\ndef users():", "@app.post('/api/tokens/revoke')\ndef revoke():"),
      errors: [{ line: 8 }],
      name: "revoking an app's own API tokens is no OAuth revocation endpoint",
    },
    {
      code: withBody("    if 'uid' in session:\n        return redirect('/')\n"),
      errors: [{ line: 10 }],
      name: 'a view that sends logged-in users away lets anonymous ones in',
    },
    {
      code: withBody("    if current_user.is_authenticated:\n        return redirect('/')\n    return render_template('signup.html')\n").replace('from flask import Flask\n', 'from flask import Flask, render_template\nfrom flask_login import current_user\n'),
      errors: [{ line: 11 }],
      name: 'a page served to anonymous callers, logged-in ones sent home',
    },
    {
      code: withBody("    member = Member.query.filter_by(email=request.form['email']).first()\n    if not member:\n        return {'error': 'no such member'}\n"),
      errors: [{ line: 10 }],
      name: 'a record looked up by an email address is no caller',
    },
    {
      code: withBody("    member = Member.query.filter(Member.email == request.form['email']).first()\n    if not member:\n        return {'error': 'no such member'}\n"),
      errors: [{ line: 10 }],
      name: 'a record looked up by an email address in a comparison filter is no caller',
    },
    {
      code: withBody("    if 'uid' in session:\n        return ['the users']\n    return ['the users, for everyone']\n"),
      errors: [{ line: 10 }],
      name: 'a logged-in branch with the same work done for anyone after it',
    },
    {
      code: withBody("    if 'X-CSRF-Token' not in request.headers:\n        return {'message': 'forbidden'}, 403\n"),
      errors: [{ line: 10 }],
      name: 'a missing CSRF header refused in the view is no authentication',
    },
    {
      code: route(WRAPS, '', '').replace("\n@app.route('/admin/users')", "\n@app.before_request\ndef need_csrf_header():\n    if 'X-CSRF-Token' not in request.headers:\n        return {'message': 'X-CSRF-Token required'}, 403\n\n@app.route('/admin/users')"),
      errors: [{ line: 15 }],
      name: 'a hook that refuses requests without a CSRF header is no authentication',
    },
    {
      code: route(WRAPS, '', '').replace("\n@app.route('/admin/users')", "\ndef authenticate_token():\n    if request.headers.get('Authorization') != expected():\n        return {'error': 'Unauthorized'}, 401\n\n@app.before_request\ndef check():\n    authenticate_token()\n\n@app.route('/admin/users')"),
      errors: [{ line: 18 }],
      name: 'a hook that calls a helper for its 401 response and drops it lets everyone through, whatever the name',
    },
    {
      code: withBody("    user = Member.query.get_or_404(1)\n    if user.locked:\n        abort(403)\n"),
      errors: [{ line: 10 }],
      name: 'a record that happens to be called `user`, refused for its own state',
    },
    {
      code: withBody("    note = load(1)\n    if note in current_user.notes:\n        note.delete()\n    return redirect('/notes')\n").replace('from flask import Flask\n', 'from flask import Flask\nfrom flask_login import current_user\n'),
      errors: [{ line: 11 }],
      name: "a test about the caller's records (`note in current_user.notes`) is no login check",
    },
    {
      code: withBody("    note = load(1)\n    if note.locked or note.is_archived:\n        abort(403)\n"),
      errors: [{ line: 10 }],
      name: "a 403 for the record's sake (it is locked) is no authentication",
    },
    {
      code: route(WRAPS + '\nfrom flask_login import current_user', '@guests_only', "def guests_only(view):\n    @wraps(view)\n    def inner(*args, **kwargs):\n        if current_user.is_authenticated:\n            abort(403)\n        return view(*args, **kwargs)\n    return inner\n"),
      errors: [{ line: 20 }],
      name: 'a decorator that turns the logged-in away (guests only) is no authentication',
    },
    { code: route('from flask_security import anonymous_user_required\nfrom vendor import no_login_required', '@no_login_required'), errors: [{ line: 10 }], name: 'no_login_required is named for the opposite' },
    { code: route('from vendor.auth import require_auth', "@require_auth(scopes=['profile:read'], optional_auth_user=True)"), errors: [{ line: 9 }], name: 'a project spelling of optional (optional_auth_user=True) lets anonymous callers in' },
    { code: route(WRAPS, '@must_login', "class must_login:\n    def __init__(self, view):\n        self.view = view\n\n    def __call__(self, *args, **kwargs):\n        if 'uid' not in session:\n            g.anonymous = True\n        return self.view(*args, **kwargs)\n"), errors: [{ line: 20 }], name: 'a class that wraps the view itself but only notes anonymous callers' },
    { code: route(WRAPS, '@admin_required', "def admin_required(view):\n    @wraps(view)\n    def decorated(*args, **kwargs):\n        if not session.get('uid'):\n            abort(403)\n        return view(*args, **kwargs)\n    return view\n"), errors: [{ line: 19 }], name: 'a decorator that builds its checking wrapper but returns the bare view' },
    { code: withBody("    Post.query.filter_by(id=1).delete()\n    db.session.commit()\n    if not session.get('uid'):\n        abort(401)\n"), errors: [{ line: 10 }], name: 'a check that runs after the view has committed its write' },
    {
      code: withBody("    user = User.query.filter_by(email=session.get('reset_email')).first()\n    if user:\n        user.password = request.args['password']\n        db.session.commit()\n        return redirect(url_for('login'))\n"),
      errors: [{ line: 10 }],
      name: 'a login redirect that answers a write already committed turns nobody away',
    },
    {
      code: passwordForm("        user = User.query.filter_by(email=session.get('reset_email')).first()\n        if user:\n            user.password = request.form['password']\n            db.session.commit()\n            return redirect(url_for('login'))\n"),
      errors: [{ line: 9 }],
      name: 'the POST branch of a form whose login redirect comes after the write it commits',
    },
    // A fresh session holds the default, so a cap on a session counter turns nobody away for being anonymous.
    { code: withBody("    level = session.get('level', 1)\n    if level > 10:\n        return {'error': 'max level'}, 403\n"), errors: [{ line: 10 }], name: 'a cap on a game level kept in the session' },
    { code: withBody("    if session.get('attempts', 0) >= 5:\n        abort(403)\n"), errors: [{ line: 10 }], name: 'a cap on attempts counted in the session' },
    {
      code: withBody("    if get_setting('private_reports') and not session.get('uid'):\n        return redirect(url_for('login'))\n"),
      errors: [{ line: 10 }],
      name: 'a check that runs only while a setting is on',
    },
    {
      code: withBody("    note = request.form.get('note', b'')\n    try:\n        note = note.decode('utf-8')\n    except UnicodeDecodeError:\n        note = ''\n"),
      errors: [{ line: 10 }],
      name: 'decoding text in a try is no token check',
    },
    {
      code: route(WRAPS + '\nfrom flask_login import current_user', '', '').replace("\n@app.route('/admin/users')", "\n@app.before_request\ndef confirmed_only():\n    if current_user.is_authenticated and not current_user.confirmed:\n        return redirect(url_for('auth.unconfirmed'))\n\n@app.route('/admin/users')"),
      errors: [{ line: 16 }],
      name: 'a hook that only redirects logged-in users (unconfirmed ones) lets anonymous callers through',
    },
    {
      code: withBody("    if 'cart' not in session:\n        return redirect('/shop')\n"),
      errors: [{ line: 10 }],
      name: 'a session key that is no identity (a cart) is no guard',
    },
    {
      code: route(WRAPS, '@memo', "CACHE = {}\n\n\ndef memo(f):\n    @wraps(f)\n    def wrapper(*args, **kwargs):\n        if request.path in CACHE:\n            return CACHE[request.path]\n        return f(*args, **kwargs)\n    return wrapper\n"),
      errors: [{ line: 22 }],
      name: 'an early answer under a test that is not about identity is no guard',
    },
  ],
});

// Blueprint-wide protection as the libraries document it. Each passes once the engine knows the form.
test('a before_request hook that calls verify_jwt_in_request() authenticates its blueprint (Flask-JWT-Extended docs)', async () => {
  const code = "from flask import Blueprint\nfrom flask_jwt_extended import verify_jwt_in_request\n\nbp = Blueprint('api', __name__, url_prefix='/api')\n\n\n@bp.before_request\ndef require_jwt():\n    verify_jwt_in_request()\n\n\n@bp.get('/users')\ndef users():\n    return []\n";
  assert.deepEqual(await findingLines(code, ['FG101']), []);
  assert.deepEqual(await findingLines(code.replace('verify_jwt_in_request()\n', 'verify_jwt_in_request(optional=True)\n'), ['FG101']), ['app.py:13 FG101'], 'optional=True lets anonymous callers through');
});

test('a before_request hook decorated with @auth.login_required authenticates its app (Flask-HTTPAuth docs)', async () => {
  const code = "from flask import Flask\nfrom flask_httpauth import HTTPTokenAuth\n\napp = Flask(__name__)\nauth = HTTPTokenAuth(scheme='Bearer')\n\n\n@app.before_request\n@auth.login_required\ndef require_token():\n    pass\n\n\n@app.get('/admin/users')\ndef users():\n    return []\n";
  assert.deepEqual(await findingLines(code, ['FG101']), []);
});

test('Flask-Principal `permission.require()` and Flask-BasicAuth `basic_auth.required` are recognised', async () => {
  const code = "from flask import Flask\nfrom flask_principal import Permission, RoleNeed, Principal\nfrom flask_basicauth import BasicAuth\n\napp = Flask(__name__)\nPrincipal(app)\nbasic_auth = BasicAuth(app)\nadmin_permission = Permission(RoleNeed('admin'))\n\n\n@app.get('/admin/users')\n@admin_permission.require(http_exception=403)\ndef users():\n    return []\n\n\n@app.get('/admin/settings')\n@basic_auth.required\ndef settings():\n    return {}\n";
  assert.deepEqual(await findingLines(code, ['FG101']), []);
});

// From a round-8 sweep of the security libraries' less common APIs.
test("Flask-Principal's `with permission.require(...)` at the top of a view refuses before the body runs", async () => {
  const code = "from flask import Flask\nfrom flask_principal import Permission, RoleNeed, Principal\n\napp = Flask(__name__)\nPrincipal(app)\nadmin_permission = Permission(RoleNeed('admin'))\n\n\n@app.get('/admin/config')\ndef config():\n    with admin_permission.require(http_exception=403):\n        return {}\n\n\n@app.post('/admin/purge')\ndef purge():\n    with Permission(RoleNeed('admin')).require(403):\n        return ''\n\n\n@app.post('/admin/reset')\ndef reset():\n    with app.app_context():\n        return ''\n";
  assert.deepEqual(await findingLines(code, ['FG101']), ['app.py:22 FG101']);
});

test("Authlib's ResourceProtector in a view body: `with require_oauth.acquire(...) as token:` and `token = require_oauth.acquire_token(...)`", async () => {
  const code = "from flask import Flask\nfrom authlib.integrations.flask_oauth2 import ResourceProtector\nfrom flask_jwt_extended import verify_jwt_in_request\n\napp = Flask(__name__)\nrequire_oauth = ResourceProtector()\n\n\n@app.post('/api/users/delete')\ndef delete_users():\n    with require_oauth.acquire('users:write') as token:\n        return str(token.user_id)\n\n\n@app.get('/api/keys')\ndef keys():\n    token = require_oauth.acquire_token(['keys'])\n    return str(token.user_id)\n\n\n@app.post('/api/users/purge')\ndef purge():\n    token = pool.acquire_token()\n    return ''\n\n\n@app.post('/api/settings')\ndef settings():\n    claims = verify_jwt_in_request(optional=True)\n    return ''\n";
  assert.deepEqual(await findingLines(code, ['FG101']), ['app.py:22 FG101', 'app.py:28 FG101']);
});

test('`bp.before_request(login_required(lambda: None))` puts every view of the blueprint behind login (a common idiom)', async () => {
  const files = {
    'app.py': "from flask import Flask\nfrom packages import packages_bp\nfrom public import open_bp\n\napp = Flask(__name__)\napp.register_blueprint(packages_bp, url_prefix='/packages')\napp.register_blueprint(open_bp)\n",
    'packages/__init__.py': "from flask import Blueprint\nfrom flask_login import login_required\n\npackages_bp = Blueprint('packages', __name__)\npackages_bp.before_request(login_required(lambda: None))\n\nfrom . import routes  # noqa: E402, F401\n",
    'packages/routes.py': "from . import packages_bp\n\n\n@packages_bp.post('/<int:package_id>/delete')\ndef delete(package_id):\n    return ''\n",
    'public.py': "from flask import Blueprint\n\nopen_bp = Blueprint('open', __name__)\n\n\n@open_bp.post('/feedback/delete')\ndef drop():\n    return ''\n",
  };
  assert.deepEqual(await findingLines(files, ['FG101']), ['public.py:7 FG101']);
});

// From a round-5 sweep of tutorial-style apps.
test('an API-key decorator that calls the view when `key and key == config[...]` holds and refuses in its `else`', async () => {
  const code = "from functools import wraps\nfrom flask import Flask, request, jsonify, current_app\n\napp = Flask(__name__)\n\n\ndef api_key_required(view):\n    @wraps(view)\n    def inner(*args, **kwargs):\n        key = request.headers.get('X-API-KEY') or request.args.get('key')\n        if key and key == current_app.config['API_KEY']:\n            return view(*args, **kwargs)\n        else:\n            return jsonify(error='unauthorized'), 401\n    return inner\n\n\n@app.post('/admin/purge')\n@api_key_required\ndef purge():\n    return ''\n";
  assert.deepEqual(await findingLines(code, ['FG101']), []);
  // A check that a setting switches off still leaves the route open.
  const optIn = code.replace("        if key and key == current_app.config['API_KEY']:\n            return view(*args, **kwargs)\n        else:\n            return jsonify(error='unauthorized'), 401\n", "        if current_app.config['REQUIRE_KEY'] and key != current_app.config['API_KEY']:\n            return jsonify(error='unauthorized'), 401\n        return view(*args, **kwargs)\n");
  assert.deepEqual(await findingLines(optIn, ['FG101']), ['app.py:19 FG101']);
});

test("student-style checks in the view: a session role compared with a constant, an `else` that refuses, a match on the role", async () => {
  const head = "from flask import Flask, session, redirect, url_for, abort\n\napp = Flask(__name__)\n";
  const view = (path: string, name: string, body: string) => `\n\n@app.post('${path}')\ndef ${name}():\n${body}    return ''\n`;
  const code =
    head +
    view('/admin/a', 'a', "    if session.get('role') != 'admin':\n        return redirect(url_for('index'))\n") +
    view('/admin/b', 'b', "    if session['level'] not in ('staff', 'admin'):\n        abort(403)\n") +
    view('/admin/c', 'c', "    if 'username' in session and session['role'] == 'admin':\n        return redirect(url_for('index'))\n    else:\n        return 'denied', 403\n") +
    view('/admin/d', 'd', "    match session.get('role'):\n        case 'judge' | 'admin':\n            pass\n        case _:\n            abort(403)\n") +
    // Not about the caller: a preference in the session, a match that refuses only one role.
    view('/admin/e', 'e', "    if session.get('theme') != 'dark':\n        return redirect(url_for('index'))\n") +
    view('/admin/f', 'f', "    match session.get('role'):\n        case 'banned':\n            abort(403)\n");
  assert.deepEqual(await findingLines(code, ['FG101']), ['app.py:40 FG101', 'app.py:47 FG101']);
});

test("dash_auth's `add_public_routes(app, [...])` opens the routes it lists", async () => {
  const code = "import os\nimport dash\nimport dash_auth\nfrom dash_auth import add_public_routes\n\napp = dash.Dash(__name__)\ndash_auth.BasicAuth(app, {'admin': os.environ['DASH_PASSWORD']})\nadd_public_routes(app, ['/', '/reports/export'])\nserver = app.server\n\n\n@server.route('/reports/export')\ndef export():\n    return ''\n\n\n@server.route('/admin/reset', methods=['POST'])\ndef reset():\n    return ''\n";
  assert.deepEqual(await findingLines(code, ['FG101']), ['app.py:13 FG101']);
});

// Round 21: hand-rolled role decorators that send a caller without the session's role to a page that is not a login page.
test('a project decorator that calls the view only for a session role and sends everyone else home', async () => {
  const head = "from functools import wraps\nfrom flask import Flask, session, redirect, url_for, flash, request\n\napp = Flask(__name__)\n\n\n";
  const decorator = (name: string, test: string, after = "        flash('Access denied.')\n") =>
    `def ${name}(view):\n    @wraps(view)\n    def inner(*args, **kwargs):\n        if ${test}:\n            return view(*args, **kwargs)\n${after}        return redirect(url_for('home'))\n    return inner\n\n\n`;
  const route = (path: string, name: string) => `@app.post('${path}')\n@${name}\ndef ${name}_view():\n    return ''\n\n\n`;
  const code =
    head +
    decorator('clerk_only', "session.get('user_type') == 'clerk'") +
    decorator('school_staff', "session.get('school') == 3 and (session.get('role') == 'teacher' or session['role'] in ('dean', 'head'))") +
    // Not about who calls: a preference, a role test a query flag bypasses, a record check, a role test followed by work.
    decorator('dark_only', "session.get('theme') == 'dark'") +
    decorator('preview_or_admin', "session.get('role') == 'admin' or request.args.get('preview')") +
    decorator('known_item', "kwargs.get('item_id') in ('1', '2')") +
    decorator('admin_or_purge', "session.get('role') == 'admin'", "        purge_cache()\n") +
    route('/manage/a', 'clerk_only') + route('/manage/b', 'school_staff') + route('/manage/c', 'dark_only') +
    route('/manage/d', 'preview_or_admin') + route('/manage/e', 'known_item') + route('/manage/f', 'admin_or_purge');
  const lines = code.split('\n');
  const defOf = (name: string) => `app.py:${lines.indexOf(`def ${name}_view():`) + 1} FG101`;
  assert.deepEqual(await findingLines(code, ['FG101']), ['dark_only', 'preview_or_admin', 'known_item', 'admin_or_purge'].map(defOf));
});

test('a decorator factory whose wrapper carries an authenticating decorator of its own and checks a permission only when given one', async () => {
  const code =
    "from functools import wraps\nfrom flask import Flask, request, abort\nimport jwt\n\napp = Flask(__name__)\n\n\n" +
    "def load_claims(fn):\n    @wraps(fn)\n    def inner(*args, **kwargs):\n        if 'Authorization' not in request.headers:\n            abort(401)\n        return fn(token=jwt.decode(request.headers['Authorization'], 'k', algorithms=['HS256']), *args, **kwargs)\n    return inner\n\n\n" +
    "def needs(permission=None):\n    def decorator(fn):\n        @wraps(fn)\n        @load_claims\n        def inner(*args, **kwargs):\n            token = kwargs.pop('token', None)\n            if token and permission and permission not in token['perms']:\n                abort(403)\n            return fn(*args, **kwargs)\n        return inner\n    return decorator\n\n\n" +
    "def audit(permission=None):\n    def decorator(fn):\n        @wraps(fn)\n        @log_calls\n        def inner(*args, **kwargs):\n            token = kwargs.pop('token', None)\n            if token and permission and permission not in token['perms']:\n                abort(403)\n            return fn(*args, **kwargs)\n        return inner\n    return decorator\n\n\n" +
    "def log_calls(fn):\n    return fn\n\n\n" +
    "@app.post('/rooms/add')\n@needs('rooms.add')\ndef add_room():\n    return ''\n\n\n@app.post('/rooms/drop')\n@audit('rooms.drop')\ndef drop_room():\n    return ''\n";
  const lines = code.split('\n');
  assert.deepEqual(await findingLines(code, ['FG101']), [`app.py:${lines.indexOf('def drop_room():') + 1} FG101`]);
});

test('Flask-Admin views mounted on a blueprint that no app registers (its registration commented out) are not served', async () => {
  const files = {
    'app.py': "from flask import Flask\n\nfrom panel import panel_bp\n\napp = Flask(__name__)\n# app.register_blueprint(panel_bp)\n",
    'panel.py': "from flask import Blueprint\nfrom flask_admin import Admin\nfrom flask_admin.contrib.sqla import ModelView\n\nfrom models import User, db\n\npanel_bp = Blueprint('panel', __name__)\nadmin = Admin(panel_bp, name='Panel')\nadmin.add_view(ModelView(User, db.session))\n",
  };
  assert.deepEqual(await findingLines(files, ['FG101']), []);
  // Registered after all, or registered by a call the model cannot read: served.
  const registered = { ...files, 'app.py': files['app.py'].replace('# app.', 'app.') };
  assert.deepEqual(await findingLines(registered, ['FG101']), ['panel.py:9 FG101']);
  const unread = { ...files, 'app.py': files['app.py'] + "for bp in load_blueprints():\n    app.register_blueprint(bp)\n" };
  assert.deepEqual(await findingLines(unread, ['FG101']), ['panel.py:9 FG101']);
});

// Round 25: a view whose work is a call of a workspace function an authentication decorator wraps is guarded by it.
test('a view that hands every request to a guarded function or method, before doing anything of its own', async () => {
  const files = {
    'guards.py': "from functools import wraps\nfrom flask import abort\nfrom flask_login import current_user\n\n\ndef staff_only(fn):\n    @wraps(fn)\n    def inner(*args, **kwargs):\n        if not current_user.is_authenticated or not current_user.is_staff:\n            abort(403)\n        return fn(*args, **kwargs)\n    return inner\n\n\ndef timed(fn):\n    @wraps(fn)\n    def inner(*args, **kwargs):\n        return fn(*args, **kwargs)\n    return inner\n",
    'members.py': "from flask import jsonify\nfrom flask_login import login_required\n\nfrom guards import staff_only, timed\n\n\nclass MemberDesk:\n    @staff_only\n    def drop(self, member_id):\n        return jsonify(dropped=member_id)\n\n    @timed\n    def roster(self):\n        return jsonify([])\n\n\n@login_required\ndef member_list():\n    return jsonify([])\n",
    'app.py':
      "from flask import Flask, jsonify, request\n\nfrom members import MemberDesk, member_list\n\napp = Flask(__name__)\ndesk = MemberDesk()\n\n\n" +
      "@app.delete('/members/<int:mid>')\ndef drop_member(mid):\n    return desk.drop(mid)\n\n\n" +
      "@app.get('/admin/members')\ndef members():\n    \"\"\"All members.\"\"\"\n    wanted = request.args.get('q')\n    listing = member_list()\n    return listing\n\n\n" +
      "@app.get('/admin/members.json')\ndef members_json():\n    return jsonify(body=member_list().get_json())\n\n\n" +
      // Not guarded: a decorator that checks nothing, a hand-off in one branch or under a test, one after work of its own.
      "@app.get('/admin/roster')\ndef roster():\n    return desk.roster()\n\n\n" +
      "@app.get('/admin/people')\ndef people():\n    if request.args.get('full'):\n        return member_list()\n    return jsonify(['names'])\n\n\n" +
      "@app.get('/admin/everyone')\ndef everyone():\n    return member_list() if request.args.get('full') else jsonify(['names'])\n\n\n" +
      "@app.post('/admin/members/purge')\ndef purge():\n    purge_members(request.form['before'])\n    return member_list()\n",
  };
  const lines = files['app.py'].split('\n');
  const defOf = (name: string) => `app.py:${lines.indexOf(`def ${name}():`) + 1} FG101`;
  assert.deepEqual(await findingLines(files, ['FG101']), ['roster', 'people', 'everyone', 'purge'].map(defOf));
});

// Round 25: a page served only where a submitted password matched, everyone else sent away or shown the empty form.
test('a view that shows its data only under a matching submitted password, and otherwise redirects or shows the empty form', async () => {
  const panel = (name: string, lines: string) => `@app.route('/admin/${name}', methods=['GET', 'POST'])\ndef ${name}():\n${lines}\n\n`;
  const code =
    "import os\nfrom flask import Flask, request, render_template, redirect, url_for, flash\nfrom forms import GateForm, OrderForm\nfrom models import Order\n\napp = Flask(__name__)\n\n\n" +
    panel('a', "    form = GateForm()\n    if form.secret.data == os.environ['GATE_SECRET']:\n        return render_template('orders.html', orders=Order.query.all())\n    return redirect(url_for('home'))\n") +
    panel('b', "    form = GateForm()\n    if form.validate_on_submit():\n        if form.passphrase.data == os.environ['GATE_SECRET']:\n            return render_template('orders.html', orders=Order.query.all())\n        else:\n            flash('No.')\n            return redirect(url_for('home'))\n    return render_template('staff_login.html', form=form, title='Gate')\n") +
    panel('c', "    if request.method == 'POST':\n        if request.form.get('password') == os.environ['GATE_SECRET']:\n            return render_template('orders.html', orders=Order.query.all())\n        return redirect(url_for('home'))\n    return render_template('auth/signin.html')\n") +
    // Not guarded: a field that is no credential, a page of the app's own for everyone else, one that shows data, a form filled from a record.
    panel('d', "    form = GateForm()\n    if form.coupon.data == os.environ['PROMO']:\n        return render_template('orders.html', orders=Order.query.all())\n    return redirect(url_for('home'))\n") +
    panel('e', "    form = GateForm()\n    if form.validate_on_submit():\n        if form.passphrase.data == os.environ['GATE_SECRET']:\n            return render_template('orders.html', orders=Order.query.all())\n        return redirect(url_for('home'))\n    return render_template('staff_login.html', form=form, latest=Order.query.first())\n") +
    panel('g', "    if request.method == 'POST':\n        if request.form.get('password') == os.environ['GATE_SECRET']:\n            return render_template('orders.html', orders=Order.query.all())\n        return redirect(url_for('home'))\n    return render_template('order_form.html')\n") +
    panel('f', "    form = OrderForm(obj=Order.query.first())\n    if form.validate_on_submit():\n        if form.passphrase.data == os.environ['GATE_SECRET']:\n            return render_template('orders.html', orders=Order.query.all())\n        return redirect(url_for('home'))\n    return render_template('staff_login.html', form=form)\n");
  const lines = code.split('\n');
  const defOf = (name: string) => `app.py:${lines.indexOf(`def ${name}():`) + 1} FG101`;
  assert.deepEqual(await findingLines(code, ['FG101']), ['d', 'e', 'g', 'f'].map(defOf));
});

// Round 26: an early answer that skips all the work for a caller with no identity refuses them, whatever its status
// (as `if not session.get('uid'): return render_template('error.html')` already did); a view that only varies what it
// shows, doing the same work for everyone, stays open.
test('a view whose work runs only for a logged-in caller and whose other answer is a constant built in named parts', async () => {
  const view = (path: string, name: string, body: string) => `\n\n@app.post('${path}')\ndef ${name}():\n${body}`;
  const code =
    "import json\nfrom flask import Flask, session, request, render_template\n\napp = Flask(__name__)\n" +
    view('/scores/a', 'a', "    if 'username' in session:\n        save_score(session['username'], request.json['score'])\n        return json.dumps({'saved': True})\n    else:\n        text = 'Please sign in to keep your score'\n        body = {'message': text}\n        return json.dumps(body)\n") +
    // Not guarded: the other answer reads a record, or a parameter; the same work done for everyone, only the name varies.
    view('/scores/b', 'b', "    if 'username' in session:\n        save_score(session['username'], request.json['score'])\n        return json.dumps({'saved': True})\n    else:\n        body = {'best': best_score()}\n        return json.dumps(body)\n") +
    view('/scores/<text>', 'c', "    if 'username' in session:\n        save_score(session['username'], request.json['score'])\n        return json.dumps({'saved': True})\n    else:\n        body = {'message': text}\n        return json.dumps(body)\n").replace('def c():', 'def c(text):') +
    view('/scores/d', 'd', "    if 'username' in session:\n        name = session['username']\n    else:\n        name = 'guest'\n    save_score(name, request.json['score'])\n    return render_template('scores.html', name=name)\n");
  const lines = code.split('\n');
  const defOf = (name: string) => `app.py:${lines.findIndex((l) => l.startsWith(`def ${name}(`)) + 1} FG101`;
  assert.deepEqual(await findingLines(code, ['FG101']), ['b', 'c', 'd'].map(defOf));
});

test('a view that answers with what a helper answers, where the helper checks the caller before its work', async () => {
  const files = {
    'pages.py':
      "from flask import session, render_template\nfrom models import Item\n\n\n" +
      "def home():\n    uid = session.get('user_id')\n    if uid:\n        return render_template('home.html', uid=uid, items=Item.query.all())\n    else:\n        return 'You are not logged in <a href=\"/login\">log in</a>'\n\n\n" +
      "def board():\n    uid = session.get('user_id')\n    return render_template('board.html', uid=uid, items=Item.query.all())\n",
    'app.py':
      "from flask import Flask\n\nimport pages\n\napp = Flask(__name__)\n\n\n" +
      "@app.route('/home', methods=['GET', 'POST'])\ndef home():\n    return pages.home()\n\n\n" +
      // Not guarded: a helper that only varies the page by who is logged in.
      "@app.route('/board', methods=['GET', 'POST'])\ndef board():\n    return pages.board()\n",
  };
  assert.deepEqual(await findingLines(files, ['FG101']), ['app.py:14 FG101']);
});

test("a blueprint hook that loads the caller by API key and answers everyone else in its `else`, whatever the status", async () => {
  const hooked = (hook: string) =>
    "from flask import Flask, Blueprint, jsonify, request, g\n\nimport replies\nfrom models import Member\n\napp = Flask(__name__)\napi = Blueprint('api', __name__)\n\n\n" +
    `@api.before_request\ndef need_key():\n    member = Member.query.filter_by(api_key=request.headers.get('Authorization')).first()\n${hook}\n\n` +
    "@api.post('/api/rooms/new')\ndef new_room():\n    return jsonify(ok=True)\n\n\napp.register_blueprint(api)\n";
  const files = (hook: string) => ({ 'app.py': hooked(hook), 'replies.py': "from flask import jsonify\n\n\ndef return_unauthorized():\n    return jsonify({'status': 'unauthorized'})\n" });
  assert.deepEqual(await findingLines(files("    if member:\n        g.member = member\n    else:\n        return replies.return_unauthorized()\n"), ['FG101']), []);
  // Not guarded: only an `elif` answers (an exemption for one path), or the `else` answers nothing.
  assert.deepEqual(await findingLines(files("    if member:\n        g.member = member\n    elif request.path == '/api/ping':\n        return 'pong'\n"), ['FG101']), ['app.py:20 FG101']);
  assert.deepEqual(await findingLines(files("    if member:\n        g.member = member\n    else:\n        g.member = None\n"), ['FG101']), ['app.py:20 FG101']);
});

test('a decorator that redirects counts as a login check only where a part of its target ends in a login word', async () => {
  const guard = (name: string, target: string) =>
    `def ${name}(f):\n    @wraps(f)\n    def wrapper(*args, **kwargs):\n        if not session.get('seen_intro'):\n            return redirect(url_for('${target}'))\n        return f(*args, **kwargs)\n    return wrapper\n\n\n`;
  const view = (name: string, decorator: string) => `@app.route('/records/${name}', methods=['POST'])\n@${decorator}\ndef ${name}():\n    db.session.commit()\n    return 'done'\n\n\n`;
  const code =
    'from functools import wraps\n\nfrom flask import Flask, redirect, session, url_for\nfrom models import db\n\napp = Flask(__name__)\n\n\n' +
    guard('to_login', 'auth.login') + guard('to_login_page', 'users.login_page') + guard('to_sso', 'google_auth') +
    // The test of the session says nothing of who the caller is: only the redirect's target makes these login checks.
    // Found in review: `login_history` and `authors.index` only contain a login word; neither is the login page.
    guard('to_history', 'login_history') + guard('to_authors', 'authors.index') +
    view('clear', 'to_login') + view('purge', 'to_login_page') + view('archive', 'to_sso') + view('trim', 'to_history') + view('export', 'to_authors');
  const lines = code.split('\n');
  const at = (name: string) => `app.py:${lines.indexOf(`def ${name}():`) + 1} FG101`;
  assert.deepEqual(await findingLines(code, ['FG101']), [at('trim'), at('export')]);
});
