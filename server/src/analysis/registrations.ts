/** Blueprint registrations (`register_blueprint`, nested and in loops), RESTX `add_namespace`, and hooks in call form. */
import type { CallFact } from './facts';
import type { FlaskModel, FlaskTarget } from './flask-model';
import { addCallHook, HOOK_METHODS } from './hooks';
import { dottedName, sequenceItems, stringValue } from './python';
import { ruleText } from './rule-text';
import type { SyntaxNode } from './syntax';
import type { IndexedFile } from './workspace';

export function collectRegistrations(model: FlaskModel, file: IndexedFile): void {
  for (const call of file.facts.calls) {
    const { parts } = call;
    const method = parts.callee.type === 'attribute' ? parts.callee.field_('attribute')?.text : undefined;
    if (!method) continue;
    const receiverExpr = parts.callee.field_('object')!;
    if (method === 'register_blueprint') {
      const parent = model.resolveTarget(file, receiverExpr, call.scope);
      const childExpr = parts.positional[0] ?? parts.keywords.get('blueprint');
      if (!parent || !childExpr) continue;
      for (const child of loopAware(model, file, call, childExpr)) {
        const prefix = ruleText(model.workspace, file, parts.keywords.get('url_prefix'), call.scope);
        const name = stringValue(parts.keywords.get('name'));
        model.registrations.push({ parent, child, node: call.node, ...(prefix !== undefined && { urlPrefix: prefix }), ...(name !== undefined && { name }) });
      }
    } else if (method === 'add_namespace') {
      const api = model.resolveTarget(file, receiverExpr, call.scope);
      const ns = parts.positional[0] && model.resolveTarget(file, parts.positional[0], call.scope);
      if (api && ns?.namespace) {
        ns.base = api;
        const path = ruleText(model.workspace, file, parts.keywords.get('path') ?? parts.positional[1], call.scope);
        if (path !== undefined) ns.urlPrefix = path;
      }
    } else if (HOOK_METHODS.has(method)) addCallHook(model, file, call, method);
  }
}

/** Blueprints registered in a loop over a literal tuple: `for bp in (a, b): app.register_blueprint(bp)`. */
function loopAware(model: FlaskModel, file: IndexedFile, call: CallFact, expr: SyntaxNode): FlaskTarget[] {
  const direct = model.resolveTarget(file, expr, call.scope);
  if (direct) return [direct];
  const name = dottedName(expr);
  const loop = call.loops.find((l) => dottedName(l.field_('left')) === name);
  const items = loop && sequenceItems(loop.field_('right'));
  return (items ?? []).map((i) => model.resolveTarget(file, i, call.scope)).filter((t): t is FlaskTarget => !!t);
}
