/**
 * Dash apps: `dash.Dash(__name__)` makes (or, given `server=`, wraps) a Flask app, served as `app.server`;
 * `dash_auth.BasicAuth(app, ...)` (and its OIDC/OAuth siblings) put every route of that Flask app behind a
 * `before_request` check, but for the paths listed in `public_routes` or added by `add_public_routes`.
 */
import type { CallFact } from './facts';
import type { DecoratorUse, FlaskModel, FlaskTarget } from './flask-model';
import type { SyntaxNode } from './syntax';
import { stringItems } from './python';
import { servedBy } from './target-resolution';
import type { Binding, IndexedFile } from './workspace';

export function isDashConstructor(binding: Binding | undefined): boolean {
  return binding?.kind === 'external' && /^dash(\.dash)?\.Dash$/.test(binding.qualified);
}

/** `dash_auth.BasicAuth(app, USERS)`: the Flask app under `app` authenticates every request but the public ones. */
export function addDashAuth(model: FlaskModel, file: IndexedFile, call: CallFact): void {
  const callee = model.workspace.resolveExpression(file, call.parts.callee, call.scope);
  if (callee?.kind !== 'external' || !/^dash_auth\.\w*Auth$/.test(callee.qualified)) return;
  const target = dashTarget(model, file, call, call.parts.positional[0] ?? call.parts.keywords.get('app'));
  if (!target) return;
  const use: DecoratorUse = { expr: call.node, file, ...(call.scope && { scope: call.scope }), role: 'authentication' };
  // `public_routes=['/', '/about']`: the check lets these paths through (and those `add_public_routes` adds).
  const publicRules = stringItems(call.parts.keywords.get('public_routes')) ?? [];
  model.hookDecorators.push({ target, appWide: true, use, publicRules });
}

/** `dash_auth.add_public_routes(app, ['/', '/about'])`: paths the app's dash-auth check lets through, wherever it is set up. */
export function addDashPublicRoutes(model: FlaskModel, file: IndexedFile, call: CallFact): void {
  const callee = model.workspace.resolveExpression(file, call.parts.callee, call.scope);
  if (callee?.kind !== 'external' || !/^dash_auth\.(\w+\.)?add_public_routes$/.test(callee.qualified)) return;
  const target = dashTarget(model, file, call, call.parts.positional[0] ?? call.parts.keywords.get('app'));
  const rules = stringItems(call.parts.positional[1] ?? call.parts.keywords.get('routes'));
  if (target && rules) model.addedPublicRules.push({ target, rules });
}

/** The Flask app a Dash app (or the Flask app itself) given to dash-auth stands for. */
function dashTarget(model: FlaskModel, file: IndexedFile, call: CallFact, appExpr: SyntaxNode | undefined): FlaskTarget | undefined {
  const dash = appExpr && model.resolveTarget(file, appExpr, call.scope);
  return dash && (servedBy(model, dash) ?? dash);
}
