/**
 * The Flask model of a workspace: apps, blueprints (nested, registered in
 * other modules), every form of route, the decorators that really wrap each
 * view, and the before_request hooks that guard it.
 */
import { analyseHook, establishesIdentity, failsEveryRequest, guardKind, isOptionalAuth, letsEveryoneThrough, roleByName, type CallResolver, type DecoratorRole, type GuardKind, type HookGuard } from './auth';
import { ownNodes } from './body';
import { defaultRoute, defaultRouteBase, hookNames, isFlaskViewBase, isRouteDecorator, servesRequests } from './flask-classful';
import { unitFacts, type AssignmentFact, type CallFact, type ClassFact, type FunctionFact } from './facts';
import { callParts, decoratorExpression, dottedName, intValue, lastName, parameterNames, sequenceItems, stringItems, stringValue, unwrap, type CallParts } from './python';
import { isAccountConfirmation, isPasswordResetRequest, isPublicByNature, isSensitive, isSessionLogin, isSignUp, joinRule, matchesPublicSetting } from './routes';
import type { SyntaxNode } from './syntax';
import type { Binding, IndexedFile, Workspace } from './workspace';

export interface ModelSettings {
  /** Extra authentication decorator names (`flaskGuard.authDecorators`). */
  authDecorators: readonly string[];
  /** Rules, globs or endpoints that are public by design (`flaskGuard.publicRoutes`). */
  publicRoutes: readonly string[];
}

export type TargetKind = 'app' | 'blueprint' | 'api' | 'unknown';
/** What a constructor makes: a Flask-RESTX Namespace is an `api` target mounted under its path. */
type Made = Exclude<TargetKind, 'unknown'> | 'namespace';

export interface FlaskTarget {
  id: string;
  kind: TargetKind;
  /** Blueprint name (first argument), or the variable name. */
  name: string;
  file?: IndexedFile;
  node?: SyntaxNode;
  urlPrefix?: string;
  /** Flask-RESTful/RESTX `Api`: the app or blueprint it mounts on; a RESTX Namespace: its Api. */
  base?: FlaskTarget;
  namespace?: boolean;
}

export interface Registration {
  parent: FlaskTarget;
  child: FlaskTarget;
  urlPrefix?: string;
  /** `register_blueprint(bp, name='v2')`: the endpoint prefix of this registration. */
  name?: string;
  node: SyntaxNode;
}

export interface DecoratorUse {
  expr: SyntaxNode;
  file: IndexedFile;
  scope?: FunctionFact;
  role: DecoratorRole;
}

export interface Route {
  file: IndexedFile;
  target: FlaskTarget;
  /** Rule as registered (no prefixes). */
  localRule: string;
  /** Full rule with blueprint and Api prefixes. */
  rule: string;
  methods: string[];
  endpoint: string;
  /** The function that handles the request (a class view's method). */
  view: FunctionFact;
  viewClass?: ClassFact;
  /** Decorators that wrap the view before Flask registers it. */
  decorators: DecoratorUse[];
  /** Auth decorators placed above the route decorator: they wrap nothing Flask calls (FG107). */
  misplaced: DecoratorUse[];
  /** The decorator or call that registers the route. */
  registration: SyntaxNode;
  /** Where route findings go: the handler's name. */
  reportNode: SyntaxNode;
  /** Attributes its decorators set on the view function (`f.login_exempt = True`), which hooks may test. */
  viewMarkers?: string[];
  /** For a blueprint registered several times: the registration this copy of the route is served through. */
  via?: Registration;
}

export interface Hook {
  target: FlaskTarget;
  /** `before_app_request`, or a hook on the app itself: runs for every route of the app. */
  appWide: boolean;
  fn: FunctionFact;
  file: IndexedFile;
  guard: HookGuard;
}

export interface RouteAuth {
  /** Methods (HEAD included for GET routes) that reach the view with no identity check. */
  openMethods: string[];
  /** Authentication decorators, hooks or body checks that protect the route. */
  protectedBy: ('decorator' | 'authorization' | 'hook' | 'body')[];
  hooks: Hook[];
  sensitive: boolean;
  /** Open by design (login, health, index...), or a stub that fails every request and so opens nothing. */
  publicByNature: boolean;
}

const ROUTE_METHODS: Record<string, string> = { get: 'GET', post: 'POST', put: 'PUT', patch: 'PATCH', delete: 'DELETE' };
const HANDLER_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'];

export class FlaskModel {
  readonly targets = new Map<string, FlaskTarget>();
  readonly registrations: Registration[] = [];
  readonly routes: Route[] = [];
  private readonly routesByView = new Map<FunctionFact, Route[]>();
  readonly hooks: Hook[] = [];
  /** `bp.before_request(login_required(lambda: None))`: a decorator every view the hook runs for is behind. */
  private readonly hookDecorators: { target: FlaskTarget; appWide: boolean; use: DecoratorUse }[] = [];
  private readonly authCache = new Map<Route, RouteAuth>();
  private byTarget: Map<FlaskTarget, Route[]> | undefined;
  private byHook: Map<Hook, Route[]> | undefined;
  private readonly decoratorCache = new Map<string, DecoratorRole>();

  /**
   * `epoch` names the workspace interface (definitions, imports, helper
   * summaries) this model is built on: per-node results computed under the
   * same epoch are reused, so a keystroke in one view re-reads only that view.
   */
  constructor(readonly workspace: Workspace, readonly settings: ModelSettings, readonly epoch = NaN) {
    const files = [...workspace.all()];
    // Each phase reads what the one before found in every file: a namespace or an Api may name a target of a module that sorts after its own.
    for (const file of files) this.collectTargets(file);
    for (const file of files) this.collectNamespaces(file);
    for (const file of files) this.bindApiBases(file);
    for (const file of files) this.collectRegistrations(file);
    for (const file of files) this.collectRoutes(file);
    this.applyViewFunctionWraps(files);
    this.applyHookDecorators();
    this.servePerRegistration();
    for (const route of this.routes) route.rule = joinRule(this.prefixOf(route.target, 0, route.via), route.localRule);
  }

  // -------------------------------------------------------------------------
  // Targets

  private collectTargets(file: IndexedFile): void {
    for (const a of file.facts.assignments) {
      if (a.names.length !== 1) continue;
      const parts = callParts(a.value);
      if (!parts) continue;
      const made = this.constructorKind(file, parts.callee, a.scope);
      if (!made) continue;
      const kind: TargetKind = made === 'namespace' ? 'api' : made;
      const id = targetId(file, a);
      const target: FlaskTarget = { id, kind, name: a.names[0]!, file, node: a.value };
      if (kind === 'blueprint') {
        target.name = stringValue(parts.positional[0] ?? parts.keywords.get('name')) ?? a.names[0]!;
        const prefix = this.ruleText(file, parts.keywords.get('url_prefix'), a.scope);
        if (prefix !== undefined) target.urlPrefix = prefix;
      }
      if (kind === 'api') {
        const prefix = this.ruleText(file, parts.keywords.get('prefix'), a.scope);
        if (prefix !== undefined) target.urlPrefix = prefix;
        // Flask-RESTX Namespace('keys', path=...): mounted at `/keys` unless told otherwise.
        if (made === 'namespace') {
          target.namespace = true;
          target.name = stringValue(parts.positional[0] ?? parts.keywords.get('name')) ?? a.names[0]!;
          target.urlPrefix = this.ruleText(file, parts.keywords.get('path'), a.scope) ?? `/${target.name}`;
        }
      }
      this.targets.set(id, target);
    }
  }

  private collectNamespaces(file: IndexedFile): void {
    for (const a of file.facts.assignments) {
      // Flask-RESTX `ns = api.namespace('auth', path=...)`: a Namespace already added to `api`.
      const parts = a.names.length === 1 ? callParts(a.value) : undefined;
      if (parts?.callee.type === 'attribute' && parts.callee.field_('attribute')?.text === 'namespace') {
        const api = this.resolveTarget(file, parts.callee.field_('object')!, a.scope);
        if (api?.kind === 'api' && !api.namespace) {
          const name = stringValue(parts.positional[0] ?? parts.keywords.get('name')) ?? a.names[0]!;
          const id = targetId(file, a);
          this.targets.set(id, { id, kind: 'api', name, file, node: a.value, namespace: true, base: api, urlPrefix: this.ruleText(file, parts.keywords.get('path'), a.scope) ?? `/${name}` });
        }
      }
    }
  }

  /** `Api(app)` needs the app's target; an `Api()` made alone gets it from `api.init_app(app_or_blueprint)`. */
  private bindApiBases(file: IndexedFile): void {
    for (const a of file.facts.assignments) {
      const target = a.names.length === 1 ? this.targets.get(targetId(file, a)) : undefined;
      if (target?.kind !== 'api' || target.namespace) continue;
      const parts = callParts(a.value)!;
      const baseExpr = parts.positional[0] ?? parts.keywords.get('app') ?? parts.keywords.get('blueprint');
      if (baseExpr) target.base = this.resolveTarget(file, baseExpr, a.scope);
    }
    for (const call of file.facts.calls) {
      const { callee, positional, keywords } = call.parts;
      const baseExpr = positional[0] ?? keywords.get('app');
      if (callee.type !== 'attribute' || callee.field_('attribute')?.text !== 'init_app' || !baseExpr) continue;
      const api = this.resolveTarget(file, callee.field_('object')!, call.scope);
      if (api?.kind === 'api' && !api.namespace && !api.base) api.base = this.resolveTarget(file, baseExpr, call.scope);
    }
  }

  private constructorKind(file: IndexedFile, callee: SyntaxNode, scope?: FunctionFact): Made | undefined {
    return this.kindOf(this.workspace.resolveExpression(file, callee, scope), dottedName(callee));
  }

  /** What a constructor makes, by the class `written` names (resolved to `binding`). */
  private kindOf(binding: Binding | undefined, written: string | undefined, depth = 0): Made | undefined {
    // The project's own subclass (`class CTFdFlask(Flask)`, `class ApiExt(Api)`): what it extends decides.
    if (binding?.kind === 'class') {
      if (depth >= 4) return undefined;
      for (const base of binding.fact.bases) {
        const kind = this.kindOf(this.workspace.resolveDotted(binding.file, base, binding.fact.enclosing), base, depth + 1);
        if (kind) return kind;
      }
      return undefined;
    }
    const name = binding?.kind === 'external' ? binding.qualified : written;
    const last = lastName(name);
    if (last === 'Flask' || last === 'APIFlask') return 'app';
    if (last === 'Blueprint' || last === 'APIBlueprint') return 'blueprint';
    if (last === 'Api' && (!binding || binding.kind === 'external') && /flask_restful|flask_restx|flask_restplus|^Api$/.test(name ?? '')) return 'api';
    if (last === 'Namespace' && /flask_restx|flask_restplus/.test(name ?? '')) return 'namespace';
    return undefined;
  }

  /** The app, blueprint or Api an expression names; `unknown` for parameters and `current_app`. */
  resolveTarget(file: IndexedFile, expr: SyntaxNode, scope?: FunctionFact, depth = 0): FlaskTarget | undefined {
    const binding = this.workspace.resolveExpression(file, unwrap(expr), scope);
    return this.targetOfBinding(binding, depth);
  }

  private targetOfBinding(binding: Binding | undefined, depth: number): FlaskTarget | undefined {
    if (!binding || depth > 5) return undefined;
    if (binding.kind === 'value') {
      const fact = binding.fact;
      const direct = fact.names.length === 1 ? this.targets.get(targetId(binding.file, fact)) : undefined;
      if (direct) return direct;
      // `bp = api_bp`, `app = create_app()` (factory result).
      const parts = callParts(fact.value);
      if (parts) {
        const fn = this.workspace.resolveExpression(binding.file, parts.callee, fact.scope);
        if (fn?.kind === 'function') return this.returnedTarget(fn.file, fn.fact, depth) ?? this.unknownTarget(`factory:${fn.file.path}#${fn.fact.qualname}`, fn.fact.name);
        return undefined;
      }
      return this.targetOfBinding(this.workspace.resolveExpression(binding.file, fact.value, fact.scope), depth + 1);
    }
    if (binding.kind === 'param') {
      // `def init_routes(bp): ...` called as `init_routes(admin_bp)`: the caller's argument decides.
      const index = binding.fn.params.indexOf(binding.name);
      for (const site of this.callSites(binding.fn)) {
        const arg = site.call.parts.positional[index - (binding.fn.className ? 1 : 0)] ?? site.call.parts.keywords.get(binding.name);
        const target = arg && this.resolveTarget(site.file, arg, site.call.scope, depth + 1);
        if (target) return target;
      }
      return this.unknownTarget(`param:${binding.file.path}#${binding.fn.qualname}.${binding.name}`, binding.name);
    }
    if (binding.kind === 'external' && /(^|\.)current_app$/.test(binding.qualified)) return this.unknownTarget('current_app', 'current_app');
    return undefined;
  }

  /**
   * What a factory returns, when it returns the target it made (`bp = Blueprint(...)`, hooks added,
   * `return bp`): every call shares that target, with its hooks and its prefix.
   */
  private returnedTarget(file: IndexedFile, fn: FunctionFact, depth: number): FlaskTarget | undefined {
    for (const ret of ownNodes(fn.node.field_('body'), ['return_statement'])) {
      const value = unwrap(ret.namedChildren[0]);
      if (value?.type !== 'identifier') continue;
      const target = this.resolveTarget(file, value, fn, depth + 1);
      if (target) return target;
    }
    return undefined;
  }

  /**
   * `@api_bp.route('/x')` in a Flask module whose `api_bp` comes from outside the files checked (a
   * package not in the workspace, a file left out): the view is still served, by an app we cannot see.
   */
  private outsideTarget(file: IndexedFile, receiver: SyntaxNode, method: string, scope: FunctionFact | undefined): FlaskTarget | undefined {
    const name = dottedName(receiver);
    if (method !== 'route' || !name || !file.facts.imports.some((i) => /^flask(\.|$)/.test(i.module))) return undefined;
    const binding = this.workspace.resolveExpression(file, receiver, scope);
    if (binding && (binding.kind !== 'external' || /^flask(\.|$)/.test(binding.qualified))) return undefined;
    return this.unknownTarget(`outside:${binding?.qualified ?? name}`, lastName(name)!);
  }

  private unknownTarget(id: string, name: string): FlaskTarget {
    let t = this.targets.get(id);
    if (!t) {
      t = { id, kind: 'unknown', name };
      this.targets.set(id, t);
    }
    return t;
  }

  // -------------------------------------------------------------------------
  // Blueprint registrations and hooks in call form

  private collectRegistrations(file: IndexedFile): void {
    for (const call of file.facts.calls) {
      const { parts } = call;
      const method = parts.callee.type === 'attribute' ? parts.callee.field_('attribute')?.text : undefined;
      if (!method) continue;
      const receiverExpr = parts.callee.field_('object')!;
      if (method === 'register_blueprint') {
        const parent = this.resolveTarget(file, receiverExpr, call.scope);
        const childExpr = parts.positional[0] ?? parts.keywords.get('blueprint');
        if (!parent || !childExpr) continue;
        for (const child of this.loopAware(file, call, childExpr)) {
          const prefix = this.ruleText(file, parts.keywords.get('url_prefix'), call.scope);
          const name = stringValue(parts.keywords.get('name'));
          this.registrations.push({ parent, child, node: call.node, ...(prefix !== undefined && { urlPrefix: prefix }), ...(name !== undefined && { name }) });
        }
      } else if (method === 'add_namespace') {
        const api = this.resolveTarget(file, receiverExpr, call.scope);
        const ns = parts.positional[0] && this.resolveTarget(file, parts.positional[0], call.scope);
        if (api && ns?.namespace) {
          ns.base = api;
          const path = this.ruleText(file, parts.keywords.get('path') ?? parts.positional[1], call.scope);
          if (path !== undefined) ns.urlPrefix = path;
        }
      } else if (HOOK_METHODS.has(method)) {
        const target = this.resolveTarget(file, receiverExpr, call.scope);
        const fnExpr = parts.positional[0];
        const fn = fnExpr && this.workspace.resolveExpression(file, fnExpr, call.scope);
        const wrapped = callParts(fnExpr);
        if (target && fn?.kind === 'function') this.addHook(target, HOOK_METHODS.get(method)!, fn.file, fn.fact);
        else if (target && wrapped) {
          const use = this.decoratorUse(file, wrapped.callee, call.scope);
          if (use.role !== 'none') this.hookDecorators.push({ target, appWide: HOOK_METHODS.get(method)! || target.kind !== 'blueprint', use });
        }
      }
    }
  }

  /** Blueprints registered in a loop over a literal tuple: `for bp in (a, b): app.register_blueprint(bp)`. */
  private loopAware(file: IndexedFile, call: CallFact, expr: SyntaxNode): FlaskTarget[] {
    const direct = this.resolveTarget(file, expr, call.scope);
    if (direct) return [direct];
    const name = dottedName(expr);
    const loop = call.loops.find((l) => dottedName(l.field_('left')) === name);
    const items = loop && sequenceItems(loop.field_('right'));
    return (items ?? []).map((i) => this.resolveTarget(file, i, call.scope)).filter((t): t is FlaskTarget => !!t);
  }

  /**
   * A rule or prefix as written: a literal, a constant, or an f-string whose constant parts are
   * filled in; what stays unknown becomes a `<placeholder>`, which no route-word test reads.
   */
  private ruleText(file: IndexedFile, node: SyntaxNode | undefined, scope?: FunctionFact, depth = 0, bound?: Substitution): string | undefined {
    const n = unwrap(node);
    if (!n || depth > 4) return undefined;
    // In a wrapper, a parameter inside the rule (`url + '<int:id>'`) is what its caller passed.
    const passed = bound?.(n);
    if (passed) return this.ruleText(passed[1], passed[0], passed[2], depth + 1);
    const literal = stringValue(n);
    if (literal !== undefined) return literal;
    if (n.type === 'string') {
      return n.children
        .map((c) => {
          if (c.type === 'string_content' || c.type === 'escape_sequence') return c.text;
          if (c.type !== 'interpolation') return '';
          const expr = c.namedChildren[0];
          return this.ruleText(file, expr, scope, depth + 1, bound) ?? `<${expr?.text ?? ''}>`;
        })
        .join('');
    }
    // `'/' + name`, `API + '/users'`: what cannot be known stays a placeholder, as in f-strings.
    if (n.type === 'binary_operator' && n.children.some((c) => c.type === '+')) {
      const sides = [n.field_('left'), n.field_('right')];
      const [left, right] = sides.map((side) => this.ruleText(file, side, scope, depth + 1, bound));
      if (left === undefined && right === undefined) return undefined;
      return (left ?? placeholder(sides[0])) + (right ?? placeholder(sides[1]));
    }
    // `'{}<int:{}>'.format(url, pk)`: the fields are filled in like the operands of `+`.
    const format = n.type === 'call' ? callParts(n) : undefined;
    const template = format?.callee.type === 'attribute' && format.callee.field_('attribute')?.text === 'format' ? stringValue(format.callee.field_('object')) : undefined;
    if (format && template !== undefined) {
      let next = 0;
      return template.replace(/\{(\d*)\}/g, (_, index: string) => {
        const arg = format.positional[index === '' ? next++ : Number(index)];
        return this.ruleText(file, arg, scope, depth + 1, bound) ?? placeholder(arg);
      });
    }
    // `org_scoped_rule('/queries')`: a helper that adds a prefix to the rule it is given. The rule is
    // kept, behind a placeholder for what the helper adds.
    const call = n.type === 'call' ? callParts(n) : undefined;
    if (call) {
      // Only a project function is taken for such a helper: `app.config.get('APP_PREFIX')` names a key, not a rule.
      if (this.workspace.resolveExpression(file, call.callee, scope)?.kind !== 'function') return undefined;
      const inner = call.positional.length === 1 ? this.ruleText(file, call.positional[0], scope, depth + 1) : undefined;
      return inner === undefined ? undefined : joinRule(`<${lastName(call.name) ?? 'prefix'}>`, inner);
    }
    if (!dottedName(n)) return undefined;
    const b = this.workspace.resolveExpression(file, n, scope);
    return b?.kind === 'value' ? this.ruleText(b.file, b.fact.value, b.fact.scope, depth + 1) : undefined;
  }

  /** `methods=['GET', 'POST']`, a module constant holding them, or the words of a string (`'GET POST'.split()`). */
  private methodList(file: IndexedFile, node: SyntaxNode | undefined, scope?: FunctionFact): string[] | undefined {
    if (!node) return undefined;
    const words = stringValue(splitSubject(node) ?? node);
    let items = words !== undefined ? words.split(/[\s,]+/).filter(Boolean) : stringItems(node);
    if (!items && dottedName(node)) {
      const b = this.workspace.resolveExpression(file, node, scope);
      if (b?.kind === 'value') items = stringItems(b.fact.value);
    }
    return items?.map((m) => m.toUpperCase());
  }

  private addHook(target: FlaskTarget, appRequest: boolean, file: IndexedFile, fn: FunctionFact): void {
    const constants = (name: string) => {
      const b = this.workspace.resolveDotted(file, name, fn);
      return b?.kind === 'value' ? b.fact.value : this.blueprintNameArgument(file, name, fn);
    };
    let guard = this.memo(fn.node, 'hook', () => analyseHook(fn.node.field_('body'), constants, this.callResolver(file, fn)));
    // `@app.before_request` over `@auth.login_required`: the decorator authenticates every request.
    if (!guard.enforces && fn.decorators.some((d) => this.decoratorUse(file, decoratorExpression(d)!, fn.enclosing).role === 'authentication')) {
      guard = { ...guard, enforces: true };
    }
    this.hooks.push({ target, appWide: appRequest || target.kind === 'app' || target.kind === 'unknown', fn, file, guard });
  }

  /** `bp.name`, which hooks use to spell their endpoints (`'{}.login'.format(bp.name)`): the name the blueprint was made with. */
  private blueprintNameArgument(file: IndexedFile, name: string, scope: FunctionFact): SyntaxNode | undefined {
    const owner = /^(.+)\.name$/.exec(name)?.[1];
    const binding = owner ? this.workspace.resolveDotted(file, owner, scope) : undefined;
    const target = binding && this.targetOfBinding(binding, 0);
    const parts = target?.kind === 'blueprint' ? callParts(target.node) : undefined;
    return parts && (parts.positional[0] ?? parts.keywords.get('name'));
  }

  // -------------------------------------------------------------------------
  // Routes

  private collectRoutes(file: IndexedFile): void {
    for (const fn of file.facts.functions) {
      this.decoratorRoutes(file, fn);
      this.registryDecoratorRoutes(file, fn.decorators, fn.nameNode, fn.enclosing);
    }
    for (const cls of file.facts.classes) {
      this.classDecoratorRoutes(file, cls);
      this.registryDecoratorRoutes(file, classDecorators(cls), cls.nameNode, cls.enclosing);
    }
    for (const call of file.facts.calls) this.callRoutes(file, call);
  }

  private decoratorRoutes(file: IndexedFile, fn: FunctionFact): void {
    const scope = fn.enclosing;
    fn.decorators.forEach((decorator, index) => {
      const expr = decoratorExpression(decorator);
      const callee = callParts(expr)?.callee ?? expr;
      if (callee?.type !== 'attribute') return;
      const method = callee.field_('attribute')!.text;
      const receiver = callee.field_('object')!;
      if (HOOK_METHODS.has(method)) {
        const target = this.resolveTarget(file, receiver, scope);
        if (target) this.addHook(target, HOOK_METHODS.get(method)!, file, fn);
        return;
      }
      if (method !== 'route' && !Object.hasOwn(ROUTE_METHODS, method)) return;
      const parts = callParts(expr);
      if (!parts) return;
      const target = this.resolveTarget(file, receiver, scope) ?? this.outsideTarget(file, receiver, method, scope);
      if (!target || target.kind === 'api') return;
      const rule = this.ruleText(file, parts.positional[0] ?? parts.keywords.get('rule'), scope);
      if (rule === undefined) return;
      const methods = method === 'route' ? (this.methodList(file, parts.keywords.get('methods'), scope) ?? ['GET']) : [ROUTE_METHODS[method]!];
      const uses = (nodes: SyntaxNode[]) => nodes.map((d) => this.decoratorUse(file, decoratorExpression(d)!, scope));
      const endpoint = stringValue(parts.keywords.get('endpoint')) ?? fn.name;
      this.addRoute({
        file, target, localRule: rule, methods, endpoint, view: fn,
        decorators: uses(fn.decorators.slice(index + 1)),
        misplaced: uses(fn.decorators.slice(0, index)).filter((u) => u.role !== 'none'),
        registration: decorator, reportNode: fn.nameNode,
      });
    });
  }

  /**
   * Flask-RESTX `@ns.route('/x')` on a Resource class. An auth decorator below the route guards the class's
   * handlers (a project's `@ns.login_required(...)` that decorates each method of the class it is given).
   */
  private classDecoratorRoutes(file: IndexedFile, cls: ClassFact): void {
    const decorators = classDecorators(cls);
    for (const [index, decorator] of decorators.entries()) {
      const parts = callParts(decoratorExpression(decorator));
      if (parts?.callee.type !== 'attribute' || parts.callee.field_('attribute')?.text !== 'route') continue;
      const target = this.resolveTarget(file, parts.callee.field_('object')!, cls.enclosing);
      const rule = this.ruleText(file, parts.positional[0], cls.enclosing);
      if (!target || rule === undefined) continue;
      const fallback = target.namespace ? `${target.name}_${snakeCase(cls.name)}` : cls.name.toLowerCase();
      const guards = decorators.slice(index + 1).map((d) => this.decoratorUse(file, decoratorExpression(d)!, cls.enclosing)).filter((u) => u.role !== 'none');
      this.classRoutes(file, cls, target, rule, stringValue(parts.keywords.get('endpoint')) ?? fallback, decorator, guards);
    }
  }

  private callRoutes(file: IndexedFile, call: CallFact): void {
    const { parts } = call;
    const method = parts.callee.type === 'attribute' ? parts.callee.field_('attribute')?.text : undefined;
    if (this.decoratorCallRoute(file, call)) return;
    // `for view in (HomeView, ApiView): view.register(app)`: each class the loop goes through.
    if (method === 'register' && this.loopBindings(file, call).filter((row) => this.classfulRoutes(file, call, row)).length) return;
    if (method === 'add_url_rule' || method === 'add_resource') {
      // Inside a helper that is called with the values: its call sites register the routes.
      if (call.scope && this.callSites(call.scope).length && usesParams(call, call.scope)) return;
      for (const bound of this.loopBindings(file, call)) this.registerCall(file, call, method, bound);
      return;
    }
    // A project helper that wraps add_resource/add_url_rule: `register(api, ItemList, '/items')`.
    const fn = this.workspace.resolveExpression(file, parts.callee, call.scope);
    if (fn?.kind !== 'function' || fn.file === file && fn.fact === call.scope) return;
    // A method called on an instance (`api.add_org_resource(...)`): `self` is the instance.
    const self = fn.fact.className && parts.callee.type === 'attribute' ? parts.callee.field_('object')! : undefined;
    this.helperRoutes(fn.file, fn.fact, argumentsOf(fn.fact, parts, self), { args: new Map(), file, scope: call.scope, anchor: call.node });
  }

  /**
   * The routes a helper registers, with its parameters bound to what `site` passed: its add_url_rule/add_resource
   * calls, a route decorator it calls on what it was given (`return bp.route(rule, **options)(f)`), and a wrapper
   * it defines under a route decorator that calls what it was given (`@bp.route(*args, **kwargs)` over
   * `def wrapper(...): return f(...)`, with the wrapper's own decorators between the route and the view).
   */
  private helperRoutes(helperFile: IndexedFile, helper: FunctionFact, args: Map<string, SyntaxNode[]>, site: Bound): void {
    const bound: Bound = { ...site, args: new Map([...site.args, ...args]) };
    const facts = unitFacts(helper.node.unit);
    // The helper's calls are in its own statement: scanning the whole file for each decorated view was quadratic on big files.
    for (const inner of facts.calls) {
      if (inner.scope !== helper) continue;
      const innerMethod = inner.parts.callee.type === 'attribute' ? inner.parts.callee.field_('attribute')?.text : undefined;
      if (innerMethod === 'add_url_rule' || innerMethod === 'add_resource') {
        // `for route in routes: bp.add_url_rule(route, ...)` inside the helper: one route per item the caller passed.
        for (const b of this.loopBindings(helperFile, inner, bound)) this.registerCall(helperFile, inner, innerMethod, b);
        continue;
      }
      const route = routeDecorator(inner.parts.callee);
      const view = inner.parts.positional[0];
      if (route && view) this.registerRoute(this.substitution(helperFile, helper, bound), route, view, []);
    }
    for (const wrapper of facts.functions) {
      if (wrapper.enclosing !== helper) continue;
      const view = wrapper.node.find('call').map((c) => callParts(c)?.callee).find((c) => c?.type === 'identifier' && bound.args.has(c.text));
      if (!view) continue;
      wrapper.decorators.forEach((decorator, index) => {
        const route = routeDecorator(decoratorExpression(decorator));
        const wrappers = wrapper.decorators.slice(index + 1).map((d) => this.decoratorUse(helperFile, decoratorExpression(d)!, helper));
        if (route) this.registerRoute(this.substitution(helperFile, helper, bound), route, view, wrappers);
      });
    }
  }

  /**
   * A project decorator that registers what it decorates: `@rest_resource` over a Resource class
   * (`api.add_resource(cls, *cls.endpoints)`), `@expose(bp, '/x')` over a view (a factory whose
   * inner decorator calls add_url_rule).
   */
  private registryDecoratorRoutes(file: IndexedFile, decorators: SyntaxNode[], decorated: SyntaxNode, scope: FunctionFact | undefined): void {
    for (const decorator of decorators) {
      const expr = decoratorExpression(decorator);
      const factory = expr && callParts(expr);
      const fn = expr && this.workspace.resolveExpression(file, factory ? factory.callee : expr, scope);
      if (fn?.kind !== 'function') continue;
      const site: Bound = { args: factory ? argumentsOf(fn.fact, factory) : new Map(), file, scope, anchor: decorator };
      // The decorated object is the parameter of the function that receives it: the helper itself, or the factory's inner decorator.
      const receiver = factory ? fn.file.facts.functions.find((f) => f.enclosing === fn.fact && f.params.length === 1) : fn.fact;
      if (receiver?.params[0]) this.helperRoutes(fn.file, receiver, new Map([[receiver.params[0], [decorated]]]), site);
    }
  }

  /** The route decorator called by hand: `app.route('/x', methods=[...])(view)`, `bp.get('/x')(login_required(view))`. */
  private decoratorCallRoute(file: IndexedFile, call: CallFact): boolean {
    const route = callParts(call.parts.callee);
    const viewNode = call.parts.positional[0];
    const method = route?.callee.type === 'attribute' ? route.callee.field_('attribute')!.text : undefined;
    if (!route || !viewNode || !method || (method !== 'route' && !Object.hasOwn(ROUTE_METHODS, method))) return false;
    const target = this.resolveTarget(file, route.callee.field_('object')!, call.scope);
    const rule = this.ruleText(file, route.positional[0] ?? route.keywords.get('rule'), call.scope);
    if (!target || target.kind === 'api' || rule === undefined) return false;
    const methods = method === 'route' ? this.methodList(file, route.keywords.get('methods'), call.scope) : [ROUTE_METHODS[method]!];
    this.viewFuncRoute(file, target, rule, stringValue(route.keywords.get('endpoint')), methods, viewNode, call.scope, call.node, []);
    return true;
  }

  private sites: Map<FunctionFact, { file: IndexedFile; call: CallFact }[]> | undefined;

  /** Where workspace functions are called (for helpers that receive the app, a blueprint or a view). */
  callSites(fn: FunctionFact): { file: IndexedFile; call: CallFact }[] {
    if (!this.sites) {
      this.sites = new Map();
      const names = new Set<string>();
      for (const f of this.workspace.all()) for (const d of f.facts.functions) names.add(d.name);
      for (const f of this.workspace.all()) {
        for (const call of f.facts.calls) {
          if (!names.has(lastName(call.parts.name) ?? '')) continue;
          const b = this.workspace.resolveExpression(f, call.parts.callee, call.scope);
          if (b?.kind !== 'function') continue;
          this.sites.set(b.fact, [...(this.sites.get(b.fact) ?? []), { file: f, call }]);
        }
      }
    }
    return this.sites.get(fn) ?? [];
  }

  /**
   * Binds the loop variables of `for rule, view in TABLE:` to each row of a literal table. In a
   * wrapper (`outer`: its parameters bound to a call's arguments), the table may be a parameter.
   */
  private loopBindings(file: IndexedFile, call: CallFact, outer?: Bound): Bound[] {
    const base: Bound = outer ?? { args: new Map(), file, scope: call.scope, anchor: call.node };
    const loop = call.loops[0];
    if (!loop) return [base];
    const names = (sequenceItems(loop.field_('left')) ?? [loop.field_('left')!]).map((n) => n.text);
    let table = loop.field_('right');
    let [tableFile, tableScope] = [file, call.scope];
    const passed = table?.type === 'identifier' ? outer?.args.get(table.text) : undefined;
    if (passed?.length === 1) [table, tableFile, tableScope] = [passed[0]!, base.file, base.scope];
    const tableName = dottedName(table);
    if (tableName) {
      const b = this.workspace.resolveDotted(tableFile, tableName, tableScope);
      if (b?.kind === 'value') [table, tableFile, tableScope] = [b.fact.value, b.file, b.fact.scope];
    }
    const rows = sequenceItems(table);
    if (!rows) return [base];
    const home: [IndexedFile, FunctionFact | undefined] = [tableFile, tableScope];
    const elsewhere = tableFile !== base.file || tableScope !== base.scope;
    return rows.map((row) => {
      const cells = names.length === 1 ? [row] : sequenceItems(row) ?? [];
      const args = new Map(base.args);
      const homes = new Map(base.homes);
      names.forEach((n, i) => {
        if (!cells[i]) return;
        args.set(n, [cells[i]!]);
        if (elsewhere) homes.set(cells[i]!, home);
      });
      return { ...base, args, homes };
    });
  }

  /**
   * Reading a call written in `callFile` (in `callScope`) whose names a loop row or a wrapper's parameters bind:
   * those were written at `bound`'s site and are resolved there.
   */
  private substitution(callFile: IndexedFile, callScope: FunctionFact | undefined, bound: Bound): BoundReader {
    const substituted = new Set<SyntaxNode>();
    const mark = (n: SyntaxNode) => (substituted.add(n), n);
    const sub = (node: SyntaxNode | undefined): SyntaxNode[] => {
      if (!node) return [];
      // `*cls.endpoints`: the items of the list the class holds.
      if (node.type === 'list_splat') return sub(node.namedChildren[0]).flatMap((n) => (substituted.has(n) && sequenceItems(n)?.map(mark)) || [n]);
      const attribute = node.type === 'attribute' ? this.passedClassAttribute(node, bound) : undefined;
      if (attribute) return [mark(attribute)];
      // `pattern[1]`, `pattern[2].split()`: a cell of the row the loop binds (the split words stay the cell's string).
      const cell = boundCell(splitSubject(node) ?? node, bound);
      if (cell) return [mark(cell)];
      // `*[prefixed(u) for u in urls]`: one rule per url passed (what the comprehension adds is not known).
      if (node.type === 'list_comprehension' || node.type === 'generator_expression') return sub(node.namedChildren.find((c) => c.type === 'for_in_clause')?.field_('right'));
      const list = node.type === 'identifier' ? bound.args.get(node.text) : undefined;
      if (!list) return [node];
      list.forEach((n) => substituted.add(n));
      return list;
    };
    const at = (n: SyntaxNode): [IndexedFile, FunctionFact | undefined] => {
      const row = [...(bound.homes ?? [])].find(([cell]) => cell === n || cell.contains(n))?.[1];
      return row ?? (substituted.has(n) ? [bound.file, bound.scope] : [callFile, callScope]);
    };
    // A name written in the wrapper (`view_cls.as_view(name)`, `url + '<int:id>'`) stands for what its caller passed.
    const substitute: Substitution = (node) => {
      const [n] = node.type === 'identifier' && bound.args.has(node.text) ? sub(node) : [];
      return n ? [n, ...at(n)] : undefined;
    };
    /** A keyword argument of `call`, written there or passed through its `**options` from the caller. */
    const keyword = (call: CallParts, name: string): SyntaxNode | undefined => {
      const written = call.keywords.get(name);
      if (written) return written;
      const splats = call.splat ? (call.callee.parent?.field_('arguments')?.namedChildren.filter((a) => a.type === 'dictionary_splat') ?? []) : [];
      const passed = splats.flatMap((a) => sub(a.namedChildren[0])).find((v) => substituted.has(v) && v.parent?.type === 'keyword_argument' && v.parent.field_('name')?.text === name);
      return passed;
    };
    return { bound, sub, at, substitute, substituted, keyword };
  }

  /** A rule registered by a wrapper: `add_url_rule` or `add_resource` called in `callFile` with what `bound` binds. */
  private registerCall(callFile: IndexedFile, call: CallFact, method: string, bound: Bound): void {
    const reader = this.substitution(callFile, call.scope, bound);
    const p = call.parts;
    if (method === 'add_url_rule') {
      const view = p.positional[2] ?? p.keywords.get('view_func');
      if (view) this.registerRoute(reader, { receiver: p.callee.field_('object')!, method: 'route', parts: p, endpoint: p.positional[1] ?? p.keywords.get('endpoint') }, view, []);
      return;
    }
    const { sub, at } = reader;
    const receiver = sub(p.callee.field_('object'))[0];
    const target = receiver && this.resolveTarget(at(receiver)[0], receiver, at(receiver)[1]);
    if (!target) return;
    const [resourceNode, ...ruleNodes] = [...sub(p.positional[0]), ...p.positional.slice(1).flatMap(sub)];
    if (!resourceNode) return;
    const res = this.workspace.resolveExpression(at(resourceNode)[0], resourceNode, at(resourceNode)[1]);
    if (res?.kind !== 'class') return;
    const endpoint = stringValue(p.keywords.get('endpoint')) ?? res.fact.name.toLowerCase();
    const api = target.kind === 'api' ? target : undefined;
    for (const r of ruleNodes) {
      const rule = this.ruleText(at(r)[0], r, at(r)[1]);
      // Mounted on what the Api (or Namespace) is on, under its prefix; one mounted nowhere keeps its own prefix.
      if (rule !== undefined) this.classRoutes(res.file, res.fact, api?.base ?? target, api?.base ? joinRule(api.urlPrefix, rule) : rule, endpoint, bound.anchor, []);
    }
  }

  /**
   * A route a wrapper registers for `view` (`add_url_rule(rule, view_func=f)`, `bp.route(rule)(f)`): its rule is
   * one the caller supplied, or every use of the wrapper would register the same one.
   */
  private registerRoute(reader: BoundReader, route: RouteCall, view: SyntaxNode, wrappers: DecoratorUse[]): void {
    const { sub, at, substitute, substituted, keyword, bound } = reader;
    const receiver = sub(route.receiver)[0];
    const target = receiver && this.resolveTarget(at(receiver)[0], receiver, at(receiver)[1]);
    if (!target || target.kind === 'api') return;
    const ruleNode = sub(route.parts.positional[0] ?? route.parts.keywords.get('rule'))[0];
    const rule = ruleNode && this.ruleText(at(ruleNode)[0], ruleNode, at(ruleNode)[1], 0, substituted.has(ruleNode) ? undefined : substitute);
    const viewNode = sub(view)[0];
    if (rule === undefined || !viewNode) return;
    const endpoint = stringValue(sub(route.endpoint ?? route.parts.keywords.get('endpoint'))[0]);
    const methodsNode = route.method === 'route' ? sub(keyword(route.parts, 'methods'))[0] : undefined;
    const methods = route.method === 'route' ? methodsNode && this.methodList(at(methodsNode)[0], methodsNode, at(methodsNode)[1]) : [ROUTE_METHODS[route.method]!];
    const [file, scope] = at(viewNode);
    this.viewFuncRoute(file, target, rule, endpoint, methods, viewNode, scope, bound.anchor, wrappers, 0, substituted.has(viewNode) ? undefined : substitute);
  }

  /** `cls.endpoints` in a helper whose `cls` is a class its caller passed: that class's (or a base's) attribute. */
  private passedClassAttribute(node: SyntaxNode, bound: Bound): SyntaxNode | undefined {
    const owner = node.field_('object');
    const [passed] = owner?.type === 'identifier' ? (bound.args.get(owner.text) ?? []) : [];
    const cls = passed && this.workspace.resolveExpression(bound.file, passed, bound.scope);
    const name = node.field_('attribute')?.text;
    if (cls?.kind !== 'class' || !name) return undefined;
    return this.classChain(cls.file, cls.fact).map(({ cls: c }) => c.attributes.get(name)).find((v) => v !== undefined);
  }

  /** `view_func=f`, `view_func=login_required(f)`, `view_func=V.as_view('name')`, or a variable holding one of them. */
  private viewFuncRoute(file: IndexedFile, target: FlaskTarget, rule: string, endpoint: string | undefined, methods: string[] | undefined, viewNode: SyntaxNode, scope: FunctionFact | undefined, registration: SyntaxNode, wrappers: DecoratorUse[], depth = 0, bound?: Substitution): void {
    const parts = callParts(viewNode);
    if (parts) {
      const calleeName = parts.callee.type === 'attribute' ? parts.callee.field_('attribute')?.text : undefined;
      if (calleeName === 'as_view') {
        // In a wrapper, `resource.as_view(name)` names the class and the endpoint its caller passed.
        const [object, objectFile, objectScope] = bound?.(parts.callee.field_('object')!) ?? [parts.callee.field_('object')!, file, scope];
        const cls = this.workspace.resolveExpression(objectFile, object, objectScope);
        if (cls?.kind !== 'class') return;
        const nameNode = parts.positional[0] ?? parts.keywords.get('name');
        const name = stringValue(nameNode && (bound?.(nameNode)?.[0] ?? nameNode)) ?? cls.fact.name;
        this.classRoutes(cls.file, cls.fact, target, rule, endpoint ?? name, registration, wrappers, methods);
        return;
      }
      // A decorator applied at registration: `login_required(export_invoices)`.
      const inner = parts.positional[0];
      if (inner) {
        const use = this.decoratorUse(file, parts.callee, scope);
        this.viewFuncRoute(file, target, rule, endpoint, methods, inner, scope, registration, [...wrappers, use], depth, bound);
      }
      return;
    }
    const fn = this.workspace.resolveExpression(file, viewNode, scope);
    // `status_view = StatusAPI.as_view('status')` registered as `view_func=status_view`: the value is the view.
    // Assigned in a wrapper (`handler = view.as_view(endpoint)`), it still names what the caller passed.
    if (fn?.kind === 'value' && fn.fact.value !== viewNode && depth < 4) {
      const sameScope = fn.file === file && fn.fact.scope === scope;
      this.viewFuncRoute(fn.file, target, rule, endpoint, methods, fn.fact.value, fn.fact.scope, registration, wrappers, depth + 1, sameScope ? bound : undefined);
      return;
    }
    if (fn?.kind !== 'function') return;
    const own = fn.fact.decorators.map((d) => this.decoratorUse(fn.file, decoratorExpression(d)!, fn.fact.enclosing));
    this.addRoute({
      file: fn.file, target, localRule: rule, methods: methods ?? this.methodsAttribute(fn.file, fn.fact) ?? ['GET'], endpoint: endpoint ?? fn.fact.name, view: fn.fact,
      decorators: [...own, ...wrappers], misplaced: [], registration, reportNode: fn.fact.nameNode,
    });
  }

  /** `api_post.methods = ['POST']`: Flask's add_url_rule reads the view's own `methods` when it is given none. */
  private methodsAttribute(file: IndexedFile, fn: FunctionFact): string[] | undefined {
    const set = file.facts.assignments.find((a) => {
      const t = a.target;
      return a.scope === fn.enclosing && t.type === 'attribute' && t.field_('attribute')?.text === 'methods' && t.field_('object')?.text === fn.name;
    });
    return set && this.methodList(file, set.value, set.scope);
  }

  /** A MethodView/View/Resource class: one route per handler method. */
  private classRoutes(file: IndexedFile, cls: ClassFact, target: FlaskTarget, rule: string, endpoint: string, registration: SyntaxNode, wrappers: DecoratorUse[], methods?: string[]): void {
    const chain = this.classChain(file, cls);
    const attr = (name: string) => {
      for (const c of chain) {
        const v = c.cls.attributes.get(name);
        if (v) return { value: v, file: c.file, cls: c.cls };
      }
      return undefined;
    };
    const classDecorators = attr('decorators');
    const common = (sequenceItems(classDecorators?.value) ?? []).map((d) => this.decoratorUse(classDecorators!.file, d, classDecorators!.cls.enclosing));
    const methodDecorators = attr('method_decorators');
    const perMethod = (handler: string): DecoratorUse[] => {
      if (!methodDecorators) return [];
      const v = unwrap(methodDecorators.value);
      const list = v?.type === 'dictionary' ? v.namedChildren.find((p) => p.type === 'pair' && stringValue(p.field_('key'))?.toLowerCase() === handler)?.field_('value') : v;
      return (sequenceItems(list) ?? []).map((d) => this.decoratorUse(methodDecorators.file, d, methodDecorators.cls.enclosing));
    };
    const handlers: { fn: FunctionFact; file: IndexedFile; method: string }[] = [];
    const seen = new Set<string>();
    for (const c of chain) {
      for (const m of c.cls.methods) {
        if (seen.has(m.name)) continue;
        if (HANDLER_METHODS.includes(m.name) || m.name === 'dispatch_request') {
          seen.add(m.name);
          handlers.push({ fn: m, file: c.file, method: m.name });
        }
      }
    }
    const isMethodView = handlers.some((h) => h.method !== 'dispatch_request');
    const dispatcher = isMethodView ? handlers.find((h) => h.method === 'dispatch_request') : undefined;
    const dispatchGuard = dispatcher ? this.methodGuard(dispatcher.file, dispatcher.fn) : [];
    const declared = stringItems(attr('methods')?.value)?.map((m) => m.toUpperCase());
    for (const h of handlers) {
      if (isMethodView && h.method === 'dispatch_request') continue;
      const handlerMethods = h.method === 'dispatch_request' ? (methods ?? declared ?? ['GET']) : [h.method.toUpperCase()];
      if (methods && h.method !== 'dispatch_request' && !methods.includes(h.method.toUpperCase())) continue;
      const own = h.fn.decorators.map((d) => this.decoratorUse(h.file, decoratorExpression(d)!, undefined));
      this.addRoute({
        file: h.file, target, localRule: rule, methods: handlerMethods, endpoint, view: h.fn, viewClass: cls,
        decorators: [...own, ...perMethod(h.method), ...dispatchGuard, ...common, ...wrappers], misplaced: [], registration, reportNode: h.fn.nameNode,
      });
    }
  }

  /**
   * `UsersView.register(app, route_base='/users')`: the routes of a Flask-Classful view (false when the class is none);
   * `row` binds the name a loop gives each class.
   */
  private classfulRoutes(file: IndexedFile, call: CallFact, row: Bound): boolean {
    const object = call.parts.callee.field_('object');
    const cell = object?.type === 'identifier' ? row.args.get(object.text)?.[0] : undefined;
    const [home, homeScope] = (cell && row.homes?.get(cell)) ?? (cell ? [row.file, row.scope] : [file, call.scope]);
    const cls = this.workspace.resolveExpression(home, cell ?? object, homeScope);
    if (cls?.kind !== 'class') return false;
    const chain = this.classChain(cls.file, cls.fact);
    if (!chain.some(({ cls: c, file: f }) => c.bases.some((b) => isFlaskViewBase(this.workspace.resolveDotted(f, b, c.enclosing))))) return false;
    const appNode = call.parts.positional[0] ?? call.parts.keywords.get('app');
    const target = appNode && this.resolveTarget(file, appNode, call.scope);
    if (!target) return true;
    const attr = (name: string) => chain.map(({ cls: c, file: f }) => ({ value: c.attributes.get(name), file: f, cls: c })).find((a) => a.value);
    const setting = (name: string) => this.ruleText(file, call.parts.keywords.get(name), call.scope) ?? (attr(name) && this.ruleText(attr(name)!.file, attr(name)!.value));
    const base = joinRule(setting('route_prefix'), setting('route_base') ?? defaultRouteBase(cls.fact.name));
    const listed = attr('decorators');
    const common = (sequenceItems(listed?.value) ?? []).map((d) => this.decoratorUse(listed!.file, d, listed!.cls.enclosing));
    const methods = new Map<string, { fn: FunctionFact; file: IndexedFile }>();
    for (const { cls: c, file: f } of chain) for (const m of c.methods) if (!methods.has(m.name)) methods.set(m.name, { fn: m, file: f });
    for (const { fn, file: f } of methods.values()) {
      if (!servesRequests(fn)) continue;
      const isRoute = (d: SyntaxNode) => isRouteDecorator(d, (callee) => this.workspace.resolveExpression(f, callee, undefined));
      const own = fn.decorators.filter((d) => !isRoute(d)).map((d) => this.decoratorUse(f, decoratorExpression(d)!, undefined));
      const hooks = hookNames(fn.name).flatMap((name) => {
        const hook = methods.get(name);
        return hook ? this.methodGuard(hook.file, hook.fn) : [];
      });
      const declared = fn.decorators.filter(isRoute).map((d) => {
        const parts = callParts(decoratorExpression(d))!;
        const rule = this.ruleText(f, parts.positional[0] ?? parts.keywords.get('rule'));
        return rule === undefined ? undefined : { rule: joinRule(base, rule), methods: this.methodList(f, parts.keywords.get('methods')) ?? ['GET'], node: d };
      });
      const routes = declared.length ? declared : [{ ...defaultRoute(fn, base), node: call.node }];
      for (const r of routes) {
        if (!r) continue;
        // Each method is its own endpoint, named for itself: the class groups views as a blueprint does.
        this.addRoute({
          file: f, target, localRule: r.rule, methods: r.methods, endpoint: `${cls.fact.name}:${fn.name}`, view: fn,
          decorators: [...own, ...hooks, ...common], misplaced: [], registration: r.node, reportNode: fn.nameNode,
        });
      }
    }
    return true;
  }

  /**
   * A method of a class view that runs before the handler and refuses anonymous callers: Flask-Classful's
   * `before_request`, or a `dispatch_request` a MethodView base overrides to check before it hands over to
   * `super()`. It guards the handlers as a decorator would.
   */
  private methodGuard(file: IndexedFile, fn: FunctionFact): DecoratorUse[] {
    // What runs around the handler (a try that turns its exceptions into answers) checks nothing before it.
    const handsOver = (stmt: SyntaxNode) => stmt.find('call').some((c) => /^super\(.*\)\.dispatch_request$/s.test(callParts(c)?.callee.text ?? ''));
    const kind = this.memo(fn.node, 'method-guard', () => guardKind(fn.node.field_('body'), this.callResolver(file, fn), handsOver));
    return kind === 'guard' || kind === 'fail-open' ? [{ expr: fn.nameNode, file, role: 'authentication' }] : [];
  }

  /** The class and its workspace bases, nearest first. */
  classChain(file: IndexedFile, cls: ClassFact, depth = 0): { cls: ClassFact; file: IndexedFile }[] {
    const out = [{ cls, file }];
    if (depth > 6) return out;
    for (const base of cls.bases) {
      const b = this.workspace.resolveDotted(file, base, cls.enclosing);
      if (b?.kind === 'class' && b.fact !== cls) out.push(...this.classChain(b.file, b.fact, depth + 1));
    }
    return out;
  }

  private addRoute(route: Omit<Route, 'rule'>): void {
    // A factory's own registrations are read in place and again through each call of the factory (`return create_app()`).
    const same = this.routesByView.get(route.view) ?? [];
    if (same.some((r) => isSameRoute(r, route))) return;
    const markers = route.decorators.flatMap((d) => this.markersSetBy(d));
    const added: Route = { ...route, rule: route.localRule, ...(markers.length && { viewMarkers: markers }) };
    this.routes.push(added);
    this.routesByView.set(route.view, [...same, added]);
  }

  /** `def login_exempt(f): f.login_exempt = True; return f`: the attributes a workspace decorator sets on what it decorates. */
  private markersSetBy(use: DecoratorUse): string[] {
    const callee = callParts(use.expr)?.callee ?? use.expr;
    const fn = this.workspace.resolveExpression(use.file, callee, use.scope);
    if (fn?.kind !== 'function') return [];
    return this.memo(fn.fact.node, 'markers', () =>
      fn.fact.node.find('assignment').flatMap((a) => {
        const target = a.field_('left');
        const owner = target?.type === 'attribute' ? target.field_('object') : undefined;
        const def = owner?.type === 'identifier' ? a.ancestor('function_definition') : undefined;
        return def && parameterNames(def).includes(owner!.text) ? [target!.field_('attribute')!.text] : [];
      }),
    );
  }

  /** `app.view_functions['x'] = login_required(app.view_functions['x'])` wraps endpoint x after registration. */
  private applyViewFunctionWraps(files: IndexedFile[]): void {
    for (const file of files) {
      for (const a of file.facts.assignments) {
        const t = a.target;
        if (t.type !== 'subscript' || !dottedName(t.field_('value'))?.endsWith('view_functions')) continue;
        const endpoint = stringValue(t.field_('subscript'));
        const parts = callParts(a.value);
        if (!endpoint || !parts) continue;
        const use = this.decoratorUse(file, parts.callee, a.scope);
        for (const r of this.routes) if (r.endpoint === endpoint || this.fullEndpoint(r) === endpoint) r.decorators.push(use);
      }
    }
  }

  // -------------------------------------------------------------------------
  // Decorators

  decoratorUse(file: IndexedFile, expr: SyntaxNode, scope?: FunctionFact): DecoratorUse {
    return { expr, file, ...(scope && { scope }), role: this.decoratorRole(file, expr, scope) };
  }

  /** Authentication, authorisation only, or neither: by name, by setting, or inferred from the body. */
  private decoratorRole(file: IndexedFile, expr: SyntaxNode, scope?: FunctionFact): DecoratorRole {
    if (isOptionalAuth(expr)) return 'none';
    const callee = callParts(expr)?.callee ?? expr;
    const name = dottedName(callee) ?? nameThroughCall(callee);
    const key = `${file.path}#${scope?.qualname ?? ''}#${name}`;
    const cached = this.decoratorCache.get(key);
    if (cached) return cached;
    this.decoratorCache.set(key, 'none'); // recursion guard
    let role: DecoratorRole = 'none';
    let binding = name ? this.workspace.resolveDotted(file, name, scope) : undefined;
    // An instance of a workspace class used as a decorator (Authlib's `ResourceProtector` pattern): its `__call__` decides.
    if (binding?.kind === 'value') binding = this.workspace.resolveDotted(file, `${name}.__call__`, scope) ?? binding;
    const byName = roleByName(binding?.kind === 'external' ? binding.qualified : name, this.settings.authDecorators) ?? roleByName(name, this.settings.authDecorators);
    if (binding?.kind === 'function') {
      const inferred = this.inferDecorator(binding.file, binding.fact);
      if (inferred === 'guard' || inferred === 'fail-open') role = byName === 'authorization' && !this.wrapperEstablishesIdentity(binding.file, binding.fact) ? 'authorization' : 'authentication';
      else if (inferred === 'optional') role = 'none';
      // A project function named like a known decorator is one only if its wrapper can turn a request away.
      else role = byName && !this.wrapperLetsEveryoneThrough(binding.file, binding.fact) ? byName : 'none';
    } else if (!byName && binding?.kind === 'class' && callParts(expr)) {
      // `@LoginRequired('login')`: an instance of a workspace class decorates the view through its `__call__`.
      const inferred = this.inferClassDecorator(binding.file, binding.fact);
      role = inferred === 'guard' || inferred === 'fail-open' ? 'authentication' : 'none';
    } else if (!byName && binding?.kind === 'value' && isDecoratorAlias(binding.fact)) {
      // `restricted = roles_accepted('admin')`, then `@restricted`: the decorator the name was bound to.
      role = this.decoratorRole(binding.file, binding.fact.value, binding.fact.scope);
    } else role = byName ?? 'none';
    this.decoratorCache.set(key, role);
    return role;
  }

  /**
   * A decorator defined in the workspace authenticates when its wrapper
   * rejects the request before calling the view. Factories (`roles('x')`)
   * are followed to the innermost wrapper.
   */
  inferDecorator(file: IndexedFile, fn: FunctionFact): GuardKind {
    return this.memo(fn.node, 'decorator', () => this.inferWrapper(file, fn));
  }

  /** The wrapper checks who the caller is, in its body or by an authentication decorator of its own (`@jwt_required()` on it). */
  private wrapperEstablishesIdentity(file: IndexedFile, fn: FunctionFact): boolean {
    return this.memo(fn.node, 'identity', () => {
      const wrapper = this.findWrapper(file, fn, 0);
      if (!wrapper) return false;
      return (
        establishesIdentity(wrapper.node.field_('body')) ||
        wrapper.decorators.some((d) => {
          const expr = decoratorExpression(d);
          return !!expr && this.decoratorUse(file, expr, wrapper.enclosing).role === 'authentication';
        })
      );
    });
  }

  private wrapperLetsEveryoneThrough(file: IndexedFile, fn: FunctionFact): boolean {
    const wrapper = this.findWrapper(file, fn, 0);
    if (!wrapper) return false;
    const view = new Set<string>();
    for (let f = wrapper.enclosing; f; f = f.enclosing) f.params.forEach((p) => view.add(p));
    return letsEveryoneThrough(wrapper.node.field_('body'), view, this.callResolver(file, wrapper));
  }

  private inferWrapper(file: IndexedFile, fn: FunctionFact): GuardKind {
    const wrapper = this.findWrapper(file, fn, 0);
    return wrapper ? this.wrapperGuard(wrapper, wrapper.enclosing, this.callResolver(file, wrapper)) : 'none';
  }

  /** How `wrapper` treats the request before it calls the view, one of the parameters of `holders` (the functions around it, or itself). */
  private wrapperGuard(wrapper: FunctionFact, holders: FunctionFact | undefined, calls: CallResolver): GuardKind {
    const viewParams = new Set<string>();
    for (let f = holders; f; f = f.enclosing) f.params.forEach((p) => viewParams.add(p));
    const callsView = (stmt: SyntaxNode) => stmt.find('call').some((c) => viewParams.has(callParts(c)?.name ?? '')) && !stmt.find('if_statement', 'try_statement').length;
    return guardKind(wrapper.node.field_('body'), calls, callsView);
  }

  /**
   * A class whose instances decorate views: its (or a base's) `__call__` wraps the view. A base's wrapper
   * may hand the view to a method each subclass overrides (`return self.check(view, *args)`): that
   * method, as the subclass defines it, is the guard.
   */
  private inferClassDecorator(file: IndexedFile, cls: ClassFact): GuardKind {
    return this.memo(cls.node, 'class-decorator', () => {
      const chain = this.classChain(file, cls);
      const method = (name: string) => chain.map(({ cls: c, file: f }) => ({ file: f, fact: c.methods.find((m) => m.name === name) })).find((m) => m.fact);
      const call = method('__call__');
      if (!call?.fact) return 'none';
      // `self.x(...)` is the method as the decorating class (not the base that calls it) defines it.
      const calls = (fn: { file: IndexedFile; fact: FunctionFact }): CallResolver => (c) => {
        const name = /^self\.(\w+)$/.exec(callParts(c)?.name ?? '')?.[1];
        return name ? method(name)?.fact?.node.field_('body') : this.callResolver(fn.file, fn.fact)(c);
      };
      const wrapper = this.findWrapper(call.file, call.fact, 0);
      if (wrapper) return this.wrapperGuard(wrapper, wrapper.enclosing, calls({ file: call.file, fact: wrapper }));
      const viewParam = call.fact.params[1];
      const handOff = call.file.facts.functions
        .filter((f) => f.enclosing === call.fact)
        .flatMap((f) => f.node.find('call'))
        .map((c) => callParts(c))
        .find((p) => /^self\.\w+$/.test(p?.name ?? '') && p!.positional.some((a) => a.text === viewParam));
      const target = handOff && method(handOff.name!.slice('self.'.length));
      return target?.fact ? this.wrapperGuard(target.fact, target.fact, calls({ file: target.file, fact: target.fact })) : 'none';
    });
  }

  /** The innermost nested function that calls one of its enclosing functions' parameters. */
  private findWrapper(file: IndexedFile, fn: FunctionFact, depth: number): FunctionFact | undefined {
    if (depth > 3) return undefined;
    const inner = file.facts.functions.filter((f) => f.enclosing === fn);
    for (const f of inner) {
      const outerParams = new Set<string>();
      for (let o: FunctionFact | undefined = fn; o; o = o.enclosing) o.params.forEach((p) => outerParams.add(p));
      const calls = f.node.find('call').some((c) => outerParams.has(callParts(c)?.name ?? ''));
      if (calls) return f;
      const deeper = this.findWrapper(file, f, depth + 1);
      if (deeper) return deeper;
    }
    return undefined;
  }

  /** Resolves calls in `fn`'s body to workspace functions' bodies (one level of helpers). */
  callResolver(file: IndexedFile, fn: FunctionFact | undefined): CallResolver {
    return (call) => {
      const parts = callParts(call);
      if (!parts) return undefined;
      if (!parts.name) return this.superMethod(file, fn, parts.callee);
      const b = this.workspace.resolveDotted(file, parts.name, fn);
      if (b?.kind === 'function') return b.fact.node.field_('body');
      if (b?.kind === 'value' && this.wrapsInAuthentication(b.file, b.fact)) return 'authenticates';
      // `self.prepare_edit(...)` in a view method: the class's own (or inherited) method.
      const method = /^self\.(\w+)$/.exec(parts.name)?.[1];
      const cls = method && fn?.className ? file.facts.classes.find((c) => c.methods.includes(fn)) : undefined;
      const found = cls && this.classChain(file, cls).flatMap(({ cls: c }) => c.methods).find((m) => m.name === method);
      return found ? found.node.field_('body') : undefined;
    };
  }

  /**
   * `super().post(name)` or `super(Cls, self).post(name)` in a class view's handler: the method of that name
   * further up the class chain (past `Cls` when it is named), where a base view keeps the check it hands down.
   */
  private superMethod(file: IndexedFile, fn: FunctionFact | undefined, callee: SyntaxNode): SyntaxNode | undefined {
    const sup = callee.type === 'attribute' ? callParts(callee.field_('object')) : undefined;
    const method = callee.field_('attribute')?.text;
    const cls = sup?.name === 'super' && fn?.className ? file.facts.classes.find((c) => c.methods.includes(fn)) : undefined;
    if (!cls || !method) return undefined;
    const chain = this.classChain(file, cls);
    const named = sup!.positional[0]?.text;
    const from = Math.max(0, named ? chain.findIndex(({ cls: c }) => c.name === named) : 0);
    return chain.slice(from + 1).flatMap(({ cls: c }) => c.methods).find((m) => m.name === method)?.node.field_('body');
  }

  /**
   * `check = auth.login_required(lambda: None)`: a callable that an authentication decorator wraps, kept to be
   * called from a hook (Flask-HTTPAuth offers no other way to run its check there).
   */
  private wrapsInAuthentication(file: IndexedFile, value: AssignmentFact): boolean {
    const parts = callParts(value.value);
    return !!parts && parts.positional.length === 1 && this.decoratorUse(file, parts.callee, value.scope).role === 'authentication';
  }

  /** A result for a syntax node that holds as long as the node (its statement) and the epoch do. */
  private memo<T>(node: SyntaxNode, kind: string, compute: () => T): T {
    let byKind = NODE_MEMO.get(node);
    const hit = byKind?.get(kind);
    if (hit && hit.epoch === this.epoch) return hit.value as T;
    const value = compute();
    if (!byKind) NODE_MEMO.set(node, (byKind = new Map()));
    byKind.set(kind, { epoch: this.epoch, value });
    return value;
  }

  // -------------------------------------------------------------------------
  // Prefixes, endpoints, ancestry

  /** Parent registrations of a target; a blueprint registered nowhere is assumed served by every app. */
  parentsOf(target: FlaskTarget): Registration[] {
    return this.registrations.filter((r) => r.child === target);
  }

  /** A blueprint registered more than once serves each of its routes once per registration. */
  private servePerRegistration(): void {
    const out: Route[] = [];
    for (const route of this.routes) {
      const mount = mountPoint(route.target);
      const regs = mount.kind === 'blueprint' ? this.parentsOf(mount) : [];
      if (regs.length < 2) out.push(route);
      else for (const via of regs) out.push({ ...route, via });
    }
    this.routes.splice(0, this.routes.length, ...out);
  }

  /** `via`: the registration of the route's own blueprint to follow (else the first). */
  prefixOf(target: FlaskTarget, depth = 0, via?: Registration): string | undefined {
    if (target.kind === 'api') return joinRule(target.base ? this.prefixOf(target.base, depth + 1, via) : undefined, target.urlPrefix);
    if (target.kind !== 'blueprint' || depth > 8) return undefined;
    const reg = via ?? this.parentsOf(target)[0];
    const own = reg?.urlPrefix ?? target.urlPrefix;
    const parent = reg ? this.prefixOf(reg.parent, depth + 1) : undefined;
    return parent || own ? joinRule(parent, own) : undefined;
  }

  /** `bp.view` for blueprint routes, nested blueprints dotted (`api.uploads.view`). */
  fullEndpoint(route: Route): string {
    const names: string[] = [];
    let t: FlaskTarget | undefined = mountPoint(route.target);
    for (let depth = 0; t && t.kind === 'blueprint' && depth < 8; depth++) {
      const reg: Registration | undefined = depth === 0 && route.via ? route.via : this.parentsOf(t)[0];
      names.unshift(reg?.name ?? t.name);
      t = reg?.parent;
    }
    return [...names, route.endpoint].join('.');
  }

  /** The target and everything it is (transitively) registered under. */
  ancestors(target: FlaskTarget): FlaskTarget[] {
    const out: FlaskTarget[] = [];
    const queue = [mountPoint(target)];
    while (queue.length) {
      const t = queue.shift()!;
      if (out.includes(t)) continue;
      out.push(t);
      const parents = this.parentsOf(t).map((r) => r.parent);
      queue.push(...parents);
    }
    return out;
  }

  /** Routes registered on a target (siblings for FG102). */
  routesOf(target: FlaskTarget): Route[] {
    if (!this.byTarget) {
      this.byTarget = new Map();
      for (const r of this.routes) this.byTarget.set(r.target, [...(this.byTarget.get(r.target) ?? []), r]);
    }
    return this.byTarget.get(target) ?? [];
  }

  /** Routes a hook runs for. */
  routesCoveredBy(hook: Hook): Route[] {
    if (!this.byHook) {
      this.byHook = new Map(this.hooks.map((h) => [h, []]));
      for (const r of this.routes) for (const h of this.hooksFor(r)) this.byHook.get(h)?.push(r);
    }
    return this.byHook.get(hook) ?? [];
  }

  /** Hooks that run before this route's view. */
  hooksFor(route: Route): Hook[] {
    return this.hooks.filter(this.runsBefore(route));
  }

  /** Does a `before_request` registered on `target` (for the whole app or not) run before this route's view? */
  private runsBefore(route: Route): (hook: { target: FlaskTarget; appWide: boolean }) => boolean {
    const chain = this.ancestors(route.target);
    const apps = chain.filter((t) => t.kind === 'app' || t.kind === 'unknown');
    // Unregistered blueprints and routes on unknown receivers: any app may serve them. With several
    // apps in the project, the hooks of one (a second app with its own admin guard) are not assumed
    // to run for them.
    const anyApp = apps.length === 0 || apps.every((t) => t.kind === 'unknown');
    const knownApps = this.knownApps();
    return (h) => {
      if (chain.includes(h.target)) return true;
      if (!h.appWide) return false;
      if (anyApp) return knownApps <= 1 || this.ancestors(h.target).every((t) => t.kind !== 'app');
      const hookApps = this.ancestors(h.target).filter((t) => t.kind === 'app' || t.kind === 'unknown');
      return hookApps.length === 0 || hookApps.some((t) => t.kind === 'unknown' || apps.includes(t));
    };
  }

  private appCount: number | undefined;

  private knownApps(): number {
    return (this.appCount ??= [...this.targets.values()].filter((t) => t.kind === 'app').length);
  }

  /** Hook decorators wrap every view their hook runs for (before routes are copied per registration). */
  private applyHookDecorators(): void {
    if (!this.hookDecorators.length) return;
    for (const route of this.routes) {
      const runs = this.runsBefore(route);
      for (const h of this.hookDecorators) if (runs(h)) route.decorators.push(h.use);
    }
  }

  // -------------------------------------------------------------------------
  // Authentication of a route

  auth(route: Route): RouteAuth {
    let result = this.authCache.get(route);
    if (result) return result;
    const protectedBy: RouteAuth['protectedBy'] = [];
    const roles = route.decorators.map((d) => d.role);
    if (roles.includes('authentication')) protectedBy.push('decorator');
    if (roles.includes('authorization')) protectedBy.push('authorization');
    const body = this.memo(route.view.node, 'view', () => guardKind(route.view.node.field_('body'), this.callResolver(route.file, route.view)));
    if (body === 'guard' || body === 'fail-open') protectedBy.push('body');
    const hooks = this.hooksFor(route).filter((h) => h.guard.enforces);
    const endpoint = this.fullEndpoint(route);
    const methods = route.methods.includes('GET') && !route.methods.includes('HEAD') ? [...route.methods, 'HEAD'] : route.methods;
    const unguarded = methods.filter((m) => !hooks.some((h) => guardsRequest(h.guard, m, route, endpoint)));
    if (unguarded.length < methods.length) protectedBy.push('hook');
    const openMethods = protectedBy.some((p) => p !== 'hook') ? [] : unguarded;
    result = {
      openMethods,
      protectedBy,
      hooks,
      sensitive: isSensitive(route.rule, route.view.name, route.methods),
      publicByNature:
        routeNames(route).some((name) =>
          // `bp.add_url_rule('', ...)` serves the blueprint's own prefix: with that prefix unknown, the route is no index.
          isPublicByNature(route.localRule === '' && mountPoint(route.target).kind === 'unknown' ? '/<prefix>' : route.rule, name, route.methods) ||
          isPasswordResetRequest(route.rule, name, route.view.node.text) ||
          isAccountConfirmation(route.rule, name, route.view.node.text)) ||
        isSignUp(route.rule, route.methods, route.view.node.text) ||
        isSessionLogin(route.rule, route.methods, route.view.node.text) ||
        (body !== 'guard' && failsEveryRequest(route.view.node.field_('body'))) ||
        this.settings.publicRoutes.some((p) => matchesPublicSetting(p, route.rule, endpoint)),
    };
    this.authCache.set(route, result);
    return result;
  }
}

/**
 * What a route is called: its view, and the endpoint it is registered under when that is a plain name of
 * its own (`bp.route(url, endpoint='login')(send_login)`: the app knows the view as its login).
 */
function routeNames(route: Route): string[] {
  const view = route.viewClass?.name ?? route.view.name;
  return /^\w+$/.test(route.endpoint) && route.endpoint !== view ? [view, route.endpoint] : [view];
}

/** The same view under the same rule, methods and decorators of the same app or blueprint: one route, however often it was read. */
function isSameRoute(a: Omit<Route, 'rule'>, b: Omit<Route, 'rule'>): boolean {
  const exprs = (r: Omit<Route, 'rule'>) => r.decorators.map((d) => d.expr);
  return a.target === b.target && a.localRule === b.localRule && a.endpoint === b.endpoint && a.viewClass === b.viewClass &&
    a.methods.join() === b.methods.join() && exprs(a).length === exprs(b).length && exprs(a).every((e, i) => e === exprs(b)[i]);
}

/** The app or blueprint an Api (or a Namespace of an Api) is mounted on. */
function mountPoint(target: FlaskTarget): FlaskTarget {
  let t = target;
  for (let depth = 0; t.kind === 'api' && t.base && depth < 4; depth++) t = t.base;
  return t;
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

/** Values for names in a registration call, and where they were written. */
const NODE_MEMO = new WeakMap<SyntaxNode, Map<string, { epoch: number; value: unknown }>>();

/**
 * Functions Flask runs before a view, and whether they run for the whole app (`before_app_request`).
 * A `url_value_preprocessor` runs first of all and may refuse as well (ihatemoney's project guard).
 */
const HOOK_METHODS = new Map([
  ['before_request', false],
  ['before_app_request', true],
  ['url_value_preprocessor', false],
  ['app_url_value_preprocessor', true],
]);

/** What a name in a wrapper stands for at its call site: the node written there, in its file and scope. */
/** `Permission(RoleNeed('admin')).require`: a method of an object built in place, named through its class (`Permission.require`). */
function nameThroughCall(callee: SyntaxNode): string | undefined {
  const object = callee.type === 'attribute' ? callParts(callee.field_('object')) : undefined;
  const base = object && dottedName(object.callee);
  return base ? `${base}.${callee.field_('attribute')!.text}` : undefined;
}

type Substitution = (node: SyntaxNode) => [SyntaxNode, IndexedFile, FunctionFact | undefined] | undefined;

/** Reads a call written in a wrapper, with the names its caller bound (see `substitution`). */
interface BoundReader {
  bound: Bound;
  /** What a node stands for at the caller: the nodes passed for a parameter, a table's cell, or the node itself. */
  sub(node: SyntaxNode | undefined): SyntaxNode[];
  /** Where a node was written (its file and scope). */
  at(node: SyntaxNode): [IndexedFile, FunctionFact | undefined];
  substitute: Substitution;
  substituted: ReadonlySet<SyntaxNode>;
  keyword(call: CallParts, name: string): SyntaxNode | undefined;
}

/** A route registration read from a call: `bp.route('/x', methods=[...])`, `bp.post('/x')`, `bp.add_url_rule(...)`. */
interface RouteCall {
  receiver: SyntaxNode;
  /** `route`, or one of ROUTE_METHODS' names (`post`...), which fixes the method. */
  method: string;
  parts: CallParts;
  /** Where the endpoint is written, when not in an `endpoint=` keyword (add_url_rule's second argument). */
  endpoint?: SyntaxNode | undefined;
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

/** A call's arguments by the parameter of `fn` that receives them (`*rest` takes the remaining positionals); `self` for a method. */
function argumentsOf(fn: FunctionFact, parts: CallParts, self?: SyntaxNode): Map<string, SyntaxNode[]> {
  const args = new Map<string, SyntaxNode[]>();
  const skip = self ? 1 : 0;
  if (self) args.set(fn.params[0]!, [self]);
  const kinds = fn.node.field_('parameters')?.namedChildren.filter((c) => c.type !== 'comment').map((c) => c.type) ?? [];
  fn.params.slice(skip).forEach((p, i) => {
    const kind = kinds[i + skip];
    if (kind === 'list_splat_pattern') args.set(p, parts.positional.slice(i));
    // `**options`: the keywords no other parameter takes, each still under its `keyword_argument`.
    else if (kind === 'dictionary_splat_pattern') args.set(p, [...parts.keywords].filter(([k]) => !fn.params.includes(k)).map(([, v]) => v));
    else {
      const arg = parts.positional[i] ?? parts.keywords.get(p);
      if (arg) args.set(p, [arg]);
    }
  });
  return args;
}

/** What stands in a rule for a part that cannot be known (no route-word test reads it). */
function placeholder(part: SyntaxNode | undefined): string {
  return `<${dottedName(part) ?? 'value'}>`;
}

interface Bound {
  args: Map<string, SyntaxNode[]>;
  file: IndexedFile;
  scope: FunctionFact | undefined;
  /** The node that registers the route (the loop's call, or the wrapper call). */
  anchor: SyntaxNode;
  /** Where bound nodes written outside `file` live: the rows of a table imported from another module. */
  homes?: Map<SyntaxNode, [IndexedFile, FunctionFact | undefined]>;
}

/** The target an assignment creates; class attributes (`class UserDto: api = Namespace(...)`) are named by their class. */
function targetId(file: IndexedFile, fact: AssignmentFact): string {
  return `${file.path}#${fact.scope ? fact.scope.qualname + '.' : ''}${fact.className ? fact.className + '.' : ''}${fact.names[0]}`;
}

/** Does the hook's check run for this request? */
export function guardsRequest(guard: HookGuard, method: string, route: Route, endpoint: string): boolean {
  if (guard.checkedMethods && !guard.checkedMethods(method)) return false;
  if (guard.exemptEndpoints.includes(endpoint) || guard.exemptEndpoints.includes(route.endpoint)) return false;
  if (guard.exemptBlueprints.some((b) => endpoint.startsWith(b + '.'))) return false;
  if (guard.exemptPaths.includes(route.rule)) return false;
  if (route.viewMarkers?.some((m) => guard.exemptMarkers.includes(m))) return false;
  const staticPart = route.rule.split('<')[0]!;
  if (guard.exemptPathPrefixes.some((p) => staticPart.startsWith(p) || (route.rule.startsWith(p.split('<')[0]!) && p.length <= staticPart.length))) return false;
  return true;
}

/** `restricted = roles_accepted('admin')`, `guard = auth.login_required`: a plain name bound once to a decorator, at module level. */
function isDecoratorAlias(fact: AssignmentFact): boolean {
  const value = unwrap(fact.value);
  return fact.names.length === 1 && fact.target.type === 'identifier' && !fact.scope && !fact.className && !!value && ['call', 'attribute', 'identifier'].includes(value.type);
}

/** `pattern[1]` where the loop binds `pattern` to one row of a table: that row's cell. */
function boundCell(node: SyntaxNode | undefined, bound: Bound): SyntaxNode | undefined {
  if (node?.type !== 'subscript') return undefined;
  const rows = bound.args.get(node.field_('value')?.text ?? '');
  const index = intValue(node.field_('subscript'));
  return rows?.length === 1 && index !== undefined ? sequenceItems(unwrap(rows[0]))?.[index] : undefined;
}

/** The string whose words `<string>.split()` makes. */
function splitSubject(node: SyntaxNode): SyntaxNode | undefined {
  const callee = callParts(node)?.callee;
  return callee?.type === 'attribute' && callee.field_('attribute')?.text === 'split' ? callee.field_('object') ?? undefined : undefined;
}
