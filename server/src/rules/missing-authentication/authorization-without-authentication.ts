import { callParts } from '../../analysis/python';
import type { SyntaxNode } from '../../analysis/syntax';
import { insertDecoratorEdits, chooseAuthDecorator } from '../../fixes/auth-decorator';
import { linesOf } from '../../fixes/statements';
import { defineRule } from '../types';

export default defineRule({
  meta: {
    code: 'FG104',
    name: 'authorization-without-authentication',
    family: 'missing-authentication',
    severity: 'info',
    cwe: [287],
    summary: 'A view has only a role/permission decorator and no authentication decorator.',
    fix: { availability: 'sometimes', applicability: 'unsafe', title: 'Add the authentication decorator above the role check' },
    docs: {
      whatItDoes:
        'Reports views protected only by `roles_required`, `roles_accepted`, `permission_required` or ' +
        '`permissions_required`, with no authentication decorator, guard or check in front of them.',
      whyIsThisBad:
        'Role decorators answer "may this user do it?", not "who is this?". With Flask-Security, anonymous callers get a bare ' +
        '403 instead of a login, token checks configured for `auth_required` (token vs session) are skipped, and a custom ' +
        'unauthorised handler may behave differently. Authenticate first, then authorise.',
      example: [
        'from flask import Flask',
        'from flask_security import auth_required, roles_required',
        '',
        'app = Flask(__name__)',
        '',
        "@app.route('/reports')",
        "@roles_required('analyst')",
        'def reports():',
        '    return []',
        '',
      ].join('\n'),
      useInstead: [
        'from flask import Flask',
        'from flask_security import auth_required, roles_required',
        '',
        'app = Flask(__name__)',
        '',
        "@app.route('/reports')",
        '@auth_required()',
        "@roles_required('analyst')",
        'def reports():',
        '    return []',
        '',
      ].join('\n'),
      fixSafety: 'Adding authentication changes the answer anonymous callers get (401/login instead of 403): unsafe.',
    },
  },
  checkProject(ctx) {
    const model = ctx.model;
    for (const route of model.routes) {
      const roles = route.decorators.map((d) => d.role);
      if (!roles.includes('authorization') || roles.includes('authentication')) continue;
      const auth = model.auth(route);
      if (auth.protectedBy.some((p) => p === 'hook' || p === 'body')) continue;
      const role = route.decorators.find((d) => d.role === 'authorization')!;
      const fixes = () => {
        const choice = chooseAuthDecorator(ctx);
        return choice ? [{ title: `Add \`@${choice.text}\``, applicability: 'unsafe' as const, edits: insertAbove(route, role.expr.start, choice) }] : [];
      };
      ctx.report(route.file, route.reportNode, `\`${route.view.name}\` is only guarded by \`@${shortText(role.expr)}\`; add an authentication decorator before the role check`, { fixes });
    }
  },
});

/** A decorator as a message quotes it: its arguments left out when they span lines (`@allows.requires(...)`). */
function shortText(expr: SyntaxNode): string {
  if (!expr.text.includes('\n')) return expr.text;
  const parts = callParts(expr);
  return parts ? `${parts.callee.text}(...)` : expr.text;
}

/** Authentication goes above the role check, so it runs first. */
function insertAbove(route: Parameters<typeof insertDecoratorEdits>[0], decoratorExprStart: number, choice: NonNullable<ReturnType<typeof chooseAuthDecorator>>) {
  const edits = insertDecoratorEdits(route, choice);
  const text = route.file.source.text;
  const { lineStart } = linesOf(text, decoratorExprStart, decoratorExprStart);
  const first = edits[0]!;
  if (first.kind === 'replace') edits[0] = { ...first, start: lineStart, end: lineStart };
  return edits;
}
