import { guardsRequest } from '../../analysis/flask-model';
import { isSensitive } from '../../analysis/routes';
import { defineRule } from '../types';

export default defineRule({
  meta: {
    code: 'FG103',
    name: 'partial-before-request-guard',
    family: 'missing-authentication',
    severity: 'error',
    cwe: [306, 287],
    summary: 'An authentication before_request guard skips some HTTP methods, or exempts a sensitive route.',
    fix: { availability: 'none' },
    docs: {
      whatItDoes:
        'Reads `before_request` / `before_app_request` functions that reject unauthenticated requests, and reports those that ' +
        'wave some requests through first: by HTTP method (`if request.method == "GET": return`, or a check that only runs for ' +
        'GET and POST, which leaves HEAD open), or by endpoint or path (`if request.endpoint in (...)`, ' +
        '`request.path.startswith(...)`) when the exemption covers a sensitive route. Skipping only `OPTIONS` (CORS preflight) ' +
        'is fine, and so are exemptions that cover only public-by-nature routes. The route left open also gets FG101.',
      whyIsThisBad:
        'A guard that trusts the method is bypassed by changing the method: Flask routes HEAD to the GET view, so a check that ' +
        'runs for GET and POST only lets `HEAD /admin/users/export.csv` run the view. Endpoint allow-lists drift: a sensitive ' +
        'endpoint added "for the cron job" is open to everyone.',
      example: [
        'from flask import Blueprint, abort, request',
        'from flask_login import current_user',
        '',
        "bp = Blueprint('articles', __name__)",
        '',
        '@bp.before_request',
        'def require_login_for_writes():',
        "    if request.method == 'GET':",
        '        return None',
        '    if not current_user.is_authenticated:',
        '        abort(401)',
        '',
        "@bp.get('/drafts')",
        'def drafts():',
        '    return []',
        '',
      ].join('\n'),
      useInstead: [
        'from flask import Blueprint, abort, request',
        'from flask_login import current_user',
        '',
        "bp = Blueprint('articles', __name__)",
        '',
        '@bp.before_request',
        'def require_login():',
        '    if not current_user.is_authenticated:',
        '        abort(401)',
        '',
        "@bp.get('/drafts')",
        'def drafts():',
        '    return []',
        '',
      ].join('\n'),
      fixSafety: 'No automatic fix: which requests should be public is a design decision. Make the guard check every method, and mark public views explicitly (a decorator or a list of public endpoints that holds only public-by-nature views).',
    },
  },
  checkProject(ctx) {
    const model = ctx.model;
    for (const hook of model.hooks) {
      const guard = hook.guard;
      if (!guard.enforces) continue;
      const covered = model.routesCoveredBy(hook);
      const skipped = guard.skippedMethods.filter((m) => m !== 'OPTIONS');
      const methodsOf = (r: (typeof covered)[number]) => (r.methods.includes('GET') ? [...r.methods, 'HEAD'] : r.methods);
      const reachable = skipped.filter((m) => covered.some((r) => methodsOf(r).includes(m)));
      if (reachable.length) {
        ctx.report(hook.file, hook.fn.nameNode, `\`${hook.fn.name}\` skips the authentication check for ${reachable.join('/')} requests; check every method and mark public views explicitly`);
        continue;
      }
      const exempted = covered.filter((r) => {
        const auth = model.auth(r);
        if (auth.publicByNature || auth.protectedBy.some((p) => p !== 'hook')) return false;
        if (!isSensitive(r.rule, r.view.name, r.methods)) return false;
        const endpoint = model.fullEndpoint(r);
        return methodsOf(r).some((m) => !guardsRequest(guard, m, r, endpoint) && (!guard.checkedMethods || guard.checkedMethods(m)));
      });
      if (exempted.length) {
        const names = exempted.map((r) => `\`${r.rule}\``).join(', ');
        ctx.report(hook.file, hook.fn.nameNode, `\`${hook.fn.name}\` exempts ${names} from the authentication check, leaving ${exempted.length === 1 ? 'a sensitive route' : 'sensitive routes'} open`, {
          related: exempted.map((r) => ({ file: r.file.path, start: r.reportNode.start, end: r.reportNode.end, message: `\`${r.rule}\` is exempted` })),
        });
      }
    }
  },
});
