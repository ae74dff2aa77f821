/**
 * Where a credential meets the value it is checked against: `==`/`!=`,
 * `in`/`not in`, constant-time helpers (`hmac.compare_digest`), and lookups
 * in a mapping. FG202, FG203 and FG211 read the same sites.
 */
import { calledName, callParts, isTrue, lastName, sequenceItems, stringValue, unwrap, words, type CallParts } from '../../analysis/python';
import type { SyntaxNode } from '../../analysis/syntax';
import { PASSWORD_HASHER, storesPassword } from '../../analysis/password-hashing';
import { localAssignments, unitFacts } from '../../analysis/facts';
import { boundValue, credentialInput, credentialTaints, describeOperand, fromRequest, hardcoded, hashedCredential, isDigestCall, isPasswordName, isOwnDefault, isSchemeLiteral, isPolicyOperand, isSentinel, isNamedSecret, isServerSecret, taintKey, terminalName, type CredentialInput } from './credentials';
import { isViewFunction, nodesOf, type FunctionScope, type SyntaxScope } from './scope';

/** `lookup`: the credential used as a key (`KEYS[key]`, `KEYS.get(key)`). */
export type CompareOp = '==' | '!=' | 'in' | 'not in' | 'constant-time' | 'lookup';

export interface Comparison {
  node: SyntaxNode;
  op: CompareOp;
  left: SyntaxNode;
  right: SyntaxNode;
  /** A library signature check: `right` is the key the payload is signed with, not a value `left` must equal. */
  keyed?: true;
}

const CONSTANT_TIME = /^(hmac\.compare_digest|secrets\.compare_digest|compare_digest|safe_str_cmp|constant_time_compare|constant_time\.bytes_eq|bytes_eq)$/;

/**
 * Stripe's webhook checks (`stripe.Webhook.construct_event(payload, sig_header, secret)`): the signature header
 * meets an HMAC of the payload under the endpoint secret, compared in constant time inside the library.
 */
const SIGNATURE_CHECKS = /(^|\.)(Webhook\.construct_event|WebhookSignature\.verify_header)$/;

/** Pure syntax, so kept on the definition node while its statement is unchanged. */
const COMPARISONS = new WeakMap<SyntaxNode, Comparison[]>();

/** The function's comparison sites (five rules read them). */
export function comparisons(scope: SyntaxScope): Comparison[] {
  const hit = COMPARISONS.get(scope.fact.node);
  if (hit) return hit;
  const out: Comparison[] = [];
  COMPARISONS.set(scope.fact.node, out);
  for (const n of nodesOf(scope, 'comparison_operator')) {
    const operands = n.namedChildren.filter((c) => c.type !== 'comment');
    const ops = n.fields('operators').map((o) => o.text.replace(/\s+/g, ' '));
    if (operands.length !== 2 || ops.length !== 1) continue;
    const op = ops[0]!;
    if (op === '==' || op === '!=' || op === 'in' || op === 'not in') out.push({ node: n, op, left: operands[0]!, right: operands[1]! });
  }
  for (const n of nodesOf(scope, 'call')) {
    const parts = callParts(n)!;
    if (parts.positional.length === 2 && CONSTANT_TIME.test(parts.name ?? '')) out.push({ node: n, op: 'constant-time', left: parts.positional[0]!, right: parts.positional[1]! });
    const signature = SIGNATURE_CHECKS.test(parts.name ?? '') ? parts.positional[1] ?? parts.keywords.get('sig_header') ?? parts.keywords.get('header') : undefined;
    const secret = parts.positional[2] ?? parts.keywords.get('secret');
    if (signature && secret) out.push({ node: n, op: 'constant-time', left: signature, right: secret, keyed: true });
    const mapping = parts.callee.type === 'attribute' && parts.callee.field_('attribute')?.text === 'get' ? parts.callee.field_('object') : undefined;
    if (mapping?.type === 'identifier' && parts.positional[0]) out.push({ node: n, op: 'lookup', left: parts.positional[0], right: mapping });
  }
  for (const n of nodesOf(scope, 'subscript')) {
    const mapping = n.field_('value');
    const key = n.field_('subscript');
    if (mapping?.type === 'identifier' && key && key.type !== 'slice' && key.type !== 'integer' && key.type !== 'string') out.push({ node: n, op: 'lookup', left: key, right: mapping });
  }
  return out;
}

/** The two sides as "the client's credential" and "what it is checked against", when one side is a credential. */
export function credentialSides(scope: SyntaxScope, c: Comparison): { input: CredentialInput; inputNode: SyntaxNode; other: SyntaxNode } | undefined {
  // Membership tests the credential against a collection: `key in KEYS`, not `' ' in token`.
  const order: [SyntaxNode, SyntaxNode][] = c.op === 'in' || c.op === 'not in' || c.op === 'lookup' ? [[c.left, c.right]] : [[c.left, c.right], [c.right, c.left]];
  for (const [a, b] of order) {
    const input = credentialInput(scope, a);
    // `scheme.lower() != 'bearer'` checks the frame of the header, not the secret.
    if (input) return isSchemeLiteral(b) || isOwnDefault(scope, a, b) ? undefined : { input, inputNode: a, other: b };
  }
  return undefined;
}

/** What a predicate named for a password screen looks for: `is_default_password`, `is_weak_password`. */
const SCREENED = /^(default|weak|common|banned|forbidden|blacklisted|insecure|compromised|pwned)$/;

/**
 * A password screened against known values, not checked against the expected one: the literals it meets are a
 * policy, not a key (FG202), and timing them tells nothing (FG203). Either the function hashes that password for
 * storage, so it is being chosen (`if password in COMMON_PASSWORDS:` beside `generate_password_hash(password)`), or
 * the function is named for the screen (`is_default_password`, asked after the login has checked the password).
 */
export function isPasswordScreen(scope: FunctionScope, input: CredentialInput, inputNode: SyntaxNode): boolean {
  if (!input.password) return false;
  const named = words(scope.fact.name);
  if (named.some((w) => SCREENED.test(w)) && named.some(isPasswordName)) return true;
  const keys = new Set(input.taints.map(taintKey));
  const same = (arg: SyntaxNode) => unwrap(arg)?.text === unwrap(inputNode)?.text || credentialTaints(scope, arg).some((t) => keys.has(taintKey(t)));
  return nodesOf(scope, 'call').some((call) => {
    const parts = callParts(call)!;
    return storesPassword(calledName(parts)) && parts.positional.some(same);
  });
}

/** FG211's finding: the client's password, the stored value it meets, and whether a database query compares them. */
export interface PlaintextCheck {
  input: CredentialInput;
  submitted: SyntaxNode;
  stored: SyntaxNode;
  /** What a local `stored` was copied from (`p = user.password`). */
  origin?: SyntaxNode;
  /** `Model.password == pw`, or a column compared inside `filter(...)` on a query: SQL, so `check_password_hash` cannot replace it. */
  inQuery: boolean;
}

/**
 * FG211: a submitted password compared as is with a stored one
 * (`user.password == form['password']`, `users[name] == password`,
 * `compare_digest(user.password, password)`, `filter(User.password == pw)`).
 */
export function plaintextPasswordCheck(scope: FunctionScope, c: Comparison): PlaintextCheck | undefined {
  if (c.op === 'in' || c.op === 'not in' || c.op === 'lookup') return undefined;
  const sides = credentialSides(scope, c);
  const pairs: [SyntaxNode, SyntaxNode][] = sides ? [[sides.inputNode, sides.other]] : [[c.left, c.right], [c.right, c.left]];
  for (const [submitted, other] of pairs) {
    const stored = unwrap(other)!;
    if (!isStoredValue(scope, stored)) continue;
    const origin = storedCopy(scope, stored);
    if (origin && !isStoredValue(scope, origin)) continue;
    const input = submittedPassword(scope, submitted, origin ?? stored);
    if (!input || storesCompared(scope, submitted, stored)) continue;
    return { input, submitted, stored, ...(origin && { origin }), inQuery: isColumn(origin ?? stored) || isQueryCriterion(c) };
  }
  return undefined;
}

/**
 * `p = user.password` then `if submitted == p:`: a local assigned once from a stored attribute or item is that
 * stored value under another name (a name rebound, or bound to anything else, says nothing).
 */
function storedCopy(scope: FunctionScope, stored: SyntaxNode): SyntaxNode | undefined {
  if (stored.type !== 'identifier') return undefined;
  const assigned = localAssignments(scope.fact, stored.text);
  const value = assigned.length === 1 && assigned[0]!.target.type === 'identifier' ? unwrap(assigned[0]!.value) : undefined;
  return value?.type === 'attribute' || value?.type === 'subscript' ? value : undefined;
}

/**
 * `Member.query.filter_by(name=name, password=pw)`, `Member.objects(name=name, password=pw)`: the password looked
 * up in the database as typed.
 */
export function plaintextPasswordLookups(scope: FunctionScope): { node: SyntaxNode; input: CredentialInput; column: string }[] {
  const out: { node: SyntaxNode; input: CredentialInput; column: string }[] = [];
  for (const call of nodesOf(scope, 'call')) {
    const parts = callParts(call)!;
    const method = parts.callee.type === 'attribute' ? parts.callee.field_('attribute')?.text : undefined;
    out.push(...sqlPasswordMatches(scope, parts, method === 'execute'));
    if (!takesKeywordCriteria(parts, method)) continue;
    for (const [column, value] of parts.keywords) {
      const input = isStoredPasswordName(column) ? submittedPassword(scope, value) : undefined;
      if (input) out.push({ node: value.parent!, input, column });
    }
  }
  return out;
}

/** Model lookups whose keywords are criteria in peewee and MongoEngine (`User.get_or_none(...)`, `User.objects.get(...)`). */
const KEYWORD_LOOKUPS = /^(get|get_or_none|get_or_404|filter)$/;

/**
 * A query whose keyword arguments are column criteria: SQLAlchemy's `filter_by` on any query, MongoEngine's
 * `Model.objects(...)`, and the lookups above on a model class or its `objects` manager (`cache.get(key, ...)` is none).
 */
function takesKeywordCriteria(parts: CallParts, method: string | undefined): boolean {
  if (method === 'filter_by') return true;
  const receiver = unwrap(parts.callee.field_('object'));
  if (method === 'objects') return isModelName(receiver);
  if (!KEYWORD_LOOKUPS.test(method ?? '')) return false;
  const manager = receiver?.type === 'call' ? unwrap(receiver.field_('function')) : receiver;
  return isModelName(receiver) || (manager?.type === 'attribute' && manager.field_('attribute')?.text === 'objects' && isModelName(unwrap(manager.field_('object'))));
}

/** `column = ?`, `= %s`, `= :name`, `= %(name)s`: a column matched against a bound parameter. */
const SQL_MATCH = /\b([A-Za-z_][\w.]*)\s*=\s*(\?|%s|:(\w+)|%\((\w+)\)s)/g;
const SQL_POSITIONAL = /\?|%s/g;

/**
 * `cur.execute("SELECT ... WHERE name = ? AND password = ?", (name, pw))`: the submitted password bound to a
 * password column in the WHERE clause (a SET clause stores, it does not compare). Reported on the SQL text.
 * A project helper handed a SELECT and its parameters (the Flask docs' `query_db(sql, args)`) runs it the same way.
 */
function sqlPasswordMatches(scope: FunctionScope, parts: CallParts, execute: boolean): { node: SyntaxNode; input: CredentialInput; column: string }[] {
  // Other calls only with the SQL written in place: resolving every call's first argument would cost each keystroke.
  if (!execute && (!parts.positional[1] || stringValue(unwrap(parts.positional[0])) === undefined)) return [];
  const sqlNode = sqlTextNode(scope, parts.positional[0]);
  const sql = sqlNode && stringValue(sqlNode);
  const where = sql?.search(/\bwhere\b/i) ?? -1;
  if (!sql || where < 0 || (!execute && !/^\s*select\b/i.test(sql))) return [];
  const params = unwrap(parts.positional[1]);
  const out: { node: SyntaxNode; input: CredentialInput; column: string }[] = [];
  for (const m of sql.matchAll(SQL_MATCH)) {
    const column = m[1]!.split('.').pop()!;
    if (m.index! < where || !isStoredPasswordName(column)) continue;
    const named = m[3] ?? m[4];
    const value = named ? namedParameter(params, named) ?? parts.keywords.get(named) : sequenceItems(params)?.[sql.slice(0, m.index!).match(SQL_POSITIONAL)?.length ?? 0];
    const input = value && submittedPassword(scope, value);
    if (input) out.push({ node: unwrap(parts.positional[0])!, input, column });
  }
  return out;
}

/** The SQL string: written inline, wrapped in SQLAlchemy's `text(...)`, or bound to a local name first. */
function sqlTextNode(scope: FunctionScope, arg: SyntaxNode | undefined): SyntaxNode | undefined {
  let n = unwrap(arg);
  const call = callParts(n);
  if (call && lastName(call.name) === 'text') n = unwrap(call.positional[0]);
  if (n?.type === 'identifier') n = unwrap(boundValue(scope, n.text));
  return n && stringValue(n) !== undefined ? n : undefined;
}

/** `{'pw': password}` → the value bound to `pw`. */
function namedParameter(params: SyntaxNode | undefined, name: string): SyntaxNode | undefined {
  if (params?.type !== 'dictionary') return undefined;
  return params.namedChildren.find((p) => p.type === 'pair' && stringValue(p.field_('key')) === name)?.field_('value') ?? undefined;
}

/**
 * What a stored password can be: not a sentinel, a computed digest, another request value or a value named as one
 * (a confirmation, an email), nor a password written in the code, inline or as a constant or setting (`ADMIN_PASSWORD = 'admin'`): that is a
 * credential in the source, FG202's.
 */
function isStoredValue(scope: FunctionScope, stored: SyntaxNode): boolean {
  if (isSentinel(stored) || fromRequest(scope, stored) || hashedCredential(scope, stored) || credentialInput(scope, stored) || isPolicyOperand(stored)) return false;
  // A lookup in a table of users' passwords (`USERS.get(name)`) is a store of them, even one written in the code.
  if (isLookup(stored) || storedSetting(stored)) return true;
  return stored.type !== 'string' && stored.type !== 'concatenated_string' && stored.type !== 'call' && !hardcoded(scope, stored);
}

/**
 * The client's password as checked against `stored`: a password input
 * against a password-named value or a lookup; and against a stored password
 * attribute (`member.password`, `row['passwd']`, or a `filter_by` column when
 * `stored` is absent), any value from the request, whatever the field is called.
 */
function submittedPassword(scope: FunctionScope, expr: SyntaxNode, stored?: SyntaxNode): CredentialInput | undefined {
  if (rehashed(scope, expr)) return undefined;
  const input = credentialInput(scope, expr);
  const setting = stored && storedSetting(stored);
  if (input?.password && (!stored || isPasswordName(terminalName(stored)) || isLookup(stored) || setting)) return input;
  if (stored && !setting && (stored.type !== 'attribute' && stored.type !== 'subscript' || !isStoredPasswordName(terminalName(stored)))) return undefined;
  if (input) return { ...input, password: true };
  const taints = scope.flow.taintsOf(expr).filter((t) => t.source.kind !== 'session');
  if (taints.length) return { label: describeOperand(expr, taints[0]!), taints, password: true };
  if (fromRequest(scope, expr)) return { label: `\`${unwrap(expr)!.text}\``, taints: [], password: true };
  return passwordArgument(scope, expr, stored) ?? promptedPassword(scope, expr, stored);
}

/**
 * `password = sha256(password.encode()).hexdigest()` before the check: the name no longer holds what was typed,
 * though the flow-insensitive taint still carries the form field it was first bound to.
 */
function rehashed(scope: FunctionScope, expr: SyntaxNode): boolean {
  const n = unwrap(expr);
  return n?.type === 'identifier' && localAssignments(scope.fact, n.text).some((a) => a.node.end <= n.start && hashes(a.value));
}

/**
 * `sha256(pw.encode()).hexdigest()`, `hash_pw(pw)`, `bcrypt.hashpw(...)`, `make_password(pw)`: a known hasher or a
 * call named for a digest by any of its words (project helpers vary); not `decrypt_password(pw)`, which gives the text back.
 */
function hashes(value: SyntaxNode): boolean {
  const parts = callParts(unwrap(value));
  const name = calledName(parts) ?? '';
  return PASSWORD_HASHER.test(name) || words(name).some((w) => /^(hash|digest|hexdigest|sha\d*|md5|crypt)$/.test(w));
}

/**
 * `def check_password(self, candidate): return self.password == candidate`: what the caller hands in is the
 * password to check, whatever the parameter is called, when the stored side is a plain password (a
 * `password_hash` may be compared with a digest the caller computed).
 */
function passwordArgument(scope: FunctionScope, expr: SyntaxNode, stored: SyntaxNode | undefined): CredentialInput | undefined {
  const n = unwrap(expr);
  // A view's parameters are URL parts, not a password a caller hands over.
  if (n?.type !== 'identifier' || !stored || isViewFunction(scope.fact) || !scope.fact.params.includes(n.text) || /^(self|cls)$/.test(n.text)) return undefined;
  return isPlainPassword(stored) && namesPlainValue(n.text) ? { label: `\`${n.text}\``, taints: [], password: true } : undefined;
}

/**
 * `pw = getpass.getpass()`, `click.prompt('Password', hide_input=True)` compared with `user.password`: a
 * password typed at the terminal (a CLI command that checks an account) against one stored as typed.
 */
function promptedPassword(scope: FunctionScope, expr: SyntaxNode, stored: SyntaxNode | undefined): CredentialInput | undefined {
  const n = unwrap(expr);
  if (n?.type !== 'identifier' || !stored || !isPlainPassword(stored)) return undefined;
  const parts = callParts(unwrap(boundValue(scope, n.text)));
  const called = lastName(parts?.name);
  const prompted = called === 'getpass' || (called === 'prompt' && isTrue(parts!.keywords.get('hide_input')));
  return prompted ? { label: `\`${n.text}\` (typed at a prompt)`, taints: [], password: true } : undefined;
}

/** `user.password`, not `user.password_hash`: a stored value named as a password kept as typed. */
function isPlainPassword(stored: SyntaxNode): boolean {
  const name = terminalName(stored);
  return isPasswordName(name) && namesPlainValue(name);
}

function namesPlainValue(name: string | undefined): boolean {
  return !words(name ?? '').some((w) => /^(hash|hashed|digest|hexdigest|encrypted|crypted|sha\d*|md5)$/.test(w));
}

/**
 * `if user.otp_secret != secret: user.otp_secret = secret`: the function writes the value it compared into the
 * place it compared it with (directly, or where a local copy was read from), so the comparison asks whether a
 * setting changed, not whether the client knows a secret.
 */
function storesCompared(scope: FunctionScope, value: SyntaxNode, place: SyntaxNode): boolean {
  const written = unwrap(value)!.text;
  const stored = unwrap(place)!;
  const copiedFrom = stored.type === 'identifier' ? unwrap(boundValue(scope, stored.text)) : undefined;
  const places = new Set([stored.text, copiedFrom?.text]);
  return unitFacts(scope.fact.node.unit).assignments.some((a) => a.scope === scope.fact && places.has(a.target.text) && unwrap(a.value)?.text === written);
}

/** `users[name]`, `USERS.get(name)`: a stored value found by key. */
function isLookup(expr: SyntaxNode): boolean {
  if (expr.type === 'subscript') return !!expr.field_('subscript') && expr.field_('subscript')!.type !== 'slice' && terminalName(expr) === undefined;
  const parts = callParts(expr);
  return !!parts && parts.callee.type === 'attribute' && calledName(parts) === 'get' && terminalName(expr) === undefined;
}

/**
 * `Setting.get_('enter_password')`, `Option.get_value('site_password')`: a model's getter handed the name of a stored
 * password, which it reads back as kept (not `os.getenv`, nor `app.config.get`: the environment and the configuration
 * are not a store of passwords set at run time). The name it is read under.
 */
function storedSetting(expr: SyntaxNode): string | undefined {
  const parts = callParts(expr);
  const method = parts?.callee.type === 'attribute' ? parts.callee.field_('attribute')?.text : undefined;
  if (!parts || words(method ?? '')[0] !== 'get' || !isModelName(unwrap(parts.callee.field_('object')))) return undefined;
  const key = stringValue(unwrap(parts.positional[0]));
  return isStoredPasswordName(key) ? key : undefined;
}

/** `password`, `passwd`, `password_hash`, `hashed_password`: a column that holds the password (not `password_changed_at`). */
function isStoredPasswordName(name: string | undefined): boolean {
  const w = words(name ?? '').filter((x) => !/^(hash|hashed|digest|encrypted|plain|plaintext|raw|current|stored)$/.test(x));
  return w.length > 0 && isPasswordName(w[w.length - 1]);
}

/** `User.password`: a column of a model class, as SQLAlchemy and peewee query expressions name it. */
function isColumn(expr: SyntaxNode): boolean {
  return expr.type === 'attribute' && isModelName(unwrap(expr.field_('object')));
}

/** `User`, `Teacher`: a class named as models are (not a constant such as `DB`). */
function isModelName(expr: SyntaxNode | undefined): boolean {
  return expr?.type === 'identifier' && /^[A-Z][a-z]/.test(expr.text);
}

/**
 * FG203: a secret compared with `==`/`!=`: the client's credential against a
 * server-side value, or a digest/signature against a secret. Both sides from
 * the client (a password confirmation) is not a secret comparison; with
 * neither side from the client (`s.token != get_jwt()['jti']`) an attacker
 * has no guess to time.
 */
export function timingUnsafe(scope: FunctionScope, c: Comparison): string | undefined {
  if (c.op === 'in' || c.op === 'not in') return searchedWithEquality(c.right)?.map((item) => timingUnsafe(scope, { ...c, op: '==', right: item })).find(Boolean);
  if ((c.op !== '==' && c.op !== '!=') || isQueryCriterion(c)) return undefined;
  const sides = credentialSides(scope, c);
  if (sides) {
    if (isSentinel(sides.other) || fromRequest(scope, sides.other) || isPolicyOperand(sides.other) || unwrap(sides.other)?.type === 'call' && lastName(callParts(sides.other)?.name) === 'len') return undefined;
    if (hardcoded(scope, sides.other) && isPasswordScreen(scope, sides.input, sides.inputNode)) return undefined;
    return storesCompared(scope, sides.inputNode, sides.other) ? undefined : sides.input.label;
  }
  for (const [a, b] of [[c.left, c.right], [c.right, c.left]] as const) {
    const hashed = hashedCredential(scope, a);
    if (hashed && !isSentinel(b) && stringValue(unwrap(b)) === undefined && !fromRequest(scope, b)) return `the digest of ${hashed.label}`;
    if (storedPasswordMeetsDigest(scope, a, b)) return `the digest \`${unwrap(a)!.text}\``;
  }
  if (isServerSecret(scope, c.left) && isServerSecret(scope, c.right)) return fromRequest(scope, c.left) || fromRequest(scope, c.right) ? `\`${unwrap(c.left)!.text}\`` : undefined;
  // A value the client chose, met with a secret the server keeps, is a guess at it whatever the client called it (`X-Tools-Key`).
  for (const [a, b] of [[c.left, c.right], [c.right, c.left]] as const) {
    if (fromRequest(scope, a) && !fromRequest(scope, b) && isNamedSecret(scope, b)) return clientValue(scope, a);
  }
  return undefined;
}

/**
 * `user.password == u.salted_password(pwd)`, `row['pw_hash'] != sha256(given).hexdigest()`: a password hash
 * verified by hand, whatever hands the candidate in (a model method given the whole form): the stored hash met
 * with a digest computed from an argument.
 */
function storedPasswordMeetsDigest(scope: FunctionScope, digest: SyntaxNode, stored: SyntaxNode): boolean {
  const s = unwrap(stored)!;
  const d = unwrap(digest)!;
  if ((s.type !== 'attribute' && s.type !== 'subscript') || !isStoredPasswordName(terminalName(s)) || fromRequest(scope, s)) return false;
  return isDigestCall(d) && d.find('argument_list').some((args) => args.namedChildren.length > 0);
}

/**
 * Query builders that take criteria (SQLAlchemy, peewee, Pony; peewee's `Model.get(...)`, `get_or_none(...)` and
 * flask_utils' `get_object_or_404(query, ...)` take them too) and the combinators criteria are nested in.
 */
const QUERY_METHODS = /^(filter|where|having|join|outerjoin|get|get_or_none|get_object_or_404|and_|or_|not_)$/;
/** What starts a query: Flask-SQLAlchemy's `Model.query`, `session.query(Model)`, `select(Model)`, peewee's `Model.select()`. */
const QUERY_ROOTS = /^(query|select|update|delete)$/;

/**
 * `User.query.filter(User.api_key == key)`, `select(User).where(and_(User.token == t, ...))`: a column compared in
 * a query builds SQL; the database looks the value up, and `compare_digest` could not stand in for it. A column is
 * a model-named class's attribute, or any `name.attr` when the builder hangs off a query
 * (`hotspot.query.join(proxy_group).filter(proxy_group.api_key == key)`: models need not be capitalised).
 */
function isQueryCriterion(c: Comparison): boolean {
  const builder = criteriaCall(c.node);
  if (!builder) return false;
  const onQuery = startsFromQuery(builder.field_('function')?.field_('object'));
  const column = (side: SyntaxNode) => isColumn(side) || (onQuery && side.type === 'attribute' && unwrap(side.field_('object'))?.type === 'identifier');
  return column(unwrap(c.left)!) || column(unwrap(c.right)!);
}

/** The query method (`filter`, `where`, ...) that takes `node` as a criterion, directly or through `and_`/`or_`/`not_`. */
function criteriaCall(node: SyntaxNode): SyntaxNode | undefined {
  for (let n = node.parent; n; n = n.parent) {
    if (n.type === 'call') {
      const callee = n.field_('function');
      const name = callee?.type === 'attribute' ? callee.field_('attribute')?.text : callee?.text;
      if (!QUERY_METHODS.test(name ?? '')) return undefined;
      if (name !== 'and_' && name !== 'or_' && name !== 'not_') return n;
    } else if (n.type !== 'argument_list' && n.type !== 'parenthesized_expression' && n.type !== 'binary_operator' && n.type !== 'unary_operator') return undefined;
  }
  return undefined;
}

/** A method chain that begins at a query (`x.query.join(y)`, `db.session.query(X).filter(...)`, `select(X)`). */
function startsFromQuery(receiver: SyntaxNode | undefined): boolean {
  for (let n = unwrap(receiver); n; ) {
    if (n.type === 'call') {
      const callee = n.field_('function');
      if (QUERY_ROOTS.test(lastName(callee?.type === 'attribute' ? callee.field_('attribute')?.text : callee?.text) ?? '')) return true;
      n = unwrap(callee);
    } else if (n.type === 'attribute') {
      if (n.field_('attribute')?.text === 'query') return true;
      n = unwrap(n.field_('object'));
    } else return false;
  }
  return false;
}

/**
 * "`supplied` (the `X-Tools-Key` header)" for a value read as it was sent; a part cut from a read
 * (`pair[1]` of `for pair in request.headers`) is named as written.
 */
function clientValue(scope: FunctionScope, expr: SyntaxNode): string {
  const t = scope.flow.taintsOf(expr).find((x) => x.source.kind !== 'session');
  return t && t.steps.length === 0 ? describeOperand(expr, t) : `\`${unwrap(expr)!.text}\``;
}

/**
 * The items of a tuple or list written in place: `in` tries them one by one with `==`
 * (`key in (request.args.get('key'), request.headers.get('X-Key'))`). A set or dict is hashed instead.
 */
function searchedWithEquality(expr: SyntaxNode): SyntaxNode[] | undefined {
  const n = unwrap(expr);
  return n?.type === 'tuple' || n?.type === 'list' ? sequenceItems(n) : undefined;
}
