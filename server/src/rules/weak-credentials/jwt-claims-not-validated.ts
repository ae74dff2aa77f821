import { calledName, callParts, lastName, stringValue, unwrap, words } from '../../analysis/python';
import type { SyntaxNode, Unit } from '../../analysis/syntax';
import { localAssignments, unitFacts } from '../../analysis/facts';
import { LINK_PURPOSE } from './credentials';
import { decodeOptions, isFalsy, jwtCalls, signatureOff, type JwtCall } from './jwt';
import { isViewFunction, liveFile, nodesOf, syntaxScope, type FunctionScope, type SyntaxScope } from './scope';
import type { IndexedFile } from '../../analysis/workspace';
import { ensureModuleImport } from '../../fixes/imports';
import { defineRule, type Fix } from '../types';

const CLAIM_CHECKS: Record<string, string> = { verify_exp: 'expiry', verify_aud: 'audience', verify_iss: 'issuer', verify_nbf: 'not-before', verify_iat: 'issued-at' };
/** Containers and calls a token passes through on its way into a response. */
const TRANSPARENT = new Set(['pair', 'dictionary', 'list', 'tuple', 'expression_list', 'parenthesized_expression', 'keyword_argument', 'argument_list', 'interpolation', 'string', 'conditional_expression', 'boolean_operator', 'binary_operator']);
const RESPONSE_CALLS = /^(jsonify|make_response|Response|dict|str|decode|json_response|render_template|render_template_string|redirect|url_for)$/;

export default defineRule({
  meta: {
    code: 'FG206',
    name: 'jwt-claims-not-validated',
    family: 'weak-credentials',
    severity: 'warning',
    cwe: [613, 287],
    summary: 'A JWT\'s expiry, audience or issuer is not checked, or an access token is issued without `exp`.',
    fix: { availability: 'sometimes', applicability: 'unsafe', title: 'Add `exp` (15 minutes)' },
    docs: {
      whatItDoes:
        'Reports `jwt.decode` with `verify_exp`, `verify_aud`, `verify_iss` (or `verify_nbf`/`verify_iat`) switched off in ' +
        '`options`, and `jwt.encode` of a payload without `exp` (written there, or returned by a workspace helper: `claims_for(user)`) whose token the app hands out: returned, sent in a ' +
        'response or set as a cookie. A helper (not a view) named for a one-time link, kept in a module named for one ' +
        '(`reset_tokens.py`), or signing a payload that names one (`get_reset_token`, `{"confirm": user.id}`, `reset_claims(user)`), ' +
        'returns a token its callers mail: that is not an access token. ' +
        'Authlib\'s `jwt.decode` checks no claim until `.validate()` is called: its claims read with no `.validate()` in the ' +
        'function (and not returned or handed to a helper that may validate them) are reported too. ' +
        'A decode with signature verification off is FG205\'s alone; Flask-JWT-Extended\'s ' +
        '`create_access_token(..., expires_delta=False)` sets a lifetime, which is FG306\'s.',
      whyIsThisBad:
        'A token without an enforced expiry is a password that can never be changed: a leaked or stolen token works ' +
        'forever, and logging out or revoking access does nothing. Unchecked audience and issuer let a token minted for ' +
        'another service (or by another issuer sharing the key) pass as one of yours.',
      example: [
        'import os',
        '',
        'import jwt',
        '',
        "JWT_SECRET = os.environ['JWT_SECRET']",
        '',
        'def issue_access_token(user_id):',
        "    return jwt.encode({'sub': str(user_id)}, JWT_SECRET, algorithm='HS256')",
        '',
      ].join('\n'),
      useInstead: [
        'import os',
        'from datetime import datetime, timedelta, timezone',
        '',
        'import jwt',
        '',
        "JWT_SECRET = os.environ['JWT_SECRET']",
        '',
        'def issue_access_token(user_id):',
        '    now = datetime.now(timezone.utc)',
        "    return jwt.encode({'sub': str(user_id), 'iat': now, 'exp': now + timedelta(minutes=15)}, JWT_SECRET, algorithm='HS256')",
        '',
      ].join('\n'),
      fixSafety:
        'For a dict literal payload, the fix adds `"exp": int(time.time()) + 900` (adding `import time`): tokens then ' +
        'expire after 15 minutes. Unsafe: clients that kept tokens for longer must log in again or refresh, and the ' +
        'lifetime is a product decision. Switched-off claim checks have no automatic fix.',
      references: ['https://pyjwt.readthedocs.io/en/stable/usage.html#expiration-time-claim-exp', 'https://datatracker.ietf.org/doc/html/rfc8725#section-3.10'],
    },
  },
  summarize(unit) {
    return payloadHelpers(unit);
  },
  checkUnit(unit, ctx) {
    if (ctx.file.inTests) return;
    for (const call of jwtCalls(unit, ctx.file, ctx.workspace)) {
      if (call.fn === 'decode' && !signatureOff(call)) {
        const off = disabledChecks(call);
        if (off.length) {
          const checks = off.length > 1 ? `${off.slice(0, -1).join(', ')} and ${off[off.length - 1]} checks` : `${off[0]} check`;
          const accepted = off.includes('expiry') ? 'expired tokens keep working' : 'tokens minted for another service or by another issuer are accepted';
          ctx.report(ctx.file, call.node, `\`${call.parts.name}\` skips the ${checks}, so ${accepted}; remove the \`verify_*: False\` options (and pass \`audience=\`/\`issuer=\` where the tokens carry them)`);
        }
      } else if (call.fn === 'claims-decode' && call.scope && claimsReadUnvalidated(call.scope, call.node)) {
        ctx.report(ctx.file, call.node, `Authlib's \`${call.parts.name}\` checks only the signature: \`exp\`, \`aud\` and \`iss\` are checked by \`claims.validate()\`, which is never called here, so expired tokens keep working; call \`.validate()\` on the claims before using them`);
      } else if (call.fn === 'encode' && call.scope && lacksExpiry(call) && handedOut(call.scope, call.node, 0, !mintsLinkToken(call.scope, call))) {
        ctx.report(ctx.file, call.node, `\`${call.parts.name}\` issues a token with no \`exp\` claim, so it never expires; add \`'exp': now + timedelta(minutes=15)\` (and refresh it when needed)`, {
          fixes: () => expiryFix(liveFile(ctx.workspace, ctx.file), call),
        });
      }
    }
  },
});

/**
 * The claims of an Authlib decode are read (subscripted, `.get(...)`, or through the name they are bound to)
 * and nothing in the function calls `.validate()` on them. Claims returned as they are may be validated by
 * the caller, so a bare `return` is not a finding.
 */
function claimsReadUnvalidated(scope: FunctionScope, decode: SyntaxNode): boolean {
  const parent = decode.parent;
  if (parent?.type === 'subscript' && parent.field_('value') === decode) return true;
  if (parent?.type === 'attribute') return parent.field_('attribute')?.text === 'get';
  const target = parent?.type === 'assignment' ? unwrap(parent.field_('left')) : undefined;
  if (target?.type !== 'identifier') return false;
  const name = target.text;
  const validated = nodesOf(scope, 'call').some((c) => {
    const callee = callParts(c)!.callee;
    return callee.type === 'attribute' && callee.field_('object')?.text === name && /^validate/.test(callee.field_('attribute')?.text ?? '');
  });
  const read = nodesOf(scope, 'identifier').some((i) => i.text === name && i !== target);
  const returnedAsIs = nodesOf(scope, 'return_statement').some((r) => unwrap(r.namedChildren[0])?.text === name);
  return read && !validated && !returnedAsIs && !handedToHelper(scope, name);
}

/** Calls that only copy or show claims; any other call given the claims object may validate it. */
const CLAIMS_VIEWS = /^(jsonify|dict|str|repr|len|print)$/;

function handedToHelper(scope: FunctionScope, name: string): boolean {
  return nodesOf(scope, 'call').some((c) => {
    const parts = callParts(c)!;
    return !CLAIMS_VIEWS.test(parts.name ?? '') && [...parts.positional, ...parts.keywords.values()].some((a) => unwrap(a)?.text === name);
  });
}

function disabledChecks(call: JwtCall): string[] {
  const options = decodeOptions(call);
  return Object.entries(CLAIM_CHECKS).filter(([k]) => isFalsy(options.get(k)) || isFalsy(call.parts.keywords.get(k))).map(([, what]) => what);
}

/**
 * The payload is known (a dict literal, `dict(...)`, a local name bound to one, or a workspace helper that
 * returns one: `jwt.encode(claims_for(user), key)`) and never gets `exp`.
 */
function lacksExpiry(call: JwtCall): boolean {
  const payload = unwrap(call.parts.positional[0] ?? call.parts.keywords.get('payload') ?? call.parts.keywords.get('claims'));
  return !!payload && !!call.scope && payloadExpiry(call.scope, payload, call.scope) === 'missing';
}

/** Whether a payload carries `exp`; undefined when it cannot be told. */
type Expiry = 'set' | 'missing' | undefined;

/** `resolver`: the scope to resolve a helper call from (none inside a helper: one level is followed). */
function payloadExpiry(scope: SyntaxScope, payload: SyntaxNode, resolver: FunctionScope | undefined): Expiry {
  const keys = payloadKeys(payload);
  if (keys) return keys.includes('exp') ? 'set' : 'missing';
  if (payload.type === 'call') return resolver ? helperExpiry(resolver, payload) : undefined;
  if (payload.type !== 'identifier') return undefined;
  const bound = localAssignments(scope.fact, payload.text).map((a) => payloadExpiry(scope, unwrap(a.value)!, resolver));
  if (!bound.length || bound.some((e) => e !== 'missing')) return bound.includes('set') ? 'set' : undefined;
  return addsExpiry(scope, payload.text) ? 'set' : 'missing';
}

/** `payload['exp'] = ...`, `payload.update(exp=...)`, `payload.setdefault('exp', ...)`. */
function addsExpiry(scope: SyntaxScope, name: string): boolean {
  return nodesOf(scope, 'subscript', 'call').some((n) => {
    if (n.type === 'subscript') return n.field_('value')?.text === name && stringValue(n.field_('subscript')) === 'exp';
    const parts = callParts(n)!;
    if (parts.callee.type !== 'attribute' || parts.callee.field_('object')?.text !== name) return false;
    return parts.keywords.has('exp') || parts.splat || parts.positional.some((p) => stringValue(p) === 'exp' || payloadKeys(unwrap(p)!)?.includes('exp'));
  });
}

/** A workspace helper called for the payload, when every one of its returns is a payload without `exp`. */
function helperExpiry(scope: FunctionScope, call: SyntaxNode): Expiry {
  const b = scope.workspace.resolveExpression(scope.file, callParts(call)!.callee, scope.fact);
  return b?.kind === 'function' ? returnedExpiry(syntaxScope(b.fact)) : undefined;
}

function returnedExpiry(helper: SyntaxScope): Expiry {
  const returned = nodesOf(helper, 'return_statement').map((r) => unwrap(r.namedChildren[0]));
  return returned.length && returned.every((r) => r && payloadExpiry(helper, r, undefined) === 'missing') ? 'missing' : undefined;
}

/** For the unit's interface: its functions that return a payload without `exp` (callers sign what they return). */
function payloadHelpers(unit: Unit): string {
  if (!/\breturn\b/.test(unit.text)) return '';
  return unitFacts(unit).functions.filter((f) => returnedExpiry(syntaxScope(f)) === 'missing').map((f) => f.qualname).join(',');
}

function payloadKeys(node: SyntaxNode): string[] | undefined {
  if (node.type === 'dictionary') {
    if (node.namedChildren.some((c) => c.type === 'dictionary_splat')) return undefined;
    return node.namedChildren.filter((c) => c.type === 'pair').map((p) => stringValue(p.field_('key')) ?? '');
  }
  const parts = callParts(node);
  if (parts?.name === 'dict' && !parts.splat && !parts.positional.length) return [...parts.keywords.keys()];
  return undefined;
}

/**
 * A helper (not a view) named for a one-time link, kept in a module named for one (`reset_tokens.py`), or
 * signing a payload that says so (`get_reset_token`, `{'confirm': user.id}`): its callers mail the token.
 * RULES.md's access token is one the app returns in a response or sets as a cookie.
 */
function mintsLinkToken(scope: FunctionScope, call: JwtCall): boolean {
  if (isViewFunction(scope.fact)) return false;
  const payload = unwrap(call.parts.positional[0] ?? call.parts.keywords.get('payload'));
  // `jwt.encode(reset_claims(user), ...)`: the helper that builds the payload names it too.
  const builder = lastName(callParts(payload)?.name) ?? '';
  const named = [scope.fact.name, builder, ...((payload && payloadKeys(payload)) ?? [])].some((name) => words(name).some((w) => LINK_PURPOSE.has(w)));
  return named || moduleNamesLink(scope.file.module);
}

/** A module named for checking (`verify_token.py`) checks every kind of token, so it says nothing of their use. */
const CHECKING = new Set(['verify', 'verification']);

/** `util.reset_tokens`, `accounts.invitations`: the module holds the tokens of one-time links. */
function moduleNamesLink(module: string): boolean {
  return words(lastName(module) ?? '').some((w) => LINK_PURPOSE.has(w) && !CHECKING.has(w));
}

/** The token leaves the function in a response, in a cookie, or (when `returned` counts) as its result. */
function handedOut(scope: FunctionScope, value: SyntaxNode, depth: number, returned: boolean): boolean {
  let n = value;
  for (let p = n.parent; p && p !== scope.fact.node; n = p, p = p.parent) {
    if (p.type === 'return_statement') return returned;
    if (TRANSPARENT.has(p.type) || p.type === 'attribute') continue;
    if (p.type === 'call') {
      const name = calledName(callParts(p)) ?? '';
      if (name === 'set_cookie') return true;
      if (RESPONSE_CALLS.test(name)) continue;
      return false;
    }
    if (p.type === 'assignment' && depth < 2) {
      const target = unwrap(p.field_('left'));
      if (target?.type !== 'identifier') return false;
      return nodesOf(scope, 'identifier').some((i) => i.text === target.text && i !== target && !(i.parent?.type === 'assignment' && i.parent.field_('left') === i) && handedOut(scope, i, depth + 1, returned));
    }
    return false;
  }
  return false;
}

/** Adds `"exp": int(time.time()) + 900` to an inline dict payload, when `time` is (or can be) the module. */
function expiryFix(file: IndexedFile, call: JwtCall): Fix[] {
  const payload = unwrap(call.parts.positional[0] ?? call.parts.keywords.get('payload'));
  const pairs = payload?.type === 'dictionary' ? payload.namedChildren.filter((c) => c.type === 'pair') : [];
  const last = pairs[pairs.length - 1];
  if (!last || file.facts.imports.some((i) => i.local === 'time' && i.member)) return [];
  const quote = stringValue(last.field_('key')) !== undefined && last.field_('key')!.text.startsWith('"') ? '"' : "'";
  const edits: Fix['edits'] = [{ kind: 'replace', file: file.path, start: last.end, end: last.end, text: `, ${quote}exp${quote}: int(time.time()) + 900` }];
  const imp = ensureModuleImport(file, 'time');
  if (imp) edits.push(imp);
  return [{ title: 'Add `exp` (15 minutes)', applicability: 'unsafe', edits }];
}
