/** Per-route authentication: what protects a route, which methods stay open, and whether it is open by design. */
import { failsEveryRequest, guardKind, methodsCheckedInBody, type GuardKind, type HookGuard, type RequestScope } from './auth';
import { HANDLER_METHODS } from './class-view-routes';
import { constantsIn } from './hooks';
import type { FlaskModel, Route, RouteAuth } from './flask-model';
import { memo } from './node-memo';
import { ownNodes, walkOwn } from './body';
import { callParts, lastName, statements, stringValue, unwrap } from './python';
import { isAccountConfirmation, isCapabilityLink, isConnectionProbe, isLoginByDeeds, isLogoutByDeeds, isNamedLogin, isNamedWayIn, isPasswordResetRequest, isPublicByNature, isQualifiedLogin, isQualifiedSignUp, isSensitive, isSessionLogin, isSignUp, isTenantWayIn, isWayInTemplate, matchesPublicSetting, plainFormPage, registersAThing } from './routes';
import type { SyntaxNode } from './syntax';
import { mountPoint } from './target-resolution';

/** What `FlaskModel.auth` caches per route. */
export function routeAuth(model: FlaskModel, route: Route): RouteAuth {
  const protectedBy: RouteAuth['protectedBy'] = [];
  const roles = route.decorators.map((d) => d.role);
  if (roles.includes('authentication')) protectedBy.push('decorator');
  if (roles.includes('authorization')) protectedBy.push('authorization');
  const body = memo(route.view.node, 'view', model.epoch, () => viewGuard(model, route));
  if (body === 'guard' || body === 'fail-open') protectedBy.push('body');
  const hooks = model.hooksFor(route).filter((h) => h.guard.enforces);
  const endpoint = model.fullEndpoint(route);
  const methods = route.methods.includes('GET') && !route.methods.includes('HEAD') ? [...route.methods, 'HEAD'] : route.methods;
  const unguarded = methods.filter((m) => !hooks.some((h) => guardsRequest(h.guard, m, route, endpoint)));
  if (unguarded.length < methods.length) protectedBy.push('hook');
  const whole = protectedBy.some((p) => p !== 'hook');
  const checkedInBody = whole ? undefined : memo(route.view.node, 'view-methods', model.epoch, () => methodsCheckedInBody(route.view.node.field_('body'), constantsIn(model, route.file, route.view), model.roles.callResolver(route.file, route.view), commitsWrite));
  const openMethods = whole ? [] : unguarded.filter((m) => !checkedInBody!.has(m));
  // Every method the hooks leave open is checked in its own branch: the body protects them as a check at its top would.
  if (!whole && unguarded.length && !openMethods.length) protectedBy.push('body');
  return {
    openMethods,
    protectedBy,
    hooks,
    sensitive: isSensitive(route.rule, route.view.name, route.methods),
    publicByNature:
      routeNames(route).some((name) => isPublicByName(model, route, name)) ||
      isWayInFormPage(model, route) ||
      isSignUp(route.rule, route.methods, route.view.node) ||
      isTenantWayIn(route.rule, route.view.node.text) ||
      isSessionLogin(route.rule, route.methods, route.view.node.text) ||
      isLoginByDeeds(route.rule, route.methods, route.view.node) ||
      isLogoutByDeeds(route.rule, route.view.node) ||
      isConnectionProbe(route.rule, route.methods, route.view.node.text) ||
      isCapabilityLink(route.rule, route.methods, route.view.node.field_('body')) ||
      (body !== 'guard' && failsEveryRequest(route.view.node.field_('body'))) ||
      model.settings.publicRoutes.some((p) => matchesPublicSetting(p, route.rule, endpoint)),
  };
}

/** Public by nature by what the path and this name of the route say (the view's text confirming some readings). */
function isPublicByName(model: FlaskModel, route: Route, name: string): boolean {
  const text = route.view.node.text;
  if (registersAThing(route.rule, name, route.methods, route.view.node)) return false;
  return (
    isPublicByNature(knownRule(route), name, route.methods) ||
    isPasswordResetRequest(route.rule, name, text) ||
    isQualifiedLogin(route.rule, name, text) ||
    isQualifiedSignUp(route.rule, name, text) ||
    isNamedLogin(route.rule, name, text) ||
    isAccountConfirmation(route.rule, name, text) ||
    isIndexAlias(model, route, name)
  );
}

/** How the view's body treats a caller with no identity: its own checks, or the check of a guarded function it hands the request to. */
function viewGuard(model: FlaskModel, route: Route): GuardKind {
  const kind = guardKind(route.view.node.field_('body'), model.roles.callResolver(route.file, route.view), commitsWrite);
  return kind !== 'guard' && handsOffToAuthenticated(model, route) ? 'guard' : kind;
}

/**
 * `return controller.list_users()`, the method under `@admin_required`: the view hands every request to a workspace
 * function an authentication decorator wraps, whose check runs before anything of the callee's. Only names are bound
 * before it; a statement that does work of its own (`db.session.add(row)`), or may answer first (`if ...: return`),
 * leaves the request served without that check.
 */
function handsOffToAuthenticated(model: FlaskModel, route: Route): boolean {
  for (const stmt of statements(route.view.node.field_('body'))) {
    if (unconditionalCalls(stmt).some((call) => model.roles.runsAuthenticatedFunction(route.file, route.view, call))) return true;
    if (!bindsOrDocuments(stmt)) return false;
  }
  return false;
}

/** `data = request.get_json()`, a docstring: a statement that only names something, and answers nobody. */
function bindsOrDocuments(stmt: SyntaxNode): boolean {
  const expr = stmt.type === 'expression_statement' ? unwrap(stmt.namedChildren[0]) : undefined;
  return expr?.type === 'assignment' || expr?.type === 'string';
}

/** Where a call may not run: under a test (`a if t else b`, `a or b`), or in code run later or per item. */
const CONDITIONAL_CODE: ReadonlySet<string> = new Set(['conditional_expression', 'boolean_operator', 'lambda', 'list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);

/** The calls a `return` or expression statement always makes: `return jsonify(service.users())` makes both. */
function unconditionalCalls(stmt: SyntaxNode): SyntaxNode[] {
  if (stmt.type !== 'return_statement' && stmt.type !== 'expression_statement') return [];
  const calls: SyntaxNode[] = [];
  walkOwn(stmt, (n) => {
    if (n.type === 'call') calls.push(n);
  }, CONDITIONAL_CODE);
  return calls;
}

/** `bp.add_url_rule('', ...)` serves the blueprint's own prefix: with that prefix unknown, the route is no index. */
function knownRule(route: Route): string {
  return route.localRule === '' && mountPoint(route.target).kind === 'unknown' ? '/<prefix>' : route.rule;
}

const INDEX_VIEWS = new WeakMap<FlaskModel, Set<SyntaxNode>>();

/** The views the app serves its index `/` with. */
function indexViews(model: FlaskModel): Set<SyntaxNode> {
  let views = INDEX_VIEWS.get(model);
  if (!views) INDEX_VIEWS.set(model, (views = new Set(model.routes.filter((r) => knownRule(r) === '/').map((r) => r.view.node))));
  return views;
}

/**
 * Another rule of the index's own view (`/index`, a single-page app's `/<path:path>`): the same page as `/`, public by
 * nature whatever its form accepts, unless the rule or name says something sensitive (the index's view also at `/users`).
 */
function isIndexAlias(model: FlaskModel, route: Route, name: string): boolean {
  return indexViews(model).has(route.view.node) && !isSensitive(route.rule, name, []);
}

/**
 * A page that only shows the way in's form: its template is named for the way in, or a view of the same blueprint named
 * for the way in renders it back (`POST /users/signup` re-rendering `user_form.html` on a bad password, the form
 * `GET /users/form` shows).
 */
function isWayInFormPage(model: FlaskModel, route: Route): boolean {
  const template = plainFormPage(route.rule, route.methods, route.view.node);
  if (template === undefined) return false;
  if (isWayInTemplate(template)) return true;
  return model.routesOf(route.target).some((r) => r.view.node !== route.view.node && routeNames(r).some((n) => isNamedWayIn(r.rule, n)) && renders(r.view.node, template));
}

/** Does the view render the template (`render_template('user_form.html', error=...)`)? */
function renders(view: SyntaxNode, template: string): boolean {
  return ownNodes(view.field_('body'), ['call']).some((call) => {
    const parts = callParts(call);
    return lastName(parts?.name) === 'render_template' && stringValue(parts!.positional[0]) === template;
  });
}

/**
 * What a route is called: its view, and the endpoint it is registered under when that is a plain name of
 * its own (`bp.route(url, endpoint='login')(send_login)`: the app knows the view as its login). A handler
 * named for its HTTP method and registered by hand (`bp.route('/post', methods=['POST'])(LoginView.post)`)
 * is known by its class, as a class view is.
 */
function routeNames(route: Route): string[] {
  const view = route.viewClass?.name ?? (HANDLER_METHODS.includes(route.view.name) ? route.view.className : undefined) ?? route.view.name;
  return /^\w+$/.test(route.endpoint) && route.endpoint !== view ? [view, route.endpoint] : [view];
}

/** Does the hook's check run for this request? */
export function guardsRequest(guard: HookGuard, method: string, route: Route, endpoint: string): boolean {
  if (guard.checkedMethods && !guard.checkedMethods(method)) return false;
  if (guard.exemptEndpoints.includes(endpoint) || guard.exemptEndpoints.includes(route.endpoint)) return false;
  if (guard.exemptBlueprints.some((b) => endpoint.startsWith(b + '.'))) return false;
  if (guard.exemptEndpointPrefixes.some((p) => endpoint.startsWith(p))) return false;
  if (guard.exemptPaths.includes(route.rule)) return false;
  if (route.viewMarkers?.some((m) => guard.exemptMarkers.includes(m))) return false;
  if (guard.exemptPathPrefixes.some((p) => underPrefix(route.rule, p))) return false;
  return true;
}

/** Is the route among the requests a hook confines its check to (all when it names none)? */
export function inRequestScope(scope: RequestScope | undefined, route: Route, endpoint: string): boolean {
  if (!scope) return true;
  return (
    scope.endpoints.includes(endpoint) || scope.endpoints.includes(route.endpoint) ||
    scope.blueprints.some((b) => endpoint.startsWith(b + '.')) ||
    scope.paths.includes(route.rule) ||
    scope.pathPrefixes.some((p) => underPrefix(route.rule, p)) ||
    scope.pathParts.some((p) => route.rule.includes(p)) ||
    scope.endpointParts.some((p) => endpoint.includes(p))
  );
}

/** Do a rule's requests start with the prefix (`/api/<version>/` matches `/api/<version>/items`)? */
function underPrefix(rule: string, prefix: string): boolean {
  const staticPart = rule.split('<')[0]!;
  return staticPart.startsWith(prefix) || (rule.startsWith(prefix.split('<')[0]!) && prefix.length <= staticPart.length);
}

/**
 * `db.session.commit()`: the view has already written for whoever called, so a check after it is not at the top of
 * the view. So too the view's last word after a write that runs on to it (`try: ...; db.session.commit()` then
 * `return redirect(url_for('login'))`): sending the caller to log in once the work is done refuses nobody.
 */
function commitsWrite(stmt: SyntaxNode): boolean {
  return isCommit(stmt) || (endsView(stmt) && siblingsAround(stmt)[0].some(writesThrough));
}

function isCommit(stmt: SyntaxNode): boolean {
  return stmt.type === 'expression_statement' && /\.commit$/.test(callParts(unwrap(stmt.namedChildren[0]))?.name ?? '');
}

/** A `return` or `raise` in the view's own body: where the request ends, whoever made it. */
function endsView(stmt: SyntaxNode): boolean {
  return (stmt.type === 'return_statement' || stmt.type === 'raise_statement') && stmt.parent?.parent?.type === 'function_definition';
}

/** The statements of `stmt`'s block before it, and after it. */
function siblingsAround(stmt: SyntaxNode): [SyntaxNode[], SyntaxNode[]] {
  const siblings = statements(stmt.parent ?? undefined);
  const at = siblings.indexOf(stmt);
  return [siblings.slice(0, at), siblings.slice(at + 1)];
}

/** A statement that commits on a path running on past it: no `return` or `raise` follows the commit in any block that holds it. */
function writesThrough(stmt: SyntaxNode): boolean {
  return ownNodes(stmt, ['expression_statement']).some((commit) => {
    if (!isCommit(commit)) return false;
    for (let n = commit; n !== stmt && n.parent; n = n.parent) {
      if (n.parent.type === 'block' && siblingsAround(n)[1].some((s) => s.type === 'return_statement' || s.type === 'raise_statement')) return false;
    }
    return true;
  });
}
