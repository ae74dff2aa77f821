/** Hooks: the functions Flask runs before a view, with the guard each applies, and the decorators hooks wrap views in. */
import { analyseHook, type Constants } from './auth';
import type { CallFact, FunctionFact } from './facts';
import type { FlaskModel, FlaskTarget } from './flask-model';
import { memo } from './node-memo';
import { callParts, decoratorExpression } from './python';
import type { SyntaxNode } from './syntax';
import { targetOfBinding } from './target-resolution';
import type { IndexedFile } from './workspace';

/**
 * Functions Flask runs before a view, and whether they run for the whole app (`before_app_request`).
 * A `url_value_preprocessor` runs first of all and may refuse as well (ihatemoney's project guard).
 */
export const HOOK_METHODS = new Map([
  ['before_request', false],
  ['before_app_request', true],
  ['url_value_preprocessor', false],
  ['app_url_value_preprocessor', true],
]);

/**
 * Hooks in call form: `bp.before_request(check)`. Read once every registration is, since `self.before_request(check)`
 * in a Blueprint subclass hooks each blueprint made from it, some made where they are registered.
 */
export function collectCallHooks(model: FlaskModel, file: IndexedFile): void {
  for (const call of file.facts.calls) {
    const method = call.parts.callee.type === 'attribute' ? call.parts.callee.field_('attribute')?.text : undefined;
    if (method && HOOK_METHODS.has(method)) addCallHook(model, file, call, method);
  }
}

/** `bp.before_request(check)`, or a decorator a hook is built from (see `FlaskModel.hookDecorators`). */
function addCallHook(model: FlaskModel, file: IndexedFile, call: CallFact, method: string): void {
  const { parts } = call;
  const fnExpr = parts.positional[0];
  const fn = fnExpr && model.workspace.resolveExpression(file, fnExpr, call.scope);
  const wrapped = callParts(fnExpr);
  const use = fn?.kind !== 'function' && wrapped ? model.decoratorUse(file, wrapped.callee, call.scope) : undefined;
  // `self.before_request(check)` in a Blueprint subclass: a hook of each blueprint made from it.
  for (const target of model.resolveTargets(file, parts.callee.field_('object')!, call.scope)) {
    if (fn?.kind === 'function') addHook(model, target, HOOK_METHODS.get(method)!, fn.file, fn.fact);
    else if (use && use.role !== 'none') model.hookDecorators.push({ target, appWide: HOOK_METHODS.get(method)! || target.kind !== 'blueprint', use });
  }
}

export function addHook(model: FlaskModel, target: FlaskTarget, appRequest: boolean, file: IndexedFile, fn: FunctionFact): void {
  let guard = memo(fn.node, 'hook', model.epoch, () => analyseHook(fn.node.field_('body'), constantsIn(model, file, fn), model.roles.callResolver(file, fn)));
  // `@app.before_request` over `@auth.login_required`: the decorator authenticates every request.
  if (!guard.enforces && fn.decorators.some((d) => model.decoratorUse(file, decoratorExpression(d)!, fn.enclosing).role === 'authentication')) {
    guard = { ...guard, enforces: true };
  }
  model.hooks.push({ target, appWide: appRequest || target.kind === 'app' || target.kind === 'unknown', fn, file, guard });
}

/** The values a function's tests compare with by name (`request.method in SAFE`, `'{}.login'.format(bp.name)`). */
export function constantsIn(model: FlaskModel, file: IndexedFile, fn: FunctionFact): Constants {
  return (name: string) => {
    const b = model.workspace.resolveDotted(file, name, fn);
    return b?.kind === 'value' ? b.fact.value : blueprintNameArgument(model, file, name, fn);
  };
}

/** `bp.name`, which hooks use to spell their endpoints (`'{}.login'.format(bp.name)`): the name the blueprint was made with. */
function blueprintNameArgument(model: FlaskModel, file: IndexedFile, name: string, scope: FunctionFact): SyntaxNode | undefined {
  const owner = /^(.+)\.name$/.exec(name)?.[1];
  const binding = owner ? model.workspace.resolveDotted(file, owner, scope) : undefined;
  const target = binding && targetOfBinding(model, binding, 0);
  const parts = target?.kind === 'blueprint' ? callParts(target.node) : undefined;
  return parts && (parts.positional[0] ?? parts.keywords.get('name'));
}
