import { unitConfigWrites } from '../../analysis/config';
import { sessionKey } from '../../analysis/dataflow';
import { calledName, callParts, dottedName, stringItems, stringValue, unwrap } from '../../analysis/python';
import type { SyntaxNode, Unit } from '../../analysis/syntax';
import type { IndexedFile, Workspace } from '../../analysis/workspace';
import { settingRead } from './configured';
import { boundValue } from './credentials';
import { algorithmsArgument, decodesEncodedToken, encodeAlgorithms, jwtCalls, keyArgument, signatureOff, workspaceAlgorithm, type JwtCall } from './jwt';
import { liveFile, nodesOf, type FunctionScope } from './scope';
import { defineRule, type Fix } from '../types';

export default defineRule({
  meta: {
    code: 'FG205',
    name: 'jwt-signature-not-verified',
    family: 'weak-credentials',
    severity: 'error',
    cwe: [347],
    summary: 'A JWT is decoded without verifying its signature, or with settings that let a forged token verify.',
    fix: { availability: 'sometimes', applicability: 'safe', title: 'Pin `algorithms=[...]`' },
    docs: {
      whatItDoes:
        'Reports PyJWT and python-jose `jwt.decode` calls with `verify=False`, `options={"verify_signature": False}`, no ' +
        '`algorithms=`, `"none"` among the algorithms (PyJWT\'s whole `get_default_algorithms()` table has it), algorithms read from the token\'s own header, or an empty key; and `jwt.get_unverified_claims` / ' +
        '`get_unverified_header` results that decide something in a function that never verifies the token (a test, the ' +
        'result, or the claims picking the user: a lookup, `login_user`, a `session`/`g` store).',
      whyIsThisBad:
        'An unverified JWT is just base64: anyone can write `{"sub": "admin"}` into one. Without a pinned algorithm list, ' +
        'older PyJWT accepts `alg: none` and lets an attacker sign HS256 tokens with the server\'s public RSA key ' +
        '(algorithm confusion); an empty key makes the HMAC signature forgeable by anyone.',
      example: [
        'import os',
        '',
        'import jwt',
        '',
        "JWT_SECRET = os.environ['JWT_SECRET']",
        '',
        'def issue(user_id):',
        "    return jwt.encode({'sub': user_id, 'exp': 1700000000}, JWT_SECRET, algorithm='HS256')",
        '',
        'def read_claims(token):',
        '    return jwt.decode(token, JWT_SECRET)',
        '',
      ].join('\n'),
      useInstead: [
        'import os',
        '',
        'import jwt',
        '',
        "JWT_SECRET = os.environ['JWT_SECRET']",
        '',
        'def issue(user_id):',
        "    return jwt.encode({'sub': user_id, 'exp': 1700000000}, JWT_SECRET, algorithm='HS256')",
        '',
        'def read_claims(token):',
        "    return jwt.decode(token, JWT_SECRET, algorithms=['HS256'])",
        '',
      ].join('\n'),
      fixSafety:
        'When only `algorithms=` is missing, the fix adds it with the algorithm the workspace\'s `jwt.encode` signs with: ' +
        'safe, since the tokens the app issues keep verifying. When no `jwt.encode` (or several algorithms) is found, the ' +
        'fix guesses (`RS256` for a public key, else `HS256`) and is unsafe. Other causes (verification off, `none`, an ' +
        'empty key) need a real key and have no automatic fix.',
      references: ['https://pyjwt.readthedocs.io/en/stable/api.html#jwt.decode', 'https://auth0.com/blog/critical-vulnerabilities-in-json-web-token-libraries/'],
    },
  },
  summarize(unit, file) {
    // The fix reads the algorithm other units sign with; a `.decode()` of a token anywhere says PyJWT 1.x, whose third positional is `verify`.
    return encodeAlgorithms(unit, file).join(',') + ';' + configuredAlgorithms(unit, file) + (decodesEncodedToken(unit, file) ? ';pyjwt1' : '');
  },
  checkUnit(unit, ctx) {
    if (ctx.file.inTests) return;
    const calls = jwtCalls(unit, ctx.file, ctx.workspace);
    const headers = calls.filter((c) => c.fn === 'unverified-header').map((c) => c.node);
    const verified = new Set(calls.filter((c) => c.fn === 'decode' && !problem(c, headers)).map((c) => c.scope));
    for (const call of calls) {
      if (call.fn === 'decode') {
        const p = problem(call, headers);
        if (!p) continue;
        ctx.report(ctx.file, call.node, `\`${call.parts.name}\`: ${p.text}; ${p.advice}`, {
          fixes: () => (p.missingAlgorithms ? [algorithmsFix(ctx.workspace, liveFile(ctx.workspace, ctx.file), call)] : []),
        });
      } else if ((call.fn === 'unverified-header' || call.fn === 'unverified-claims') && !verified.has(call.scope) && decides(call)) {
        ctx.report(ctx.file, call.node, `\`${call.parts.name}\` reads the token without verifying it, and the result decides what happens here; verify it with \`jwt.decode(..., algorithms=[...])\` and use the verified claims`);
      }
    }
  },
});

interface Problem {
  text: string;
  advice: string;
  missingAlgorithms?: boolean;
}

/** `headers`: the unit's `get_unverified_header` calls. */
function problem(call: JwtCall, headers: readonly SyntaxNode[]): Problem | undefined {
  const off = signatureOff(call);
  if (off) return { text: off, advice: 'anyone can forge the claims; verify the signature with the key and pinned `algorithms=[...]`' };
  if (call.parts.splat) return undefined;
  const algorithms = algorithmsArgument(call);
  if (!algorithms || unwrap(algorithms)?.type === 'none') return { text: 'no `algorithms=` is given, so the token\'s own `alg` header is trusted (`none`, or HS256 signed with a public key)', advice: 'pin the algorithms the app signs with', missingAlgorithms: true };
  const list = stringItems(algorithms) ?? (unwrap(algorithms)?.type === 'identifier' && call.scope ? stringItems(boundValue(call.scope, unwrap(algorithms)!.text)) : undefined);
  if (list?.some((a) => a.toLowerCase() === 'none') || (call.scope && configuredNone(call.scope.workspace, algorithms))) return { text: '`algorithms` allows `none`, so an unsigned token verifies', advice: 'list only the algorithms the app signs with' };
  if (everyAlgorithm(call, algorithms)) return { text: '`algorithms` is every algorithm PyJWT knows, `none` and HS256 among them, so the token\'s own `alg` header is trusted', advice: 'list only the algorithms the app signs with' };
  if (call.scope && readsAny(call.scope, algorithms, headers, 0)) return { text: '`algorithms` is read from the token\'s own header, so whoever writes the token picks how it is checked (HS256 signed with a public key)', advice: 'list only the algorithms the app signs with' };
  const key = unwrap(keyArgument(call));
  if (!key || key.type === 'none' || stringValue(key) === '') return { text: 'the key is empty, so anyone can sign a token that verifies', advice: 'verify with the secret (or public key) the tokens are signed with' };
  return undefined;
}

/** `current_app.config['JWT_ALGORITHMS']` where the workspace sets that key to a list with `none` in it. */
function configuredNone(workspace: Workspace, algorithms: SyntaxNode): boolean {
  const key = settingRead(unwrap(algorithms)!);
  if (!key) return false;
  for (const file of workspace.all()) {
    for (const unit of file.source.units) {
      if (unit.text.includes(key) && unitConfigWrites(unit, file).some((w) => w.key === key && allowsNone(w.value))) return true;
    }
  }
  return false;
}

function allowsNone(value: SyntaxNode): boolean {
  return !!stringItems(value)?.some((a) => a.toLowerCase() === 'none');
}

/** For the unit's interface: the algorithm lists it configures (decodes elsewhere read them). */
function configuredAlgorithms(unit: Unit, file: IndexedFile): string {
  if (!/algorithm/i.test(unit.text)) return '';
  return unitConfigWrites(unit, file).filter((w) => /ALGORITHM/.test(w.key) && allowsNone(w.value)).map((w) => w.key).join(',');
}

/** Conversions that keep the algorithm names they are given (`list(get_default_algorithms())`). */
const KEEPS_NAMES = /^(list|tuple|set|sorted|frozenset|keys)$/;

/** `jwt.algorithms.get_default_algorithms()`, its keys, or a name bound to it: PyJWT's whole table, `none` included. */
function everyAlgorithm(call: JwtCall, algorithms: SyntaxNode): boolean {
  let n = unwrap(algorithms);
  if (n?.type === 'identifier' && call.scope) n = unwrap(boundValue(call.scope, n.text));
  for (let parts = callParts(n); parts; parts = callParts(n)) {
    const name = calledName(parts);
    if (name === 'get_default_algorithms') return true;
    if (!KEEPS_NAMES.test(name ?? '')) return false;
    n = unwrap(name === 'keys' && parts.callee.type === 'attribute' ? parts.callee.field_('object') : parts.positional[0]);
  }
  return false;
}

/** `expr` contains one of `calls`, directly or through the names it is built from (`allowed = [header['alg']]`). */
function readsAny(scope: FunctionScope, expr: SyntaxNode, calls: readonly SyntaxNode[], depth: number): boolean {
  if (depth > 3 || !calls.length) return false;
  let found = false;
  expr.walk((n) => {
    if (found) return false;
    const value = n.type === 'identifier' ? boundValue(scope, n.text) : undefined;
    found = calls.some((c) => c.start === n.start && c.end === n.end) || (!!value && readsAny(scope, value, calls, depth + 1));
    return found ? false : undefined;
  });
  return found;
}

/** The unverified header or claims feed an `if`, a comparison or the function's result. */
function decides(call: JwtCall): boolean {
  const scope = call.scope;
  if (!scope) return false;
  let n: SyntaxNode = call.node;
  while (n.parent && (n.parent.type === 'subscript' || n.parent.type === 'attribute' || n.parent.type === 'call' || n.parent.type === 'parenthesized_expression')) n = n.parent;
  const parent = n.parent;
  if (!parent) return false;
  if (parent.type === 'return_statement') return call.fn === 'unverified-claims';
  if (parent.type === 'comparison_operator' || n.ancestor('if_statement')?.field_('condition')?.contains(n)) return true;
  if (call.fn === 'unverified-claims' && picksIdentity(enclosingUse(n), (e) => e.contains(n))) return true;
  const target = parent.type === 'assignment' ? unwrap(parent.field_('left')) : undefined;
  if (target?.type !== 'identifier') return false;
  const name = target.text;
  const reads = (e: SyntaxNode) => e.find('identifier').some((i) => i.text === name);
  const conditions = nodesOf(scope, 'if_statement', 'elif_clause', 'conditional_expression', 'comparison_operator').map((s) => s.field_('condition') ?? s);
  const returns = call.fn === 'unverified-claims' ? nodesOf(scope, 'return_statement') : [];
  if ([...conditions, ...returns].some(reads)) return true;
  return call.fn === 'unverified-claims' && nodesOf(scope, 'call', 'assignment').some((s) => picksIdentity(s, reads));
}

/** Lookups and logins that take the caller's identity from what they are given (`User.query.filter_by(email=...)`, `login_user(...)`). */
const IDENTITY_PICKS = /^(filter_by|filter|get|get_or_404|login_user)$/;

/** The call `n` is an argument of, else the assignment whose value holds it. */
function enclosingUse(n: SyntaxNode): SyntaxNode | undefined {
  return n.parent?.type === 'argument_list' || n.parent?.type === 'keyword_argument' ? n.ancestor('call') : n.ancestor('assignment');
}

/**
 * The call or assignment `n` takes who the caller is from a value `uses` accepts: a user lookup or login
 * given it, or a `session[...]` / `g.` store of it. Unverified claims there log anyone in as anyone.
 */
function picksIdentity(n: SyntaxNode | undefined, uses: (e: SyntaxNode) => boolean): boolean {
  if (n?.type === 'call') {
    const parts = callParts(n)!;
    return IDENTITY_PICKS.test(calledName(parts) ?? '') && [...parts.positional, ...parts.keywords.values()].some(uses);
  }
  if (n?.type !== 'assignment') return false;
  const left = unwrap(n.field_('left'));
  const stored = sessionKey(left) !== undefined || (left?.type === 'attribute' && dottedName(left.field_('object')) === 'g');
  return stored && !!n.field_('right') && uses(n.field_('right')!);
}

function algorithmsFix(workspace: Workspace, file: IndexedFile, call: JwtCall): Fix {
  const known = workspaceAlgorithm(workspace, file);
  const key = keyArgument(call)?.text ?? '';
  const algorithm = known ?? (/public|pub_?key|pem|cert|jwks/i.test(key) ? 'RS256' : 'HS256');
  const args = call.node.field_('arguments')!.namedChildren.filter((c) => c.type !== 'comment');
  const last = args[args.length - 1]!;
  // `algorithms=None` is there already: give it a value; otherwise add the keyword.
  const none = algorithmsArgument(call);
  const edit: Fix['edits'][number] = none
    ? { kind: 'replace', file: file.path, start: none.start, end: none.end, text: `["${algorithm}"]` }
    : { kind: 'replace', file: file.path, start: last.end, end: last.end, text: `, algorithms=["${algorithm}"]` };
  return { title: `Pin \`algorithms=["${algorithm}"]\``, applicability: known ? 'safe' : 'unsafe', edits: [edit] };
}
