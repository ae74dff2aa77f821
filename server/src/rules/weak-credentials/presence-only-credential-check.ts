import { ifBranches, isOptionalAuth, isRejection, roleByName } from '../../analysis/auth';
import { isLoggingCall, sessionKey } from '../../analysis/dataflow';
import { callParts, decoratorExpression, dottedName, intValue, lastName, sequenceItems, stringValue, unwrap } from '../../analysis/python';
import { unitFacts, type FunctionFact } from '../../analysis/facts';
import type { SyntaxNode } from '../../analysis/syntax';
import type { IndexedFile } from '../../analysis/workspace';
import { comparisons, credentialSides } from './comparisons';
import { credentialTaints, describeOperand, isCredentialWord, isPasswordName, isSentinel, sentence, taintKey } from './credentials';
import { decoratorNames, isViewFunction, nodesOf, syntaxScope, unitScopes, withAuthorizationParameters, type FunctionScope, type SyntaxScope } from './scope';
import { defineRule } from '../types';

/** Request collections a presence test can name a credential in (`'X-API-Key' in request.headers`). */
const COLLECTIONS: Record<string, string> = { 'request.headers': 'header', 'request.args': 'arg', 'request.cookies': 'cookie', 'request.form': 'form', 'request.values': 'values' };
/** Calls that look at a value without checking it. */
const NOT_A_CHECK = /^(len|bool|str|repr|isinstance|type|abort|jsonify|make_response|print)$/;
/** Flask-JWT-Extended calls that read the request's token themselves and reject a bad one. */
const REQUEST_VERIFIERS = /^(verify_jwt_in_request|verify_fresh_jwt_in_request|verify_jwt_refresh_token_in_request)$/;

interface Presence {
  keys: string[];
  label: string;
  /** The test reads the credential back from the session (`session['jwt'] = token` then `if not session.get('jwt')`). */
  readBack: boolean;
}

export default defineRule({
  meta: {
    code: 'FG201',
    name: 'presence-only-credential-check',
    family: 'weak-credentials',
    severity: 'error',
    cwe: [287],
    summary: 'A credential from the request grants access when it is merely present: any value is accepted.',
    fix: { availability: 'none' },
    docs: {
      whatItDoes:
        'Finds an `if` that lets a request through (or rejects it) on a truthiness, `is not None`, `!= ""`, `len(...)`, ' +
        '`startswith("Bearer ")` or ' +
        '`in request.headers` test of an API key, token, `Authorization` header or auth cookie (or the token a Flask-HTTPAuth ' +
        '`verify_token` callback receives), when the function never ' +
        'compares, verifies or looks up that value, and no helper it calls reads the value again and checks it. A presence ' +
        'test followed by `hmac.compare_digest`, `jwt.decode`, a database lookup or a membership test against the valid keys ' +
        'is the normal shape of a check and is not reported, nor is a decorator\'s wrapper that requires a password field of ' +
        'the request body before it runs the view (input validation: a password proves nothing without its account, which the view handles).',
      whyIsThisBad:
        'The check only proves that the client knows the header\'s name. `X-API-Key: x` passes, so the endpoint is as ' +
        'open as one without authentication, while the code (and its reviewers) believe it is protected.',
      example: [
        'from flask import Flask, jsonify, request',
        '',
        'app = Flask(__name__)',
        '',
        "@app.get('/reports')",
        'def reports():',
        "    if request.headers.get('X-API-Key'):",
        "        return jsonify(['q2-sales'])",
        "    return jsonify(error='forbidden'), 403",
        '',
      ].join('\n'),
      useInstead: [
        'import hmac',
        'import os',
        '',
        'from flask import Flask, abort, jsonify, request',
        '',
        'app = Flask(__name__)',
        "REPORTS_API_KEY = os.environ['REPORTS_API_KEY']",
        '',
        "@app.get('/reports')",
        'def reports():',
        "    key = request.headers.get('X-API-Key')",
        '    if not key or not hmac.compare_digest(key, REPORTS_API_KEY):',
        '        abort(401)',
        "    return jsonify(['q2-sales'])",
        '',
      ].join('\n'),
      fixSafety: 'No automatic fix: the expected key has to come from the deployment (environment, secrets store or database).',
      references: ['https://cwe.mitre.org/data/definitions/287.html', 'https://docs.python.org/3/library/hmac.html#hmac.compare_digest'],
    },
  },
  summarize(unit) {
    // Callers count what a helper reads again and checks: when that changes, so do their verdicts.
    return unitFacts(unit).functions.flatMap((f) => {
      const keys = helperChecks(f);
      return keys.length ? [`${f.qualname}:${keys.join(',')}`] : [];
    }).join(';');
  },
  checkUnit(unit, ctx) {
    if (ctx.file.inTests) return;
    for (const unitScope of unitScopes(unit, ctx.file, ctx.workspace)) {
      const scope = withCallbackToken(unitScope);
      const tests = nodesOf(scope, 'if_statement').filter(decides);
      if (!tests.length || verifiedElsewhere(scope)) continue;
      const checked = checkedKeys(scope);
      const copied = sessionCopies(scope);
      for (const stmt of tests) {
        const conditions = [stmt.field_('condition'), ...stmt.fields('alternative').map((a) => a.field_('condition'))];
        // `if token is None or token == '':` is one test of one credential: reported once.
        const reported = new Set<string>();
        for (const test of conditions.flatMap(atoms)) {
          const p = presence(scope, test);
          // A copy into the session may be checked by whoever reads it later, unless this test is that reader.
          if (!p || p.keys.some((k) => isChecked(k, checked) || (!p.readBack && isChecked(k, copied)))) continue;
          if (p.keys.every(isBodyPassword) && handsToWrapped(scope)) continue;
          // `if not creds or not creds.password:` tests the whole credentials, then a part of them: one test.
          if (p.keys.every((k) => reported.has(k) || reported.has(k.slice(0, k.indexOf(':') + 1)))) continue;
          p.keys.forEach((k) => reported.add(k));
          ctx.report(ctx.file, test, `${sentence(p.label)} is only checked for presence: any value is accepted; compare it with \`hmac.compare_digest\` against a key from the environment, or verify it`);
        }
      }
    }
  },
});

/**
 * The request is verified before or after the test by something that reads the credential itself: an
 * authentication decorator on the function (`@jwt_required()`, `@auth.login_required`) or a call such as
 * `verify_jwt_in_request()`. A presence test there only answers early; it grants nothing.
 */
function verifiedElsewhere(scope: FunctionScope): boolean {
  const decorated = scope.fact.decorators.some((d) => {
    const expr = decoratorExpression(d);
    return !!expr && roleByName(dottedName(callParts(expr)?.callee ?? expr), []) === 'authentication' && !isOptionalAuth(expr);
  });
  return decorated || nodesOf(scope, 'call').some((c) => REQUEST_VERIFIERS.test(lastName(callParts(c)!.name) ?? ''));
}

/** The `if` ends the request on one of its branches (rejects, or answers in place of the view). */
function decides(stmt: SyntaxNode): boolean {
  return ifBranches(stmt).some((branch) => branch.some((s) => s.type === 'return_statement' || s.type === 'raise_statement' || isRejection(s)));
}

/** The operands of `and`/`or`, with parentheses removed; `not x` stays whole. */
function atoms(node: SyntaxNode | undefined): SyntaxNode[] {
  const n = unwrap(node);
  if (!n) return [];
  if (n.type === 'boolean_operator') return [...atoms(n.field_('left')), ...atoms(n.field_('right'))];
  return [n];
}

function presence(scope: FunctionScope, test: SyntaxNode): Presence | undefined {
  let n = unwrap(test)!;
  while (n.type === 'not_operator') n = unwrap(n.field_('argument'))!;
  if (n.type === 'comparison_operator') {
    const [a, b] = n.namedChildren;
    const op = n.fields('operators').map((o) => o.text.replace(/\s+/g, ' ')).join();
    if (!a || !b || n.namedChildren.length !== 2) return undefined;
    if ((op === 'in' || op === 'not in') && onlySentinels(b)) return presenceOf(scope, a);
    if (op === 'in' || op === 'not in') {
      const name = stringValue(a);
      const kind = COLLECTIONS[dottedName(unwrap(b)) ?? ''];
      if (!name || !kind || !isCredentialWord(name)) return undefined;
      return { keys: [`${kind}:${name.toLowerCase()}`], label: kind === 'header' ? `the \`${name}\` header` : `\`${name}\``, readBack: false };
    }
    const measured = /^(==|!=|<|>|<=|>=)$/.test(op) ? lengthOperand(a, b) : undefined;
    if (measured) return presenceOf(scope, measured);
    if (!/^(is|is not|==|!=)$/.test(op)) return undefined;
    const [value, other] = isSentinel(b) ? [a, b] : [b, a];
    return isSentinel(other) ? presenceOf(scope, value) : undefined;
  }
  return presenceOf(scope, shapeOperand(n) ?? n);
}

/**
 * `len(token) == 0`, `len(key) < 1`, `len(auth) > 7`: an emptiness or length test written with `len`, which
 * any value of that length passes; the measured value.
 */
function lengthOperand(a: SyntaxNode, b: SyntaxNode): SyntaxNode | undefined {
  for (const [measure, bound] of [[a, b], [b, a]] as const) {
    const parts = callParts(unwrap(measure));
    if (parts?.name === 'len' && parts.positional.length === 1 && intValue(unwrap(bound)) !== undefined) return parts.positional[0];
  }
  return undefined;
}

/** `auth.startswith('Bearer ')`, `key.startswith(('sk_', 'pk_'))`: a test of the shape, which any value so written passes; the tested value. */
function shapeOperand(n: SyntaxNode): SyntaxNode | undefined {
  const parts = callParts(n);
  const method = parts?.callee.type === 'attribute' ? parts.callee.field_('attribute')?.text : undefined;
  if (!parts || (method !== 'startswith' && method !== 'endswith') || parts.positional.length !== 1) return undefined;
  const prefix = unwrap(parts.positional[0]);
  const literal = (x: SyntaxNode | undefined) => stringValue(unwrap(x)) !== undefined;
  return literal(prefix) || (sequenceItems(prefix)?.every(literal) ?? false) ? parts.callee.field_('object') : undefined;
}

/**
 * Flask-HTTPAuth calls a `verify_token` callback with the token of the `Authorization` header as its
 * first parameter: the scope with a flow in which that parameter carries the header.
 */
function withCallbackToken(scope: FunctionScope): FunctionScope {
  const param = scope.fact.params[0];
  return param && decoratorNames(scope.fact).includes('verify_token') ? withAuthorizationParameters(scope, [param]) : scope;
}

/** A sentinel, or a tuple of them: `token in (None, '', 'null')` is `is None or == ''` written once. */
function onlySentinels(expr: SyntaxNode): boolean {
  return isSentinel(expr) || (sequenceItems(expr)?.every(isSentinel) ?? false);
}

/** A test of the credential reads `expr` carries, if there are any. */
function presenceOf(scope: FunctionScope, expr: SyntaxNode): Presence | undefined {
  const taints = credentialTaints(scope, expr);
  if (!taints.length) return undefined;
  return { keys: taints.map(taintKey), label: describeOperand(expr, taints[0]!), readBack: scope.flow.taintsOf(expr).some((t) => t.source.kind === 'session') };
}

/**
 * Credentials the function compares, verifies or looks up somewhere, or
 * hands on to code that may (any call given the value, a `return`, a store
 * into `g` or an object), or that a helper it calls reads again and checks
 * (`_claims()` decoding the `Authorization` header): only a value that goes
 * nowhere is presence-only.
 */
function checkedKeys(scope: FunctionScope): Set<string> {
  const keys = ownChecks(scope, true);
  for (const call of nodesOf(scope, 'call')) {
    const name = callParts(call)!.name;
    const b = name ? scope.workspace.resolveDotted(scope.file, name, scope.fact) : undefined;
    if (b?.kind === 'function' && b.fact !== scope.fact) for (const fact of calledCode(b.file, b.fact, call)) for (const k of helperChecks(fact)) keys.add(k);
  }
  return keys;
}

/**
 * The code a call runs: the function, and the wrappers it defines when what it returns is called at once
 * (`key_auth(view)(*args, **kwargs)`: a guard that hands the request to another auth decorator).
 */
function calledCode(file: IndexedFile, fact: FunctionFact, call: SyntaxNode): FunctionFact[] {
  const outer = call.parent;
  const invoked = outer?.type === 'call' && outer.field_('function')?.start === call.start && outer.field_('function')?.end === call.end;
  return invoked ? [fact, ...file.facts.functions.filter((f) => f.enclosing === fact)] : [fact];
}

/**
 * The request credentials a function checks or hands on by itself, copies into the session aside
 * (`sessionCopies`). What a helper returns goes back to its caller, whose own flow follows it, so a
 * helper's `return` is no check (`returns` false).
 */
function ownChecks(scope: SyntaxScope, returns: boolean): Set<string> {
  const keys = new Set<string>();
  for (const c of comparisons(scope)) {
    const sides = credentialSides(scope, c);
    if (!sides || onlySentinels(sides.other)) continue;
    // Both sides may be credentials (`password != confirm`): each is compared with the other.
    for (const t of [...sides.input.taints, ...credentialTaints(scope, sides.other)]) keys.add(taintKey(t));
  }
  for (const call of nodesOf(scope, 'call')) {
    const parts = callParts(call)!;
    if (NOT_A_CHECK.test(lastName(parts.name) ?? '') || isLoggingCall(call)) continue;
    for (const arg of [...parts.positional, ...parts.keywords.values()]) for (const t of credentialTaints(scope, arg)) keys.add(taintKey(t));
  }
  const handedOn = [
    ...(returns ? nodesOf(scope, 'return_statement').map((r) => r.namedChildren[0]) : []),
    ...nodesOf(scope, 'assignment').filter((a) => a.field_('left')?.type !== 'identifier' && a.field_('left')?.type !== 'pattern_list' && sessionKey(a.field_('left')) === undefined).map((a) => a.field_('right')),
  ];
  for (const value of handedOn) for (const t of credentialTaints(scope, value)) keys.add(taintKey(t));
  return keys;
}

/** Credentials the function copies into the session (`session['jwt'] = request.cookies.get('jwt')`). */
function sessionCopies(scope: SyntaxScope): Set<string> {
  const keys = new Set<string>();
  for (const a of nodesOf(scope, 'assignment')) if (sessionKey(a.field_('left')) !== undefined) for (const t of credentialTaints(scope, a.field_('right'))) keys.add(taintKey(t));
  return keys;
}

const HELPER_CHECKS = new WeakMap<SyntaxNode, readonly string[]>();

/** What a helper checks by its own syntax (its unit's summary says the same, so callers' verdicts follow its edits). */
function helperChecks(fact: FunctionFact): readonly string[] {
  let keys = HELPER_CHECKS.get(fact.node);
  if (!keys) HELPER_CHECKS.set(fact.node, (keys = isViewFunction(fact) || !fact.node.text.includes('request') ? [] : [...new Set([...ownChecks(syntaxScope(fact), false), ...sessionCopies(syntaxScope(fact))])].sort()));
  return keys;
}

/** Request bodies (form, JSON, raw or parsed), which the view a wrapper runs receives whole. */
const BODY_KINDS = /^(form|json|data|parsed)$/;

/**
 * `json:password`: a password field of the body. A password proves nothing without its account, so a decorator's
 * wrapper that requires one before it runs the view validates the view's input (a sign-up form) and the view, which
 * gets the same body, does the account's work. A key or token proves the caller by itself: the wrapper is its gate.
 */
function isBodyPassword(key: string): boolean {
  const colon = key.indexOf(':');
  return BODY_KINDS.test(key.slice(0, colon)) && isPasswordName(key.slice(colon + 1));
}

/** A decorator's wrapper that calls the function it decorates (`return view(*args, **kwargs)`). */
function handsToWrapped(scope: FunctionScope): boolean {
  const params = scope.fact.enclosing?.params;
  if (!params?.length) return false;
  return nodesOf(scope, 'call').some((c) => {
    const callee = callParts(c)!.callee;
    return callee.type === 'identifier' && params.includes(callee.text);
  });
}

/** `header:authorization` is checked by a check of that header; an unnamed source (`request.authorization`) by a check of any of its parts. */
function isChecked(key: string, checked: Set<string>): boolean {
  if (checked.has(key)) return true;
  return key.endsWith(':') && [...checked].some((k) => k.startsWith(key));
}
