/**
 * Flask-Classful (and Flask-Classy, its parent): `UsersView.register(app)` serves each public method
 * of a `FlaskView` subclass. `index`, `get`, `post`, `put`, `patch` and `delete` answer their HTTP
 * method on the class's base rule (the four last on one record, `/<id>`); any other method answers
 * GET on `/<method name>/`, and `@route(rule, methods=[...])` replaces the rule it would get.
 */
import type { FunctionFact } from './facts';
import { callParts, decoratorExpression, lastName } from './python';
import { joinRule } from './routes';
import type { SyntaxNode } from './syntax';
import type { Binding } from './workspace';

/** The methods Flask-Classful maps to HTTP methods, and whether they act on one record (its arguments join the rule). */
const SPECIAL: Record<string, { method: string; onRecord: boolean }> = {
  index: { method: 'GET', onRecord: false },
  get: { method: 'GET', onRecord: true },
  post: { method: 'POST', onRecord: false },
  put: { method: 'PUT', onRecord: true },
  patch: { method: 'PATCH', onRecord: true },
  delete: { method: 'DELETE', onRecord: true },
};

/** `FlaskView` of Flask-Classful or Flask-Classy (`flask.ext.classy` in old projects). */
export function isFlaskViewBase(binding: Binding | undefined): boolean {
  return binding?.kind === 'external' && /^(flask_classful|flask_classy|flask\.ext\.classy)\.FlaskView$/.test(binding.qualified);
}

/** The base rule Flask-Classful gives a class with no `route_base`: its name without `View`, lowercased. */
export function defaultRouteBase(className: string): string {
  return '/' + (className.endsWith('View') ? className.slice(0, -4) : className).toLowerCase();
}

/** Methods that serve no request: private ones, the per-class hooks (`before_request`, `after_index`). */
export function servesRequests(fn: FunctionFact): boolean {
  return !fn.name.startsWith('_') && !/^(before|after)_/.test(fn.name) && !fn.decorators.some((d) => /^(classmethod|staticmethod|property)$/.test(decoratorExpression(d)?.text ?? ''));
}

/** `@route('/purge', methods=['POST'])` on a method: Flask-Classful's own decorator (its other decorators wrap the view). */
export function isRouteDecorator(decorator: SyntaxNode, resolve: (callee: SyntaxNode) => Binding | undefined): boolean {
  const parts = callParts(decoratorExpression(decorator));
  if (!parts) return false;
  const binding = resolve(parts.callee);
  return binding?.kind === 'external' ? /^(flask_classful|flask_classy|flask\.ext\.classy)\.route$/.test(binding.qualified) : lastName(parts.name) === 'route' && parts.callee.type === 'identifier';
}

/** The rule and method a method without `@route` gets under `base`. */
export function defaultRoute(fn: FunctionFact, base: string): { rule: string; methods: string[] } {
  const args = pathArguments(fn);
  const special = SPECIAL[fn.name];
  const record = args.map((a) => `<${a}>`);
  if (special) return { rule: joinRule(base, ...(special.onRecord ? record : [])), methods: [special.method] };
  return { rule: joinRule(base, fn.name, ...record), methods: ['GET'] };
}

/** The arguments a rule carries: those without defaults after `self` (defaults are query parameters, `*args` none). */
function pathArguments(fn: FunctionFact): string[] {
  const params = fn.node.field_('parameters')?.namedChildren ?? [];
  const names = params.map((p) => (p.type === 'identifier' ? p.text : p.type === 'typed_parameter' ? p.namedChildren.find((c) => c.type === 'identifier')?.text : undefined));
  return names.slice(1).filter((n): n is string => !!n);
}

/** The per-class hooks that run before a method: `before_request`, and `before_<method>` for it alone. */
export function hookNames(method: string): string[] {
  return ['before_request', `before_${method}`];
}
