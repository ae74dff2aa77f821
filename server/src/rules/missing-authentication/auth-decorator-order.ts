import type { Route } from '../../analysis/flask-model';
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
    fix: { availability: 'always', applicability: 'unsafe', title: 'Move the decorator below the route decorator' },
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
    for (const route of ctx.model.routes) {
      if (!route.misplaced.length) continue;
      const names = route.misplaced.map((d) => `\`@${d.expr.text}\``).join(', ');
      const below = new Set(route.decorators.map((d) => d.expr.text));
      if (route.misplaced.every((d) => below.has(d.expr.text))) {
        // The same check also sits below: the copy above is dead code, not a hole.
        ctx.report(route.file, route.reportNode, `${names} above the route decorator wraps nothing Flask calls; remove it (the same check below protects \`${route.rule}\`)`, {
          fixes: () => [moveFix(route, false)],
        });
        continue;
      }
      if (ctx.model.auth(route).protectedBy.length) {
        ctx.report(route.file, route.reportNode, `${names} sits above the route decorator and never runs: \`${route.rule}\` is authenticated, but not restricted by it`, { fixes: () => [moveFix(route, true)] });
        continue;
      }
      ctx.report(route.file, route.reportNode, `${names} sits above the route decorator: Flask registers the undecorated view, so \`${route.rule}\` is open`, { fixes: () => [moveFix(route, true)] });
    }
  },
});

/** Deletes each misplaced decorator line and, with `reinsert`, puts it right above the `def`. */
function moveFix(route: Route, reinsert: boolean): Fix {
  const text = route.file.source.text;
  const path = route.file.path;
  const edits: FileEdit[] = [];
  const def = route.view.node;
  const { lineStart: defLine, indent } = linesOf(text, def.start, def.end);
  const moved: string[] = [];
  for (const use of route.misplaced) {
    const decorator = use.expr.parent!;
    const { lineStart, lineEnd } = linesOf(text, decorator.start, decorator.end);
    edits.push({ kind: 'replace', file: path, start: lineStart, end: lineEnd, text: '' });
    moved.push(`${indent}@${decoratorExpression(decorator)!.text}\n`);
  }
  const list = route.misplaced.map((d) => '@' + d.expr.text).join(', ');
  if (!reinsert) return { title: `Remove ${list} above the route decorator`, applicability: 'safe', edits };
  edits.push({ kind: 'replace', file: path, start: defLine, end: defLine, text: moved.join('') });
  return { title: `Move ${list} below the route decorator`, applicability: 'unsafe', edits };
}
