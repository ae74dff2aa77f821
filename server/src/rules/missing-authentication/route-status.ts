/** Route questions the FG1xx rules share: is it open, and why. */
import type { FlaskModel, Route, RouteAuth } from '../../analysis/flask-model';

export interface OpenRoute {
  route: Route;
  auth: RouteAuth;
  /** Other open routes served by the same handler (reported with this one). */
  alsoOpen: Route[];
}

/**
 * Routes that reach their view without authentication for some method,
 * that are not public by nature and not already FG107's business (nor
 * on a blueprint no app registers: Flask serves none of those). A view
 * served under several rules (a blueprint registered twice, a base class's
 * handler inherited by several resources) is reported once, at its first.
 */
export function openRoutes(model: FlaskModel): OpenRoute[] {
  const byNode = new Map<unknown, OpenRoute>();
  for (const route of model.routes) {
    if (route.misplaced.length || !model.dispatches(route)) continue;
    const auth = model.auth(route);
    if (!auth.openMethods.length || auth.publicByNature) continue;
    const first = byNode.get(route.reportNode);
    if (first) first.alsoOpen.push(route);
    else byNode.set(route.reportNode, { route, auth, alsoOpen: [] });
  }
  return [...byNode.values()];
}

/** True when every method of the route passes an identity check first. */
export function isAuthenticated(model: FlaskModel, route: Route): boolean {
  return model.auth(route).openMethods.length === 0 && !route.misplaced.length;
}

/** "accepts requests" or "accepts HEAD requests" when only some methods are open. */
export function openPhrase(route: Route, auth: RouteAuth): string {
  const all = route.methods.includes('GET') && !route.methods.includes('HEAD') ? [...route.methods, 'HEAD'] : route.methods;
  if (auth.openMethods.length === all.length) return 'accepts requests';
  return `accepts ${auth.openMethods.join('/')} requests`;
}
