import { appFacts, isFlaskSession, type CsrfExempt, type Site } from '../../analysis/app-facts';
import { sendsAway } from '../../analysis/auth';
import { ownNodes } from '../../analysis/body';
import { memo } from '../../analysis/node-memo';
import { derivesFromEnvironment, unitConfigWrites, type ConfigWrite } from '../../analysis/config';
import { flowOf, isCredential, type Taint } from '../../analysis/dataflow';
import type { DecoratorUse, FlaskModel, FlaskTarget, Hook, Route } from '../../analysis/flask-model';
import { IDENTITY } from '../../analysis/ownership';
import { callParts, comparisonOperator, decoratorExpression, dottedName, intValue, isFalse, lastName, statements, stringValue, targetNames, unwrap } from '../../analysis/python';
import { WRITE_METHODS } from '../../analysis/routes';
import type { CallFact, ClassFact, FunctionFact } from '../../analysis/facts';
import type { SyntaxNode } from '../../analysis/syntax';
import type { IndexedFile, Workspace } from '../../analysis/workspace';
import { ensureImport } from '../../fixes/imports';
import type { Fix, RuleContext } from '../types';
import { linesOf } from '../../fixes/statements';
import { defineRule } from '../types';
import { isLoginRoute } from './login-routes';
import { onlyInTestConfiguration } from './test-configurations';

/** Decorators that authenticate with a header credential, which a cross-site form cannot send. */
const TOKEN_DECORATOR = /jwt|token|api_?key|key_required|signature|hmac|webhook|bearer|service|require_oauth/i;
const TOKEN_AUTH_CLASSES = /^(HTTPTokenAuth|HTTPBasicAuth|HTTPDigestAuth|MultiAuth)$/;
/** Flask-JWT-Extended's decorators: their token rides in a cookie when the app says so. */
const JWT_DECORATOR = /jwt/i;
/** Flask-Security's `auth_required(...)` mechanisms that a browser does not attach by itself (as Flask-HTTPAuth's, basic counts as a header). */
const HEADER_MECHANISMS = new Set(['token', 'basic']);

/**
 * How Flask-JWT-Extended carries its token, from the configuration: `JWT_TOKEN_LOCATION` listing 'cookies'
 * puts it in a cookie, and its own double-submit check guards those requests unless
 * `JWT_COOKIE_CSRF_PROTECT = False` (outside test setups).
 */
interface JwtCookies {
  inCookie: boolean;
  unchecked: boolean;
}

function jwtCookies(ctx: RuleContext): JwtCookies {
  const out: JwtCookies = { inCookie: false, unchecked: false };
  for (const file of ctx.workspace.all()) {
    if (file.inTests) continue;
    for (const unit of file.source.units) {
      for (const w of unitConfigWrites(unit, file, ctx.workspace)) {
        if (w.key === 'JWT_TOKEN_LOCATION' && [w.value, ...w.value.find('string')].some((n) => stringValue(n) === 'cookies')) out.inCookie = true;
        else if (w.key === 'JWT_COOKIE_CSRF_PROTECT' && isFalse(w.value) && !inTestSetup(w, file, ctx.workspace)) out.unchecked = true;
      }
    }
  }
  return out;
}

/** The decorator's JWT travels in a cookie that nothing checks for CSRF, so a cross-site form sends it. */
type JwtInCookie = () => boolean;

/** Does the decorator authenticate with a header credential (JWT, API key, Flask-HTTPAuth, Flask-Security tokens)? */
function tokenDecorator(ctx: RuleContext, d: DecoratorUse, jwtInCookie: JwtInCookie): boolean {
  const parts = callParts(d.expr);
  const name = dottedName(parts?.callee ?? d.expr) ?? '';
  // A decorator of the project is what its wrapper reads, whatever its name says.
  const carrier = carrierOf(ctx, d);
  if (carrier === 'cookie') return false;
  if (carrier === 'header') return true;
  if (carrier === 'jwt' || JWT_DECORATOR.test(name)) return !jwtInCookie();
  if (TOKEN_DECORATOR.test(name)) return true;
  // `@auth_required('token')`: no 'session' among the mechanisms Flask-Security accepts.
  const mechanisms = parts?.positional.map(stringValue) ?? [];
  if (lastName(name) === 'auth_required' && mechanisms.length && mechanisms.every((m) => m !== undefined && HEADER_MECHANISMS.has(m))) return true;
  // `auth.login_required` where `auth = HTTPTokenAuth(...)`.
  const owner = name.includes('.') ? ctx.workspace.resolveDotted(d.file, name.slice(0, name.lastIndexOf('.')), d.scope) : undefined;
  const ctor = owner?.kind === 'value' ? callParts(owner.fact.value)?.name ?? '' : '';
  return TOKEN_AUTH_CLASSES.test(ctor.split('.').pop() ?? '');
}

/**
 * Is the route authenticated only by header credentials? Either every authentication decorator on the view
 * asks for one, or every guard hook in front of it does (`@api.before_request` over
 * `@basic_auth.login_required`): a cross-site form can send neither.
 */
function tokenAuthenticated(ctx: RuleContext, model: FlaskModel, route: Route, hooks: readonly Hook[], jwtInCookie: JwtInCookie): boolean {
  const onlyTokens = (uses: DecoratorUse[]) => {
    // Who the caller is comes from the authentication decorators; a role check next to them (`@roles_required`) reads that caller.
    const authentication = uses.filter((d) => d.role === 'authentication');
    const auth = authentication.length ? authentication : uses.filter((d) => d.role !== 'none');
    return auth.length > 0 && auth.every((d) => tokenDecorator(ctx, d, jwtInCookie));
  };
  if (onlyTokens(route.decorators)) return true;
  return hooks.length > 0 && hooks.every((h) => onlyTokens(h.fn.decorators.map((d) => model.decoratorUse(h.file, decoratorExpression(d)!, h.fn.enclosing))) || checksHeaderCredential(ctx, h.file, h.fn));
}

/** A header credential: the Authorization header, `request.authorization`, or a credential-named header (`X-Signature`, `X-API-Key`). */
function isHeaderCredential(t: Taint): boolean {
  return (t.source.kind === 'header' || t.source.kind === 'headers' || t.source.kind === 'authorization') && isCredential(t);
}

/**
 * A read of the identity a browser sends by itself: the session, a cookie, Flask-Login's user. The name is its own
 * (not `g.current_user`, not the string "current_user").
 */
const COOKIE_IDENTITY = /(?<![\w.'"])(session)\s*(?:\[|\.(?:get|pop)\s*\()|\bin\s+(session)\b|\brequest\.cookies\b|(?<![\w.'"])(current_user)\b(?!['"])/g;

/** Which cookie identity a function reads: Flask's session, Flask-Login's user, or a request cookie. */
type CookieRead = 'session' | 'current_user' | 'cookie';

/**
 * The cookie identities the function reads, itself or through a helper it calls (one level). A local or a
 * parameter named `session` or `current_user` (a user loaded from a header token) is not Flask's, and
 * Flask-JWT-Extended's `current_user` is the token's user.
 */
function cookieReads(ctx: RuleContext, file: IndexedFile, fn: FunctionFact, depth = 0): Set<CookieRead> {
  const locals = localNames(file, fn);
  const reads = new Set<CookieRead>();
  for (const m of fn.node.text.matchAll(COOKIE_IDENTITY)) {
    const name = m[1] ?? m[2] ?? m[3];
    if (!name) reads.add('cookie');
    else if (!locals.has(name) && !(name === 'current_user' && isJwtName(ctx, file, fn, name))) reads.add(name as CookieRead);
  }
  if (depth === 0) for (const h of calledHelpers(ctx, file, fn, fn.node)) cookieReads(ctx, h.file, h.fact, depth + 1).forEach((r) => reads.add(r));
  return reads;
}

function readsCookieIdentity(ctx: RuleContext, file: IndexedFile, fn: FunctionFact): boolean {
  return cookieReads(ctx, file, fn).size > 0;
}

/** The names `fn` and the functions inside it bind: parameters and assignment targets. */
function localNames(file: IndexedFile, fn: FunctionFact): Set<string> {
  const inside = (f: FunctionFact | undefined): boolean => !!f && (f === fn || inside(f.enclosing));
  const names = new Set<string>();
  for (const f of file.facts.functions) if (inside(f)) f.params.forEach((p) => names.add(p));
  for (const a of file.facts.assignments) if (inside(a.scope)) a.names.forEach((n) => names.add(n));
  return names;
}

function isJwtName(ctx: RuleContext, file: IndexedFile, fn: FunctionFact, name: string): boolean {
  const b = ctx.workspace.resolveDotted(file, name, fn);
  return b?.kind === 'external' && b.qualified.startsWith('flask_jwt_extended.');
}

/** The workspace functions called in `node`, a part of `fn`. */
function calledHelpers(ctx: RuleContext, file: IndexedFile, fn: FunctionFact, node: SyntaxNode): { file: IndexedFile; fact: FunctionFact }[] {
  return node.find('call').flatMap((c) => {
    const name = callParts(c)?.name;
    const b = name ? ctx.workspace.resolveDotted(file, name, fn) : undefined;
    return b?.kind === 'function' && b.fact !== fn ? [{ file: b.file, fact: b.fact }] : [];
  });
}

/** The project function a decorator names (the factory, for `@roles('x')`). */
function definitionOf(ctx: RuleContext, d: DecoratorUse): { file: IndexedFile; fact: FunctionFact } | undefined {
  const name = dottedName(callParts(d.expr)?.callee ?? d.expr);
  const b = name ? ctx.workspace.resolveDotted(d.file, name, d.scope) : undefined;
  return b?.kind === 'function' ? { file: b.file, fact: b.fact } : undefined;
}

/** Flask-JWT-Extended's check inside a project's wrapper: the token rides where the app's JWT settings put it. */
const JWT_CHECK = /\bverify_jwt_in_request\s*\(|@\s*jwt_required\b/;
/** An OAuth2 resource check inside a project's wrapper (Authlib's `ResourceProtector`, Flask-OAuthlib's provider): a bearer token. */
const OAUTH_CHECK = /\brequire_oauth\s*\(/;

/** Where a decorator of the project finds who the caller is: the cookie identity, a header credential, Flask-JWT-Extended. */
type Carrier = 'cookie' | 'header' | 'jwt' | undefined;

/**
 * What a decorator defined in the workspace (or the factory that makes it) reads, wrapper and helpers included:
 * a cookie it reads gets the request through by itself, even next to a header it also accepts. Kept per definition
 * while the workspace interface stands: the helpers it calls are other statements.
 */
function carrierOf(ctx: RuleContext, d: DecoratorUse): Carrier {
  const b = definitionOf(ctx, d);
  if (!b) return undefined;
  return memo(b.fact.node, 'csrf-carrier', ctx.model.epoch, () => readCarrier(ctx, b.file, b.fact));
}

function readCarrier(ctx: RuleContext, file: IndexedFile, fact: FunctionFact): Carrier {
  if (readsCookieIdentity(ctx, file, fact)) return 'cookie';
  if (readsHeaderCredential(ctx, file, fact, fact.node)) return 'header';
  if (JWT_CHECK.test(fact.node.text)) return 'jwt';
  return OAUTH_CHECK.test(fact.node.text) ? 'header' : undefined;
}

/**
 * The ifs whose branch turns the request away (their condition), and the `try`s whose handler does (their
 * body). What turns it away is `sendsAway` unless the caller says otherwise.
 */
function rejectingChecks(body: SyntaxNode | undefined, turnsAway: (stmt: SyntaxNode) => boolean = sendsAway): SyntaxNode[] {
  return ownNodes(body, ['if_statement', 'try_statement']).flatMap((n) => {
    if (n.type === 'if_statement') return statements(n.field_('consequence')).some(turnsAway) ? [n.field_('condition')!] : [];
    const handlers = n.namedChildren.filter((c) => c.type === 'except_clause');
    return handlers.some((h) => h.namedChildren.some((b) => b.type === 'block' && statements(b).some(turnsAway))) ? [n.field_('body')!] : [];
  });
}

/** Does `node` read a header credential, through the function's names or a helper it calls (one level)? */
function readsHeaderCredential(ctx: RuleContext, file: IndexedFile, fn: FunctionFact, node: SyntaxNode, depth = 0): boolean {
  const flow = flowOf(fn.node, ctx.workspace, file, fn);
  if (node.find('identifier', 'attribute', 'subscript', 'call').some((n) => flow.taintsOf(n).some(isHeaderCredential))) return true;
  return depth === 0 && calledHelpers(ctx, file, fn, node).some((h) => readsHeaderCredential(ctx, h.file, h.fact, h.fact.node, depth + 1));
}

/**
 * The function (a view, a guard hook) refuses the request unless a header credential checks out, and never reads
 * the cookie identity: a cross-site form cannot set the header (`if not valid(request.headers['X-Signature']): abort(401)`).
 */
function checksHeaderCredential(ctx: RuleContext, file: IndexedFile, fn: FunctionFact): boolean {
  if (readsCookieIdentity(ctx, file, fn)) return false;
  return rejectingChecks(fn.node.field_('body')).some((check) => readsHeaderCredential(ctx, file, fn, check));
}

const USES_IDENTITY = new WeakMap<SyntaxNode, boolean>();

function usesIdentity(view: SyntaxNode): boolean {
  let v = USES_IDENTITY.get(view);
  if (v === undefined) USES_IDENTITY.set(view, (v = IDENTITY.test(view.text)));
  return v;
}

/**
 * A route's guard finds the caller in a request cookie: the app keeps a cookie identity even if its front end sets
 * that cookie. (Its session or Flask-Login's user shows in the app's own facts: a login, a `LoginManager`.)
 */
function guardReadsCookie(ctx: RuleContext, model: FlaskModel): boolean {
  const readsCookie = (file: IndexedFile, fn: FunctionFact) => cookieReads(ctx, file, fn).has('cookie') || readsSessionEntry(ctx, file, fn);
  return model.routes.some(
    (r) =>
      r.decorators.some((d) => {
        const def = d.role !== 'none' ? definitionOf(ctx, d) : undefined;
        return !!def && readsCookie(def.file, def.fact);
      }) ||
      model.auth(r).hooks.some((h) => readsCookie(h.file, h.fn)) ||
      (model.auth(r).protectedBy.includes('body') && bodyGuardReadsSession(ctx, r.file, r.view)),
  );
}

/** A session key named for a login (`logged_in`, `admin_logged_in`, `authenticated`): the flag the login sets. */
const LOGIN_FLAG = /logged_?in|log_?in|authenticated|authed/i;

/**
 * The view turns the caller away unless its login's flag is in Flask's session
 * (`if not session.get('admin_logged_in'): return redirect(...)`): that entry is the cookie identity. Other keys a
 * view tests (a basket's `id`) say nothing about who is calling.
 */
function bodyGuardReadsSession(ctx: RuleContext, file: IndexedFile, view: FunctionFact): boolean {
  return memo(view.node, 'csrf-body-session-guard', ctx.model.epoch, () =>
    rejectingChecks(view.node.field_('body')).some((check) => readsSessionEntryIn(ctx, file, view, check, (key) => LOGIN_FLAG.test(key ?? ''))),
  );
}

/** A session entry kept for CSRF checks (`_csrf_token`, CTFd's `nonce`), not for who the caller is. */
const CSRF_ENTRY = /[cx]srf|nonce/i;

/**
 * An auth guard that reads an entry of Flask's session (`'badge' not in session`, `session.get('login_id')`) finds the
 * caller there, whatever the login named the key. A database session (`with Session() as session:`) is not Flask's.
 */
function readsSessionEntry(ctx: RuleContext, file: IndexedFile, fn: FunctionFact): boolean {
  return memo(fn.node, 'csrf-session-entry', ctx.model.epoch, () => readsSessionEntryIn(ctx, file, fn, fn.node, (key) => !CSRF_ENTRY.test(key ?? '')));
}

/** `node` reads an entry of Flask's session whose key `counts`. */
function readsSessionEntryIn(ctx: RuleContext, file: IndexedFile, fn: FunctionFact, node: SyntaxNode, counts: (key: string | undefined) => boolean): boolean {
  return node.find('subscript', 'call', 'comparison_operator').some((n) => {
    const entry = sessionEntry(n);
    return !!entry && counts(entry.key) && isFlaskSession(ctx.workspace, file, entry.session, fn);
  });
}

/** `session[key]`, `session.get(key)` / `.pop(key)`, `key in session`: the session object and the key, when literal. */
function sessionEntry(n: SyntaxNode): { session: SyntaxNode; key: string | undefined } | undefined {
  if (n.type === 'subscript') return { session: n.field_('value')!, key: stringValue(n.field_('subscript')) };
  if (n.type === 'call') {
    const parts = callParts(n)!;
    const callee = parts.callee;
    if (callee.type !== 'attribute' || !/^(get|pop)$/.test(callee.field_('attribute')!.text)) return undefined;
    return { session: callee.field_('object')!, key: stringValue(parts.positional[0]) };
  }
  const [left, right] = n.namedChildren;
  return right && /^(not )?in$/.test(comparisonOperator(n)) ? { session: right, key: stringValue(left) } : undefined;
}

/** State-changing routes that act with the identity a browser sends by itself (the session cookie). */
function cookieWriteRoutes(ctx: RuleContext, model: FlaskModel, jwtInCookie: JwtInCookie): Route[] {
  return model.routes.filter((route) => {
    // A route of a blueprint no app registers is never served: it changes nothing.
    if (!route.methods.some((m) => WRITE_METHODS.has(m)) || !model.dispatches(route)) return false;
    const auth = model.auth(route);
    // Login steps (a password, a one-time code) are the way in, not actions taken with the cookie.
    if (auth.publicByNature || isLoginRoute(route, ctx) || tokenAuthenticated(ctx, model, route, auth.hooks, jwtInCookie)) return false;
    // A check in the body on a header credential is no cookie identity (a signed webhook).
    const cookieGuards = auth.protectedBy.filter((p) => p !== 'body' || !checksHeaderCredential(ctx, route.file, route.view));
    return cookieGuards.length > 0 || usesIdentity(route.view.node);
  });
}

/**
 * A read of the token the app keeps in the session for CSRF checks: `session['csrf_token']`, `session.get('_csrf_token')`,
 * `session.pop('X-XSRF-TOKEN')`, CTFd's `session['nonce']`.
 */
const SESSION_CSRF = /\bsession\s*(\[\s*|\.(get|pop)\(\s*)['"][\w-]*([cx]srf|nonce)[\w-]*['"]/i;

interface RejectingTests {
  /** What the function's checks that turn the request away test: an if's condition, a `try`'s body. */
  tests: SyntaxNode[];
  /** Names the session's CSRF token is read into (`expected = session.get('_csrf_token')`). */
  holders: ReadonlySet<string>;
}

const REJECTING_TESTS = new WeakMap<SyntaxNode, RejectingTests>();
const HOOK_REJECTING_TESTS = new WeakMap<SyntaxNode, RejectingTests>();

/** `return ..., 400`: a failed CSRF check answers with any client error (Flask-WTF's is 400), not only 401/403. */
function answersClientError(stmt: SyntaxNode): boolean {
  if (stmt.type !== 'return_statement') return false;
  const value = unwrap(stmt.namedChildren[0]);
  const status = value?.type === 'tuple' || value?.type === 'expression_list' ? intValue(value.namedChildren[1]) : undefined;
  return status !== undefined && status >= 400 && status < 500;
}

/** `return 'Invalid CSRF token!'`: whatever a `before_request` hook returns is the answer, and the view never runs. */
function returnsValue(stmt: SyntaxNode): boolean {
  const value = stmt.type === 'return_statement' ? unwrap(stmt.namedChildren[0]) : undefined;
  return !!value && value.type !== 'none';
}

/** Kept per definition node, as the project check asks on every pass. */
function rejectingTests(def: SyntaxNode, hook: boolean): RejectingTests {
  const cache = hook ? HOOK_REJECTING_TESTS : REJECTING_TESTS;
  let r = cache.get(def);
  if (!r) {
    const body = def.field_('body');
    r = {
      tests: rejectingChecks(body, (st) => sendsAway(st) || answersClientError(st) || (hook && returnsValue(st))),
      holders: new Set(ownNodes(body, ['assignment']).filter((a) => SESSION_CSRF.test(a.field_('right')?.text ?? '')).flatMap((a) => targetNames(a.field_('left')))),
    };
    cache.set(def, r);
  }
  return r;
}

/**
 * The function refuses the request unless the session's CSRF token passes a test, inline, through a name
 * holding it, or in a helper it calls (`if not validate_csrf(): return ..., 403`).
 */
function refusesWithoutToken(ctx: RuleContext, file: IndexedFile, fn: FunctionFact, hook = false): boolean {
  // Asked for every write route on every pass: kept per function while the workspace's interface stands.
  const cache = hook ? HOOK_REFUSES : REFUSES;
  const hit = cache.get(fn.node);
  if (hit?.epoch === ctx.workspace.interfaceEpoch) return hit.value;
  const value = readsTokenBeforeRefusing(ctx, file, fn, hook);
  cache.set(fn.node, { epoch: ctx.workspace.interfaceEpoch, value });
  return value;
}

const REFUSES = new WeakMap<SyntaxNode, { epoch: number; value: boolean }>();
const HOOK_REFUSES = new WeakMap<SyntaxNode, { epoch: number; value: boolean }>();

function readsTokenBeforeRefusing(ctx: RuleContext, file: IndexedFile, fn: FunctionFact, hook: boolean): boolean {
  const { tests, holders } = rejectingTests(fn.node, hook);
  return tests.some((cond) => SESSION_CSRF.test(cond.text) || cond.find('identifier').some((id) => holders.has(id.text)) || cond.find('call').some((call) => {
    const name = callParts(call)?.name;
    const b = name ? ctx.workspace.resolveDotted(file, name, fn) : undefined;
    return b?.kind === 'function' && SESSION_CSRF.test(b.fact.node.text);
  }));
}

/**
 * The view, a `before_request` hook in front of it (the hand-written check of Flask's old CSRF snippet), or the
 * wrapper of a project decorator on it checks the session's token.
 */
function checksSessionToken(ctx: RuleContext, model: FlaskModel, route: Route): boolean {
  if (refusesWithoutToken(ctx, route.file, route.view) || model.hooksFor(route).some((h) => refusesWithoutToken(ctx, h.file, h.fn, true))) return true;
  return route.decorators.some((d) => {
    const def = definitionOf(ctx, d);
    return !!def && def.file.facts.functions.some((f) => f.enclosing === def.fact && refusesWithoutToken(ctx, def.file, f));
  });
}

/** A Flask-WTF form built with its token switched off: `EmailForm(csrf_enabled=False)`, `EmailForm(meta={'csrf': False})`. */
const CSRF_OFF = /\bcsrf_enabled\s*=\s*False\b|['"]csrf['"]\s*:\s*False\b/;

/**
 * The view validates a Flask-WTF form (`form.validate_on_submit()`) that it did not build with its CSRF token off, and
 * commits nothing on a path that answers before the form is validated.
 */
function validatesCsrfForm(view: SyntaxNode): boolean {
  if (!view.text.includes('.validate_on_submit(')) return false;
  const body = view.field_('body');
  return ownNodes(body, ['call']).some((call) => {
    const callee = call.field_('function');
    if (callee?.type !== 'attribute' || callee.field_('attribute')?.text !== 'validate_on_submit') return false;
    const form = callee.field_('object')?.text;
    const builds = ownNodes(body, ['assignment']).filter((a) => a.field_('left')?.text === form).map((a) => a.field_('right')?.text ?? '');
    return (!builds.length || !builds.every((b) => CSRF_OFF.test(b))) && !commitsBefore(body, call);
  });
}

/** A save to the database: the change a forged request is after. */
const COMMIT = /\.commit\s*\(/;

/**
 * `if session.get('user'): ...; db.session.commit(); return redirect(...)` ahead of the form: the logged-in caller's
 * change is saved and answered before any token is checked.
 */
function commitsBefore(body: SyntaxNode | undefined, validation: SyntaxNode): boolean {
  const stmts = statements(body);
  const at = stmts.findIndex((s) => s.start <= validation.start && validation.end <= s.end);
  return stmts.slice(0, at).some((s) => {
    const branch = s.type === 'if_statement' ? statements(s.field_('consequence')) : [];
    return branch.some((b) => b.type === 'return_statement') && branch.some((b) => COMMIT.test(b.text));
  });
}

/** A test configuration (that no production configuration inherits), a test file, or a write under `if app.testing:`. */
function inTestSetup(w: ConfigWrite, file: IndexedFile, workspace: Workspace): boolean {
  if (onlyInTestConfiguration(w, file, workspace)) return true;
  for (let n = w.node.parent; n; n = n.parent) if (n.type === 'if_statement' && /test/i.test(n.field_('condition')?.text ?? '')) return true;
  return false;
}

/** Settings of a Flask-Admin model view that turn its forms off (`can_create = False`). */
const ADMIN_WRITES = ['can_create', 'can_edit', 'can_delete'];

/**
 * Flask-Admin model views (`admin.add_view(UserView(User, db.session))`) whose `is_accessible` lets in the caller of
 * the cookie session: their create, edit and delete forms post with that cookie, and Flask-Admin's default form
 * class carries no CSRF token (`form_base_class = SecureForm` adds one). A view open to all is FG101's business.
 */
function cookieAdminViews(ctx: RuleContext): { rule: string }[] {
  const files = [...ctx.workspace.all()];
  if (!files.some((f) => f.facts.imports.some((i) => /^flask_admin(\.|$)/.test(i.module)))) return [];
  const out: { rule: string }[] = [];
  for (const file of files) {
    for (const call of file.facts.calls) {
      const method = call.parts.callee.type === 'attribute' ? call.parts.callee.field_('attribute')?.text : undefined;
      if ((method !== 'add_view' && method !== 'add_views') || !addsToAdmin(ctx, file, call)) continue;
      for (const arg of call.parts.positional) {
        const parts = callParts(arg);
        const cls = parts && ctx.workspace.resolveExpression(file, parts.callee, call.scope);
        if (cls?.kind !== 'class' || !writesWithCookie(ctx, ctx.workspace.classChain(cls.file, cls.fact))) continue;
        out.push({ rule: `/admin/${(lastName(dottedName(parts!.positional[0])) ?? cls.fact.name).toLowerCase()}/` });
      }
    }
  }
  return out;
}

/**
 * `panel.add_view(...)` on a Flask-Admin `Admin(...)`, or on a parameter that receives one (`def add_views(admin):`)
 * in a project that creates one. A module that imports an `admin` its package never defines is never served.
 */
function addsToAdmin(ctx: RuleContext, file: IndexedFile, call: CallFact): boolean {
  const isAdmin = (f: IndexedFile, value: SyntaxNode, scope: FunctionFact | undefined) => {
    const b = ctx.workspace.resolveExpression(f, callParts(value)?.callee ?? value, scope);
    return b?.kind === 'external' && /^flask_admin(\.base)?\.Admin$/.test(b.qualified);
  };
  const receiver = ctx.workspace.resolveExpression(file, call.parts.callee.field_('object'), call.scope);
  if (receiver?.kind === 'value') return isAdmin(receiver.file, receiver.fact.value, receiver.fact.scope);
  return receiver?.kind === 'param' && [...ctx.workspace.all()].some((f) => f.facts.assignments.some((a) => /Admin$/.test(callParts(a.value)?.name ?? '') && isAdmin(f, a.value, a.scope)));
}

/** A project subclass of Flask-Admin's `ModelView` that admits the cookie's caller, keeps a form, and has no form class of its own. */
function writesWithCookie(ctx: RuleContext, chain: { cls: ClassFact; file: IndexedFile }[]): boolean {
  const setting = (key: string) => chain.find(({ cls }) => cls.attributes.has(key))?.cls.attributes.get(key);
  if (setting('form_base_class') || ADMIN_WRITES.every((k) => isFalse(setting(k)))) return false;
  const modelView = chain.some(({ cls, file }) =>
    cls.bases.some((b) => {
      const base = ctx.workspace.resolveDotted(file, b, cls.enclosing);
      return base?.kind === 'external' && /^flask_admin\..*ModelView$/.test(base.qualified);
    }),
  );
  const gate = chain.flatMap(({ cls, file }) => cls.methods.filter((m) => m.name === 'is_accessible').map((m) => ({ m, file })))[0];
  return modelView && !!gate && readsCookieIdentity(ctx, gate.file, gate.m);
}

/**
 * `class Dev(Config): WTF_CSRF_ENABLED = False` under a `Config` that already switches it off: one setting, reported
 * once, where the base makes it.
 */
function repeatsBase(workspace: Workspace, file: IndexedFile, w: ConfigWrite, disabled: readonly { f: IndexedFile; w: ConfigWrite }[]): boolean {
  if (w.context.kind !== 'class') return false;
  const { className } = w.context;
  const cls = file.facts.classes.find((c) => c.name === className && c.node.contains(w.node));
  const bases = cls ? workspace.classChain(file, cls).slice(1) : [];
  return disabled.some((d) => d.w !== w && bases.some((b) => b.file === d.f && b.cls.node.contains(d.w.node)));
}

/** The app a route is served by (its `Flask(...)` call), through blueprint registrations. */
function appOf(model: FlaskModel, route: Route): FlaskTarget | undefined {
  return model.ancestors(route.target).find((t) => t.kind === 'app' && t.node);
}

/**
 * The apps that `CSRFProtect(app)` / `csrf.init_app(app)` protect, so that a second app of the project (an example,
 * a separate service) is judged on its own; undefined when one call names an app the model cannot place (a
 * factory's parameter), which may be any of them.
 */
function protectedApps(model: FlaskModel, sites: readonly Site[]): Set<FlaskTarget> | undefined {
  const out = new Set<FlaskTarget>();
  for (const site of sites) {
    const parts = callParts(site.node);
    const arg = parts?.positional[0] ?? parts?.keywords.get('app');
    const target = arg && model.resolveTarget(site.file, arg, site.scope);
    if (target?.kind !== 'app') return undefined;
    out.add(target);
  }
  return out;
}

/**
 * The project exempts views from a protector it imports from a module the workspace lacks (`from redash.security
 * import csrf`, then `csrf.exempt(bp)`): it is installed there, on an app we cannot name.
 */
function protectorOutOfSight(ctx: RuleContext, ex: CsrfExempt): boolean {
  const expr = ex.view ? decoratorExpression(ex.node) : ex.node;
  const receiver = (callParts(expr)?.callee ?? expr)?.field_('object');
  return !!receiver && ctx.workspace.resolveExpression(ex.file, receiver, ex.scope)?.kind === 'external';
}

/** `CSRFProtect(app)` on the line after the app is created, with its import. */
function protectFix(app: FlaskTarget): Fix[] {
  const file = app.file!;
  const stmt = app.node!.ancestor('expression_statement');
  const assignment = app.node!.parent?.type === 'assignment' ? app.node!.parent : undefined;
  const name = assignment?.field_('left')?.type === 'identifier' ? assignment.field_('left')!.text : undefined;
  if (!stmt || !name) return [];
  const text = file.source.text;
  const { indent } = linesOf(text, stmt.start, stmt.end);
  const at = text.indexOf('\n', stmt.end) + 1 || text.length;
  const edits: Fix['edits'] = [{ kind: 'replace', file: file.path, start: at, end: at, text: `${at === text.length && !text.endsWith('\n') ? '\n' : ''}${indent}CSRFProtect(${name})\n` }];
  const imp = ensureImport(file, 'flask_wtf.csrf', 'CSRFProtect');
  if (imp) edits.push(imp);
  return [{ title: `Protect \`${name}\` with \`CSRFProtect(${name})\``, applicability: 'unsafe', edits }];
}

export default defineRule({
  meta: {
    code: 'FG304',
    name: 'csrf-protection-missing',
    family: 'session-and-design',
    severity: 'error',
    cwe: [352],
    summary: 'A cookie-authenticated app with state-changing routes has no CSRF protection, switches it off, or exempts such a view.',
    fix: { availability: 'sometimes', applicability: 'unsafe', title: 'Add `CSRFProtect(app)`' },
    docs: {
      whatItDoes:
        'Applies to apps whose users are identified by a cookie (Flask-Login or Flask-Security, whose `login_user` a project ' +
        'function of that name is not; a user id in `session`, also under another key naming an id (a bare `id`, `user_doc_id`) when it holds an account\'s id or a login that checked the password writes it: a check call such as `check_password_hash`, or a password compared with another value, `hashed == stored_password`; any session entry an auth decorator, `before_request` guard or the view\'s own login check tests (a login flag: `logged_in`), other than a CSRF token; an auth cookie the app sets and reads back as the caller\'s credential) and that have state-changing routes (POST, PUT, PATCH, DELETE; not those of a blueprint no app registers, never served) acting with that identity (Flask-Admin model views whose `is_accessible` admits that caller count: ' +
        'their create, edit and delete forms carry no CSRF token unless `form_base_class = SecureForm`). It ' +
        'reports, once: `WTF_CSRF_ENABLED = False` outside test configurations (a configuration that repeats its base class\'s setting is not reported again); else an `@csrf.exempt` (or `csrf.exempt(bp)`) ' +
        'on such a view that does not check the session\'s CSRF token itself; else the `Flask(...)` call of an app with no `CSRFProtect(app)` / `csrf.init_app(app)` (or Flask-SeaSurf) ' +
        '(also when it is initialised in a loop over the extensions; an app that exempts views from a protector it imports from a module ' +
        'outside the workspace is taken to install it there) and views that neither validate a Flask-WTF form (one not built with ' +
        '`csrf_enabled=False` or `meta={"csrf": False}`) nor refuse ' +
        'the request unless the session\'s CSRF token checks out (`if not validate_csrf(): return ..., 403`), themselves, in a ' +
        '`before_request` hook in front of them (where returning anything, even a plain string, ends the request), or in the wrapper of a project decorator on them. Apps that ' +
        'authenticate only with tokens or API keys are not reported, nor are views behind header credentials (a JWT or API-key ' +
        'decorator, an OAuth2 bearer token checked by `require_oauth` (Authlib, Flask-OAuthlib), Flask-Security\'s `auth_required("token")`, Flask-HTTPAuth on the view or on its blueprint\'s `before_request` hook, ' +
        'or a check of a credential header such as a webhook signature in the view or its hook that never reads the session). ' +
        'A decorator of the project counts by what its wrapper reads, not by its name: a `token_required` that takes the token ' +
        'from `request.cookies` authenticates with a cookie the browser sends by itself. ' +
        'A Flask-JWT-Extended token kept in a cookie (`JWT_TOKEN_LOCATION` listing "cookies") is a cookie session when ' +
        '`JWT_COOKIE_CSRF_PROTECT = False` turns off the extension\'s own check, ' +
        'and `WTF_CSRF_CHECK_DEFAULT = False` (Flask-Security\'s recommended setup) is not a finding.',
      whyIsThisBad:
        'Browsers attach cookies to requests that other sites trigger. Without a CSRF token, a page on any site can submit a ' +
        'form to `/transfer` or `/settings/email` and the app performs it as the logged-in victim.',
      example: [
        'from flask import Flask, request',
        'from flask_login import LoginManager, current_user, login_required',
        '',
        'app = Flask(__name__)',
        'login_manager = LoginManager(app)',
        '',
        '',
        "@app.post('/settings/email')",
        '@login_required',
        'def change_email():',
        "    current_user.email = request.form['email']",
        "    return 'ok'",
        '',
      ].join('\n'),
      useInstead: [
        'from flask import Flask, request',
        'from flask_login import LoginManager, current_user, login_required',
        'from flask_wtf.csrf import CSRFProtect',
        '',
        'app = Flask(__name__)',
        'CSRFProtect(app)',
        'login_manager = LoginManager(app)',
        '',
        '',
        "@app.post('/settings/email')",
        '@login_required',
        'def change_email():',
        "    current_user.email = request.form['email']",
        "    return 'ok'",
        '',
      ].join('\n'),
      fixSafety:
        'Unsafe: once `CSRFProtect(app)` is installed (or `WTF_CSRF_ENABLED` is True), forms and AJAX calls that do not send ' +
        '`csrf_token` get 400 until the templates include `{{ csrf_token() }}` and scripts send the `X-CSRFToken` header.',
      references: ['https://flask-wtf.readthedocs.io/en/stable/csrf.html', 'https://owasp.org/www-community/attacks/csrf'],
    },
  },
  checkProject(ctx) {
    const facts = appFacts(ctx.workspace);
    // Read the JWT settings only when a JWT decorator asks: most apps have none.
    let jwt: JwtCookies | undefined;
    const jwtInCookie = () => {
      jwt ??= jwtCookies(ctx);
      return jwt.inCookie && jwt.unchecked;
    };
    const model = ctx.model;
    // A credential cookie the app sets is its identity only where something reads it back: a guard, or Flask-JWT-Extended told to look there.
    const identity = facts.cookieIdentity.some((c) => c.kind !== 'auth-cookie');
    if (!identity && !jwtInCookie() && !guardReadsCookie(ctx, model)) return;
    const routes = cookieWriteRoutes(ctx, model, jwtInCookie);
    const adminViews = cookieAdminViews(ctx);
    if (!routes.length && !adminViews.length) return;
    const example = `\`${(routes[0] ?? adminViews[0])!.rule}\``;

    const disabled = facts.csrfSettings.filter(({ file: f, write: w }) => isFalse(w.value) && !derivesFromEnvironment(w.value) && !inTestSetup(w, f, ctx.workspace)).map(({ file: f, write: w }) => ({ f, w }));
    for (const { f, w } of disabled) {
      if (repeatsBase(ctx.workspace, f, w, disabled)) continue;
      ctx.report(f, w.node, `\`WTF_CSRF_ENABLED = False\` switches CSRF protection off in an app that keeps users logged in with a cookie: any site can make their browser post to ${example}; keep it to test configurations`, {
        fixes: [{ title: 'Set `WTF_CSRF_ENABLED = True`', applicability: 'unsafe', edits: [{ kind: 'replace', file: f.path, start: w.value.start, end: w.value.end, text: 'True' }] }],
      });
    }
    if (disabled.length) return;

    let exempted = false;
    for (const ex of facts.csrfExempts) {
      const views = new Set<SyntaxNode>();
      if (ex.view) views.add(ex.view.node);
      if (ex.argument) {
        const b = ctx.workspace.resolveExpression(ex.file, ex.argument, ex.scope);
        if (b?.kind === 'function') views.add(b.fact.node);
      }
      const target = ex.argument && model.resolveTarget(ex.file, ex.argument, ex.scope);
      // A view that checks the session's token itself (often the reason for the exemption) keeps its protection.
      const hit = routes.find((r) => (views.has(r.view.node) || (target && model.ancestors(r.target).includes(target))) && !checksSessionToken(ctx, model, r));
      if (!hit) continue;
      exempted = true;
      ctx.report(ex.file, ex.node, `\`csrf.exempt\` removes CSRF protection from \`${hit.rule}\`, which acts with the logged-in user's cookie: any site can make their browser post to it; keep the check, or authenticate the view with a token instead`);
    }
    if (exempted) return;
    const covered = facts.csrfExempts.some((ex) => protectorOutOfSight(ctx, ex)) ? undefined : protectedApps(model, facts.csrfProtection);
    if (!covered) return;

    // Views that validate a Flask-WTF form, or test the session's CSRF token, check the token themselves.
    const unprotected = routes.filter((r) => !validatesCsrfForm(r.view.node) && !checksSessionToken(ctx, model, r));
    const apps = new Set<FlaskTarget>();
    for (const r of unprotected) {
      // Next to a protected app, a route is charged only to the app it is known to be served by.
      const app = appOf(model, r) ?? (covered.size ? undefined : [...model.targets.values()].find((t) => t.kind === 'app' && t.node));
      if (app && !covered.has(app)) apps.add(app);
    }
    // Flask-Admin's forms post to the app the admin is mounted on; with no protector anywhere, that is the project's app.
    const adminApp = !apps.size && !covered.size && adminViews.length ? [...model.targets.values()].find((t) => t.kind === 'app' && t.node) : undefined;
    if (adminApp) apps.add(adminApp);
    for (const app of apps) {
      const first = unprotected.find((r) => appOf(model, r) === app) ?? unprotected[0] ?? adminViews[0]!;
      // The JWT cookie's own check is off: say so, or the reader looks for a Flask-Login session that is not there.
      const jwtOff = jwt?.inCookie && jwt.unchecked ? ' (`JWT_COOKIE_CSRF_PROTECT = False` turns off the check Flask-JWT-Extended makes on its cookie)' : '';
      ctx.report(app.file!, app.node!, `This app keeps users logged in with a cookie and has state-changing routes (\`${first.rule}\`) but no CSRF protection${jwtOff}: any site can make a logged-in browser post to them; add \`CSRFProtect(app)\``, {
        fixes: protectFix(app),
      });
    }
  },
});
