import { isLoggingCall, type Taint } from '../../analysis/dataflow';
import { callParts, intValue, unwrap } from '../../analysis/python';
import type { SyntaxNode } from '../../analysis/syntax';
import { credentialTaints, describeTaint, isSecretName, sliceBounds, terminalName } from './credentials';
import { nodesOf, unitScopes, type FunctionScope } from './scope';
import { defineRule } from '../types';

export default defineRule({
  meta: {
    code: 'FG208',
    name: 'credential-logged',
    family: 'weak-credentials',
    severity: 'warning',
    cwe: [532],
    summary: 'A logging or print call writes a credential (the `Authorization` header, a token, an API key, a password) or all request headers.',
    fix: { availability: 'none' },
    docs: {
      whatItDoes:
        'Finds `logger.*`, `logging.*`, `app.logger.*` and `print` calls whose arguments (f-strings, `%` and `.format` ' +
        'included) carry a credential from the request, the whole `request.headers` (or `dict(request.headers)`), or a ' +
        'variable named as a secret (`token`, `api_key`, `password`, `SECRET_KEY`). A short prefix (`key[:8]`) or a ' +
        'length is not reported.',
      whyIsThisBad:
        'Logs are kept for months, shipped to third-party services and read by many more people than the secrets are ' +
        'meant for. A logged bearer token or API key is a working credential for anyone with log access; request headers ' +
        'carry `Authorization` and the session cookie.',
      example: [
        'import logging',
        '',
        'from flask import Flask, request',
        '',
        'app = Flask(__name__)',
        'log = logging.getLogger(__name__)',
        '',
        '@app.before_request',
        'def trace():',
        "    log.info('headers: %s', request.headers)",
        '',
      ].join('\n'),
      useInstead: [
        'import logging',
        '',
        'from flask import Flask, request',
        '',
        'app = Flask(__name__)',
        'log = logging.getLogger(__name__)',
        '',
        '@app.before_request',
        'def trace():',
        "    log.info('%s %s from %s', request.method, request.path, request.remote_addr)",
        '',
      ].join('\n'),
      fixSafety: 'No automatic fix: decide what the log line should identify (a key id, a prefix, the user) instead.',
      references: ['https://cheatsheetseries.owasp.org/cheatsheets/Logging_Cheat_Sheet.html#data-to-exclude', 'https://cwe.mitre.org/data/definitions/532.html'],
    },
  },
  checkUnit(unit, ctx) {
    for (const scope of unitScopes(unit, ctx.file, ctx.workspace)) {
      for (const call of nodesOf(scope, 'call')) {
        if (!isLoggingCall(call)) continue;
        const parts = callParts(call)!;
        const what = [...parts.positional, ...parts.keywords.values()].map((a) => loggedSecret(scope, a)).find(Boolean);
        if (what) ctx.report(ctx.file, call, `This ${parts.name === 'print' ? 'print' : 'logging'} call writes ${what} to the logs, where anyone who reads them can reuse it; log a non-secret identifier instead (a key id, a short prefix, the user id)`);
      }
    }
  },
});

/** What secret an argument carries, described, if any. */
function loggedSecret(scope: FunctionScope, arg: SyntaxNode): string | undefined {
  for (const t of scope.flow.taintsOf(arg)) {
    if (masked(t)) continue;
    const whole = (t.source.kind === 'headers' || t.source.kind === 'authorization') && !t.source.name && !t.steps.some((s) => s.op === 'key');
    if (whole) return t.source.kind === 'headers' ? 'all request headers (`Authorization` and cookies included)' : 'the `Authorization` credentials';
  }
  const cred = credentialTaints(scope, arg).find((t) => !masked(t));
  if (cred) return describeTaint(cred);
  return namedSecret(arg);
}

/** A prefix or suffix short enough to identify a key without revealing it (`key[:8]`, `token[-4:]`). */
function masked(t: Taint): boolean {
  return t.steps.some((s) => {
    if (s.op !== 'slice') return false;
    const [start, stop] = sliceBounds(s.node).map((b) => (b?.type === 'unary_operator' ? -(intValue(b.field_('argument')) ?? NaN) : intValue(b)));
    if (stop !== undefined) return (start ?? 0) === 0 && stop <= 8;
    return start !== undefined && start < 0 && start >= -8;
  });
}

/** `token`, `user.api_key`, `config['SECRET_KEY']`, inside f-strings and `%`/`+` formatting, not inside other calls. */
function namedSecret(arg: SyntaxNode): string | undefined {
  const n = unwrap(arg);
  if (!n) return undefined;
  if (n.type === 'identifier' || n.type === 'attribute' || n.type === 'subscript') return isSecretName(terminalName(n)) ? `\`${n.text}\`` : undefined;
  if (n.type === 'string') {
    for (const i of n.children.filter((c) => c.type === 'interpolation')) {
      const found = namedSecret(i.namedChildren[0]!);
      if (found) return found;
    }
    return undefined;
  }
  if (n.type === 'binary_operator') return namedSecret(n.field_('left')!) ?? namedSecret(n.field_('right')!);
  if (n.type === 'tuple' || n.type === 'list' || n.type === 'dictionary') return n.namedChildren.map((c) => namedSecret(c.type === 'pair' ? c.field_('value')! : c)).find(Boolean);
  const parts = callParts(n);
  if (parts && /^(str|repr|format)$/.test(parts.name ?? parts.callee.field_('attribute')?.text ?? '')) return parts.positional.map(namedSecret).find(Boolean);
  return undefined;
}
