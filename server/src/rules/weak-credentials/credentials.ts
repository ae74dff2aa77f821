/**
 * What the FG2xx rules ask of an expression: is it a credential the client
 * sent (and which), a hard-coded value, a server-side secret, or a harmless
 * sentinel (`None`, `''`)? Credentials are recognised by source first (the
 * data flow), then by the parameters of auth callbacks and credential-named
 * parameters, never by an arbitrary local name alone.
 */
import { endsInTranslatedPassword, hasTranslatedPassword, isCredential, isCredentialWord, isPagingCursor, KEY_QUALIFIERS, nameWords, type Taint } from '../../analysis/dataflow';

export { isCredentialWord };
import { localAssignments, type ClassFact, type FunctionFact } from '../../analysis/facts';
import { callParts, dottedName, lastName, sequenceItems, stringValue, unwrap, words, type CallParts } from '../../analysis/python';
import type { SyntaxNode, Unit } from '../../analysis/syntax';
import type { IndexedFile, Workspace } from '../../analysis/workspace';
import { literalSetting } from './configured';
import { isViewFunction, nodesOf, unitScopes, type FunctionScope, type SyntaxScope } from './scope';

/** Parts of a credential that name or frame it rather than prove anything. */
const IDENTITY_PART = /^(username|user|user_?name|login|email|type|scheme|realm|user_?id|uid)$/i;
/** Words of a one-time link's purpose: password reset, address confirmation, invitation. */
export const LINK_PURPOSE: ReadonlySet<string> = new Set(['reset', 'confirm', 'confirmation', 'verify', 'verification', 'activate', 'activation', 'invite', 'invitation', 'unsubscribe', 'magic']);
/** Authorization schemes compared against the first part of the header. */
const SCHEMES = new Set(['bearer', 'basic', 'token', 'digest', 'apikey', 'api-key', 'jwt', 'hmac', 'negotiate', 'signature', 'key', 'hoba', 'mutual']);

/** A credential the client sent, as the flow sees it: secret-bearing, not the scheme or the user name. */
export function credentialTaints(scope: SyntaxScope, expr: SyntaxNode | undefined): Taint[] {
  return scope.flow.taintsOf(expr).filter((t) => isCredential(t) && !isIdentityPart(t) && !isSchemePart(t) && !isPinNumber(credentialName(t), t.source.node));
}

/** The name the credential was read under: the source's, else the first key taken from it (`request.json['pin']`). */
function credentialName(t: Taint): string | undefined {
  const key = t.steps.find((s) => s.op === 'key');
  return t.source.name ?? (key?.op === 'key' ? key.name : undefined);
}

/** Devices whose pins are numbered: `gpio_pin`, `led_pin`. */
const PIN_HARDWARE = new Set(['gpio', 'led', 'relay', 'servo', 'motor', 'pwm', 'sensor', 'button', 'buzzer', 'output', 'input', 'io', 'board', 'bcm', 'analog', 'digital']);

/**
 * A pin number, not a PIN: named for the hardware (`gpio_pin`), or a bare `pin` turned into a number where it is
 * read (`int(request.json['pin'])`, `request.args.get('pin', type=int)`). A PIN stays the string that was typed,
 * since its leading zeros count.
 */
export function isPinNumber(name: string | undefined, read: SyntaxNode): boolean {
  const said = words(name ?? '');
  if (said[said.length - 1] !== 'pin') return false;
  if (said.length > 1) return PIN_HARDWARE.has(said[said.length - 2]!);
  return convertedToNumber(read);
}

const NUMBER = /^(int|float)$/;

/** The value read at `read` (through `[...]` and `.get(...)` on it) is converted to a number at once. */
function convertedToNumber(read: SyntaxNode): boolean {
  let n = read;
  for (;;) {
    const p = n.parent;
    if (p?.type === 'subscript' && p.field_('value') === n) n = p;
    else if (p?.type === 'attribute' && p.field_('object') === n && p.parent?.type === 'call') n = p.parent;
    else if (p?.type === 'parenthesized_expression') n = p;
    else break;
  }
  const parts = callParts(n);
  if (NUMBER.test(unwrap(parts?.keywords.get('type'))?.text ?? '')) return true;
  const call = n.parent?.type === 'argument_list' ? (n.parent.parent ?? undefined) : undefined;
  return NUMBER.test(callParts(call)?.name ?? '');
}

function isIdentityPart(t: Taint): boolean {
  const keys = t.steps.filter((s): s is Extract<Taint['steps'][number], { op: 'key' }> => s.op === 'key');
  const last = keys.length ? keys[keys.length - 1]!.name : t.source.kind === 'authorization' ? t.source.name : undefined;
  return !!last && IDENTITY_PART.test(last);
}

/** `parts[0]` (or `scheme` of `scheme, token = ...split()`) of a split header is its scheme. */
function isSchemePart(t: Taint): boolean {
  const i = t.steps.findLastIndex((s) => s.op === 'method' && /^(split|rsplit|partition|rpartition)$/.test(s.name));
  const next = i >= 0 ? t.steps[i + 1] : undefined;
  return (next?.op === 'index' && next.node.text === '0') || (next?.op === 'unpack' && next.position === 0);
}

/** A stable key for "the same credential" across reads: kind and name (`header:x-api-key`). */
export function taintKey(t: Taint): string {
  return `${t.source.kind === 'headers' ? 'header' : t.source.kind}:${credentialName(t) ?? ''}`;
}

/** The name the client used for the credential, as written in the code (`X-API-Key`). */
function writtenName(t: Taint): string | undefined {
  const n = t.source.node;
  const parts = callParts(n);
  const written = parts ? stringValue(parts.positional[0]) : n.type === 'subscript' ? stringValue(n.field_('subscript')) : undefined;
  if (written) return written;
  if (t.source.name) return t.source.written ?? t.source.name;
  const key = t.steps.find((s) => s.op === 'key');
  return key?.op === 'key' ? key.written : undefined;
}

/** "the `X-API-Key` header", "the `token` query parameter", "the Basic auth password". */
export function describeTaint(t: Taint): string {
  const name = writtenName(t);
  switch (t.source.kind) {
    case 'authorization':
      // `auth = request.authorization` then `auth.password` names the part by a step, not the source.
      return name ? `the Basic auth ${name}` : 'the `Authorization` credentials';
    case 'header':
    case 'headers':
      return name ? `the \`${name}\` header` : 'the request headers';
    case 'arg':
      return name ? `the \`${name}\` query parameter` : 'the query string';
    case 'form':
      return name ? `the \`${name}\` form field` : 'the form';
    case 'json':
      return name ? `the \`${name}\` JSON field` : 'the JSON body';
    case 'cookie':
      return name ? `the \`${name}\` cookie` : 'the cookies';
    case 'values':
      return name ? `the \`${name}\` request value` : 'the request values';
    case 'data':
      return 'the request body';
    case 'parsed':
      return name ? `the \`${name}\` argument of the request parser` : 'the parsed request arguments';
    default:
      return name ? `\`${name}\`` : 'a request value';
  }
}

/** Starts a message with the description: "The `X-API-Key` header is...". */
export function sentence(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** `token (the `Authorization` header)` for a name, the description alone for a direct read. */
export function describeOperand(expr: SyntaxNode, t: Taint): string {
  const e = unwrap(expr)!;
  const what = describeTaint(t);
  return e.type === 'identifier' || e.type === 'attribute' ? `\`${e.text}\` (${what})` : what;
}

const SECRET_WORDS = new Set(['token', 'tokens', 'secret', 'secrets', 'password', 'passwords', 'passwd', 'pwd', 'pw', 'passphrase', 'signature', 'sig', 'digest', 'hexdigest', 'hmac', 'apikey', 'otp', 'credential', 'credentials']);
const HASH_QUALIFIERS = new Set(['password', 'pw', 'pwd', 'passwd', 'key', 'token', 'secret', 'api']);

/** A name that says it holds a secret: `api_token`, `key_digest`, `API_KEY`, `password_hash` (not `token_type`, `key`). */
export function isSecretName(name: string | undefined): boolean {
  if (!name) return false;
  const w = nameWords(name);
  const last = w[w.length - 1];
  const prev = w[w.length - 2];
  if (!last || isPagingCursor(prev, last)) return false;
  if (SECRET_WORDS.has(last) || endsInTranslatedPassword(w)) return true;
  if ((last === 'key' || last === 'keys') && prev !== undefined && KEY_QUALIFIERS.has(prev)) return true;
  return last === 'hash' && prev !== undefined && HASH_QUALIFIERS.has(prev);
}

/** What a one-time code is for, besides a link's purposes: `recovery_code`, `otp_code`, `sms_code`. */
const CODE_PURPOSE: ReadonlySet<string> = new Set([...LINK_PURPOSE, 'recovery', 'recover', 'otp', 'totp', 'mfa', '2fa', 'twofa', 'sms', 'login']);

/**
 * A code named for the proof it gives (`reset_code`, `email_verification_code`, `code_recovery`): sent to the user's
 * mail or phone, it stands in for a token. `code` alone is as often a status, country or OAuth code;
 * `activate_resp_code` is a status and `reset_code_sent_at` bookkeeping.
 */
export function isOneTimeCodeName(name: string | undefined): boolean {
  const w = words(name ?? '');
  const [last, prev] = [w[w.length - 1], w[w.length - 2]];
  if (last === 'code') return prev !== undefined && CODE_PURPOSE.has(prev);
  return w.length === 2 && prev === 'code' && CODE_PURPOSE.has(last!);
}

/** A name that says it holds a password. */
export function isPasswordName(name: string | undefined): boolean {
  if (!name) return false;
  const w = nameWords(name);
  return w.some((x) => /^(password|passwd|pwd|pw|passphrase|pass)$/.test(x)) || hasTranslatedPassword(w);
}

/**
 * What a password policy meets a password with, which no check of a credential does: the account's public names
 * (`password == email`, refused at sign-up) and the same password typed again (`password != password_confirm` in a
 * helper handed both). Timing either gives away nothing secret, and neither is a stored password.
 */
export function isPolicyOperand(expr: SyntaxNode | undefined): boolean {
  return isAccountName(expr) || isRetyped(expr);
}

/**
 * `password_confirm`, `confirmation`, `password2`, `repeat_pw`, `password_control`: named as the password typed a second time, by
 * those words alone (`email_confirmation_key` is a secret sent for a confirmation).
 */
function isRetyped(expr: SyntaxNode | undefined): boolean {
  const w = words(terminalName(unwrap(expr)) ?? '');
  return w.some((x) => RETYPED.test(x)) && w.every((x) => RETYPED.test(x) || x === 'new' || isPasswordName(x));
}

const RETYPED = /^(confirm|confirmation|confirmed|control|repeat|repeated|again|retype|retyped|(password|passwd|pwd|pw|pass)2)$/;

/** What an account is known by in public: `email`, `user.username`, `first_name`, `phone_number`. */
const ACCOUNT_NAME = /^(email|mail|username|login|name|nickname|handle|phone|mobile)$/;
/** What follows those words without changing what is named: `email_address`, `phone_number`. */
const NAME_SUFFIX = /^(address|addr|number|no)$/;

/**
 * An account's public attribute, also normalised (`email.lower()`); not a secret that mentions one (`email_token`,
 * `password_login`).
 */
function isAccountName(expr: SyntaxNode | undefined): boolean {
  const name = terminalName(unnormalised(expr));
  const w = words(name ?? '');
  const last = w.length > 1 && NAME_SUFFIX.test(w[w.length - 1]!) ? w[w.length - 2] : w[w.length - 1];
  return !!last && ACCOUNT_NAME.test(last) && !isPasswordName(name);
}

/** `email.strip().lower()` → `email`: the value a case or whitespace normalisation is applied to. */
function unnormalised(expr: SyntaxNode | undefined): SyntaxNode | undefined {
  let n = unwrap(expr);
  for (let parts = callParts(n); parts?.callee.type === 'attribute' && !parts.positional.length && /^(lower|upper|casefold|strip|lstrip|rstrip)$/.test(parts.callee.field_('attribute')?.text ?? ''); parts = callParts(n)) {
    n = unwrap(parts.callee.field_('object'));
  }
  return n;
}

/** The identifier, attribute or key an expression names (`user.password` → `password`, `row['token']` → `token`). */
export function terminalName(expr: SyntaxNode | undefined): string | undefined {
  const n = unwrap(expr);
  if (!n) return undefined;
  if (n.type === 'identifier') return n.text;
  if (n.type === 'attribute') return n.field_('attribute')?.text;
  if (n.type === 'subscript') return stringValue(n.field_('subscript'));
  if (n.type === 'call') {
    const parts = callParts(n)!;
    const method = lastName(parts.name);
    if (method === 'get' && parts.callee.type === 'attribute') return stringValue(parts.positional[0]) ?? undefined;
    return method;
  }
  return undefined;
}

/**
 * `hashlib.sha256(b'key').hexdigest()`: a digest of values written in the code is as fixed as they are.
 * `hmac.new(b'k', request.data, sha256).hexdigest()`: an HMAC's only secret is its key, so a key written
 * in the code lets anyone who reads it sign any message.
 */
function literalDigest(scope: FunctionScope, expr: SyntaxNode, depth: number): string | undefined {
  const parts = callParts(expr)!;
  const method = parts.callee.type === 'attribute' ? parts.callee.field_('attribute')?.text : undefined;
  if (method === 'hexdigest' || method === 'digest') {
    const object = unwrap(parts.callee.field_('object'));
    return object?.type === 'call' ? literalDigest(scope, object, depth) : undefined;
  }
  if (!HASH_FUNCTIONS.test(parts.name ?? '')) return undefined;
  if (HMAC_FUNCTIONS.test(parts.name!)) {
    const key = parts.keywords.get('key') ?? parts.positional[0];
    return hardcoded(scope, key, depth + 1) ? HMAC_OF_LITERAL : undefined;
  }
  const input = parts.positional[0];
  return input && hardcoded(scope, input, depth + 1) ? DIGEST_OF_LITERAL : undefined;
}

const HMAC_OF_LITERAL = 'an HMAC under a hard-coded key';
const DIGEST_OF_LITERAL = 'the digest of a literal';

const HMAC_FUNCTIONS = /^(hmac\.new|hmac\.digest|hmac\.HMAC|HMAC)$/;
const HASH_FUNCTIONS = /^(hashlib\.\w+|hmac\.new|hmac\.digest|hmac\.HMAC|HMAC|\w*sha\d+|md5|blake2[bs])$/;

/**
 * `hashlib.sha256(x).hexdigest()`, `hmac.new(k, m, sha256).digest()`, `make_signature(...)`: a computed digest or
 * signature, a value worth timing or keeping secret, so a call named for a secret counts. Not the password hashers
 * (`PASSWORD_HASHER`): a bcrypt hash is verified, never compared, and `decrypt_password(pw)` is a
 * secret here but gives the typed text back there.
 */
export function isDigestCall(expr: SyntaxNode | undefined): boolean {
  const parts = callParts(expr);
  if (!parts) return false;
  const name = parts.name ?? (parts.callee.type === 'attribute' ? parts.callee.field_('attribute')?.text : undefined) ?? '';
  const last = lastName(name) ?? '';
  if (/^(hexdigest|digest|b64encode|urlsafe_b64encode)$/.test(last)) return isDigestCall(parts.callee.field_('object')) || /^(hexdigest|digest)$/.test(last);
  return HASH_FUNCTIONS.test(name) || isSecretName(last);
}

/** A parameter of the function that carries a credential by its name (`password`, `token`, `api_key`). */
export function credentialParameter(scope: SyntaxScope, expr: SyntaxNode | undefined): string | undefined {
  const n = unwrap(expr);
  if (n?.type !== 'identifier' || !scope.fact.params.includes(n.text)) return undefined;
  return isSecretName(n.text) && isCredentialWord(n.text) ? n.text : undefined;
}

/**
 * `api_key == 'auto'` in `def add(api_key='auto')`: a parameter tested against its own default asks whether the
 * caller gave a value, not whether the value is right.
 */
export function isOwnDefault(scope: SyntaxScope, param: SyntaxNode, value: SyntaxNode): boolean {
  const name = unwrap(param);
  const literal = unwrap(value);
  if (name?.type !== 'identifier' || !literal || stringValue(literal) === undefined) return false;
  return (scope.fact.node.field_('parameters')?.namedChildren ?? []).some(
    (p) => (p.type === 'default_parameter' || p.type === 'typed_default_parameter') && p.field_('name')?.text === name.text && unwrap(p.field_('value'))?.text === literal.text,
  );
}

/** A WTForms field value (`form.password.data`): its field name. */
function formField(expr: SyntaxNode | undefined): string | undefined {
  const n = unwrap(expr);
  if (n?.type !== 'attribute' || n.field_('attribute')?.text !== 'data') return undefined;
  const field = n.field_('object');
  const form = field?.type === 'attribute' ? dottedName(field.field_('object')) : undefined;
  return form && /form/i.test(form) ? field!.field_('attribute')?.text : undefined;
}

/** WTForms: `form.password.data`. */
export function formPasswordField(expr: SyntaxNode | undefined): string | undefined {
  return isPasswordName(formField(expr)) ? unwrap(expr)!.text : undefined;
}

/**
 * A WTForms field value read directly or through the function's one local name for it
 * (`password = form.password.data`): its field name. Rebound, the name may hold anything.
 */
function formFieldRead(scope: SyntaxScope, expr: SyntaxNode | undefined): string | undefined {
  const n = unwrap(expr);
  if (n?.type !== 'identifier') return formField(n);
  const bound = localAssignments(scope.fact, n.text);
  return bound.length === 1 && bound[0]!.target.type === 'identifier' ? formField(bound[0]!.value) : undefined;
}

export interface CredentialInput {
  /** For messages: "`token` (the `Authorization` header)", "the `password` form field". */
  label: string;
  taints: Taint[];
  /** Only a password counts for FG211. */
  password: boolean;
}

/** The client's credential, read from the request or handed to the function as one. */
export function credentialInput(scope: SyntaxScope, expr: SyntaxNode | undefined): CredentialInput | undefined {
  if (!expr) return undefined;
  const taints = credentialTaints(scope, expr);
  if (taints.length) {
    const t = taints[0]!;
    const named = [t.source.name, ...t.steps.map((s) => (s.op === 'key' ? s.name : ''))];
    return { label: describeOperand(expr, t), taints, password: named.some(isPasswordName) };
  }
  const param = credentialParameter(scope, expr);
  if (param) return { label: `\`${param}\``, taints: [], password: isPasswordName(param) };
  const field = formFieldRead(scope, expr);
  if (!isPasswordName(field)) return undefined;
  const read = unwrap(expr)!;
  return { label: read.type === 'identifier' ? `\`${read.text}\` (the \`${field}\` form field)` : `\`${read.text}\``, taints: [], password: true };
}

/** Comes from the request at all (any source): a value the client chose. */
export function fromRequest(scope: FunctionScope, expr: SyntaxNode | undefined): boolean {
  return scope.flow.taintsOf(expr).some((t) => t.source.kind !== 'session') || formFieldRead(scope, expr) !== undefined;
}

/** `'null'`, `'undefined'`: what a front end sends when it has no token (`Bearer null`), tested like `None`. */
const ABSENT_TEXT = /^(null|undefined|none|nil)$/i;

/**
 * `_MISSING`, `NULL`, `ndr.NULL`: a constant named for "no value" (often `object()`), which the app
 * compares with like `None`; a secret is never kept under such a name.
 */
const ABSENT_NAME = /^_*(null|none|nil|undefined|missing|unset|not_?set|sentinel|no_?value)$/i;

/** `None`, `''`, `b''`, `'null'`, a named absent marker, booleans and numbers: what presence tests compare with. */
export function isSentinel(expr: SyntaxNode | undefined): boolean {
  const n = unwrap(expr);
  if (!n) return false;
  if (['none', 'true', 'false', 'integer', 'float'].includes(n.type)) return true;
  if (n.type === 'identifier' || n.type === 'attribute') return ABSENT_NAME.test(terminalName(n) ?? '');
  const v = stringValue(n);
  return v !== undefined && (v === '' || ABSENT_TEXT.test(v));
}


export function isSchemeLiteral(expr: SyntaxNode | undefined): boolean {
  const v = stringValue(unwrap(expr));
  return v !== undefined && isSchemeName(v);
}

/** `Bearer`, `token ` (in any case, spaces aside): an authorization scheme's name. */
export function isSchemeName(text: string): boolean {
  return SCHEMES.has(text.trim().toLowerCase());
}

/**
 * A value written into the code: a literal, an f-string or concatenation of
 * literals, or a name bound (in the function or at module level) to one; a
 * list/set/tuple/dict of them. Returns how to describe it, else undefined.
 */
export function hardcoded(scope: FunctionScope, expr: SyntaxNode | undefined, depth = 0): string | undefined {
  const n = unwrap(expr);
  if (!n || depth > 5) return undefined;
  const v = stringValue(n);
  if (v !== undefined) return isSentinel(n) ? undefined : 'a string literal';
  if (n.type === 'string') {
    const parts = n.children.filter((c) => c.type === 'interpolation');
    return parts.every((p) => hardcoded(scope, p.namedChildren[0], depth + 1)) ? 'a string built from literals' : undefined;
  }
  if (n.type === 'binary_operator') {
    return hardcoded(scope, n.field_('left'), depth + 1) && hardcoded(scope, n.field_('right'), depth + 1) ? 'a string built from literals' : undefined;
  }
  const items = sequenceItems(n) ?? (n.type === 'dictionary' ? n.namedChildren.filter((c) => c.type === 'pair').map((p) => p.field_('key')!) : undefined);
  if (items) return items.length && items.every((i) => hardcoded(scope, i, depth + 1)) ? 'a collection of literals' : undefined;
  const setting = literalSetting(scope.workspace, n);
  if (setting) return setting;
  const call = callParts(n);
  const digest = call && literalDigest(scope, n, depth);
  if (digest) return digest;
  if (call) {
    const name = call.name ?? '';
    // `set([...])`, `frozenset({...})`, `'key'.encode()`.
    if (/^(set|frozenset|list|tuple)$/.test(name) && call.positional.length === 1) return hardcoded(scope, call.positional[0], depth + 1);
    if (call.callee.type === 'attribute' && call.callee.field_('attribute')?.text === 'encode') return hardcoded(scope, call.callee.field_('object'), depth + 1);
    // `KEYS.get(key)` or `token in TOKENS.values()` on a dict of literals: the values are written in the code.
    const method = call.callee.type === 'attribute' ? call.callee.field_('attribute')?.text : undefined;
    if (method === 'get' || (method === 'values' && !call.positional.length)) return dictValuesHardcoded(scope, call.callee.field_('object'), depth);
    // `key in KEYS.keys()` is `key in KEYS`.
    if (method === 'keys' && !call.positional.length) return hardcoded(scope, call.callee.field_('object'), depth + 1);
    const signer = digestHelper(scope, n);
    if (signer) return literalDigest(signer.scope, signer.value, depth + 1);
    const literals = literalHelper(scope, n);
    const inner = literals && hardcoded(literals.scope, literals.value, depth + 1);
    return inner ? `\`${call.name}()\`, a function that returns ${inner}` : undefined;
  }
  if (n.type === 'subscript') return dictValuesHardcoded(scope, n.field_('value'), depth);
  const name = dottedName(n);
  if (!name) return undefined;
  const value = boundValue(scope, name) ?? classConstant(scope, name);
  if (!value) return n.type === 'identifier' ? loopedLiteral(scope, n.text, depth) : undefined;
  const inner = hardcoded(scope, value, depth + 1);
  return inner ? `\`${name}\`, ${describeConstant(value, inner)}` : undefined;
}

/**
 * `for name, expected in TOKENS.items():` (or `.values()`, or a list of literals), also in a comprehension
 * (`any(compare_digest(key, k) for k in KEYS)`): the loop variable takes each value written in the code in
 * turn, so comparing with it compares with them.
 */
function loopedLiteral(scope: FunctionScope, name: string, depth: number): string | undefined {
  for (const loop of nodesOf(scope, 'for_statement', 'for_in_clause')) {
    const target = unwrap(loop.field_('left'));
    const targets = sequenceItems(target) ?? (target ? [target] : []);
    const position = targets.findIndex((t) => t.type === 'identifier' && t.text === name);
    if (position < 0) continue;
    const iterated = unwrap(loop.field_('right'));
    const call = callParts(iterated);
    const method = call?.callee.type === 'attribute' ? call.callee.field_('attribute')?.text : undefined;
    const mapping = call?.callee.field_('object');
    if (method === 'items') return targets.length === 2 && position === 1 ? dictValuesHardcoded(scope, mapping, depth) : undefined;
    if (method === 'values') return targets.length === 1 ? dictValuesHardcoded(scope, mapping, depth) : undefined;
    return targets.length === 1 && !call ? hardcoded(scope, iterated, depth + 1) : undefined;
  }
  return undefined;
}

/** The one value a function returns, by its own syntax (so its unit summary says the same). */
function singleReturn(scope: SyntaxScope): SyntaxNode | undefined {
  const returns = nodesOf(scope, 'return_statement');
  return returns.length === 1 ? unwrap(returns[0]!.namedChildren[0]) : undefined;
}

/** The one value a workspace helper returns, when it computes a digest. */
export function digestReturn(scope: SyntaxScope): SyntaxNode | undefined {
  const value = singleReturn(scope);
  return value && isDigestCall(value) ? value : undefined;
}

/** `expected_key()` where `def expected_key(): return current_app.config['API_KEY']`: the helper called and the one value it returns. */
function helperReturn(scope: FunctionScope, call: SyntaxNode): { scope: FunctionScope; value: SyntaxNode } | undefined {
  const name = callParts(call)!.name;
  const b = name ? scope.workspace.resolveDotted(scope.file, name, scope.fact) : undefined;
  if (b?.kind !== 'function' || b.fact === scope.fact) return undefined;
  const helper = unitScopes(b.fact.node.unit, b.file, scope.workspace).find((s) => s.fact === b.fact);
  const value = helper && singleReturn(helper);
  return helper && value ? { scope: helper, value } : undefined;
}

/**
 * `get_tokens()` where `def get_tokens(): return {'MYTOKEN': 'DAN'}`: a project function that takes nothing returns
 * the same value on every call, so checking against it is checking against what it returns, as with a constant.
 */
function literalHelper(scope: FunctionScope, call: SyntaxNode): { scope: FunctionScope; value: SyntaxNode } | undefined {
  const parts = callParts(call)!;
  if (parts.positional.length || parts.keywords.size) return undefined;
  const returned = helperReturn(scope, call);
  return returned && constantReturn(returned.scope) ? returned : undefined;
}

/** What a function returns literals as: written in place, built from them, or a name bound to them (a call is not followed). */
const LITERAL_SHAPES = /^(string|concatenated_string|binary_operator|list|set|tuple|dictionary|identifier|attribute)$/;

/**
 * The one value a function that takes nothing returns, when it can be literals (`literalHelper` follows it). Not a
 * view's: Flask calls those, not the code comparing credentials.
 */
export function constantReturn(scope: SyntaxScope): SyntaxNode | undefined {
  if (scope.fact.params.length || isViewFunction(scope.fact)) return undefined;
  const value = singleReturn(scope);
  return value && LITERAL_SHAPES.test(value.type) ? value : undefined;
}

/** `signature(request.data)` where `def signature(body): return hmac.new(KEY, body, sha256).hexdigest()`: the helper and what it returns. */
function digestHelper(scope: FunctionScope, call: SyntaxNode): { scope: FunctionScope; value: SyntaxNode } | undefined {
  const returned = helperReturn(scope, call);
  return returned && isDigestCall(returned.value) ? returned : undefined;
}

function dictValuesHardcoded(scope: FunctionScope, mapping: SyntaxNode | undefined, depth: number): string | undefined {
  const name = dottedName(unwrap(mapping));
  const value = unwrap(name ? boundValue(scope, name) : mapping);
  if (value?.type !== 'dictionary') return undefined;
  const values = value.namedChildren.filter((c) => c.type === 'pair').map((p) => p.field_('value')!);
  return values.length && values.every((v) => hardcoded(scope, v, depth + 1)) ? `a value of \`${name ?? 'a dict'}\`, a dict of literals` : undefined;
}

/** What a name is bound to: a computed value (a digest, an HMAC) says how it was computed. */
function describeConstant(value: SyntaxNode, inner: string): string {
  const v = unwrap(value)!;
  if (inner === HMAC_OF_LITERAL || inner === DIGEST_OF_LITERAL) return inner;
  return stringValue(v) !== undefined ? 'a constant assigned from a literal' : 'a constant built from literals';
}

/** The value a name is bound to where the scope's function reads it (see `nameBinding`). */
export function boundValue(scope: FunctionScope, name: string): SyntaxNode | undefined {
  return nameBinding(scope.workspace, scope.file, scope.fact, name)?.node;
}

/**
 * The value a name is bound to where `fn` (or, without one, the module) reads it, with the file that binds it: the
 * function's single local assignment (rebound, it may hold either), else the module-level one, its last; not a
 * parameter or class attribute. A dotted name (`conf.LOGIN`) only names a module constant.
 */
export function nameBinding(workspace: Workspace, file: IndexedFile, fn: FunctionFact | undefined, name: string): { file: IndexedFile; node: SyntaxNode } | undefined {
  const local = name.includes('.') || !fn ? [] : localAssignments(fn, name);
  if (local.length) return local.length === 1 && local[0]!.target.type === 'identifier' ? { file, node: local[0]!.value } : undefined;
  if (fn?.params.includes(name)) return undefined;
  const b = name.includes('.') ? workspace.resolveDotted(file, name, fn) : workspace.resolveName(file, name);
  return b?.kind === 'value' && !b.fact.scope && !b.fact.className && b.fact.target.type === 'identifier' ? { file: b.file, node: b.fact.value } : undefined;
}

/** `Config.API_KEY`: a class attribute read through its class (or an instance), as a class of settings keeps it. */
function classConstant(scope: FunctionScope, name: string): SyntaxNode | undefined {
  if (!name.includes('.')) return undefined;
  const b = scope.workspace.resolveDotted(scope.file, name, scope.fact);
  if (b?.kind !== 'value' || !b.fact.className || b.fact.scope || b.fact.target.type !== 'identifier') return undefined;
  const cls = b.file.facts.classes.find((c) => c.name === b.fact.className && c.node.contains(b.fact.node));
  // A pydantic `BaseSettings` field is read from the environment (or `.env`): its literal is only a default.
  return cls && readsEnvironment(scope.workspace, b.file, cls, 0) ? undefined : b.fact.value;
}

const ENVIRONMENT_SETTINGS = /(^|\.)BaseSettings$/;

/** The class, or a workspace class it derives from, is a pydantic `BaseSettings`. */
export function readsEnvironment(workspace: Workspace, file: IndexedFile, cls: ClassFact, depth: number): boolean {
  return cls.bases.some((base) => {
    if (ENVIRONMENT_SETTINGS.test(base)) return true;
    const b = depth < 3 ? workspace.resolveDotted(file, base) : undefined;
    return b?.kind === 'class' && readsEnvironment(workspace, b.file, b.fact, depth + 1);
  });
}

/** A server-side secret or a digest computed from one (`record.key_digest`, `hmac.new(...).hexdigest()`, `expected`). */
export function isServerSecret(scope: FunctionScope, expr: SyntaxNode | undefined): boolean {
  const n = unwrap(expr);
  if (!n || stringValue(n) !== undefined || isSentinel(n)) return false;
  if (isDigestCall(n)) return true;
  if (n.type === 'call') return false;
  if (isSecretName(terminalName(n))) return true;
  if (n.type === 'identifier') {
    const value = boundValue(scope, n.text);
    return !!value && isDigestCall(value);
  }
  return false;
}

/**
 * A secret the server keeps under a name that says so (`current_app.config['API_KEY']`, `config.get('API_TOKEN')`,
 * `user.api_token`), also as the one value a project helper returns (`expected_key()`). A digest is not one by
 * itself: the checksum of a body is integrity, not a secret.
 */
export function isNamedSecret(scope: FunctionScope, expr: SyntaxNode | undefined, depth = 0): boolean {
  const n = unwrap(expr);
  if (!n || stringValue(n) !== undefined || isSentinel(n) || isDigestCall(n)) return false;
  const named = (name: string | undefined) => isSecretName(name) || isOneTimeCodeName(name);
  if (n.type !== 'call') return named(terminalName(n));
  if (lastName(callParts(n)!.name) === 'get') return named(terminalName(n));
  const returned = depth < 3 ? helperReturn(scope, n) : undefined;
  return !!returned && isNamedSecret(returned.scope, returned.value, depth + 1);
}

/**
 * The credential inputs that a digest computation hashes (`sha256(key.encode()).hexdigest()` → key), written
 * inline, bound to a name first (`key_digest = sha256(...).hexdigest()`), or handed to a project helper that
 * returns a digest (`hash_key(key)`).
 */
export function hashedCredential(scope: FunctionScope, expr: SyntaxNode | undefined): CredentialInput | undefined {
  let n = unwrap(expr);
  if (n?.type === 'identifier') n = unwrap(boundValue(scope, n.text));
  if (!n || !(isDigestCall(n) || (n.type === 'call' && digestHelper(scope, n)))) return undefined;
  let found: CredentialInput | undefined;
  for (const fed of [n, ...hashObjectInputs(scope, n)]) {
    fed.walk((c) => {
      if (found || c === n) return found ? false : undefined;
      found = credentialInput(scope, c);
      return found ? false : undefined;
    });
  }
  return found;
}

/**
 * `h = hashlib.new('sha512')`, `h.update(salt + pw)`, then `h.hexdigest()`: a digest built step by step hashes
 * what the object was made with and every `update` it was fed in the function.
 */
function hashObjectInputs(scope: FunctionScope, digest: SyntaxNode): SyntaxNode[] {
  const parts = callParts(digest);
  const method = parts?.callee.type === 'attribute' ? parts.callee.field_('attribute')?.text : undefined;
  const object = parts?.callee.field_('object');
  if ((method !== 'hexdigest' && method !== 'digest') || object?.type !== 'identifier') return [];
  const made = unwrap(boundValue(scope, object.text));
  if (!made || !HASH_FUNCTIONS.test(callParts(made)?.name ?? '')) return [];
  const fed = nodesOf(scope, 'call').filter((c) => {
    const callee = callParts(c)!.callee;
    return callee.type === 'attribute' && callee.field_('attribute')?.text === 'update' && callee.field_('object')?.text === object.text;
  });
  return [made, ...fed];
}

/** The start and stop of a slice (`[7:]` → 7, none); the light syntax tree has no `:` tokens, so colons are counted in the text. */
export function sliceBounds(slice: SyntaxNode): [SyntaxNode | undefined, SyntaxNode | undefined] {
  let start: SyntaxNode | undefined;
  let stop: SyntaxNode | undefined;
  for (const c of slice.namedChildren) {
    const colons = slice.text.slice(0, c.rs - slice.rs).split(':').length - 1;
    if (colons === 0) start = c;
    else if (colons === 1) stop = c;
  }
  return [start, stop];
}

/** A call that signs or verifies with a key: the name of the module it goes through (`jwt`, `itsdangerous`) and the key. */
export interface KeyedCall {
  via: string;
  key: SyntaxNode | undefined;
}

/**
 * What a unit hands to a library's signing calls as their key (which constants and settings sign or verify), read syntactically:
 * the unit's own text, kept in its memo under `memoKey`, and the file's imports (`modules`: the names the file gives
 * the library), so fit for the unit's interface. `mentions` skips the walk in units whose text holds no such call.
 */
export function keyNamesHanded(unit: Unit, file: IndexedFile, memoKey: string, mentions: RegExp, keyed: (parts: CallParts) => KeyedCall | undefined, modules: (file: IndexedFile) => ReadonlySet<string>): string[] {
  let raw = unit.memo.get(memoKey) as { via: string; key: string }[] | undefined;
  if (!raw) {
    raw = [];
    if (mentions.test(unit.text)) {
      for (const node of unit.root.find('call')) {
        const call = keyed(callParts(node)!);
        const key = unwrap(call?.key);
        // A constant, a class attribute (`Config.JWT_SECRET`) or a setting read (`current_app.config['JWT_SECRET']`).
        if (key && stringValue(key) === undefined && /^(identifier|attribute|subscript|call)$/.test(key.type)) raw.push({ via: call!.via, key: key.text });
      }
    }
    unit.memo.set(memoKey, raw);
  }
  if (!raw.length) return [];
  const local = modules(file);
  return raw.filter((r) => local.has(r.via)).map((r) => r.key);
}
