/** Blueprint registrations (`register_blueprint`, nested and in loops) and RESTX `add_namespace`. */
import * as path from 'node:path';
import { addDashAuth, addDashPublicRoutes } from './dash-apps';
import { blueprintArguments } from './blueprint-subclasses';
import { unitFacts, type CallFact, type FunctionFact } from './facts';
import type { FlaskModel, FlaskTarget } from './flask-model';
import { callParts, lastName, stringValue } from './python';
import { loopBindings, substitution, type BoundReader } from './route-bindings';
import { ruleText } from './rule-text';
import type { SyntaxNode, Unit } from './syntax';
import { constructorKind, mountPoint, targetOfBinding } from './target-resolution';
import type { Binding, IndexedFile } from './workspace';

/** Calls that load modules by name: what they import may register any blueprint. */
const MODULE_LOADERS = new Set(['import_module', '__import__', 'import_string', 'find_modules', 'iter_modules', 'walk_packages', 'load_module', 'exec_module', 'spec_from_file_location', 'autodiscover']);

export function collectRegistrations(model: FlaskModel, file: IndexedFile): void {
  for (const call of file.facts.calls) {
    const { parts } = call;
    const method = parts.callee.type === 'attribute' ? parts.callee.field_('attribute')?.text : undefined;
    if (lastName(parts.name)?.endsWith('Auth')) addDashAuth(model, file, call);
    if (lastName(parts.name) === 'add_public_routes') addDashPublicRoutes(model, file, call);
    if (MODULE_LOADERS.has(lastName(parts.name) ?? '') && !loadsLiteralNames(model, file, call)) model.registrationsUnread = true;
    if (!method) continue;
    const receiverExpr = parts.callee.field_('object')!;
    if (method === 'register_blueprint') {
      const parent = model.resolveTarget(file, receiverExpr, call.scope);
      const childExpr = parts.positional[0] ?? parts.keywords.get('blueprint');
      if (!parent || !childExpr) {
        model.registrationsUnread = true;
        continue;
      }
      for (const { child, urlPrefix } of registeredBlueprints(model, file, call, childExpr)) {
        const name = stringValue(parts.keywords.get('name'));
        model.registrations.push({ parent, child, node: call.node, ...(urlPrefix !== undefined && { urlPrefix }), ...(name !== undefined && { name }) });
      }
    } else if (method === 'add_namespace') {
      const api = model.resolveTarget(file, receiverExpr, call.scope);
      const ns = parts.positional[0] && model.resolveTarget(file, parts.positional[0], call.scope);
      if (!api || !ns?.namespace) model.registrationsUnread = true;
      if (api && ns?.namespace) {
        ns.base = api;
        const path = ruleText(model.workspace, file, parts.keywords.get('path') ?? parts.positional[1], call.scope);
        if (path !== undefined) ns.urlPrefix = path;
      }
    }
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
    const loaded = written && loadedByName(model, reader, written, childFile, childScope);
    const child = loaded ? loaded.child : written && (model.resolveTarget(childFile, written, childScope) ?? madeInPlace(model, childFile, written, childScope));
    // A loop over a list not spelled out, a helper's parameter (each caller may pass another blueprint): it may be any blueprint.
    const binding = written && model.workspace.resolveExpression(childFile, written, childScope);
    const unseen = child?.kind === 'blueprint' ? undefined : loaded ? loaded.unseen : unseenModule(written, binding);
    if ((child?.kind !== 'blueprint' && !unseen) || binding?.kind === 'param') model.registrationsUnread = true;
    if (unseen) model.unseenRegistrars.push(unseen);
    if (!child) continue;
    const urlPrefix = ruleText(model.workspace, file, call.parts.keywords.get('url_prefix'), call.scope, 0, reader.substitute);
    // A loop that binds neither the blueprint nor its prefix registers it once.
    if (!out.some((r) => r.child === child && r.urlPrefix === urlPrefix)) out.push({ child, urlPrefix });
  }
  return out;
}

/**
 * `register_blueprint(import_string(name))` (or a name the loop body binds to `import_string(name)`), with `name`
 * a literal or a loop's row of a literal list: the blueprint `name` spells (`pkg.views:bp`, `pkg.views.bp`), or the
 * module it names when the workspace lacks it. Undefined when no name is loaded there; no child when the name is unread.
 */
function loadedByName(model: FlaskModel, reader: BoundReader, written: SyntaxNode, file: IndexedFile, scope: FunctionFact | undefined): { child?: FlaskTarget; unseen?: string } | undefined {
  const local = written.type === 'identifier' ? model.workspace.resolveExpression(file, written, scope) : undefined;
  const load = local?.kind === 'value' && local.file === file && local.fact.scope === scope ? local.fact.value : written;
  const parts = callParts(load);
  if (lastName(parts?.name) !== 'import_string') return undefined;
  const [arg] = reader.sub(parts!.positional[0]);
  const name = stringValue(arg);
  if (!arg || name === undefined) return {};
  const colon = name.includes(':') ? name.indexOf(':') : name.lastIndexOf('.');
  const [module, attr] = [name.slice(0, colon), name.slice(colon + 1)];
  const home = module && model.workspace.resolveModule(reader.at(arg)[0], module);
  if (!home) return module ? { unseen: module } : {};
  return { child: targetOfBinding(model, model.workspace.resolveName(home, attr), 0) };
}

/**
 * Is every name this loader is given a literal (`import_string('pkg.views:bp')`, or each row of a literal list it is
 * looped over)? Then what it loads is known, and registering it is read where it is registered.
 */
function loadsLiteralNames(model: FlaskModel, file: IndexedFile, call: CallFact): boolean {
  const given = call.parts.positional[0];
  if (lastName(call.parts.name) !== 'import_string' || !given) return false;
  return loopBindings(model.workspace, file, call).every((bound) => stringValue(substitution(model.workspace, file, call.scope, bound).sub(given)[0]) !== undefined);
}

/**
 * The module a registered name was imported from, when the workspace does not hold it (`from flask_debugtoolbar import
 * toolbar`, `from .main import main` with `main/__init__.py` absent): what it registers is a library's blueprint, or
 * one of the blueprints in modules under it, never another of the workspace's.
 */
function unseenModule(written: SyntaxNode | undefined, binding: Binding | undefined): string | undefined {
  if (written?.type !== 'identifier' || binding?.kind !== 'external') return undefined;
  return binding.qualified.split('.').slice(0, -1).join('.') || undefined;
}

/** Is the module under the dotted one, as its package or a package inside it (`app.main.views` under `main`)? */
function inModule(module: string, under: string): boolean {
  return `.${module}.`.includes(`.${under}.`);
}

/**
 * `register_blueprint(UserRoutes(store), url_prefix='/users')`: a blueprint made where it is registered, by a subclass
 * that declares its routes on `self` (see blueprint-subclasses.ts).
 */
function madeInPlace(model: FlaskModel, file: IndexedFile, made: SyntaxNode, scope: FunctionFact | undefined): FlaskTarget | undefined {
  const parts = callParts(made);
  if (!parts || constructorKind(model, file, parts.callee, scope) !== 'blueprint') return undefined;
  const id = `made:${file.path}@${made.start}`;
  const { name, urlPrefix } = blueprintArguments(model.workspace, file, made, scope);
  const target: FlaskTarget = { id, kind: 'blueprint', name: name ?? parts.callee.text, file, node: made, ...(urlPrefix !== undefined && { urlPrefix }) };
  model.targets.set(id, target);
  return target;
}

/**
 * A blueprint (or a RESTX Namespace never added to an Api) that no app serves, so Flask dispatches none of its
 * routes. Only said where every registration in the project was read: its apps' `register_blueprint` and
 * `add_namespace` calls all name known blueprints and namespaces (or names imported from modules the workspace lacks,
 * which may stand only for blueprints in modules under them), no module is loaded by name, and the
 * blueprint lives in the folder of one of those apps (a project next to it may be another app's, unseen).
 */
export function neverServed(model: FlaskModel, target: FlaskTarget): boolean {
  const mount = mountPoint(target);
  if (!unregistered(model, mount, new Set()) || !mount.file) return false;
  const apps = [...model.targets.values()].filter((t) => t.kind === 'app' && t.file);
  if (!apps.some((app) => isUnder(mount.file!.path, path.dirname(app.file!.path)))) return false;
  if (model.registrationsUnread || model.unseenRegistrars.some((m) => inModule(mount.file!.module, m))) return false;
  let read = everyMentionCalled.get(model);
  if (read === undefined) everyMentionCalled.set(model, (read = allRegistrationsRead(model)));
  return read;
}

/** Per model (its files do not change under it): asked only once some blueprint looks unregistered. */
const everyMentionCalled = new WeakMap<FlaskModel, boolean>();

/** No registration reaches the target: none at all, or only through blueprints that are themselves unregistered. */
function unregistered(model: FlaskModel, target: FlaskTarget, seen: Set<FlaskTarget>): boolean {
  if (seen.has(target)) return false;
  seen.add(target);
  if (target.kind === 'api') return !!target.namespace && !target.base;
  if (target.kind !== 'blueprint' || target.selfMounted) return false;
  return model.parentsOf(target).every((r) => unregistered(model, mountPoint(r.parent), seen));
}

/** Every mention of `register_blueprint` / `add_namespace` is a call that was read (not `map(app.register_blueprint, bps)`, a `getattr`, a subclass's override). */
function allRegistrationsRead(model: FlaskModel): boolean {
  return model.files.every((file) => file.source.units.every(mentionsAllCalled));
}

/** Per statement, kept with it: the whole project's text is read once, not once per model. */
function mentionsAllCalled(unit: Unit): boolean {
  let read = unit.memo.get(MENTIONS) as boolean | undefined;
  if (read === undefined) {
    const mentioned = mentions(unit.text);
    // A registration commented out (`# app.register_blueprint(admin_bp)`) registers nothing.
    const live = mentioned && mentioned - unit.root.find('comment').reduce((n, c) => n + mentions(c.text), 0);
    read = !live || unitFacts(unit).calls.filter((c) => /^(register_blueprint|add_namespace)$/.test(c.parts.callee.field_('attribute')?.text ?? '')).length === live;
    unit.memo.set(MENTIONS, read);
  }
  return read;
}

const MENTIONS = 'registration-mentions';

function mentions(text: string): number {
  return text.match(/\b(register_blueprint|add_namespace)\b/g)?.length ?? 0;
}

function isUnder(file: string, dir: string): boolean {
  const rel = path.relative(dir, file);
  return !rel.startsWith('..') && !path.isAbsolute(rel);
}
