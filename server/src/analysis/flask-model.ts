/**
 * The Flask model of a workspace: apps, blueprints (nested, registered in
 * other modules), every form of route, the decorators that really wrap each
 * view, and the before_request hooks that guard it.
 */
import { pushTo } from './multimap';
import type { DecoratorRole, HookGuard } from './auth';
import { selfInstances } from './blueprint-subclasses';
import { DecoratorRoles } from './decorator-roles';
import { collectCallHooks } from './hooks';
import type { CallFact, ClassFact, FunctionFact } from './facts';
import { lastName } from './python';
import { collectRegistrations, neverServed } from './registrations';
import { inRequestScope, routeAuth } from './route-auth';
import { applyViewFunctionWraps, collectRoutes } from './route-collection';
import { joinRule } from './routes';
import type { SyntaxNode } from './syntax';
import { bindApiBases, collectNamespaces, collectTargets, mountPoint, resolveTarget } from './target-resolution';
import type { IndexedFile, Workspace } from './workspace';

export interface ModelSettings {
  /** Extra authentication decorator names (`flaskGuard.authDecorators`). */
  authDecorators: readonly string[];
  /** Rules, globs or endpoints that are public by design (`flaskGuard.publicRoutes`). */
  publicRoutes: readonly string[];
}

export type TargetKind = 'app' | 'blueprint' | 'api' | 'unknown';

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
  /** Served without `register_blueprint`: a Flask-AppBuilder view class's own blueprint. */
  selfMounted?: boolean;
  /** Flask-RESTful/RESTX `Api(..., decorators=[...])`, RESTX `Namespace(..., decorators=[...])`: they wrap every resource. */
  decorators?: { list: SyntaxNode; file: IndexedFile; scope?: FunctionFact };
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

export class FlaskModel {
  readonly targets = new Map<string, FlaskTarget>();
  readonly registrations: Registration[] = [];
  /** Some registration could not be read (an unresolved blueprint, a module loaded by name): any blueprint may be served. */
  registrationsUnread = false;
  /**
   * Modules missing from the files read that a registration takes its blueprint from (`from apps.cms import bp`, the
   * package's `__init__.py` absent): any blueprint in a module under them may be the one registered.
   */
  readonly unseenRegistrars: string[] = [];
  readonly routes: Route[] = [];
  /**
   * The files whose apps, routes and hooks are served: test code (throwaway apps in fixtures, routes declared in a
   * test to exercise a decorator, a conftest hook that logs a test user in) never is, and its extra apps would
   * change which hooks reach the product's unregistered blueprints.
   */
  readonly files: IndexedFile[];
  private readonly routesByView = new Map<FunctionFact, Route[]>();
  readonly hooks: Hook[] = [];
  /**
   * `bp.before_request(login_required(lambda: None))`: a decorator every view the hook runs for is behind, but for
   * the full rules the hook lets through (dash-auth's `public_routes`).
   */
  readonly hookDecorators: { target: FlaskTarget; appWide: boolean; use: DecoratorUse; publicRules?: string[] }[] = [];
  /** Rules added to the public ones of every exempting hook decorator on a target (dash-auth's `add_public_routes(app, [...])`). */
  readonly addedPublicRules: { target: FlaskTarget; rules: string[] }[] = [];
  /** The role of each decorator, and how guard inference resolves calls (see decorator-roles.ts). */
  readonly roles: DecoratorRoles;
  private readonly authCache = new Map<Route, RouteAuth>();
  private byTarget: Map<FlaskTarget, Route[]> | undefined;
  private byHook: Map<Hook, Route[]> | undefined;

  /**
   * `epoch` names the workspace interface (definitions, imports, helper
   * summaries) this model is built on: per-node results computed under the
   * same epoch are reused, so a keystroke in one view re-reads only that view.
   */
  constructor(readonly workspace: Workspace, readonly settings: ModelSettings, readonly epoch = NaN) {
    this.roles = new DecoratorRoles(workspace, settings.authDecorators, epoch);
    const files = (this.files = [...workspace.all()].filter((f) => !f.inTests));
    // Each phase reads what the one before found in every file: a namespace or an Api may name a target of a module that sorts after its own.
    for (const file of files) collectTargets(this, file);
    for (const file of files) collectNamespaces(this, file);
    for (const file of files) bindApiBases(this, file);
    for (const file of files) collectRegistrations(this, file);
    for (const file of files) collectCallHooks(this, file);
    for (const file of files) collectRoutes(this, file);
    applyViewFunctionWraps(this, files);
    this.applyHookDecorators();
    this.servePerRegistration();
    for (const route of this.routes) route.rule = joinRule(this.prefixOf(route.target, 0, route.via), route.localRule);
    this.openPublicRules();
  }

  /** The target an expression names (see target-resolution.ts). */
  resolveTarget(file: IndexedFile, expr: SyntaxNode, scope?: FunctionFact, depth = 0): FlaskTarget | undefined {
    return resolveTarget(this, file, expr, scope, depth);
  }

  /** The targets a route's or hook's receiver names: for `self` in a Flask or Blueprint subclass, each one it makes. */
  resolveTargets(file: IndexedFile, expr: SyntaxNode, scope?: FunctionFact): FlaskTarget[] {
    return selfInstances(this, file, expr, scope) ?? [this.resolveTarget(file, expr, scope)].filter((t) => t !== undefined);
  }

  /** A decorator expression with its role (see decorator-roles.ts). */
  decoratorUse(file: IndexedFile, expr: SyntaxNode, scope?: FunctionFact): DecoratorUse {
    return this.roles.decoratorUse(file, expr, scope);
  }

  private sites: Map<FunctionFact, { file: IndexedFile; call: CallFact }[]> | undefined;

  /** Where workspace functions are called (for helpers that receive the app, a blueprint or a view). */
  callSites(fn: FunctionFact): { file: IndexedFile; call: CallFact }[] {
    if (!this.sites) {
      this.sites = new Map();
      const names = new Set<string>();
      for (const f of this.files) for (const d of f.facts.functions) names.add(d.name);
      for (const f of this.files) {
        for (const call of f.facts.calls) {
          if (!names.has(lastName(call.parts.name) ?? '')) continue;
          const b = this.workspace.resolveExpression(f, call.parts.callee, call.scope);
          if (b?.kind !== 'function') continue;
          pushTo(this.sites, b.fact, { file: f, call });
        }
      }
    }
    return this.sites.get(fn) ?? [];
  }

  /** Adds a route as collected (its rule gets its prefixes once every registration is known). */
  addRoute(route: Omit<Route, 'rule'>): void {
    // A factory's own registrations are read in place and again through each call of the factory (`return create_app()`).
    if (this.routesByView.get(route.view)?.some((r) => isSameRoute(r, route))) return;
    const markers = route.decorators.flatMap((d) => this.roles.markersSetBy(d));
    const added: Route = { ...route, rule: route.localRule, ...(markers.length && { viewMarkers: markers }) };
    this.routes.push(added);
    pushTo(this.routesByView, route.view, added);
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

  /** False for a route of a blueprint no app registers (see `neverServed`): Flask dispatches nothing to it. */
  dispatches(route: Route): boolean {
    return !neverServed(this, route.target);
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
      // A blueprint registered through an Api (flask-smorest) is served by the app the Api is mounted on.
      const parents = this.parentsOf(t).map((r) => mountPoint(r.parent));
      queue.push(...parents);
    }
    return out;
  }

  /** Routes registered on a target (siblings for FG102). */
  routesOf(target: FlaskTarget): Route[] {
    if (!this.byTarget) {
      this.byTarget = new Map();
      for (const r of this.routes) pushTo(this.byTarget, r.target, r);
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

  /** Hooks that run before this route's view, leaving out those whose check is confined to other requests. */
  hooksFor(route: Route): Hook[] {
    const endpoint = this.fullEndpoint(route);
    return this.hooks.filter(this.runsBefore(route)).filter((h) => inRequestScope(h.guard.scope, route, endpoint));
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

  /** A hook decorator that exempts some rules leaves them out, once their full rules are known. */
  private openPublicRules(): void {
    const exempting = this.hookDecorators
      .filter((h) => h.publicRules)
      .map((h) => ({ use: h.use, rules: [...h.publicRules!, ...this.addedPublicRules.filter((a) => a.target === h.target).flatMap((a) => a.rules)] }));
    if (!exempting.some((h) => h.rules.length)) return;
    for (const route of this.routes) {
      const exempt = new Set(exempting.filter((h) => h.rules.includes(route.rule)).map((h) => h.use));
      if (exempt.size) route.decorators = route.decorators.filter((d) => !exempt.has(d));
    }
  }

  // -------------------------------------------------------------------------
  // Authentication of a route

  auth(route: Route): RouteAuth {
    let result = this.authCache.get(route);
    if (!result) {
      result = routeAuth(this, route);
      this.authCache.set(route, result);
    }
    return result;
  }
}

/** The same view under the same rule, methods and decorators of the same app or blueprint: one route, however often it was read. */
function isSameRoute(a: Omit<Route, 'rule'>, b: Omit<Route, 'rule'>): boolean {
  const exprs = (r: Omit<Route, 'rule'>) => r.decorators.map((d) => d.expr);
  return a.target === b.target && a.localRule === b.localRule && a.endpoint === b.endpoint && a.viewClass === b.viewClass &&
    a.methods.join() === b.methods.join() && exprs(a).length === exprs(b).length && exprs(a).every((e, i) => e === exprs(b)[i]);
}
