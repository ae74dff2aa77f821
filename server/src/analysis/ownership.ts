/**
 * Object-level authorisation inside a view (FG303): which records it fetches
 * by an id from the URL, whether the query is scoped to the current user,
 * and whether an ownership or role test guards the use. The syntactic part
 * is cached per function definition node (unchanged units keep their nodes).
 */
import { CALLER_NOUNS, onlyHastensView, sendsAway } from './auth';
import { callParts, comparisonOperator, dottedName, lastName, literalParts, statements, stringValue, targetNames, unwrap } from './python';
import { ownNodes } from './body';
import { mongoCollection } from './models';
import type { SyntaxNode } from './syntax';

/** Expressions that stand for the logged-in identity (a session key may be a module constant: `session[CURR_USER_KEY]`). */
export const IDENTITY = /\bcurrent_user\b|\bg\.\w*(user|uid|account|identity|owner|member|principal)\w*|\bcurrent_identity\b|get_jwt_identity\s*\(|get_current_user\s*\(|\.current_user\s*\(|\bsession\s*(\[\s*|\.get\(\s*)['"]_?(user_?id|uid|id|user|username|account_?id)['"]|\bsession\s*(\[\s*|\.get\(\s*)(?=[A-Z])[A-Z0-9_]*(USER|AUTH|UID|ACCOUNT)[A-Z0-9_]*\s*[\],)]|\brequest\.user\b|\bget_jwt(_claims)?\s*\(/;
/**
 * The caller as the analysis of records sees it: the identities above, the principal an API guard keeps in `g`
 * once a machine credential checks out (`g.api_key`, `g.device`, `g.client`, `g.tenant`), and an id the app keeps in
 * its signed session (`session['doctor_id']`, `session.get('patient_id')` of a login with one key per role): the
 * server wrote it for this browser, so a query or test about it is about the caller. (Not part of IDENTITY: a machine
 * principal is no cookie identity, and a session id may name a cart as well as a person; for a record, either keeps
 * it to what was given to this caller.)
 */
const CALLER = new RegExp(
  `${IDENTITY.source}|\\bg\\.(current_|authenticated_|auth_)?(api_?key|key|client|device|tenant|org|organi[sz]ation|team|workspace|company|token)(_id)?\\b` +
    `|\\bsession\\s*(\\[\\s*|\\.get\\(\\s*)['"][A-Za-z]\\w*(_id|Id|ID)['"]`,
);
/** Words of a role or ownership test. */
const ROLE_WORDS = /\b(is_admin|is_superuser|is_staff|is_owner|has_role|has_roles|has_permission|has_perm|has_scope|can_\w+|may_\w+|owns\w*|admin|superuser|roles?|permissions?|privileges?|scopes?|owner\w*|authori[sz]ed?|is_authori[sz]ed)\b/i;
/** A session key named for a role: `admin_logged_in`, `is_staff`. */
const ROLE_FLAG_KEY = String.raw`['"]([a-z0-9]+_)*(is_)?(admin|staff|moderator|superuser)(_[a-z0-9]+)*['"]`;
/**
 * A session flag named for a role, read (`session.get('admin_logged_in')`, `session['is_staff']`) or tested for
 * (`'admin_logged_in' not in session`): the login granted that role.
 */
const SESSION_ROLE_FLAG = new RegExp(String.raw`\bsession\s*(\[\s*|\.get\(\s*)${ROLE_FLAG_KEY}|${ROLE_FLAG_KEY}\s+(not\s+)?in\s+session\b`, 'i');
/** A record's owner (`note.owner_id`, `doc.owners`): compared with the caller it is an ownership test. */
const OWNER_WORD = /\bowner\w*/i;
/** Data the client sends: what it names is whoever the client chooses, not the caller. */
const REQUEST_DATA = /\brequest\.(args|form|values|json|get_json|data|files|cookies|headers|view_args)\b/;
/** An authentication-only test says who is calling, not what they may touch. */
const AUTHENTICATION_ONLY = /\.(is_authenticated|is_anonymous|is_active)\b/g;

export interface Fetch {
  /** The whole chain (`Note.query.filter_by(id=x).first_or_404()`), where the finding goes. */
  node: SyntaxNode;
  /** The URL parameter it fetches by. */
  param: string;
  /** The query itself names the current user (`owner_id=current_user.id`, `current_user.notes...`). */
  scoped: boolean;
  /** The model class expression, when the fetch names one. */
  modelExpr?: SyntaxNode;
  /** What the parameter is matched against: the primary key (`get(x)`) or a named column (`filter_by(slug=x)`); absent for SQL. */
  key?: LookupKey;
  /** The query keeps to records everyone may see (`filter_by(id=x, is_public=True)`, `status='published'`). */
  published: boolean;
  /** pymongo: the collection the document is looked up in (`orders` of `db.orders.find_one(...)`), when it has a name. */
  collection?: string;
}

export type LookupKey = { kind: 'primary' } | { kind: 'column'; name: string };

const PRIMARY: LookupKey = { kind: 'primary' };

export interface ViewOwnership {
  fetches: Fetch[];
  /** An ownership or role test in a condition of the view. */
  checked: boolean;
  /**
   * An ownership test, or a role test that guards: its branches turn the request away, fetch the record or narrow a
   * value to the caller. A role read that only trims what is shown (`if current_user.role == 'student': nodes = [...]`)
   * does not: a helper with no other test guards nothing of the view that calls it.
   */
  guarded: boolean;
  /** Calls that pass a URL parameter or a fetched record to something else (helpers that may fetch or check). */
  handOffs: { call: SyntaxNode; name: string; param: string }[];
  /**
   * Fetches (their nodes) by an id a query scoped to the caller must find a record for first: the view turns away
   * otherwise (the caller's membership, `Membership.query.filter_by(room_id=room_id, user_id=current_user.id).first_or_404()`,
   * vouches for the id), or the fetch runs only in the branch where that record was found (`if note is None: ... else:`).
   */
  vouched: ReadonlySet<SyntaxNode>;
}

const CACHE = new WeakMap<SyntaxNode, Map<string, ViewOwnership>>();

const NO_NAMES: ReadonlySet<string> = new Set();

/** What a condition tests: a role of the caller, and the comparisons that match a record against the caller. */
interface AuthorizationTest {
  role: boolean;
  ownership: SyntaxNode[];
}

/**
 * Reads a condition of a view or helper. `callers` are names the function holds the caller in
 * (`user = User.query.filter_by(username=get_jwt_identity()).first()`); `supplied` are names holding what the
 * request chose (URL parameters, `request.json[...]`, an account looked up from them).
 */
function authorizationTest(cond: SyntaxNode, callers: ReadonlySet<string>, supplied: ReadonlySet<string>): AuthorizationTest {
  const comparisons = cond.find('comparison_operator');
  // Owner comparisons are judged below as comparisons, so their words do not make a role test.
  const ownerComparisons = comparisons.filter((cmp) => cmp.namedChildren.some(namesOwner));
  let text = cond.text;
  for (const cmp of ownerComparisons) text = text.replace(cmp.text, '');
  // Prose is data, not a role: `note.title == 'admin notes'` tests none, while keys like `g.user['role']` and `'admin'` still count.
  text = text.replace(AUTHENTICATION_ONLY, '').replace(/(['"])[^'"\n]*\s[^'"\n]*\1/g, "''");
  const isIdentity = (o: SyntaxNode) => CALLER.test(o.text.replace(AUTHENTICATION_ONLY, '')) || callers.has(rootName(o) ?? '');
  for (const flag of recordSettings(cond, isIdentity)) text = text.replace(flag.text, '');
  const ownership: SyntaxNode[] = [];
  let roleTest = false;
  for (const cmp of comparisons) {
    const operands = cmp.namedChildren;
    const identity = operands.filter(isIdentity);
    const others = operands.filter((o) => !identity.includes(o));
    if (operands.length < 2) continue;
    // `g.user['id'] != 0` singles out one account (the superuser) by its id, a role of its own; while
    // `len(current_user.notes) == 0` counts records.
    if (identity.some(isCallerId) && others.some((o) => o.type === 'integer')) roleTest = true;
    // `current_user.department != 'billing'`, `g.user.tier not in ('staff', 'support')`: the caller's kind against named
    // constants lets one class of callers through, a role by another name.
    else if (identity.some((o) => !isCallerId(o)) && others.length > 0 && others.every(isNamedConstant)) roleTest = true;
    // `x != current_user.id`: an identity compared with something that is not None or a literal.
    else if (identity.length > 0 && others.some((o) => o.type !== 'none' && o.type !== 'integer' && stringValue(o) === undefined)) ownership.push(cmp);
    // `note.owner_id != user_id` in a helper handed the caller's id; `note.owner_id != request.json['uid']` is not.
    else if (!identity.length && ownerComparisons.includes(cmp) && others.some((o) => !namesOwner(o) && isAccount(o, supplied))) ownership.push(cmp);
  }
  return { role: roleTest || ROLE_WORDS.test(text) || SESSION_ROLE_FLAG.test(text), ownership };
}

/**
 * `post.can_comment`, `room.may_join`: a setting stored on a record, read and not called, says what the record allows
 * everyone, not what the caller may do (`current_user.can_edit`, `note.can_edit(current_user)` still ask).
 */
function recordSettings(cond: SyntaxNode, isIdentity: (o: SyntaxNode) => boolean): SyntaxNode[] {
  return cond.find('attribute').filter((a) => {
    const called = a.parent?.type === 'call' && a.parent.field_('function') === a;
    return !called && /^(can|may)_/.test(a.field_('attribute')!.text) && !isIdentity(a.field_('object')!);
  });
}

/** Is this condition an ownership or role test (not only "is someone logged in")? */
export function isAuthorizationTest(cond: SyntaxNode, callers: ReadonlySet<string> = NO_NAMES, supplied: ReadonlySet<string> = NO_NAMES): boolean {
  const t = authorizationTest(cond, callers, supplied);
  return t.role || t.ownership.length > 0;
}

/** A non-empty string literal, or a list, tuple or set of them. */
function isNamedConstant(operand: SyntaxNode): boolean {
  const o = unwrap(operand)!;
  const items = ['list', 'tuple', 'set'].includes(o.type) ? o.namedChildren : [o];
  return items.length > 0 && items.every((i) => !!stringValue(i));
}

function namesOwner(operand: SyntaxNode): boolean {
  return stringValue(operand) === undefined && OWNER_WORD.test(operand.text);
}

/** An operand that may stand for an account: not None, not a literal, not something the request supplied. */
function isAccount(operand: SyntaxNode, supplied: ReadonlySet<string>): boolean {
  const o = unwrap(operand)!;
  if (['none', 'integer', 'float', 'true', 'false', 'string', 'concatenated_string'].includes(o.type)) return false;
  return !REQUEST_DATA.test(o.text) && !freeIdentifiers(o).some((id) => supplied.has(id.text));
}

/** The name an attribute or item read starts from: `user` for `user.id` and `user['id']`. */
function rootName(node: SyntaxNode): string | undefined {
  let n = unwrap(node);
  while (n && (n.type === 'attribute' || n.type === 'subscript')) n = unwrap(n.field_(n.type === 'attribute' ? 'object' : 'value'));
  return n?.type === 'identifier' ? n.text : undefined;
}

/** The caller's own id: `current_user.id`, `g.user['id']`, `session['user_id']`, `get_jwt_identity()`. */
const CALLER_ID = /(\.id|\[\s*['"](id|user_?id|uid)['"]\s*\]|\.get\(\s*['"](user_?id|uid)['"]\s*\)|get_jwt_identity\(\s*\))$/;

function isCallerId(node: SyntaxNode): boolean {
  return CALLER_ID.test(unwrap(node)?.text ?? '');
}

/** A function and the functions nested in it: a decorator's test sits in its wrapper. */
function withWrappers(def: SyntaxNode): SyntaxNode[] {
  return [def, ...def.find('function_definition').filter((f) => f !== def)];
}

const AUTHORIZES = new WeakMap<SyntaxNode, boolean>();

/**
 * Does this function (a decorator, a hook, a helper) test ownership or roles
 * in its conditions? A decorator's test sits in its nested wrapper, so nested
 * functions count here. Kept per definition node.
 */
export function testsAuthorization(def: SyntaxNode): boolean {
  let v = AUTHORIZES.get(def);
  if (v === undefined) {
    const bodies = withWrappers(def).map((f) => f.field_('body'));
    v = bodies.some((b) => {
      const supplied = b ? suppliedNames(b, []) : NO_NAMES;
      return conditions(b).some((c) => !onlyHastensView(c) && isAuthorizationTest(c, NO_NAMES, supplied));
    });
    AUTHORIZES.set(def, v);
  }
  return v;
}

/**
 * Predicates that grant access: a permission or role of the caller (`current_user.can('members:manage')`,
 * `g.user.has_role('admin')`, `current_user.is_admin()`), or the caller's ownership of a record
 * (`note.belongs_to(user)`, `post.is_author(current_user)`, `user.owns(doc)`).
 */
const ACCESS_PREDICATE =
  /^(can|may|(can|may)_\w+|is_allowed\w*|allowed_to\w*|is_permitted|has_\w*(role|permission|perm|scope|access|privilege|right)s?\w*|is_(admin|superuser|staff|moderator|manager)\w*|belongs_to\w*|(is_)?owned_by|is_owner\w*|owns\w*|is_author\w*|authored_by|is_creator\w*|created_by)$/;
/** Names that stand for the caller once a view hands `current_user` to a helper (`def edit(user, note)`). */
const CALLER_NAME = new RegExp(`^(${CALLER_NOUNS}|current_\\w+)([._]id)?$`, 'i');

function isCaller(node: SyntaxNode | undefined): boolean {
  const n = unwrap(node);
  return !!n && (CALLER.test(n.text) || CALLER_NAME.test(dottedName(n) ?? ''));
}

/** The predicate is about the caller: it is asked of the caller, or about the caller. */
function asksAccess(call: SyntaxNode): boolean {
  const parts = callParts(call)!;
  const receiver = parts.callee.type === 'attribute' ? parts.callee.field_('object') : undefined;
  const name = parts.callee.type === 'attribute' ? parts.callee.field_('attribute')!.text : lastName(parts.name);
  return !!name && ACCESS_PREDICATE.test(name) && [receiver, ...parts.positional].some(isCaller);
}

const PREDICATE_GUARDS = new WeakMap<SyntaxNode, boolean>();

/**
 * `if not current_user.can('x'): abort(403)`, `if not note.belongs_to(user): return redirect(...)`, or the
 * predicate's `else` turning the request away. Kept per definition node; a decorator's test sits in its wrapper.
 */
export function guardedByPredicate(def: SyntaxNode): boolean {
  let v = PREDICATE_GUARDS.get(def);
  if (v === undefined) PREDICATE_GUARDS.set(def, (v = refusesUnless(def, asksAccess)));
  return v;
}

/** The function (or its wrapper) turns the request away unless a predicate call that `asks` picks answers yes. */
export function refusesUnless(def: SyntaxNode, asks: (call: SyntaxNode) => boolean): boolean {
  const ifs = withWrappers(def).flatMap((f) => ownNodes(f.field_('body'), ['if_statement', 'elif_clause']));
  return ifs.some((stmt) => predicateGuard(stmt, asks));
}

function predicateGuard(stmt: SyntaxNode, asks: (call: SyntaxNode) => boolean): boolean {
  const cond = stmt.field_('condition');
  for (const call of cond?.find('call') ?? []) {
    if (!asks(call)) continue;
    const not = call.ancestor('not_operator');
    const negated = !!not && cond!.contains(not);
    if (negated && statements(stmt.field_('consequence')).some(sendsAway)) return true;
    const alternatives = stmt.type === 'if_statement' ? stmt.fields('alternative') : [];
    if (!negated && alternatives.length === 1 && alternatives[0]!.type === 'else_clause' && statements(alternatives[0]!.field_('body')).some(sendsAway)) return true;
  }
  return false;
}

/** Does this function (or its wrapper) test the caller's role or permission in a condition (`if not current_user.is_admin:`)? Ownership tests do not count. */
export function testsRole(def: SyntaxNode): boolean {
  return withWrappers(def).some((f) => conditions(f.field_('body')).some((c) => authorizationTest(c, NO_NAMES, NO_NAMES).role));
}

/** Does this function (a view, a helper, a decorator, a hook) test roles, permissions or ownership? */
export function authorizes(def: SyntaxNode): boolean {
  return testsAuthorization(def) || guardedByPredicate(def) || enforcesPolicy(def);
}

/** A check given the access rule, role or permission it enforces (`check_auth(request, rule=policy_rule)`). */
const ENFORCER = /^(check|enforce|authori[sz]e|require|verify)/i;
const POLICY_KEYWORD = /^(rule|policy|permissions?|roles?|scopes?|action)$/;

/**
 * The function (or its wrapper) calls a policy check as a statement, given the rule it enforces: its result
 * unused, the check can only refuse by raising (`utils.check_auth(flask.request, rule='nodes:delete')`).
 */
function enforcesPolicy(def: SyntaxNode): boolean {
  let v = POLICY_CHECKS.get(def);
  if (v === undefined) {
    const bodies = withWrappers(def).map((f) => f.field_('body'));
    v = bodies.some((b) =>
      ownNodes(b, ['expression_statement']).some((stmt) => {
        const parts = callParts(stmt.namedChildren[0]);
        const name = lastName(parts?.name);
        return !!parts && !!name && ENFORCER.test(name) && [...parts.keywords.keys()].some((k) => POLICY_KEYWORD.test(k));
      }),
    );
    POLICY_CHECKS.set(def, v);
  }
  return v;
}

const POLICY_CHECKS = new WeakMap<SyntaxNode, boolean>();

/** Conditions of ifs, elifs, asserts, while loops and conditional expressions inside `body` (nested definitions excluded). */
export function conditions(body: SyntaxNode | undefined): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (const n of ownNodes(body, ['if_statement', 'elif_clause', 'while_statement', 'assert_statement', 'conditional_expression'])) {
    const c = n.type === 'assert_statement' ? n.namedChildren[0] : n.type === 'conditional_expression' ? n.namedChildren[1] : n.field_('condition');
    if (c) out.push(c);
  }
  return out;
}

/** Conversions that keep a URL parameter's meaning: `int(x)`, `UUID(x)`, `x.strip()`. */
const CONVERSION = /^(int|str|abs|UUID|uuid\.UUID|ObjectId|strip|lower|decode\w*|unhash\w*|from_\w+)$/;

/**
 * `user_id = get_jwt_identity()` in `def put(self, user_id)`: the parameter is overwritten with the caller's
 * own id by every assignment to it, so what the URL said no longer reaches a query.
 */
function overwrittenByCaller(param: string, assignments: SyntaxNode[]): boolean {
  const own = assignments.filter((a) => targetNames(a.field_('left')).includes(param));
  return own.length > 0 && own.every((a) => {
    const right = a.field_('right');
    return !!right && CALLER.test(right.text) && !/\brequest\./.test(right.text) && !freeIdentifiers(right).some((id) => id.text === param);
  });
}

/** `owner_id = get_jwt_identity()`: every assignment of the function to the name binds it to the caller. */
export function boundToCaller(def: SyntaxNode, name: string): boolean {
  return overwrittenByCaller(name, def.field_('body')?.find('assignment') ?? []);
}

/** Names in the body that carry a URL parameter (`pid = int(post_id)`). */
function derivedNames(body: SyntaxNode, params: string[]): Map<string, string> {
  const assignments = body.find('assignment');
  const out = new Map(params.filter((p) => !overwrittenByCaller(p, assignments)).map((p) => [p, p] as [string, string]));
  for (let round = 0; round < 3; round++) {
    for (const a of assignments) {
      const right = unwrap(a.field_('right'));
      const parts = callParts(right);
      const inner = right?.type === 'identifier' ? right : parts && CONVERSION.test(lastName(parts.name) ?? parts.callee.field_('attribute')?.text ?? '') ? (parts.positional[0] ?? parts.callee.field_('object')) : undefined;
      const from = inner && mentions(inner, out);
      // Claims of a token checked against the app's key are whoever the app signed them for, not what the URL chose.
      if (!from || verifiedClaims(right!)) continue;
      for (const name of targetNames(a.field_('left'))) if (!out.has(name)) out.set(name, from);
    }
  }
  return out;
}

/** Claims decoded from the caller's token: whatever they hold is the caller's (`claims['uid']`). */
const TOKEN_CLAIMS = /\bjwt\.decode\s*\(|\b(decode|verify)_(auth_|access_)?token\s*\(/;

/** `jwt.decode(token, key, ...)` checks the signature (unless told not to); a project's `decode_token(...)` is taken at its word. */
function verifiedClaims(right: SyntaxNode): boolean {
  if (!TOKEN_CLAIMS.test(right.text) || /verify(_signature)?['"]?\s*[:=]\s*False/.test(right.text)) return false;
  const parts = callParts(right);
  return !parts || lastName(parts.name) !== 'decode' || parts.positional.length > 1 || parts.keywords.has('key');
}

const IDENTITY_NAMES = new WeakMap<SyntaxNode, ReadonlySet<string>>();

/** Names in the body that hold the caller's identity (`me = get_jwt_identity()`, `owner = claims['uid']`). */
function identityNames(body: SyntaxNode): ReadonlySet<string> {
  let out = IDENTITY_NAMES.get(body);
  if (!out) IDENTITY_NAMES.set(body, (out = namesFrom(body, [], (right) => CALLER.test(right.text) || TOKEN_CLAIMS.test(right.text))));
  return out;
}

/** The function returns the caller: `return get_jwt_identity()`, or `return claims['UserId']` after `claims = jwt.decode(...)`. */
export function returnsCaller(def: SyntaxNode): boolean {
  return returnedAboutCaller(def, () => true);
}

/**
 * The function answers whether the caller has a role: `return get_jwt_identity()['role'] == 'clerk'`, or
 * `return identity and identity.role in ('hr', 'admin')` after `identity = current_user`.
 */
export function returnsCallerRole(def: SyntaxNode): boolean {
  return returnedAboutCaller(def, (value, identity) => authorizationTest(value, identity, NO_NAMES).role);
}

/** Some value the function returns reads the caller and passes `test`. */
function returnedAboutCaller(def: SyntaxNode, test: (value: SyntaxNode, identity: ReadonlySet<string>) => boolean): boolean {
  const body = def.field_('body');
  if (!body) return false;
  const identity = identityNames(body);
  return ownNodes(body, ['return_statement']).some((r) => {
    const value = r.namedChildren[0];
    return !!value && (CALLER.test(value.text) || freeIdentifiers(value).some((id) => identity.has(id.text))) && test(value, identity);
  });
}

/**
 * Names that hold what the request chose: the URL parameters `params` still carry, request data, and what is
 * computed from them (`acct = User.query.get(user_id)`), unless it holds the caller.
 */
function suppliedNames(body: SyntaxNode, params: string[]): ReadonlySet<string> {
  const callers = identityNames(body);
  const out = namesFrom(body, [...derivedNames(body, params).keys()], (right) => REQUEST_DATA.test(right.text));
  return new Set([...out].filter((n) => !callers.has(n)));
}

/**
 * `seeds` and the names bound from an expression that is a `source` or mentions a name already found, followed
 * three bindings deep. Bindings are assignments, `for` targets (`for n in current_user.notes`; not indexes over
 * `range(...)`) and items added to a collection (`ids.append(p.id)`).
 */
function namesFrom(body: SyntaxNode, seeds: string[], source: (right: SyntaxNode) => boolean): Set<string> {
  const out = new Set(seeds);
  const bindings = bindingsOf(body);
  for (let round = 0; round < 3; round++) {
    for (const [left, right] of bindings) {
      if (!right || !(source(right) || freeIdentifiers(right).some((id) => out.has(id.text)))) continue;
      for (const name of targetNames(left)) out.add(name);
    }
  }
  return out;
}

const BINDINGS = new WeakMap<SyntaxNode, (readonly [SyntaxNode | undefined, SyntaxNode | undefined])[]>();
const COLLECTION_ADD = /^(append|add|extend|insert|update)$/;

function bindingsOf(body: SyntaxNode): (readonly [SyntaxNode | undefined, SyntaxNode | undefined])[] {
  let out = BINDINGS.get(body);
  if (out) return out;
  out = body.find('assignment').map((a) => [a.field_('left'), a.field_('right')] as const);
  for (const f of ownNodes(body, ['for_statement'])) {
    const iterable = unwrap(f.field_('right'));
    if (lastName(callParts(iterable)?.name) !== 'range') out.push([f.field_('left'), iterable]);
  }
  for (const call of ownNodes(body, ['call'])) {
    const callee = call.field_('function');
    const items = call.field_('arguments');
    if (callee?.type === 'attribute' && COLLECTION_ADD.test(callee.field_('attribute')!.text) && unwrap(callee.field_('object'))?.type === 'identifier' && items) out.push([callee.field_('object'), items]);
  }
  BINDINGS.set(body, out);
  return out;
}

/** Identifiers that name variables (not attribute names or keyword names). */
function freeIdentifiers(node: SyntaxNode): SyntaxNode[] {
  return node.find('identifier').filter((id) => !(id.parent?.type === 'attribute' && id.field === 'attribute') && !(id.parent?.type === 'keyword_argument' && id.field === 'name'));
}

/** The outermost call of a method chain that starts at `call` (`...filter_by(...).first_or_404()`). */
function chainTop(call: SyntaxNode): SyntaxNode {
  let top = call;
  while (top.parent?.type === 'attribute' && top.parent.field_('object') === top && top.parent.parent?.type === 'call') top = top.parent.parent;
  return top;
}

function mentions(node: SyntaxNode | undefined, names: Map<string, string>): string | undefined {
  if (!node) return undefined;
  for (const id of freeIdentifiers(node)) {
    const p = names.get(id.text);
    if (p) return p;
  }
  return undefined;
}

/** A filter that keeps to what anyone may see: `is_public=True`, `Quiz.published == True`, `status='published'`. */
const PUBLISHED_ONLY = /\b(is_)?(public|published)\s*==?\s*True\b|\.(is_)?(public|published)\.is_\(\s*True\s*\)|\b(status|state|visibility)\s*==?\s*['"](public|published)['"]/;

const QUERY_GET = /^(get|get_or_404|one|first|with_for_update)$/;
/** MongoEngine looks records up by keyword: `Post.objects(id=x)`, `Post.objects.get(id=x)`, Flask-MongoEngine's `get_or_404(id=x)`. */
const ODM_KEYWORD_FETCH = /^(get|get_or_404|first_or_404|filter)$/;

/**
 * Reads a fetch by a URL parameter: `Model.query.get(x)`, `get_or_404(x)`,
 * `db.session.get(Model, x)`, `db.get_or_404(Model, x)`,
 * `filter_by(id=x)`, `filter(Model.id == x)`, `select(...).where(...)`,
 * `Model.get_by_id(x)`, pymongo's `find_one({'_id': ObjectId(x)})`, and SQL `execute("... WHERE id = ?", (x,))`.
 */
function readFetch(call: SyntaxNode, names: Map<string, string>, identity: ReadonlySet<string>): Fetch | undefined {
  const parts = callParts(call)!;
  const method = parts.callee.type === 'attribute' ? parts.callee.field_('attribute')?.text ?? '' : '';
  const receiver = parts.callee.type === 'attribute' ? parts.callee.field_('object')! : undefined;
  const receiverName = dottedName(receiver) ?? '';
  const top = chainTop(call);
  // The node names the caller outside the id test: `.filter(Note.owner_id == owner)` with `owner = claims['uid']`.
  const namesCaller = (node: SyntaxNode, exclude: SyntaxNode[] = []) => {
    let rest = node.text;
    for (const e of exclude) rest = rest.replace(e.text, '');
    return CALLER.test(rest) || freeIdentifiers(node).some((id) => identity.has(id.text) && !exclude.some((e) => e.contains(id)));
  };
  const fetch = (param: string, evidence: SyntaxNode[], key: LookupKey | undefined, modelExpr?: SyntaxNode): Fetch => ({
    node: top,
    param,
    scoped: namesCaller(top, evidence),
    published: PUBLISHED_ONLY.test(top.text),
    ...(key && { key }),
    ...(modelExpr && { modelExpr }),
  });

  const odm = method === 'objects' || (/(^|\.)objects$/.test(receiverName) && ODM_KEYWORD_FETCH.test(method));
  if (method === 'filter_by' || odm) {
    for (const arg of call.field_('arguments')?.namedChildren ?? []) {
      if (arg.type !== 'keyword_argument') continue;
      const p = mentions(arg.field_('value'), names);
      if (p) return fetch(p, [arg], { kind: 'column', name: arg.field_('name')!.text }, method === 'objects' ? receiver : receiverModel(receiver));
    }
    if (method === 'filter_by') return undefined;
  }
  if (method === 'filter' || method === 'where') {
    for (const arg of parts.positional) {
      const p = mentions(arg, names);
      if (p) return fetch(p, [arg], comparedColumn(arg), receiverModel(receiver) ?? unwrap(arg.namedChildren[0])?.field_('object'));
    }
    return undefined;
  }
  // pymongo: `db.orders.find_one({'_id': ObjectId(order_id)})`, the filter a dict of field to value.
  const filter = method === 'find_one' ? unwrap(parts.positional[0]) : undefined;
  if (filter?.type === 'dictionary') {
    const collection = mongoCollection(receiver);
    for (const pair of filter.namedChildren) {
      const field = pair.type === 'pair' ? stringValue(pair.field_('key')) : undefined;
      const p = field && mentions(pair.field_('value'), names);
      if (p) return { ...fetch(p, [pair], /^_?id$/.test(field!) ? PRIMARY : { kind: 'column', name: field! }), ...(collection && { collection }) };
    }
    return undefined;
  }
  if ((QUERY_GET.test(method) || method === 'get_by_id') && receiver && (/\.query$|^query$|\.objects$/.test(receiverName) || /query\(/.test(receiver.text)) && parts.positional[0]) {
    const p = mentions(parts.positional[0], names);
    if (p) return fetch(p, keyParts(parts.positional[0], names), PRIMARY, receiverModel(receiver));
  }
  if (/^(get|get_one|get_or_404|one_or_404|first_or_404)$/.test(method) && /(^|\.)(session|db)$/.test(receiverName) && parts.positional.length >= 2) {
    const p = mentions(parts.positional[1], names);
    if (p) return fetch(p, keyParts(parts.positional[1]!, names), PRIMARY, parts.positional[0]);
  }
  if (method === 'get_by_id' && parts.positional[0]) {
    const p = mentions(parts.positional[0], names);
    if (p) return fetch(p, [parts.positional[0]], PRIMARY, receiver);
  }
  const query = method === 'execute' ? sqlQuery(parts.positional) : undefined;
  if (query) {
    if (!/\b(select|update|delete)\b[\s\S]*\bwhere\b/i.test(query.sql)) return undefined;
    const p = mentions(query.params, names);
    if (!p) return undefined;
    // `WHERE id = ? AND doctor_id = ?` with the caller bound there; `SET owner_id = ?` only writes the caller into any row.
    return { node: top, param: p, scoped: query.filters.some((v) => namesCaller(v)), published: false };
  }
  return undefined;
}

interface SqlQuery {
  sql: string;
  /** The values the text is run with, or the text that interpolates them. */
  params: SyntaxNode;
  /** The values the WHERE clause binds (those that pick the rows), not those the statement sets. */
  filters: SyntaxNode[];
}

/** Placeholders of a DB-API driver: `?`, `%s`, `%(name)s`, `:name`. */
const DBAPI_PLACEHOLDER = /\?|%s|%\((\w+)\)s|(?<![:\w]):([A-Za-z_]\w*)/g;
/** Fields of `%` formatting: `%s`, `%d`, `%(name)s`. */
const PERCENT_FIELD = /%[sdr]|%\((\w+)\)[sdr]/g;
/** Fields of `str.format`: `{}`, `{0}`, `{name}`, `{name!r:>4}`. */
const FORMAT_FIELD = /\{(\w*)(?:[!:][^{}]*)?\}/g;

/**
 * The SQL text and the values it is run with: `execute(sql, (x,))`, and the spellings that put the values into the
 * text itself (`execute(f"... WHERE id = {x}")`, `execute("... %s" % x)`, `execute("... {}".format(x))`).
 */
function sqlQuery(args: readonly SyntaxNode[]): SqlQuery | undefined {
  const [first, second] = args;
  const text = sqlText(first);
  if (!text) return undefined;
  if (second) {
    const sql = stringValue(text);
    return sql === undefined ? undefined : { sql, params: second, filters: whereValues(sql, DBAPI_PLACEHOLDER, bindings(second)) };
  }
  if (text.type === 'string' && text.children.some((c) => c.type === 'interpolation')) return { sql: literalParts(text)!, params: text, filters: interpolatedFilters(text) };
  if (text.type === 'binary_operator' && text.children.some((c) => c.type === '%')) {
    const sql = stringValue(text.field_('left'));
    const params = text.field_('right')!;
    return sql === undefined ? undefined : { sql, params, filters: whereValues(sql, PERCENT_FIELD, bindings(params)) };
  }
  const format = callParts(text);
  if (format && format.callee.type === 'attribute' && format.callee.field_('attribute')?.text === 'format') {
    const sql = stringValue(format.callee.field_('object'));
    const byField = (i: number, name: string | undefined) => (name ? (/^\d+$/.test(name) ? format.positional[Number(name)] : format.keywords.get(name)) : format.positional[i]);
    return sql === undefined ? undefined : { sql, params: text.field_('arguments')!, filters: whereValues(sql, FORMAT_FIELD, byField) };
  }
  return undefined;
}

/** The value a placeholder stands for, by its position among the text's placeholders or by its name. */
type Binding = (index: number, name: string | undefined) => SyntaxNode | undefined;

/** `(a, b)` or `[a, b]` by position, `{'k': v}` by name, a lone value for the only placeholder. */
function bindings(values: SyntaxNode): Binding {
  const v = unwrap(values)!;
  if (v.type === 'tuple' || v.type === 'list') return (i) => v.namedChildren[i];
  if (v.type === 'dictionary') return (_, name) => v.namedChildren.find((p) => p.type === 'pair' && stringValue(p.field_('key')) === name)?.field_('value') ?? undefined;
  return (i) => (i === 0 ? v : undefined);
}

/** The values bound to the placeholders that follow the text's WHERE. */
function whereValues(sql: string, placeholders: RegExp, value: Binding): SyntaxNode[] {
  const where = sql.search(/\bwhere\b/i);
  if (where < 0) return [];
  return [...sql.matchAll(placeholders)].flatMap((m, i) => {
    const v = m.index! > where ? value(i, m[1] ?? m[2]) : undefined;
    return v ? [v] : [];
  });
}

/** `f"... WHERE id = {x} AND owner_id = {me}"`: the interpolations after the WHERE. */
function interpolatedFilters(text: SyntaxNode): SyntaxNode[] {
  let before = '';
  const out: SyntaxNode[] = [];
  for (const c of text.children) {
    if (c.type === 'string_content') before += c.text;
    else if (c.type === 'interpolation' && /\bwhere\b/i.test(before) && c.namedChildren[0]) out.push(c.namedChildren[0]);
  }
  return out;
}

/** `sql = 'DELETE FROM note WHERE id = ?'` then `execute(sql, (x,))`: the text of a name the function assigns once. */
function sqlText(arg: SyntaxNode | undefined): SyntaxNode | undefined {
  const n = unwrap(arg);
  const body = n?.type === 'identifier' ? n.ancestor('function_definition')?.field_('body') : undefined;
  if (!body) return n;
  const values = ownNodes(body, ['assignment']).filter((a) => a.field_('left')?.text === n!.text);
  return values.length === 1 ? unwrap(values[0]!.field_('right')) : n;
}

/**
 * The parts of a primary key the URL supplies: all of a plain key, and of a composite one (`get((trolley_id, id))`)
 * those that carry a URL parameter, so that another part naming the caller scopes the fetch.
 */
function keyParts(key: SyntaxNode, names: Map<string, string>): SyntaxNode[] {
  const k = unwrap(key)!;
  return k.type === 'tuple' || k.type === 'list' ? k.namedChildren.filter((part) => mentions(part, names)) : [key];
}

/** `Note.slug == x` → the column `slug`; a test that is not one equality names no key. */
function comparedColumn(test: SyntaxNode): LookupKey | undefined {
  const cmp = unwrap(test);
  if (cmp?.type !== 'comparison_operator' || cmp.namedChildren.length !== 2 || !cmp.children.some((c) => c.type === '==')) return undefined;
  const column = cmp.namedChildren.map(unwrap).find((o) => o?.type === 'attribute');
  return column ? { kind: 'column', name: column.field_('attribute')!.text } : undefined;
}

/** `Note.query` → `Note`; `Note.objects` → `Note`; `db.session.query(Note)` → `Note`. */
function receiverModel(receiver: SyntaxNode | undefined): SyntaxNode | undefined {
  let n = unwrap(receiver);
  while (n) {
    if (n.type === 'attribute') {
      if (/^(query|objects)$/.test(n.field_('attribute')?.text ?? '')) return n.field_('object');
      n = unwrap(n.field_('object'));
    } else if (n.type === 'call') {
      const parts = callParts(n)!;
      if (lastName(parts.name) === 'query' || lastName(parts.name) === 'select') return parts.positional[0];
      n = parts.callee.type === 'attribute' ? unwrap(parts.callee.field_('object')) : undefined;
    } else return undefined;
  }
  return undefined;
}

/**
 * What a view (or helper) does with the URL parameters `params`. `callers` are a helper's parameters the view hands
 * the caller to (`get_for_user(order_id, current_user.id)`): inside the helper they are the caller.
 */
export function viewOwnership(def: SyntaxNode, params: string[], callers: readonly string[] = []): ViewOwnership {
  const key = `${params.join(',')}|${callers.join(',')}`;
  let byParams = CACHE.get(def);
  const hit = byParams?.get(key);
  if (hit) return hit;
  const body = def.field_('body')!;
  const names = derivedNames(body, params);
  const identity = callers.length ? new Set([...identityNames(body), ...namesFrom(body, [...callers], () => false)]) : identityNames(body);
  const fetches: Fetch[] = [];
  const handOffs: ViewOwnership['handOffs'] = [];
  const seen = new Set<SyntaxNode>();
  const calls: SyntaxNode[] = [];
  for (const n of ownNodes(body, ['call'])) {
    const f = readFetch(n, names, identity);
    if (f && !seen.has(f.node)) {
      seen.add(f.node);
      fetches.push(f);
    } else if (!f) calls.push(n);
  }
  // Records fetched into names (`note = Note.query.get(id)`) are handed off as well as parameters.
  const records = new Map(names);
  const fetched = new Set<string>();
  for (const f of fetches) {
    if (f.node.parent?.type !== 'assignment') continue;
    for (const n of targetNames(f.node.parent.field_('left'))) {
      records.set(n, f.param);
      fetched.add(n);
    }
  }
  for (const call of calls) {
    const parts = callParts(call)!;
    if (seen.has(call) || !parts.name) continue;
    const p = parts.positional.map((a) => mentions(a, records)).find(Boolean);
    if (p) handOffs.push({ call, name: parts.name, param: p });
  }
  const required = fetches.filter((f) => f.scoped && enforced(f.node, body));
  const vouched = new Set(
    fetches.filter((f) => required.some((r) => r.param === f.param) || fetches.some((s) => s.scoped && s.param === f.param && runsOnlyWhenFound(f.node, s.node))).map((f) => f.node),
  );
  // `for board in Board.query.filter_by(owner=me.email)` elsewhere in the view reuses the name: where it holds the record
  // the URL names, comparing it with the caller is an ownership test, not the caller compared with itself.
  const callerNames = new Set([...identity].filter((n) => !fetched.has(n)));
  const result: ViewOwnership = { fetches, ...checksRecords(body, params, [...records.keys()], callerNames, fetches), handOffs, vouched };
  if (!byParams) CACHE.set(def, (byParams = new Map()));
  byParams.set(key, result);
  return result;
}

/**
 * A role test anywhere in the body, or an ownership comparison about what the URL names: a parameter, a record
 * fetched by it, or what is read from them (`author = post.author`, `for m in project.members`). A comparison
 * about other records (`for n in Note.query.all(): if n.owner_id == current_user.id`) checks none of ours.
 */
function checksRecords(body: SyntaxNode, params: string[], records: string[], callers: ReadonlySet<string>, fetches: readonly Fetch[]): Pick<ViewOwnership, 'checked' | 'guarded'> {
  const supplied = suppliedNames(body, params);
  let ours: ReadonlySet<string> | undefined;
  let checked = false;
  for (const c of conditions(body)) {
    const t = authorizationTest(c, callers, supplied);
    ours ??= namesFrom(body, records, () => false);
    if (t.ownership.some((cmp) => freeIdentifiers(cmp).some((id) => ours!.has(id.text)))) return { checked: true, guarded: true };
    if (!t.role) continue;
    if (roleGuards(c, fetches, callers)) return { checked: true, guarded: true };
    checked = true;
  }
  return { checked, guarded: false };
}

/**
 * `return True`, `return False, err, 401`: a predicate's answer, or a refusal, that the caller acts on
 * (`ok, err, code = validate(...)` then `if ok:`).
 */
function answersCaller(ret: SyntaxNode): boolean {
  const value = unwrap(ret.namedChildren[0]);
  const items = value?.type === 'tuple' || value?.type === 'expression_list' ? value.namedChildren.map(unwrap) : [value];
  return ['true', 'false'].includes(items[0]?.type ?? '') || items.some((i) => i?.type === 'integer' && /^40[13]$/.test(i.text));
}

/**
 * The statement a role test heads turns the request away, fetches the record, or computes a value from the caller
 * (`q = q.filter_by(owner_id=current_user.id)`): the test decides who gets what. An `assert` refuses by itself.
 */
function roleGuards(cond: SyntaxNode, fetches: readonly Fetch[], callers: ReadonlySet<string>): boolean {
  const owner = cond.parent!;
  if (owner.type === 'assert_statement') return true;
  if (owner.type === 'while_statement') return false;
  const region = owner.type === 'elif_clause' ? owner.parent! : owner;
  const outside = (n: SyntaxNode) => !cond.contains(n);
  if (fetches.some((f) => region.contains(f.node))) return true;
  if (region.find('return_statement', 'raise_statement', 'expression_statement').some((s) => outside(s) && sendsAway(s))) return true;
  if (owner.type === 'conditional_expression' && region.find('call').some((c) => outside(c) && /^(abort|redirect)$/.test(lastName(callParts(c)?.name) ?? ''))) return true;
  if (region.find('return_statement').some(answersCaller)) return true;
  const values = owner.type === 'conditional_expression'
    ? owner.namedChildren
    : [...region.find('assignment').map((a) => a.field_('right')), ...region.find('return_statement').map((r) => r.namedChildren[0])];
  return values.some((v) => !!v && outside(v) && (CALLER.test(v.text) || freeIdentifiers(v).some((id) => callers.has(id.text))));
}

/** Calls that hand a query's result on: `db.session.execute(q)`, `db.session.scalar(q)`, `db.first_or_404(q)`. */
const RUNS_QUERY = /^(execute|scalar|scalars|first_or_404|one_or_404|get_or_404)$/;
/** Ends of a chain that abort (or raise) when no record matches. */
const REQUIRES_ROW = /^(first_or_404|one_or_404|get_or_404|one|scalar_one)$/;

/** The expression that holds the fetch's result: `db.session.execute(select(...).filter_by(...)).scalar_one()` as a whole. */
function resultOf(top: SyntaxNode): SyntaxNode {
  let node = top;
  for (;;) {
    const runner = node.parent?.type === 'argument_list' ? node.parent.parent : undefined;
    const parts = runner?.type === 'call' ? callParts(runner) : undefined;
    const name = parts?.callee.type === 'attribute' ? parts.callee.field_('attribute')!.text : undefined;
    if (!runner || !name || !RUNS_QUERY.test(name) || parts!.positional[0] !== node) return node;
    node = chainTop(runner);
  }
}

/**
 * The view cannot go on without a record of this query: the chain ends in `first_or_404()`/`one()`, or the result is
 * tested and the request turned away (`if m is None: abort(403)`, `... .first() or abort(403)`).
 */
function enforced(top: SyntaxNode, body: SyntaxNode): boolean {
  const value = resultOf(top);
  const parts = callParts(value);
  const method = parts?.callee.type === 'attribute' ? parts.callee.field_('attribute')!.text : lastName(parts?.name);
  if (REQUIRES_ROW.test(method ?? '') || (method === 'get' && managerGet(parts!) && !swallowed(value, body))) return true;
  const either = value.parent?.type === 'boolean_operator' && value.parent.field_('left') === value ? value.parent : undefined;
  if (either && /^(abort|redirect)$/.test(lastName(callParts(unwrap(either.field_('right')))?.name) ?? '')) return true;
  const assignment = (either ?? value).parent;
  const target = assignment?.type === 'assignment' ? assignment.field_('left') : undefined;
  const tested = (cond: SyntaxNode) => cond.contains(value) || (target?.type === 'identifier' && freeIdentifiers(cond).some((id) => id.text === target.text));
  return ownNodes(body, ['if_statement']).some((stmt) => tested(stmt.field_('condition')!) && statements(stmt.field_('consequence')).some(sendsAway));
}

/** `Report.objects.get(...)`: an ODM manager's get raises (MongoEngine's and Django's `DoesNotExist`) when nothing matches. */
function managerGet(parts: NonNullable<ReturnType<typeof callParts>>): boolean {
  const receiver = parts.callee.type === 'attribute' ? unwrap(parts.callee.field_('object')) : undefined;
  return receiver?.type === 'attribute' && receiver.field_('attribute')?.text === 'objects';
}

/** A `try` around `node` has a handler that neither returns nor raises (`except DoesNotExist: pass`): after a miss the view goes on. */
function swallowed(node: SyntaxNode, body: SyntaxNode): boolean {
  for (let t = node.ancestor('try_statement'); t && body.contains(t); t = t.ancestor('try_statement')) {
    const handlers = t.namedChildren.filter((c) => c.type === 'except_clause');
    if (handlers.some((h) => !statements(h.namedChildren.find((c) => c.type === 'block')).some((st) => st.type === 'return_statement' || sendsAway(st)))) return true;
  }
  return false;
}

/**
 * `note = <scoped fetch>` then `if note is None: ... else: <node>` (or `if note: <node>`): `node` runs only where the
 * caller's own record was found.
 */
function runsOnlyWhenFound(node: SyntaxNode, scoped: SyntaxNode): boolean {
  const assignment = resultOf(scoped).parent;
  const record = assignment?.type === 'assignment' ? assignment.field_('left') : undefined;
  if (record?.type !== 'identifier') return false;
  for (let n: SyntaxNode | null = node; n?.parent; n = n.parent) {
    const owner = n.parent;
    if (n.type !== 'block' || (owner.type !== 'if_statement' && owner.type !== 'else_clause')) continue;
    const ifStmt = owner.type === 'else_clause' ? owner.parent : owner;
    const found = ifStmt?.type === 'if_statement' ? presenceTested(ifStmt.field_('condition'), record.text) : undefined;
    if (found !== undefined && found === (owner.type === 'if_statement')) return true;
  }
  return false;
}

/** `x` or `x is not None` (true), `not x` or `x is None` (false): whether the condition holds when `x` is set; undefined for other tests. */
function presenceTested(cond: SyntaxNode | undefined, name: string): boolean | undefined {
  const c = unwrap(cond);
  if (c?.type === 'identifier') return c.text === name ? true : undefined;
  if (c?.type === 'not_operator') return unwrap(c.field_('argument'))?.text === name ? false : undefined;
  if (c?.type !== 'comparison_operator' || unwrap(c.namedChildren[0])?.text !== name || unwrap(c.namedChildren[1])?.type !== 'none') return undefined;
  const op = comparisonOperator(c);
  return op === 'is not' || op === '!=' ? true : op === 'is' || op === '==' ? false : undefined;
}

/**
 * Nothing changes the record: the chain neither deletes nor updates it, and the name it is fetched into is only read
 * (no attribute set on it, no `db.session.delete(note)`). A published record is anyone's to read, not to change.
 */
export function onlyRead(fetch: Fetch): boolean {
  if (changesRecord(fetch.node)) return false;
  const value = resultOf(fetch.node);
  const target = value.parent?.type === 'assignment' && value.parent.field_('right') === value ? value.parent.field_('left') : undefined;
  const body = fetch.node.ancestor('function_definition')?.field_('body');
  if (target?.type !== 'identifier' || !body) return true;
  return !freeIdentifiers(body).some((id) => id.text === target.text && id !== target && changedThere(id));
}

/**
 * `note.title = ...`, `note.views += 1`, `delete(note)`, `setattr(note, ...)`, `note.update(...)`, or a token minted for
 * the record (`user.generate_auth_token()`): whoever holds it acts as that account.
 */
function changedThere(use: SyntaxNode): boolean {
  const attr = use.parent?.type === 'attribute' && use.parent.field_('object') === use ? use.parent : undefined;
  const assigned = attr?.parent;
  if (assigned && (assigned.type === 'assignment' || assigned.type === 'augmented_assignment') && assigned.field_('left') === attr) return true;
  if (attr && attr.parent?.type === 'call' && /^(update|delete)$|^(generate|create|make|issue|get|encode)_\w*token$/.test(attr.field_('attribute')!.text)) return true;
  const call = use.parent?.type === 'argument_list' ? use.parent.parent : undefined;
  return !!call && /^(delete|setattr|merge)$/.test(lastName(callParts(call)?.name) ?? callParts(call)?.callee.field_('attribute')?.text ?? '');
}

/** The expression stands for the caller (`current_user`, `current_user.id`, `get_jwt_identity()`, `g.api_key`). */
export function isCallerExpression(node: SyntaxNode): boolean {
  return CALLER.test(node.text);
}

/** Is the fetch's result used (returned, changed, passed on), rather than thrown away? */
export function isUsed(fetch: Fetch): boolean {
  const parent = fetch.node.parent;
  if (changesRecord(fetch.node)) return true;
  return parent?.type !== 'expression_statement' && !onlyObjectOfCallerAction(fetch.node);
}

/**
 * A bare statement that still changes the record: `Note.query.filter_by(id=x).delete()`, or SQL
 * `db.execute('DELETE FROM notes WHERE id = ?', (x,))`.
 */
function changesRecord(call: SyntaxNode): boolean {
  const parts = callParts(call);
  const method = lastName(parts?.name) ?? parts?.callee.field_('attribute')?.text ?? '';
  if (method === 'execute') return /^\s*(update|delete)\b/i.test(sqlQuery(parts!.positional)?.sql ?? '');
  return /^(delete|update)$/.test(method);
}

/**
 * `target = db.session.get(User, id) or abort(404)` then only `current_user.follow(target)` (and tests
 * such as `if target is None`): the action changes the caller, and the record is neither returned nor
 * changed. A name never read again (`post = Post.query.get_or_404(post_id)` before the caller's own
 * comment on it) only proves the record exists.
 */
function onlyObjectOfCallerAction(fetch: SyntaxNode): boolean {
  let value = fetch;
  while (value.parent && (value.parent.type === 'parenthesized_expression' || (value.parent.type === 'boolean_operator' && value.parent.field_('left') === value))) value = value.parent;
  const assignment = value.parent;
  const target = assignment?.type === 'assignment' && assignment.field_('right') === value ? assignment.field_('left') : undefined;
  const body = fetch.ancestor('function_definition')?.field_('body');
  if (target?.type !== 'identifier' || !body) return false;
  const identity = identityNames(body);
  // The caller itself, not one of its collections: `current_user.notes.append(note)` takes the record over.
  const isCallerExpr = (n: SyntaxNode | undefined) =>
    !!n && (identity.has(n.text) || (CALLER.test(n.text) && n.type !== 'subscript' && !(n.type === 'attribute' && CALLER.test(n.field_('object')!.text))));
  const uses = freeIdentifiers(body).filter((id) => id.text === target.text && id !== target);
  // `render_template(..., **locals())` hands every name on, read or not.
  let actedOn = !uses.length && !/\blocals\(\)/.test(body.text);
  for (const use of uses) {
    const parent = use.parent!;
    if (parent.type === 'argument_list') {
      const callee = parent.parent?.field_('function');
      if (callee?.type !== 'attribute' || !isCallerExpr(callee.field_('object'))) return false;
      actedOn = true;
    } else if (keyOfCallerData(use, identity) || callerJoinsOrLeaves(use, isCallerExpr)) actedOn = true;
    else if (!testedOnly(idOf(use) ?? use, body) && !echoesKey(use)) return false;
  }
  return actedOn;
}

/** A collection of a record that grants access to it: joining one takes the record over. */
const ACCESS_RELATION = /member|collaborat|contributor|participant|editor|viewer|reader|writer|owner|admin|moderator|manager|staff|team|shared|access|permission|role/i;

/**
 * `post.fans.remove(current_user)`, `post.likers.append(current_user)`: the caller joins or leaves one of the record's
 * collections (a favourite, a like) and nothing else of the record changes. Leaving grants nothing; joining
 * `project.members` would grant the record itself.
 */
function callerJoinsOrLeaves(use: SyntaxNode, isCallerExpr: (n: SyntaxNode | undefined) => boolean): boolean {
  const relation = use.parent?.type === 'attribute' && use.parent.field_('object') === use ? use.parent : undefined;
  const method = relation?.parent?.type === 'attribute' && relation.parent.field_('object') === relation ? relation.parent : undefined;
  const parts = method?.parent?.type === 'call' ? callParts(method.parent) : undefined;
  const verb = method?.field_('attribute')!.text ?? '';
  if (!parts || parts.positional.length !== 1 || !isCallerExpr(parts.positional[0]) || !/^(append|add|remove|discard)$/.test(verb)) return false;
  return verb === 'remove' || verb === 'discard' || !ACCESS_RELATION.test(relation!.field_('attribute')!.text);
}

/** `use` in a test of the view (`if target is None`, `if target.id == current_user.id`). */
function testedOnly(use: SyntaxNode, body: SyntaxNode): boolean {
  return ['comparison_operator', 'not_operator', 'boolean_operator'].includes(use.parent!.type) && conditions(body).some((c) => c.contains(use));
}

/** Calls that only wrap a value into the answer: `jsonify(...)`, `make_response(...)`, `'... {}'.format(...)`. */
const ANSWER_CALL = /^(jsonify|make_response|dict|str|format)$/;
/** Nodes a value passes through on its way into the answer: a message, a dict, a tuple with the status. */
const ANSWER_PART = new Set(['interpolation', 'string', 'concatenated_string', 'keyword_argument', 'argument_list', 'pair', 'dictionary', 'tuple', 'expression_list', 'parenthesized_expression', 'binary_operator']);

/**
 * `return jsonify(message=f'Followed {target.id}')`: only the record's key goes back in the answer, the key the
 * caller named in the URL. Passed to any other call (`delete_messages(target.id)`), it does more than echo.
 */
function echoesKey(use: SyntaxNode): boolean {
  const key = idOf(use);
  for (let p = key?.parent; p; p = p.parent) {
    if (p.type === 'return_statement') return true;
    if (p.type === 'call') {
      const parts = callParts(p)!;
      const name = parts.callee.type === 'attribute' ? parts.callee.field_('attribute')!.text : lastName(parts.name);
      if (!ANSWER_CALL.test(name ?? '')) return false;
    } else if (!ANSWER_PART.has(p.type)) return false;
  }
  return false;
}

/** `target.id` (or `.pk`, `.uuid`) when `use` is read only for its key. */
function idOf(use: SyntaxNode): SyntaxNode | undefined {
  const parent = use.parent;
  return parent?.type === 'attribute' && parent.field_('object') === use && /^(id|pk|uuid)$/.test(parent.field_('attribute')!.text) ? parent : undefined;
}

/** Queries and constructors that take the record's key (`Model.query.filter_by(...)`, `Message(...)`). */
const KEYED_CALL = /^(filter|filter_by|where|get|get_or_404|first_or_404|count|exists|[A-Z]\w*)$/;

/**
 * `Message.query.filter_by(sender_id=peer.id, receiver_id=current_user.id)`, `Message(sender_id=current_user.id,
 * receiver_id=peer.id)`: the record's id only picks the caller's own data about it (a conversation, a follow),
 * so nothing of the record itself is read or changed.
 */
function keyOfCallerData(use: SyntaxNode, identity: ReadonlySet<string>): boolean {
  const key = idOf(use);
  const args = key?.ancestor('argument_list');
  const parts = callParts(args?.parent ?? undefined);
  const method = parts && (parts.callee.type === 'attribute' ? parts.callee.field_('attribute')!.text : lastName(parts.name));
  if (!args || !method || !KEYED_CALL.test(method)) return false;
  return CALLER.test(args.text) || freeIdentifiers(args).some((id) => identity.has(id.text));
}

const RULE_PARAMS = new Map<string, string[]>();
const ID_NAME = /^(id|pk|uuid|guid)$|_(id|pk|uuid|guid)$|[a-z]Id$/;

/** The variables of a URL rule the view takes (rules are parsed once: project checks ask on every pass). */
export function pathParams(rule: string, viewParams: readonly string[]): string[] {
  let names = RULE_PARAMS.get(rule);
  if (!names) {
    names = rule.includes('<') ? [...rule.matchAll(/<(?:[^:>]+:)?(\w+)>/g)].map((m) => m[1]!) : [];
    if (RULE_PARAMS.size > 10_000) RULE_PARAMS.clear();
    RULE_PARAMS.set(rule, names);
  }
  return names.length ? names.filter((n) => viewParams.includes(n)) : names;
}

/** URL parameters named as record ids: `id`, `pk`, `uuid`, `*_id`, `*Id`. */
export function isIdName(param: string): boolean {
  return ID_NAME.test(param);
}

/**
 * `itemid` for an `OrderItem`, `userid` for a `User`: a parameter spelled `<model>id` in one word, where the prefix is the
 * model's name or a word of it. Words that merely end in "id" (`paid`, `valid`, `grid`) name no model.
 */
export function isModelIdName(param: string, model: string): boolean {
  const prefix = /^([a-z]+)id$/i.exec(param)?.[1];
  return !!prefix && namesModel(prefix, model);
}

/** `purchase` for a `Purchase`, `item` for an `OrderItem`: the model's name, or a word of it, in one lower-case word. */
export function namesModel(word: string, model: string): boolean {
  const w = word.toLowerCase();
  return /^[a-z]+$/.test(w) && (w === model.toLowerCase() || model.split(/(?<=[a-z0-9])(?=[A-Z])|_/).some((part) => part.toLowerCase() === w));
}

/** `purchase` matched against `purchase_id` (`purchaseId`, `PurchaseID`): the parameter carries the id the column holds. */
export function isIdColumnOf(param: string, column: string): boolean {
  const stem = /^(.+?)_?id$/i.exec(column)?.[1];
  return !!stem && stem.toLowerCase() === param.toLowerCase();
}
