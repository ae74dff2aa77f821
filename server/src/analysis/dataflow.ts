/**
 * Local data flow inside one function: which values come from the request
 * (headers, args, form, JSON, cookies, session...), through assignments,
 * tuple unpacking, `.get()`, `.strip()`, slicing, f-strings, `or` defaults,
 * session keys the function itself fills (`session['jwt'] = token`) and one
 * level of workspace helpers (`token = get_token()`).
 *
 * Flow-insensitive by design: a name (or session key) carries every taint
 * any assignment in the function gives it. Rules ask `taintsOf(expr)` at their sinks.
 */
import { walkOwn } from './body';
import { callParts, decoratorExpression, dottedName, lastName, parameterNames, stringValue, targetNames, unwrap, words, type CallParts } from './python';
import type { SyntaxNode } from './syntax';
import type { IndexedFile, Workspace } from './workspace';
import type { FunctionFact } from './facts';

/** `parsed`: the arguments a Flask-RESTful / Flask-RESTX `RequestParser` read from the request (`parser.parse_args()`). */
export type SourceKind = 'header' | 'headers' | 'authorization' | 'arg' | 'form' | 'values' | 'json' | 'data' | 'cookie' | 'files' | 'session' | 'view-arg' | 'parsed';

export interface RequestSource {
  kind: SourceKind;
  /** Header, argument, field, cookie or session key, lower-cased, when the read names one. */
  name?: string;
  /** The key as the code spells it (`confirmPassword`), whose words lower-casing runs together. */
  written?: string;
  /** The expression that reads the request. */
  node: SyntaxNode;
}

export type Step =
  /** `name` lower-cased as reads are matched by, `written` as the code spells it. */
  | { op: 'key'; name: string; written: string }
  | { op: 'method'; name: string }
  | { op: 'index'; node: SyntaxNode }
  | { op: 'slice'; node: SyntaxNode }
  | { op: 'format' }
  | { op: 'helper'; name: string }
  /** Position in a tuple unpacked from a split: `scheme, token = auth.split()` gives `scheme` position 0. */
  | { op: 'unpack'; position: number };

export interface Taint {
  source: RequestSource;
  /** What was done to the value after it was read, in order. */
  steps: Step[];
}

/**
 * What callers hand a parameter: request values, or the request object itself (`get_api_key(request)`). A whole
 * collection among the values (`check_login(request.args)`) makes the parameter read like it (`args['pwd']`).
 */
export type Seed = Taint[] | 'request';

/** The collections a helper may be handed whole and read by key as the request is (`args['pwd']`, `headers.get('X-Key')`). */
const KEYED_COLLECTIONS: ReadonlySet<SourceKind> = new Set(['headers', 'arg', 'form', 'values', 'json', 'cookie']);

/** `request.args`, `request.get_json()`, `request.headers` as read, whole. */
export function isWholeCollection(t: Taint): boolean {
  return t.source.name === undefined && t.steps.length === 0 && KEYED_COLLECTIONS.has(t.source.kind);
}

/**
 * "Password" in the languages apps are written in besides English, as their form fields and variables say it: French
 * `mdp` / `mot_de_passe`, German, Portuguese, Spanish, Catalan, Dutch, Norwegian, Swedish, Finnish, Polish. Not the
 * words that mean something else as often (Italian `parola` is any word, Spanish `clave` any key).
 */
const PASSWORD_TRANSLATIONS: ReadonlySet<string> = new Set(['mdp', 'motdepasse', 'passwort', 'kennwort', 'senha', 'contrasena', 'contrasenya', 'wachtwoord', 'passord', 'losenord', 'salasana', 'haslo']);

/** The words of a name with its accents dropped (`contraseña` → `contrasena`, `hasło` → `haslo`), which `words` would split at. */
export function nameWords(name: string): readonly string[] {
  return words(/[^\x00-\x7f]/.test(name) ? name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/ł/g, 'l') : name);
}

/** Words (from `nameWords`) that end in a translated "password", also written as a phrase (`mot_de_passe`, `motDePasse`). */
export function endsInTranslatedPassword(w: readonly string[]): boolean {
  return [1, 2, 3].some((n) => w.length >= n && PASSWORD_TRANSLATIONS.has(w.slice(-n).join('')));
}

/** A word of a name that is a translated "password" (`mdp_hash`), or its phrase. */
export function hasTranslatedPassword(w: readonly string[]): boolean {
  return w.some((x) => PASSWORD_TRANSLATIONS.has(x)) || endsInTranslatedPassword(w);
}

const CREDENTIAL_WORDS = new Set(['token', 'tok', 'apikey', 'secret', 'password', 'passwd', 'pwd', 'pw', 'pass', 'passphrase', 'passcode', 'pin', 'otp', 'auth', 'authorization', 'signature', 'sig', 'jwt', 'bearer', 'credential', 'credentials']);

/**
 * A header, parameter or field name that carries a credential, by its last word:
 * `X-API-Key`, `access_token`, `X-Hub-Signature-256`, `password`; not
 * `keyword`, `sort_key`, `Idempotency-Key` or `author` (which a substring
 * test would take).
 */
export function isCredentialWord(name: string | undefined): boolean {
  if (!name) return false;
  // The last word names what it is (`auth_type` is a type, `X-Hub-Signature-256` a signature, `password2` a password).
  const w = nameWords(name).map((x) => x.replace(/\d+$/, '')).filter((x) => x && !/^(confirm|confirmation|repeat|again|header|value|param)$/.test(x));
  const last = w[w.length - 1];
  const prev = w[w.length - 2];
  // `X-CSRF-Token`: a CSRF token proves where a request came from, not who sent it.
  if (!last || isPagingCursor(prev, last) || w.some((x) => x === 'csrf' || x === 'xsrf')) return false;
  // `X-Shopify-Hmac-Sha256`, Discord's `X-Signature-Ed25519`: an HMAC or a signature named after its algorithm is a signature.
  if (prev === 'hmac' && /^(sha|md)$/.test(last)) return true;
  if ((prev === 'signature' || prev === 'sig') && /^(ed|sha|rsa|ecdsa|hmac)$/.test(last)) return true;
  // `passWord`: one word written in camelCase.
  if ((prev !== undefined && CREDENTIAL_WORDS.has(prev + last)) || endsInTranslatedPassword(w)) return true;
  return CREDENTIAL_WORDS.has(last) || ((last === 'key' || last === 'keys') && (prev === undefined || prev === 'x' || KEY_QUALIFIERS.has(prev)));
}

const LOG_METHODS = /^(debug|info|warning|warn|error|exception|critical|fatal|log|msg)$/;

/** `logger.info(...)`, `app.logger.debug(...)`, `logging.warning(...)`, `print(...)`. */
export function isLoggingCall(expr: SyntaxNode | undefined): boolean {
  const parts = callParts(expr);
  if (!parts) return false;
  const name = parts.name ?? '';
  if (name === 'print') return true;
  if (parts.callee.type !== 'attribute' || !LOG_METHODS.test(lastName(name) ?? '')) return false;
  const receiver = name.split('.').slice(0, -1).join('.');
  return /(^|\.|_)(log|logger|logging|_logger|_log|structlog|audit_log|LOG|LOGGER)$/i.test(receiver) || /logger$/i.test(receiver);
}

const PAGING = new Set(['page', 'next', 'prev', 'previous', 'continuation', 'pagination', 'cursor', 'resume']);

/**
 * `page_token`, `next_token`, `continuation_token`: pagination cursors, not credentials. A password is never
 * one: `previous_password` is the one a password change asks for.
 */
export function isPagingCursor(prev: string | undefined, last: string): boolean {
  return prev !== undefined && PAGING.has(prev) && !/^(password|passwd|pwd|pw|pass|passphrase|passcode|pin)$/.test(last);
}

/** `api_key`, `x-secret-key`: qualifiers that make a trailing `key` a credential. */
export const KEY_QUALIFIERS = new Set(['api', 'secret', 'access', 'auth', 'signing', 'private', 'service', 'webhook', 'shared', 'client', 'internal', 'partner', 'master', 'admin', 'session', 'hmac', 'app', 'license', 'subscription', 'developer', 'user', 'deploy', 'sync', 'integration']);

/** Headers whose `-Key` is bookkeeping, not a secret: retries, caches, WebSocket's handshake nonce, public keys. */
const BOOKKEEPING_KEYS = new Set(['idempotency', 'websocket', 'cache', 'sort', 'partition', 'routing', 'public', 'dedup', 'dedupe', 'deduplication', 'correlation', 'request', 'trace', 'lookup', 'primary', 'foreign', 'object', 'row']);

/** `X-Upload-Key`, `Authentication-Key`: a header whose last word is `key` carries one, whatever qualifies it. */
function isKeyHeader(name: string | undefined): boolean {
  const w = words(name ?? '');
  return w.length > 0 && /^keys?$/.test(w[w.length - 1]!) && !BOOKKEEPING_KEYS.has(w[w.length - 2] ?? '') && !w.some((x) => x === 'csrf' || x === 'xsrf');
}

/** Credential by source: the Authorization header, `request.authorization`, or a credential-named read or key, by whole words. */
export function isCredential(t: Taint): boolean {
  if (t.source.kind === 'authorization') return true;
  if (t.source.kind === 'session' || t.source.kind === 'files' || t.source.kind === 'data') return false;
  // A bare `key` is a credential as a header (`X-Key`) or cookie; as a query or form field it is as often a lookup key.
  const header = t.source.kind === 'header' || t.source.kind === 'headers';
  const headerLike = header || t.source.kind === 'cookie';
  // By the written key: `confirmPassword` lower-cased is one word.
  const named = (name: string | undefined) => (isCredentialWord(name) && (headerLike || !/^keys?$/i.test(name!))) || (header && isKeyHeader(name));
  return named(t.source.written ?? t.source.name) || t.steps.some((s) => s.op === 'key' && named(s.written));
}

const REQUEST_ATTRS: Record<string, SourceKind> = {
  headers: 'headers', args: 'arg', form: 'form', values: 'values', json: 'json', data: 'data', cookies: 'cookie', files: 'files', authorization: 'authorization', view_args: 'view-arg',
};
const REQUEST_METHODS: Record<string, SourceKind> = { get_json: 'json', get_data: 'data' };
const PASS_THROUGH = new Set(['strip', 'lstrip', 'rstrip', 'lower', 'upper', 'casefold', 'split', 'rsplit', 'partition', 'rpartition', 'replace', 'removeprefix', 'removesuffix', 'decode', 'encode', 'get', 'getlist', 'pop', 'copy', 'to_dict', 'items', 'values', 'keys', 'format', 'join', 'title', 'setdefault']);
const WRAPPERS = new Set(['str', 'bytes', 'int', 'float', 'dict', 'list', 'tuple', 'set', 'bool', 'sorted', 'reversed', 'json.loads', 'loads', 'b64decode', 'base64.b64decode', 'urlsafe_b64decode', 'base64.urlsafe_b64decode', 'unquote', 'urllib.parse.unquote', 'urljoin', 'urllib.parse.urljoin', 'parse.urljoin']);

/** Is `expr` the Flask request object (`request`, `flask.request`)? */
export function isRequest(expr: SyntaxNode | undefined): boolean {
  const name = dottedName(unwrap(expr));
  return name === 'request' || name === 'flask.request';
}

function isSession(expr: SyntaxNode | undefined): boolean {
  const name = dottedName(unwrap(expr));
  return name === 'session' || name === 'flask.session';
}

/** The key of a `session['key']` subscript (lower-cased, as session reads name it). */
export function sessionKey(expr: SyntaxNode | undefined): string | undefined {
  const n = unwrap(expr);
  return n?.type === 'subscript' && isSession(n.field_('value')) ? stringValue(n.field_('subscript'))?.toLowerCase() : undefined;
}

/**
 * A direct read of the request: `request.headers.get('X')`, `request.args['k']`, `request.get_json()`, `session.get('k')`.
 * `isReq` also knows the parameters a function's callers hand the request object in (`req.values.get('apikey')`),
 * `collection` those they hand one of its collections in whole (`args['pwd']` where every caller passes `request.args`).
 */
export function requestSource(expr: SyntaxNode | undefined, isReq: (expr: SyntaxNode | undefined) => boolean = isRequest, collection?: (expr: SyntaxNode) => SourceKind | undefined): RequestSource | undefined {
  const n = unwrap(expr);
  if (!n) return undefined;
  const handed = n.type === 'identifier' ? collection?.(n) : undefined;
  if (handed) return { kind: handed, node: n };
  if (n.type === 'attribute') {
    const obj = n.field_('object');
    const attr = n.field_('attribute')?.text ?? '';
    if (isReq(obj) && attr in REQUEST_ATTRS) return { kind: REQUEST_ATTRS[attr]!, node: n };
    // `request.referrer` is Werkzeug's read of the Referer header.
    if (isReq(obj) && attr === 'referrer') return { kind: 'header', name: 'referer', node: n };
    // `request.authorization.token`, `.password`.
    if (requestSource(obj, isReq, collection)?.kind === 'authorization') return { kind: 'authorization', name: attr.toLowerCase(), node: n };
    return undefined;
  }
  if (n.type === 'call') {
    const parts = callParts(n)!;
    const callee = parts.callee;
    if (callee.type !== 'attribute') return undefined;
    const method = callee.field_('attribute')?.text ?? '';
    const obj = callee.field_('object');
    if (isReq(obj) && method in REQUEST_METHODS) return { kind: REQUEST_METHODS[method]!, node: n };
    const base = requestSource(obj, isReq, collection);
    if (base && (base.name === undefined || base.kind === 'json') && (method === 'get' || method === 'getlist' || method === 'pop')) {
      const key = stringValue(parts.positional[0]);
      return { kind: base.kind === 'headers' ? 'header' : base.kind, ...(key !== undefined && { name: key.toLowerCase(), written: key }), node: n };
    }
    if (isSession(obj) && (method === 'get' || method === 'pop')) {
      const key = stringValue(parts.positional[0]);
      return { kind: 'session', ...(key !== undefined && { name: key.toLowerCase() }), node: n };
    }
    return undefined;
  }
  if (n.type === 'subscript') {
    const value = n.field_('value');
    const key = stringValue(n.field_('subscript'));
    const base = requestSource(value, isReq, collection);
    if (base && base.name === undefined) return { kind: base.kind === 'headers' ? 'header' : base.kind, ...(key !== undefined && { name: key.toLowerCase(), written: key }), node: n };
    if (isSession(value)) return { kind: 'session', ...(key !== undefined && { name: key.toLowerCase() }), node: n };
  }
  return undefined;
}

/** Resolves a call to the workspace function it names, for helper summaries. */
export type HelperResolver = (call: SyntaxNode) => { file: IndexedFile; fn: FunctionFact } | undefined;

export class FunctionFlow {
  /** Taints of each local name (parameters included: taint flows in only through sources). */
  readonly names = new Map<string, Taint[]>();
  /** Taints of what the function writes into `session[key]`: a read of the key in the same function carries them too. */
  private readonly stored = new Map<string, Taint[]>();
  /** Taints of the values the function returns (its helper summary). */
  readonly returns: Taint[] = [];
  /** Parameters its callers hand the request object in, read like `request` itself. */
  private readonly requestNames = new Set<string>();
  /** Parameters its callers hand one of the request's collections in whole, read like it (`args['pwd']`). */
  private readonly collectionNames = new Map<string, SourceKind>();

  /**
   * `requestParser`: the file uses Flask-RESTful/RESTX `reqparse`, so `parse_args()` reads the request (not `sys.argv`).
   * `seeds`: parameters known to carry request values or the request object (callers hand them in).
   */
  constructor(readonly def: SyntaxNode, private readonly helpers?: HelperResolver, private readonly depth = 0, private readonly requestParser = false, seeds?: ReadonlyMap<string, Seed>) {
    for (const [name, seed] of seeds ?? []) {
      if (seed === 'request') this.requestNames.add(name);
      else this.names.set(name, [...seed]);
      const whole = seed !== 'request' && seed.length > 0 && seed.every(isWholeCollection) ? new Set(seed.map((t) => t.source.kind)) : undefined;
      if (whole?.size === 1) this.collectionNames.set(name, [...whole][0]!);
    }
    const body = def.field_('body');
    const assignments: [SyntaxNode, SyntaxNode | undefined, 'assign' | 'iterate'][] = [];
    const returns: SyntaxNode[] = [];
    walkOwn(body, (n) => {
      if (n.type === 'assignment' || n.type === 'augmented_assignment') assignments.push([n.field_('left')!, n.field_('right'), 'assign']);
      else if (n.type === 'named_expression') assignments.push([n.field_('name')!, n.field_('value'), 'assign']);
      else if (n.type === 'for_statement' || n.type === 'for_in_clause') assignments.push([n.field_('left')!, n.field_('right'), 'iterate']);
      else if (n.type === 'as_pattern') {
        const target = n.field_('alias') ?? n.namedChildren[1];
        if (target) assignments.push([target, n.namedChildren[0], 'assign']);
      } else if (n.type === 'return_statement' && n.namedChildren[0]) returns.push(n.namedChildren[0]);
    });
    // A parameter the function rebinds no longer holds only what its callers handed in.
    for (const [target] of assignments) for (const name of targetNames(target)) this.collectionNames.delete(name);
    // Names may be used before the assignment that taints them (loops): iterate to a fixpoint.
    for (let round = 0; round < 4; round++) {
      let changed = false;
      for (const [target, value, kind] of assignments) {
        if (!value) continue;
        if (this.bind(target, value, kind === 'iterate')) changed = true;
      }
      if (!changed) break;
    }
    for (const r of returns) this.returns.push(...this.taintsOf(r));
  }

  private bind(target: SyntaxNode, value: SyntaxNode, iterate: boolean): boolean {
    const t = unwrap(target)!;
    const v = unwrap(value)!;
    // Pairwise tuple unpacking: `a, b = x, y`.
    const targets = ['pattern_list', 'tuple_pattern', 'tuple', 'list_pattern', 'expression_list'].includes(t.type) ? t.namedChildren : undefined;
    const values = ['tuple', 'expression_list', 'list'].includes(v.type) ? v.namedChildren : undefined;
    if (targets && values && targets.length === values.length && !iterate) {
      let changed = false;
      targets.forEach((tt, i) => (changed = this.bind(tt, values[i]!, false) || changed));
      return changed;
    }
    const taints = this.taintsOf(v);
    if (!taints.length) return false;
    // `scheme, _, token = header.partition(' ')`: each name holds its own part.
    if (targets && !iterate && taints.every((x) => SPLITS.has(lastMethod(x) ?? ''))) {
      let changed = false;
      targets.forEach((tt, i) => (changed = this.bindNames(targetNames(tt), extend(taints, { op: 'unpack', position: i })) || changed));
      return changed;
    }
    const key = sessionKey(t);
    if (key !== undefined) return this.bindNames([key], taints, this.stored);
    return this.bindNames(targetNames(t), taints);
  }

  private bindNames(names: string[], taints: Taint[], into = this.names): boolean {
    let changed = false;
    for (const name of names) {
      const list = into.get(name) ?? [];
      for (const taint of taints) {
        if (!list.some((x) => x.source.node === taint.source.node && x.steps.length === taint.steps.length)) {
          list.push(taint);
          changed = true;
        }
      }
      into.set(name, list);
    }
    return changed;
  }

  /** A read of the request, or of a parameter that holds it. */
  sourceOf(expr: SyntaxNode | undefined): RequestSource | undefined {
    if (this.collectionNames.size) return requestSource(expr, this.isRequestHere, this.collectionHere);
    return this.requestNames.size ? requestSource(expr, this.isRequestHere) : requestSource(expr);
  }

  /** Whether the function reads the request under another name: a parameter handed the request or one of its collections. */
  get readsHandedRequest(): boolean {
    return this.requestNames.size > 0 || this.collectionNames.size > 0;
  }

  private readonly collectionHere = (n: SyntaxNode): SourceKind | undefined => this.collectionNames.get(n.text);

  private readonly isRequestHere = (expr: SyntaxNode | undefined): boolean => {
    const n = unwrap(expr);
    return isRequest(n) || (n?.type === 'identifier' && this.requestNames.has(n.text));
  };

  /** The request values `expr` may carry. */
  taintsOf(expr: SyntaxNode | undefined): Taint[] {
    const n = unwrap(expr);
    if (!n) return [];
    const direct = this.sourceOf(n);
    if (direct) return [{ source: direct, steps: [] }, ...(direct.kind === 'session' && direct.name !== undefined ? this.stored.get(direct.name) ?? [] : [])];
    switch (n.type) {
      case 'identifier':
        return this.names.get(n.text) ?? [];
      case 'attribute': {
        if (this.requestParser && isRestxPayload(n)) return [{ source: { kind: 'json', node: n }, steps: [] }];
        const attr = n.field_('attribute')?.text ?? '';
        return extend(this.taintsOf(n.field_('object')), { op: 'key', name: attr, written: attr });
      }
      case 'subscript': {
        const sub = n.field_('subscript');
        const base = this.taintsOf(n.field_('value'));
        if (!sub) return base;
        if (sub.type === 'slice') return extend(base, { op: 'slice', node: sub });
        const key = stringValue(sub);
        return extend(base, key !== undefined ? { op: 'key', name: key.toLowerCase(), written: key } : { op: 'index', node: sub });
      }
      case 'call':
        return this.callTaints(n);
      case 'boolean_operator':
        return [...this.taintsOf(n.field_('left')), ...this.taintsOf(n.field_('right'))];
      case 'conditional_expression':
        return n.namedChildren.filter((_, i) => i !== 1).flatMap((c) => this.taintsOf(c));
      case 'binary_operator':
        return extend([...this.taintsOf(n.field_('left')), ...this.taintsOf(n.field_('right'))], { op: 'format' });
      case 'string':
        return extend(n.children.filter((c) => c.type === 'interpolation').flatMap((c) => this.taintsOf(c.namedChildren[0])), { op: 'format' });
      case 'concatenated_string':
        return n.namedChildren.flatMap((c) => this.taintsOf(c));
      case 'list':
      case 'tuple':
      case 'set':
      case 'expression_list':
        return n.namedChildren.flatMap((c) => this.taintsOf(c));
      case 'dictionary':
        return n.namedChildren.flatMap((c) => (c.type === 'pair' ? this.taintsOf(c.field_('value')) : c.type === 'dictionary_splat' ? this.taintsOf(c.namedChildren[0]) : []));
      case 'list_comprehension':
      case 'dictionary_comprehension':
      case 'set_comprehension':
      case 'generator_expression':
        return [];
      default:
        return [];
    }
  }

  private callTaints(n: SyntaxNode): Taint[] {
    const parts = callParts(n)!;
    const callee = parts.callee;
    if (callee.type === 'attribute') {
      const method = callee.field_('attribute')?.text ?? '';
      if (method === 'parse_args' && this.requestParser) return [{ source: { kind: 'parsed', node: n }, steps: [] }];
      const base = this.taintsOf(callee.field_('object'));
      if (base.length && PASS_THROUGH.has(method)) {
        const key = method === 'get' || method === 'pop' ? stringValue(parts.positional[0]) : undefined;
        return extend(base, key !== undefined ? { op: 'key', name: key.toLowerCase(), written: key } : { op: 'method', name: method });
      }
      if (method === 'format' && stringValue(callee.field_('object')) !== undefined) return extend(parts.positional.flatMap((a) => this.taintsOf(a)), { op: 'format' });
    }
    const name = parts.name ?? '';
    // Exact names only: `schema.loads(...)` validates, `json.loads(...)` passes data through.
    if (WRAPPERS.has(name)) return parts.positional.flatMap((a) => this.taintsOf(a));
    if (this.helpers && this.depth < 1) {
      const helper = this.helpers(n);
      if (helper) return extend(helperReturns(helper.fn.node, requestArguments(helper.fn, parts)), { op: 'helper', name: helper.fn.name });
    }
    return [];
  }
}

/** Flask-RESTX's request JSON: `api.payload`, `ns.payload`, `self.api.payload` (the names its docs and apps give the `Api` and its namespaces). */
export function isRestxPayload(n: SyntaxNode): boolean {
  return n.field_('attribute')?.text === 'payload' && /^(self\.)?(\w+_)?(api|ns|namespace)$/i.test(dottedName(n.field_('object')) ?? '');
}

const SPLITS = new Set(['split', 'rsplit', 'partition', 'rpartition']);

function lastMethod(t: Taint): string | undefined {
  const last = t.steps[t.steps.length - 1];
  return last?.op === 'method' ? last.name : undefined;
}

function extend(taints: Taint[], step: Step): Taint[] {
  return taints.map((t) => ({ source: t.source, steps: [...t.steps, step] }));
}

/**
 * The parameter of `fn` an argument binds: by position (after `self`/`cls` unless the method is static) or
 * by keyword.
 */
export function parameterFor(fn: FunctionFact, argument: number | string): string | undefined {
  if (typeof argument === 'string') return fn.params.includes(argument) ? argument : undefined;
  const bound = !!fn.className && !fn.decorators.some((d) => dottedName(decoratorExpression(d)) === 'staticmethod');
  return fn.params[argument + (bound ? 1 : 0)];
}

/** The parameters of `fn` that a call hands the request object itself (`get_api_key(request)`). */
function requestArguments(fn: FunctionFact, parts: CallParts): string[] {
  const out: string[] = [];
  parts.positional.forEach((arg, i) => isRequest(arg) && out.push(parameterFor(fn, i) ?? ''));
  for (const [name, arg] of parts.keywords) if (isRequest(arg)) out.push(parameterFor(fn, name) ?? '');
  return out.filter(Boolean);
}

/**
 * What a helper returns from the request, one level deep, with the parameters given the request object read
 * as `request`: its own syntax and those names only, so cached on its node.
 */
const HELPER_RETURNS = new WeakMap<SyntaxNode, Map<string, Taint[]>>();

function helperReturns(def: SyntaxNode, requestParams: readonly string[] = []): Taint[] {
  let byParams = HELPER_RETURNS.get(def);
  if (!byParams) HELPER_RETURNS.set(def, (byParams = new Map()));
  const key = requestParams.join(',');
  let returns = byParams.get(key);
  if (!returns) {
    const seeds = new Map(requestParams.map((p): [string, Seed] => [p, 'request']));
    byParams.set(key, (returns = new FunctionFlow(def, undefined, 1, false, seeds).returns));
  }
  return returns;
}

interface CachedFlow {
  generation: number;
  flow: FunctionFlow;
  /** Every helper name the flow resolved, with the definition it found: the flow's only inputs besides its own syntax. */
  deps: Map<string, SyntaxNode | undefined>;
  /** What the file's imports said of `parse_args()` when the flow was built: an import edit leaves the `def` as it was. */
  requestParser: boolean;
  /** The parameter seeds it was built with (kept per interface epoch by their maker, so compared by identity). */
  seeds: ReadonlyMap<string, Seed> | undefined;
}

const FLOWS = new WeakMap<SyntaxNode, CachedFlow>();

/**
 * The flow of a function definition. It is kept across workspace generations
 * while its statement is unchanged (same `def` node) and every helper name it
 * resolved still resolves to the same definition, so an edit elsewhere re-runs
 * the flows it feeds, not every flow of the workspace.
 */
export function flowOf(def: SyntaxNode, workspace: Workspace, file: IndexedFile, scope?: FunctionFact, seeds?: ReadonlyMap<string, Seed>): FunctionFlow {
  const resolve = (name: string) => {
    const b = workspace.resolveDotted(workspace.get(file.path) ?? file, name, scope);
    return b?.kind === 'function' ? { file: b.file, fn: b.fact } : undefined;
  };
  const requestParser = usesRequestParser(workspace.get(file.path) ?? file);
  const hit = FLOWS.get(def);
  if (hit && hit.requestParser === requestParser && hit.seeds === seeds && (hit.generation === workspace.generation || [...hit.deps].every(([name, node]) => resolve(name)?.fn.node === node))) {
    hit.generation = workspace.generation;
    return hit.flow;
  }
  const deps = new Map<string, SyntaxNode | undefined>();
  const helpers: HelperResolver = (call) => {
    const parts = callParts(call);
    if (!parts?.name) return undefined;
    const found = resolve(parts.name);
    deps.set(parts.name, found?.fn.node);
    return found;
  };
  const flow = new FunctionFlow(def, helpers, 0, requestParser, seeds);
  FLOWS.set(def, { generation: workspace.generation, flow, deps, requestParser, seeds });
  return flow;
}

/** Per symbol table: a new table (an edit to the file's names) asks again. */
const REQUEST_PARSER = new WeakMap<object, boolean>();

/**
 * Flask-RESTful / Flask-RESTX / Flask-RESTPlus imported (or their `reqparse` re-exported by a project package:
 * `from . import reqparse`) and argparse not: `parse_args()` parses the request.
 */
function usesRequestParser(file: IndexedFile): boolean {
  const symbols = file.symbols;
  let uses = REQUEST_PARSER.get(symbols);
  if (uses === undefined) {
    const imports = [...symbols.values()].flatMap((s) => (s.kind === 'import' ? [s] : []));
    const modules = imports.map((s) => s.module);
    const restful = modules.some((m) => /^flask_rest(ful|x|plus)(\.|$)/.test(m)) || imports.some((s) => s.member === 'reqparse' || s.member === 'RequestParser');
    uses = restful && !modules.some((m) => m === 'argparse' || m.startsWith('argparse.'));
    REQUEST_PARSER.set(symbols, uses);
  }
  return uses;
}

/**
 * A short stable description of what a function returns from the request (for unit interfaces), and of what it
 * returns from a request object a caller may hand it (`def get_api_key(req): return req.values.get('apikey')`).
 */
export function returnSummary(def: SyntaxNode): string {
  const describe = (taints: Taint[]) => [...new Set(taints.map((t) => `${t.source.kind}:${t.source.name ?? ''}:${isCredential(t) ? 'c' : ''}`))].sort().join(',');
  const readers = requestReaders(def);
  return describe(helperReturns(def)) + (readers.length ? `;${readers.join(',')}>${describe(helperReturns(def, readers))}` : '');
}

/** Parameters the body reads as a request would be read (`req.headers`, `req.get_json()`): the only ones worth seeding. */
function requestReaders(def: SyntaxNode): string[] {
  const read = new Set([...(def.field_('body')?.text ?? '').matchAll(REQUEST_READ)].map((m) => m[1]!));
  return read.size ? parameterNames(def).filter((p) => read.has(p) && p !== 'self' && p !== 'cls') : [];
}

const REQUEST_READ = new RegExp(`\\b(\\w+)\\.(?:${[...Object.keys(REQUEST_ATTRS), ...Object.keys(REQUEST_METHODS)].join('|')})\\b`, 'g');
