import type { Route } from '../../analysis/flask-model';
import { pushTo } from '../../analysis/multimap';
import { decoratorExpression } from '../../analysis/python';
import type { FileEdit, Fix } from '../types';
import { linesOf } from '../../fixes/statements';
import { defineRule } from '../types';

export default defineRule({
  meta: {
    code: 'FG107',
    name: 'auth-decorator-order',
    family: 'missing-authentication',
    severity: 'error',
    cwe: [306],
    summary: 'An auth decorator sits above the route decorator, so Flask registers the unprotected view.',
    fix: { availability: 'sometimes', applicability: 'unsafe', title: 'Move the decorator below the route decorator' },
    docs: {
      whatItDoes:
        'Reports authentication and role decorators placed above `@app.route` / `@bp.get` & co. Decorators apply bottom-up: ' +
        'the route decorator registers the function it receives, so anything above it wraps a function Flask never calls.',
      whyIsThisBad: 'The code reads as protected and is not: the route answers anonymous requests. It is reported instead of FG101/FG102 for that route.',
      example: ['from flask import Flask', 'from flask_login import login_required', '', 'app = Flask(__name__)', '', '@login_required', "@app.route('/billing')", 'def billing():', '    return {}', ''].join('\n'),
      useInstead: ['from flask import Flask', 'from flask_login import login_required', '', 'app = Flask(__name__)', '', "@app.route('/billing')", '@login_required', 'def billing():', '    return {}', ''].join('\n'),
      fixSafety: 'Moving the decorator makes the route require authentication, as the code intended: a change of behaviour, so unsafe.',
    },
  },
  checkProject(ctx) {
    for (const [route, rules] of misplacedByView(ctx.model.routes)) {
      const names = route.misplaced.map((d) => `\`@${d.expr.text}\``).join(', ');
      const below = new Set(route.decorators.map((d) => d.expr.text));
      if (route.misplaced.every((d) => below.has(d.expr.text))) {
        // The same check also sits below: the copy above is dead code, not a hole.
        ctx.report(route.file, route.reportNode, `${names} above the route decorator wraps nothing Flask calls; remove it (the same check below protects ${rules})`, {
          fixes: () => [removeFix(route)],
        });
        continue;
      }
      if (ctx.model.auth(route).protectedBy.length) {
        ctx.report(route.file, route.reportNode, `${names} sits above the route decorator and never runs: ${rules} ${rules.includes(',') ? 'are' : 'is'} authenticated, but not restricted by it`, { fixes: () => moveFixes(ctx.model.routes, route) });
        continue;
      }
      ctx.report(route.file, route.reportNode, `${names} sits above the route decorator: Flask registers the undecorated view, so ${rules} ${rules.includes(',') ? 'are' : 'is'} open`, { fixes: () => moveFixes(ctx.model.routes, route) });
    }
  },
});

/**
 * Routes with a decorator above their route decorator, one per view: stacked route decorators (`@bp.route('/pin')`
 * over `@bp.route('/unpin')`) register one view, reported once with all its rules quoted.
 */
function misplacedByView(routes: readonly Route[]): [Route, string][] {
  const byView = new Map<unknown, Route[]>();
  for (const route of routes) if (route.misplaced.length) pushTo(byView, route.reportNode, route);
  return [...byView.values()].map((group) => [group[0]!, [...new Set(group.map((r) => r.rule))].map((rule) => `\`${rule}\``).join(', ')]);
}

/** Deletes each misplaced decorator line: dead code when the same check also sits below. */
function removeFix(route: Route): Fix {
  return { title: `Remove ${decoratorList(route)} above the route decorator`, applicability: 'safe', edits: removals(route) };
}

/**
 * Moves the misplaced decorators right above the view's `def`; for a class route, above each handler's `def` (a
 * function decorator under the class's route decorator would hand the route a function, not the class). None when a
 * handler is inherited: decorating it would change the other subclasses too.
 */
function moveFixes(routes: readonly Route[], route: Route): Fix[] {
  const views = viewsOf(routes, route);
  if (!views) return [];
  const moved = route.misplaced.map((use) => `@${decoratorExpression(use.expr.parent!)!.text}\n`);
  const edits = removals(route);
  for (const { file, view } of views) {
    const { lineStart, indent } = linesOf(file.source.text, view.node.start, view.node.end);
    edits.push({ kind: 'replace', file: file.path, start: lineStart, end: lineStart, text: moved.map((m) => indent + m).join('') });
  }
  const where = route.viewClass ? 'onto each handler method' : 'below the route decorator';
  return [{ title: `Move ${decoratorList(route)} ${where}`, applicability: 'unsafe', edits }];
}

function removals(route: Route): FileEdit[] {
  return route.misplaced.map((use) => {
    const decorator = use.expr.parent!;
    const { lineStart, lineEnd } = linesOf(use.file.source.text, decorator.start, decorator.end);
    return { kind: 'replace', file: use.file.path, start: lineStart, end: lineEnd, text: '' };
  });
}

function decoratorList(route: Route): string {
  return route.misplaced.map((d) => '@' + d.expr.text).join(', ');
}

/** The functions the route decorator registers: the view, or every handler the class route serves (none when one is inherited). */
function viewsOf(routes: readonly Route[], route: Route): Pick<Route, 'file' | 'view'>[] | undefined {
  if (!route.viewClass) return [route];
  const handlers = routes.filter((r) => r.registration === route.registration);
  const own = new Set(route.viewClass.methods);
  if (!handlers.every((r) => own.has(r.view))) return undefined;
  return [...new Map(handlers.map((r) => [r.view, r])).values()];
}
