/** What the FG308/FG309 rules share: which routes log users in or reset passwords, and whether they take credentials. */
import { PASSWORD_CHECK_CALL } from '../../analysis/app-facts';
import { guardKind } from '../../analysis/auth';
import { ownNodes } from '../../analysis/body';
import { memo } from '../../analysis/node-memo';
import type { DecoratorUse, FlaskModel, Route } from '../../analysis/flask-model';
import { assignmentsByName, type AssignmentFact, type ClassFact, type FunctionFact } from '../../analysis/facts';
import { isRestxPayload } from '../../analysis/dataflow';
import { answersWithToken, signsIn } from '../../analysis/routes';
import type { IndexedFile } from '../../analysis/workspace';
import { hashesPassword, storesPassword } from '../../analysis/password-hashing';
import { callParts, decoratorExpression, dottedName, lastName, stringValue, targetNames, unwrap, words } from '../../analysis/python';
import type { SyntaxNode } from '../../analysis/syntax';
import type { Workspace } from '../../analysis/workspace';
import type { RuleContext } from '../types';

const LOGIN_WORDS = new Set(['login', 'signin', 'logon', 'authenticate', 'authentication', 'token', 'tokens', 'session', 'sessions', 'auth']);
/** Account creation, recovery and changes to an account a password confirms (`/auth/delete_account`): a password checked there logs no one in. */
const ACCOUNT_STEPS = new Set(['logout', 'signout', 'register', 'registration', 'signup', 'reset', 'forgot', 'delete', 'remove', 'deactivate', 'change', 'update', 'edit']);
/** Those and the other steps of the auth flow: named so, a view is no login unless it checks a password and hands out a session itself. */
const NOT_LOGIN = new Set([...ACCOUNT_STEPS, 'refresh', 'revoke', 'verify', 'introspect', 'callback', 'authorize', 'authorized']);
/** The request carries a secret the route checks; a field or attribute may name its owner first (`user_password`, `.member_password`). */
const CREDENTIALS = /['"](\w+_)?(password|passwd|pwd|pw|pass|passphrase|otp|totp|pin)['"]|\.(\w+_)?password\b|request\.authorization|check_password|verify_password|checkpw|\bauthenticated?\s*\(|password_matches|check_hash|verify_hash/i;
/** The view runs its form's validators: `form.validate_on_submit()`, `form.validate()`. */
const FORM_VALIDATED = /\.validate(_on_submit)?\s*\(\s*\)/;
/**
 * `if form.validate_on_submit(): login_user(form.user)`: the form's validators check the password (Flask-Login's own
 * example, Flask-Security's views), and the view hands out the session once they pass.
 */
const FORM_CHECKED_LOGIN = new RegExp(String.raw`${FORM_VALIDATED.source}[\s\S]*\blogin_user\s*\(`);
/** Passkey sign-ins: their form checks a signature from the user's authenticator, which no one can guess. */
const SIGNED_SIGNIN = new Set(['webauthn', 'passkey', 'passkeys', 'fido', 'fido2']);
/** Where a chain of reads starts: `request` for `request.form.get('email', '').strip()` and `request.get_json() or {}`. */
export function chainRoot(n: SyntaxNode | undefined): SyntaxNode | undefined {
  const inner: Record<string, string> = { call: 'function', attribute: 'object', subscript: 'value', boolean_operator: 'left' };
  let r = unwrap(n);
  while (r && r.type !== 'identifier') r = inner[r.type] ? unwrap(r.field_(inner[r.type]!)) : undefined;
  return r;
}

/** A value the caller submitted: `email = request.form.get('email')`, or `data.get('email')` with `data = request.get_json()`. */
export function readsRequest(value: SyntaxNode, assigned: ReadonlyMap<string, readonly AssignmentFact[]>, depth = 0): boolean {
  const root = chainRoot(value);
  if (!root || depth > 3) return false;
  if (root.text === 'request' || readsRestxPayload(root)) return true;
  return (assigned.get(root.text) ?? []).some((a) => a.value !== value && readsRequest(a.value, assigned, depth + 1));
}

/** `ns.payload['email']`, `self.api.payload.get('email')`: the chain from `root` passes through Flask-RESTX's request JSON. */
function readsRestxPayload(root: SyntaxNode): boolean {
  for (let n = root; n.parent?.type === 'attribute' && n.field === 'object'; ) {
    n = n.parent;
    if (isRestxPayload(n)) return true;
  }
  return false;
}

/** A one-time code: `pyotp.TOTP(secret)`, `request.form['otp']`, `user.verify_totp(code)`, `session['otp']`. */
const ONE_TIME_CODE = /(?<![a-z])(py)?[th]?otp(?![a-z])/i;
/** Calls that answer whether a submitted code is right. */
const CODE_CHECK_CALL = /verify|check|valid|match/i;
/** An identity put in the session: `session['user_id'] = ...`. */
const SESSION_IDENTITY_WRITE = /\bsession\[\s*['"]\w*(user|uid|account|email)\w*['"]\s*\]\s*=/;

/** The view logs the caller in: Flask-Login, an identity put in the session, or a token it issues. */
function logsIn(body: SyntaxNode): boolean {
  return SESSION_IDENTITY_WRITE.test(body.text) || ownNodes(body, ['call']).some(signsIn);
}

/** A password compared with the account's stored one (`user.password == pw`), or matched in the lookup (`filter_by(password=pw)`). */
const COMPARES_STORED = /\.\w*(passw|pwd)\w*\s*[!=]=|[!=]=\s*[\w.]+\.\w*(passw|pwd)\w*|filter(_by)?\([^)]*(passw|pwd)/i;

/**
 * `/auth/create-admin`: the view hashes the submitted password into a new record and checks none, so it creates an
 * account (nothing to guess), whatever its path says and whether or not it then signs the new account in.
 */
function createsAccount(def: SyntaxNode): boolean {
  const body = def.field_('body');
  return hashesPassword(body) && checksNoPassword(body?.text ?? '');
}

/** The view checks no password itself: no check call, no `authenticate(...)`, no comparison with the stored one. */
function checksNoPassword(viewText: string): boolean {
  return !PASSWORD_CHECK_CALL.test(viewText) && !/\bauthenticate\s*\(/.test(viewText) && !COMPARES_STORED.test(viewText);
}

/**
 * `Player(**data)` where `Player.__init__` (or its `@password.setter`) hashes the password: the view stores a new
 * account's password as surely as one that hashes it itself, and checking none, it creates an account.
 */
function createsAccountThroughModel(route: Route, workspace: Workspace): boolean {
  return checksNoPassword(route.view.node.field_('body')?.text ?? '') && builtClasses(route, workspace).some((c) => c.fact.methods.some((m) => storesPasswordOnBuild(m, c.file)));
}

/** A constructor or a property setter whose body hashes a password for storage, by its own name or an imported alias (`gen_pw_hash`). */
function storesPasswordOnBuild(method: FunctionFact, file: IndexedFile): boolean {
  const builds = method.name === '__init__' || method.decorators.some((d) => /\.setter$/.test(decoratorExpression(d)?.text ?? ''));
  return builds && hashesPassword(method.node.field_('body'), hasherAliases(file));
}

/** `from werkzeug.security import generate_password_hash as gen_pw_hash`: the local names the file hashes passwords by. */
function hasherAliases(file: IndexedFile): string[] {
  return file.facts.imports.filter((i) => i.member && i.member !== i.local && storesPassword(i.member)).map((i) => i.local);
}

/** Flask-HTTPAuth basic/digest auth on the route: the decorator checks the password. */
const PASSWORD_DECORATOR = /(basic|digest|password|http)\w*\.login_required$/i;
/** The Flask-HTTPAuth objects that take a password. */
const PASSWORD_AUTH = /^(HTTPBasicAuth|HTTPDigestAuth)$/;

/** One word that joins the reset step and the password: `/resetpwd`, `forgotpassword`, `passwordreset`. */
const JOINED_RESET = /^(reset|forgot|recover)(password|passwd|pwd|pw|pass)$|^(password|passwd|pwd|pw|pass)(reset|forgot|recover|recovery)$/;

function routeWords(route: Route): string[] {
  // `/auth/login` and `def login()` count; `log`+`in`, `sign`+`in` and `sign`+`up` are joined.
  const ws = [...words(route.rule), ...words(route.viewClass?.name ?? route.view.name)];
  const joined: string[] = [];
  ws.forEach((w, i) => joined.push(w, ...(i + 1 < ws.length && (w === 'log' || w === 'sign') && (ws[i + 1] === 'in' || (w === 'sign' && ws[i + 1] === 'up')) ? [`${w}${ws[i + 1]}`] : [])));
  return joined;
}

/**
 * The function's body reads or checks a credential. The parameter list is left out: a default such as
 * `passwd='passwd'` is a value the URL supplies, not a request field the view checks.
 */
function bodyChecksCredentials(def: SyntaxNode): boolean {
  return handlesCredentials(def.field_('body'));
}

/**
 * The code names a credential, or reads one into a `password` variable. A call given a `password=` keyword is left
 * out: `User.create(username=open_id, password=open_id)` sets a new account's password, it checks none.
 */
function handlesCredentials(node: SyntaxNode | undefined): boolean {
  return !!node && (CREDENTIALS.test(node.text) || ownNodes(node, ['assignment']).some((a) => targetNames(a.field_('left')).includes('password')));
}

/**
 * `for name in ('email', 'password'): if name not in data: return ...` and no session or token handed out: the view
 * names the password only as a field it requires, and checks no credential (account creation, a profile form).
 */
function onlyRequiresPassword(def: SyntaxNode): boolean {
  const body = def.field_('body');
  if (!body || issuesSessionOrToken(body)) return false;
  const required = ownNodes(body, ['string']).filter((str) => CREDENTIALS.test(str.text) && namesRequiredField(str));
  if (!required.length) return false;
  let rest = body.text;
  for (const str of required.reverse()) rest = rest.slice(0, str.start - body.start) + "''" + rest.slice(str.end - body.start);
  return !CREDENTIALS.test(rest) && !ownNodes(body, ['assignment']).some((a) => targetNames(a.field_('left')).includes('password'));
}

/** A field name listed (`['email', 'password']`) or tested for presence (`'password' not in data`), not read. */
function namesRequiredField(str: SyntaxNode): boolean {
  const p = str.parent;
  if (p?.type === 'list' || p?.type === 'tuple' || p?.type === 'set') return true;
  return p?.type === 'comparison_operator' && p.namedChildren[0]?.start === str.start && /^(not )?in$/.test(p.children.filter((x) => !x.named).map((x) => x.text).join(' '));
}

/** `login_user(...)`, an identity in the session, or any token made (`player.get_token()`, `encode_auth_token(...)`). */
function issuesSessionOrToken(body: SyntaxNode): boolean {
  return logsIn(body) || ownNodes(body, ['call']).some((c) => /token|jwt/i.test(lastName(callParts(c)?.name) ?? ''));
}


/**
 * `/verify-user`, `/auth/authorize`: whatever its name, a view that checks a password with a check call
 * (`user.check_password(...)`) and then signs the caller in, makes a token or returns the account's stored one
 * (`return jsonify(token=user.token)`) exchanges credentials for a session or token.
 */
function exchangesPassword(route: Route, ws: string[], workspace: Workspace): boolean {
  const body = route.view.node.field_('body');
  if (!body || !mayExchange(route, ws, workspace) || !PASSWORD_CHECK_CALL.test(body.text)) return false;
  return issuesSessionOrToken(body) || handsOut(body, checkedAccounts(route.view.node)) || answersWithToken(body);
}

/** Open to anyone and no step of managing an account: a view here that checks a password may be the way in. */
function mayExchange(route: Route, ws: string[], workspace: Workspace): boolean {
  return !ws.some((w) => ACCOUNT_STEPS.has(w)) && !needsLogin(route, workspace);
}

/**
 * The view hands the account in `names` out: puts what it holds in the session (`session['member'] = user.name`,
 * whatever the key), signs it in (`login_user(user)`) or makes a token for it.
 */
function handsOut(body: SyntaxNode, names: ReadonlySet<string>): boolean {
  const mentions = (n: SyntaxNode | undefined) => !!n && n.find('identifier').some((id) => names.has(id.text));
  if (!names.size) return false;
  const sessionValues = ownNodes(body, ['assignment']).filter((a) => dottedName(unwrap(a.field_('left'))?.field_('value')) === 'session').map((a) => a.field_('right'));
  return sessionValues.some(mentions) || ownNodes(body, ['call']).some((c) => signsIn(c) && mentions(c));
}

/** The accounts a password check in the view vouches for: `user` of `user.check_password(pw)` or `check_password_hash(user.pw_hash, pw)`. */
function checkedAccounts(def: SyntaxNode): Set<string> {
  const assigned = assignmentsByName(def);
  const out = new Set<string>();
  for (const call of ownNodes(def.field_('body'), ['call'])) {
    const parts = callParts(call);
    if (!parts || !PASSWORD_CHECK_CALL.test(`${lastName(parts.name) ?? (parts.callee.type === 'attribute' ? parts.callee.field_('attribute')!.text : '')}(`)) continue;
    const subjects = [...(parts.callee.type === 'attribute' ? [parts.callee.field_('object')!] : []), ...parts.positional];
    // The submitted password is what is checked, not whom.
    for (const root of subjects.map(chainRoot)) if (root && !readsRequest(root, assigned)) out.add(root.text);
  }
  return out;
}

/**
 * `trainer = authenticate(name, pw)` given submitted data, then `session['trainer'] = trainer.to_dict()`: the calls
 * whose answer the view hands out. Whether the function called checks a password is read apart (`checksPasswordThrough`).
 */
function callsHandedOut(def: SyntaxNode): SyntaxNode[] {
  const body = def.field_('body');
  if (!body) return [];
  const assigned = assignmentsByName(def);
  return ownNodes(body, ['assignment']).flatMap((a) => {
    const value = unwrap(a.field_('right'));
    const parts = value?.type === 'call' ? callParts(value) : undefined;
    if (!parts?.name || ![...parts.positional, ...parts.keywords.values()].some((arg) => readsRequest(arg, assigned))) return [];
    return handsOut(body, new Set(targetNames(a.field_('left')))) ? [value!] : [];
  });
}

/** The call runs a project function whose body checks a password (`trainer.check_password(password)`). */
function checksPasswordThrough(call: SyntaxNode, route: Route, workspace: Workspace): boolean {
  const b = workspace.resolveDotted(route.file, callParts(call)?.name ?? '', route.view);
  return b?.kind === 'function' && PASSWORD_CHECK_CALL.test(b.fact.node.field_('body')?.text ?? '');
}

/** A field named for a secret key (`team_key`, `access_key`, `X-API-Key`, `client_secret`), not a captcha's or CSRF token's. */
const SECRET_FIELD = /^(?![\w-]*(captcha|csrf))([\w-]+[_-])?(key|secret|passcode)$/i;

/**
 * `Team.get(Team.key == request.form['team_key'])`: the view reads a submitted key or secret, which is the credential
 * of an account that has no password (a CTF team key, an access key).
 */
function readsSubmittedSecret(def: SyntaxNode): boolean {
  const assigned = assignmentsByName(def);
  return ownNodes(def.field_('body'), ['subscript', 'call']).some((n) => {
    const parts = callParts(n);
    const field = parts ? (lastName(parts.name) === 'get' ? stringValue(parts.positional[0]) : undefined) : stringValue(n.field_('subscript'));
    return !!field && SECRET_FIELD.test(field) && readsRequest(n, assigned);
  });
}

function takesCredentials(route: Route, ws: string[], workspace: Workspace): boolean {
  if ((bodyChecksCredentials(route.view.node) && !onlyRequiresPassword(route.view.node)) || formChecksPassword(route, ws) || readsSubmittedSecret(route.view.node)) return true;
  return route.decorators.some((d) => checksPassword(workspace, d.file, d.expr, d.scope)) || route.view.decorators.some((d) => checksPassword(workspace, route.file, decoratorExpression(d)!, route.view.enclosing));
}

function formChecksPassword(route: Route, ws: string[]): boolean {
  return !ws.some((w) => SIGNED_SIGNIN.has(w)) && FORM_CHECKED_LOGIN.test(route.view.node.field_('body')?.text ?? '');
}

/** `return Auth.login_user(data=request.json)`: the view answers with what a project function that checks the password returns. */
function returnsCredentialCheck(route: Route, workspace: Workspace): boolean {
  return returnedHelpers(route, workspace).some((h) => bodyChecksCredentials(h.fact.node));
}

/**
 * `u = User.validate_login(request.form)` then `if u is None: ...`: the view branches on what a project function that
 * checks the password answered. (A helper whose answer the view never tests, such as a serializer that drops the
 * `'password'` field, decides nothing.)
 */
function testsCredentialCheck(route: Route, workspace: Workspace): boolean {
  const body = route.view.node.field_('body');
  const tested = new Set(ownNodes(body, ['if_statement']).flatMap((s) => s.field_('condition')?.find('identifier').map((id) => id.text) ?? []));
  return ownNodes(body, ['assignment']).some((a) => {
    const value = unwrap(a.field_('right'));
    const name = value?.type === 'call' ? callParts(value)?.name : undefined;
    if (!name || !targetNames(a.field_('left')).some((t) => tested.has(t))) return false;
    const b = workspace.resolveDotted(route.file, name, route.view);
    return b?.kind === 'function' && bodyChecksCredentials(b.fact.node);
  });
}

/**
 * The project functions whose result the view returns: `return Auth.login_user(...)`, or a method of a module-level
 * instance (`return accounts.login_check()` after `accounts = AccountService()`). Such a view is what they do.
 */
export function returnedHelpers(route: Route, workspace: Workspace): { file: IndexedFile; fact: FunctionFact }[] {
  return ownNodes(route.view.node.field_('body'), ['return_statement']).flatMap((ret) =>
    ret.find('call').flatMap((call) => {
      const name = callParts(call)?.name;
      const b = name ? workspace.resolveDotted(route.file, name, route.view) : undefined;
      return b?.kind === 'function' ? [{ file: b.file, fact: b.fact }] : [];
    }),
  );
}

/**
 * `form = LoginForm(request.form)` on a page not named like a login (cookiecutter-flask's home page): a project form
 * class with a method that checks the password.
 */
function buildsPasswordForm(route: Route, workspace: Workspace): boolean {
  return builtClasses(route, workspace).some((c) => c.fact.methods.some((m) => PASSWORD_CHECK_CALL.test(m.node.field_('body')?.text ?? '')));
}

/** The project classes the view builds instances of: `LoginForm(request.form)`, `Player(**data)`. */
function builtClasses(route: Route, workspace: Workspace): { file: IndexedFile; fact: ClassFact }[] {
  return ownNodes(route.view.node.field_('body'), ['call']).flatMap((call) => {
    const name = callParts(call)?.name;
    const b = name ? workspace.resolveDotted(route.file, name, route.view) : undefined;
    return b?.kind === 'class' ? [{ file: b.file, fact: b.fact }] : [];
  });
}

/**
 * `form = forms.Login(request.form)` then `if form.validate(): session['user_id'] = form.user.id`: the project form's
 * own `validate` (or `validate_password`) checks the password, so the login-named view that runs it is the login.
 */
function validatesPasswordForm(route: Route, workspace: Workspace): boolean {
  return FORM_VALIDATED.test(route.view.node.field_('body')?.text ?? '') && buildsPasswordForm(route, workspace);
}

/** Flasky's API: `@api.before_request` under `@auth.login_required` (HTTP basic auth) checks the password before the token route runs. */
function behindPasswordHook(route: Route, model: FlaskModel): boolean {
  return model.hooksFor(route).some((h) => h.fn.decorators.some((d) => checksPassword(model.workspace, h.file, decoratorExpression(d)!, h.fn.enclosing)));
}

/** `@basic_auth.login_required`, APIFairy `@authenticate(basic_auth)`, or an `auth = HTTPBasicAuth()` the decorator's module defines or imports. */
function checksPassword(workspace: Workspace, file: IndexedFile, expr: SyntaxNode, scope: FunctionFact | undefined): boolean {
  const parts = callParts(expr);
  const name = dottedName(parts?.callee ?? expr) ?? '';
  if (PASSWORD_DECORATOR.test(name)) return true;
  const object = lastName(name) === 'authenticate' ? dottedName(parts?.positional[0]) : name.endsWith('.login_required') ? name.slice(0, -'.login_required'.length) : undefined;
  if (!object) return false;
  if (/basic|digest|password/i.test(object)) return true;
  const binding = workspace.resolveDotted(file, object, scope);
  return binding?.kind === 'value' && PASSWORD_AUTH.test(lastName(callParts(unwrap(binding.fact.value))?.name) ?? '');
}

/** The route's decorators that turn away callers without credentials, other than Flask-HTTPAuth's password check. */
function gates(route: Route, workspace: Workspace): DecoratorUse[] {
  return route.decorators.filter((d) => d.role === 'authentication' && !checksPassword(workspace, d.file, d.expr, d.scope));
}

/** Behind a decorator that needs a logged-in caller (not a password check): the caller already has a session. */
function needsLogin(route: Route, workspace: Workspace): boolean {
  return gates(route, workspace).length > 0;
}

/** The project function a decorator names (`@validate_login`, `@validate(...)`), where the workspace defines it. */
export function projectDecorator(d: DecoratorUse, workspace: Workspace): { file: IndexedFile; fact: FunctionFact } | undefined {
  const b = workspace.resolveDotted(d.file, dottedName(callParts(d.expr)?.callee ?? d.expr) ?? '', d.scope);
  return b?.kind === 'function' ? { file: b.file, fact: b.fact } : undefined;
}

/** `@validate_login` whose wrapper reads the posted password and checks it: the decorator is the login's credential check. */
function gateChecksCredentials(d: DecoratorUse, workspace: Workspace): boolean {
  const def = projectDecorator(d, workspace)?.fact.node;
  return !!def && bodyChecksCredentials(def);
}

/** A statement that reads what the request sends, or handles a credential: a login check starts there. */
const READS_SUBMISSION = (stmt: SyntaxNode) => /\brequest\b|\.validate(_on_submit)?\s*\(/.test(stmt.text) || stmt.find('attribute').some(isRestxPayload) || handlesCredentials(stmt);

/**
 * `/auth/sudo`, `/reauthenticate`: the view turns away callers with no session (`if not current_user.is_authenticated:
 * return redirect(...)`) before it reads the credential it checks, so that password re-confirms a known user. (Where a
 * hook or decorator checked the password, Flasky's `if g.current_user.is_anonymous` tests that check's result.)
 */
function reauthenticates(route: Route, model: FlaskModel): boolean {
  const body = route.view.node.field_('body');
  return bodyChecksCredentials(route.view.node) && guardKind(body, model.roles.callResolver(route.file, route.view), READS_SUBMISSION) === 'guard';
}

/**
 * `/mfa/verify`: the second step of a login checks a submitted one-time code (`pyotp.TOTP(secret).verify(code)`,
 * `code == session['otp']`) and then logs the caller in. Six digits are guessed in minutes without a limit; the
 * pre-login state it reads (`session['pre_auth_user_id']`) is no login.
 */
function completesLoginByCode(def: SyntaxNode): boolean {
  const body = def.field_('body');
  if (!body || !logsIn(body)) return false;
  const assigned = assignmentsByName(def);
  return ownNodes(body, ['call', 'comparison_operator']).some((n) => {
    if (!ONE_TIME_CODE.test(n.text)) return false;
    // The submitted code is what is checked: `otp.verified == False` tests a flag stored earlier.
    const callee = n.type === 'call' ? n.field_('function') : undefined;
    if (callee) return CODE_CHECK_CALL.test(callee.type === 'attribute' ? callee.field_('attribute')!.text : callee.text) && (callParts(n)?.positional ?? []).some((a) => readsRequest(a, assigned));
    return /^(==|!=)$/.test(n.children.filter((x) => !x.named).map((x) => x.text).join(' ')) && n.namedChildren.some((side) => readsRequest(side, assigned));
  });
}

interface Kinds {
  /** Named like a login and takes credentials, or named otherwise and hands out a session or token once a password checks out. */
  login: boolean;
  reset: boolean;
  /** Named like a login and open to anyone, but the view's own text shows no credential: a helper may check it. */
  loginByHelper: boolean;
  /** Open to anyone and named otherwise, but hands out a session once its form validates: the form may check a password. */
  loginByForm: boolean;
  /** Named like a login, behind project decorators that reject the request: they may be the password check. */
  loginByDecorator: boolean;
  /** Open to anyone, logs the caller in once a one-time code checks out: a login's second step. */
  secondFactor: boolean;
  /** Named otherwise, hands out what a call given the submission answered: the function called may check a password. */
  loginByCheckingCall: boolean;
}

/**
 * Project rules run on every pass: a view's verdict is kept while its syntax, its rule and the workspace interface
 * are unchanged (the decorators it needs a login by are resolved through imports and definitions elsewhere).
 */
function kinds(route: Route, model: FlaskModel): Kinds {
  return memo(route.view.node, `login-kinds ${route.rule}`, model.epoch, () => readKinds(route, model.workspace));
}

function readKinds(route: Route, workspace: Workspace): Kinds {
  const ws = routeWords(route);
  // `auth`/`session` alone are too broad: a login route also takes a password.
  const loginStep = !ws.some((w) => NOT_LOGIN.has(w)) && !createsAccount(route.view.node);
  const open = loginStep && !needsLogin(route, workspace);
  const named = open && ws.some((w) => LOGIN_WORDS.has(w));
  const login = named ? takesCredentials(route, ws, workspace) : exchangesPassword(route, ws, workspace);
  // Behind a login, the caller is known: changing one's own password enumerates nobody.
  const reset = (ws.some((w) => w === 'forgot' || w === 'recover' || w === 'recovery' || JOINED_RESET.test(w)) || (ws.includes('reset') && ws.some((w) => w === 'password' || w === 'pw' || w === 'request'))) && !needsLogin(route, workspace);
  return {
    login,
    reset,
    loginByHelper: named && !login,
    loginByForm: open && !named && formChecksPassword(route, ws),
    loginByDecorator: loginStep && !open && ws.some((w) => LOGIN_WORDS.has(w)),
    secondFactor: !needsLogin(route, workspace) && completesLoginByCode(route.view.node),
    loginByCheckingCall: loginStep && !named && !login && mayExchange(route, ws, workspace) && callsHandedOut(route.view.node).length > 0,
  };
}

/**
 * A route that returns a session or a token in exchange for credentials (FG309's "login/token-issuing route").
 * The helpers, forms and hooks that check the credentials are read on each call, not kept with the view: they can change on their own.
 */
export function isLoginRoute(route: Route, ctx: Pick<RuleContext, 'workspace' | 'model'>): boolean {
  const k = kinds(route, ctx.model);
  // Its pre-login guard (`if 'pending_user_id' not in session`) is no session: the code step is not a re-authentication.
  if (k.secondFactor) return true;
  const login =
    k.login ||
    (k.loginByHelper ? returnsCredentialCheck(route, ctx.workspace) || testsCredentialCheck(route, ctx.workspace) || behindPasswordHook(route, ctx.model) || validatesPasswordForm(route, ctx.workspace)
    : k.loginByDecorator ? gates(route, ctx.workspace).every((d) => gateChecksCredentials(d, ctx.workspace))
    : k.loginByForm && buildsPasswordForm(route, ctx.workspace)) ||
    (k.loginByCheckingCall && callsHandedOut(route.view.node).some((c) => checksPasswordThrough(c, route, ctx.workspace)));
  return login && !reauthenticates(route, ctx.model) && !createsAccountThroughModel(route, ctx.workspace);
}

/** Password reset requests: "forgot password", "reset password", "recover". */
export function isResetRoute(route: Route, model: FlaskModel): boolean {
  return kinds(route, model).reset;
}
