/** Blueprint registrations (`register_blueprint`, nested and in loops), RESTX `add_namespace`, and hooks in call form. */
import { addDashAuth, addDashPublicRoutes } from './dash-apps';
import type { CallFact } from './facts';
import type { FlaskModel, FlaskTarget } from './flask-model';
import { addCallHook, HOOK_METHODS } from './hooks';
import { lastName, stringValue } from './python';
import { loopBindings, substitution } from './route-bindings';
import { ruleText } from './rule-text';
import type { SyntaxNode } from './syntax';
import type { IndexedFile } from './workspace';

export function collectRegistrations(model: FlaskModel, file: IndexedFile): void {
  for (const call of file.facts.calls) {
    const { parts } = call;
    const method = parts.callee.type === 'attribute' ? parts.callee.field_('attribute')?.text : undefined;
    if (lastName(parts.name)?.endsWith('Auth')) addDashAuth(model, file, call);
    if (lastName(parts.name) === 'add_public_routes') addDashPublicRoutes(model, file, call);
    if (!method) continue;
    const receiverExpr = parts.callee.field_('object')!;
    if (method === 'register_blueprint') {
      const parent = model.resolveTarget(file, receiverExpr, call.scope);
      const childExpr = parts.positional[0] ?? parts.keywords.get('blueprint');
      if (!parent || !childExpr) continue;
      for (const { child, urlPrefix } of registeredBlueprints(model, file, call, childExpr)) {
        const name = stringValue(parts.keywords.get('name'));
        model.registrations.push({ parent, child, node: call.node, ...(urlPrefix !== undefined && { urlPrefix }), ...(name !== undefined && { name }) });
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

/**
 * The blueprints a `register_blueprint` call registers, with their prefixes: one, or one per row of the
 * loop around it (`for bp in (a, b)`, `for bp, prefix in ((admin_bp, '/admin'), ...)`, a table's items).
 */
function registeredBlueprints(model: FlaskModel, file: IndexedFile, call: CallFact, childExpr: SyntaxNode): { child: FlaskTarget; urlPrefix: string | undefined }[] {
  const out: { child: FlaskTarget; urlPrefix: string | undefined }[] = [];
  for (const bound of loopBindings(model.workspace, file, call)) {
    const reader = substitution(model.workspace, file, call.scope, bound);
    const [written] = reader.sub(childExpr);
    const [childFile, childScope] = written ? reader.at(written) : [file, call.scope];
    const child = written && model.resolveTarget(childFile, written, childScope);
    if (!child) continue;
    const urlPrefix = ruleText(model.workspace, file, call.parts.keywords.get('url_prefix'), call.scope, 0, reader.substitute);
    // A loop that binds neither the blueprint nor its prefix registers it once.
    if (!out.some((r) => r.child === child && r.urlPrefix === urlPrefix)) out.push({ child, urlPrefix });
  }
  return out;
}
