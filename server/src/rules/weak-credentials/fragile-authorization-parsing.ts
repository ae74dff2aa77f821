import type { Taint } from '../../analysis/dataflow';
import { callParts, dottedName, intValue, lastName, sequenceItems, stringValue, unwrap, type CallParts } from '../../analysis/python';
import { localAssignments } from '../../analysis/facts';
import type { SyntaxNode } from '../../analysis/syntax';
import { comparisons } from './comparisons';
import { boundValue, isSchemeLiteral, isSchemeName, sliceBounds, taintKey } from './credentials';
import { handOffSummary, nodesOf, unitScopes, type FunctionScope } from './scope';
import { defineRule } from '../types';

const AUTH_HEADERS = new Set(['header:authorization', 'header:proxy-authorization']);
const CASE_FOLD = /\.(lower|casefold|upper)\(\)/;

export default defineRule({
  meta: {
    code: 'FG204',
    name: 'fragile-authorization-parsing',
    family: 'weak-credentials',
    severity: 'warning',
    cwe: [287, 20],
    summary: 'The `Authorization` header is cut apart (`split(" ")[1]`, `[7:]`, `replace("Bearer ", "")`) without checking its scheme and shape.',
    fix: { availability: 'none' },
    docs: {
      whatItDoes:
        'Finds a token taken out of the `Authorization` header by position or by text replacement (`split(" ")[1]`, ' +
        '`split()[1]`, `[7:]`, `replace("Bearer ", "")`, `removeprefix`) in a function that does not both compare the ' +
        'scheme case-insensitively (`parts[0].lower() != "bearer"`) and reject headers with the wrong number of parts ' +
        '(`len(parts) != 2`). After a `startswith("bearer ")` test, `split(" ", 1)[1]` always has its two parts; a header ' +
        'unpacked into two names (`_, token = header.split()`) refuses any other count, so only its scheme is asked for. ' +
        'A whole-header pattern that starts with the scheme (`re.match(r"^Bearer (\\S+)$", header)`) checks the shape, and ' +
        'the scheme too when it ignores case (`re.I`, `(?i)`).',
      whyIsThisBad:
        'Position-based parsing accepts whatever sits there: `Basic <jwt>`, `Bearer <token> junk`, or a bare token with a ' +
        'seven-character prefix of anything; `replace` leaves the whole header when the prefix is missing, and a missing ' +
        'second part raises `IndexError` (a 500 instead of a 401). The scheme is case-insensitive by RFC 7235, so a ' +
        'case-sensitive `startswith("Bearer ")` also rejects valid clients. Malformed credentials should be rejected ' +
        'before any token logic runs.',
      example: [
        'from flask import Flask, request',
        '',
        'app = Flask(__name__)',
        '',
        "@app.get('/profile')",
        'def profile():',
        "    token = request.headers.get('Authorization', '').split(' ')[1]",
        '    return token',
        '',
      ].join('\n'),
      useInstead: [
        'from flask import Flask, abort, request',
        '',
        'app = Flask(__name__)',
        '',
        "@app.get('/profile')",
        'def profile():',
        "    parts = request.headers.get('Authorization', '').split()",
        "    if len(parts) != 2 or parts[0].lower() != 'bearer':",
        '        abort(401)',
        '    return parts[1]',
        '',
      ].join('\n'),
      fixSafety: 'No automatic fix yet: strict parsing adds a rejection path, which the surrounding code has to answer.',
      references: ['https://datatracker.ietf.org/doc/html/rfc7235#section-2.1', 'https://datatracker.ietf.org/doc/html/rfc6750#section-2.1'],
    },
  },
  summarize(unit) {
    // A helper's parameter carries what every caller hands it: callers' edits change the helper's verdict (all FG2xx rules read it).
    return handOffSummary(unit);
  },
  checkUnit(unit, ctx) {
    if (ctx.file.inTests) return;
    for (const scope of unitScopes(unit, ctx.file, ctx.workspace)) {
      const parses = fragileParses(scope);
      if (!parses.length) continue;
      const pattern = schemePattern(scope);
      const scheme = checksScheme(scope) || pattern === 'caseless';
      const count = checksPartCount(scope) || boundsOnceSplit(scope) || !!pattern;
      for (const p of parses) {
        // Once the header starts with `bearer `, `split(' ', 1)[1]` and `[7:]` are exactly the rest.
        const shaped = count || p.unpacked || (p.cutsOnce && checksSpacedPrefix(scope));
        const missing = [!scheme && 'the scheme (case-insensitively)', !shaped && 'the number of parts'].filter(Boolean);
        if (!missing.length) continue;
        ctx.report(ctx.file, p.node, `The \`Authorization\` header is parsed with \`${p.how}\` without checking ${missing.join(' or ')}, so malformed or foreign headers get through; split it and reject it unless it has exactly two parts and the first is \`${p.scheme ?? 'bearer'}\` in any case`);
      }
    }
  },
});

function authTaints(scope: FunctionScope, expr: SyntaxNode | undefined): Taint[] {
  return scope.flow.taintsOf(expr).filter((t) => AUTH_HEADERS.has(taintKey(t)));
}

interface Parse {
  node: SyntaxNode;
  how: string;
  /** `header.split(' ', 1)[1]`, `header[7:]`: one cut after the scheme, whatever follows it. */
  cutsOnce?: boolean;
  /** The scheme the parse strips (`replace('Basic ', '')` → `basic`), when it names one. */
  scheme?: string;
  /** `scheme, token = header.split()`: unpacking refuses any other number of parts (with an exception). */
  unpacked?: boolean;
}

/** `x.split(...)[1]`, `parts[-1]` of a split header, `header[7:]`, `header.replace('Bearer ', '')`. */
function fragileParses(scope: FunctionScope): Parse[] {
  const out: Parse[] = [];
  for (const n of nodesOf(scope, 'subscript')) {
    const sub = unwrap(n.field_('subscript'));
    const value = n.field_('value');
    if (!sub || !value) continue;
    const taints = authTaints(scope, value);
    if (!taints.length) continue;
    if (sub.type === 'slice') {
      const [start, stop] = sliceBounds(sub);
      const from = intValue(start) ?? (callParts(start)?.name === 'len' ? 1 : undefined);
      if (from !== undefined && from > 0 && !stop && taints.some((t) => !t.steps.some(cutsApart))) out.push({ node: n, how: `[${sub.text}]`, cutsOnce: true, scheme: cutScheme(scope, from) });
    } else if (index(sub) !== undefined && taints.some((t) => t.steps.length && isSplit(t.steps[t.steps.length - 1]!) && !t.steps.slice(0, -1).some(cutsApart))) {
      const call = callParts(value);
      if (call && !splitsHeaderParts(call)) continue;
      out.push({
        node: n,
        how: call ? `${lastName(call.callee.field_('attribute')?.text)}(${call.positional.map((p) => p.text).join(', ')})[${sub.text}]` : `${value.text}[${sub.text}]`,
        cutsOnce: !!call && call.callee.field_('attribute')?.text === 'split' && splitsOnceAtSpace(call),
      });
    }
  }
  for (const a of nodesOf(scope, 'assignment')) {
    const split = unpackedSplit(scope, a);
    if (split) out.push({ node: split.node, how: `${a.field_('left')!.text} = ...${split.how}`, unpacked: true });
  }
  for (const n of nodesOf(scope, 'call')) {
    const parts = callParts(n)!;
    const method = parts.callee.type === 'attribute' ? parts.callee.field_('attribute')?.text ?? '' : '';
    const prefix = schemeText(scope, parts.positional[0]);
    if (!/^(replace|removeprefix|lstrip)$/.test(method) || prefix === undefined) continue;
    const scheme = prefix.trim().toLowerCase();
    if (authTaints(scope, parts.callee.field_('object')).length) out.push({ node: n, how: `${method}(${parts.positional.map((p) => p.text).join(', ')})`, scheme });
  }
  return out;
}

/** `_, token = header.split()`: the header split into two names in place; the split call and how it is written. */
function unpackedSplit(scope: FunctionScope, assignment: SyntaxNode): { node: SyntaxNode; how: string } | undefined {
  const targets = sequenceItems(unwrap(assignment.field_('left')));
  const value = unwrap(assignment.field_('right'));
  const call = callParts(value);
  const method = call?.callee.type === 'attribute' ? call.callee.field_('attribute')?.text : undefined;
  if (targets?.length !== 2 || !call || (method !== 'split' && method !== 'rsplit') || !splitsHeaderParts(call)) return undefined;
  const object = call.callee.field_('object');
  if (!authTaints(scope, object).some((t) => !t.steps.some(cutsApart))) return undefined;
  return { node: value!, how: `${method}(${call.positional.map((p) => p.text).join(', ')})` };
}

/**
 * `split()`, `split(' ')`, `split('Bearer ')`: separators that cut the scheme from the credentials. `split(':')` cuts
 * something else (the decoded `user:password` of Basic auth).
 */
function splitsHeaderParts(call: CallParts): boolean {
  const sep = call.positional[0] ?? call.keywords.get('sep');
  const text = sep && unwrap(sep)?.type !== 'none' ? stringValue(sep) : ' ';
  return text === undefined || text.trim() === '' || isSchemeLiteral(sep);
}

/** The scheme a slice cuts off (`[6:]` after a test for `'Basic '`), when the function names one of that length. */
function cutScheme(scope: FunctionScope, from: number): string | undefined {
  for (const s of nodesOf(scope, 'string')) {
    const v = stringValue(s);
    if (v !== undefined && isSchemeLiteral(s) && (v.length === from || v.trimEnd().length + 1 === from)) return v.trim().toLowerCase();
  }
  return undefined;
}

/** A step after which the value is a part of the header, not the header (`user:password` split of decoded Basic credentials is not header parsing). */
function cutsApart(step: Taint['steps'][number]): boolean {
  return isSplit(step) || step.op === 'index' || step.op === 'slice' || step.op === 'unpack' || (step.op === 'method' && /partition$/.test(step.name));
}

function isSplit(step: Taint['steps'][number]): boolean {
  return step.op === 'method' && (step.name === 'split' || step.name === 'rsplit');
}

function index(sub: SyntaxNode): number | undefined {
  const v = sub.type === 'unary_operator' ? -(intValue(sub.field_('argument')) ?? NaN) : intValue(sub);
  return v === 1 || v === -1 ? v : undefined;
}

/** `split(' ', 1)`, `split(' ', maxsplit=1)`, `split(sep=' ', maxsplit=1)`. */
function splitsOnceAtSpace(call: CallParts): boolean {
  const sep = call.positional[0] ?? call.keywords.get('sep');
  return stringValue(sep) === ' ' && intValue(call.positional[1] ?? call.keywords.get('maxsplit')) === 1;
}

/** A scheme written inline or as a module constant (`BEARER_PREFIX = 'Bearer '`): its text. */
function schemeText(scope: FunctionScope, expr: SyntaxNode | undefined): string | undefined {
  const n = unwrap(expr);
  const name = n?.type === 'identifier' || n?.type === 'attribute' ? dottedName(n) : undefined;
  const value = name ? boundValue(scope, name) : n;
  return isSchemeLiteral(value) ? stringValue(unwrap(value)) : undefined;
}

/** `auth.startswith('Bearer ')` (in any case): the header has a space right after the scheme. */
function checksSpacedPrefix(scope: FunctionScope): boolean {
  return nodesOf(scope, 'call').some((n) => {
    const parts = callParts(n)!;
    const object = parts.callee.type === 'attribute' ? parts.callee.field_('object') : undefined;
    const prefix = schemeText(scope, parts.positional[0]);
    return parts.callee.field_('attribute')?.text === 'startswith' && !!prefix?.endsWith(' ') && !!object && authTaints(scope, object).length > 0;
  });
}

/** `parts[0].lower() != 'bearer'`, `auth.lower().startswith('bearer ')`. */
function checksScheme(scope: FunctionScope): boolean {
  for (const c of comparisons(scope)) {
    for (const [a, b] of [[c.left, c.right], [c.right, c.left]] as const) {
      const named = (e: SyntaxNode) => schemeText(scope, e) !== undefined;
      if ((named(b) || (unwrap(b)?.namedChildren ?? []).some(named)) && caseFolded(scope, a)) return true;
    }
  }
  return nodesOf(scope, 'call').some((n) => {
    const parts = callParts(n)!;
    const object = parts.callee.type === 'attribute' ? parts.callee.field_('object') : undefined;
    return parts.callee.field_('attribute')?.text === 'startswith' && !!object && CASE_FOLD.test(object.text) && authTaints(scope, object).length > 0;
  });
}

/** A part of the header in one case: `parts[0].lower()` written in place, or a name given it (`kind = kind.lower()`). */
function caseFolded(scope: FunctionScope, expr: SyntaxNode): boolean {
  const taints = authTaints(scope, expr);
  return taints.length > 0 && (CASE_FOLD.test(expr.text) || taints.some((t) => t.steps.some((s) => s.op === 'method' && CASE_METHODS.test(s.name))));
}

const CASE_METHODS = /^(lower|casefold|upper)$/;

/**
 * `parts = header.split('=', 1)` then `if len(parts) >= 2` (or `< 2`): a split cut once has at most two parts,
 * so requiring two asks for exactly two.
 */
function boundsOnceSplit(scope: FunctionScope): boolean {
  return nodesOf(scope, 'comparison_operator').some((n) => {
    const ops = n.fields('operators').map((o) => o.text);
    const operands = n.namedChildren.filter((c) => c.type !== 'comment');
    if (ops.length !== 1 || !/^[<>]=?$/.test(ops[0]!) || !operands.some((o) => [1, 2].includes(intValue(o) ?? NaN))) return false;
    return operands.some((o) => {
      const call = callParts(unwrap(o));
      const counted = call?.name === 'len' ? unwrap(call.positional[0]) : undefined;
      return counted?.type === 'identifier' && localAssignments(scope.fact, counted.text).some((a) => splitsOnce(scope, a.value));
    });
  });
}

/** `header.split(sep, 1)`, `header.rsplit(maxsplit=1)`. */
function splitsOnce(scope: FunctionScope, value: SyntaxNode): boolean {
  const call = callParts(unwrap(value));
  const method = call?.callee.type === 'attribute' ? call.callee.field_('attribute')?.text : undefined;
  return !!call && (method === 'split' || method === 'rsplit') && intValue(call.positional[1] ?? call.keywords.get('maxsplit')) === 1 && authTaints(scope, call.callee.field_('object')).length > 0;
}

const REGEX_MATCHES = /^re\.(match|fullmatch|search)$/;
/** `(?i)^Bearer +(\S+) *$`: an optional `(?i)` (Python takes it first only) and `^`, then the scheme's word. */
const PATTERN_SCHEME = /^(\(\?i\))?(\^?)\(?([A-Za-z-]+)/;

/**
 * `re.match(r'^Bearer +([^ ]+) *$', header)`: a pattern of the whole header that starts with the scheme
 * checks its shape (one token after the scheme), and its scheme in any case under `re.I` or `(?i)`.
 */
function schemePattern(scope: FunctionScope): 'caseless' | 'cased' | undefined {
  for (const n of nodesOf(scope, 'call')) {
    const parts = callParts(n)!;
    const fn = REGEX_MATCHES.exec(parts.name ?? '')?.[1];
    const pattern = fn ? stringValue(unwrap(parts.positional[0])) : undefined;
    const head = pattern === undefined ? undefined : PATTERN_SCHEME.exec(pattern);
    if (!head || !isSchemeName(head[3]!) || !authTaints(scope, parts.positional[1]).length) continue;
    const whole = (fn === 'fullmatch' || /(\$|\\Z)$/.test(pattern!)) && (fn !== 'search' || !!head[2]);
    if (!whole || matchesAnyText(pattern!.slice(head[0].length))) continue;
    const flags = parts.positional[2] ?? parts.keywords.get('flags');
    return head[1] || /\b(I|IGNORECASE)\b/.test(flags?.text ?? '') ? 'caseless' : 'cased';
  }
  return undefined;
}

/** `(.+)`: a bare `.` (not escaped, not in a `[...]` class) lets spaces and further parts through. */
function matchesAnyText(pattern: string): boolean {
  return pattern.replace(/\\./g, '').replace(/\[[^\]]*\]/g, '').includes('.');
}

/** `len(parts) != 2`, `' ' in token`, `token.count(' ')`. */
function checksPartCount(scope: FunctionScope): boolean {
  for (const c of comparisons(scope)) {
    for (const [a, b] of [[c.left, c.right], [c.right, c.left]] as const) {
      const call = callParts(a);
      if (call?.name === 'len' && authTaints(scope, call.positional[0]).length) return true;
      if ((c.op === 'in' || c.op === 'not in') && a === c.left && stringValue(a)?.trim() === '' && authTaints(scope, b).length) return true;
    }
  }
  return nodesOf(scope, 'call').some((n) => {
    const parts = callParts(n)!;
    return parts.callee.field_('attribute')?.text === 'count' && authTaints(scope, parts.callee.field_('object')).length > 0;
  });
}
