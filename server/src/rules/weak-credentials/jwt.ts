/**
 * PyJWT and python-jose calls, resolved through imports (a Flask-JWT-Extended
 * `JWTManager` called `jwt` is not PyJWT), and what their arguments say.
 */
import { callParts, dottedName, lastName, stringItems, stringValue, unwrap, type CallParts } from '../../analysis/python';
import type { SyntaxNode, Unit } from '../../analysis/syntax';
import type { IndexedFile, Workspace } from '../../analysis/workspace';
import { boundValue } from './credentials';
import { scopeAt, unitScopes, type FunctionScope } from './scope';

/** `claims-decode`: Authlib's decode, which verifies the signature but checks no claim until `.validate()`. */
export type JwtFunction = 'decode' | 'encode' | 'unverified-header' | 'unverified-claims' | 'claims-decode';

export interface JwtCall {
  node: SyntaxNode;
  parts: CallParts;
  fn: JwtFunction;
  /** The function the call is in (module-level calls have none). */
  scope?: FunctionScope;
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
    const fn = b?.kind === 'external' ? FUNCTIONS[b.qualified] : undefined;
    if (fn) out.push({ node, parts, fn, ...(scope && { scope }) });
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

/** The algorithms argument of a decode call (keyword or third positional). */
export function algorithmsArgument(call: JwtCall): SyntaxNode | undefined {
  return call.parts.keywords.get('algorithms') ?? call.parts.positional[2];
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

/**
 * Names a unit hands to `jwt.encode`/`jwt.decode` as the key, read syntactically (the unit's own text
 * and the file's imports, so fit for its interface): which constants sign or verify tokens.
 */
export function jwtKeyNames(unit: Unit, file: IndexedFile): string[] {
  let raw = unit.memo.get(KEY_NAMES) as { receiver: string; key: string }[] | undefined;
  if (!raw) {
    raw = [];
    if (/encode|decode/.test(unit.text)) {
      for (const node of unit.root.find('call')) {
        const parts = callParts(node)!;
        if (!/^(encode|decode|decode_complete)$/.test(lastName(parts.name) ?? '') || parts.callee.type !== 'attribute') continue;
        const key = unwrap(parts.positional[1] ?? parts.keywords.get('key'));
        if (key?.type === 'identifier') raw.push({ receiver: dottedName(parts.callee.field_('object')) ?? '', key: key.text });
      }
    }
    unit.memo.set(KEY_NAMES, raw);
  }
  if (!raw.length) return [];
  const pyjwt = pyjwtReceivers(file);
  return raw.filter((r) => pyjwt.has(r.receiver)).map((r) => r.key);
}

/** Verifying with a public key (`algorithms=['RS256']`, `PUBLIC_KEY`): nothing secret is at stake. */
export function verifiesWithPublicKey(call: JwtCall): boolean {
  if (/public|pub_?key|cert|jwks/i.test(keyArgument(call)?.text ?? '')) return true;
  const algorithms = call.fn === 'decode' ? stringItems(algorithmsArgument(call)) : undefined;
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
