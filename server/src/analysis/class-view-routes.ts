/** Routes of class views: MethodView/View/Resource (one route per handler method) and Flask-Classful's `register`. */
import { guardKind } from './auth';
import type { CallFact, ClassFact, FunctionFact } from './facts';
import { defaultAppBuilderBase, isAppBuilderViewBase, isExpose } from './flask-appbuilder';
import { defaultRoute, defaultRouteBase, hookNames, isFlaskViewBase, isRouteDecorator, servesRequests } from './flask-classful';
import type { DecoratorUse, FlaskModel, FlaskTarget } from './flask-model';
import { memo } from './node-memo';
import { callParts, decoratorExpression, sequenceItems, stringItems, stringValue, unwrap } from './python';
import type { Bound } from './route-bindings';
import { methodList, ruleText } from './rule-text';
import { joinRule } from './routes';
import type { SyntaxNode } from './syntax';
import type { IndexedFile } from './workspace';

export const HANDLER_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'];

/** A MethodView/View/Resource class: one route per handler method. */
export function classRoutes(model: FlaskModel, file: IndexedFile, cls: ClassFact, target: FlaskTarget, rule: string, endpoint: string, registration: SyntaxNode, wrappers: DecoratorUse[], methods?: string[], misplaced: DecoratorUse[] = []): void {
  const chain = model.workspace.classChain(file, cls);
  const attr = (name: string) => {
    for (const c of chain) {
      const v = c.cls.attributes.get(name);
      if (v) return { value: v, file: c.file, cls: c.cls };
    }
    return undefined;
  };
  const classDecorators = attr('decorators');
  const common = (sequenceItems(classDecorators?.value) ?? []).map((d) => model.decoratorUse(classDecorators!.file, d, classDecorators!.cls.enclosing));
  const methodDecorators = attr('method_decorators');
  const perMethod = (handler: string): DecoratorUse[] => {
    if (!methodDecorators) return [];
    const v = unwrap(methodDecorators.value);
    const list = v?.type === 'dictionary' ? v.namedChildren.find((p) => p.type === 'pair' && stringValue(p.field_('key'))?.toLowerCase() === handler)?.field_('value') : v;
    return (sequenceItems(list) ?? []).map((d) => model.decoratorUse(methodDecorators.file, d, methodDecorators.cls.enclosing));
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
  const dispatchGuard = dispatcher ? methodGuard(model, dispatcher.file, dispatcher.fn) : [];
  const declared = stringItems(attr('methods')?.value)?.map((m) => m.toUpperCase());
  for (const h of handlers) {
    if (isMethodView && h.method === 'dispatch_request') continue;
    const handlerMethods = h.method === 'dispatch_request' ? (methods ?? declared ?? ['GET']) : [h.method.toUpperCase()];
    if (methods && h.method !== 'dispatch_request' && !methods.includes(h.method.toUpperCase())) continue;
    const own = h.fn.decorators.map((d) => model.decoratorUse(h.file, decoratorExpression(d)!, undefined));
    model.addRoute({
      file: h.file, target, localRule: rule, methods: handlerMethods, endpoint, view: h.fn, viewClass: cls,
      decorators: [...own, ...perMethod(h.method), ...dispatchGuard, ...common, ...wrappers], misplaced, registration, reportNode: h.fn.nameNode,
    });
  }
}

/**
 * `UsersView.register(app, route_base='/users')`: the routes of a Flask-Classful view (false when the class is none);
 * `row` binds the name a loop gives each class.
 */
export function classfulRoutes(model: FlaskModel, file: IndexedFile, call: CallFact, row: Bound): boolean {
  const object = call.parts.callee.field_('object');
  const cell = object?.type === 'identifier' ? row.args.get(object.text)?.[0] : undefined;
  const [home, homeScope] = (cell && row.homes?.get(cell)) ?? (cell ? [row.file, row.scope] : [file, call.scope]);
  const cls = model.workspace.resolveExpression(home, cell ?? object, homeScope);
  if (cls?.kind !== 'class') return false;
  const chain = model.workspace.classChain(cls.file, cls.fact);
  if (!chain.some(({ cls: c, file: f }) => c.bases.some((b) => isFlaskViewBase(model.workspace.resolveDotted(f, b, c.enclosing))))) return false;
  const appNode = call.parts.positional[0] ?? call.parts.keywords.get('app');
  const target = appNode && model.resolveTarget(file, appNode, call.scope);
  if (!target) return true;
  const attr = (name: string) => chain.map(({ cls: c, file: f }) => ({ value: c.attributes.get(name), file: f, cls: c })).find((a) => a.value);
  const setting = (name: string) => ruleText(model.workspace, file, call.parts.keywords.get(name), call.scope) ?? (attr(name) && ruleText(model.workspace, attr(name)!.file, attr(name)!.value));
  const base = joinRule(setting('route_prefix'), setting('route_base') ?? defaultRouteBase(cls.fact.name));
  const listed = attr('decorators');
  const common = (sequenceItems(listed?.value) ?? []).map((d) => model.decoratorUse(listed!.file, d, listed!.cls.enclosing));
  const methods = new Map<string, { fn: FunctionFact; file: IndexedFile }>();
  for (const { cls: c, file: f } of chain) for (const m of c.methods) if (!methods.has(m.name)) methods.set(m.name, { fn: m, file: f });
  for (const { fn, file: f } of methods.values()) {
    if (!servesRequests(fn)) continue;
    const isRoute = (d: SyntaxNode) => isRouteDecorator(d, (callee) => model.workspace.resolveExpression(f, callee, undefined));
    const own = fn.decorators.filter((d) => !isRoute(d)).map((d) => model.decoratorUse(f, decoratorExpression(d)!, undefined));
    const hooks = hookNames(fn.name).flatMap((name) => {
      const hook = methods.get(name);
      return hook ? methodGuard(model, hook.file, hook.fn) : [];
    });
    const declared = fn.decorators.filter(isRoute).map((d) => {
      const parts = callParts(decoratorExpression(d))!;
      const rule = ruleText(model.workspace, f, parts.positional[0] ?? parts.keywords.get('rule'));
      return rule === undefined ? undefined : { rule: joinRule(base, rule), methods: methodList(model.workspace, f, parts.keywords.get('methods')) ?? ['GET'], node: d };
    });
    const routes = declared.length ? declared : [{ ...defaultRoute(fn, base), node: call.node }];
    for (const r of routes) {
      if (!r) continue;
      // Each method is its own endpoint, named for itself: the class groups views as a blueprint does.
      model.addRoute({
        file: f, target, localRule: r.rule, methods: r.methods, endpoint: `${cls.fact.name}:${fn.name}`, view: fn,
        decorators: [...own, ...hooks, ...common], misplaced: [], registration: r.node, reportNode: fn.nameNode,
      });
    }
  }
  return true;
}

/**
 * `appbuilder.add_view(ChartView, 'Charts')`: the `@expose` methods of a Flask-AppBuilder view, served by the
 * blueprint Flask-AppBuilder makes for the class (false when the argument is no such class).
 */
export function appBuilderRoutes(model: FlaskModel, file: IndexedFile, call: CallFact): boolean {
  const arg = call.parts.positional[0] ?? call.parts.keywords.get('baseview');
  // `add_view_no_menu(ChartView())` registers an instance: its class decides.
  const named = arg && (callParts(arg)?.callee ?? arg);
  const cls = named && model.workspace.resolveExpression(file, named, call.scope);
  if (cls?.kind !== 'class') return false;
  const chain = model.workspace.classChain(cls.file, cls.fact);
  const bases = chain.flatMap(({ cls: c, file: f }) => c.bases.map((b) => model.workspace.resolveDotted(f, b, c.enclosing)).filter(isAppBuilderViewBase));
  if (!bases.length) return false;
  const attr = (name: string) => chain.map(({ cls: c, file: f }) => ({ value: c.attributes.get(name), file: f })).find((a) => a.value);
  const setting = (name: string) => {
    const a = attr(name);
    return a && ruleText(model.workspace, a.file, a.value);
  };
  const isApi = bases.some((b) => b?.kind === 'external' && b.qualified.endsWith('Api'));
  const base = setting('route_base') ?? defaultAppBuilderBase(cls.fact.name, isApi, setting('resource_name'), setting('version'));
  const id = `appbuilder:${cls.file.path}:${cls.fact.name}`;
  const target = model.targets.get(id) ?? { id, kind: 'blueprint' as const, name: cls.fact.name.toLowerCase(), file: cls.file, node: cls.fact.nameNode, selfMounted: true };
  model.targets.set(id, target);
  const seen = new Set<string>();
  for (const { cls: c, file: f } of chain) {
    for (const fn of c.methods) {
      if (seen.has(fn.name)) continue;
      seen.add(fn.name);
      const exposes = (d: SyntaxNode) => {
        const parts = callParts(decoratorExpression(d));
        return parts && isExpose(model.workspace.resolveExpression(f, parts.callee, undefined)) ? parts : undefined;
      };
      // `expose` only marks the method, and `functools.wraps` carries the mark to every wrapper: each decorator guards it, in any order.
      const decorators = fn.decorators.filter((d) => !exposes(d)).map((d) => model.decoratorUse(f, decoratorExpression(d)!, undefined));
      for (const decorator of fn.decorators) {
        const parts = exposes(decorator);
        const rule = parts && ruleText(model.workspace, f, parts.positional[0] ?? parts.keywords.get('url'));
        if (rule === undefined) continue;
        model.addRoute({
          file: f, target, localRule: joinRule(base, rule), methods: methodList(model.workspace, f, parts!.keywords.get('methods')) ?? ['GET'],
          endpoint: `${cls.fact.name}.${fn.name}`, view: fn, viewClass: cls.fact, decorators, misplaced: [], registration: decorator, reportNode: fn.nameNode,
        });
      }
    }
  }
  return true;
}

/**
 * A method of a class view that runs before the handler and refuses anonymous callers: Flask-Classful's
 * `before_request`, or a `dispatch_request` a MethodView base overrides to check before it hands over to
 * `super()`. It guards the handlers as a decorator would.
 */
function methodGuard(model: FlaskModel, file: IndexedFile, fn: FunctionFact): DecoratorUse[] {
  // What runs around the handler (a try that turns its exceptions into answers) checks nothing before it.
  const handsOver = (stmt: SyntaxNode) => stmt.find('call').some((c) => /^super\(.*\)\.dispatch_request$/s.test(callParts(c)?.callee.text ?? ''));
  const kind = memo(fn.node, 'method-guard', model.epoch, () => guardKind(fn.node.field_('body'), model.roles.callResolver(file, fn), handsOver));
  return kind === 'guard' || kind === 'fail-open' ? [{ expr: fn.nameNode, file, role: 'authentication' }] : [];
}
