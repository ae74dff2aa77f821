/** Route questions the FG1xx rules share: is it open, and why. */
import type { FlaskModel, Route, RouteAuth } from '../../analysis/flask-model';

export interface OpenRoute {
  route: Route;
  auth: RouteAuth;
}

/**
 * Routes that reach their view without authentication for some method,
 * that are not public by nature and not already FG107's business.
 */
export function openRoutes(model: FlaskModel): OpenRoute[] {
  const out: OpenRoute[] = [];
  // A blueprint registered twice serves a view under two rules: report the view once.
  const seen = new Set<unknown>();
  for (const route of model.routes) {
    if (route.misplaced.length || seen.has(route.reportNode)) continue;
    const auth = model.auth(route);
    if (!auth.openMethods.length || auth.publicByNature) continue;
    seen.add(route.reportNode);
    out.push({ route, auth });
  }
  return out;
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
