/** Routes of class views: MethodView/View/Resource (one route per handler method) and Flask-Classful's `register`. */
import { guardKind } from './auth';
import type { CallFact, ClassFact, FunctionFact } from './facts';
import { defaultRoute, defaultRouteBase, hookNames, isFlaskViewBase, isRouteDecorator, servesRequests } from './flask-classful';
import type { DecoratorUse, FlaskModel, FlaskTarget } from './flask-model';
import { memo } from './node-memo';
import { callParts, decoratorExpression, sequenceItems, stringItems, stringValue, unwrap } from './python';
import type { Bound } from './route-bindings';
import { methodList, ruleText } from './rule-text';
import { joinRule } from './routes';
import type { SyntaxNode } from './syntax';
import type { IndexedFile } from './workspace';

const HANDLER_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'];

/** A MethodView/View/Resource class: one route per handler method. */
export function classRoutes(model: FlaskModel, file: IndexedFile, cls: ClassFact, target: FlaskTarget, rule: string, endpoint: string, registration: SyntaxNode, wrappers: DecoratorUse[], methods?: string[]): void {
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
      decorators: [...own, ...perMethod(h.method), ...dispatchGuard, ...common, ...wrappers], misplaced: [], registration, reportNode: h.fn.nameNode,
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
