/**
 * How the model decides that code demands a verified identity: rejecting
 * statements, guard blocks (in views, decorator wrappers and before_request
 * hooks), and which decorators authenticate.
 */
import { ownNodes, walkOwn } from './body';
import { isCredential, isCredentialWord, requestSource } from './dataflow';
import { lastAssigned, localAssignments } from './facts';
import { callParts, comparisonOperator, dottedName, intValue, lastName, literalParts, parameterNames, sequenceItems, statements, stringValue, unwrap, words, type CallParts } from './python';
import type { SyntaxNode } from './syntax';

const DENY_STATUS = new Set([401, 403]);
const DENY_NAMES = /^(UNAUTHORIZED|FORBIDDEN)$/;
const DENY_EXCEPTION = /(un|not_?)authori[sz]ed|forbidden|denied|permission|(un|not_?)authenticated|auth\w*(error|exception|failed|required)|invalid\w*(token|key|credential|signature)|(token|signature)\w*(invalid|expired|error)/i;
/** Words that name the login page in an endpoint or path (`auth.login`, `/users/sign-in`, `google_auth`). */
const LOGIN_PAGE_WORDS = new Set(['login', 'signin', 'logon', 'auth', 'authenticate', 'authentication', 'sso']);
/** What may follow them in the same part and still name the page (`login_page`, `login.html`), unlike `login_history`. */
const LOGIN_PAGE_SUFFIXES = new Set(['page', 'form', 'view', 'index', 'screen', 'html', 'required']);

/**
 * `url_for('auth.login')`, `'/login?next=/'`, `users.login_page`: one part of the endpoint or path ends in a login
 * word. Not `login_history` or `authors.index`, which only contain one.
 */
function leadsToLogin(text: string): boolean {
  return text.split(/[./?#&=:]+/).some((part) => {
    const w = words(part).join('_').replace(/(^|_)(sign|log)_(in|on)(?=_|$)/g, '$1$2$3').split('_');
    const at = w.findLastIndex((x) => LOGIN_PAGE_WORDS.has(x));
    return at >= 0 && w.slice(at + 1).every((x) => LOGIN_PAGE_SUFFIXES.has(x));
  });
}

/** A status expression that means "no": 401, 403, HTTPStatus.UNAUTHORIZED. */
export function isDenyStatus(node: SyntaxNode | undefined): boolean {
  const n = unwrap(node);
  if (!n) return false;
  const v = intValue(n);
  if (v !== undefined) return DENY_STATUS.has(v);
  const name = lastName(dottedName(n));
  return !!name && DENY_NAMES.test(name);
}

/** Calls that build a response with a status of its choosing (a redirect has its own test). */
const RESPONSE_BUILDER = /^(Response|make_response|jsonify|render_template|render_template_string|json_response)$/;

/**
 * Does a call build or send a deny response (`abort(401)`, `Response(..., status=403)`)? A `dropped` call's value is
 * thrown away (a call on a line of its own).
 */
function isDenyCall(node: SyntaxNode | undefined, calls: CallResolver | undefined, depth: number, dropped = false): boolean {
  const parts = callParts(node);
  if (!parts) return false;
  // `authenticate_token()` on a line of its own, whose refusal is a response it returns: the caller drops it and the
  // request goes on, whatever the helper's name promises.
  // Resolved once, here for a dropped call and below for the rest.
  const dropTarget = dropped && calls && depth < 1 ? calls(node!) : undefined;
  if (dropTarget && dropTarget !== 'authenticates' && refusesOnlyByReturning(dropTarget, calls!, depth + 1)) return false;
  const name = lastName(parts.name) ?? '';
  if (name === 'abort') {
    const first = parts.positional[0];
    return isDenyStatus(first) || isDenyCall(first, calls, depth) || isDenyStatus(parts.keywords.get('status'));
  }
  if (RESPONSE_BUILDER.test(name)) {
    return parts.positional.slice(1).some((p) => isDenyStatus(p)) || isDenyStatus(parts.keywords.get('status'));
  }
  if (name === 'redirect') return namesLogin(parts.positional[0], calls);
  // Flask-Login's `login_manager.needs_refresh()` sends a stale session back to log in again.
  if (/^(unauthori[sz]ed|forbidden|deny|denied|auth_error|authenticate|unauthorized_response|needs_refresh)\w*$/i.test(name)) return true;
  // A project's own response helper: `error_response('forbidden', status_code=403)`, `reply(401, 'no token')`.
  if (['status', 'status_code', 'code'].some((k) => isDenyStatus(parts.keywords.get(k))) || parts.positional.some((p) => isDenyStatus(p))) return true;
  if (raisesWithoutIdentity(node!)) return true;
  if (DENY_EXCEPTION.test(name) && /^[A-Z]/.test(name)) return true;
  // A helper the view (or wrapper) calls that rejects somewhere inside: `check_bearer()` raising AuthError
  // under its test, `jwt.decode` in a try whose handler aborts 401.
  if (calls && depth < 1) {
    const target = dropped ? dropTarget : calls(node!);
    if (target === 'authenticates') return true;
    if (target) return containsRejection(target, calls, depth + 1, (rejection, helper) => refusesForAccess(rejection, helper, calls));
  }
  return false;
}

/** A call that raises (a 401) when the request carries no valid credential, unless told that is optional. */
function raisesWithoutIdentity(call: SyntaxNode): boolean {
  const name = callParts(call)?.name ?? '';
  const last = lastName(name);
  // Flask-JWT-Extended's verifiers; Authlib's `require_oauth.acquire_token(['profile'])`.
  const raises = last === 'verify_jwt_in_request' || last === 'verify_fresh_jwt_in_request' || (last === 'acquire_token' && onResourceProtector(name));
  return raises && !isOptionalAuth(call);
}

/** `require_oauth.acquire`, `protector.acquire_token`: a method of Authlib's ResourceProtector, known by the names projects give it. */
function onResourceProtector(name: string): boolean {
  const object = name.slice(0, Math.max(name.lastIndexOf('.'), 0));
  return !!object && (roleByName(object, []) === 'authentication' || /oauth|protector/i.test(object));
}

/** `token = require_oauth.acquire_token(...)`, `claims = verify_jwt_in_request()`: the raising check, its result kept. */
function keepsRaisingCheck(node: SyntaxNode | undefined): boolean {
  const value = node?.type === 'assignment' ? unwrap(node.field_('right')) : undefined;
  return value?.type === 'call' && raisesWithoutIdentity(value);
}

/**
 * A URL that leads to the login page: `url_for('auth.login')`, `'/login?next=...'`, `f'/login/{x}'`, or the endpoint
 * of the view that logs callers in whatever it is called (`url_for('home.index')` where the home page takes the password).
 */
function namesLogin(target: SyntaxNode | undefined, calls?: CallResolver): boolean {
  const urlFor = callParts(target);
  const isUrlFor = !!urlFor && lastName(urlFor.name) === 'url_for';
  const endpoint = isUrlFor ? stringValue(urlFor!.positional[0]) : undefined;
  const text = isUrlFor ? endpoint : literalParts(target);
  if (text && leadsToLogin(text)) return true;
  return !!endpoint && !!calls?.loginEndpoint?.(endpoint);
}

/**
 * Resolves a call to the body of the workspace function it calls, for one level of helpers, or says
 * that it runs an authentication decorator's check (`guard = auth.login_required(lambda: None)`, then `guard()`).
 */
export interface CallResolver {
  (call: SyntaxNode): SyntaxNode | 'authenticates' | undefined;
  /**
   * What a module-level name stands for outside the workspace (`flask_login.current_user`), read with the imports
   * of the file that holds `at`: the function's own, or a helper's the resolver handed out from another module.
   */
  origin?: (dotted: string, at: SyntaxNode) => string | undefined;
  /** Whether an endpoint (`'home.index'`) is a view of the workspace that checks a password and logs the caller in. */
  loginEndpoint?: (endpoint: string) => boolean;
}

/** A statement that ends the request with 401/403, a login redirect or an auth exception; a failed CSRF check is no authentication. */
export function isRejection(stmt: SyntaxNode, calls?: CallResolver, depth = 0): boolean {
  return !/csrf|xsrf/i.test(stmt.text) && refusal(stmt, calls, depth);
}

function refusal(stmt: SyntaxNode, calls: CallResolver | undefined, depth: number): boolean {
  if (stmt.type === 'return_statement') {
    const value = unwrap(stmt.namedChildren[0]);
    if (!value) return false;
    if (value.type === 'tuple' || value.type === 'expression_list') {
      const status = value.namedChildren[1];
      return isDenyStatus(status) || isVerifierStatus(status, stmt) || isDenyCall(value.namedChildren[0], calls, depth);
    }
    // `resp = authenticate_request()` ... `return resp`: the refusal a helper built.
    if (value.type === 'identifier') return isDenyCall(lastAssigned(stmt.ancestor('function_definition'), value.text), calls, depth);
    return isDenyCall(value, calls, depth);
  }
  if (stmt.type === 'raise_statement') {
    const exc = unwrap(stmt.namedChildren[0]);
    if (!exc) return false;
    const parts = callParts(exc);
    const name = lastName(parts ? parts.name : dottedName(exc)) ?? '';
    if (DENY_EXCEPTION.test(name)) return true;
    // `raise Redirect303(url_for('login'))`: a redirect raised as an exception.
    return !!parts && (parts.positional.some((p) => isDenyStatus(p) || namesLogin(p, calls)) || isDenyStatus(parts.keywords.get('status_code')) || isDenyStatus(parts.keywords.get('code')));
  }
  if (stmt.type === 'expression_statement') {
    const expr = stmt.namedChildren[0];
    // `redirect(url_for('login'))` on a line of its own builds the refusal and drops it: the request goes on.
    const built = lastName(callParts(expr)?.name) ?? '';
    const dropsResponse = built === 'redirect' || RESPONSE_BUILDER.test(built);
    return (!dropsResponse && isDenyCall(expr, calls, depth, true)) || setsDenyStatus(expr) || keepsRaisingCheck(expr);
  }
  return false;
}

/**
 * `key, status = verify_key(request)` then `return {...}, status`: the status a verification call chose for
 * a caller it turned down, sent back as it is.
 */
function isVerifierStatus(status: SyntaxNode | undefined, stmt: SyntaxNode): boolean {
  const name = unwrap(status);
  const value = name?.type === 'identifier' ? unwrap(lastAssigned(stmt.ancestor('function_definition'), name.text)) : undefined;
  return value?.type === 'call' && verifies(value) && CREDENTIAL.test(callParts(value)?.name ?? '');
}

/** What a verification checks when it authenticates (`verify_api_key`), not when it validates a form (`validate_payload`). */
const CREDENTIAL = /auth|token|key|secret|passw|credential|session|login|jwt|signature/i;

/** `resp.status_code = 403`: the response being built is a refusal. */
function setsDenyStatus(node: SyntaxNode | undefined): boolean {
  if (node?.type !== 'assignment') return false;
  const target = node.field_('left');
  return target?.type === 'attribute' && target.field_('attribute')?.text === 'status_code' && isDenyStatus(node.field_('right'));
}

/** Statements of every branch of an if (consequence, elif, else). */
export function ifBranches(ifStmt: SyntaxNode): SyntaxNode[][] {
  const branches = [statements(ifStmt.field_('consequence'))];
  for (const alt of ifStmt.fields('alternative')) branches.push(statements(alt.field_('consequence') ?? alt.field_('body')));
  return branches;
}

function exceptBlocks(tryStmt: SyntaxNode): SyntaxNode[][] {
  return tryStmt.namedChildren
    .filter((c) => c.type === 'except_clause' || c.type === 'except_group_clause')
    .map((c) => statements(c.namedChildren.find((n) => n.type === 'block')));
}

/** Session keys that hold who is logged in (`user_id`, `username`, `logged_in`, `email`), not a cart or a CSRF token. */
const IDENTITY_KEY = /^(?!.*csrf).*(user|uid|login|logged|auth|account|token|email|name|profile|member|admin|(^|_)id$)/i;

/** Reads of the caller's identity: `session['user_id']`, `session.get('logged_in')`, `current_user...`, `g.user`, `request.authorization`. */
function readsIdentity(node: SyntaxNode | undefined, key?: string, depth = 0): boolean {
  const n = unwrap(node);
  if (!n) return false;
  // `admin = session.get('is_admin')`, then `if not admin:`: a name the function assigned reads what it was assigned.
  const assigned = n.type === 'identifier' && depth < 2 ? lastAssigned(n.ancestor('function_definition'), n.text) : undefined;
  if (assigned) return readsIdentity(assigned, key, depth + 1) || (CALLER_NAME.test(n.text) && looksUpByCredential(assigned));
  const parts = callParts(n);
  const subject = dottedName(parts ? parts.callee : n.type === 'subscript' ? n.field_('value') : n) ?? '';
  if (subject === 'g.get') return /user/i.test(stringValue(parts?.positional[0]) ?? '');
  if (/^(flask\.)?session(\.get)?$/.test(subject)) {
    const k = key ?? stringValue(parts ? parts.positional[0] : n.type === 'subscript' ? n.field_('subscript') : undefined);
    return k === undefined || IDENTITY_KEY.test(k);
  }
  return /^(flask\.)?(current_user|g\.user|g\.current_user|request\.authorization)(\.|$)/.test(subject);
}

/**
 * Whether the request carries an identity at all: `not session.get('uid')`, `g.user is None`. Flask-Login's bare
 * `current_user` is never falsy nor None (anonymous callers get an `AnonymousUserMixin`), so testing it turns nobody
 * away (other packages' and projects' `current_user` may well be None).
 */
function testsIdentityPresence(node: SyntaxNode | undefined, calls?: CallResolver): boolean {
  return readsIdentity(node) && !isLoginProxy(node, calls);
}

/**
 * Flask-Login's `current_user` (Flask-Security re-exports it), known by its import: Flask-JWT-Extended's, or a
 * project's `LocalProxy(lambda: g.get('user'))`, is None or falsy when nobody is logged in, so testing it bare is an identity check.
 */
function isLoginProxy(node: SyntaxNode | undefined, calls?: CallResolver): boolean {
  const n = unwrap(node);
  const name = dottedName(n) ?? '';
  if (!n || !/^(flask_login\.)?current_user$/.test(name) || !/^flask_(login|security)\b/.test(calls?.origin?.(name, n) ?? '')) return false;
  // A wrapper's own `current_user = User.query.filter_by(...).first()`, or a parameter of that name, may be nobody.
  const def = n.ancestor('function_definition');
  return n.type !== 'identifier' || (!lastAssigned(def, n.text) && !(def && parameterNames(def).includes(n.text)));
}

/**
 * `user = get_user_by_token(request.form['token'])`, `member = Member.query.filter_by(api_key=key).first()`,
 * `User.get_or_none(User.token == token)`: the caller the request's credential names, and nothing when it names
 * nobody. Only a name for the caller is read so: `not check(token)` is a verdict on the token, which a request
 * without one never gets.
 */
function looksUpByCredential(node: SyntaxNode): boolean {
  for (let call = callParts(node); call; call = call.callee.type === 'attribute' ? callParts(call.callee.field_('object')) : undefined) {
    if ([...call.positional, ...call.keywords.values()].some((arg) => holdsCredential(arg) || filtersByCredential(arg))) return true;
  }
  return false;
}

/** A filter written as a comparison (SQLAlchemy's `filter`, Peewee's `get_or_none`): the stored credential matches the sent one. */
function filtersByCredential(arg: SyntaxNode): boolean {
  const test = unwrap(arg);
  return !!test && matchesCredential(test);
}

function isSession(node: SyntaxNode | undefined): boolean {
  return /^(flask\.)?session$/.test(dottedName(unwrap(node)) ?? '');
}

/** Session keys that hold what a logged-in caller may do: set at login, absent for anyone else. */
const ROLE_KEY = /role|admin|level|group|rank|perm|(^|_)type$/i;

/** `session['role']`, `session.get('user_type')`. */
function readsSessionRole(node: SyntaxNode | undefined): boolean {
  const n = unwrap(node);
  const parts = callParts(n);
  const subject = dottedName(parts ? parts.callee : n?.type === 'subscript' ? n.field_('value') : undefined) ?? '';
  if (!/^(flask\.)?session(\.get)?$/.test(subject)) return false;
  return ROLE_KEY.test(stringValue(parts ? parts.positional[0] : n?.field_('subscript')) ?? '');
}

/** `session.get('role')` against `'admin'` or `('staff', 'admin')`: a role no anonymous session holds. */
function namesSessionRole(left: SyntaxNode | undefined, right: SyntaxNode | undefined): boolean {
  return readsSessionRole(left) && isStringConstant(right);
}

/** `'admin'`, `('staff', 'admin')`. */
function isStringConstant(node: SyntaxNode | undefined): boolean {
  return stringValue(node) !== undefined || !!sequenceItems(node)?.every((i) => stringValue(i) !== undefined);
}

/** A test that holds when nobody is logged in: `not session.get('uid')`, `'uid' not in session`, `g.user is None`, `current_user.is_anonymous`. */
function testsAnonymous(node: SyntaxNode | undefined, calls?: CallResolver): boolean {
  const n = unwrap(node);
  if (!n) return false;
  if (n.type === 'boolean_operator') return testsAnonymous(n.field_('left'), calls) || testsAnonymous(n.field_('right'), calls);
  if (n.type === 'not_operator') return testsIdentityPresence(n.field_('argument'), calls) || testsIdentified(n.field_('argument'), calls);
  if (n.type === 'comparison_operator') {
    const ops = comparisonOperator(n);
    const [left, right] = n.namedChildren;
    if (ops === 'not in' && isSession(right)) return readsIdentity(right, stringValue(left));
    if (ops === '!=' && identityEquals(left, right)) return true;
    // `session.get('role') != 'admin'`, `session['level'] not in ('staff', 'admin')`: nobody logged in has no role either.
    if ((ops === '!=' || ops === 'not in') && namesSessionRole(left, right)) return true;
    return (ops === 'is' || ops === '==') && unwrap(right)?.type === 'none' && testsIdentityPresence(left, calls);
  }
  const parts = callParts(n);
  return /^(flask_login\.)?current_user\.is_anonymous$/.test(dottedName(parts ? parts.callee : n) ?? '');
}

/**
 * `if not session.get('uid'): return redirect('/')`: whatever the early answer (a page, a redirect home),
 * anonymous requests end there. `stopAt` spots the statement that calls the wrapped view instead.
 */
function turnsAwayAnonymous(ifStmt: SyntaxNode, calls?: CallResolver, stopAt?: (stmt: SyntaxNode) => boolean): boolean {
  if (!testsAnonymous(ifStmt.field_('condition'), calls)) return false;
  return statements(ifStmt.field_('consequence')).some((s) => !stopAt?.(s) && (s.type === 'raise_statement' || answers(s)));
}

/**
 * `if current_user.is_admin: return f(*args, **kwargs)` in a decorator's wrapper that ends by calling the view anyway
 * (a rate limit that admins skip): the test only hands some callers to the view sooner, and turns nobody away.
 */
export function onlyHastensView(condition: SyntaxNode): boolean {
  const ifStmt = condition.parent;
  const wrapper = ifStmt?.type === 'if_statement' && !ifStmt.fields('alternative').length ? ifStmt.ancestor('function_definition') : undefined;
  if (!wrapper) return false;
  const view = new Set<string>();
  for (let f = wrapper.ancestor('function_definition'); f; f = f.ancestor('function_definition')) parameterNames(f).forEach((p) => view.add(p));
  const callsView = (s: SyntaxNode | undefined) => s?.type === 'return_statement' && view.has(callParts(unwrap(s.namedChildren[0]))?.name ?? '');
  const branch = statements(ifStmt!.field_('consequence'));
  return branch.length === 1 && callsView(branch[0]) && callsView(statements(wrapper.field_('body')).pop());
}

/** `return <something>`: an answer of the function's own, which in a view or a hook ends the request there, whatever its status. */
function answers(stmt: SyntaxNode): boolean {
  const value = stmt.type === 'return_statement' ? unwrap(stmt.namedChildren[0]) : undefined;
  return !!value && value.type !== 'none';
}

/** Conditions that ask who the caller is or what they may do (`not current_user.is_admin`, `token != key`, `not check(auth)`). */
// (`is_` alone says nothing: `note.is_locked`, `post.is_published` are about the record.)
// A CSRF token is no credential: its words are read out of both tests before they are matched.
// `may(CREATE)`, `user_may_edit`, `can('delete')`: the modal verbs of permission checks.
const ACCESS_TEST = /auth|login|logged|session|token|key|secret|passw|role|admin|staff|superuser|perm|scope|access|allow|owner|credential|identity|signature|verif|valid|check|privilege|can_|has_|(?<![a-z])(may|can)(?![a-z])|\bg\.|current_|cookie|user_?id|\buid\b|username/i;
/** Nouns that stand for the caller when nothing in the function says otherwise (a wrapper's `user` parameter). */
export const CALLER_NOUNS = 'user|caller|account|member|principal|identity|actor|requester|me';
const CALLER_NAME = new RegExp(`^(${CALLER_NOUNS})$`, 'i');
const CSRF_WORDS = /[\w-]*(csrf|xsrf)[\w-]*/gi;
/** A database session (`db.session`, SQLAlchemy's `session.query(...)`) is not the caller's: its word is read out of tests too. */
const DB_SESSION = /\b(?!flask\.)\w+\.session\b|\bsession\.(query|execute|scalars?|add|add_all|commit|delete|merge|flush|refresh|rollback)\b/g;
/** A refusal that names authentication itself: a 401, a login redirect, an auth error. */
const AUTH_REFUSAL = /401|unauthori[sz]ed|login|sign_?in|authenticat|credential|token|jwt/i;

/**
 * An `if` that refuses the request on some branch, under a test about access (`if note.locked:
 * abort(403)` refuses for the record's sake, not the caller's), or with a refusal that names
 * authentication (a 401, a login redirect).
 */
function rejectsOnAccess(ifStmt: SyntaxNode, calls?: CallResolver, stopAt?: (stmt: SyntaxNode) => boolean): boolean {
  const conditions = [ifStmt, ...ifStmt.fields('alternative')].map((c) => c.field_('condition')).filter((c): c is SyntaxNode => !!c);
  const aboutAccess = conditions.some((c) => asksAboutAccess(c, ifStmt));
  return branchesOpenToAnyone(ifStmt, calls).some((branch) => beforeWork(branch, stopAt).some((s) => refuses(s, calls, stopAt) && (aboutAccess || AUTH_REFUSAL.test(s.text.replace(CSRF_WORDS, '')))));
}

/**
 * The statements of a branch before the one that does the work (`stopAt`: a commit, the call of the wrapped view), or
 * holds it: `user.set_password(pw); db.session.commit(); return redirect(url_for('login'))` answers a caller whose
 * request was served, and turns nobody away.
 */
function beforeWork(branch: SyntaxNode[], stopAt?: (stmt: SyntaxNode) => boolean): SyntaxNode[] {
  if (!stopAt) return branch;
  const at = branch.findIndex((s) => doesWork(s, stopAt));
  return at < 0 ? branch : branch.slice(0, at);
}

function doesWork(stmt: SyntaxNode, stopAt: (stmt: SyntaxNode) => boolean): boolean {
  return stopAt(stmt) || ownNodes(stmt, ['expression_statement', 'return_statement']).some(stopAt);
}

/**
 * A statement that runs after the work, in its own block or one around it up to `within`: `try: ...; if user:
 * sess.commit(); return redirect(url_for('login'))` sends a served caller on, and turns nobody away.
 */
function pastWork(stmt: SyntaxNode, within: SyntaxNode, stopAt?: (stmt: SyntaxNode) => boolean): boolean {
  if (!stopAt) return false;
  for (let s: SyntaxNode = stmt; s !== within && s.parent; s = s.parent) {
    const siblings = s.parent.type === 'block' ? statements(s.parent) : [];
    if (siblings.slice(0, siblings.indexOf(s)).some((prior) => doesWork(prior, stopAt))) return true;
  }
  return false;
}

/**
 * The branches of an `if` a caller who presents nothing can enter: not the one under `if g.user is not None:`
 * or `if token:`, where a refusal turns away a bad identity but never a missing one.
 */
function branchesOpenToAnyone(ifStmt: SyntaxNode, calls?: CallResolver): SyntaxNode[][] {
  const conditions = [ifStmt, ...ifStmt.fields('alternative')].map((c) => c.field_('condition'));
  return ifBranches(ifStmt).filter((_, i) => !needsPresented(conditions[i], calls) && !asksLoginProxyAbsent(conditions[i], calls));
}

/** `not current_user`, `current_user is None`: never true of Flask-Login's proxy, so nobody enters the branch. */
function asksLoginProxyAbsent(cond: SyntaxNode | undefined, calls?: CallResolver): boolean {
  const n = unwrap(cond);
  if (n?.type === 'not_operator') return isLoginProxy(n.field_('argument'), calls);
  if (n?.type !== 'comparison_operator' || !['is', '=='].includes(comparisonOperator(n))) return false;
  return isLoginProxy(n.namedChildren[0], calls) && unwrap(n.namedChildren[1])?.type === 'none';
}

/** A test only a caller who presents something passes: a logged-in identity (`g.user is not None`) or a credential (`if token:`). */
function needsPresented(cond: SyntaxNode | undefined, calls?: CallResolver): boolean {
  return conjuncts(cond).some((c) => testsIdentified(c, calls) || testsCredentialSent(c));
}

/** `if token:`, `if request.authorization:`, `api_key is not None`, `'X-API-Key' in request.headers`: the caller sent a credential. */
function testsCredentialSent(node: SyntaxNode): boolean {
  if (node.type === 'comparison_operator') {
    const ops = comparisonOperator(node);
    const [left, right] = node.namedChildren;
    if (ops === 'in') return isCredentialWord(stringValue(left)) && !!requestSource(right);
    return (ops === 'is not' || ops === '!=') && unwrap(right)?.type === 'none' && holdsCredential(left);
  }
  return holdsCredential(node);
}

/** A credential read from the request, or a name that holds one (`token = request.headers.get('X-Token')`, `api_key`). */
function holdsCredential(node: SyntaxNode | undefined, depth = 0): boolean {
  const n = unwrap(node);
  if (!n) return false;
  const assigned = n.type === 'identifier' && depth < 2 ? lastAssigned(n.ancestor('function_definition'), n.text) : undefined;
  if (assigned && holdsCredential(assigned, depth + 1)) return true;
  if (n.type === 'identifier') return isCredentialWord(n.text);
  const source = requestSource(n);
  if (source) return isCredential({ source, steps: [] });
  if (isCredentialWord(formFieldName(n))) return true;
  // What is made of the read, not what is decided about it (`verify(token)` is no credential):
  // `request.headers.get('Authorization', '').split()[-1]`, `header_token or query_token`.
  if (n.type === 'boolean_operator') return holdsCredential(n.field_('left'), depth) || holdsCredential(n.field_('right'), depth);
  if (n.type === 'subscript') return holdsCredential(n.field_('value'), depth);
  const callee = callParts(n)?.callee;
  return callee?.type === 'attribute' && holdsCredential(callee.field_('object'), depth);
}

/** The field a WTForms value belongs to (`form.password.data`: `password`), on a form named as one. */
function formFieldName(node: SyntaxNode): string | undefined {
  const field = node.type === 'attribute' && node.field_('attribute')?.text === 'data' ? node.field_('object') : undefined;
  return field?.type === 'attribute' && /form/i.test(dottedName(field.field_('object')) ?? '') ? field.field_('attribute')?.text : undefined;
}

/**
 * Whether a test is about who calls or what they may do. A name assigned in the function is judged by
 * what it was assigned (`user = Member.query.get_or_404(mid)` then `if user.locked:` asks about a
 * record; `user = verify_token(...)` about the caller); other names by themselves.
 */
function asksAboutAccess(condition: SyntaxNode, at: SyntaxNode): boolean {
  const def = at.ancestor('function_definition');
  if (sparesFreshSession(condition, def)) return false;
  const parts: string[] = [];
  let callerName = false;
  condition.walk((n) => {
    if (n.type !== 'identifier' || n.parent?.type === 'attribute' && n.field !== 'object') return;
    const value = lastAssigned(def, n.text);
    if (value !== undefined) parts.push(value.text);
    else if (CALLER_NAME.test(n.text)) callerName = true;
  });
  return callerName || ACCESS_TEST.test([condition.text, ...parts].join(' ').replace(CSRF_WORDS, '').replace(DB_SESSION, ''));
}

const ORDERINGS: Record<string, (a: number, b: number) => boolean> = {
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
};

/**
 * `session.get('attempts', 0) >= 5`, or `level > 10` after `level = session.get('level', 1)`: a bound on a
 * session counter that a fresh session (its default) stays inside, so nobody is turned away for being anonymous.
 */
function sparesFreshSession(condition: SyntaxNode, def: SyntaxNode | null | undefined): boolean {
  const n = unwrap(condition);
  const compare = n?.type === 'comparison_operator' && n.namedChildren.length === 2 ? ORDERINGS[comparisonOperator(n)] : undefined;
  if (!compare) return false;
  const [left, right] = n!.namedChildren;
  const fresh = sessionDefault(left, def) ?? sessionDefault(right, def);
  if (fresh === undefined) return false;
  const [a, b] = [sessionDefault(left, def) ?? intValue(left), sessionDefault(right, def) ?? intValue(right)];
  return a !== undefined && b !== undefined && !compare(a, b);
}

/** The number `session.get(key, 0)` gives a session that never set `key`, read directly or through a name the function assigned. */
function sessionDefault(node: SyntaxNode | undefined, def: SyntaxNode | null | undefined): number | undefined {
  const n = unwrap(node);
  const value = n?.type === 'identifier' && def ? unwrap(lastAssigned(def, n.text)) : n;
  const parts = callParts(value);
  if (!parts || !/^(flask\.)?session\.get$/.test(dottedName(parts.callee) ?? '')) return undefined;
  return intValue(parts.positional[1] ?? parts.keywords.get('default'));
}

/** A refusal, or an if/else that refuses on every branch (`abort(403)` for JSON callers, a login redirect for the rest). */
function refuses(stmt: SyntaxNode, calls?: CallResolver, stopAt?: (stmt: SyntaxNode) => boolean): boolean {
  if (isRejection(stmt, calls)) return true;
  if (stmt.type !== 'if_statement' || !stmt.fields('alternative').some((a) => a.type === 'else_clause')) return false;
  return ifBranches(stmt).every((branch) => beforeWork(branch, stopAt).some((s) => refuses(s, calls, stopAt)));
}

/**
 * `resp = authenticate_request()` then `if resp: return resp` (or `if isinstance(resp, Response)`): the refusal
 * a helper built, sent back whenever it built one.
 */
function passesOnRefusal(stmt: SyntaxNode, calls?: CallResolver): boolean {
  if (stmt.type !== 'if_statement' || stmt.fields('alternative').length) return false;
  const tested = new Set(stmt.field_('condition')?.find('identifier').map((n) => n.text));
  return statements(stmt.field_('consequence')).some((s) => {
    const name = s.type === 'return_statement' ? unwrap(s.namedChildren[0]) : undefined;
    return name?.type === 'identifier' && tested.has(name.text) && isRejection(s, calls);
  });
}

/**
 * `if get_config('private') and not authed():`: the check runs only while a setting is on, so with the
 * setting off (its default, often) anyone gets in.
 */
function conditionalOnSetting(cond: SyntaxNode | undefined): boolean {
  const n = unwrap(cond);
  if (n?.type !== 'boolean_operator' || !n.children.some((c) => c.type === 'and')) return false;
  return conjuncts(n).some((c) => SETTING.test(c.text) && !CALLER.test(c.text));
}

/**
 * The `if` refuses under a condition a setting switches off. Only a refusal in its own branch is weakened so:
 * `if key and key == config['API_KEY']: <the view> else: <refuse>` refuses whenever either part fails.
 */
function refusesOnlyWhileSet(ifStmt: SyntaxNode, calls?: CallResolver): boolean {
  return conditionalOnSetting(ifStmt.field_('condition')) && statements(ifStmt.field_('consequence')).some((s) => refuses(s, calls));
}

const SETTING = /\b(get_config|get_setting|get_settings|config|settings|setting|feature_enabled|is_enabled)\b/i;
const CALLER = /current_user|session|\bg\.|request\.|token|authed|logged|login/i;

/**
 * `if 'user' in session: <the view> else: return redirect('/')`: the work is
 * done only for a logged-in caller (or one whose key matches: `if key == API_KEY:
 * return view()`), and anyone else is sent away (the `else`,
 * or the statement after an `if` that returns). A page served to anonymous
 * callers instead (`if current_user.is_authenticated: return redirect('/')`
 * then `return render_template(...)`, a login form) is no guard.
 */
function servesOnlyIdentified(ifStmt: SyntaxNode, next: SyntaxNode | undefined, calls?: CallResolver): boolean {
  const condition = ifStmt.field_('condition');
  if (!testsIdentified(condition, calls) && !conjuncts(condition).some(matchesCredential)) return false;
  const alternatives = ifStmt.fields('alternative');
  if (alternatives.length > 1 || alternatives[0]?.type === 'elif_clause') return false;
  // `else: log(...); return redirect('/')`
  const elsewhere = alternatives.length ? statements(alternatives[0]!.field_('body')).pop() : next;
  // Without an `else`, the statement after the `if` is where anonymous callers go (and logged-in ones the branch did not answer).
  if (sendsAway(elsewhere)) return true;
  // The branch does the work and everyone else gets a constant: the work is the logged-in caller's alone. Without
  // an `else`, the branch must answer with it: one that only checks the logged-in caller falls through to the page
  // everyone gets.
  const branch = ifStmt.field_('consequence');
  const works = alternatives.length
    ? statements(branch).some((s) => !answersWithoutData(s))
    : ownNodes(branch, ['return_statement']).some((r) => !answersWithoutData(r));
  return works && answersWithoutData(elsewhere);
}

/** `key == API_KEY`: a credential the request sent, compared with the expected one (FG202/FG203 judge how). */
function matchesCredential(test: SyntaxNode): boolean {
  if (test.type !== 'comparison_operator' || comparisonOperator(test) !== '==') return false;
  const [left, right] = test.namedChildren;
  // `password == confirm_password`: two values the client sent agree with each other, which proves nothing about who sent them.
  if (sentByClient(left) && sentByClient(right)) return false;
  return [left, right].every((side) => unwrap(side)?.type !== 'none') && (holdsCredential(left) || holdsCredential(right));
}

/** A value read from the request (not the signed Flask session), directly or through a name assigned from it. */
function sentByClient(node: SyntaxNode | undefined, depth = 0): boolean {
  const n = unwrap(node);
  if (n?.type === 'identifier') {
    const value = depth < 2 ? lastAssigned(n.ancestor('function_definition'), n.text) : undefined;
    return !!value && sentByClient(value, depth + 1);
  }
  const source = requestSource(n);
  return !!source && source.kind !== 'session';
}

/**
 * `return jsonify(success=False, redirect=url_for('register'))`: an answer built from literals alone, so
 * the caller it goes to gets no work done and nothing read (as `if not authed: return {...}` does).
 */
function answersWithoutData(stmt: SyntaxNode | undefined): boolean {
  const value = stmt?.type === 'return_statement' ? unwrap(stmt.namedChildren[0]) : undefined;
  if (!value || value.type === 'none') return false;
  return !readsData(value, stmt!.ancestor('function_definition'), 0);
}

/**
 * Whether an expression reads anything but literals. A name the function binds to literals alone counts as one:
 * `message = 'Please sign in'; body = {'message': message}; return json.dumps(body)` answers a constant too.
 */
function readsData(node: SyntaxNode, def: SyntaxNode | undefined, depth: number): boolean {
  let reads = false;
  node.walk((n) => {
    if (reads) return false;
    if (n.type === 'identifier' && !namesCallee(n) && !(n.parent?.type === 'keyword_argument' && n.field === 'name')) reads = !boundToLiterals(n.text, def, depth);
    return undefined;
  });
  return reads;
}

/** A local name (not a parameter) every assignment of the function binds to literals, calling nothing (`session.get('uid')` reads). */
function boundToLiterals(name: string, def: SyntaxNode | undefined, depth: number): boolean {
  if (!def || depth > 2 || parameterNames(def).includes(name)) return false;
  const assigned = localAssignments(def, name);
  return assigned.length > 0 && assigned.every((a) => !a.value.find('call').length && !readsData(a.value, def, depth + 1));
}

/** Part of the function a call calls (`jsonify`, `flask.jsonify`), not one of its arguments. */
function namesCallee(node: SyntaxNode): boolean {
  let n = node;
  while (n.parent?.type === 'attribute' && n.field === 'object') n = n.parent;
  if (n.parent?.type === 'attribute' && n.field === 'attribute') n = n.parent;
  return n.parent?.type === 'call' && n.field === 'function';
}

/** A test that holds only for a logged-in caller: `'uid' in session`, `session.get('uid')`, `current_user.is_authenticated`, `g.user is not None`. */
function testsIdentified(node: SyntaxNode | undefined, calls?: CallResolver): boolean {
  const n = unwrap(node);
  if (!n) return false;
  if (n.type === 'boolean_operator') {
    const [left, right] = [testsIdentified(n.field_('left'), calls), testsIdentified(n.field_('right'), calls)];
    // `uid and role == 'staff'` needs one part to hold, `role == 'student' or role == 'teacher'` both.
    return n.children.some((c) => c.type === 'and') ? left || right : left && right;
  }
  if (n.type === 'comparison_operator') {
    const ops = comparisonOperator(n);
    const [left, right] = n.namedChildren;
    // `session.get('role') == 'manager'`: set at login, so only a logged-in caller has it.
    if ((ops === '==' || ops === 'in') && namesSessionRole(left, right)) return true;
    // `'uid' in session`; `note in current_user.notes` asks about the record, not who is calling.
    if (ops === 'in') return isSession(right) && readsIdentity(right, stringValue(left));
    if (ops === '==') return identityEquals(left, right);
    return (ops === 'is not' || ops === '!=') && unwrap(right)?.type === 'none' && testsIdentityPresence(left, calls);
  }
  if (!['attribute', 'subscript', 'call', 'identifier'].includes(n.type)) return false;
  const parts = callParts(n);
  if (/\.is_anonymous$/.test(dottedName(parts ? parts.callee : n) ?? '')) return false;
  return testsIdentityPresence(n, calls) || (!!parts && predicateTestsIdentified(n, calls));
}

/**
 * `is_student()` where `def is_student(): return session.get('role') == 'STUDENT'`: a workspace predicate whose one
 * answer is such a test (read one level deep, so its own calls are taken at their word).
 */
function predicateTestsIdentified(call: SyntaxNode, calls?: CallResolver): boolean {
  const body = calls?.(call);
  if (!body || body === 'authenticates') return false;
  const [only, ...rest] = statements(body).filter((s) => !isDocstring(s));
  if (rest.length || only?.type !== 'return_statement') return false;
  const namesOnly: CallResolver = Object.assign(() => undefined, { origin: calls!.origin });
  return testsIdentified(only.namedChildren[0], namesOnly);
}

function isDocstring(stmt: SyntaxNode): boolean {
  return stmt.type === 'expression_statement' && unwrap(stmt.namedChildren[0])?.type === 'string';
}

/**
 * `session.get('user') == username`: the caller's identity equal to what no anonymous caller holds, a string,
 * a parameter of the view without a default (a path parameter, never None), or the owner of a stored record.
 */
function identityEquals(left: SyntaxNode | undefined, right: SyntaxNode | undefined): boolean {
  return [[left, right], [right, left]].some(([id, other]) => readsIdentity(id) && (stringValue(other) !== undefined || isRequiredParameter(other) || namesRecordOwner(other)));
}

/** The fields that say whose a record is: `note.user.username`, `post.author_id`, `doc.owner`. */
const OWNER_FIELD = /^(user_?name|(user|owner|author|creator)(_?id)?|email|id)$/i;
/** Loading one stored record: `Note.query.get(nid)`, `get_or_404`, `.first()`, `find_one(...)`. */
const LOADS_RECORD = /^(get|get_or_404|first|first_or_404|one|one_or_404|one_or_none|scalar|scalar_one|find_one|find_by_id)$/;

/**
 * Who owns a record the view loaded (`username = note.user.username` after `note = Note.query.get(nid)`):
 * a stored owner is never None, so an anonymous caller's missing identity never equals it.
 */
function namesRecordOwner(node: SyntaxNode | undefined, depth = 0): boolean {
  const n = unwrap(node);
  if (n?.type === 'identifier') {
    const value = depth < 2 ? lastAssigned(n.ancestor('function_definition'), n.text) : undefined;
    return !!value && namesRecordOwner(value, depth + 1);
  }
  return n?.type === 'attribute' && OWNER_FIELD.test(n.field_('attribute')?.text ?? '') && isLoadedRecord(n.field_('object'));
}

/** `note`, `note.user`, `Note.query.get(nid)`: a record loaded from storage, or one it links to. */
function isLoadedRecord(node: SyntaxNode | undefined, depth = 0): boolean {
  const n = unwrap(node);
  if (!n || readsIdentity(n)) return false;
  if (n.type === 'attribute') return isLoadedRecord(n.field_('object'), depth);
  if (n.type === 'identifier') {
    const value = depth < 3 ? lastAssigned(n.ancestor('function_definition'), n.text) : undefined;
    return !!value && isLoadedRecord(value, depth + 1);
  }
  return LOADS_RECORD.test(lastName(callParts(n)?.name) ?? '') && !requestSource(n);
}

function isRequiredParameter(node: SyntaxNode | undefined): boolean {
  const n = unwrap(node);
  const params = n?.type === 'identifier' ? n.ancestor('function_definition')?.field_('parameters')?.namedChildren : undefined;
  return !!params?.some((p) => (p.type === 'identifier' ? p : p.type === 'typed_parameter' ? p.namedChildren[0] : undefined)?.text === n!.text);
}

/** A statement that sends the caller elsewhere or refuses: a redirect, an abort, a 401/403, a raise. */
export function sendsAway(stmt: SyntaxNode | undefined): boolean {
  if (!stmt) return false;
  if (stmt.type === 'raise_statement' || refusal(stmt, undefined, 0)) return true;
  const value = unwrap(stmt.type === 'return_statement' || stmt.type === 'expression_statement' ? stmt.namedChildren[0] : undefined);
  // `return redirect(url), 302`
  const call = value?.type === 'tuple' || value?.type === 'expression_list' ? value.namedChildren[0] : value;
  return /^(redirect|abort)$/.test(lastName(callParts(call)?.name) ?? '');
}

export type GuardKind =
  /** Rejects on the path where the credential is missing or wrong. */
  | 'guard'
  /** Verification inside a `try` whose handler lets the request through (FG210): still counts. */
  | 'fail-open'
  /** Rejects only under a test that anonymous requests skip (`if token:`): not authentication. */
  | 'optional'
  | 'none';

const VERIFY_CALL = /verify|check|validate|authenticate|lookup|parse_token|load_token|decode_\w*token|token\w*_decode/i;
/** `jwt.decode`, `serializer.loads`: decoding is verification only for tokens (`note.decode('utf-8')` is not). */
const TOKEN_DECODER = /jwt|jose|jws|token|serializer|signer|auth/i;

function verifies(call: SyntaxNode): boolean {
  const name = callParts(call)?.name ?? '';
  const last = lastName(name) ?? '';
  return VERIFY_CALL.test(last) || (/^(decode|loads)$/.test(last) && TOKEN_DECODER.test(name));
}

/**
 * A wrapper that lets every request through to `view`: it raises nothing, returns only what the view
 * returns, and calls no check that could end the request (a verifier, an identity call, a project
 * helper). A project's `login_required` that only loads the user into `g` is such a wrapper.
 */
export function letsEveryoneThrough(body: SyntaxNode | undefined, view: ReadonlySet<string>, calls: CallResolver): boolean {
  let open = true;
  const callsView = (n: SyntaxNode) => n.find('call').some((c) => view.has(callParts(c)?.name ?? ''));
  walkOwn(body, (n) => {
    if (!open) return;
    if (n.type === 'raise_statement' || (n.type === 'return_statement' && !callsView(n))) open = false;
    else if (n.type === 'call' && !view.has(callParts(n)?.name ?? '')) {
      const name = lastName(callParts(n)?.name) ?? '';
      open = !verifies(n) && !IDENTITY_CALLS.has(name) && !isDenyCall(n, undefined, 0) && calls(n) === undefined;
    }
  });
  return open;
}

/**
 * Classifies a function body (a view, a decorator's wrapper, a hook) by how
 * it treats a request that carries no valid identity. `stopAt` ends the scan
 * at the statement that calls the wrapped view.
 */
export function guardKind(body: SyntaxNode | undefined, calls?: CallResolver, stopAt?: (stmt: SyntaxNode) => boolean): GuardKind {
  let failOpen = false;
  let nestedReject = false;
  const list = statements(body);
  for (const [i, stmt] of list.entries()) {
    if (stopAt?.(stmt)) break;
    const kind = statementGuard(stmt, calls, stopAt, answerAfter(list.slice(i + 1)));
    if (kind === 'guard' || (stmt.type === 'with_statement' && kind !== 'none')) return kind;
    if (kind === 'fail-open') failOpen = true;
    if (kind === 'optional') nestedReject = true;
  }
  if (failOpen) return 'fail-open';
  return nestedReject ? 'optional' : 'none';
}

/** Calls that only tell someone what happened: `flash('Access denied')`, `app.logger.warning(...)`, `print(...)`. */
const NOTICE = /^(flash|print)$|(^|\.)(log|logger|logging)\.\w+$/;

/** The statement that answers a request once it is past an `if`: the next one, after any notices given on the way. */
function answerAfter(rest: SyntaxNode[]): SyntaxNode | undefined {
  return rest.find((s) => !(s.type === 'expression_statement' && NOTICE.test(callParts(s.namedChildren[0])?.name ?? '')));
}

/** What one statement of a guard body (followed by `next`) does with a request that carries no valid identity. */
function statementGuard(stmt: SyntaxNode, calls?: CallResolver, stopAt?: (stmt: SyntaxNode) => boolean, next?: SyntaxNode): GuardKind {
  // `if x: require_permissions(A) else: require_permissions(B)`: refused on every path but the allowed one.
  if (refuses(stmt, calls, stopAt)) return 'guard';
  if (passesOnRefusal(stmt, calls)) return 'guard';
  if (stmt.type === 'return_statement') return handedOffGuard(stmt, calls, stopAt);
  if (stmt.type === 'if_statement') {
    const refusesAnyone = rejectsOnAccess(stmt, calls, stopAt);
    // `if current_user.is_authenticated: abort(403)`: a page for guests only turns the logged-in away (unless its
    // `else` refuses: `if 'uid' in session and is_admin: <work>; return redirect(...) else: return '', 403`).
    if (!refusesAnyone && testsIdentified(stmt.field_('condition'), calls) && statements(stmt.field_('consequence')).some(sendsAway)) return 'none';
    const guards = refusesAnyone || turnsAwayAnonymous(stmt, calls, stopAt) || servesOnlyIdentified(stmt, next, calls) || endsOnBadSignature(stmt) || guardsEveryBranch(stmt, next, calls, stopAt) || guardsAnonymousBranch(stmt, calls, stopAt);
    if (guards && !refusesOnlyWhileSet(stmt, calls)) return 'guard';
    return guards || containsRejection(stmt, calls) ? 'optional' : 'none';
  }
  if (stmt.type === 'try_statement') {
    const handlers = exceptBlocks(stmt);
    const body = stmt.field_('body');
    const refusesInBody = containsRejection(body, calls, 0, (rejection, within) => !pastWork(rejection, within, stopAt));
    if (handlers.some((h) => h.some((s) => isRejection(s, calls))) || refusesInBody || endsOnAuthFailure(stmt)) return 'guard';
    const verification = body?.find('call').some(verifies);
    return verification && handlers.some((h) => !h.some(endsFlow)) ? 'fail-open' : 'none';
  }
  if (stmt.type === 'with_statement') return entersGuardedBlock(stmt) ? 'guard' : guardKind(stmt.field_('body'), calls, stopAt);
  if (stmt.type === 'match_statement') return matchGuard(stmt, calls);
  return 'none';
}

/** The helpers whose bodies are being read as the answer a view handed over: one level, as `CallResolver` follows. */
const handingOver = new Set<SyntaxNode>();

/**
 * `return pages.home()`: the view answers with what a workspace helper answers, so the helper's own check of the
 * caller before its work (`if uid: return render_template(...) else: return 'You are not logged in'`) is the view's.
 */
function handedOffGuard(stmt: SyntaxNode, calls?: CallResolver, stopAt?: (stmt: SyntaxNode) => boolean): GuardKind {
  const value = unwrap(stmt.namedChildren[0]);
  const helper = value?.type === 'call' && calls && !handingOver.size ? calls(value) : undefined;
  if (!helper || helper === 'authenticates') return 'none';
  handingOver.add(helper);
  try {
    const kind = guardKind(helper, calls, stopAt);
    return kind === 'guard' || kind === 'fail-open' ? kind : 'none';
  } finally {
    handingOver.delete(helper);
  }
}

/**
 * `if form.validate_on_submit(): <checks the caller, then works> else: return redirect('/')`: the one branch
 * that works checks the caller first, and the other does nothing but send the request away. Without an `else`, the
 * statement after the `if` (`next`) answers everyone else: sending them away, or showing them the empty form
 * (`return render_template('panel_login.html', form=form)`).
 */
function guardsEveryBranch(ifStmt: SyntaxNode, next: SyntaxNode | undefined, calls?: CallResolver, stopAt?: (stmt: SyntaxNode) => boolean): boolean {
  const alternatives = ifStmt.fields('alternative');
  if (alternatives.length > 1 || alternatives[0]?.type === 'elif_clause') return false;
  const otherwise = alternatives.length ? statements(alternatives[0]!.field_('body')) : [next];
  const answered = otherwise.length === 1 && (sendsAway(otherwise[0]) || (!alternatives.length && showsEmptyForm(otherwise[0])));
  return answered && guardKind(ifStmt.field_('consequence'), calls, stopAt) === 'guard';
}

/** A template named for signing in: `admin_login.html`, `auth/signin.html`. */
const SIGN_IN_PAGE = /(^|[^a-z])(log_?in|sign_?in)([^a-z]|$)/i;

/**
 * `return render_template('panel_login.html', form=form)` after `form = PanelForm()`: a sign-in page, showing
 * nothing but a form the view built empty (only what the caller submits fills it) and literals. A form built from a
 * record (`EditForm(obj=note)`) shows the record; a form page of the app's own (`report_form.html`) is one it serves.
 */
function showsEmptyForm(stmt: SyntaxNode | undefined): boolean {
  const page = stmt?.type === 'return_statement' ? callParts(unwrap(stmt.namedChildren[0])) : undefined;
  const template = page && lastName(page.name) === 'render_template' && !page.splat ? stringValue(page.positional[0]) : undefined;
  if (template === undefined || !SIGN_IN_PAGE.test(template.split('/').pop()!)) return false;
  return [...page!.positional.slice(1), ...page!.keywords.values()].every((arg) => literalParts(arg) !== undefined || isEmptyForm(arg, stmt!));
}

/** A name the function bound to a form class called with nothing (`form = PanelForm()`). */
function isEmptyForm(node: SyntaxNode, at: SyntaxNode): boolean {
  const n = unwrap(node);
  const built = n?.type === 'identifier' ? callParts(unwrap(lastAssigned(at.ancestor('function_definition'), n.text))) : undefined;
  return !!built && /Form$/.test(lastName(built.name) ?? '') && !built.positional.length && !built.keywords.size && !built.splat;
}

/**
 * `if not current_user.can(MODERATOR): if borrow.user_id != current_user.id: abort(403)`: a branch every anonymous
 * caller enters (nobody logged in holds the role) that refuses them, outright or in a branch of the same kind. A
 * nested test they can pass (`if request.method == 'POST': abort(401)`) leaves their other requests open.
 */
function guardsAnonymousBranch(ifStmt: SyntaxNode, calls?: CallResolver, stopAt?: (stmt: SyntaxNode) => boolean, depth = 0): boolean {
  // Each part of an `and` must hold for them: `not current_user.is_admin and request.args.get('strict')` lets them skip it.
  const tests = conjuncts(ifStmt.field_('condition'));
  if (!tests.length || !tests.every((t) => testsAnonymous(t, calls)) || depth > 3) return false;
  return beforeWork(statements(ifStmt.field_('consequence')), stopAt).some((s) => refuses(s, calls, stopAt) || (s.type === 'if_statement' && guardsAnonymousBranch(s, calls, stopAt, depth + 1)));
}

/**
 * `with admin_permission.require(http_exception=403):` (Flask-Principal), `with require_oauth.acquire('profile') as
 * token:` (Authlib): the context manager refuses the caller before the block runs.
 */
function entersGuardedBlock(withStmt: SyntaxNode): boolean {
  const clause = withStmt.namedChildren.find((c) => c.type === 'with_clause');
  return !!clause?.namedChildren.some((item) => {
    const entered = item.field_('value');
    const value = entered?.type === 'as_pattern' ? entered.namedChildren[0] : entered;
    const callee = value?.type === 'call' ? value.field_('function') : undefined;
    const name = callee && (dottedName(callee) ?? nameThroughCall(callee));
    const last = lastName(name);
    return (last === 'require' && roleByName(name, []) === 'authorization') || (last === 'acquire' && !!name && onResourceProtector(name));
  });
}

/** `Permission(RoleNeed('admin')).require`: a method of an object built in place, named through its class (`Permission.require`). */
export function nameThroughCall(callee: SyntaxNode): string | undefined {
  const object = callee.type === 'attribute' ? callParts(callee.field_('object')) : undefined;
  const base = object && dottedName(object.callee);
  return base ? `${base}.${callee.field_('attribute')!.text}` : undefined;
}

/**
 * `match session.get('role'): case 'admin': ... case _: abort(403)`: a refusal in the case that catches whatever the
 * other cases do not (`case _:`, `case None:`) is where a caller with no identity ends up.
 */
function matchGuard(match: SyntaxNode, calls?: CallResolver): GuardKind {
  const cases = match.field_('body')?.namedChildren.filter((c) => c.type === 'case_clause') ?? [];
  const refusing = cases.filter((c) => statements(c.field_('consequence')).some((s) => refuses(s, calls)));
  if (!refusing.length) return 'none';
  const subjects = match.fields('subject');
  const aboutAccess = subjects.some((s) => asksAboutAccess(s, match));
  return aboutAccess && refusing.some(catchesNoIdentity) ? 'guard' : 'optional';
}

/** `case _:`, `case other:` (a capture with no `if`), `case None:`. */
function catchesNoIdentity(caseClause: SyntaxNode): boolean {
  const pattern = caseClause.namedChildren.find((n) => n.type === 'case_pattern');
  const only = pattern?.namedChildren[0];
  if (!only || only.type === 'none') return true;
  return only.type === 'dotted_name' && only.namedChildren.length === 1 && !caseClause.field_('guard');
}

/**
 * `except SignatureVerificationError: return '', 400`: a handler for a failed credential check that ends the
 * request, whatever status it answers with (webhook providers ask for a 400).
 */
function endsOnAuthFailure(tryStmt: SyntaxNode): boolean {
  return tryStmt.namedChildren.some((c) => {
    if (c.type !== 'except_clause') return false;
    const caught = c.namedChildren.filter((n) => n.type !== 'block');
    const names = caught.flatMap((n) => n.find('identifier', 'attribute')).map((n) => n.text);
    return names.some((n) => DENY_EXCEPTION.test(n)) && statements(c.namedChildren.find((n) => n.type === 'block')).some(endsFlow);
  });
}

const SIGNATURE = /signature|\bsig\b|hmac|compare_digest/i;

/**
 * `if not hmac.compare_digest(expected, request.headers['X-Signature']): abort(400)`: the `if` form of a failed
 * signature check, which ends the request whatever status it answers with, as its `except` form does.
 */
function endsOnBadSignature(ifStmt: SyntaxNode): boolean {
  const cond = ifStmt.field_('condition');
  return !!cond && SIGNATURE.test(cond.text) && !needsPresented(cond) && statements(ifStmt.field_('consequence')).some(endsFlow);
}

function endsFlow(stmt: SyntaxNode): boolean {
  return stmt.type === 'return_statement' || stmt.type === 'raise_statement' || (stmt.type === 'expression_statement' && lastName(callParts(stmt.namedChildren[0])?.name) === 'abort');
}

/**
 * A handler that fails every request before doing anything (`raise MethodNotAllowed()`, `abort(405)`,
 * `raise NotImplementedError`): a base view's stub for the methods it does not serve, no open door.
 */
export function failsEveryRequest(body: SyntaxNode | undefined): boolean {
  const first = statements(body).find((s) => !(s.type === 'expression_statement' && unwrap(s.namedChildren[0])?.type === 'string'));
  if (first?.type === 'raise_statement') return true;
  return first?.type === 'expression_statement' && lastName(callParts(first.namedChildren[0])?.name) === 'abort';
}

/** A helper whose every refusal is a response it returns (`return jsonify(...), 401`); `return abort(401)` raises. */
function refusesOnlyByReturning(body: SyntaxNode, calls: CallResolver, depth: number): boolean {
  // One walk: it notes the returned refusals it passes and stops at the first one that escapes the helper.
  let returned = false;
  const escapes = containsRejection(body, calls, depth, (r) => {
    const onlyReturned = r.type === 'return_statement' && lastName(callParts(unwrap(r.namedChildren[0]))?.name) !== 'abort';
    returned ||= onlyReturned;
    return !onlyReturned;
  });
  return returned && !escapes;
}

/** A rejection anywhere inside `node` (nested functions aside); `calls` follows one level of helpers. */
export function containsRejection(node: SyntaxNode | undefined, calls?: CallResolver, depth = 0, counts?: (rejection: SyntaxNode, within: SyntaxNode) => boolean): boolean {
  if (!node) return false;
  let found = false;
  node.walk((n) => {
    if (found) return false;
    if (n !== node && (n.type === 'function_definition' || n.type === 'class_definition' || n.type === 'lambda')) return false;
    if ((n.type === 'return_statement' || n.type === 'raise_statement' || n.type === 'expression_statement') && isRejection(n, calls, depth) && (!counts || counts(n, node))) found = true;
    return undefined;
  });
  return found;
}

/**
 * A helper's refusal turns the caller away, as one written in the view would: unconditionally, under a test about
 * access, naming authentication itself, or in a helper named for access (`require_permissions`).
 * `if Dataset.query.get(id) is None: abort(403)` in `abort_if_missing` refuses for the record's sake, and
 * `if not current_user: abort(401)` (Flask-Login's proxy, never falsy) refuses nobody.
 */
function refusesForAccess(rejection: SyntaxNode, helper: SyntaxNode, calls: CallResolver | undefined): boolean {
  const tests: SyntaxNode[] = [];
  for (let n = rejection.parent; n && n !== helper; n = n.parent) {
    if (n.type === 'if_statement' || n.type === 'elif_clause') tests.push(n.field_('condition')!);
  }
  if (tests.some((t) => asksLoginProxyAbsent(t, calls))) return false;
  if (ACCESS_TEST.test(helper.parent?.field_('name')?.text ?? '')) return true;
  return !tests.length || tests.some((t) => asksAboutAccess(t, rejection)) || AUTH_REFUSAL.test(rejection.text.replace(CSRF_WORDS, ''));
}

/**
 * Whether a guard also establishes who the caller is, not only what they may
 * do: it verifies a JWT, checks the login, tests for an anonymous caller, or
 * turns callers away as unknown (a 401, a login redirect). A project's own
 * `roles_required` that calls `verify_jwt_in_request()` (or decodes the bearer
 * token itself) first authenticates, whatever Flask-Security's decorator of that name does.
 */
export function establishesIdentity(body: SyntaxNode | undefined, calls?: CallResolver): boolean {
  let found = false;
  walkOwn(body, (n) => {
    if (found) return;
    if (REFUSING_STATEMENTS.has(n.type)) found = refusesAsUnknown(n);
    else if (n.type === 'call') {
      const name = lastName(callParts(n)?.name);
      found = !!name && IDENTITY_CALLS.has(name) && !isOptionalAuth(n);
    } else if (n.type === 'if_statement') found = disjuncts(n.field_('condition')).some((d) => testsAnonymous(d, calls) && !asksWhatCallerMay(d));
    else if (n.type === 'attribute') found = /^(flask_login\.)?current_user\.(is_authenticated|is_anonymous)$/.test(dottedName(n) ?? '');
  });
  return found;
}

/** The caller's own attributes that say who it is, not what it may do. */
const IDENTITY_ATTRIBUTE = /^(is_authenticated|is_anonymous|is_active|id|get_id)$/;

/**
 * `not current_user.can(perm)`, `not current_user.has_role('admin')`, `not g.user.is_admin`: a question about
 * what the caller may do (Flask-Login's anonymous user answers no, or fails), not a test that someone is logged in.
 */
function asksWhatCallerMay(test: SyntaxNode): boolean {
  const asked = test.type === 'not_operator' ? unwrap(test.field_('argument')) : test;
  const parts = callParts(asked);
  const name = dottedName(parts ? parts.callee : asked) ?? '';
  const m = /^(?:flask_login\.)?(?:current_user|g\.user|g\.current_user)\.(\w+)$/.exec(name);
  return !!m && !IDENTITY_ATTRIBUTE.test(m[1]!);
}

const REFUSING_STATEMENTS = new Set(['return_statement', 'raise_statement', 'expression_statement']);

/** A refusal that says the caller is not known (401, `Unauthorized`, a login redirect), not that they may not. */
function refusesAsUnknown(stmt: SyntaxNode): boolean {
  if (!isRejection(stmt)) return false;
  // Integers and names only: a 403 whose message reads "Unauthorized" still only forbids.
  return stmt.find('integer', 'identifier').some((n) => n.text === '401' || /^(UNAUTHORIZED|Unauthorized|redirect)$/.test(n.text));
}

const IDENTITY_CALLS = new Set(['verify_jwt_in_request', 'verify_fresh_jwt_in_request', 'login_required', 'jwt_required', 'auth_required']);

// ---------------------------------------------------------------------------
// Decorators

export type DecoratorRole = 'authentication' | 'authorization' | 'none';

/** Flask-Login, Flask-Security, Flask-JWT-Extended, Flask-HTTPAuth and common project names. */
const AUTHENTICATION_NAMES = new Set([
  'login_required', 'fresh_login_required', 'auth_required', 'auth_token_required', 'http_auth_required',
  'jwt_required', 'fresh_jwt_required', 'jwt_refresh_token_required', 'token_required', 'token_auth_required',
  'require_api_key', 'api_key_required', 'requires_api_key', 'require_token', 'requires_auth', 'require_auth',
  'require_login', 'authenticated', 'authentication_required', 'auth_token_required', 'verify_jwt_in_request',
  'admin_required', 'staff_required', 'superuser_required', 'key_required', 'apikey_required', 'basic_auth_required',
  'oidc_auth', 'require_oauth', 'accept_token', 'authorize',
]);

/**
 * Libraries the list does not know name their decorators for what they require
 * (Flask-Cognito `cognito_auth_required`, `oauth_token_required`); a CSRF token is no identity.
 */
const REQUIRES_IDENTITY = /^(?!.*csrf)(?!(no|not|non|anonymous|anon|guest|guests|without|skip)_)\w*(auth|login|token|jwt|oauth|oidc)_required$/;

/** Authorisation-only decorators: satisfy FG101/FG102, but are not authentication for FG104. */
export const AUTHORIZATION_NAMES = new Set(['roles_required', 'roles_accepted', 'permission_required', 'permissions_required', 'permissions_accepted', 'requires', 'role_required', 'has_role', 'has_permission']);

/** `jwt_required(optional=True)`, `auth.login_required(optional=True)`: anonymous callers get through. */
export function isOptionalAuth(expr: SyntaxNode): boolean {
  const keywords = callParts(expr)?.keywords;
  return !!keywords && [...keywords].some(([name, value]) => {
    const flag = unwrap(value)?.type;
    // `optional=True`, the projects' own spellings (`optional_auth_user=True`, `auth_optional=True`), and
    // Flask-OIDC's `accept_token(require_token=False)`.
    return (/optional/i.test(name) && flag === 'true') || (/^require(d|_token)?$/.test(name) && flag === 'false');
  });
}

/** The role of a decorator by its name alone (known libraries + user settings). */
export function roleByName(name: string | undefined, extraNames: readonly string[]): DecoratorRole | undefined {
  if (!name) return undefined;
  const last = lastName(name)!;
  // Flask-Principal `admin_permission.require()`, Flask-BasicAuth `basic_auth.required`.
  if (last === 'require' && /permission|principal/i.test(name)) return 'authorization';
  if (last === 'required' && /basic_?auth|basicauth/i.test(name)) return 'authentication';
  // APIFairy `@authenticate(token_auth)` runs the Flask-HTTPAuth object's login_required.
  if (last === 'authenticate' && /(^|\.)apifairy\./.test(name)) return 'authentication';
  // Flask-Praetorian's role decorators read and verify the JWT themselves before the role test; Flask-User's
  // send anonymous callers to its login page first.
  if (/^(flask_praetorian|flask_user)\b/.test(name) && /^roles_(required|accepted)$/.test(last)) return 'authentication';
  // Flask-AppBuilder asks its security manager, which sends anonymous callers to the login page.
  if (/^flask_appbuilder\b/.test(name) && /^(has_access|has_access_api|protect)$/.test(last)) return 'authentication';
  if (AUTHORIZATION_NAMES.has(last)) return 'authorization';
  if (AUTHENTICATION_NAMES.has(last) || REQUIRES_IDENTITY.test(last) || extraNames.includes(last) || extraNames.includes(name)) return 'authentication';
  return undefined;
}

// ---------------------------------------------------------------------------
// before_request guards

export interface HookGuard {
  /** The hook rejects unauthenticated requests on some path. */
  enforces: boolean;
  /** The check runs only for these methods (undefined: all). */
  checkedMethods: ((method: string) => boolean) | undefined;
  /** Human-readable methods the check skips (for messages): `GET`, `HEAD`. */
  skippedMethods: string[];
  exemptEndpoints: string[];
  exemptBlueprints: string[];
  exemptPathPrefixes: string[];
  /** `request.endpoint.startswith('public')`: every endpoint whose name begins so (`public_api.delete_account` too). */
  exemptEndpointPrefixes: string[];
  exemptPaths: string[];
  /** `if getattr(view, 'login_exempt', False): return`: attributes that wave a marked view function through. */
  exemptMarkers: string[];
  /** `if request.method == 'GET': return`: statements that only wave methods through. */
  methodSkips: { stmt: SyntaxNode; methods: string[] }[];
  /** The string literal that names each exempt endpoint, blueprint or path (for fixes). */
  exemptionNodes: Map<string, SyntaxNode>;
  /** `if request.path.startswith('/admin') and not authed:`: the only requests the check runs for (undefined: all). */
  scope: RequestScope | undefined;
}

/** Requests named by what a hook can test: their endpoint, blueprint or path. */
export interface RequestScope {
  endpoints: string[];
  blueprints: string[];
  paths: string[];
  pathPrefixes: string[];
  /** `'/admin' in request.path`. */
  pathParts: string[];
  /** `'admin' in request.endpoint`, `request.endpoint.startswith('admin')`: read as a part of the full endpoint. */
  endpointParts: string[];
}

const ALL_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** Reads a hook body: what it enforces, and what it waves through first. */
export function analyseHook(body: SyntaxNode | undefined, constants: Constants, calls?: CallResolver): HookGuard {
  const guard: HookGuard = {
    enforces: false, checkedMethods: undefined, skippedMethods: [], exemptEndpoints: [], exemptBlueprints: [], exemptPathPrefixes: [], exemptEndpointPrefixes: [], exemptPaths: [], exemptMarkers: [],
    methodSkips: [], exemptionNodes: new Map(), scope: undefined,
  };
  const skipped = new Set<string>();
  let only: Set<string> | undefined;
  for (const stmt of statements(body)) {
    if (isRejection(stmt, calls)) {
      guard.enforces = true;
      break;
    }
    // `try: verify_jwt_in_request() except ...: return ..., 401`: exemptions come before it, so the scan ends there.
    if (stmt.type === 'try_statement' || stmt.type === 'with_statement') {
      const kind = statementGuard(stmt, calls);
      if (kind === 'guard' || kind === 'fail-open') {
        guard.enforces = true;
        break;
      }
      continue;
    }
    if (stmt.type !== 'if_statement') continue;
    const cond = stmt.field_('condition');
    if (asksLoginProxyAbsent(cond, calls)) continue;
    // `if current_user.is_authenticated and not current_user.confirmed: redirect(...)`, `if token: <verify it>`: anonymous
    // callers skip the branch, and meet only its alternatives (`else: return redirect(url_for('login'))`).
    if (needsPresented(cond, calls)) {
      if (!alternativesReject(stmt, calls)) continue;
      guard.enforces = true;
      // `elif request.endpoint not in PUBLIC: abort(401)` waves PUBLIC through.
      for (const alt of stmt.fields('alternative')) for (const c of conjuncts(alt.field_('condition'))) readExemption(negate(c), constants, guard);
      break;
    }
    const branch = statements(stmt.field_('consequence'));
    const rejects = branch.some((s) => isRejection(s, calls)) || containsRejection(stmt.field_('consequence'), calls) || turnsAwayAnonymous(stmt, calls);
    // `if request.endpoint in OPEN: pass` then `else: verify_jwt()`: the test waves requests past the check the else runs.
    const checksInElse = !rejects && elseRejects(stmt, calls);
    const passes = !rejects && (checksInElse || branch.some((s) => s.type === 'return_statement'));
    if (passes) {
      // `if request.method == 'OPTIONS': return` and friends: exemptions before the check.
      const tests = disjuncts(cond);
      const sets = tests.map((test) => methodSet(test, constants));
      // `if not request.path.startswith('/admin'): return`: what the check runs for, rather than what it skips.
      const confined = tests.length === 1 && !sets[0] ? requestScope(withoutPresenceTests(tests[0]!), constants, false) : undefined;
      if (confined) guard.scope ??= confined;
      else tests.forEach((test, i) => (sets[i] ? sets[i]!.forEach((m) => skipped.add(m)) : readExemption(withoutPresenceTests(test), constants, guard)));
      if (sets.every(Boolean)) guard.methodSkips.push({ stmt, methods: ALL_METHODS.filter((m) => sets.some((set) => set!.has(m))) });
      if (checksInElse) {
        guard.enforces = true;
        break;
      }
      continue;
    }
    if (rejects) {
      guard.enforces = true;
      // `if request.endpoint not in PUBLIC and not authed:` waves PUBLIC through; `if request.blueprint == 'admin' and not authed:`
      // checks the admin blueprint alone.
      for (const c of conjuncts(cond)) {
        const confined = requestScope(c, constants, true);
        if (confined) guard.scope ??= confined;
        else readExemption(negate(c), constants, guard);
      }
      // `if request.method in ('GET', 'POST'): <check>` or `if request.method != 'GET' and not authed:`.
      const methods = methodSet(cond, constants) ?? conjuncts(cond).map((c) => methodSet(c, constants)).find(Boolean);
      if (methods) only = new Set([...(only ?? methods)].filter((m) => methods.has(m)));
      else if (!only) break;
    }
  }
  if (only) for (const m of ALL_METHODS) if (!only.has(m)) skipped.add(m);
  guard.skippedMethods = ALL_METHODS.filter((m) => skipped.has(m));
  if (skipped.size) guard.checkedMethods = (m) => !skipped.has(m.toUpperCase());
  return guard;
}

/**
 * `if request.method == 'POST': if 'uid' not in session: return redirect(url_for('login'))`: the methods whose own
 * branch of the view checks the caller before its work, while the rest (the GET that shows the form) go unchecked.
 */
export function methodsCheckedInBody(body: SyntaxNode | undefined, constants: Constants, calls?: CallResolver, stopAt?: (stmt: SyntaxNode) => boolean): Set<string> {
  const checked = new Set<string>();
  for (const stmt of statements(body)) {
    const methods = stmt.type === 'if_statement' ? methodSet(stmt.field_('condition'), constants) : undefined;
    const kind = methods && guardKind(stmt.field_('consequence'), calls, stopAt);
    if (kind === 'guard' || kind === 'fail-open') methods!.forEach((m) => checked.add(m));
  }
  return checked;
}

/**
 * An `if` whose elif or else branches, the ones a caller who presents nothing can enter, refuse the request. A hook's
 * `else` that answers at all refuses (`if user: g.user = user else: return jsonify(status='unauthorized')`): the view
 * never runs, as with `if not user: return ...`; an `elif` that answers may be an exemption (`elif path == '/ping'`).
 */
function alternativesReject(ifStmt: SyntaxNode, calls?: CallResolver): boolean {
  return ifStmt.fields('alternative').some((alt) => {
    if (needsPresented(alt.field_('condition'), calls)) return false;
    const body = alt.field_('consequence') ?? alt.field_('body');
    return containsRejection(body, calls) || (alt.type === 'else_clause' && statements(body).some(answers));
  });
}

/** An `if` whose only alternative is an `else` that refuses the request. */
function elseRejects(ifStmt: SyntaxNode, calls?: CallResolver): boolean {
  const alternatives = ifStmt.fields('alternative');
  const body = alternatives.length === 1 && alternatives[0]!.type === 'else_clause' ? alternatives[0]!.field_('body') : undefined;
  return !!body && containsRejection(body, calls);
}

/**
 * `view is not None and getattr(view, 'is_public', False)`, `request.endpoint and request.endpoint.startswith('public')`:
 * the test without the conjuncts that only ask whether another conjunct's subject exists (a request with no view
 * is a 404 anyway).
 */
function withoutPresenceTests(test: SyntaxNode): SyntaxNode {
  const terms = conjuncts(test);
  const subjects = new Set(terms.flatMap((t) => {
    const parts = callParts(t);
    return [parts?.positional[0]?.text, parts?.callee.type === 'attribute' ? parts.callee.field_('object')?.text : undefined].filter((x): x is string => !!x);
  }));
  const rest = terms.filter((t) => !subjects.has(presenceSubject(t) ?? ''));
  return rest.length === 1 ? rest[0]! : test;
}

/** `x` or `x is not None`: the `x` whose presence is tested. */
function presenceSubject(test: SyntaxNode): string | undefined {
  if (test.type === 'identifier' || test.type === 'attribute') return test.text;
  if (test.type !== 'comparison_operator' || comparisonOperator(test) !== 'is not') return undefined;
  const [left, right] = test.namedChildren;
  return unwrap(right)?.type === 'none' ? left?.text : undefined;
}

function disjuncts(node: SyntaxNode | undefined): SyntaxNode[] {
  const n = unwrap(node);
  if (!n) return [];
  if (n.type === 'boolean_operator' && n.children.some((c) => c.type === 'or')) return [...disjuncts(n.field_('left')), ...disjuncts(n.field_('right'))];
  return [n];
}

function conjuncts(node: SyntaxNode | undefined): SyntaxNode[] {
  const n = unwrap(node);
  if (!n) return [];
  if (n.type === 'boolean_operator' && n.children.some((c) => c.type === 'and')) return [...conjuncts(n.field_('left')), ...conjuncts(n.field_('right'))];
  return [n];
}

/** `request.method == 'GET'`, `request.method in SAFE`, `not in`, `!=`: the methods for which the test is true. */
function methodSet(node: SyntaxNode | undefined, constants: Constants): Set<string> | undefined {
  const n = unwrap(node);
  if (!n) return undefined;
  if (n.type === 'not_operator') {
    const inner = methodSet(n.field_('argument'), constants);
    return inner && new Set(ALL_METHODS.filter((m) => !inner.has(m)));
  }
  if (n.type === 'boolean_operator') {
    const l = methodSet(n.field_('left'), constants);
    const r = methodSet(n.field_('right'), constants);
    if (!l || !r) return undefined;
    const isOr = n.children.some((c) => c.type === 'or');
    return new Set(ALL_METHODS.filter((m) => (isOr ? l.has(m) || r.has(m) : l.has(m) && r.has(m))));
  }
  const cmp = comparison(n, 'request.method', constants);
  if (!cmp) return undefined;
  const values = new Set(cmp.values.map((v) => v.toUpperCase()));
  return new Set(ALL_METHODS.filter((m) => (cmp.negated ? !values.has(m) : values.has(m))));
}

/** `<subject> == 'x'`, `<subject> in (...)`, with the compared strings. */
function comparison(n: SyntaxNode, subject: string, constants: Constants): { values: string[]; negated: boolean } | undefined {
  if (n.type !== 'comparison_operator') return undefined;
  const operands = n.namedChildren;
  const ops = comparisonOperator(n);
  if (operands.length !== 2) return undefined;
  const [a, b] = operands as [SyntaxNode, SyntaxNode];
  const subjectIsA = dottedName(a) === subject;
  const other = subjectIsA ? b : dottedName(b) === subject ? a : undefined;
  if (!other) return undefined;
  const values = literalStrings(other, constants);
  if (!values) return undefined;
  if (ops === '==' || ops === 'in') return { values, negated: false };
  if (ops === '!=' || ops === 'not in') return { values, negated: true };
  return undefined;
}

function literalStrings(node: SyntaxNode, constants: Constants): string[] | undefined {
  return stringItems(node, constants)?.map((i) => i.value);
}

/** What a name in a hook stands for: a module constant's value, a blueprint's name argument for `bp.name`. */
export type Constants = (name: string) => SyntaxNode | undefined;

/**
 * The strings of `'x'`, `('x', 'y')` or a module constant holding them, each with the node that
 * writes it; items may be built from known parts (`'{}.login'.format(bp.name)`).
 */
function stringItems(node: SyntaxNode, constants: Constants): { value: string; node: SyntaxNode }[] | undefined {
  const own = (n: SyntaxNode | undefined) => {
    const u = unwrap(n);
    if (!u) return undefined;
    const items = ['list', 'tuple', 'set'].includes(u.type) ? u.namedChildren : [u];
    const values = items.map((i) => foldString(i, constants));
    return values.every((v) => v !== undefined) ? items.map((i, k) => ({ value: values[k]!, node: i })) : undefined;
  };
  const direct = own(node);
  if (direct) return direct;
  const name = dottedName(node);
  return name ? own(constants(name)) : undefined;
}

/**
 * The string an expression always makes: a literal, a constant, and what is built from them
 * (`'{}.login'.format(bp.name)`, `f'{bp.name}.login'`, `bp.name + '.login'`, `'%s.login' % bp.name`).
 */
function foldString(node: SyntaxNode | undefined, constants: Constants, depth = 0): string | undefined {
  const n = unwrap(node);
  if (!n || depth > 4) return undefined;
  const fold = (x: SyntaxNode | undefined) => foldString(x, constants, depth + 1);
  const literal = stringValue(n);
  if (literal !== undefined) return literal;
  if (n.type === 'string') return joined(n.children.map((c) => (c.type === 'interpolation' ? interpolated(c, fold) : c.type === 'string_content' ? c.text : c.type === 'escape_sequence' ? undefined : '')));
  if (n.type === 'binary_operator') {
    const [left, right] = [n.field_('left'), n.field_('right')];
    const op = n.children.find((c) => !c.named)?.text;
    if (op === '+') return joined([fold(left), fold(right)]);
    if (op === '%') return formatted(fold(left), /%s/g, sequenceItems(unwrap(right)) ?? [right!], new Map(), fold);
    return undefined;
  }
  const call = n.type === 'call' ? callParts(n) : undefined;
  if (call?.callee.type === 'attribute' && call.callee.field_('attribute')?.text === 'format') {
    return formatted(fold(call.callee.field_('object') ?? undefined), /\{(\w*)\}/g, call.positional, call.keywords, fold);
  }
  const name = dottedName(n);
  return name ? fold(constants(name)) : undefined;
}

function joined(parts: (string | undefined)[]): string | undefined {
  return parts.every((p) => p !== undefined) ? parts.join('') : undefined;
}

/** `{bp.name}` in an f-string; a conversion or format spec (`{x!r}`, `{n:03}`) changes the text, so it is not folded. */
function interpolated(interpolation: SyntaxNode, fold: (x: SyntaxNode | undefined) => string | undefined): string | undefined {
  return interpolation.namedChildren.length === 1 ? fold(interpolation.namedChildren[0]) : undefined;
}

/** Fills a template's fields (`{}`, `{0}`, `{name}`, `%s`) with the folded arguments, in order unless numbered or named. */
function formatted(
  template: string | undefined, field: RegExp, positional: readonly (SyntaxNode | undefined)[], keywords: ReadonlyMap<string, SyntaxNode>,
  fold: (x: SyntaxNode | undefined) => string | undefined,
): string | undefined {
  if (template === undefined) return undefined;
  let next = 0;
  let known = true;
  const out = template.replace(field, (_, key: string | undefined) => {
    const arg = !key ? positional[next++] : /^\d+$/.test(key) ? positional[Number(key)] : keywords.get(key);
    const value = fold(arg);
    if (value === undefined) known = false;
    return value ?? '';
  });
  return known ? out : undefined;
}

/**
 * A condition under which the check runs, turned into the test that skips it:
 * `request.endpoint not in X` ↔ `request.endpoint in X`; `not request.path.startswith(p)` ↔ `request.path.startswith(p)`.
 * Anything else yields a node no exemption reader recognises.
 */
function negate(test: SyntaxNode): Negated {
  if (test.type === 'not_operator') return { node: test.field_('argument') ?? test, flip: false };
  return { node: test, flip: true };
}

interface Negated {
  node: SyntaxNode;
  /** The test must be read with its comparison operator flipped (`not in` as `in`). */
  flip: boolean;
}

function readExemption(input: SyntaxNode | Negated, constants: Constants, guard: HookGuard): void {
  const { node: test, flip } = 'flip' in input ? input : { node: input, flip: false };
  if (flip && test.type !== 'comparison_operator') return;
  for (const operand of [...test.namedChildren, ...(callParts(test)?.positional ?? [])]) {
    for (const item of stringItems(operand, constants) ?? []) guard.exemptionNodes.set(item.value, item.node);
  }
  const wanted = (c: { negated: boolean } | undefined) => !!c && c.negated === flip;
  const endpoint = comparison(test, 'request.endpoint', constants);
  if (wanted(endpoint) && endpoint) {
    guard.exemptEndpoints.push(...endpoint.values);
    return;
  }
  const blueprint = comparison(test, 'request.blueprint', constants);
  if (wanted(blueprint) && blueprint) {
    guard.exemptBlueprints.push(...blueprint.values);
    return;
  }
  const path = comparison(test, 'request.path', constants);
  if (wanted(path) && path) {
    guard.exemptPaths.push(...path.values);
    return;
  }
  const parts = flip ? undefined : callParts(test);
  const marker = parts && viewMarker(parts, test);
  if (marker) {
    guard.exemptMarkers.push(marker);
    return;
  }
  const prefixes = parts && (isPathStartsWith(parts) ? parts.positional[0] && literalStrings(parts.positional[0], constants) : anyPathStartsWith(test, parts, constants));
  if (prefixes) guard.exemptPathPrefixes.push(...prefixes);
  const endpointPrefixes = parts && isEndpointStartsWith(parts) && parts.positional[0] && literalStrings(parts.positional[0], constants);
  if (endpointPrefixes) guard.exemptEndpointPrefixes.push(...endpointPrefixes);
}

/**
 * The requests a test picks out when the check runs only where it holds (`holds`) or only where it fails:
 * `request.path.startswith('/admin')`, `request.blueprint == 'admin'`, `request.endpoint in ADMIN_VIEWS`,
 * `'/api/' in request.path`, `'admin' in request.endpoint`, or their negations.
 */
function requestScope(test: SyntaxNode, constants: Constants, holds: boolean): RequestScope | undefined {
  const n = unwrap(test);
  if (!n) return undefined;
  if (n.type === 'not_operator') return n.field_('argument') ? requestScope(n.field_('argument')!, constants, !holds) : undefined;
  const scope: RequestScope = { endpoints: [], blueprints: [], paths: [], pathPrefixes: [], pathParts: [], endpointParts: [] };
  const parts = callParts(n);
  if (parts) {
    const prefixes = parts.positional[0] && literalStrings(parts.positional[0], constants);
    const into = isPathStartsWith(parts) ? scope.pathPrefixes : isEndpointStartsWith(parts) ? scope.endpointParts : undefined;
    if (!holds || !prefixes || !into) return undefined;
    into.push(...prefixes);
    return scope;
  }
  // `'/admin' in request.path`: a part of the subject, not the whole of it.
  const [left, right] = n.type === 'comparison_operator' ? n.namedChildren : [];
  const part = left && stringValue(left);
  if (part !== undefined && right && /^(not )?in$/.test(comparisonOperator(n) ?? '')) {
    const subject = dottedName(right);
    const into = subject === 'request.path' ? scope.pathParts : subject === 'request.endpoint' || subject === 'request.blueprint' ? scope.endpointParts : undefined;
    if (!into || (comparisonOperator(n) === 'in') !== holds) return undefined;
    into.push(part);
    return scope;
  }
  const fields = [['request.endpoint', scope.endpoints], ['request.blueprint', scope.blueprints], ['request.path', scope.paths]] as const;
  for (const [subject, into] of fields) {
    const c = comparison(n, subject, constants);
    if (!c) continue;
    if (c.negated === holds) return undefined;
    into.push(...c.values);
    return scope;
  }
  return undefined;
}

function isPathStartsWith(parts: CallParts): boolean {
  return parts.name === 'request.path.startswith' || parts.name === 'request.full_path.startswith' || parts.name === 'request.url_rule.rule.startswith';
}

function isEndpointStartsWith(parts: CallParts): boolean {
  return /^request\.(endpoint|blueprint)\.startswith$/.test(parts.name ?? '');
}

/** `any(request.path.startswith(p) for p in OPEN_PREFIXES)`: the prefixes the loop goes through. */
function anyPathStartsWith(call: SyntaxNode, parts: CallParts, constants: Constants): string[] | undefined {
  // The generator is the call's whole argument list: `any(x for x in y)`.
  const gen = parts.name === 'any' ? call.field_('arguments') : undefined;
  if (gen?.type !== 'generator_expression') return undefined;
  const loop = gen.namedChildren.find((c) => c.type === 'for_in_clause');
  const test = callParts(gen.field_('body'));
  const variable = loop?.field_('left');
  const iterable = loop?.field_('right');
  if (!test || !isPathStartsWith(test) || !variable || !iterable || unwrap(test.positional[0])?.text !== variable.text) return undefined;
  return literalStrings(iterable, constants);
}

/**
 * `getattr(view, 'login_exempt', False)` where `view` is the view Flask will call
 * (`app.view_functions[request.endpoint]`): the attribute a decorator sets to exempt it.
 */
function viewMarker(parts: CallParts, test: SyntaxNode): string | undefined {
  if (parts.name !== 'getattr' && parts.name !== 'hasattr') return undefined;
  const subject = unwrap(parts.positional[0]);
  const value = subject?.type === 'identifier' ? lastAssigned(test.ancestor('function_definition'), subject.text) : subject;
  return value?.text.includes('view_functions') ? stringValue(parts.positional[1]) : undefined;
}
