/**
 * PyJWT and python-jose calls, resolved through imports (a Flask-JWT-Extended
 * `JWTManager` called `jwt` is not PyJWT), and what their arguments say.
 */
import { callParts, dottedName, lastName, stringItems, stringValue, unwrap, type CallParts } from '../../analysis/python';
import type { SyntaxNode, Unit } from '../../analysis/syntax';
import type { IndexedFile, Workspace } from '../../analysis/workspace';
import { boundValue, keyNamesHanded, type KeyedCall } from './credentials';
import { scopeAt, unitScopes, type FunctionScope } from './scope';

/** `claims-decode`: Authlib's decode, which verifies the signature but checks no claim until `.validate()`. */
export type JwtFunction = 'decode' | 'encode' | 'unverified-header' | 'unverified-claims' | 'claims-decode';

export interface JwtCall {
  node: SyntaxNode;
  parts: CallParts;
  fn: JwtFunction;
  /** The function the call is in (module-level calls have none). */
  scope?: FunctionScope;
  workspace: Workspace;
  /** What the callee resolves to (`jwt.decode`, `jose.jwt.decode`). */
  qualified: string;
}

const FUNCTIONS: Record<string, JwtFunction> = {
  'jwt.decode': 'decode', 'jwt.api_jwt.decode': 'decode', 'jose.jwt.decode': 'decode',
  // PyJWT's `decode_complete` takes `decode`'s arguments and returns the header and signature as well.
  'jwt.decode_complete': 'decode', 'jwt.api_jwt.decode_complete': 'decode',
  'jwt.encode': 'encode', 'jwt.api_jwt.encode': 'encode', 'jose.jwt.encode': 'encode',
  'jwt.get_unverified_header': 'unverified-header', 'jose.jwt.get_unverified_header': 'unverified-header', 'jose.jwt.get_unverified_headers': 'unverified-header',
  'jose.jwt.get_unverified_claims': 'unverified-claims',
  'authlib.jose.jwt.decode': 'claims-decode',
};

const CALLS = 'weak-credentials:jwt-calls';

/** The unit's PyJWT/python-jose/Authlib calls (FG205 and FG206 share them, per workspace generation). */
export function jwtCalls(unit: Unit, file: IndexedFile, workspace: Workspace): JwtCall[] {
  const hit = unit.memo.get(CALLS) as { generation: number; calls: JwtCall[] } | undefined;
  if (hit && hit.generation === workspace.generation) return hit.calls;
  const out: JwtCall[] = [];
  // Most statements never mention a JWT call: skip the walk.
  if (!/decode|encode|get_unverified/.test(unit.text)) return out;
  const scopes = unitScopes(unit, file, workspace);
  for (const node of unit.root.find('call')) {
    const parts = callParts(node)!;
    if (!parts.name || !/(^|\.)(decode|decode_complete|encode|get_unverified_\w+)$/.test(parts.name)) continue;
    const scope = scopeAt(scopes, node);
    const b = workspace.resolveExpression(file, parts.callee, scope?.fact);
    const qualified = b?.kind === 'external' ? b.qualified : undefined;
    const fn = qualified ? FUNCTIONS[qualified] : undefined;
    if (fn) out.push({ node, parts, fn, workspace, qualified: qualified!, ...(scope && { scope }) });
  }
  unit.memo.set(CALLS, { generation: workspace.generation, calls: out });
  return out;
}

/** The `options={...}` of a decode call as key → value, following a name bound to a dict. */
export function decodeOptions(call: JwtCall): Map<string, SyntaxNode> {
  const out = new Map<string, SyntaxNode>();
  let value = unwrap(call.parts.keywords.get('options'));
  const name = value?.type === 'identifier' ? value.text : undefined;
  if (name && call.scope) value = unwrap(boundValue(call.scope, name));
  if (value?.type === 'dictionary') {
    for (const pair of value.namedChildren) {
      const key = pair.type === 'pair' ? stringValue(pair.field_('key')) : undefined;
      if (key && pair.field_('value')) out.set(key, pair.field_('value')!);
    }
  }
  const parts = callParts(value);
  if (parts?.name === 'dict') for (const [k, v] of parts.keywords) out.set(k, v);
  return out;
}

/** Signature verification is switched off outright (`verify=False`, `verify_signature: False`): FG205's, and only FG205's. */
export function signatureOff(call: JwtCall): string | undefined {
  if (isFalsy(call.parts.keywords.get('verify'))) return '`verify=False` turns signature verification off';
  if (isFalsy(decodeOptions(call).get('verify_signature'))) return '`options={"verify_signature": False}` turns signature verification off';
  return undefined;
}

export function isFalsy(node: SyntaxNode | undefined): boolean {
  const n = unwrap(node);
  return !!n && (n.type === 'false' || n.type === 'none' || (n.type === 'integer' && n.text === '0'));
}

/** The algorithms argument of a decode call (keyword, or third positional unless the app is on PyJWT 1.x, where that is `verify`). */
export function algorithmsArgument(call: JwtCall): SyntaxNode | undefined {
  if (call.parts.keywords.has('algorithms') || !call.parts.positional[2]) return writtenAlgorithms(call);
  // python-jose takes `algorithms` third in every version.
  return call.fn === 'decode' && call.qualified.startsWith('jwt.') && onPyJwt1(call.workspace) ? undefined : call.parts.positional[2];
}

/** The algorithms a decode call names, wherever it names them: what its writer meant, whatever the PyJWT version. */
function writtenAlgorithms(call: JwtCall): SyntaxNode | undefined {
  return call.parts.keywords.get('algorithms') ?? call.parts.positional[2];
}

const PYJWT1 = new WeakMap<Workspace, { generation: number; one: boolean }>();

/**
 * PyJWT 1.x, whose `decode(jwt, key, verify, algorithms)` takes `verify` third: the workspace turns what
 * `jwt.encode` returns into text with `.decode(...)`, which only 1.x's bytes allow (2.x returns a str).
 */
function onPyJwt1(workspace: Workspace): boolean {
  const hit = PYJWT1.get(workspace);
  if (hit?.generation === workspace.generation) return hit.one;
  let one = false;
  for (const f of workspace.all()) for (const u of f.source.units) one ||= decodesEncodedToken(u, f);
  PYJWT1.set(workspace, { generation: workspace.generation, one });
  return one;
}

const DECODED_ENCODES = 'weak-credentials:jwt-decoded-encodes';

/**
 * `jwt.encode(...).decode('utf-8')`, or `token = jwt.encode(...)` then `token.decode('utf-8')` in the same unit,
 * not under a test of the type (`if isinstance(token, bytes)`, `except AttributeError`) that serves both versions.
 * Read syntactically, the PyJWT import checked against the file's, so fit for the unit's interface.
 */
export function decodesEncodedToken(unit: Unit, file: IndexedFile): boolean {
  let receivers = unit.memo.get(DECODED_ENCODES) as string[] | undefined;
  if (!receivers) {
    receivers = [];
    if (/encode/.test(unit.text) && /\.decode\(/.test(unit.text)) {
      const encodes = new Map<string, string>();
      for (const a of unit.root.find('assignment')) {
        const receiver = encodeReceiver(a.field_('right'));
        if (receiver && unwrap(a.field_('left'))?.type === 'identifier') encodes.set(a.field_('left')!.text, receiver);
      }
      for (const node of unit.root.find('call')) {
        const parts = callParts(node)!;
        if (parts.callee.type !== 'attribute' || parts.callee.field_('attribute')?.text !== 'decode' || servesBothVersions(node)) continue;
        const object = unwrap(parts.callee.field_('object'));
        const receiver = object?.type === 'identifier' ? encodes.get(object.text) : encodeReceiver(object);
        if (receiver) receivers.push(receiver);
      }
    }
    unit.memo.set(DECODED_ENCODES, receivers);
  }
  if (!receivers.length) return false;
  const pyjwt = pyjwtReceivers(file);
  return receivers.some((r) => pyjwt.has(r));
}

/** `jwt.encode(...)`: the name of the module it is called on. */
function encodeReceiver(expr: SyntaxNode | null | undefined): string | undefined {
  const parts = callParts(unwrap(expr ?? undefined));
  return parts?.callee.type === 'attribute' && parts.callee.field_('attribute')?.text === 'encode' ? dottedName(parts.callee.field_('object')) : undefined;
}

/** A `.decode()` guarded by the type it meets: code written to run on PyJWT 1.x and 2.x alike. */
function servesBothVersions(node: SyntaxNode): boolean {
  for (let n = node.parent; n; n = n.parent) {
    const condition = n.type === 'if_statement' || n.type === 'elif_clause' || n.type === 'conditional_expression' ? n.field_('condition') ?? n : undefined;
    if (condition && /\b(isinstance|hasattr|bytes|str)\b/.test(condition.text)) return true;
    if (n.type === 'try_statement' && n.namedChildren.some((c) => c.type === 'except_clause' && /\bAttributeError\b/.test(c.text.split(':')[0]!))) return true;
  }
  return false;
}

/** The key argument of a decode call (second positional or `key=`). */
export function keyArgument(call: JwtCall): SyntaxNode | undefined {
  return call.parts.positional[1] ?? call.parts.keywords.get('key');
}

const ENCODES = 'weak-credentials:jwt-encodes';

/**
 * `jwt.encode(..., algorithm=...)` calls of a unit, read syntactically (the
 * unit's own text only, so the result is safe to memoise on the unit and to
 * publish in its interface): `X.encode` where X is an import of PyJWT.
 */
export function encodeAlgorithms(unit: Unit, file: IndexedFile): string[] {
  let raw = unit.memo.get(ENCODES) as { receiver: string; algorithm: string }[] | undefined;
  if (!raw) {
    raw = [];
    for (const node of unit.root.find('call')) {
      const parts = callParts(node)!;
      if (lastName(parts.name) !== 'encode' || parts.callee.type !== 'attribute') continue;
      const receiver = dottedName(parts.callee.field_('object')) ?? '';
      const alg = parts.keywords.get('algorithm') ?? parts.positional[2];
      // PyJWT signs with HS256 when no algorithm is given.
      const algorithm = alg ? stringValue(alg) : 'HS256';
      if (receiver && algorithm) raw.push({ receiver, algorithm });
    }
    unit.memo.set(ENCODES, raw);
  }
  if (!raw.length) return [];
  const pyjwt = pyjwtReceivers(file);
  return raw.filter((r) => pyjwt.has(r.receiver)).map((r) => r.algorithm);
}

/** The local names of PyJWT / python-jose's `jwt` module in a file. */
function pyjwtReceivers(file: IndexedFile): Set<string> {
  return new Set(file.facts.imports.filter((i) => (i.module === 'jwt' && !i.member) || (i.module === 'jose' && i.member === 'jwt')).map((i) => i.local));
}

const KEY_NAMES = 'weak-credentials:jwt-key-names';

/** Names a unit hands to `jwt.encode`/`jwt.decode` as the key: which constants sign or verify tokens. */
export function jwtKeyNames(unit: Unit, file: IndexedFile): string[] {
  return keyNamesHanded(unit, file, KEY_NAMES, /encode|decode/, jwtKeyedCall, pyjwtReceivers);
}

function jwtKeyedCall(parts: CallParts): KeyedCall | undefined {
  if (!/^(encode|decode|decode_complete)$/.test(lastName(parts.name) ?? '') || parts.callee.type !== 'attribute') return undefined;
  return { via: dottedName(parts.callee.field_('object')) ?? '', key: parts.positional[1] ?? parts.keywords.get('key') };
}

/** Verifying with a public key (`algorithms=['RS256']`, `PUBLIC_KEY`): nothing secret is at stake. */
export function verifiesWithPublicKey(call: JwtCall): boolean {
  if (/public|pub_?key|cert|jwks/i.test(keyArgument(call)?.text ?? '')) return true;
  const algorithms = call.fn === 'decode' ? stringItems(writtenAlgorithms(call)) : undefined;
  return !!algorithms?.length && algorithms.every((a) => /^(RS|ES|PS)\d+$|^EdDSA$/i.test(a));
}

/** The algorithm the workspace signs its tokens with, when one file's encodes (or the whole workspace's) agree on one. */
export function workspaceAlgorithm(workspace: Workspace, near: IndexedFile): string | undefined {
  const sameFile = new Set(near.source.units.flatMap((u) => encodeAlgorithms(u, near)));
  if (sameFile.size === 1) return [...sameFile][0];
  const all = new Set<string>();
  for (const f of workspace.all()) for (const u of f.source.units) for (const a of encodeAlgorithms(u, f)) all.add(a);
  return all.size === 1 ? [...all][0] : undefined;
}
