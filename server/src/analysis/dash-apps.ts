/**
 * Dash apps: `dash.Dash(__name__)` makes (or, given `server=`, wraps) a Flask app, served as `app.server`;
 * `dash_auth.BasicAuth(app, ...)` (and its OIDC/OAuth siblings) put every route of that Flask app behind a
 * `before_request` check, but for the paths listed in `public_routes`.
 */
import type { CallFact } from './facts';
import type { DecoratorUse, FlaskModel } from './flask-model';
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
  const appExpr = call.parts.positional[0] ?? call.parts.keywords.get('app');
  const dash = appExpr && model.resolveTarget(file, appExpr, call.scope);
  const target = dash && (servedBy(model, dash) ?? dash);
  if (!target) return;
  const use: DecoratorUse = { expr: call.node, file, ...(call.scope && { scope: call.scope }), role: 'authentication' };
  // `public_routes=['/', '/about']`: the check lets these paths through.
  const publicRules = stringItems(call.parts.keywords.get('public_routes'));
  model.hookDecorators.push({ target, appWide: true, use, ...(publicRules && { publicRules }) });
}
