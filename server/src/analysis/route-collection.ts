/**
 * Route collection in every form: route decorators, `add_url_rule`/`add_resource` (in loops over tables
 * too), route decorators called by hand, project helpers and decorator factories that register what they
 * are given, class views (see class-view-routes.ts), and routes a Flask or Blueprint subclass declares on
 * `self` for each of its instances (see blueprint-subclasses.ts).
 */
import { ownNodes } from './body';
import { appBuilderRoutes, classfulRoutes, classRoutes } from './class-view-routes';
import { APPBUILDER_REGISTRATIONS } from './flask-appbuilder';
import { unitFacts, type CallFact, type ClassFact, type FunctionFact } from './facts';
import type { DecoratorUse, FlaskModel, FlaskTarget } from './flask-model';
import { addHook, HOOK_METHODS } from './hooks';
import { callParts, decoratorExpression, dottedName, sequenceItems, stringValue, type CallParts } from './python';
import { argumentsOf, loopBindings, substitution, type Bound, type BoundReader } from './route-bindings';
import { methodList, ruleText, type Substitution } from './rule-text';
import { joinRule } from './routes';
import type { SyntaxNode } from './syntax';
import { outsideTarget } from './target-resolution';
import type { Binding, IndexedFile } from './workspace';

const ROUTE_METHODS: Record<string, string> = { get: 'GET', post: 'POST', put: 'PUT', patch: 'PATCH', delete: 'DELETE' };

/** A route registration read from a call: `bp.route('/x', methods=[...])`, `bp.post('/x')`, `bp.add_url_rule(...)`. */
interface RouteCall {
  receiver: SyntaxNode;
  /** `route`, or one of ROUTE_METHODS' names (`post`...), which fixes the method. */
  method: string;
  parts: CallParts;
  /** Where the endpoint is written, when not in an `endpoint=` keyword (add_url_rule's second argument). */
  endpoint?: SyntaxNode | undefined;
}

export function collectRoutes(model: FlaskModel, file: IndexedFile): void {
  for (const fn of file.facts.functions) {
    decoratorRoutes(model, file, fn);
    registryDecoratorRoutes(model, file, fn.decorators, fn.nameNode, fn.enclosing);
  }
  for (const cls of file.facts.classes) {
    classDecoratorRoutes(model, file, cls);
    registryDecoratorRoutes(model, file, classDecorators(cls), cls.nameNode, cls.enclosing);
  }
  for (const call of file.facts.calls) callRoutes(model, file, call);
}

function decoratorRoutes(model: FlaskModel, file: IndexedFile, fn: FunctionFact): void {
  const scope = fn.enclosing;
  fn.decorators.forEach((decorator, index) => {
    const expr = decoratorExpression(decorator);
    const callee = callParts(expr)?.callee ?? expr;
    if (callee?.type !== 'attribute') return;
    const method = callee.field_('attribute')!.text;
    const receiver = callee.field_('object')!;
    if (HOOK_METHODS.has(method)) {
      for (const target of model.resolveTargets(file, receiver, scope)) addHook(model, target, HOOK_METHODS.get(method)!, file, fn);
      return;
    }
    if (method !== 'route' && !Object.hasOwn(ROUTE_METHODS, method)) return;
    const parts = callParts(expr);
    if (!parts) return;
    const found = model.resolveTargets(file, receiver, scope);
    const targets = (found.length ? found : [outsideTarget(model, file, receiver, method, scope)]).filter((t): t is FlaskTarget => !!t && t.kind !== 'api');
    if (!targets.length) return;
    const rule = ruleText(model.workspace, file, parts.positional[0] ?? parts.keywords.get('rule'), scope);
    if (rule === undefined) return;
    const methods = method === 'route' ? (methodList(model.workspace, file, parts.keywords.get('methods'), scope) ?? ['GET']) : [ROUTE_METHODS[method]!];
    const uses = (nodes: SyntaxNode[]) => nodes.map((d) => model.decoratorUse(file, decoratorExpression(d)!, scope));
    const endpoint = stringValue(parts.keywords.get('endpoint')) ?? fn.name;
    for (const target of targets) {
      model.addRoute({
        file, target, localRule: rule, methods, endpoint, view: fn,
        decorators: uses(fn.decorators.slice(index + 1)),
        misplaced: uses(fn.decorators.slice(0, index)).filter((u) => u.role !== 'none'),
        registration: decorator, reportNode: fn.nameNode,
      });
    }
  });
}

/**
 * Flask-RESTX `@ns.route('/x')` on a Resource class (or smorest's `@blp.route` on a MethodView). An auth decorator
 * below the route guards the class's handlers (a project's `@ns.login_required(...)` that decorates each method of
 * the class it is given); one above it is misplaced (FG107).
 */
function classDecoratorRoutes(model: FlaskModel, file: IndexedFile, cls: ClassFact): void {
  const decorators = classDecorators(cls);
  for (const [index, decorator] of decorators.entries()) {
    const parts = callParts(decoratorExpression(decorator));
    if (parts?.callee.type !== 'attribute' || parts.callee.field_('attribute')?.text !== 'route') continue;
    const target = model.resolveTarget(file, parts.callee.field_('object')!, cls.enclosing);
    const rule = ruleText(model.workspace, file, parts.positional[0], cls.enclosing);
    if (!target || rule === undefined) continue;
    const fallback = target.namespace ? `${target.name}_${snakeCase(cls.name)}` : cls.name.toLowerCase();
    const uses = (nodes: SyntaxNode[]) => nodes.map((d) => model.decoratorUse(file, decoratorExpression(d)!, cls.enclosing)).filter((u) => u.role !== 'none');
    // A guard above the route wraps whatever the route returns: Flask has registered the bare class. One that
    // hands back the class it was given, changed (`target.method_decorators = [...]; return target`), guards it.
    const above = uses(decorators.slice(0, index));
    const changesClass = above.filter((u) => returnsWhatItIsGiven(model, u));
    const guards = [...uses(decorators.slice(index + 1)), ...changesClass, ...apiDecorators(model, target)];
    classRoutes(model, file, cls, target, rule, stringValue(parts.keywords.get('endpoint')) ?? fallback, decorator, guards, undefined, above.filter((u) => !changesClass.includes(u)));
  }
}

function callRoutes(model: FlaskModel, file: IndexedFile, call: CallFact): void {
  const { parts } = call;
  const method = parts.callee.type === 'attribute' ? parts.callee.field_('attribute')?.text : undefined;
  if (decoratorCallRoute(model, file, call)) return;
  // `for view in (HomeView, ApiView): view.register(app)`: each class the loop goes through.
  if (method === 'register' && loopBindings(model.workspace, file, call).filter((row) => classfulRoutes(model, file, call, row)).length) return;
  if (method && APPBUILDER_REGISTRATIONS.has(method) && appBuilderRoutes(model, file, call)) return;
  if (method === 'add_url_rule' || method === 'add_resource') {
    // Inside a helper that is called with the values: its call sites register the routes.
    if (call.scope && model.callSites(call.scope).length && usesParams(call, call.scope)) return;
    for (const bound of loopBindings(model.workspace, file, call)) registerCall(model, file, call, method, bound);
    return;
  }
  // A project helper that wraps add_resource/add_url_rule: `register(api, ItemList, '/items')`.
  const fn = model.workspace.resolveExpression(file, parts.callee, call.scope);
  if (fn?.kind !== 'function' || fn.file === file && fn.fact === call.scope) return;
  // A method called on an instance (`api.add_org_resource(...)`): `self` is the instance.
  const self = fn.fact.className && parts.callee.type === 'attribute' ? parts.callee.field_('object')! : undefined;
  helperRoutes(model, fn.file, fn.fact, argumentsOf(fn.fact, parts, self), { args: new Map(), file, scope: call.scope, anchor: call.node });
}

/**
 * The routes a helper registers, with its parameters bound to what `site` passed: its add_url_rule/add_resource
 * calls, a route decorator it calls on what it was given (`return bp.route(rule, **options)(f)`), and a wrapper
 * it defines under a route decorator that calls what it was given (`@bp.route(*args, **kwargs)` over
 * `def wrapper(...): return f(...)`, with the wrapper's own decorators between the route and the view).
 */
function helperRoutes(model: FlaskModel, helperFile: IndexedFile, helper: FunctionFact, args: Map<string, SyntaxNode[]>, site: Bound): void {
  const bound: Bound = { ...site, args: new Map([...site.args, ...args]) };
  const facts = unitFacts(helper.node.unit);
  // The helper's calls are in its own statement: scanning the whole file for each decorated view was quadratic on big files.
  for (const inner of facts.calls) {
    if (inner.scope !== helper) continue;
    const innerMethod = inner.parts.callee.type === 'attribute' ? inner.parts.callee.field_('attribute')?.text : undefined;
    if (innerMethod === 'add_url_rule' || innerMethod === 'add_resource') {
      // `for route in routes: bp.add_url_rule(route, ...)` inside the helper: one route per item the caller passed.
      for (const b of loopBindings(model.workspace, helperFile, inner, bound)) registerCall(model, helperFile, inner, innerMethod, b);
      continue;
    }
    const route = routeDecorator(inner.parts.callee);
    const view = inner.parts.positional[0];
    if (route && view) registerRoute(model, substitution(model.workspace, helperFile, helper, bound), route, view, []);
  }
  for (const wrapper of facts.functions) {
    if (wrapper.enclosing !== helper) continue;
    const view = wrapper.node.find('call').map((c) => callParts(c)?.callee).find((c) => c?.type === 'identifier' && bound.args.has(c.text));
    if (!view) continue;
    wrapper.decorators.forEach((decorator, index) => {
      const route = routeDecorator(decoratorExpression(decorator));
      const wrappers = wrapper.decorators.slice(index + 1).map((d) => model.decoratorUse(helperFile, decoratorExpression(d)!, helper));
      if (route) registerRoute(model, substitution(model.workspace, helperFile, helper, bound), route, view, wrappers);
    });
  }
}

/**
 * A project decorator that registers what it decorates: `@rest_resource` over a Resource class
 * (`api.add_resource(cls, *cls.endpoints)`), `@expose(bp, '/x')` over a view (a factory whose
 * inner decorator calls add_url_rule).
 */
function registryDecoratorRoutes(model: FlaskModel, file: IndexedFile, decorators: SyntaxNode[], decorated: SyntaxNode, scope: FunctionFact | undefined): void {
  for (const decorator of decorators) {
    const expr = decoratorExpression(decorator);
    const found = expr && projectDecorator(model, file, expr, scope);
    if (!found) continue;
    const { fn, factory, receiver } = found;
    const site: Bound = { args: factory ? argumentsOf(fn.fact, factory) : new Map(), file, scope, anchor: decorator };
    helperRoutes(model, fn.file, receiver, new Map([[receiver.params[0]!, [decorated]]]), site);
  }
}

/**
 * A project decorator (or the decorator its factory makes) that returns the object it was given: it changes the class
 * in place rather than wrapping it, so the class the route registered is the one it guards.
 */
function returnsWhatItIsGiven(model: FlaskModel, use: DecoratorUse): boolean {
  const receiver = projectDecorator(model, use.file, use.expr, use.scope)?.receiver;
  return !!receiver && ownNodes(receiver.node.field_('body'), ['return_statement']).some((r) => r.namedChildren[0]?.text === receiver.params[0]);
}

/**
 * A workspace function used as a decorator (`@register`) or a factory of one (`@expose(bp, '/x')`), with the function
 * that receives the decorated object: the helper itself, or the factory's inner decorator (its one parameter).
 */
function projectDecorator(model: FlaskModel, file: IndexedFile, expr: SyntaxNode, scope: FunctionFact | undefined): { fn: Extract<Binding, { kind: 'function' }>; factory: CallParts | undefined; receiver: FunctionFact } | undefined {
  const factory = callParts(expr);
  const fn = model.workspace.resolveExpression(file, factory ? factory.callee : expr, scope);
  if (fn?.kind !== 'function') return undefined;
  const receiver = factory ? fn.file.facts.functions.find((f) => f.enclosing === fn.fact && f.params.length === 1) : fn.fact;
  return receiver?.params[0] ? { fn, factory, receiver } : undefined;
}

/** The route decorator called by hand: `app.route('/x', methods=[...])(view)`, `bp.get('/x')(login_required(view))`. */
function decoratorCallRoute(model: FlaskModel, file: IndexedFile, call: CallFact): boolean {
  const route = callParts(call.parts.callee);
  const viewNode = call.parts.positional[0];
  const method = route?.callee.type === 'attribute' ? route.callee.field_('attribute')!.text : undefined;
  if (!route || !viewNode || !method || (method !== 'route' && !Object.hasOwn(ROUTE_METHODS, method))) return false;
  const targets = model.resolveTargets(file, route.callee.field_('object')!, call.scope).filter((t) => t.kind !== 'api');
  const rule = ruleText(model.workspace, file, route.positional[0] ?? route.keywords.get('rule'), call.scope);
  if (!targets.length || rule === undefined) return false;
  const methods = method === 'route' ? methodList(model.workspace, file, route.keywords.get('methods'), call.scope) : [ROUTE_METHODS[method]!];
  for (const target of targets) viewFuncRoute(model, file, target, rule, stringValue(route.keywords.get('endpoint')), methods, viewNode, call.scope, call.node, []);
  return true;
}

/** A rule registered by a wrapper: `add_url_rule` or `add_resource` called in `callFile` with what `bound` binds. */
function registerCall(model: FlaskModel, callFile: IndexedFile, call: CallFact, method: string, bound: Bound): void {
  const reader = substitution(model.workspace, callFile, call.scope, bound);
  const p = call.parts;
  if (method === 'add_url_rule') {
    const view = p.positional[2] ?? p.keywords.get('view_func');
    if (view) registerRoute(model, reader, { receiver: p.callee.field_('object')!, method: 'route', parts: p, endpoint: p.positional[1] ?? p.keywords.get('endpoint') }, view, []);
    return;
  }
  const { sub, at } = reader;
  const receiver = sub(p.callee.field_('object'))[0];
  const target = receiver && model.resolveTarget(at(receiver)[0], receiver, at(receiver)[1]);
  if (!target) return;
  const [resourceNode, ...ruleNodes] = [...sub(p.positional[0]), ...p.positional.slice(1).flatMap(sub)];
  if (!resourceNode) return;
  const res = model.workspace.resolveExpression(at(resourceNode)[0], resourceNode, at(resourceNode)[1]);
  if (res?.kind !== 'class') return;
  const endpoint = stringValue(p.keywords.get('endpoint')) ?? res.fact.name.toLowerCase();
  const api = target.kind === 'api' ? target : undefined;
  for (const r of ruleNodes) {
    const rule = ruleText(model.workspace, at(r)[0], r, at(r)[1]);
    // Mounted on what the Api (or Namespace) is on, under its prefix; one mounted nowhere keeps its own prefix.
    if (rule !== undefined) classRoutes(model, res.file, res.fact, api?.base ?? target, api?.base ? joinRule(api.urlPrefix, rule) : rule, endpoint, bound.anchor, api ? apiDecorators(model, api) : []);
  }
}

/** The decorators a Namespace and the Api it belongs to wrap each of their resources in. */
function apiDecorators(model: FlaskModel, api: FlaskTarget): DecoratorUse[] {
  const uses: DecoratorUse[] = [];
  for (let t: FlaskTarget | undefined = api, depth = 0; t?.kind === 'api' && depth < 4; t = t.base, depth++) {
    const listed = t.decorators;
    if (listed) uses.push(...(sequenceItems(listed.list) ?? []).map((d) => model.decoratorUse(listed.file, d, listed.scope)));
  }
  return uses;
}

/**
 * A route a wrapper registers for `view` (`add_url_rule(rule, view_func=f)`, `bp.route(rule)(f)`): its rule is
 * one the caller supplied, or every use of the wrapper would register the same one.
 */
function registerRoute(model: FlaskModel, reader: BoundReader, route: RouteCall, view: SyntaxNode, wrappers: DecoratorUse[]): void {
  const { sub, at, substitute, substituted, keyword, bound } = reader;
  const receiver = sub(route.receiver)[0];
  const targets = receiver ? model.resolveTargets(at(receiver)[0], receiver, at(receiver)[1]).filter((t) => t.kind !== 'api') : [];
  if (!targets.length) return;
  const ruleNode = sub(route.parts.positional[0] ?? route.parts.keywords.get('rule'))[0];
  const rule = ruleNode && ruleText(model.workspace, at(ruleNode)[0], ruleNode, at(ruleNode)[1], 0, substituted.has(ruleNode) ? undefined : substitute);
  const viewNode = sub(view)[0];
  if (rule === undefined || !viewNode) return;
  const endpoint = stringValue(sub(route.endpoint ?? route.parts.keywords.get('endpoint'))[0]);
  const methodsNode = route.method === 'route' ? sub(keyword(route.parts, 'methods'))[0] : undefined;
  const methods = route.method === 'route' ? methodsNode && methodList(model.workspace, at(methodsNode)[0], methodsNode, at(methodsNode)[1]) : [ROUTE_METHODS[route.method]!];
  const [file, scope] = at(viewNode);
  for (const target of targets) viewFuncRoute(model, file, target, rule, endpoint, methods, viewNode, scope, bound.anchor, wrappers, 0, substituted.has(viewNode) ? undefined : substitute);
}

/** `view_func=f`, `view_func=login_required(f)`, `view_func=V.as_view('name')`, or a variable holding one of them. */
function viewFuncRoute(model: FlaskModel, file: IndexedFile, target: FlaskTarget, rule: string, endpoint: string | undefined, methods: string[] | undefined, viewNode: SyntaxNode, scope: FunctionFact | undefined, registration: SyntaxNode, wrappers: DecoratorUse[], depth = 0, bound?: Substitution): void {
  const parts = callParts(viewNode);
  if (parts) {
    const calleeName = parts.callee.type === 'attribute' ? parts.callee.field_('attribute')?.text : undefined;
    if (calleeName === 'as_view') {
      // In a wrapper, `resource.as_view(name)` names the class and the endpoint its caller passed.
      const [object, objectFile, objectScope] = bound?.(parts.callee.field_('object')!) ?? [parts.callee.field_('object')!, file, scope];
      const cls = model.workspace.resolveExpression(objectFile, object, objectScope);
      if (cls?.kind !== 'class') return;
      const nameNode = parts.positional[0] ?? parts.keywords.get('name');
      const name = stringValue(nameNode && (bound?.(nameNode)?.[0] ?? nameNode)) ?? cls.fact.name;
      classRoutes(model, cls.file, cls.fact, target, rule, endpoint ?? name, registration, wrappers, methods);
      return;
    }
    // A decorator applied at registration: `login_required(export_invoices)`.
    const inner = parts.positional[0];
    if (inner) {
      const use = model.decoratorUse(file, parts.callee, scope);
      viewFuncRoute(model, file, target, rule, endpoint, methods, inner, scope, registration, [...wrappers, use], depth, bound);
    }
    return;
  }
  const fn = model.workspace.resolveExpression(file, viewNode, scope);
  // `status_view = StatusAPI.as_view('status')` registered as `view_func=status_view`: the value is the view.
  // Assigned in a wrapper (`handler = view.as_view(endpoint)`), it still names what the caller passed.
  if (fn?.kind === 'value' && fn.fact.value !== viewNode && depth < 4) {
    const sameScope = fn.file === file && fn.fact.scope === scope;
    viewFuncRoute(model, fn.file, target, rule, endpoint, methods, fn.fact.value, fn.fact.scope, registration, wrappers, depth + 1, sameScope ? bound : undefined);
    return;
  }
  if (fn?.kind !== 'function') return;
  const own = fn.fact.decorators.map((d) => model.decoratorUse(fn.file, decoratorExpression(d)!, fn.fact.enclosing));
  model.addRoute({
    file: fn.file, target, localRule: rule, methods: methods ?? methodsAttribute(model, fn.file, fn.fact) ?? ['GET'], endpoint: endpoint ?? fn.fact.name, view: fn.fact,
    decorators: [...own, ...wrappers], misplaced: [], registration, reportNode: fn.fact.nameNode,
  });
}

/** `api_post.methods = ['POST']`: Flask's add_url_rule reads the view's own `methods` when it is given none. */
function methodsAttribute(model: FlaskModel, file: IndexedFile, fn: FunctionFact): string[] | undefined {
  const set = file.facts.assignments.find((a) => {
    const t = a.target;
    return a.scope === fn.enclosing && t.type === 'attribute' && t.field_('attribute')?.text === 'methods' && t.field_('object')?.text === fn.name;
  });
  return set && methodList(model.workspace, file, set.value, set.scope);
}

/** `app.view_functions['x'] = login_required(app.view_functions['x'])` wraps endpoint x after registration. */
export function applyViewFunctionWraps(model: FlaskModel, files: IndexedFile[]): void {
  for (const file of files) {
    for (const a of file.facts.assignments) {
      const t = a.target;
      if (t.type !== 'subscript' || !dottedName(t.field_('value'))?.endsWith('view_functions')) continue;
      const wrap = file.facts.calls.find((c) => c.node === a.value);
      if (!wrap) continue;
      const use = model.decoratorUse(file, wrap.parts.callee, a.scope);
      // `for name in ('settings', 'export'): app.view_functions[name] = login_required(...)`: each endpoint the loop names.
      for (const bound of loopBindings(model.workspace, file, wrap)) {
        const endpoint = stringValue(substitution(model.workspace, file, a.scope, bound).sub(t.field_('subscript') ?? undefined)[0]);
        if (endpoint) for (const r of model.routes) if (r.endpoint === endpoint || model.fullEndpoint(r) === endpoint) r.decorators.push(use);
      }
    }
  }
}

/** `bp.route('/x', ...)` or `bp.post('/x')` as an expression (a decorator, or a call applied to a view). */
function routeDecorator(expr: SyntaxNode | undefined): RouteCall | undefined {
  const parts = callParts(expr);
  const method = parts?.callee.type === 'attribute' ? parts.callee.field_('attribute')!.text : undefined;
  if (!parts || !method || (method !== 'route' && !Object.hasOwn(ROUTE_METHODS, method))) return undefined;
  return { receiver: parts.callee.field_('object')!, method, parts };
}

function classDecorators(cls: ClassFact): SyntaxNode[] {
  return cls.node.parent?.type === 'decorated_definition' ? cls.node.parent.children.filter((c) => c.type === 'decorator') : [];
}

/** RESTX names resource endpoints `ItemList` → `item_list`. */
function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** Does the call pass (or call a method of) a parameter of `fn`? */
function usesParams(call: CallFact, fn: FunctionFact): boolean {
  const params = new Set(fn.params);
  const roots = [call.parts.callee.field_('object'), ...call.parts.positional, ...call.parts.keywords.values()];
  return roots.some((n) => {
    const inner = n?.type === 'list_splat' ? n.namedChildren[0] : n;
    return inner?.type === 'identifier' && params.has(inner.text);
  });
}
