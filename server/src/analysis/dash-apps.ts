/**
 * Dash apps: `dash.Dash(__name__)` makes (or, given `server=`, wraps) a Flask app, served as `app.server`;
 * `dash_auth.BasicAuth(app, ...)` (and its OIDC/OAuth siblings) put every route of that Flask app behind a
 * `before_request` check.
 */
import type { CallFact } from './facts';
import type { FlaskModel } from './flask-model';
import { servedBy } from './target-resolution';
import type { Binding, IndexedFile } from './workspace';

export function isDashConstructor(binding: Binding | undefined): boolean {
  return binding?.kind === 'external' && /^dash(\.dash)?\.Dash$/.test(binding.qualified);
}

/** `dash_auth.BasicAuth(app, USERS)`: the Flask app under `app` authenticates every request. */
export function addDashAuth(model: FlaskModel, file: IndexedFile, call: CallFact): void {
  const callee = model.workspace.resolveExpression(file, call.parts.callee, call.scope);
  if (callee?.kind !== 'external' || !/^dash_auth\.\w*Auth$/.test(callee.qualified)) return;
  const appExpr = call.parts.positional[0] ?? call.parts.keywords.get('app');
  const dash = appExpr && model.resolveTarget(file, appExpr, call.scope);
  const target = dash && (servedBy(model, dash) ?? dash);
  if (target) model.hookDecorators.push({ target, appWide: true, use: { expr: call.node, file, ...(call.scope && { scope: call.scope }), role: 'authentication' } });
}
