import type { FlaskModel, Route } from '../../analysis/flask-model';
import { guardsRequest } from '../../analysis/route-auth';
import { isSensitive } from '../../analysis/routes';
import type { HookGuard } from '../../analysis/auth';
import type { SyntaxNode } from '../../analysis/syntax';
import { linesOf } from '../../fixes/statements';
import type { Fix } from '../types';
import { defineRule } from '../types';

export default defineRule({
  meta: {
    code: 'FG103',
    name: 'partial-before-request-guard',
    family: 'missing-authentication',
    severity: 'error',
    cwe: [306, 287],
    summary: 'An authentication before_request guard skips some HTTP methods, or exempts a sensitive route.',
    fix: { availability: 'sometimes', applicability: 'unsafe', title: 'Check every method / stop exempting the route' },
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
      fixSafety:
        'Unsafe (the exempted requests must now authenticate). For a method skip written as `if request.method ...: return`, ' +
        'the fix removes the skip (keeping a CORS preflight `OPTIONS` skip); for an exempt endpoint or path named in a literal ' +
        'list, it removes that entry. A guard that runs its check only inside `if request.method in (...)` gets no automatic ' +
        'fix: move the check out of the condition.',
    },
  },
  checkProject(ctx) {
    const model = ctx.model;
    for (const hook of model.hooks) {
      const guard = hook.guard;
      if (!guard.enforces) continue;
      const covered = model.routesCoveredBy(hook);
      const skipped = guard.skippedMethods.filter((m) => m !== 'OPTIONS');
      // A skipped method that reaches only public or otherwise guarded routes (another hook's check included) leaves nothing open.
      const reachable = skipped.filter((m) => covered.some((r) => leftOpen(model, r).includes(m)));
      if (reachable.length) {
        ctx.report(hook.file, hook.fn.nameNode, `\`${hook.fn.name}\` skips the authentication check for ${reachable.join('/')} requests; check every method and mark public views explicitly`, {
          fixes: () => methodSkipFixes(hook.file.path, guard),
        });
        continue;
      }
      const exempted = covered.filter((r) => {
        if (!isSensitive(r.rule, r.view.name, r.methods)) return false;
        const endpoint = model.fullEndpoint(r);
        return leftOpen(model, r).some((m) => !guardsRequest(guard, m, r, endpoint) && (!guard.checkedMethods || guard.checkedMethods(m)));
      });
      if (exempted.length) {
        const names = exempted.map((r) => `\`${r.rule}\``).join(', ');
        ctx.report(hook.file, hook.fn.nameNode, `\`${hook.fn.name}\` exempts ${names} from the authentication check, leaving ${exempted.length === 1 ? 'a sensitive route' : 'sensitive routes'} open`, {
          related: exempted.map((r) => ({ file: r.file.path, start: r.reportNode.start, end: r.reportNode.end, message: `\`${r.rule}\` is exempted` })),
          fixes: () => exempted.flatMap((r) => exemptionFix(hook.file.path, guard, [model.fullEndpoint(r), r.endpoint, r.rule])),
        });
      }
    }
  },
});

/** The methods a route answers with no check at all: none when it is public by nature, or guarded by a decorator, its body or another hook. */
function leftOpen(model: FlaskModel, route: Route): readonly string[] {
  const auth = model.auth(route);
  return auth.publicByNature ? [] : auth.openMethods;
}

/** Removes `if request.method ...: return` skips; a skip that also covers OPTIONS keeps that (CORS preflight). */
function methodSkipFixes(file: string, guard: HookGuard): Fix[] {
  const edits = guard.methodSkips
    .filter((skip) => skip.methods.some((m) => m !== 'OPTIONS'))
    .map(({ stmt, methods }) => {
      const { lineStart: start, lineEnd: end } = linesOf(stmt.unit.text, stmt.rs, stmt.re);
      const at = stmt.unit.base;
      const cond = stmt.field_('condition')!;
      return methods.includes('OPTIONS')
        ? { kind: 'replace' as const, file, start: cond.start, end: cond.end, text: "request.method == 'OPTIONS'" }
        : { kind: 'replace' as const, file, start: at + start, end: at + end, text: '' };
    });
  return edits.length ? [{ title: 'Check every method (keep only the CORS preflight skip)', applicability: 'unsafe', edits }] : [];
}

/** Drops the first of `names` that the guard exempts through a literal list entry. */
function exemptionFix(file: string, guard: HookGuard, names: string[]): Fix[] {
  const name = names.find((n) => guard.exemptionNodes.has(n));
  const lit = name ? guard.exemptionNodes.get(name) : undefined;
  const list = lit?.parent;
  if (!lit || !list || !['tuple', 'list', 'set'].includes(list.type)) return [];
  const items = list.namedChildren;
  if (items.length < 2) return [];
  const i = items.indexOf(lit);
  const next: SyntaxNode | undefined = items[i + 1];
  const prev: SyntaxNode | undefined = items[i - 1];
  const [start, end] = next ? [lit.start, next.start] : [prev!.end, lit.end];
  // `('a', 'b')` minus 'b' must stay a tuple: `('a')` is a string, and `in` would match substrings.
  const text = list.type === 'tuple' && items.length === 2 ? (next ? '' : ',') : '';
  const edits: Fix['edits'] = [{ kind: 'replace', file, start, end, text }];
  if (list.type === 'tuple' && items.length === 2 && next) edits.push({ kind: 'replace', file, start: next.end, end: next.end, text: ',' });
  return [{ title: `Stop exempting \`${name}\` from the check`, applicability: 'unsafe', edits }];
}
