import { calledName, callParts } from '../../analysis/python';
import type { SyntaxNode } from '../../analysis/syntax';
import { ensureModuleImport } from '../../fixes/imports';
import type { IndexedFile } from '../../analysis/workspace';
import { comparisons, plaintextPasswordCheck, timingUnsafe, type Comparison } from './comparisons';
import { sentence } from './credentials';
import { liveFile, unitScopes, type FunctionScope } from './scope';
import { defineRule, type Fix } from '../types';

export default defineRule({
  meta: {
    code: 'FG203',
    name: 'timing-unsafe-comparison',
    family: 'weak-credentials',
    severity: 'warning',
    cwe: [208],
    summary: 'A token, key, signature or digest is compared with `==`/`!=`, which leaks through timing how much of it matches.',
    fix: { availability: 'always', applicability: 'safe', title: 'Compare with `hmac.compare_digest`' },
    docs: {
      whatItDoes:
        'Finds `==` and `!=` between a credential from the request and the server-side value it must match (a configured ' +
        'key, a stored token, a one-time code named for its purpose such as `user.reset_code` or `session["sms_login_code"]`, ' +
        'a computed HMAC), between two secrets or digests (`computed_sig != signature`), and between a stored password ' +
        '(hash) and a digest computed for the check (`user.password == u.salted_password(pw)` in a model method, or a ' +
        '`hashlib.new(...)` object fed the password with `update()` before `hexdigest()`), also when ' +
        '`in` searches a tuple or list written in place (`key in (request.args.get(\'key\'), request.headers.get(\'X-Key\'))`), ' +
        'which compares item by item with `==`. Comparisons ' +
        'of the `Authorization` scheme, with `None`, `""` or `"null"`, and between two values the client sent (a password ' +
        'confirmation, also as a helper\'s `password_confirm` parameter) are not secret comparisons, nor is a password screened ' +
        'against well-known literals (`is_default_password`, a sign-up refusing `\'password\'`) or against the account\'s ' +
        'public names (`password == email`, `new_password == user.username`). A plaintext password check is FG211 instead.',
      whyIsThisBad:
        'String equality stops at the first differing byte, so the response time tells an attacker how many leading ' +
        'characters of a guess are right. Over many requests (and with statistics, even across a network) a signature or ' +
        'key can be recovered one character at a time. `hmac.compare_digest` takes the same time whatever the inputs.',
      example: [
        'import os',
        '',
        'from flask import Flask, abort, request',
        '',
        'app = Flask(__name__)',
        "METRICS_TOKEN = os.environ['METRICS_TOKEN']",
        '',
        "@app.get('/metrics')",
        'def metrics():',
        "    if request.headers.get('X-Metrics-Token', '') != METRICS_TOKEN:",
        '        abort(403)',
        "    return 'ok'",
        '',
      ].join('\n'),
      useInstead: [
        'import hmac',
        'import os',
        '',
        'from flask import Flask, abort, request',
        '',
        'app = Flask(__name__)',
        "METRICS_TOKEN = os.environ['METRICS_TOKEN']",
        '',
        "@app.get('/metrics')",
        'def metrics():',
        "    if not hmac.compare_digest(request.headers.get('X-Metrics-Token', ''), METRICS_TOKEN):",
        '        abort(403)',
        "    return 'ok'",
        '',
      ].join('\n'),
      fixSafety:
        'Safe: `a == b` becomes `hmac.compare_digest(a, b)` and `a != b` becomes `not hmac.compare_digest(a, b)` (adding ' +
        '`import hmac`). For the strings and bytes a legitimate client sends the result is the same; `compare_digest` raises ' +
        '`TypeError` only for mixed or non-ASCII `str` inputs, which no valid credential is. A header or argument read ' +
        'with `.get(name)` and no default becomes `... or \'\'`, so a request without it is still refused instead of ' +
        'raising.',
      references: ['https://docs.python.org/3/library/hmac.html#hmac.compare_digest', 'https://cwe.mitre.org/data/definitions/208.html'],
    },
  },
  checkUnit(unit, ctx) {
    if (ctx.file.inTests) return;
    for (const scope of unitScopes(unit, ctx.file, ctx.workspace)) {
      for (const c of comparisons(scope)) {
        // A plaintext password check is FG211's, once.
        if (plaintextPasswordCheck(scope, c)) continue;
        const what = timingUnsafe(scope, c);
        if (!what) continue;
        // `key in (a, b)` becomes one `compare_digest` per item: left to the author.
        const searched = c.op === 'in' || c.op === 'not in';
        ctx.report(ctx.file, c.node, `${sentence(what)} is compared with \`${searched ? `==\` (by \`${c.op}\` on a tuple or list)` : `${c.op}\``}, which leaks through response times how much of it matches; compare with \`hmac.compare_digest\``, {
          fixes: searched ? undefined : () => [compareDigestFix(scope, liveFile(ctx.workspace, ctx.file), c)],
        });
      }
    }
  },
});

function compareDigestFix(scope: FunctionScope, file: IndexedFile, c: Comparison): Fix {
  const call = `hmac.compare_digest(${operand(scope, c.left)}, ${operand(scope, c.right)})`;
  const edits: Fix['edits'] = [{ kind: 'replace', file: file.path, start: c.node.start, end: c.node.end, text: c.op === '!=' ? `not ${call}` : call }];
  const imp = ensureModuleImport(file, 'hmac');
  if (imp) edits.push(imp);
  return { title: 'Compare with `hmac.compare_digest`', applicability: 'safe', edits };
}

/**
 * An operand as `compare_digest` needs it: a header or argument read with
 * `.get(name)` and no default is `None` when absent, where `!=` said "no" and
 * `compare_digest` would raise; `or ''` keeps the answer a refusal.
 */
function operand(scope: FunctionScope, expr: SyntaxNode): string {
  const taints = scope.flow.taintsOf(expr);
  const mayBeNone = taints.length > 0 && taints.every((t) => {
    const parts = t.steps.length === 0 ? callParts(t.source.node) : undefined;
    return !!parts && calledName(parts) === 'get' && parts.positional.length === 1 && !parts.keywords.has('default');
  });
  return mayBeNone ? `${expr.text} or ''` : expr.text;
}
