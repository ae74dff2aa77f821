/**
 * Apps and blueprints made from a project's subclass (`class UserRoutes(Blueprint)`). The subclass hands what it was
 * given on to Blueprint (`super().__init__(name, __name__, url_prefix=prefix)`), and may declare routes and hooks on
 * `self` in its methods (`@self.route('/')` in `__init__`): every instance serves them, under its own registration.
 */
import { unitFacts, type ClassFact, type FunctionFact } from './facts';
import type { FlaskModel, FlaskTarget } from './flask-model';
import { callParts, stringValue, type CallParts } from './python';
import { argumentsOf, substitution, type BoundReader } from './route-bindings';
import { ruleText } from './rule-text';
import type { SyntaxNode } from './syntax';
import type { IndexedFile, Workspace } from './workspace';

/** Blueprint's parameters before `url_prefix`: `Blueprint(name, import_name, static_folder, static_url_path, template_folder, url_prefix)`. */
const URL_PREFIX_AT = 5;

/** What Blueprint's constructor is given for a blueprint: its name and url_prefix. */
export interface BlueprintArguments {
  name: string | undefined;
  urlPrefix: string | undefined;
}

/** The name and url_prefix a blueprint made by `made` (a constructor call written in `file`) gets from Blueprint's constructor. */
export function blueprintArguments(workspace: Workspace, file: IndexedFile, made: SyntaxNode, scope: FunctionFact | undefined): BlueprintArguments {
  const parts = callParts(made)!;
  const cls = workspace.resolveExpression(file, parts.callee, scope);
  const handedOn = cls?.kind === 'class' ? superInit(workspace, cls.file, cls.fact) : undefined;
  if (!handedOn) return written(workspace, file, parts, scope);
  // The subclass's `__init__` with its parameters bound to what the instance was made with (`self` is the instance).
  const { init, initFile, call, skip } = handedOn;
  const reader = substitution(workspace, initFile, init, { args: argumentsOf(init, parts, made), file, scope, anchor: made });
  const positional = call.positional.slice(skip).flatMap(reader.sub);
  return {
    name: stringValue(positional[0] ?? reader.sub(reader.keyword(call, 'name'))[0]),
    urlPrefix: passedRule(workspace, reader, reader.keyword(call, 'url_prefix') ?? positional[URL_PREFIX_AT]),
  };
}

/** Blueprint's own arguments as written: `Blueprint('users', __name__, url_prefix='/users')`. */
function written(workspace: Workspace, file: IndexedFile, parts: CallParts, scope: FunctionFact | undefined): BlueprintArguments {
  return { name: stringValue(parts.positional[0] ?? parts.keywords.get('name')), urlPrefix: ruleText(workspace, file, parts.keywords.get('url_prefix'), scope) };
}

/** A rule read in the subclass's `__init__`, where a parameter stands for what the instance was made with. */
function passedRule(workspace: Workspace, reader: BoundReader, node: SyntaxNode | undefined): string | undefined {
  if (!node) return undefined;
  const [file, scope] = reader.at(node);
  return ruleText(workspace, file, node, scope, 0, reader.substituted.has(node) ? undefined : reader.substitute);
}

/**
 * The nearest `__init__` of the class's workspace chain and the call in it that hands on to the base's:
 * `super().__init__(...)`, `super(Routes, self).__init__(...)` or `Blueprint.__init__(self, ...)` (whose `self` is skipped).
 */
function superInit(workspace: Workspace, file: IndexedFile, cls: ClassFact): { init: FunctionFact; initFile: IndexedFile; call: CallParts; skip: number } | undefined {
  for (const { cls: c, file: f } of workspace.classChain(file, cls)) {
    const init = c.methods.find((m) => m.name === '__init__');
    if (!init) continue;
    for (const { parts, scope } of unitFacts(init.node.unit).calls) {
      const callee = parts.callee;
      if (scope !== init || callee.type !== 'attribute' || callee.field_('attribute')?.text !== '__init__') continue;
      const owner = callee.field_('object')!;
      if (callParts(owner)?.name === 'super') return { init, initFile: f, call: parts, skip: 0 };
      if (c.bases.includes(owner.text) && parts.positional[0]?.text === init.params[0]) return { init, initFile: f, call: parts, skip: 1 };
    }
    return undefined;
  }
  return undefined;
}

/**
 * `self` in a method of a Flask or Blueprint subclass (`@self.route('/')` in `__init__`): the apps and blueprints
 * made from that class or a subclass of it. Undefined when it is no such `self`, or none is made where we can see.
 */
export function selfInstances(model: FlaskModel, file: IndexedFile, receiver: SyntaxNode, scope: FunctionFact | undefined): FlaskTarget[] | undefined {
  if (receiver.type !== 'identifier') return undefined;
  const self = model.workspace.resolveExpression(file, receiver, scope);
  if (self?.kind !== 'param' || !self.fn.className || self.fn.params[0] !== self.name) return undefined;
  const cls = self.file.facts.classes.find((c) => c.name === self.fn.className && c.methods.includes(self.fn));
  const made = cls && instancesByClass(model).get(cls);
  return made?.length ? made : undefined;
}

const INSTANCES = new WeakMap<FlaskModel, Map<ClassFact, FlaskTarget[]>>();

/** Per model, once its targets are known: the apps and blueprints each workspace class (and each of its bases) makes. */
function instancesByClass(model: FlaskModel): Map<ClassFact, FlaskTarget[]> {
  let byClass = INSTANCES.get(model);
  if (byClass) return byClass;
  byClass = new Map();
  INSTANCES.set(model, byClass);
  for (const target of model.targets.values()) {
    if ((target.kind !== 'app' && target.kind !== 'blueprint') || !target.file || !target.node) continue;
    const callee = callParts(target.node)?.callee;
    const scope = callee && madeIn(target.file, target.node);
    const cls = callee && model.workspace.resolveExpression(target.file, callee, scope);
    if (cls?.kind !== 'class') continue;
    for (const { cls: c } of model.workspace.classChain(cls.file, cls.fact)) byClass.set(c, [...(byClass.get(c) ?? []), target]);
  }
  return byClass;
}

/** The function whose body makes the target (`routes = UserRoutes(store)` in `create_app`), or none at module level. */
function madeIn(file: IndexedFile, made: SyntaxNode): FunctionFact | undefined {
  return file.facts.assignments.find((a) => a.value === made)?.scope ?? file.facts.calls.find((c) => c.node === made)?.scope;
}
