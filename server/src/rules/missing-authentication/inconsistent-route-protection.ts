import type { FlaskModel, FlaskTarget, Route, RouteAuth } from '../../analysis/flask-model';
import { guardsRequest } from '../../analysis/route-auth';
import { carriesCapability, isSensitive } from '../../analysis/routes';
import { mountPoint } from '../../analysis/target-resolution';
import { pushTo } from '../../analysis/multimap';
import { authDecoratorFixes } from '../../fixes/auth-decorator';
import { defineRule } from '../types';
import { isAuthenticated, openPhrase, openRoutes } from './route-status';

/**
 * The app's own guard names the route as an exception (`allowed = ['login', 'blog']`): public by the
 * developer's decision, not by a forgotten decorator. (A sensitive exception is FG103's business.)
 */
function exemptedByName(model: FlaskModel, route: Route, auth: RouteAuth): boolean {
  const endpoint = model.fullEndpoint(route);
  return auth.hooks.some((h) => auth.openMethods.some((m) => (!h.guard.checkedMethods || h.guard.checkedMethods(m)) && !guardsRequest(h.guard, m, route, endpoint)));
}

/**
 * Routes by the group they are siblings in (RULES.md: a blueprint's, or the app's). A Flask-RESTful or RESTX `Api` is
 * no group of its own: its resources are served by the blueprint or app it is mounted on, beside that one's own routes.
 * A RESTX Namespace is (Flask-RESTX's equivalent of a blueprint, one per kind of resource, while a single blueprint
 * usually carries the whole API).
 */
function siblingGroup(route: Route): FlaskTarget {
  return route.target.namespace ? route.target : mountPoint(route.target);
}

function routesBySiblingGroup(model: FlaskModel): Map<FlaskTarget, Route[]> {
  const out = new Map<FlaskTarget, Route[]>();
  for (const route of model.routes) pushTo(out, siblingGroup(route), route);
  return out;
}

export default defineRule({
  meta: {
    code: 'FG102',
    name: 'inconsistent-route-protection',
    family: 'missing-authentication',
    severity: 'warning',
    cwe: [306],
    summary: 'A route is unauthenticated while most of its sibling routes require authentication.',
    fix: { availability: 'sometimes', applicability: 'unsafe', title: 'Add the decorator its siblings use' },
    docs: {
      whatItDoes:
        'Compares each route with the other routes of the same blueprint (or of the app, for routes registered on the app; ' +
        'a Flask-RESTful or RESTX `Api` belongs to the blueprint or app it is mounted on, a RESTX Namespace is a group of its own). ' +
        'When at least two siblings, and at least half of them, require authentication but this route does not, it is reported. ' +
        'Routes that FG101 already reports (sensitive ones), routes that are public by nature, routes the app\'s own ' +
        '`before_request` guard lists as exceptions and links that carry their own credential (`/confirm/<token>`) are left ' +
        'out, and public siblings (login, health, index...) are not counted.',
      whyIsThisBad:
        'A blueprint where every view has `@login_required` but one is almost always a forgotten decorator: the odd one out ' +
        'usually serves the same kind of data as its siblings.',
      example: [
        'from flask import Flask',
        'from flask_login import login_required',
        '',
        'app = Flask(__name__)',
        '',
        "@app.route('/orders')",
        '@login_required',
        'def orders():',
        '    return []',
        '',
        "@app.route('/invoices')",
        '@login_required',
        'def invoices():',
        '    return []',
        '',
        "@app.route('/reports')",
        'def reports():',
        '    return []',
        '',
      ].join('\n'),
      useInstead: [
        'from flask import Flask',
        'from flask_login import login_required',
        '',
        'app = Flask(__name__)',
        '',
        "@app.route('/orders')",
        '@login_required',
        'def orders():',
        '    return []',
        '',
        "@app.route('/invoices')",
        '@login_required',
        'def invoices():',
        '    return []',
        '',
        "@app.route('/reports')",
        '@login_required',
        'def reports():',
        '    return []',
        '',
      ].join('\n'),
      fixSafety: 'Adding the decorator changes who can call the route: unsafe, offered one by one.',
    },
  },
  checkProject(ctx) {
    const model = ctx.model;
    const bySiblingGroup = routesBySiblingGroup(model);
    for (const { route, auth } of openRoutes(model)) {
      if (isSensitive(route.rule, route.view.name, auth.openMethods) || exemptedByName(model, route, auth) || carriesCapability(route.rule)) continue;
      const siblings = (bySiblingGroup.get(siblingGroup(route)) ?? []).filter((r) => r !== route && r.view !== route.view && !model.auth(r).publicByNature);
      const authenticated = siblings.filter((r) => isAuthenticated(model, r)).length;
      if (authenticated < 2 || authenticated * 2 < siblings.length) continue;
      ctx.report(route.file, route.reportNode, `Route \`${route.rule}\` ${openPhrase(route, auth)} without authentication, unlike ${authenticated} of its ${siblings.length} sibling routes`, {
        fixes: () => authDecoratorFixes(ctx, route),
        commands: [{ title: `Mark \`${route.rule}\` as public`, command: 'flaskGuard.markRoutePublic', arguments: [route.rule] }],
      });
    }
  },
});
