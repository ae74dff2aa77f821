import rule from '../../../server/src/rules/session-and-design/user-enumeration';
import { ruleTester } from '../rule-tester';
import { at, lines } from './positions';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingLines } from '../../helpers/findings';

const HEAD = lines('from flask import Flask, flash, jsonify, request', 'from werkzeug.security import check_password_hash', '', 'from models import User', '', 'app = Flask(__name__)');
const route = (rule: string, name: string, ...body: string[]) => HEAD + lines('', '', `@app.post('${rule}')`, `def ${name}():`, ...body.map((b) => '    ' + b));
const LOOKUP = "user = User.query.filter_by(email=request.form['email']).first()";

// Found in an idiom sweep: a README demo keeps its accounts in a dict and tests membership.
const demoTable = route('/signin', 'signin', "if request.form['user'] not in USERS:", "    return 'Unknown user', 404", "if USERS[request.form['user']] != request.form['password']:", "    return 'Wrong password', 403", "return 'ok'");
const login = route('/login', 'login', LOOKUP, 'if user is None:', "    return jsonify(error='No account with that email'), 404", "if not check_password_hash(user.password_hash, request.form['password']):", "    return jsonify(error='Incorrect password'), 401", "return jsonify(ok=True)");
const flaskr = route('/auth/login', 'login', 'error = None', LOOKUP, 'if user is None:', "    error = 'Incorrect username.'", "elif not check_password_hash(user.password_hash, request.form['password']):", "    error = 'Incorrect password.'", 'if error is None:', "    return 'ok'", 'flash(error)', "return 'form'");
const nested = route('/signin', 'signin', LOOKUP, 'if user:', "    if check_password_hash(user.password_hash, request.form['password']):", "        return 'ok'", '    else:', "        flash('Wrong password')", 'else:', "    flash('Unknown user')", "return 'form', 401");
const JSON_BODY = 'body = request.get_json(silent=True) or {}';
const MISSING_FIELDS = ["if not body.get('email') or not body.get('password'):", "    return jsonify(error='email and password are both required'), 400"];
const fieldsFirst = route('/api/login', 'api_login', JSON_BODY, ...MISSING_FIELDS, "account = User.query.filter_by(email=body['email']).first()", 'if not account:', "    return jsonify(error='unknown account'), 401", "if not account.check_password(body['password']):", "    return jsonify(error='bad password'), 401", 'return jsonify(ok=True)');
/** A single-admin blog: the branch asks whether any admin exists at all, not whether the submitted name has one. */
const soleAdmin = (lookup: string) => route('/login', 'login', `admin = ${lookup}`, 'if admin:', "    if request.form['name'] == admin.name and check_password_hash(admin.pw, request.form['password']):", "        return 'ok'", "    flash('Wrong name or password')", 'else:', "    flash('Set up the blog first')", "return 'form'");
/** A cursor's `fetchone()` reads the keyed query run just before it: a lookup of the submitted name. */
const soleAdminByCursor = soleAdmin('cursor.fetchone()').replace('    admin = cursor.fetchone()', "    cursor.execute('SELECT * FROM admins WHERE name = ?', (request.form['name'],))\n    admin = cursor.fetchone()");
const soleAdminByName = soleAdmin("Admin.query.filter_by(name=request.form['name']).first()");
/** Each failure raises its own exception class, whose message and status an app-wide error handler renders. */
const raisedLogin = (handler: string, badPasswordInit: string) => ({
  'app.py': route('/login', 'login', 'from errors import ApiError, BadPassword, NoSuchAccount', LOOKUP, 'if user is None:', '    raise NoSuchAccount', "if not check_password_hash(user.password_hash, request.form['password']):", '    raise BadPassword()', 'return jsonify(ok=True)') + lines('', '', handler, 'def render_api_error(error):', '    return jsonify(error=error.text), error.status'),
  'errors.py': lines('class ApiError(Exception):', '    status = 400', '', '    def __init__(self, text):', '        self.text = text', '', '', 'class NoSuchAccount(ApiError):', '    """Raised when nobody has that email."""', '', '    def __init__(self):', "        super().__init__('No account with that email')", '', '', 'class BadPassword(ApiError):', '    """Raised when the password does not match."""', '', '    def __init__(self):', `        ${badPasswordInit}`),
});
const raisedDiffering = raisedLogin('@app.errorhandler(ApiError)', "super().__init__('Wrong password')");
const or404 = route('/login', 'login', "user = User.query.filter_by(email=request.form['email']).first_or_404()", "if not check_password_hash(user.password_hash, request.form['password']):", "    return jsonify(error='Invalid email or password'), 401", 'return jsonify(ok=True)');
/** A project decorator looks the user up and checks the password; the view only issues the token. */
const gatedLogin = (missingAnswer: string, missingStatus = 400) =>
  lines('from functools import wraps', '') + HEAD + lines('', '', 'def validate_login(f):', '    @wraps(f)', '    def wrapper(*args, **kwargs):', "        user = User.query.filter_by(email=request.json.get('email')).first()", '        if not user:', `            return jsonify(error='${missingAnswer}'), ${missingStatus}`, "        if not check_password_hash(user.password_hash, request.json.get('password')):", "            return jsonify(error='Password is incorrect'), 401", '        return f(*args, **kwargs)', '    return wrapper', '', '', "@app.post('/api/login')", '@validate_login', 'def login():', "    return jsonify(token=make_token(request.json['email']))");
const gatedDiffering = gatedLogin('Email does not exist');
/** A reset whose token check is written positively: the failure is the `else` of `if member.reset_password(...)`. */
const positiveReset = (unknownMessage: string) =>
  route('/reset-password/<token>', 'reset_password', "member = Member.query.filter_by(email=request.form['email']).first()", 'if member is None:', `    flash('${unknownMessage}')`, "    return redirect('/')", "if member.reset_password(token, request.form['password']):", "    return redirect('/login')", 'else:', "    flash('Reset link invalid or expired.')", "    return redirect('/')");
const positiveResetDiffering = positiveReset('Unknown email address.');
const reset = route('/forgot-password', 'forgot_password', LOOKUP, 'if user is None:', "    return 'Email address not found', 404", "return 'Check your inbox for a reset link', 200");
/** A reset whose known-address branch answers first; unknown addresses fall through to `unknownAnswer`. */
const knownFirstReset = (unknownAnswer: string) =>
  route('/forgot-password', 'forgot_password', LOOKUP, 'if user:', '    send_reset(user)', "    flash('A reset link is on its way if the address is registered')", "    return redirect(url_for('login'))", unknownAnswer);
const knownFirstDiffering = knownFirstReset("return render_template('forgot.html'), 404");
/** A reset named in one joined word (`/resetpwd`): the known address is mailed, the unknown one told so, one page for both. */
const joinedReset = (rule: string, name: string, unknownMessage: string) =>
  route(rule, name, LOOKUP, 'if user:', '    send_reset(user)', "    flash('If the address is registered, a link is on its way')", 'elif not user:', `    flash('${unknownMessage}')`, "return render_template('forgot.html')");
const joinedResetDiffering = joinedReset('/resetpwd', 'resetpwd_post', 'That address belongs to no account');
/** A login whose password check is written positively, its failure the statements that follow it. */
const positiveCheck = (wrongAnswer: string) =>
  route('/login', 'login', LOOKUP, 'if user is None:', "    return jsonify(error='Invalid email or password'), 401", "if check_password_hash(user.password_hash, request.form['password']):", '    return jsonify(ok=True)', wrongAnswer);
const positiveCheckDiffering = positiveCheck("return jsonify(error='Incorrect password'), 401");
/** Each failure writes an audit line (`record(...)`) and a log line before it answers. */
const audited = (unknownAnswer: string, wrongAnswer: string) =>
  route('/login', 'login', LOOKUP, 'if user is None:', "    record('auth', 'no account for this email')", "    app.logger.warning('login for unknown email')", `    return ${unknownAnswer}`, "if not check_password_hash(user.password_hash, request.form['password']):", "    record('auth', 'wrong password', user=user.id)", "    app.logger.warning('bad password')", `    return ${wrongAnswer}`, "return 'ok'");
const auditedDiffering = audited("'No such account', 404", "'Wrong password', 401");
// Found on real code (a recipe app): the password check's answer is kept in a name, then tested.
const checkKept = (wrongAnswer: string) =>
  route('/login', 'login', LOOKUP, 'if user is None:', "    return 'Email not registered', 401", "matches = check_password_hash(user.password_hash, request.form['password'])", 'if not matches:', `    return ${wrongAnswer}`, "return 'ok'");
const checkKeptDiffering = checkKept("'Incorrect password', 401");
// Round 20 (a Flask-RESTful API): `if user:` answers both password outcomes and ends the handler, so an unknown user
// falls off its end: None, an empty 200 (a server error in plain Flask), where a wrong password gets a 401.
const PASSWORD_OK = "check_password_hash(user.password_hash, request.form['password'])";
const fallsOff = route('/login', 'login', LOOKUP, 'if user:', `    if ${PASSWORD_OK}:`, "        return jsonify(token='t')", "    return jsonify(error='Wrong password'), 401");
const fallsOffNested = route('/login', 'login', "if request.method == 'POST':", `    ${LOOKUP}`, '    if user:', `        if not ${PASSWORD_OK}:`, "            return jsonify(error='Wrong password'), 401", "        return jsonify(token='t')").replace("@app.post('/login')", "@app.route('/login', methods=['GET', 'POST'])");
/** A failed attempt is counted in SQL before the wrong-password answer: the statement is not a message, nor rewritten. */
const countedAttempts = route('/login', 'login', LOOKUP, 'if user is None:', "    flash('No such account')", "    return render_template('login.html'), 401", "if not check_password_hash(user.password_hash, request.form['password']):", "    db.execute('UPDATE users SET failed = failed + 1 WHERE id = ?', (user.id,))", "    flash('Wrong password')", "    return render_template('login.html'), 401", "return 'ok'");
/** The email field is read into a name and tested for presence before the account is looked up. */
const FIELD_READ = ["email = body.get('email', '').strip()", 'if not email:', "    return jsonify(error='email is required'), 400", 'user = User.query.filter_by(email=email).first()'];
const fieldNamedDiffering = route('/api/login', 'api_login', JSON_BODY, ...FIELD_READ, 'if not user:', "    return jsonify(error='no such user'), 404", "if not check_password_hash(user.password_hash, body.get('password')):", "    return jsonify(error='wrong password'), 401", 'return jsonify(ok=True)');

/** The password field has a prefix (`account_password`) and the stored one is kept as typed. */
const prefixedPassword = route('/login', 'login', "account = User.query.filter_by(email=request.form['account_email']).first()", 'if account is None:', "    return jsonify(msg='That email is not registered'), 200", "if account.account_password != request.form['account_password']:", "    return jsonify(msg='Wrong password'), 200", 'return jsonify(msg=\'welcome\')');

/** The looked-up account is held in a name that says `data`; the answers come from nested ifs in a `try`. */
/** The lookup raises for nobody (`.one()`); the `except` that answers is the unknown-user branch. */
const RAISING_LOOKUP = "user = User.query.filter_by(email=request.form['email']).one()";
const raisingLookup = (unknownAnswer: string, caught = 'except NoResultFound:') =>
  route('/login', 'login', 'try:', `    ${RAISING_LOOKUP}`, caught, `    return ${unknownAnswer}`, "if not check_password_hash(user.password_hash, request.form['password']):", "    return 'Invalid email or password', 401", "return 'ok'");
const raisingDiffering = raisingLookup("'No such user', 404");
// Found on real code (a team platform): members sign in with a student number or an email, looked up one after the other.
const FALLBACK_LOOKUP = ["member = Member.query.filter_by(number=request.form['login']).first()", 'if not member:', "    member = Member.query.filter_by(email=request.form['login']).first()"];
const fallbackLogin = route('/login', 'login', ...FALLBACK_LOOKUP, "if member and check_password_hash(member.password_hash, request.form['password']):", "    return redirect('/home')", "flash('Login failed')", "return redirect('/login')");
const fallbackDiffering = route('/login', 'login', ...FALLBACK_LOOKUP, 'if member is None:', "    return 'Unknown login', 404", "if not check_password_hash(member.password_hash, request.form['password']):", "    return 'Wrong password', 401", "return 'ok'");
/** An auth service raises one exception per failure and the view answers each its own way. */
const serviceExceptions = route('/login', 'login', 'try:', "    user = auth_service.authenticate(request.form['email'], request.form['password'])", 'except UserNotFound:', "    return 'No such user', 404", 'except InvalidPassword:', "    return 'Wrong password', 401", "return 'ok'");

// Round 21 (a flashcards app): the stored password is read into a local before it is compared with the typed one.
const storedInLocal = route('/login', 'login', LOOKUP, 'if user is None:', "    return 'No such account', 404", 'kept = user.password', "if request.form['pw'] != kept:", "    return 'Wrong password', 401", "return 'ok'");
/** A login-or-sign-up form: two typed values compared with each other is no password check. */
const typedTwice = route('/login', 'login', LOOKUP, 'if user is None:', "    return 'Invalid email or password', 401", "given = request.form['pw']", "again = request.form['pw_again']", 'if given != again:', "    return 'The two entries differ', 400", 'if not check_password_hash(user.password_hash, given):', "    return 'Invalid email or password', 401", "return 'ok'");
// Round 21 (a MySQL API): the rows a cursor fetched are counted, and the password check's answer compared with False.
const ROWS = ["cur.execute('SELECT * FROM members WHERE email = %s', (request.json['email'],))", 'rows = cur.fetchall()'];
const countedRows = (unknownAnswer: string, wrongAnswer: string, emptiness = 'len(rows) == 0', wrong = 'ok == False') =>
  route('/login', 'login', ...ROWS, `if ${emptiness}:`, `    return ${unknownAnswer}`, "ok = check_password_hash(rows[0]['pw_hash'], request.json['password'])", `if ${wrong}:`, `    return ${wrongAnswer}`, "return 'ok'");
const countedRowsDiffering = countedRows("'Not a member', 400", "'Wrong password', 400");
/** An empty password field, tested by its length: a missing-field answer, not the wrong-password branch. */
const emptyField = route('/login', 'login', LOOKUP, 'if user is None:', "    return 'Invalid email or password', 401", "if len(request.form['password']) == 0:", "    return 'Type a password', 400", "if not check_password_hash(user.password_hash, request.form['password']):", "    return 'Invalid email or password', 401", "return 'ok'");

const dataNamed = route('/login', 'login', 'try:', "    found_data = User.query.filter(User.email == request.form['email']).first()", '    if found_data:', "        if check_password_hash(found_data.password_hash, request.form['password']):", "            return jsonify(msg='welcome')", '        else:', "            return jsonify(msg='Password does not match'), 200", '    else:', "        return jsonify(msg='Nobody signed up with that email'), 200", 'except LookupError:', "    return jsonify(msg='try again'), 503");

/** The view logs in whoever its form found; the form's `validate` looks the account up and checks the password, each failure with `missing`/`wrong`. */
const formChecked = (missing: string, wrong: string) => ({
  'forms.py': lines(
    'from flask_wtf import FlaskForm',
    'from wtforms import PasswordField, StringField',
    '',
    'from models import Account',
    '',
    '',
    'class SignInForm(FlaskForm):',
    "    handle = StringField('Handle')",
    "    password = PasswordField('Password')",
    '',
    '    def validate(self, extra_validators=None):',
    '        if not super().validate(extra_validators):',
    '            return False',
    '        self.account = Account.query.filter_by(handle=self.handle.data).first()',
    '        if self.account is None:',
    `            self.handle.errors.append('${missing}')`,
    '            return False',
    '        if not self.account.verify_password(self.password.data):',
    `            self.password.errors.append('${wrong}')`,
    '            return False',
    '        return True',
  ),
  'views.py': lines(
    'from flask import Flask, redirect, render_template',
    'from flask_login import login_user',
    '',
    'from forms import SignInForm',
    '',
    'app = Flask(__name__)',
    '',
    '',
    "@app.route('/login', methods=['GET', 'POST'])",
    'def login():',
    '    form = SignInForm()',
    '    if form.validate_on_submit():',
    '        login_user(form.account)',
    "        return redirect('/')",
    "    return render_template('login.html', form=form)",
  ),
});
const formDiffering = formChecked('No account with that handle', 'Wrong password');
// Round 22 (a recipe site): the view runs the same form's `validate()` and puts the account in the session itself, no login_user.
const formSessionDiffering = {
  ...formDiffering,
  'views.py': lines('from flask import Flask, redirect, render_template, request, session', '', 'import forms', '', 'app = Flask(__name__)', '', '', "@app.route('/login', methods=['GET', 'POST'])", 'def login():', '    form = forms.SignInForm(request.form)', "    if request.method == 'POST' and form.validate():", "        session['user_id'] = form.account.id", "        return redirect('/')", "    return render_template('login.html', form=form)"),
};
// cookiecutter-flask: the same form behind the home page, not named like a login.
const homeDiffering = { ...formDiffering, 'views.py': formDiffering['views.py'].replace("@app.route('/login',", "@app.route('/',").replace('def login():', 'def home():') };
// Round 27 (a shop): the form asks a true/false model predicate whether the account exists before it fetches it.
const existsForm = (missing: string, wrong: string) => {
  const f = formChecked(missing, wrong);
  return { ...f, 'forms.py': f['forms.py'].replace('        self.account = Account.query.filter_by(handle=self.handle.data).first()\n        if self.account is None:', '        if not Account.handle_exists(self.handle.data):').replace('        if not self.account.verify_password', '        self.account = Account.query.filter_by(handle=self.handle.data).first()\n        if not self.account.verify_password') };
};
const existsFormDiffering = existsForm('No account with that handle', 'Wrong password');
const existsView = (test: string) => route('/login', 'login', `if not ${test}:`, "    return jsonify(error='No such account'), 404", LOOKUP, "if not check_password_hash(user.password_hash, request.form['password']):", "    return jsonify(error='Wrong password'), 401", "return jsonify(ok=True)");
const userExistsDiffering = existsView("user_exists(request.form['email'])");
/** The view calls an auth service in `try`; `handler` is its `except` clause. */
const serviceChecked = (...handler: string[]) => ({
  'service.py': lines(
    'from werkzeug.security import check_password_hash',
    '',
    'from models import User',
    '',
    '',
    'class AuthError(Exception):',
    '    pass',
    '',
    '',
    'def authenticate(username, password):',
    '    user = User.query.filter_by(username=username).first()',
    '    if user is None:',
    "        raise AuthError('Unknown username')",
    '    if not check_password_hash(user.password_hash, password):',
    "        raise AuthError('Wrong password')",
    '    return user',
  ),
  'views.py': lines(
    'from flask import Flask, flash, request',
    '',
    'from service import AuthError, authenticate',
    '',
    'app = Flask(__name__)',
    '',
    '',
    "@app.post('/login')",
    'def login():',
    '    try:',
    "        authenticate(request.form['username'], request.form['password'])",
    ...handler.map((h) => '    ' + h),
    "    return 'ok'",
  ),
  'models.py': 'class User:\n    pass\n',
});
const serviceSurfaced = serviceChecked('except AuthError as exc:', '    flash(str(exc))', "    return 'login failed', 401");

// Found in an idiom sweep: a reset form's inline validator (`validate_email`) raises for unknown addresses (Corey Schafer's blog).
const resetForm = (validator: string[]) => ({
  'forms.py': lines('from flask_wtf import FlaskForm', 'from wtforms import StringField', 'from wtforms.validators import ValidationError', '', 'from models import User', '', '', 'class RequestResetForm(FlaskForm):', "    email = StringField('Email')", '', '    def validate_email(self, email):', ...validator.map((v) => '        ' + v)),
  'models.py': 'class User:\n    pass\n',
  'app.py': lines('from flask import Flask, flash, redirect, render_template', '', 'from forms import RequestResetForm', 'from models import User', '', 'app = Flask(__name__)', '', '', "@app.route('/reset_password', methods=['GET', 'POST'])", 'def reset_request():', '    form = RequestResetForm()', '    if form.validate_on_submit():', '        user = User.query.filter_by(email=form.email.data).first()', '        send_reset_email(user)', "        flash('An email has been sent with instructions to reset your password.')", "        return redirect('/login')", "    return render_template('reset_request.html', form=form)"),
});
const resetFormUnknown = resetForm(['user = User.query.filter_by(email=email.data).first()', 'if user is None:', "    raise ValidationError('There is no account with that email. You must register first.')"]);

// Found on real code (spiral-project/ihatemoney): the reset link's signed token names the project; an unknown one means a stale token.
const tokenKeyedReset = (key: string) =>
  route('/reset-password', 'reset_password', 'form = ResetForm()', key, 'project = Project.query.get(project_id)', 'if not project:', "    return render_template('reset.html', form=form, error='Unknown project')", "if request.method == 'POST' and form.validate():", '    project.set_password(form.password.data)', "    return redirect(url_for('home'))", "return render_template('reset.html', form=form)");
const tokenReset = tokenKeyedReset("project_id = Project.verify_token(request.args.get('token'))");
const chosenReset = tokenKeyedReset("project_id = request.args.get('project')");
// Round 20 (two real apps): the link's token, stored on the account or signed around its address, keys the lookup;
// finding nobody means a bad link, and the later "passwords differ" answer says nothing about who has an account.
const linkReset = (...lookup: string[]) =>
  route('/reset-password/<token>', 'reset_password', ...lookup, 'if not account:', "    flash('That reset link is invalid or has expired')", "    return redirect(url_for('forgot'))", "if request.form['password'] != request.form['confirm']:", "    flash('The two passwords differ')", "    return redirect(url_for('reset_password', token=token))", "account.set_password(request.form['password'])", "return redirect(url_for('login'))").replace('def reset_password():', 'def reset_password(token):');
const storedTokenReset = linkReset('account = Member.query.filter_by(reset_token=token).first()');
const signedAddressReset = linkReset('address = signer.loads(token, max_age=3600)', "rows = db.execute(text('SELECT id FROM members WHERE email = :e'), {'e': address})", 'account = rows.fetchone()');
/** A reset request whose cursor ran a query on the submitted address. */
const cursorReset = route('/forgot-password', 'forgot_password', "address = request.form['email']", "rows = db.execute(text('SELECT id FROM members WHERE email = :e'), {'e': address})", 'account = rows.fetchone()', 'if account is None:', "    return 'No account uses that address', 404", 'send_reset(account)', "return 'Check your inbox', 200");

// Round 23 (a shop's reset flow): the second step reads the address the first step kept in the session; that step answered for it.
const keptAddressReset = (address: string) =>
  route('/reset/new-password', 'new_password', `address = ${address}`, 'member = Member.query.filter_by(email=address).first()', 'if member is None:', "    flash('No such member')", "    return redirect(url_for('forgot'))", "if request.form['password'] != request.form['confirm']:", "    flash('The entries differ')", "    return redirect(url_for('new_password'))", "member.set_password(request.form['password'])", "return redirect(url_for('login'))");
const chosenAddressReset = keptAddressReset("request.form['email']");
/** A login that copies the submitted address into the session and looks the account up by that copy. */
const copiedToSession = route('/login', 'login', "session['who'] = request.form['email']", "user = User.query.filter_by(email=session['who']).first()", 'if user is None:', "    return 'No such user', 404", `if not ${PASSWORD_OK}:`, "    return 'Wrong password', 401", "return 'ok'");
// Round 23 (a blog): `if user:` answers both password outcomes inside `if request.method == 'POST':`; an unknown user
// leaves both blocks and gets the page that follows them.
const pageAfterBlocks = (wrongAnswer: string[], after: string) =>
  route('/login', 'login', "if request.method == 'POST':", `    ${LOOKUP}`, '    if user:', `        if ${PASSWORD_OK}:`, "            return redirect(url_for('home'))", '        else:', ...wrongAnswer.map((w) => '            ' + w), after).replace("@app.post('/login')", "@app.route('/login', methods=['GET', 'POST'])");
const pageAfterDiffering = pageAfterBlocks(["flash('Wrong password')", "return redirect(url_for('login'))"], "return render_template('login.html')");
// Round 23 (a shop): a one-time code also signs in, tested in an `elif` between the password check and its `else`.
const codeElif = (wrongAnswer: string) =>
  route('/login', 'login', LOOKUP, 'if user is None:', "    flash('No such user')", "    return render_template('login.html')", `if ${PASSWORD_OK}:`, '    login_user(user)', "    return redirect('/')", "elif user.otp is not None and user.otp == request.form['password']:", '    login_user(user)', "    return redirect('/')", 'else:', `    flash('${wrongAnswer}')`, "    return render_template('login.html')");
const codeElifDiffering = codeElif('Wrong password');
// Round 24 (a REST API): the password check is the `elif` after the unknown-user test, and the chain's `else` answers a wrong password.
const checkElif = (wrongAnswer: string, ...between: string[]) =>
  route('/api/login', 'api_login', LOOKUP, 'if not user:', "    return jsonify(error='No such user'), 404", ...between, `elif ${PASSWORD_OK}:`, '    return jsonify(ok=True)', 'else:', `    return ${wrongAnswer}`);
const checkElifDiffering = checkElif("jsonify(error='Bad credentials')");
const checkElifAfterActive = checkElif("jsonify(error='Bad credentials'), 401", 'elif not user.active:', "    return jsonify(error='Account disabled'), 403");
const checkElifView = lines('from flask import Flask, jsonify, request', 'from flask.views import MethodView', 'from werkzeug.security import check_password_hash', '', 'from models import User', '', 'app = Flask(__name__)', '', '', 'class Login(MethodView):', '    def post(self):', `        ${LOOKUP}`, '        if user is None:', "            return jsonify(error='No such user'), 404", `        elif ${PASSWORD_OK}:`, '            return jsonify(ok=True)', '        else:', "            return jsonify(error='Bad credentials'), 401", '', '', "app.add_url_rule('/login', view_func=Login.as_view('login'))");

// Round 26 (two real APIs): a test that the fields were sent (`'password' in data`) is no password check; one keyed query checks both.
const sentFields = (fieldsTest: string, missingFields: string, ...checks: string[]) =>
  route('/api/login', 'api_login', 'data = request.get_json()', `if ${fieldsTest}:`, ...checks.map((c) => '    ' + c), `return jsonify(error='${missingFields}'), 400`);
const oneKeyedQuery = sentFields("'email' in data and 'password' in data", 'email and password are required', "member = User.query.filter_by(email=data['email'], pw_hash=digest(data['password'])).first()", 'if not member:', "    return jsonify(error='Invalid email or password'), 401", 'return jsonify(ok=True)');
const sentThenChecked = sentFields("'password' in data", 'a password is required', "member = User.query.filter_by(email=data['email']).first()", 'if member is None:', "    return jsonify(error='No account with that email'), 404", "if not check_password_hash(member.password_hash, data['password']):", "    return jsonify(error='Wrong password'), 401", 'return jsonify(ok=True)');
// Round 26 (a MySQL reset request): `fetchall()` answers `()` when no row matches.
const emptyRowsReset = (unknownAnswer: string) =>
  route('/forgot-password', 'forgot_password', "cur.execute('SELECT email FROM members WHERE login = %s', (request.form['login'],))", 'rows = cur.fetchall()', 'if rows == ():', `    return ${unknownAnswer}`, 'send_reset(rows[0][0])', "return 'If the login exists, a link is on its way'");
const emptyRowsResetDiffering = emptyRowsReset("'No member has that login', 404");

// Round 28 (a CS50-style login): a missing field tested by reading the form (`request.form.get('email')`) is no lookup.
const fieldReadFirst = (unknownAnswer: string) =>
  route('/login', 'login', "if not request.form.get('email'):", "    flash('Type your email first')", "if not request.args.get('next') and not request.form.get('password'):", "    flash('Type your password too')", LOOKUP, 'if user is None:', `    flash('${unknownAnswer}')`, "elif not check_password_hash(user.password_hash, request.form['password']):", "    flash('Email or password is wrong')", 'else:', "    return 'ok'", "return 'form', 401");
const fieldReadFirstDiffering = fieldReadFirst('Nobody signed up with that email');

ruleTester(rule, {
  valid: [
    {
      code: route('/login', 'login', "if session.get('signed_in') == True:", "    return jsonify(msg='Already signed in')", "if request.form['name'] == 'admin' and request.form['password'] == ADMIN_PASSWORD:", "    session['signed_in'] = True", "    return jsonify(msg='Welcome')", "return jsonify(msg='Wrong name or password'), 401"),
      name: 'a test of the session flag before the check is no account lookup',
    },
    { code: existsForm('Invalid handle or password', 'Invalid handle or password'), name: 'an existence predicate in the form, both failures one message' },
    { code: existsView("os.path.exists(KEY_FILE)"), name: 'a file existence test is no account lookup' },
    { code: existsView("Path(request.form['email']).exists()"), name: 'a path existence test is no account lookup, whatever it is built from' },
    { code: keptAddressReset("session['reset_address']"), name: 'reset: the account is looked up by an address kept in the session, not one this request names' },
    {
      code: pageAfterBlocks(["return jsonify(error='Invalid email or password'), 401"], "return jsonify(error='Invalid email or password'), 401"),
      name: 'an unknown user leaves the nested `if`s for an answer like the wrong-password one',
    },
    {
      code: route('/login', 'login', "if request.method == 'POST':", '    if DEMO_PASSWORD:', "        if request.form['password'] == DEMO_PASSWORD:", "            return redirect(url_for('home'))", `    ${LOOKUP}`, '    if user is None:', "        return 'Invalid email or password', 401", `    if not ${PASSWORD_OK}:`, "        return 'Invalid email or password', 401", "    return 'ok'"),
      name: 'what follows a nested demo-password test is the rest of the login, not its failure',
    },
    { code: codeElif('No such user'), name: 'the `else` after a code-login `elif` says what the unknown-user branch says' },
    { code: checkElif("jsonify(error='No such user'), 404"), name: 'the `else` of an `elif` password check says what the unknown-user branch says' },
    {
      code: route('/api/login', 'api_login', LOOKUP, 'if not user:', "    return jsonify(error='Invalid email or password'), 401", `elif not ${PASSWORD_OK}:`, "    return jsonify(error='Invalid email or password'), 401", 'else:', '    return jsonify(ok=True)'),
      name: 'the `else` of a negated `elif` password check is the success, not a failure to compare',
    },
    { code: fallbackLogin, name: 'a second lookup by another field under `if not member:` answers nothing; one failure message follows' },
    { code: raisedLogin('@app.errorhandler(ApiError)', "super().__init__('No account with that email')"), name: 'two exception classes that set the same message give one answer' },
    { code: raisedLogin("@app.route('/oops')", "super().__init__('Wrong password')"), name: 'exception classes no error handler renders answer alike (a server error)' },
    { code: soleAdmin('Admin.query.first()'), name: 'a branch on whether any admin exists at all is no "no such user"' },
    { code: soleAdmin('db.session.query(Admin).first()'), name: 'the same, through `db.session.query(Admin)`' },
    { code: gatedLogin('Password is incorrect', 401), name: 'a project decorator that answers both failures alike' },
    { code: checkKept("'Email not registered', 401"), name: "a password check's answer kept in a name, both failures answered alike" },
    { code: route('/login', 'login', LOOKUP, 'if user:', `    if ${PASSWORD_OK}:`, "        return jsonify(token='t')"), name: 'unknown users and wrong passwords both fall off the end: one answer' },
    { code: route('/login', 'login', LOOKUP, 'if user:', `    if ${PASSWORD_OK}:`, "        return jsonify(token='t')", "    return jsonify(error='Invalid email or password'), 401", "return jsonify(error='Invalid email or password'), 401"), name: 'what follows `if user:` answers unknown users like wrong passwords' },
    { code: tokenReset, name: 'reset: the record is looked up by the id a verified token carries, not an address the caller chose' },
    { code: storedTokenReset, name: 'reset by link: the account is looked up by the token stored on it; a bad link is told apart from mismatched passwords, not accounts' },
    { code: signedAddressReset, name: 'reset by link: a cursor that ran a query on the address a signed token carries' },
    { code: { 'tests/test_login.py': login }, name: 'a route built in a test serves only the test client' },
    { code: resetForm(["if not email.data.endswith('@example.edu'):", "    raise ValidationError('Use your school address')"]), name: "a reset form's validator that checks the address format, not whether an account has it" },
    { code: serviceChecked('except AuthError as exc:', "    log.warning('login failed: %s', exc)", "    return 'Invalid username or password', 401"), name: "an auth service's messages only logged" },
    { code: serviceChecked('except AuthError:', "    return 'Invalid username or password', 401"), name: "an auth service's messages replaced by one generic answer" },
    { code: formChecked('Invalid handle or password', 'Invalid handle or password'), name: "the login form's validate gives both failures one message" },
    {
      code: route('/password/reset', 'reset_password', "backend = app.config.get('PW_BACKEND')", 'if backend is None:', '    abort(405)', "if request.json['new_password'] == '':", '    abort(400)', "backend.set_password(get_jwt_identity(), request.json['new_password'])", "return '', 201")
        .replace("@app.post('/password/reset')\n", "@app.post('/password/reset')\n@jwt_required()\n")
        .replace('from models import User', 'from flask import abort\nfrom flask_jwt_extended import get_jwt_identity, jwt_required\nfrom models import User'),
      name: 'a password change behind a login knows its caller: nobody is enumerated',
    },
    { code: route('/login', 'login', LOOKUP, "if user is None or not check_password_hash(user.password_hash, request.form['password']):", "    return jsonify(error='Invalid email or password'), 401", 'return jsonify(ok=True)'), name: 'one combined test, one generic failure' },
    { code: route('/login', 'login', LOOKUP, 'if user is None:', "    return 'Invalid email or password', 401", "if not check_password_hash(user.password_hash, request.form['password']):", "    return 'Invalid email or password', 401", "return 'ok'"), name: 'two tests, same answer' },
    { code: route('/forgot-password', 'forgot_password', LOOKUP, 'if user is not None:', '    send_reset(user)', "return 'If that address is registered, a link is on its way', 202"), name: 'reset: one answer' },
    { code: knownFirstReset("flash('A reset link is on its way if the address is registered')\nreturn redirect(url_for('login'))".replace('\n', '\n    ')), name: 'reset: unknown addresses fall through to the same answer' },
    { code: route('/resetpwd', 'resetpwd_post', LOOKUP, 'if user is not None:', '    send_reset(user)', "return 'If that address is registered, a link is on its way', 202"), name: 'reset named in one joined word (`/resetpwd`): one answer for both' },
    { code: joinedReset('/passwordstrength', 'passwordstrength', 'That address belongs to no account'), name: 'a joined word with `password` but no reset step is no reset route' },
    { code: joinedReset('/resetpwd', 'resetpwd_post', 'If the address is registered, a link is on its way'), name: 'reset: `if user:` and `elif not user:` flash the same words before one shared page' },
    { code: joinedReset('/forgot-password', 'forgot_password', 'If the address is registered, a link is on its way').replace('elif not user:', 'else:'), name: 'reset: `if user:` and its `else` flash the same words before one shared page' },
    { code: positiveCheck("return jsonify(error='Invalid email or password'), 401"), name: 'login: the failure after a positive password check says what the unknown-user branch says' },
    { code: route('/forgot-password', 'forgot_password', LOOKUP, 'if user is None:', "    flash('If that address is registered, a link is on its way')", "    return redirect(url_for('login'))", 'send_reset(user)', "flash('If that address is registered, a link is on its way')", "return redirect(url_for('login'))"), name: 'reset: the unknown-user branch says what the normal path says' },
    {
      code: route('/api/login', 'api_login', JSON_BODY, ...MISSING_FIELDS, "account = User.query.filter_by(email=body['email']).first()", "permitted = throttle.allow(body['email'], known=account is not None)", 'if not permitted:', "    return jsonify(error='slow down'), 429", "if account is None or not account.check_password(body['password']):", "    return jsonify(error='Invalid email or password'), 401", 'return jsonify(ok=True)'),
      name: 'a missing-fields 400 and a throttling 429 are not the unknown-user and wrong-password answers',
    },
    {
      code: route('/org-login', 'org_login', "org = Org.query.filter_by(slug=request.form['org']).first_or_404()", LOOKUP, "if user is None or not check_password_hash(user.password_hash, request.form['password']):", "    return 'Invalid email or password', 401", "return 'ok'"),
      name: 'a 404 for an unknown organisation is not about the account',
    },
    { code: audited("'Bad credentials', 401", "'Bad credentials', 401"), name: 'audit and log lines differ, the answers do not' },
    { code: positiveReset('Reset link invalid or expired.'), name: 'reset: the unknown-user branch gives the answer of the else of a positive token check' },
    {
      code: route('/reset/<token>', 'reset_with_token', "member = Member.query.filter_by(email=request.form['email']).first()", 'if member is None:', "    return redirect('/')", 'if not member.verify_reset_token(token):', "    return redirect('/')", "member.set_password(request.form['password'])", "flash('Password changed, please sign in again.')", "return redirect('/login')"),
      name: "reset by link: an unknown address answers like a bad token; only a valid token reaches the success message",
    },
    {
      code: route('/api/login', 'api_login', JSON_BODY, ...FIELD_READ, "if user is None or not check_password_hash(user.password_hash, body.get('password')):", "    return jsonify(error='Invalid email or password'), 401", 'return jsonify(ok=True)'),
      name: 'a submitted field read into a name (`email = body.get(...)`) and tested for presence is not the unknown-user test',
    },
    { code: route('/projects', 'create_project', LOOKUP, 'if user is None:', "    return 'no such user', 404", "return 'ok'"), name: 'not a login or reset handler' },
    { code: raisingLookup("'Invalid email or password', 401"), name: 'a lookup that raises for nobody, answered like a wrong password' },
    {
      code: route('/login', 'login', 'try:', "    user = find_user(request.form['email'])", 'except Exception:', "    return 'Try again later', 503", "if user is None or not check_password_hash(user.password_hash, request.form['password']):", "    return 'Invalid email or password', 401", "return 'ok'"),
      name: 'a bare `except` around a helper that answers None for nobody: the database is down, not the account',
    },
    {
      code: route('/login', 'login', 'try:', `    ${LOOKUP}`, 'except LookupError:', "    return 'try again', 503", "if user is None or not check_password_hash(user.password_hash, request.form['password']):", "    return 'Invalid email or password', 401", "return 'ok'"),
      name: 'a `first()` lookup answers None for nobody: its `except` is a database failure, not the unknown-user branch',
    },
    { code: typedTwice, name: 'two typed values that differ (a confirmation field) are not a wrong password' },
    { code: countedRows("'Invalid email or password', 400", "'Invalid email or password', 400"), name: 'counted rows and a check compared with False, answered alike' },
    { code: emptyField, name: 'an empty password field tested by its length is no wrong-password branch' },
    { code: oneKeyedQuery, name: "one query keyed by name and password answers both failures alike; the other answer is for fields not sent (`'password' in data`)" },
    { code: emptyRowsReset("'If the login exists, a link is on its way'"), name: 'reset: no rows fetched (`rows == ()`) answered like a known login' },
    { code: fieldReadFirst('Email or password is wrong'), name: 'an empty email field read from the form is no unknown-user branch; both failures answered alike' },
    { code: countedRows("'Invalid email or password', 400", "'Invalid email or password', 400", 'rows == []'), name: 'no rows fetched (`rows == []`) and a wrong password answered alike' },
  ],
  invalid: [
    {
      code: fieldReadFirstDiffering,
      errors: [{ ...at(fieldReadFirstDiffering, 'login():'), message: "answers 'Nobody signed up with that email' for unknown users and 'Email or password is wrong' for wrong passwords" }],
      name: 'after a missing-field check read from the form, the lookup branch is still the unknown-user answer',
    },
    {
      code: existsFormDiffering,
      errors: [{ ...at(existsFormDiffering['views.py'], 'login():'), file: 'views.py', message: "answers 'No account with that handle' for unknown users and 'Wrong password' for wrong passwords (errors set by `SignInForm.validate`)" }],
      name: "the login form's validate asks a model predicate whether the account exists",
    },
    { code: userExistsDiffering, errors: [{ ...at(userExistsDiffering, 'login():'), message: "'No such account' (404) for unknown users" }], name: 'a view that asks `user_exists(email)` before it checks the password' },
    { code: sentThenChecked, errors: [{ ...at(sentThenChecked, 'api_login():') }], name: "after a test that the password was sent (`'password' in data`), the unknown-user and wrong-password answers still differ" },
    { code: emptyRowsResetDiffering, errors: [{ ...at(emptyRowsResetDiffering, 'forgot_password():') }], name: 'reset: no rows fetched (`rows == ()`) answered with its own message' },
    { code: countedRows("'Not a member', 400", "'Wrong password', 400", 'rows == []'), errors: [{ ...at(countedRows("'Not a member', 400", "'Wrong password', 400", 'rows == []'), 'login():') }], name: 'no rows fetched (`rows == []`) answered otherwise than a wrong password' },
    { code: copiedToSession, errors: [{ ...at(copiedToSession, 'login():') }], name: 'the session holds the address this request sent: the caller chose it' },
    { code: chosenAddressReset, errors: [{ ...at(chosenAddressReset, 'new_password():') }], name: 'reset: the same step naming the address in the request' },
    {
      code: pageAfterDiffering,
      errors: [{ ...at(pageAfterDiffering, 'login():'), message: "answers with no message for unknown users and 'Wrong password' for wrong passwords" }],
      name: 'an unknown user leaves the nested `if`s for the plain page, a wrong password gets a message',
    },
    { code: codeElifDiffering, errors: [{ ...at(codeElifDiffering, 'login():'), message: "answers 'No such user' for unknown users and 'Wrong password' for wrong passwords" }], name: 'the `else` of a password check with a code-login `elif` between them' },
    { code: checkElifDiffering, errors: [{ ...at(checkElifDiffering, 'api_login():') }], name: 'the `else` of an `elif` password check after the unknown-user test' },
    { code: checkElifAfterActive, errors: [{ ...at(checkElifAfterActive, 'api_login():') }], name: 'the `else` of a chain whose password check follows another `elif`' },
    { code: checkElifView, errors: [{ ...at(checkElifView, 'post(self):') }], name: 'the `else` of an `elif` password check in a class-based view' },
    { code: storedInLocal, errors: [{ ...at(storedInLocal, 'login():'), message: "answers 'No such account' (404) for unknown users and 'Wrong password' (401)" }], name: 'the stored password compared through a local it was read into' },
    { code: countedRowsDiffering, errors: [{ ...at(countedRowsDiffering, 'login():'), message: "answers 'Not a member' (400) for unknown users and 'Wrong password' (400)" }], name: 'no rows fetched (`len(rows) == 0`) vs a check answered False (`ok == False`)' },
    { code: countedRows("'Not a member', 400", "'Wrong password', 400", 'len(rows) < 1', 'ok is not True'), errors: [{ ...at(countedRowsDiffering, 'login():') }], name: 'the same as `len(rows) < 1` and `ok is not True`' },
    { code: fallbackDiffering, errors: [{ ...at(fallbackDiffering, 'login():'), message: "answers 'Unknown login' (404) for unknown users and 'Wrong password' (401) for wrong passwords" }], name: 'after a fallback lookup, the test that answers is the unknown-user branch' },
    { code: joinedResetDiffering, errors: [{ ...at(joinedResetDiffering, 'resetpwd_post():'), message: "answers 'That address belongs to no account' for unknown addresses and 'If the address is registered, a link is on its way' otherwise" }], name: 'reset named in one joined word (`/resetpwd`): unknown addresses told so' },
    { code: joinedReset('/forgotpassword', 'forgotpassword', 'That address belongs to no account'), errors: [{ ...at(joinedResetDiffering, 'resetpwd_post():') }], name: 'reset named `/forgotpassword`: unknown addresses told so' },
    { code: soleAdminByCursor, errors: [{ ...at(soleAdminByCursor, 'login():') }], name: "a cursor's `fetchone()` after a keyed query looks the submitted name up" },
    { code: cursorReset, errors: [{ ...at(cursorReset, 'forgot_password():'), message: "answers 'No account uses that address' (404) for unknown addresses" }], name: 'reset: a cursor that ran a query on the submitted address (its constant SQL is no key)' },
    { code: raisedDiffering, errors: [{ ...at(raisedDiffering['app.py'], 'login():'), message: "answers 'No account with that email' for unknown users and 'Wrong password' for wrong passwords (raised as `NoSuchAccount` and `BadPassword`)" }], name: 'different exception classes, each with its own message, rendered by an error handler' },
    { code: soleAdminByName, errors: [{ ...at(soleAdminByName, 'login():') }], name: 'the same branches on a lookup of the submitted name differ' },
    { code: gatedDiffering, errors: [{ ...at(gatedDiffering, 'login():'), message: "answers 'Email does not exist' (400) for unknown users and 'Password is incorrect' (401) for wrong passwords (answers of `@validate_login`)" }], name: 'the failures answered by a project decorator that checks the password' },
    { code: fallsOff, errors: [{ ...at(fallsOff, 'login():'), message: "answers nothing (the handler ends without a return) for unknown users and 'Wrong password' (401) for wrong passwords" }], name: 'an unknown user falls off the end of the handler, a wrong password is refused' },
    { code: fallsOffNested, errors: [{ ...at(fallsOffNested, 'login():') }], name: 'the same, from inside the `if` that ends the handler' },
    { code: checkKeptDiffering, errors: [{ ...at(checkKeptDiffering, 'login():'), message: "answers 'Email not registered' (401) for unknown users and 'Incorrect password' (401) for wrong passwords" }], name: "a password check's answer kept in a name, then tested" },
    {
      code: chosenReset,
      errors: [{ ...at(chosenReset, 'reset_password():'), message: "answers 'Unknown project' for unknown addresses and with no message otherwise" }],
      name: 'reset: a lookup by a caller-chosen id differs; a string the view compares with (`request.method == ...`) is no answer',
    },
    { code: raisingDiffering, errors: [{ ...at(raisingDiffering, 'login():'), message: "answers 'No such user' (404) for unknown users and 'Invalid email or password' (401) for wrong passwords" }], output: raisingDiffering.replace("'No such user', 404", "'Invalid email or password', 401"), name: 'a lookup that raises for nobody (`.one()`): the `except` that answers is the unknown-user branch' },
    { code: raisingLookup("'No such user', 404", 'except:'), errors: [{ ...at(raisingDiffering, 'login():') }], output: raisingDiffering.replace('except NoResultFound:', 'except:').replace("'No such user', 404", "'Invalid email or password', 401"), name: 'a bare `except` around the lookup alone' },
    { code: serviceExceptions, errors: [{ ...at(serviceExceptions, 'login():'), message: "answers 'No such user' (404) for unknown users and 'Wrong password' (401) for wrong passwords" }], output: serviceExceptions.replace("'No such user', 404", "'Invalid email or password', 401").replace("'Wrong password'", "'Invalid email or password'"), name: "an auth service's `UserNotFound` and `InvalidPassword` answered differently" },
    { code: demoTable, errors: [{ ...at(demoTable, 'signin():') }], name: 'membership in a table of accounts is the unknown-user test' },
    { code: resetFormUnknown, errors: [{ file: 'app.py', ...at(resetFormUnknown['app.py'], 'reset_request():'), message: "answers 'There is no account with that email. You must register first.' (raised by `RequestResetForm.validate_email`) for unknown addresses" }], name: "a reset form's inline validator rejects unknown addresses" },
    {
      code: serviceSurfaced,
      errors: [{ ...at(serviceSurfaced['views.py'], 'login():'), file: 'views.py', message: "answers 'Unknown username' for unknown users and 'Wrong password' for wrong passwords (messages raised by `authenticate`)" }],
      name: "an auth service's exception messages shown to the client",
    },
    {
      code: formSessionDiffering,
      errors: [{ ...at(formSessionDiffering['views.py'], 'login():'), file: 'views.py', message: "answers 'No account with that handle' for unknown users and 'Wrong password' for wrong passwords (errors set by `SignInForm.validate`)" }],
      name: "a view that runs the form's validate() and sets the session itself: the form's two failure messages",
    },
    {
      code: formDiffering,
      errors: [{ ...at(formDiffering['views.py'], 'login():'), file: 'views.py', message: "answers 'No account with that handle' for unknown users and 'Wrong password' for wrong passwords (errors set by `SignInForm.validate`)" }],
      name: "the login form's validate tells unknown accounts from wrong passwords",
    },
    {
      code: homeDiffering,
      errors: [{ ...at(homeDiffering['views.py'], 'home():'), file: 'views.py', message: "answers 'No account with that handle' for unknown users" }],
      name: "cookiecutter-flask's home page logs in through that form",
    },
    {
      code: dataNamed,
      errors: [{ ...at(dataNamed, 'login():'), message: "answers 'Nobody signed up with that email' (200) for unknown users and 'Password does not match' (200) for wrong passwords" }],
      output: dataNamed.replace("'Nobody signed up with that email'", "'Invalid email or password'").replace("'Password does not match'", "'Invalid email or password'"),
      name: 'the account held in a name that says data (`found_data`), assigned from a lookup',
    },
    {
      code: prefixedPassword,
      errors: [{ ...at(prefixedPassword, 'login():'), message: "answers 'That email is not registered' (200) for unknown users and 'Wrong password' (200) for wrong passwords" }],
      output: prefixedPassword.replace("'That email is not registered'", "'Invalid email or password'").replace("'Wrong password'", "'Invalid email or password'"),
      name: 'a password field with a prefix (`account_password`)',
    },
    {
      code: login,
      errors: [{ ...at(login, 'login():'), message: "`login` answers 'No account with that email' (404) for unknown users and 'Incorrect password' (401) for wrong passwords, so anyone can test which accounts exist; answer both with one generic failure" }],
      output: login.replace("'No account with that email'), 404", "'Invalid email or password'), 401").replace("'Incorrect password'", "'Invalid email or password'"),
    },
    {
      code: auditedDiffering,
      errors: [{ ...at(auditedDiffering, 'login():'), message: "answers 'No such account' (404) for unknown users and 'Wrong password' (401) for wrong passwords" }],
      output: auditedDiffering.replace("'No such account', 404", "'Invalid email or password', 401").replace("'Wrong password'", "'Invalid email or password'"),
      name: 'the answers differ next to audit lines: the answers are named and fixed, the audit lines left alone',
    },
    { code: flaskr, errors: [{ ...at(flaskr, 'login():') }], output: flaskr.replace("'Incorrect username.'", "'Invalid email or password'").replace("'Incorrect password.'", "'Invalid email or password'"), name: 'Flask tutorial: error variable, one flash' },
    { code: nested, errors: [{ ...at(nested, 'signin():'), message: "'Unknown user'" }], name: 'nested ifs with else branches' },
    {
      code: countedAttempts,
      errors: [{ ...at(countedAttempts, 'login():'), message: "answers 'No such account' (401) for unknown users and 'Wrong password' (401) for wrong passwords" }],
      output: countedAttempts.replace("'No such account'", "'Invalid email or password'").replace("'Wrong password'", "'Invalid email or password'"),
      name: 'SQL in the wrong-password branch is neither named nor rewritten',
    },
    { code: fieldsFirst, errors: [{ ...at(fieldsFirst, 'api_login():'), message: "answers 'unknown account' (401) for unknown users and 'bad password' (401) for wrong passwords" }], name: 'the missing-fields answer is not named as the wrong-password answer' },
    { code: fieldNamedDiffering, errors: [{ ...at(fieldNamedDiffering, 'api_login():'), message: "answers 'no such user' (404) for unknown users and 'wrong password' (401)" }], name: 'the presence test of a field read into a name is not named as the unknown-user answer' },
    { code: or404, errors: [{ ...at(or404, 'login():'), message: "answers 404 (from `first_or_404()`) for unknown users and 'Invalid email or password' (401) for wrong passwords" }], name: 'first_or_404 answers unknown users before the password test' },
    {
      code: positiveResetDiffering,
      errors: [{ ...at(positiveResetDiffering, 'reset_password():'), message: "answers 'Unknown email address.' for unknown addresses and 'Reset link invalid or expired.' otherwise" }],
      name: 'reset: the normal path answers in both branches of a positive token check (if ...: return / else: flash, return)',
    },
    {
      code: knownFirstDiffering,
      errors: [{ ...at(knownFirstDiffering, 'forgot_password():'), message: "answers (404) for unknown addresses and 'A reset link is on its way if the address is registered' otherwise" }],
      name: 'reset: the known-address branch answers first and unknown addresses fall through to another page',
    },
    {
      code: positiveCheckDiffering,
      errors: [{ ...at(positiveCheckDiffering, 'login():'), message: "for unknown users and 'Incorrect password' (401) for wrong passwords" }],
      name: 'login: the failure after a positive password check differs from the unknown-user answer',
    },
    {
      code: reset,
      errors: [{ ...at(reset, 'forgot_password():'), message: "answers 'Email address not found' (404) for unknown addresses" }],
      output: reset.replace("return 'Email address not found', 404", "return 'Check your inbox for a reset link', 200"),
    },
  ],
});

// Found on real code (miguelgrinberg/microblog): the reset link's token is checked, not whether an account exists.
test('FG308: a reset-password view that redirects on a bad token does not enumerate users', async () => {
  const code =
    "from flask import Flask, redirect, url_for, flash, render_template\nfrom models import User, db\n\napp = Flask(__name__)\n\n\n" +
    "@app.route('/reset_password/<token>', methods=['GET', 'POST'])\ndef reset_password(token):\n    user = User.verify_reset_password_token(token)\n    if not user:\n        return redirect(url_for('index'))\n" +
    "    form = ResetPasswordForm()\n    if form.validate_on_submit():\n        user.set_password(form.password.data)\n        db.session.commit()\n        flash('Your password has been reset.')\n        return redirect(url_for('login'))\n    return render_template('reset_password.html', form=form)\n";
  assert.deepEqual(await findingLines(code, ['FG308']), []);
});

// Round 16 (a Twitter dashboard): the login view returns what a method of a module-level service instance answers,
// and that method looks the account up, checks the password and answers each failure.
/** A login view handing the request to `accounts.login_check()`; `missing` and `wrong` are the method's two messages. */
const delegatedLogin = (missing: string, wrong: string) => ({
  'app.py': lines('from flask import Flask', '', 'from service import AccountService', '', 'app = Flask(__name__)', 'accounts = AccountService()', '', '', "@app.post('/login')", 'def login():', '    return accounts.login_check()'),
  'service.py': lines(
    'from flask import flash, redirect, request, session',
    'from werkzeug.security import check_password_hash',
    '',
    'from store import find_account',
    '',
    '',
    'class AccountService:',
    '    def login_check(self):',
    "        account = find_account(request.form['name'])",
    '        if not account:',
    `            flash('${missing}')`,
    "            return redirect('/login')",
    "        if not check_password_hash(account['pw'], request.form['password']):",
    `            flash('${wrong}')`,
    "            return redirect('/login')",
    "        session['account'] = account['name']",
    "        return redirect('/')",
  ),
});

test("FG308/FG309: a login that returns a service instance's method is that method's login", async () => {
  const code = delegatedLogin('No account with that name', 'Wrong password');
  const line = at(code['app.py'], 'login():').line;
  assert.deepEqual(await findingLines(code, ['FG308', 'FG309']), [`app.py:${line} FG308`, `app.py:${line} FG309`]);
});

test('FG308: the same method answering both failures alike enumerates no one', async () => {
  assert.deepEqual(await findingLines(delegatedLogin('Invalid name or password', 'Invalid name or password'), ['FG308']), []);
});

test('FG308: strings standing alone as statements in the two branches are comments, not answers', async () => {
  const code = delegatedLogin('Invalid name or password', 'Invalid name or password');
  code['service.py'] = code['service.py'].replace("        if not account:\n", "        if not account:\n            '''no such account'''\n").replace("request.form['password']):\n", "request.form['password']):\n            '''wrong password'''\n");
  assert.deepEqual(await findingLines(code, ['FG308']), []);
});
