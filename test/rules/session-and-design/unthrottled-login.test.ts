import rule from '../../../server/src/rules/session-and-design/unthrottled-login';
import { ruleTester } from '../rule-tester';
import { at, lines } from './positions';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingLines } from '../../helpers/findings';

const HEAD = lines('from flask import Flask, jsonify, request', 'from flask_login import login_user', 'from werkzeug.security import check_password_hash', '', 'from models import User', '', 'app = Flask(__name__)');
const LOGIN_BODY = ["user = User.query.filter_by(email=request.form['email']).first()", "if user is None or not check_password_hash(user.password_hash, request.form['password']):", "    return 'Invalid email or password', 401", 'login_user(user)', "return 'ok'"];
const login = (head: string, ...decorators: string[]) => head + lines('', '', "@app.route('/login', methods=['GET', 'POST'])", ...decorators, 'def login():', ...LOGIN_BODY.map((b) => '    ' + b));
const LIMITER = lines('from flask_limiter import Limiter', 'from flask_limiter.util import get_remote_address');
const withLimiter = (options = '') => LIMITER + HEAD + lines(`limiter = Limiter(get_remote_address, app=app${options})`);

const plain = login(HEAD);
// A demo endpoint checks the Authorization header against the user and password in its own path: nothing secret to guess, no session.
const pathCredentials = HEAD + lines('', '', "@app.get('/auth-demo/<name>/<pwd>')", "def auth_demo(name='alice', pwd='pass'):", '    if not header_matches(name, pwd):', '        return jsonify(ok=False), 401', '    return jsonify(ok=True, name=name)');
const defaultAndPassword = HEAD + lines('', '', "@app.post('/login/<mode>')", "def login(mode='pass'):", ...LOGIN_BODY.map((b) => '    ' + b));
/** Default limits set in the configuration that one app's limiter reads. */
const configuredDefaults = login(withLimiter() + lines("app.config['RATELIMIT_DEFAULT'] = '100 per hour'"));
/** The limit names the methods it counts (`login` takes GET and POST). */
const limitFor = (methods: string) => login(withLimiter(), `@limiter.limit('5 per minute', methods=${methods})`);
const limiterNoLimit = login(withLimiter());
// Flask-Limiter's `shared_limit` made once and applied by name to every auth view.
const sharedLimit = login(withLimiter() + lines("auth_limit = limiter.shared_limit('10 per minute', scope='auth')"), '@auth_limit');
const boundAudit = login(withLimiter() + lines("audit = make_audit('login')"), '@audit');
const exemptFromDefaults = login(withLimiter(", default_limits=['200 per day']"), '@limiter.exempt');
const basicToken = lines('from flask import Flask, jsonify', 'from flask_httpauth import HTTPBasicAuth', 'from flask_jwt_extended import create_access_token', '', 'app = Flask(__name__)', 'basic_auth = HTTPBasicAuth()', '', '', "@app.get('/api/token')", '@basic_auth.login_required', 'def issue_token():', '    return jsonify(access_token=create_access_token(identity=basic_auth.current_user()))');
// A mini-program login: the one-time code is checked by the platform; the new account's placeholder password is set, not checked.
const platformCodeLogin = HEAD + lines('', '', "@app.post('/api/login')", 'def wechat_login():', "    open_id = exchange_code(request.json['code'])", '    user = User.query.filter_by(open_id=open_id).first()', '    if not user:', '        user = User.create(', '            username=open_id,', '            password=open_id,', '        )', '    return jsonify(token=user.generate_token())');
// The password read into a variable the view then checks.
const assignedPassword = HEAD + lines('', '', "@app.post('/api/login')", 'def api_login():', '    data = request.get_json()', "    name, password = data.get('user'), data.get('secret')", '    user = User.query.filter_by(name=name).first()', '    if user is None or not user.matches(password):', "        return 'no', 401", '    return jsonify(token=user.generate_token())');
// The credentials are checked by a project decorator, in its wrapper; the view only issues the token.
const gatedLogin = (check: string[]) => ({
  'app.py': HEAD + lines('from functools import wraps', '', '', 'def validate(f):', '    @wraps(f)', '    def wrapper(*args, **kwargs):', ...check.map((c) => '        ' + c), '        return f(*args, **kwargs)', '    return wrapper', '', '', "@app.post('/api/login')", '@validate', 'def login():', "    return jsonify(token=make_token(request.json['email']))"),
});
const decoratorLogin = gatedLogin(["user = User.query.filter_by(email=request.json.get('email')).first()", "if user is None or not check_password_hash(user.password_hash, request.json.get('password')):", "    return jsonify(error='Invalid email or password'), 401"]);
const decoratorToken = gatedLogin(["if not valid_token(request.headers.get('Authorization')):", "    return jsonify(error='Unauthorized'), 401"]);
// The password is checked by a method of the model (`member.authenticated(password=...)`), read from a short form field.
const modelCheck = HEAD + lines('', '', "@app.route('/login', methods=['POST'])", 'def login():', "    member = User.query.filter_by(email=request.form['email']).first()", "    if member and member.authenticated(password=request.form['pw']):", '        login_user(member)', "        return 'ok'", "    return 'Invalid email or password', 401");
// Tokens issued for HTTP basic credentials, the Flask-HTTPAuth object named for what it is or not (REST-auth, microblog-api).
const basicNamedAuth = lines('from flask import Flask, jsonify', 'from flask_httpauth import HTTPBasicAuth', '', 'app = Flask(__name__)', 'auth = HTTPBasicAuth()', '', '', "@app.route('/api/token')", '@auth.login_required', 'def get_auth_token():', '    return jsonify(token=auth.current_user().generate_auth_token())');
const apifairyBasic = lines('from apifairy import authenticate', 'from flask import Flask', 'from flask_httpauth import HTTPBasicAuth', '', 'app = Flask(__name__)', 'basic_auth = HTTPBasicAuth()', '', '', "@app.post('/api/tokens')", '@authenticate(basic_auth)', 'def new_token():', "    return {'access_token': basic_auth.current_user().new_token()}");
// Flasky's API: the blueprint's before_request runs HTTP basic auth (in another module), the token route only issues.
const basicHook = (auth: string) => ({
  'api/__init__.py': lines('from flask import Blueprint', '', "api = Blueprint('api', __name__)", '', 'from . import authentication'),
  'api/authentication.py': lines(
    'from flask import g, jsonify',
    `from flask_httpauth import ${auth}`,
    'from . import api',
    '',
    `auth = ${auth}()`,
    '',
    '',
    '@api.before_request',
    '@auth.login_required',
    'def before_request():',
    '    pass',
    '',
    '',
    "@api.route('/tokens/', methods=['POST'])",
    'def get_token():',
    "    return jsonify(token=g.current_user.generate_auth_token())",
  ),
});
const basicHookToken = basicHook('HTTPBasicAuth');
// cookiecutter-flask: the home page logs users in through a form class whose `validate` checks the password.
const formHome = (check: string) => ({
  'forms.py': lines(
    'from flask_wtf import FlaskForm',
    'from models import User',
    '',
    '',
    'class LoginForm(FlaskForm):',
    '    def validate(self, **kwargs):',
    '        self.user = User.query.filter_by(username=self.username.data).first()',
    `        return bool(self.user) and ${check}`,
  ),
  'app.py': HEAD + lines('from forms import LoginForm', '', '', "@app.route('/', methods=['GET', 'POST'])", 'def home():', '    form = LoginForm(request.form)', '    if form.validate_on_submit():', '        login_user(form.user)', "    return 'home'"),
});
const formHomeLogin = formHome('self.user.check_password(self.password.data)');
// Round 22 (a recipe site): the login form's own `validate` checks the password; the view puts the account it found in the session.
const formSession = (check: string, ...view: string[]) => ({
  'forms.py': lines('from flask_wtf import FlaskForm', 'from models import User', '', '', 'class SignInForm(FlaskForm):', '    def validate(self):', '        self.account = User.query.filter_by(name=self.name.data).first()', `        return bool(self.account) and ${check}`),
  'app.py': HEAD + lines('from flask import render_template, session', 'import forms', '', '', "@app.route('/login', methods=['GET', 'POST'])", 'def login():', '    form = forms.SignInForm(request.form)', ...view.map((v) => '    ' + v)),
});
const SESSION_ON_VALID = ["if request.method == 'POST' and form.validate():", "    session['user_id'] = form.account.id", "    return 'welcome'", "return render_template('login.html', form=form)"];
const formSessionLogin = formSession('self.account.check_password(self.password.data)', ...SESSION_ON_VALID);
// Round 22 (a CTF platform): a team signs in with the key it was mailed; there is no password, the key is the secret.
const keyLogin = (field: string) => HEAD + lines('from flask import session', '', '', "@app.route('/login/', methods=['GET', 'POST'])", 'def login():', `    team = Team.query.filter_by(key=request.form['${field}']).first()`, '    if team is None:', "        return 'Unknown key', 401", "    session['team_id'] = team.id", "    return 'ok'");
const teamKeyLogin = keyLogin('team_key');
const clientSecretToken = HEAD + lines('', '', "@app.post('/api/auth/login')", 'def api_login():', '    data = request.get_json()', "    client = Client.query.filter_by(secret=data.get('client_secret')).first()", '    if client is None:', "        return jsonify(error='denied'), 401", '    return jsonify(token=client.issue_token())');
// A login by phone number alone: nothing secret is checked, so there is nothing to guess (the missing check is the flaw, not its speed).
const phoneLogin = HEAD + lines('from flask import session', '', '', "@app.route('/member_login', methods=['POST'])", 'def member_login():', "    member = Member.query.filter_by(phone=request.form['phone']).first()", '    if member:', "        session['member_id'] = member.id", "    return 'ok'");
// A note to do it is not doing it: only the code counts.
const commentedOnly = HEAD + lines('', '', "@app.route('/login', methods=['POST'])", 'def login():  # TODO: throttle this (429 after 5 failed_attempts)', ...LOGIN_BODY.map((b) => '    ' + b));
const crossModule = {
  'auth.py': lines('from flask import Blueprint, request', 'from werkzeug.security import check_password_hash', '', "bp = Blueprint('auth', __name__)", '', '', "@bp.post('/login')", 'def login():', "    if not check_password_hash(USERS[request.form['email']], request.form['password']):", "        return 'no', 401", "    return 'ok'"),
  'extensions.py': lines('from flask_limiter import Limiter', 'from flask_limiter.util import get_remote_address', '', 'limiter = Limiter(get_remote_address)'),
};

// A password-confirmed account change on the auth blueprint: the caller gives a password, but gets no session for it.
const confirmedDelete = (rule: string, name: string) =>
  HEAD + lines('', '', `@app.post('${rule}')`, `def ${name}():`, "    user = User.query.filter_by(email=request.form['email']).first()", "    if user is None or not check_password_hash(user.password_hash, request.form['password']):", "        return 'Incorrect password', 401", '    db.session.delete(user)', "    return 'deleted'");

// The password arrives in a field named with a prefix (`member_password`), compared as typed by the view itself.
const prefixedField = HEAD + lines('', '', "@app.post('/members/login')", 'def member_login():', "    member = User.query.filter_by(email=request.form['member_email']).first()", "    if member is None or member.member_password != request.form['member_password']:", "        return 'Invalid email or password', 401", '    login_user(member)', "    return 'ok'");

// The form's validators check the password (Flask-Login's documented pattern); the view logs in whoever the form found.
const formSignin = (head: string, ...decorators: string[]) =>
  head + lines('from flask import redirect, render_template', '', '', "@app.route('/signin', methods=['GET', 'POST'])", ...decorators, 'def signin():', '    form = SignInForm()', '    if form.validate_on_submit():', '        login_user(form.account, remember=form.remember.data)', "        return redirect('/')", "    return render_template('signin.html', form=form)");
// A passwordless login page: the form takes an address and the view mails a link, no session is handed out here.
const magicLinkRequest = HEAD + lines('', '', "@app.post('/login')", 'def login():', '    form = EmailForm()', '    if form.validate_on_submit():', '        send_login_link(form.email.data)', "    return 'check your mail'");

// Found in an idiom sweep: re-authentication before a sensitive action; the caller must already have a session.
const reauth = (rule: string, name: string, guard: string[]) =>
  lines('from flask import Flask, abort, redirect, request, session', 'from flask_login import confirm_login, current_user', 'from werkzeug.security import check_password_hash', '', 'app = Flask(__name__)', '', '', `@app.route('${rule}', methods=['GET', 'POST'])`, `def ${name}():`, ...guard.map((g) => '    ' + g), "    if not check_password_hash(current_user.password_hash, request.form['password']):", "        return 'Wrong password', 403", '    confirm_login()', "    return redirect('/')");
const reauthUnguarded = reauth('/auth/reauthenticate', 'reauthenticate', ["if request.method == 'GET':", "    return 'form'"]);

// Round 20 (a login daemon): the second step of a login checks a six-digit code and only then hands out the session.
const SECOND_STEP_HEAD = lines('from flask import Flask, redirect, request, session', 'import pyotp', '', 'from models import User', '', 'app = Flask(__name__)');
const secondStep = (rule: string, name: string, ...body: string[]) => SECOND_STEP_HEAD + lines('', '', `@app.route('${rule}', methods=['POST'])`, ...(name.startsWith('@') ? [name.split(' ')[0]!] : []), `def ${name.split(' ').at(-1)}():`, ...body.map((b) => '    ' + b));
const PENDING = ["pending = session.get('pending_user_id')", 'if pending is None:', "    return redirect('/login')", 'user = User.query.get(pending)'];
const totpVerify = secondStep('/mfa/verify', 'mfa_verify', ...PENDING, "if not pyotp.TOTP(user.totp_secret).verify(request.form['code']):", "    return 'Invalid code', 400", "session['user_id'] = user.id", "return redirect('/')");
const mailedCodeVerify = secondStep('/verify-code', 'verify_code', ...PENDING, "if request.form['code'] != session.get('otp'):", "    return 'Invalid code', 400", 'login_user(user)', "return redirect('/')").replace('import pyotp', 'from flask_login import login_user');

// Round 21: a Flask-RESTX Resource reads the JSON body through `api.payload`, and answers an unknown user before it touches the password.
const restxLogin = (rule: string, cls: string, ...body: string[]) =>
  lines('from flask import Flask', 'from flask_restx import Api, Resource', 'from werkzeug.security import check_password_hash', '', 'from models import User', '', 'app = Flask(__name__)', 'api = Api(app)', '', '', `@api.route('${rule}')`, `class ${cls}(Resource):`, '    def post(self):', ...body.map((b) => '        ' + b));
const RESTX_LOOKUP = ["account = User.query.filter_by(email=api.payload['email']).first()", 'if account is None:', "    return {'message': 'Login failed'}, 401"];
const restxPayloadLogin = restxLogin('/auth/login', 'SignIn', ...RESTX_LOOKUP, "if not check_password_hash(account.pw_hash, api.payload['password']):", "    return {'message': 'Login failed'}, 401", "return {'token': account.issue_token()}");
// Round 21: the Flask-HTTPAuth object is built in another module and imported where the token route uses it.
const importedHttpAuth = (auth: string) => ({
  'security.py': lines(`from flask_httpauth import ${auth}`, '', `guard = ${auth}()`),
  'views.py': lines('from flask import Flask, jsonify', '', 'from security import guard', '', 'app = Flask(__name__)', '', '', "@app.get('/api/token')", '@guard.login_required', 'def hand_out_token():', '    return jsonify(token=guard.current_user().make_token())'),
});
const importedBasic = importedHttpAuth('HTTPBasicAuth');
// Round 21: the password is checked by a model or helper method; the view branches on its answer and logs in.
const helperLogin = (helperBody: string[], ...view: string[]) =>
  HEAD + lines('', '', 'def account_for(form):', ...helperBody.map((b) => '    ' + b), '', '', "@app.post('/login')", 'def login():', ...view.map((b) => '    ' + b));
const CHECKING_HELPER = ["found = User.query.filter_by(email=form.get('email')).first()", "return found if found and found.matches(form.get('password')) else None"];
const helperChecked = helperLogin(CHECKING_HELPER, 'who = account_for(request.form)', 'if who is None:', "    return 'Login failed', 401", "session['user_id'] = who.id", "return 'ok'");

// Round 23 (a restaurant API): `/auth/create-admin` hashes the posted password into a new record and checks none.
const authCreate = (...body: string[]) => HEAD + lines('', '', "@app.post('/auth/create-staff')", 'def create_staff():', '    data = request.get_json()', ...body.map((b) => '    ' + b));
const createsStaff = authCreate("staff = User(email=data['email'], pw_hash=generate_password_hash(data['password']))", 'db.session.add(staff)', "return {'data': staff.to_dict()}, 201");
/** A login under the same words that checks the stored password, then rehashes it. */
const rehashingLogin = authCreate("staff = User.query.filter_by(email=data['email']).first()", "if staff is None or staff.password != data['password']:", "    return {'error': 'Invalid email or password'}, 401", "staff.password = generate_password_hash(data['password'])", 'login_user(staff)', "return {'ok': True}");

// Round 24 (a game API): `POST /auth/players` builds the model, whose constructor (or `password` setter) hashes the password.
const MEMBER_MODEL = {
  hashingInit: ['from werkzeug.security import generate_password_hash', '', '', 'class Member:', '    def __init__(self, **fields):', "        self.email = fields['email']", "        self.pw_hash = generate_password_hash(fields['password'])"],
  aliasedInit: ['from werkzeug.security import generate_password_hash as hash_it', '', '', 'class Member:', '    def __init__(self, **fields):', "        self.pw_hash = hash_it(fields['password'])"],
  hashingSetter: ['from werkzeug.security import generate_password_hash', '', '', 'class Member:', '    @property', '    def password(self):', "        raise AttributeError('write-only')", '', '    @password.setter', '    def password(self, raw):', '        self.pw_hash = generate_password_hash(raw)'],
};
const memberApp = (model: string[], ...body: string[]) => ({
  'models.py': lines(...model, '', '    def check_password(self, raw):', '        return check_password_hash(self.pw_hash, raw)'),
  'views.py': lines('from flask import Flask, jsonify, request', '', 'from models import Member', '', 'app = Flask(__name__)', '', '', "@app.post('/auth/members')", 'def add_member():', '    data = request.get_json()', "    for name in ('email', 'password'):", '        if name not in data:', "            return jsonify(error=f'{name} is required'), 400", ...body.map((b) => '    ' + b)),
});
const membersCreated = (model: string[]) => memberApp(model, 'member = Member(**data)', 'db.session.add(member)', 'return jsonify(member.to_dict()), 201');
/** A view under /auth that requires the password field and builds something with the payload, no model in sight. */
const authRequiring = (required: string[], ...body: string[]) =>
  HEAD + lines('', '', "@app.post('/auth/profiles')", 'def add_profile():', '    data = request.get_json()', ...required.map((r) => '    ' + r), ...body.map((b) => '    ' + b));
const FIELDS_LISTED = ["for name in ['email', 'password']:", '    if name not in data:', "        return jsonify(error=f'{name} is required'), 400"];
const FIELD_TESTED = ["if 'password' not in data:", "    return jsonify(error='password is required'), 400"];
const tokenForPayload = authRequiring(FIELDS_LISTED, 'user = User.query.filter_by(**data).first_or_404()', 'return jsonify(token=create_access_token(identity=user.id))');
const checksAfterListing = authRequiring(FIELDS_LISTED, "user = User.query.filter_by(email=data['email']).first()", "if user is None or not check_password_hash(user.password_hash, data['password']):", "    return jsonify(error='Invalid email or password'), 401", 'login_user(user)', 'return jsonify(ok=True)');
/** Signs in a known member (password checked) or signs up a new one: a login. */
const memberSignInOrUp = memberApp(MEMBER_MODEL.hashingInit, "member = Member.query.filter_by(email=data['email']).first()", 'if member is None:', '    member = Member(**data)', "elif not member.check_password(data['password']):", "    return jsonify(error='Invalid email or password'), 401", 'return jsonify(token=member.get_token())');

// Round 26 (two real APIs): named for another step of the flow or for nothing, the view checks a password and hands out a token.
const CHECKED = ["found = User.query.filter_by(name=request.json['name']).first()", "if found is None or not found.check_password(request.json['password']):", "    return jsonify(error='Invalid name or password'), 401"];
const checksThenAnswers = (rule: string, name: string, ...answer: string[]) =>
  HEAD + lines('from flask_jwt_extended import create_access_token', '', '', `@app.post('${rule}')`, `def ${name}():`, ...[...CHECKED, ...answer].map((b) => '    ' + b));
const storedTokenForPassword = checksThenAnswers('/api/check-member', 'check_member', "return jsonify(key=found.api_key)");
const jwtForPassword = checksThenAnswers('/auth/authorize', 'authorize', 'return jsonify(access=create_access_token(identity=found.id))');

// Round 27 (a game): the sign-in form is the home page, its view named `index`; a helper checks the password and the
// view keeps the account it answered in the session under a key of its own choosing.
const ACCOUNTS = lines('from models import User', '', '', 'def authenticate(name, password):', '    found = User.query.filter_by(name=name).first()', '    return found if found and found.check_password(password) else None', '', '', 'def lookup(name):', '    return User.query.filter_by(name=name).first()');
const homePage = (route: string, name: string, ...body: string[]) => ({
  'app.py': HEAD + lines('from flask import session', 'from accounts import authenticate, lookup', '', '', `@app.route('${route}', methods=['GET', 'POST'])`, `def ${name}():`, ...body.map((b) => '    ' + b)),
  'accounts.py': ACCOUNTS,
});
const helperHome = homePage('/', 'index', "player = authenticate(request.form['name'], request.form['password'])", 'if player is None:', "    return 'Wrong name or password', 401", "session['player'] = player.to_dict()", "return 'ok'");
const INLINE_CHECK = ["found = User.query.filter_by(name=request.form['name']).first()", "if found is None or not found.check_password(request.form['password']):", "    return 'Wrong name or password', 401"];
const inlineHome = homePage('/', 'index', ...INLINE_CHECK, "session['member'] = found.name", "return 'ok'");

ruleTester(rule, {
  valid: [
    { code: homePage('/', 'index', "player = lookup(request.form['name'])", "session['player'] = player.name", "return 'ok'"), name: 'a home page that keeps a looked-up account in the session without a password' },
    { code: homePage('/', 'index', "if authenticate(request.form['name'], request.form['password']) is None:", "    return 'no', 401", "session['theme'] = request.form['theme']", "return 'ok'"), name: 'a home page whose password check keeps only a preference in the session' },
    { code: homePage('/', 'index', ...INLINE_CHECK, "session['seen_intro'] = True", "return 'ok'"), name: 'a password check that stores no account in the session' },
    { code: homePage('/settings/change-name', 'change_name', ...INLINE_CHECK, "found.name = request.form['new_name']", "session['member'] = found.name", "return 'ok'"), name: 'an account change a password confirms refreshes the session, logs no one in' },
    { code: createsStaff, name: 'account creation under /auth: the posted password is hashed into a new record, none is checked' },
    { code: membersCreated(MEMBER_MODEL.hashingInit), name: "account creation under /auth: the model's constructor hashes the posted password, none is checked" },
    { code: membersCreated(MEMBER_MODEL.aliasedInit), name: "account creation under /auth: the model's constructor hashes the password through an imported alias" },
    { code: authRequiring(FIELDS_LISTED, 'profile = Profile(**data)', 'return jsonify(profile.to_dict()), 201'), name: 'a view under /auth that lists the password as a required field, checks none and issues nothing' },
    { code: authRequiring(FIELD_TESTED, 'save_profile(data)', "return jsonify(ok=True), 201"), name: 'a view under /auth that tests the password field is present, checks none and issues nothing' },
    { code: membersCreated(MEMBER_MODEL.hashingSetter), name: "account creation under /auth: the model's password setter hashes the posted password, none is checked" },
    { code: formSession('self.account.is_active', ...SESSION_ON_VALID), name: 'a login-named view whose form checks no password' },
    { code: formSession('self.account.check_password(self.password.data)', "return render_template('login.html', form=form)"), name: 'a login page that builds the password form but never validates it (another view takes the post)' },
    { code: keyLogin('captcha_key').replace("Team.query.filter_by(key=request.form['captcha_key']).first()", "Team.query.filter_by(email=request.form['email']).first() if captcha_ok(request.form['captcha_key']) else None"), name: "a captcha's key is no credential: the login takes an address alone" },
    { code: HEAD + lines('import jwt', '', '', "@app.post('/auth/token')", 'def auth_token():', "    return jsonify(token=jwt.encode({'sub': request.json['email']}, app.config['SECRET_KEY']))"), name: "the app's own SECRET_KEY is no submitted secret" },
    { code: phoneLogin, name: 'a login by phone number alone checks no secret' },
    { code: importedHttpAuth('HTTPTokenAuth'), name: 'a token route behind an imported HTTPTokenAuth: the caller already holds a token' },
    {
      code: helperLogin(["d = dict(form)", "d.pop('password', None)", 'return d'], "shown = account_for(request.args)", "return render_template('login.html', shown=shown)").replace('@app.post', '@app.get'),
      name: 'a login page that calls a helper naming the password but never tests its answer',
    },
    {
      code: restxLogin('/auth/registration', 'Registration', "account = User(email=api.payload['email'], pw_hash=hash_it(api.payload['password']))", 'account.save()', "return {'token': account.issue_token()}"),
      name: 'a sign-up under /auth that issues a token for a new account: no existing credential to guess',
    },
    { code: HEAD + lines('', '', "@app.post('/auth/sign-up')", 'def auth_sign_up():', "    user = User.create(request.form['email'], request.form['password'])", '    login_user(user)', "    return 'ok'"), name: 'a sign-up spelled `sign-up` under /auth' },
    {
      // Found on real code (a lab app): a root `__init__.py` run as a script dir, imported as `from __init__ import app`.
      code: {
        '__init__.py': lines('from flask import Flask', 'from flask_limiter import Limiter', 'from flask_limiter.util import get_remote_address', '', 'app = Flask(__name__)', "limiter = Limiter(get_remote_address, app=app, default_limits=['10 per minute'])"),
        'main.py': lines('from __init__ import app', 'from views import bp', '', 'app.register_blueprint(bp)'),
        'views.py': lines('from flask import Blueprint, request', 'from flask_login import login_user', 'from werkzeug.security import check_password_hash', '', 'from models import User', '', "bp = Blueprint('users', __name__)", '', '', "@bp.route('/login', methods=['POST'])", 'def login():', "    user = User.query.filter_by(email=request.form['email']).first()", "    if user and check_password_hash(user.password, request.form['password']):", '        login_user(user)', "    return 'ok'"),
      },
      name: 'default limits on the app a blueprint is registered on through an import the workspace cannot resolve',
    },
    { code: reauth('/auth/reauthenticate', 'reauthenticate', ['if not current_user.is_authenticated:', "    return redirect('/auth/login')"]), name: 'a re-authentication page that first turns away callers with no session' },
    { code: reauth('/auth/sudo', 'sudo', ["if 'user_id' not in session:", '    abort(401)']), name: 'a sudo page behind a session check at the top of the view' },
    { code: basicHook('HTTPTokenAuth'), name: 'a token route behind a before_request token check (no password to guess)' },
    { code: formHome('self.password.data == self.confirm.data'), name: 'a home page whose form compares the password with its confirmation (sign-up, no check)' },
    { code: confirmedDelete('/auth/delete_account', 'delete_account'), name: 'an account deletion confirmed by password, under /auth' },
    { code: checksThenAnswers('/api/check-member', 'check_member', 'return jsonify(valid=True)'), name: 'a view that checks a password and answers only whether it matched hands out nothing' },
    { code: checksThenAnswers('/account/update-email', 'update_email', "found.email = request.json['email']", 'return jsonify(key=found.api_key)'), name: 'an account change a password confirms is no login, whatever it answers' },
    { code: checksThenAnswers('/api/show-key', 'show_key', 'return jsonify(key=found.api_key)').replace('def show_key', '@login_required\ndef show_key').replace('from flask_login import login_user', 'from flask_login import login_required, login_user'), name: "a signed-in user's API key shown once the password is typed again: the caller already has a session" },
    { code: checksThenAnswers('/api/check-member', 'check_member', 'return jsonify(valid=True, csrf=found.csrf_token)'), name: 'a CSRF token in the answer is no credential handed out' },
    { code: login(withLimiter(), "@limiter.limit('5 per minute')"), name: '@limiter.limit' },
    { code: login(withLimiter(", default_limits=['200 per day']")), name: 'app-wide default limits' },
    { code: login(withLimiter() + lines("limiter.limit('10/minute')(app)")), name: 'limit applied to the app or blueprint as a whole' },
    { code: login(HEAD, "@rate_limit(5, per=60)"), name: 'project throttle decorator' },
    { code: sharedLimit, name: 'a shared limit bound to a name once and used as `@auth_limit`' },
    {
      code: HEAD + lines(
        'from accounts import LoginThrottled',
        '',
        '',
        'def check_login(email, password):',
        '    try:',
        '        return User.authenticate(email, password)',
        '    except LoginThrottled:',
        '        return None',
        '',
        '',
        "@app.post('/login')",
        'def login():',
        "    user = check_login(request.form['email'], request.form['password'])",
        '    if user is None:',
        "        return 'Login failed', 401",
        '    login_user(user)',
        "    return 'ok'",
      ),
      name: 'the helper the view checks credentials with handles a throttling error',
    },
    { code: HEAD + lines('', '', "@app.post('/login')", 'def login():', "    if too_many_attempts(request.remote_addr):", "        return 'slow down', 429", "    return 'ok' if check_password_hash(request.form['password'], 'x') else 'no'"), name: 'the view answers 429 itself' },
    { code: HEAD + lines('', '', "@app.post('/register')", 'def register():', "    user = User(email=request.form['email'], password=request.form['password'])", '    login_user(user)', "    return 'ok'"), name: 'registration is not a login' },
    { code: HEAD + lines('', '', "@app.get('/login')", 'def login_form():', "    return 'form'"), name: 'a login page that takes no credentials' },
    { code: formSignin(withLimiter(), "@limiter.limit('5 per minute')"), name: 'a form-checked sign-in under a limit' },
    { code: formSignin(HEAD).replace(/signin/g, 'passkey_signin'), name: 'a passkey sign-in: the form checks a signature no one can guess' },
    { code: magicLinkRequest, name: 'a login form that only mails a sign-in link' },
    { code: pathCredentials, name: 'the expected credentials come from the URL (a parameter default), not a request field' },
    { code: { 'tests/test_auth.py': plain }, name: 'a throwaway app built in a test serves only the test client' },
    { code: configuredDefaults, name: "`RATELIMIT_DEFAULT` in the configuration of the app the limiter is built on" },
    { code: limitFor("['POST']"), name: 'a limit on the POST that carries the credentials' },
    { code: decoratorToken, name: 'a login-named route behind a project token check: the caller already holds a token' },
    { code: platformCodeLogin, name: 'a platform login code exchanged for a token: the password keyword sets a new account, it checks nothing' },
    { code: secondStep('/mfa/confirm', 'mfa_confirm', ...PENDING, "if pyotp.TOTP(request.form['secret']).verify(request.form['code']):", '    user.totp_enabled = True', "return redirect('/settings')"), name: 'a code checked while setting up two-factor logs nobody in' },
    { code: secondStep('/mfa/verify', '@login_required mfa_verify', "if not pyotp.TOTP(current_user.totp_secret).verify(request.form['code']):", "    return 'Invalid code', 400", "session['user_verified_at'] = now()", "return redirect('/')"), name: 'a step-up code behind a login: the caller already has a session' },
    { code: secondStep('/signup', 'signup', "check = PhoneCheck.query.filter_by(ticket=request.json['ticket']).first()", 'if check.otp_confirmed != True:', "    return 'Confirm your phone first', 401", "user = User.create(request.json['name'])", "session['user_id'] = user.id", "return 'ok'"), name: 'a sign-up that tests a stored flag of an earlier code check compares no submitted code' },
    { code: secondStep('/send-otp', 'send_otp', ...PENDING, 'code = new_code()', "session['otp'] = code", "session['otp_user_id'] = user.id", 'send_sms(user.phone, code)', "return 'sent'"), name: 'a view that sends a one-time code checks none' },
  ],
  invalid: [
    { code: helperHome, errors: [{ file: 'app.py', ...at(helperHome['app.py'], 'index():'), message: 'for a session' }], name: 'a home page that keeps in the session the account a password-checking helper answered' },
    { code: inlineHome, errors: [{ file: 'app.py', ...at(inlineHome['app.py'], 'index():'), message: 'for a session' }], name: 'a home page that checks the password and keeps the account in the session under its own key' },
    { code: storedTokenForPassword, errors: [{ ...at(storedTokenForPassword, 'check_member():') }], name: "a view named for nothing that returns the account's stored key once its password checks out" },
    { code: jwtForPassword, errors: [{ ...at(jwtForPassword, 'authorize():') }], name: 'a view named `authorize` that makes a JWT once a password checks out' },
    { code: rehashingLogin, errors: [{ ...at(rehashingLogin, 'create_staff():') }], name: 'a view that compares the stored password before it rehashes it is a login' },
    { code: tokenForPayload, errors: [{ ...at(tokenForPayload, 'add_profile():') }], name: 'a view that lists the password as required and issues a token for the payload it looks up' },
    { code: checksAfterListing, errors: [{ ...at(checksAfterListing, 'add_profile():') }], name: 'a view that lists the password as required, then checks it' },
    { code: memberSignInOrUp, errors: [{ file: 'views.py', ...at(memberSignInOrUp['views.py'], 'add_member():') }], name: "a view that checks a known member's password before it builds a new one is a login" },
    { code: formSessionLogin, errors: [{ file: 'app.py', ...at(formSessionLogin['app.py'], 'login():') }], name: "a login view that runs its form's password-checking validate() and puts the account in the session" },
    { code: teamKeyLogin, errors: [{ ...at(teamKeyLogin, 'login():'), message: 'for a session' }], name: 'a login that exchanges a submitted team key for a session' },
    { code: clientSecretToken, errors: [{ ...at(clientSecretToken, 'api_login():'), message: 'for a token' }], name: 'a client secret read from the JSON body exchanged for a token' },
    { code: restxPayloadLogin, errors: [{ ...at(restxPayloadLogin, 'post(self):'), message: 'for a token' }], name: 'a RESTX Resource login that reads api.payload and answers an unknown user first' },
    { code: importedBasic, errors: [{ file: 'views.py', ...at(importedBasic['views.py'], 'hand_out_token():') }], name: 'a token for HTTP basic credentials checked by an imported HTTPBasicAuth' },
    { code: helperChecked, errors: [{ ...at(helperChecked, 'login():') }], name: 'the view branches on what a helper that checks the password answered, then logs in' },
    { code: totpVerify, errors: [{ ...at(totpVerify, 'mfa_verify():'), message: 'for a session' }], name: 'a TOTP second step that then puts the user in the session' },
    { code: mailedCodeVerify, errors: [{ ...at(mailedCodeVerify, 'verify_code():') }], name: 'a mailed code compared with the one kept in the session, then login_user' },
    { code: limitFor("['GET']"), errors: [{ ...at(limitFor("['GET']"), 'login():') }], name: 'a limit on page loads only: the posted credentials go unthrottled' },
    {
      code: { 'services/api/app.py': configuredDefaults, 'services/portal/app.py': plain },
      errors: [{ file: 'services/portal/app.py', ...at(plain, 'login():') }],
      name: "`RATELIMIT_DEFAULT` read by one app's limiter does not reach another app without one",
    },
    {
      code: { 'examples/api/app.py': withLimiter(", default_limits=['200 per day']"), 'examples/forms/app.py': plain },
      errors: [{ file: 'examples/forms/app.py', ...at(plain, 'login():') }],
      name: "one example app's default limits do not reach another app in the repository",
    },
    { code: reauthUnguarded, errors: [{ ...at(reauthUnguarded, 'reauthenticate():') }], name: 'the same page with no session check before the password is a login' },
    { code: basicHookToken, errors: [{ file: 'api/authentication.py', ...at(basicHookToken['api/authentication.py'], 'get_token():') }], name: "Flasky's token route behind the blueprint's HTTP basic auth hook" },
    { code: formHomeLogin, errors: [{ file: 'app.py', ...at(formHomeLogin['app.py'], 'home():') }], name: "cookiecutter-flask's home page logs in through a form that checks the password" },
    { code: defaultAndPassword, errors: [{ ...at(defaultAndPassword, 'login(') }], name: 'a parameter default does not hide the password the body checks' },
    { code: confirmedDelete('/auth/signin', 'signin'), errors: [{ ...at(confirmedDelete('/auth/signin', 'signin'), 'signin():') }], name: 'the same password check on a sign-in route' },
    { code: plain, errors: [{ ...at(plain, 'login():'), message: "`login` exchanges credentials for a session with no rate limit, so a script can guess credentials at full speed; add a limit such as `@limiter.limit('5 per minute')` (Flask-Limiter)" }], name: 'no Flask-Limiter: no fix' },
    {
      code: limiterNoLimit,
      errors: [{ ...at(limiterNoLimit, 'login():') }],
      output: limiterNoLimit.replace('def login():', "@limiter.limit('5 per minute')\ndef login():"),
      name: 'the project has a limiter: the fix uses it',
    },
    { code: basicToken, errors: [{ ...at(basicToken, 'issue_token():'), message: 'for a token' }], name: 'token issued for HTTP basic credentials' },
    { code: boundAudit, errors: [{ ...at(boundAudit, 'login():') }], name: 'a decorator bound to a name that is not a limit' },
    { code: exemptFromDefaults, errors: [{ ...at(exemptFromDefaults, 'login():') }], name: '`@limiter.exempt` takes the view out of the default limits' },
    { code: decoratorLogin, errors: [{ file: 'app.py', ...at(decoratorLogin['app.py'], 'login():') }], name: 'the password checked by a project decorator on the login route' },
    { code: assignedPassword, errors: [{ ...at(assignedPassword, 'api_login():') }], name: 'the password unpacked into a variable the view checks' },
    { code: modelCheck, errors: [{ ...at(modelCheck, 'login():') }], name: 'the password checked by a method of the user model' },
    { code: prefixedField, errors: [{ ...at(prefixedField, 'member_login():') }], name: 'the password read from a prefixed field (`member_password`)' },
    { code: formSignin(HEAD), errors: [{ ...at(formSignin(HEAD), 'signin():') }], name: 'the password checked by the form the view validates before login_user' },
    { code: commentedOnly, errors: [{ ...at(commentedOnly, 'login():') }], name: 'a comment that speaks of throttling throttles nothing' },
    { code: basicNamedAuth, errors: [{ ...at(basicNamedAuth, 'get_auth_token():') }], name: 'a token for the credentials an HTTPBasicAuth named `auth` checked' },
    { code: apifairyBasic, errors: [{ ...at(apifairyBasic, 'new_token():') }], name: 'APIFairy authenticate(basic_auth) on the token route' },
    {
      code: crossModule,
      errors: [{ ...at(crossModule['auth.py'], 'login():') }],
      output: crossModule['auth.py'].replace('from werkzeug.security import check_password_hash\n', 'from werkzeug.security import check_password_hash\nfrom extensions import limiter\n').replace('def login():', "@limiter.limit('5 per minute')\ndef login():"),
      name: 'limiter defined in another module: imported by the fix',
    },
  ],
});

// Found on real code (miguelgrinberg/flasky): changing one's password behind login_required issues no session.
test('FG309: a login_required change-password view is not a login route', async () => {
  const code =
    "from flask import Flask, redirect, url_for, flash, render_template\nfrom flask_login import login_required, current_user\n\napp = Flask(__name__)\n\n\n" +
    "@app.route('/auth/change-password', methods=['GET', 'POST'])\n@login_required\ndef change_password():\n    form = ChangePasswordForm()\n    if form.validate_on_submit():\n        if current_user.verify_password(form.old_password.data):\n" +
    "            current_user.password = form.password.data\n            flash('Your password has been updated.')\n            return redirect(url_for('index'))\n        flash('Invalid password.')\n    return render_template('change_password.html', form=form)\n";
  assert.deepEqual(await findingLines(code, ['FG309']), []);
});

// Found on real code (cosmic-byte/flask-restplus-boilerplate): the Resource hands the JSON body to a service that checks the password.
test('FG309: a login Resource whose password check lives in the service it calls', async () => {
  const code =
    "from flask import Flask, request\nfrom flask_restx import Api, Resource\n\napp = Flask(__name__)\napi = Api(app)\n\n\nclass Auth:\n    @staticmethod\n    def login_user(data):\n        user = User.query.filter_by(email=data.get('email')).first()\n        if user and user.check_password(data.get('password')):\n            return {'Authorization': user.encode_auth_token()}, 200\n        return {'message': 'email or password does not match.'}, 401\n\n\n" +
    "@api.route('/auth/login')\nclass UserLogin(Resource):\n    def post(self):\n        return Auth.login_user(data=request.json)\n";
  assert.deepEqual(await findingLines(code, ['FG309']), ['app.py:19 FG309']);
});

test('FG309: a login-named Resource returning a helper that checks no credential is not a login route', async () => {
  const code =
    "from flask import Flask, request\nfrom flask_restx import Api, Resource\n\napp = Flask(__name__)\napi = Api(app)\n\n\ndef login_page_settings(data):\n    return {'providers': ['github'], 'theme': data.get('theme')}, 200\n\n\n" +
    "@api.route('/auth/login')\nclass LoginSettings(Resource):\n    def post(self):\n        return login_page_settings(request.json)\n";
  assert.deepEqual(await findingLines(code, ['FG309']), []);
});

// Round 16: a blueprint no app registers (a leftover next to the one the app serves) takes no requests.
test('FG309: a login on a blueprint that no app registers is never served', async () => {
  const blueprint = (name: string) =>
    lines('from flask import Blueprint, request', 'from flask_login import login_user', 'from werkzeug.security import check_password_hash', '', 'from models import User', '', `${name} = Blueprint('${name}', __name__)`, '', '', `@${name}.post('/login')`, 'def login():', ...LOGIN_BODY.map((b) => '    ' + b));
  const code = { 'app.py': lines('from flask import Flask', '', 'from current import current', '', 'app = Flask(__name__)', 'app.register_blueprint(current)'), 'current.py': blueprint('current'), 'legacy.py': blueprint('legacy') };
  assert.deepEqual(await findingLines(code, ['FG309']), [`current.py:${at(code['current.py'], 'login():').line} FG309`]);
});
