/**
 * Application-wide facts the session and design rules share: which session
 * interface the app uses (Flask-Session or a custom server-side interface
 * turns FG301 off), where CSRF protection is installed (`CSRFProtect(app)`,
 * `csrf.init_app(app)` in a factory, Flask-SeaSurf) and which views are
 * exempted, Flask-Limiter instances and their default limits, and whether
 * the app keeps a cookie identity (Flask-Login, Flask-Security, a user id in
 * the session, its own session cookie), which decides FG304.
 *
 * Candidates are read per unit (memoised on the unit, so an edit re-reads
 * the statements it touched); the workspace view resolves names across
 * modules once per generation.
 */
import { unitConfigWrites, type ConfigWrite } from './config';
import { unitFacts, type AssignmentFact, type CallFact, type FunctionFact } from './facts';
import { callParts, comparisonOperator, decoratorExpression, dottedName, isFalse, lastName, sequenceItems, stringValue, unwrap, words } from './python';
import type { SyntaxNode, Unit } from './syntax';
import type { IndexedFile, Workspace } from './workspace';

export interface Site {
  file: IndexedFile;
  node: SyntaxNode;
  scope?: FunctionFact;
}

export interface LimiterFacts {
  /** `Limiter(...)` instances and the names they are bound to. */
  instances: (Site & { name: string; defaultLimits: boolean })[];
  /** Default or application limits apply to every route (constructor, or `RATELIMIT_DEFAULT` / `RATELIMIT_APPLICATION`). */
  appWide: boolean;
  /** `limiter.limit('...')(bp)`: the blueprint expressions limited as a whole. */
  limitedBlueprints: Site[];
}

export interface CsrfExempt extends Site {
  /** The decorated view, for `@csrf.exempt`. */
  view?: FunctionFact;
  /** The argument of `csrf.exempt(x)` (a view or a blueprint). */
  argument?: SyntaxNode;
}

export interface AppFacts {
  /** Flask-Session / KVSession / a custom server-side `session_interface`. */
  serverSession: Site | undefined;
  /** `CSRFProtect(app)`, `csrf.init_app(app)`, `SeaSurf(app)`: protection installed on some app. */
  csrfProtection: Site[];
  csrfExempts: CsrfExempt[];
  limiter: LimiterFacts;
  /** Evidence that a browser session carries the user's identity (cookie authentication). */
  cookieIdentity: (Site & { kind: CookieIdentityKind })[];
  /** Every `WTF_CSRF_ENABLED` setting outside test files (FG304 judges the values). */
  csrfSettings: { file: IndexedFile; write: ConfigWrite }[];
}

export type CookieIdentityKind = 'flask-login' | 'flask-security' | 'session-identity' | 'auth-cookie';

/** Syntactic candidates of one unit; names are resolved per generation, when the facts are assembled. */
interface UnitCandidates {
  sessionCalls: CallFact[];
  interfaceAssignments: AssignmentFact[];
  csrfCalls: CallFact[];
  initCalls: CallFact[];
  exemptDecorators: { node: SyntaxNode; view: FunctionFact }[];
  exemptCalls: CallFact[];
  limiterAssignments: AssignmentFact[];
  limitCalls: CallFact[];
  /** `login_user(...)`, `LoginManager()`, `Security(...)`, auth `set_cookie`, `@x.user_loader`. */
  identityCalls: CallFact[];
  identityDecorators: SyntaxNode[];
  /** `session[key] = ...` with an identity key, when `session` turns out to be Flask's. */
  sessionWrites: AssignmentFact[];
  /** `WTF_CSRF_ENABLED` and `RATELIMIT_*` settings, in any configuration form. */
  configWrites: ConfigWrite[];
}

const MEMO = 'app-facts';
const NONE: UnitCandidates = Object.freeze({ sessionCalls: [], interfaceAssignments: [], csrfCalls: [], initCalls: [], exemptDecorators: [], exemptCalls: [], limiterAssignments: [], limitCalls: [], identityCalls: [], identityDecorators: [], sessionWrites: [], configWrites: [] });
const CONFIG_KEYS = /^(WTF_CSRF_ENABLED|RATELIMIT_DEFAULT|RATELIMIT_APPLICATION)$/;
/** Flask-WTF's `CSRFProtect` (called `CsrfProtect` before 1.0, which old apps still import) and Flask-SeaSurf. */
const CSRF_PROTECTORS = /^(CSRFProtect|CsrfProtect|SeaSurf)$/;
const PER_WORKSPACE = new WeakMap<Workspace, { generation: number; facts: AppFacts }>();

/** Session keys that identify the logged-in user: `user_id`, `uid`, `username`, `logged_in`. */
const IDENTITY_KEY = /^_?(user|uid|username|user_?id|userid|account_?id|member_?id|logged_?in|login|identity|auth_?user|current_user)$/i;
/** The id of an account read from its record: `user.id`, `login_user.id`, `account['id']`. */
const ACCOUNT_ID = /\b(\w*(user|account|member)|u)\w*\s*(\.id\b|\[\s*['"]id['"]\s*\])/i;
/** A call that checks a password against the account: a form's `password.data` alone may only be compared with its confirmation. */
export const PASSWORD_CHECK_CALL = /\b(check_password(_hash)?|verify_password|checkpw|password_matches|check_hash|verify_hash)\s*\(/;

/** A key that names an id: `id`, `user_doc_id`, `profile_pk`. */
const ID_KEY = /^_?(\w+_)?(id|pk|uuid)$/i;

/**
 * `session['user_id'] = ...`; or another id (a bare `session['id']` as in CTFd and the classic MySQL login tutorial,
 * `session['user_doc_id']`) holding an account's id (`user.id`) or written by a function that has checked a
 * password, a login. Other ids (a cart's, a random visitor id) identify no one.
 */
function writesIdentity(key: string, value: SyntaxNode, scope: FunctionFact | undefined): boolean {
  if (IDENTITY_KEY.test(key)) return true;
  return ID_KEY.test(key) && (ACCOUNT_ID.test(value.text) || (!!scope && (PASSWORD_CHECK_CALL.test(scope.node.text) || comparesPassword(scope.node))));
}

/** A value that holds a password: `hashed_password`, `db_pwd`, `row['passwd']`. */
const PASSWORD_WORD = /passw|pwd/i;

/**
 * `if hashed == stored_password:`, the hand-rolled check of a login: a password compared with another value, not with
 * a literal (`password == ''` only asks whether the field was filled).
 */
function comparesPassword(fn: SyntaxNode): boolean {
  return fn.find('comparison_operator').some((cmp) => {
    const operands = cmp.namedChildren.map(unwrap);
    return /^[!=]=$/.test(comparisonOperator(cmp)) && operands.length === 2 && operands.some((o) => PASSWORD_WORD.test(o!.text)) && operands.every((o) => !isLiteral(o!));
  });
}

function isLiteral(node: SyntaxNode): boolean {
  return stringValue(node) !== undefined || ['none', 'integer', 'float', 'true', 'false'].includes(node.type);
}
/** Words of a cookie name that carry a session or a credential. */
const AUTH_COOKIE_WORDS = new Set(['session', 'sess', 'sid', 'auth', 'authorization', 'token', 'tokens', 'jwt', 'remember', 'credential', 'credentials', 'login', 'bearer', 'apikey']);

/** A cookie that carries a session or a credential (`auth_token`, `sessionid`, `remember_token`); a CSRF double-submit cookie does not. */
export function isAuthCookie(name: string): boolean {
  if (/csrf|xsrf/i.test(name)) return false;
  // Glued names (`sessionid`, `authtoken`) keep the unambiguous stems; `auth`/`sid` need a word of their own (`author`, `side`).
  if (/session|token|jwt|remember/i.test(name)) return true;
  const parts = words(name);
  return parts.some((p) => AUTH_COOKIE_WORDS.has(p)) || parts.some((p, i) => p === 'api' && parts[i + 1] === 'key');
}

/** Is `expr` Flask's `session` proxy (`from flask import session`, `flask.session`)? */
export function isFlaskSession(workspace: Workspace, file: IndexedFile, expr: SyntaxNode | undefined, scope?: FunctionFact): boolean {
  const n = unwrap(expr);
  const name = dottedName(n);
  if (!name) return false;
  // `from flask import session as flask_session` counts too: the binding decides, but only names that can be it are resolved.
  if (name !== 'session' && name !== 'flask.session' && !file.facts.imports.some((i) => i.local === name && i.member === 'session')) return false;
  if (boundByWith(n!, name)) return false;
  const binding = workspace.resolveExpression(file, n, scope);
  return binding?.kind === 'external' && /^flask(\.globals)?\.session$/.test(binding.qualified);
}

/** `with Session.begin() as session:` rebinds the name inside its block (a database session); walks up the node's parents only. */
function boundByWith(node: SyntaxNode, name: string): boolean {
  for (let n = node.parent; n && n.type !== 'function_definition' && n.type !== 'class_definition'; n = n.parent) {
    if (n.type !== 'with_statement') continue;
    const items = n.namedChildren.find((c) => c.type === 'with_clause')?.namedChildren ?? [];
    if (items.some((item) => {
      const entered = item.field_('value');
      return entered?.type === 'as_pattern' && (entered.field_('alias') ?? entered.namedChildren[1])?.text === name;
    })) return true;
  }
  return false;
}

/** The key a session subscript names: a string literal, or a constant holding one (`session[AUTH_KEY]` with `AUTH_KEY = 'username'`). */
export function sessionKey(workspace: Workspace, file: IndexedFile, key: SyntaxNode | undefined, scope?: FunctionFact): string | undefined {
  const literal = stringValue(key);
  if (literal !== undefined || key?.type !== 'identifier') return literal;
  const binding = workspace.resolveExpression(file, key, scope);
  return binding?.kind === 'value' ? stringValue(binding.fact.value) : undefined;
}

/** A unit belongs to one file for its whole life, so its candidates are memoised on it. */
function unitCandidates(unit: Unit, file: IndexedFile): UnitCandidates {
  const hit = unit.memo.get(MEMO) as UnitCandidates | undefined;
  if (hit) return hit;
  const facts = unitFacts(unit);
  const c: UnitCandidates = { sessionCalls: [], interfaceAssignments: [], csrfCalls: [], initCalls: [], exemptDecorators: [], exemptCalls: [], limiterAssignments: [], limitCalls: [], identityCalls: [], identityDecorators: [], sessionWrites: [], configWrites: [] };
  c.configWrites = unitConfigWrites(unit, file).filter((w) => CONFIG_KEYS.test(w.key));
  for (const call of facts.calls) {
    const last = lastName(call.parts.name) ?? '';
    const method = call.parts.callee.type === 'attribute' ? call.parts.callee.field_('attribute')?.text : undefined;
    if (last === 'Session' || last === 'KVSessionExtension') c.sessionCalls.push(call);
    else if (CSRF_PROTECTORS.test(last ?? '')) c.csrfCalls.push(call);
    else if (method === 'init_app') c.initCalls.push(call);
    else if (method === 'exempt') c.exemptCalls.push(call);
    else if (last === 'login_user' || last === 'LoginManager' || last === 'Security') c.identityCalls.push(call);
    else if (method === 'set_cookie') {
      const cookie = stringValue(call.parts.positional[0] ?? call.parts.keywords.get('key'));
      if (cookie && isAuthCookie(cookie)) c.identityCalls.push(call);
    }
    // `limiter.limit('5/minute')(auth_bp)`
    const inner = callParts(call.parts.callee);
    if (inner && lastName(inner.name) === 'limit' && call.parts.positional[0]) c.limitCalls.push(call);
  }
  for (const a of facts.assignments) {
    const t = a.target;
    if ((t.type === 'attribute' && t.field_('attribute')?.text === 'session_interface') || (t.type === 'identifier' && t.text === 'session_interface' && a.className)) c.interfaceAssignments.push(a);
    // A key held in a name is read once the workspace can resolve it.
    else if (t.type === 'subscript' && (t.field_('subscript')?.type === 'identifier' || writesIdentity(stringValue(t.field_('subscript')) ?? '', a.value, a.scope))) c.sessionWrites.push(a);
    const parts = callParts(a.value);
    if (parts && lastName(parts.name) === 'Limiter' && a.names.length === 1) c.limiterAssignments.push(a);
  }
  for (const fn of facts.functions) {
    for (const d of fn.decorators) {
      const expr = decoratorExpression(d);
      const name = dottedName(callParts(expr)?.callee ?? expr) ?? '';
      if (/\.user_loader$/.test(name)) c.identityDecorators.push(d);
      if (/\.exempt$/.test(name)) c.exemptDecorators.push({ node: d, view: fn });
    }
  }
  // Most statements hold none: one shared empty record lets the assembly skip them.
  const empty = Object.values(c).every((list: unknown[]) => list.length === 0);
  unit.memo.set(MEMO, empty ? NONE : c);
  return empty ? NONE : c;
}

/** The workspace's app facts, for this generation. */
export function appFacts(workspace: Workspace): AppFacts {
  const hit = PER_WORKSPACE.get(workspace);
  if (hit && hit.generation === workspace.generation) return hit.facts;
  const facts: AppFacts = { serverSession: undefined, csrfProtection: [], csrfExempts: [], limiter: { instances: [], appWide: false, limitedBlueprints: [] }, cookieIdentity: [], csrfSettings: [] };
  const files = [...workspace.all()].filter((f) => !f.inTests);
  let rateLimitConfig = false;

  // What a receiver (`csrf`, `limiter`, `sess`) was built by, across modules.
  const builtBy = (file: IndexedFile, expr: SyntaxNode | undefined, scope?: FunctionFact): string | undefined => {
    const b = workspace.resolveExpression(file, expr, scope);
    if (b?.kind !== 'value') return undefined;
    const parts = callParts(b.fact.value);
    if (!parts) return undefined;
    const ctor = workspace.resolveExpression(b.file, parts.callee, b.fact.scope);
    return ctor?.kind === 'external' ? ctor.qualified : lastName(parts.name);
  };

  for (const file of files) {
    const site = (node: SyntaxNode, scope?: FunctionFact): Site => ({ file, node, ...(scope && { scope }) });
    const external = (call: CallFact) => {
      const b = workspace.resolveExpression(file, call.parts.callee, call.scope);
      return b?.kind === 'external' ? b.qualified : undefined;
    };
    for (const unit of file.source.units) {
      const c = unitCandidates(unit, file);
      if (c === NONE) continue;
      for (const call of c.sessionCalls) if (!facts.serverSession && /^flask_(session|kvsession)\b/.test(external(call) ?? '')) facts.serverSession = site(call.node, call.scope);
      for (const a of c.interfaceAssignments) if (!facts.serverSession && isServerSideInterface(workspace, file, a)) facts.serverSession = site(a.node, a.scope);
      for (const call of c.csrfCalls) {
        // `CSRFProtect(app)` protects at once; `CSRFProtect()` waits for `init_app`.
        if (call.parts.positional.length || call.parts.keywords.has('app')) facts.csrfProtection.push(site(call.node, call.scope));
      }
      for (const call of c.initCalls) {
        for (const r of receivers(workspace, file, call)) {
          const built = builtBy(r.file, r.node, r.scope);
          if (isCsrfObject(built, r.node)) facts.csrfProtection.push(site(call.node, call.scope));
          else if (/^flask_(session|kvsession)\b/.test(built ?? '') && !facts.serverSession) facts.serverSession = site(call.node, call.scope);
        }
      }
      for (const call of c.exemptCalls) {
        const receiver = call.parts.callee.field_('object');
        if (!isCsrfObject(builtBy(file, receiver, call.scope), receiver)) continue;
        const argument = call.parts.positional[0];
        facts.csrfExempts.push({ ...site(call.node, call.scope), ...(argument && { argument }) });
      }
      for (const d of c.exemptDecorators) {
        const expr = decoratorExpression(d.node);
        const receiver = (callParts(expr)?.callee ?? expr)?.field_('object');
        if (isCsrfObject(builtBy(file, receiver, d.view.enclosing), receiver)) facts.csrfExempts.push({ ...site(d.node, d.view.enclosing), view: d.view });
      }
      for (const a of c.limiterAssignments) {
        const parts = callParts(a.value)!;
        const defaults = ['default_limits', 'application_limits'].some((k) => {
          const v = parts.keywords.get(k);
          return v !== undefined && !isFalse(v) && (sequenceItems(v)?.length ?? 1) > 0;
        });
        facts.limiter.instances.push({ ...site(a.node, a.scope), name: a.names[0]!, defaultLimits: defaults });
        if (defaults) facts.limiter.appWide = true;
      }
      for (const call of c.limitCalls) facts.limiter.limitedBlueprints.push(site(call.parts.positional[0]!, call.scope));
      for (const call of c.identityCalls) {
        const last = lastName(call.parts.name);
        if (last === 'Security' && !external(call)?.startsWith('flask_security')) continue;
        if (last === 'login_user' && !isExtensionLogin(workspace, file, call)) continue;
        const kind: CookieIdentityKind = last === 'Security' ? 'flask-security' : last === 'login_user' || last === 'LoginManager' ? 'flask-login' : 'auth-cookie';
        facts.cookieIdentity.push({ ...site(call.node, call.scope), kind });
      }
      for (const d of c.identityDecorators) facts.cookieIdentity.push({ ...site(d), kind: 'flask-login' });
      for (const w of c.configWrites) {
        if (w.key === 'WTF_CSRF_ENABLED') facts.csrfSettings.push({ file, write: w });
        else if (!isFalse(w.value) && stringValue(w.value) !== '') rateLimitConfig = true;
      }
      for (const a of c.sessionWrites) {
        const key = sessionKey(workspace, file, a.target.field_('subscript'), a.scope) ?? '';
        if (writesIdentity(key, a.value, a.scope) && isFlaskSession(workspace, file, a.target.field_('value'), a.scope)) facts.cookieIdentity.push({ ...site(a.node, a.scope), kind: 'session-identity' });
      }
    }
  }
  if (rateLimitConfig && facts.limiter.instances.length) facts.limiter.appWide = true;
  PER_WORKSPACE.set(workspace, { generation: workspace.generation, facts });
  return facts;
}

/**
 * The objects `x.init_app(app)` may be called on: `x` itself, or, for the loop variable of
 * `for ext in (login_manager, csrf):` (or of a loop over a module constant listing the extensions), each item.
 */
function receivers(workspace: Workspace, file: IndexedFile, call: CallFact): Site[] {
  const receiver = call.parts.callee.field_('object');
  const self: Site = { file, node: receiver!, ...(call.scope && { scope: call.scope }) };
  const name = receiver?.type === 'identifier' ? receiver.text : undefined;
  const loop = name === undefined ? undefined : call.loops.find((l) => l.field_('left')?.text === name);
  if (!loop) return [self];
  const iterated = loop.field_('right');
  const items = sequenceItems(iterated);
  if (items) return items.map((node) => ({ ...self, node }));
  const table = workspace.resolveExpression(file, iterated, call.scope);
  if (table?.kind !== 'value') return [self];
  return (sequenceItems(table.fact.value) ?? []).map((node) => ({ file: table.file, node, ...(table.fact.scope && { scope: table.fact.scope }) }));
}

/**
 * Flask-Login's (or Flask-Security's) `login_user` starts a cookie session; a project's own
 * `login_user` (a service that hands out a JWT) says nothing about cookies. A name that does not
 * resolve (a star import from the extension) is given the benefit of its name.
 */
function isExtensionLogin(workspace: Workspace, file: IndexedFile, call: CallFact): boolean {
  const b = workspace.resolveExpression(file, call.parts.callee, call.scope);
  return !b || (b.kind === 'external' && /^flask_(login|security)\b/.test(b.qualified));
}

function isCsrfObject(builtBy: string | undefined, receiver: SyntaxNode | undefined): boolean {
  const last = lastName(builtBy) ?? '';
  if (CSRF_PROTECTORS.test(last ?? '')) return true;
  // A protector imported from a module we cannot see: go by its name.
  return builtBy === undefined && /csrf|seasurf/i.test(dottedName(receiver) ?? '');
}

/** `app.session_interface = RedisSessionInterface()`: server-side unless it is (or extends) the cookie interface. */
function isServerSideInterface(workspace: Workspace, file: IndexedFile, assignment: AssignmentFact): boolean {
  const value = unwrap(assignment.value);
  const parts = callParts(value);
  const name = dottedName(parts ? parts.callee : value);
  if (!name || /SecureCookieSessionInterface$/.test(name)) return false;
  const b = workspace.resolveDotted(file, name, assignment.scope);
  if (b?.kind === 'class') {
    const cookieBased = (bases: string[]) => bases.some((base) => /SecureCookieSession/.test(base));
    return !cookieBased(b.fact.bases);
  }
  return true;
}

/** Does the project use Flask-Limiter, and under which name can a route file reach it? */
export function limiterFor(workspace: Workspace, file: IndexedFile): { name: string; module?: string } | undefined {
  const instances = appFacts(workspace).limiter.instances.filter((i) => !i.scope);
  if (!instances.length) return undefined;
  const local = instances.find((i) => i.file === file);
  if (local) return { name: local.name };
  const imported = file.facts.imports.find((imp) => instances.some((i) => i.name === imp.local));
  if (imported) return { name: imported.local };
  const first = instances[0]!;
  return { name: first.name, module: first.file.module };
}
