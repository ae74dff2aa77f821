import { isRejection } from '../../analysis/auth';
import { localAssignments, unitFacts, type FunctionFact } from '../../analysis/facts';
import { callParts, dottedName, isTrue, lastName, statements, targetNames, unwrap } from '../../analysis/python';
import type { SyntaxNode } from '../../analysis/syntax';
import { credentialInput } from './credentials';
import { decoratorNames, isViewFunction, liveFile, nodesOf, syntaxScope, unitScopes, type FunctionScope } from './scope';
import type { IndexedFile } from '../../analysis/workspace';
import { ensureImport } from '../../fixes/imports';
import { linesOf } from '../../fixes/statements';
import { defineRule, type Fix } from '../types';

/** Calls that verify a credential by themselves (`jwt.decode`, itsdangerous `unsign`, Flask-JWT-Extended). */
const VERIFIERS = /^(jwt\.decode|jose\.jwt\.decode|jwt\.api_jwt\.decode|\w+\.unsign|verify_jwt_in_request|decode_token|verify_id_token|\w+\.verify_id_token)$/;
/** Calls that verify what they are given, when that is a credential. */
const CHECKS = /^(verify\w*|\w+_verify|check_\w*token\w*|validate\w*|authenticate\w*|loads|load_token|decode_\w*token|\w*_token_\w*|unsign)$/;
/** Exceptions a token check raises (PyJWT, python-jose, itsdangerous, Flask-JWT-Extended). */
const AUTH_ERRORS = /^(\w*(Token|Signature|Jwt|JWT|Jws|JWS|Claims|Audience|Issuer|Algorithm|Decode|Authorization)\w*(Error|Exception)|ExpiredSignature|BadSignature|BadTimeSignature|SignatureExpired|BadData|BadPayload|BadHeader)$/;

export default defineRule({
  meta: {
    code: 'FG210',
    name: 'fail-open-auth-exception',
    family: 'weak-credentials',
    severity: 'error',
    cwe: [636, 755],
    summary: 'An exception handler around a token check lets the request go on when the check fails.',
    fix: { availability: 'always', applicability: 'unsafe', title: 'Answer 401 from the handler' },
    docs: {
      whatItDoes:
        'Finds a `try` around token or credential verification (`jwt.decode`, `verify_jwt_in_request`, an itsdangerous ' +
        '`unsign`/`loads`, a `verify_*` call given the credential) in a view, a view method or a decorator\'s wrapper, whose ' +
        '`except` (bare, `Exception`, or a JWT/itsdangerous error) neither returns, raises nor aborts, when nothing after ' +
        'the `try` rejects the request either. In a `before_request` hook it is reported when the hook rejects elsewhere or ' +
        'only verifies (`verify_jwt_in_request()`); a hook that loads an optional identity (`g.user = decode(...)`) and an ' +
        'optional-auth decorator are not.',
      whyIsThisBad:
        'The check exists to stop requests whose token is expired, forged or malformed; a handler that logs and carries on ' +
        'turns every failure into success (fail-open). An expired or tampered token reaches the protected view, often ' +
        'with half-initialised identity (`g.claims = {}`) that later code trusts.',
      example: [
        'import os',
        'from functools import wraps',
        '',
        'import jwt',
        'from flask import g, request',
        '',
        "JWT_SECRET = os.environ['JWT_SECRET']",
        '',
        'def token_required(view):',
        '    @wraps(view)',
        '    def wrapper(*args, **kwargs):',
        '        try:',
        "            g.claims = jwt.decode(request.headers.get('X-Token', ''), JWT_SECRET, algorithms=['HS256'])",
        '        except jwt.InvalidTokenError:',
        '            g.claims = {}',
        '        return view(*args, **kwargs)',
        '    return wrapper',
        '',
      ].join('\n'),
      useInstead: [
        'import os',
        'from functools import wraps',
        '',
        'import jwt',
        'from flask import abort, g, request',
        '',
        "JWT_SECRET = os.environ['JWT_SECRET']",
        '',
        'def token_required(view):',
        '    @wraps(view)',
        '    def wrapper(*args, **kwargs):',
        '        try:',
        "            g.claims = jwt.decode(request.headers.get('X-Token', ''), JWT_SECRET, algorithms=['HS256'])",
        '        except jwt.InvalidTokenError:',
        '            abort(401)',
        '        return view(*args, **kwargs)',
        '    return wrapper',
        '',
      ].join('\n'),
      fixSafety:
        'The fix adds `abort(401)` as the handler\'s last statement (importing `abort` from Flask), keeping what the handler ' +
        'did before (logging). Unsafe: requests with a bad token that used to reach the view are now refused, which is the ' +
        'point, but clients relying on it (an expired token still reading public data) change behaviour.',
      references: ['https://cwe.mitre.org/data/definitions/636.html', 'https://owasp.org/www-community/Fail_securely'],
    },
  },
  summarize(unit) {
    // Callers' `try` blocks verify through these helpers: when one stops verifying, so do they.
    return unitFacts(unit).functions.filter(verifiesOutsideTry).map((f) => f.qualname).join(';');
  },
  checkUnit(unit, ctx) {
    if (ctx.file.inTests) return;
    for (const scope of unitScopes(unit, ctx.file, ctx.workspace)) {
      const tries = nodesOf(scope, 'try_statement');
      const role = tries.length ? roleOf(scope) : 'helper';
      if (role === 'helper') continue;
      for (const t of tries) {
        const found = verificationIn(scope, t.field_('body'));
        // A hook that only loads an identity (`g.user = decode(...)`) is optional auth; one that just verifies is a guard.
        if (!found || (role === 'hook' && found.node.parent?.type !== 'expression_statement') || rejectsAfter(scope, t) || answersInside(t) || stopsUnbound(scope, t, found.node)) continue;
        const verification = found.name;
        for (const clause of t.namedChildren.filter((c) => c.type === 'except_clause')) {
          const caught = caughtAuthError(clause);
          if (caught === undefined || ends(clause) || testedAfter(scope, t, clause)) continue;
          // The finding covers the clause's header (`except jwt.InvalidTokenError as e`), not its body.
          const header = clause.namedChildren.filter((c) => c.type !== 'block' && c.type !== 'comment').at(-1);
          ctx.report(ctx.file, clause, `This \`${caught}\` handler neither returns, raises nor aborts, so the request goes on as if \`${verification}\` had succeeded; return 401 (or re-raise) in the handler`, {
            ...(header && { end: header }),
            fixes: () => abortFix(liveFile(ctx.workspace, ctx.file), clause),
          });
        }
      }
    }
  },
});

/**
 * A view, a view method or a decorator's wrapper runs protected code after
 * its checks (`protects`); a `before_request` hook does when it rejects
 * elsewhere (`protects`) or when it verifies without loading anything
 * (`hook`); other functions leave the decision to their callers.
 */
function roleOf(scope: FunctionScope): 'protects' | 'hook' | 'helper' {
  const fact = scope.fact;
  // An optional-auth decorator lets anonymous requests through by design: a bad token is just no identity.
  if (/optional/i.test(fact.name) || /optional/i.test(fact.enclosing?.name ?? '')) return 'helper';
  if (isViewFunction(fact)) return 'protects';
  const outer = fact.enclosing;
  if (outer && nodesOf(scope, 'call').some((c) => { const callee = unwrap(callParts(c)!.callee); return callee?.type === 'identifier' && outer.params.includes(callee.text); })) return 'protects';
  if (!decoratorNames(fact).some((d) => d === 'before_request' || d === 'before_app_request')) return 'helper';
  return nodesOf(scope, 'return_statement', 'raise_statement', 'expression_statement').some((s) => isRejection(s)) ? 'protects' : 'hook';
}

/** The verification call in a `try` body, if there is one. */
function verificationIn(scope: FunctionScope, body: SyntaxNode | undefined): { name: string; node: SyntaxNode } | undefined {
  for (const call of body?.find('call') ?? []) {
    const parts = callParts(call)!;
    // `verify_jwt_in_request(optional=True)` lets anonymous requests through by design.
    if (isTrue(parts.keywords.get('optional'))) continue;
    const name = parts.name ?? parts.callee.field_('attribute')?.text ?? '';
    const resolved = scope.workspace.resolveExpression(scope.file, parts.callee, scope.fact);
    const qualified = resolved?.kind === 'external' ? resolved.qualified : name;
    if (VERIFIERS.test(qualified) || VERIFIERS.test(name) || (resolved?.kind === 'function' && verifiesOutsideTry(resolved.fact))) return { name, node: call };
    if (CHECKS.test(lastName(name) ?? '') && [...parts.positional, ...parts.keywords.values()].some((a) => credentialInput(scope, a) || /token|key|secret|password|credential/i.test(unwrap(a)?.text ?? ''))) return { name, node: call };
  }
  return undefined;
}

const VERIFYING_HELPERS = new WeakMap<SyntaxNode, boolean>();

/**
 * `def decode_jwt(token): return jwt.decode(token, ...)`: a workspace helper that verifies and lets the
 * failure raise, so a caller's `try` is around the verification. One that catches it itself answers instead.
 */
function verifiesOutsideTry(fact: FunctionFact): boolean {
  let verifies = VERIFYING_HELPERS.get(fact.node);
  if (verifies === undefined) {
    const body = fact.node.field_('body');
    verifies = nodesOf(syntaxScope(fact), 'call').some((c) => VERIFIERS.test(callParts(c)!.name ?? '') && !insideTry(c, body));
    VERIFYING_HELPERS.set(fact.node, verifies);
  }
  return verifies;
}

function insideTry(node: SyntaxNode, stop: SyntaxNode | undefined): boolean {
  for (let n = node.parent; n && n !== stop; n = n.parent) if (n.type === 'try_statement') return true;
  return false;
}

/** The exception an `except` catches, when it is every exception or an auth error; undefined otherwise. */
function caughtAuthError(clause: SyntaxNode): string | undefined {
  const value = clause.namedChildren.find((c) => c.type !== 'block' && c.type !== 'comment');
  if (!value) return 'except';
  const types = unwrap(value.type === 'as_pattern' ? value.namedChildren[0] : value)!;
  const names = (types.type === 'tuple' ? types.namedChildren : [types]).map((n) => dottedName(n) ?? '');
  const hit = names.find((n) => /^(Exception|BaseException)$/.test(n) || AUTH_ERRORS.test(lastName(n) ?? '') || /^(jwt|jose|itsdangerous)\./.test(n));
  return hit === undefined ? undefined : `except ${types.text}`;
}

/** The handler leaves the request path: return, raise, continue, abort or another rejection. */
function ends(clause: SyntaxNode): boolean {
  let found = false;
  clause.namedChildren.find((c) => c.type === 'block')?.walk((n) => {
    if (found || n.type === 'function_definition' || n.type === 'class_definition') return false;
    if (n.type === 'return_statement' || n.type === 'raise_statement' || n.type === 'continue_statement') found = true;
    else if (n.type === 'expression_statement' && (isRejection(n) || lastName(callParts(n.namedChildren[0])?.name) === 'abort')) found = true;
    return undefined;
  });
  return found;
}

/**
 * `try: user = authenticate(...); login_user(user); return redirect('/')`: the success path answers
 * inside the `try`, so what follows it runs only when the check failed (a login form shown again).
 */
function answersInside(tryStmt: SyntaxNode): boolean {
  const last = statements(tryStmt.field_('body')).pop();
  return last?.type === 'return_statement' || last?.type === 'raise_statement';
}

/**
 * `try: data = jwt.decode(...); user = load(data)`, `except: pass`, then `if user.is_admin:`: the statement after
 * the `try` reads a name that only the verification's success binds, so a failure stops there with
 * `UnboundLocalError` (a 500), before the protected code.
 */
function stopsUnbound(scope: FunctionScope, tryStmt: SyntaxNode, verification: SyntaxNode): boolean {
  const next = tryStmt.parent?.namedChildren.find((s) => s.start >= tryStmt.end && s.type !== 'comment');
  if (!next) return false;
  const body = tryStmt.field_('body')!;
  const read = next.type === 'if_statement' ? next.field_('condition') : SIMPLE_STATEMENTS.test(next.type) ? next : undefined;
  return [...firstReads(read)].some((name) => {
    const bindings = localAssignments(scope.fact, name);
    return bindings.length > 0 && bindings.every((a) => body.contains(a.node) && a.node.end > verification.start) && !mentionedBefore(scope.fact.node, tryStmt, name);
  });
}

const SIMPLE_STATEMENTS = /^(expression_statement|return_statement)$/;

/** Names an expression or simple statement reads whenever it runs (not behind `and`/`or`, a conditional, a lambda or a comprehension). */
function firstReads(node: SyntaxNode | undefined): Set<string> {
  const names = new Set<string>();
  node?.walk((n) => {
    if (/^(lambda|conditional_expression|list_comprehension|set_comprehension|dictionary_comprehension|generator_expression|function_definition|class_definition)$/.test(n.type)) return false;
    if (n.type === 'boolean_operator') {
      for (const name of firstReads(n.field_('left'))) names.add(name);
      return false;
    }
    const member = n.parent?.type === 'attribute' && n.parent.field_('attribute') === n;
    const keyword = n.parent?.type === 'keyword_argument' && n.parent.field_('name') === n;
    if (n.type === 'identifier' && !member && !keyword) names.add(n.text);
    return undefined;
  });
  return names;
}

/** `name` appears in the function (a parameter, a global, a loop variable, a read) before the `try`: it may be bound there. */
function mentionedBefore(fn: SyntaxNode, tryStmt: SyntaxNode, name: string): boolean {
  let found = false;
  fn.walk((n) => {
    if (found || n.start >= tryStmt.start) return false;
    if (n.type === 'identifier' && n.text === name) found = true;
    return undefined;
  });
  return found;
}

/** Some statement after the `try` (at its level or an outer one) rejects the request: the failure is handled there. */
function rejectsAfter(scope: FunctionScope, tryStmt: SyntaxNode): boolean {
  const body = scope.fact.node.field_('body');
  for (let cur: SyntaxNode = tryStmt; cur.parent && cur !== body; cur = cur.parent) {
    const block = cur.parent;
    if (block.type !== 'block' && block.type !== 'module') continue;
    for (const s of block.namedChildren) {
      if (s.start <= cur.start) continue;
      let rejects = false;
      s.walk((n) => {
        if (rejects || n.type === 'function_definition' || n.type === 'class_definition') return false;
        if ((n.type === 'return_statement' || n.type === 'raise_statement' || n.type === 'expression_statement') && isRejection(n)) rejects = true;
        return undefined;
      });
      if (rejects) return true;
    }
  }
  return false;
}

/**
 * `except BadSignature: email = None` then `if email:` (or `if not error:`): the handler leaves a mark that a
 * later test reads, so the failure is routed, not ignored.
 */
function testedAfter(scope: FunctionScope, tryStmt: SyntaxNode, clause: SyntaxNode): boolean {
  const marks = new Set(handlerBindings(clause));
  if (!marks.size) return false;
  return nodesOf(scope, 'if_statement', 'elif_clause', 'while_statement').some((s) => s.start >= tryStmt.end && readsAny(s.field_('condition'), marks));
}

/** Names the handler assigns (`email = None`, `error = '...'`); attributes (`g.user = None`) are state, not a mark. */
function handlerBindings(clause: SyntaxNode): string[] {
  const names: string[] = [];
  clause.namedChildren.find((c) => c.type === 'block')?.walk((n) => {
    if (n.type === 'function_definition' || n.type === 'class_definition' || n.type === 'lambda') return false;
    if (n.type === 'assignment') names.push(...targetNames(n.field_('left')));
    return undefined;
  });
  return names;
}

function readsAny(condition: SyntaxNode | undefined, names: ReadonlySet<string>): boolean {
  let found = false;
  condition?.walk((n) => {
    // `form.error` reads the form, not a local `error`.
    const member = n.parent?.type === 'attribute' && n.parent.field_('attribute') === n;
    if (n.type === 'identifier' && !member && names.has(n.text)) found = true;
    return found ? false : undefined;
  });
  return found;
}

/**
 * `abort(401)` after the handler's last statement, at its indentation or on its line (a lone `pass` is replaced);
 * none while the handler has no statement yet (its body half-typed).
 */
function abortFix(file: IndexedFile, clause: SyntaxNode): Fix[] {
  const body = statementsOf(clause);
  const last = body.at(-1);
  if (!last) return [];
  const text = file.source.text;
  const { indent } = linesOf(text, last.start, last.end);
  const edit: Fix['edits'][number] =
    body.length === 1 && last.type === 'pass_statement'
      ? { kind: 'replace', file: file.path, start: last.start, end: last.end, text: 'abort(401)' }
      : { kind: 'replace', file: file.path, start: last.end, end: last.end, text: /^\s*$/.test(indent) ? `\n${indent}abort(401)` : '; abort(401)' };
  const imp = ensureImport(file, 'flask', 'abort');
  return [{ title: 'Answer 401 from the handler', applicability: 'unsafe', edits: imp ? [edit, imp] : [edit] }];
}

function statementsOf(clause: SyntaxNode): SyntaxNode[] {
  return (clause.namedChildren.find((c) => c.type === 'block')?.namedChildren ?? []).filter((c) => c.type !== 'comment');
}
