/**
 * Targets: the apps, blueprints and Apis (Flask-RESTful/RESTX, with RESTX Namespaces) a workspace makes,
 * and which of them an expression names.
 */
import { ownNodes } from './body';
import { boundNames, type AssignmentFact, type CallFact, type FunctionFact } from './facts';
import type { FlaskTarget, TargetKind } from './flask-model';
import { callParts, dottedName, lastName, stringValue, unwrap } from './python';
import { ruleText } from './rule-text';
import type { SyntaxNode } from './syntax';
import { isDashConstructor } from './dash-apps';
import { blueprintArguments } from './blueprint-subclasses';
import type { Binding, IndexedFile, Workspace } from './workspace';

/** What resolving targets reads: the targets found so far, and where workspace functions are called. */
export interface TargetScope {
  readonly workspace: Workspace;
  readonly targets: Map<string, FlaskTarget>;
  callSites(fn: FunctionFact): { file: IndexedFile; call: CallFact }[];
}

/** What a constructor makes: a Flask-RESTX Namespace is an `api` target mounted under its path. */
type Made = Exclude<TargetKind, 'unknown'> | 'namespace';

export function collectTargets(model: TargetScope, file: IndexedFile): void {
  for (const a of file.facts.assignments) {
    // `app = Flask(__name__)`, or an app a class keeps (`self.app = Flask(name)`).
    const names = boundNames(a);
    if (names.length !== 1) continue;
    const parts = callParts(a.value);
    if (!parts) continue;
    const made = constructorKind(model, file, parts.callee, a.scope);
    if (!made) continue;
    const kind: TargetKind = made === 'namespace' ? 'api' : made;
    const id = targetId(file, a);
    const name = names[0]!.split('.').pop()!;
    const target: FlaskTarget = { id, kind, name, file, node: a.value };
    if (kind === 'blueprint') {
      const made = blueprintArguments(model.workspace, file, a.value, a.scope);
      target.name = made.name ?? name;
      if (made.urlPrefix !== undefined) target.urlPrefix = made.urlPrefix;
    }
    if (kind === 'api') {
      const listed = parts.keywords.get('decorators');
      if (listed) target.decorators = { list: listed, file, ...(a.scope && { scope: a.scope }) };
      const prefix = ruleText(model.workspace, file, parts.keywords.get('prefix'), a.scope);
      if (prefix !== undefined) target.urlPrefix = prefix;
      // Flask-RESTX Namespace('keys', path=...): mounted at `/keys` unless told otherwise.
      if (made === 'namespace') {
        target.namespace = true;
        target.name = stringValue(parts.positional[0] ?? parts.keywords.get('name')) ?? name;
        target.urlPrefix = ruleText(model.workspace, file, parts.keywords.get('path'), a.scope) ?? `/${target.name}`;
      }
    }
    model.targets.set(id, target);
  }
}

export function collectNamespaces(model: TargetScope, file: IndexedFile): void {
  for (const a of file.facts.assignments) {
    // Flask-RESTX `ns = api.namespace('auth', path=...)`: a Namespace already added to `api`.
    const parts = a.names.length === 1 ? callParts(a.value) : undefined;
    if (parts?.callee.type === 'attribute' && parts.callee.field_('attribute')?.text === 'namespace') {
      const api = resolveTarget(model, file, parts.callee.field_('object')!, a.scope);
      if (api?.kind === 'api' && !api.namespace) {
        const name = stringValue(parts.positional[0] ?? parts.keywords.get('name')) ?? a.names[0]!;
        const id = targetId(file, a);
        const listed = parts.keywords.get('decorators');
        model.targets.set(id, {
          id, kind: 'api', name, file, node: a.value, namespace: true, base: api, urlPrefix: ruleText(model.workspace, file, parts.keywords.get('path'), a.scope) ?? `/${name}`,
          ...(listed && { decorators: { list: listed, file, ...(a.scope && { scope: a.scope }) } }),
        });
      }
    }
  }
}

/** `Api(app)` needs the app's target; an `Api()` made alone gets it from `api.init_app(app_or_blueprint)`. */
export function bindApiBases(model: TargetScope, file: IndexedFile): void {
  for (const a of file.facts.assignments) {
    const target = a.names.length === 1 ? model.targets.get(targetId(file, a)) : undefined;
    if (target?.kind !== 'api' || target.namespace) continue;
    const parts = callParts(a.value)!;
    const baseExpr = parts.positional[0] ?? parts.keywords.get('app') ?? parts.keywords.get('blueprint');
    if (baseExpr) target.base = resolveTarget(model, file, baseExpr, a.scope);
  }
  for (const call of file.facts.calls) {
    const { callee, positional, keywords } = call.parts;
    const baseExpr = positional[0] ?? keywords.get('app');
    if (callee.type !== 'attribute' || callee.field_('attribute')?.text !== 'init_app' || !baseExpr) continue;
    const api = resolveTarget(model, file, callee.field_('object')!, call.scope);
    if (api?.kind === 'api' && !api.namespace && !api.base) api.base = resolveTarget(model, file, baseExpr, call.scope);
  }
}

export function constructorKind(model: TargetScope, file: IndexedFile, callee: SyntaxNode, scope?: FunctionFact): Made | undefined {
  return kindOf(model.workspace, model.workspace.resolveExpression(file, callee, scope), dottedName(callee));
}

/**
 * Whether an expression names a Flask (or Dash) app, under whatever name: `weblogin = Flask(__name__)`
 * imported from its package, or what a factory returns (`build_site()`). For unit checks, which see no model.
 */
export function namesApp(workspace: Workspace, file: IndexedFile, expr: SyntaxNode | undefined, scope?: FunctionFact): boolean {
  return namesInstance(workspace, file, expr, scope, (binding, written) => kindOf(workspace, binding, written) === 'app');
}

/** Whether an expression names a Flask-SocketIO server (`sio = SocketIO(app)`, `app, sio = create_app()`), under whatever name. */
export function namesSocketIO(workspace: Workspace, file: IndexedFile, expr: SyntaxNode | undefined, scope?: FunctionFact): boolean {
  return namesInstance(workspace, file, expr, scope, (binding, written) =>
    binding?.kind === 'external' ? /^flask_socketio\.SocketIO$/.test(binding.qualified) : !binding && lastName(written) === 'SocketIO');
}

/**
 * Whether an expression stands for what a constructor `makes`, followed through names and factories, and through
 * the tuple a factory returns (`app, sio = create_app()` with `return app, sio`): `item` is the place unpacked.
 */
function namesInstance(workspace: Workspace, file: IndexedFile, expr: SyntaxNode | undefined, scope: FunctionFact | undefined, makes: (binding: Binding | undefined, written: string | undefined) => boolean, depth = 0, item?: number): boolean {
  let e = unwrap(expr);
  if (item !== undefined && (e?.type === 'tuple' || e?.type === 'expression_list')) [e, item] = [unwrap(e.namedChildren[item]), undefined];
  if (!e || depth > 5) return false;
  const parts = callParts(e);
  if (parts) {
    const made = workspace.resolveExpression(file, parts.callee, scope);
    if (made?.kind === 'function') {
      return ownNodes(made.fact.node.field_('body'), ['return_statement']).some((ret) => namesInstance(workspace, made.file, ret.namedChildren[0], made.fact, makes, depth + 1, item));
    }
    return item === undefined && makes(made, dottedName(parts.callee));
  }
  if (e.type !== 'identifier' && e.type !== 'attribute') return false;
  const binding = workspace.resolveExpression(file, e, scope);
  if (binding?.kind !== 'value') return false;
  const names = boundNames(binding.fact);
  const unpacked = names.length > 1 ? unpackedPlace(binding.fact, e.text) : item;
  return (names.length === 1 || unpacked !== undefined) && namesInstance(workspace, binding.file, binding.fact.value, binding.fact.scope, makes, depth + 1, unpacked);
}

/** `app, sio = ...`: the place of `name` in a flat tuple of names (nested or starred targets say nothing). */
function unpackedPlace(fact: AssignmentFact, name: string): number | undefined {
  const targets = fact.target.namedChildren;
  if (!targets.every((t) => t.type === 'identifier')) return undefined;
  const at = targets.findIndex((t) => t.text === name);
  return at < 0 ? undefined : at;
}

/** What a constructor makes, by the class `written` names (resolved to `binding`). */
function kindOf(workspace: Workspace, binding: Binding | undefined, written: string | undefined, depth = 0): Made | undefined {
  // The project's own subclass (`class CTFdFlask(Flask)`, `class ApiExt(Api)`): what it extends decides.
  if (binding?.kind === 'class') {
    if (depth >= 4) return undefined;
    for (const base of binding.fact.bases) {
      const kind = kindOf(workspace, workspace.resolveDotted(binding.file, base, binding.fact.enclosing), base, depth + 1);
      if (kind) return kind;
    }
    return undefined;
  }
  const name = binding?.kind === 'external' ? binding.qualified : written;
  const last = lastName(name);
  if (last === 'Flask' || last === 'APIFlask' || isDashConstructor(binding)) return 'app';
  if (last === 'Blueprint' || last === 'APIBlueprint') return 'blueprint';
  // flask-smorest's Api mounts blueprints on its app (`api.register_blueprint(blp, url_prefix=...)`).
  if (last === 'Api' && (!binding || binding.kind === 'external') && /flask_restful|flask_restx|flask_restplus|flask_smorest|^Api$/.test(name ?? '')) return 'api';
  if (last === 'Namespace' && /flask_restx|flask_restplus/.test(name ?? '')) return 'namespace';
  return undefined;
}

/** The app, blueprint or Api an expression names; `unknown` for parameters and `current_app`. */
export function resolveTarget(model: TargetScope, file: IndexedFile, expr: SyntaxNode, scope?: FunctionFact, depth = 0): FlaskTarget | undefined {
  const served = dashServer(model, file, unwrap(expr), scope, depth);
  if (served) return served;
  const binding = model.workspace.resolveExpression(file, unwrap(expr), scope);
  return targetOfBinding(model, binding, depth);
}

export function targetOfBinding(model: TargetScope, binding: Binding | undefined, depth: number): FlaskTarget | undefined {
  if (!binding || depth > 5) return undefined;
  if (binding.kind === 'value') {
    const fact = binding.fact;
    const direct = boundNames(fact).length === 1 ? model.targets.get(targetId(binding.file, fact)) : undefined;
    if (direct) return direct;
    const served = dashServer(model, binding.file, unwrap(fact.value), fact.scope, depth);
    if (served) return served;
    // `bp = api_bp`, `app = create_app()` (factory result).
    const parts = callParts(fact.value);
    if (parts) {
      const fn = model.workspace.resolveExpression(binding.file, parts.callee, fact.scope);
      if (fn?.kind === 'function') return returnedTarget(model, fn.file, fn.fact, depth) ?? unknownTarget(model, `factory:${fn.file.path}#${fn.fact.qualname}`, fn.fact.name);
      return undefined;
    }
    return targetOfBinding(model, model.workspace.resolveExpression(binding.file, fact.value, fact.scope), depth + 1);
  }
  if (binding.kind === 'param') {
    // `def init_routes(bp): ...` called as `init_routes(admin_bp)`: the caller's argument decides.
    const index = binding.fn.params.indexOf(binding.name);
    for (const site of model.callSites(binding.fn)) {
      const arg = site.call.parts.positional[index - (binding.fn.className ? 1 : 0)] ?? site.call.parts.keywords.get(binding.name);
      const target = arg && resolveTarget(model, site.file, arg, site.call.scope, depth + 1);
      if (target) return target;
    }
    return unknownTarget(model, `param:${binding.file.path}#${binding.fn.qualname}.${binding.name}`, binding.name);
  }
  if (binding.kind === 'external' && /(^|\.)current_app$/.test(binding.qualified)) return unknownTarget(model, 'current_app', 'current_app');
  return undefined;
}

/** `app.server` of a Dash app: the Flask app it was given (`Dash(server=server)`), else the one it made. */
function dashServer(model: TargetScope, file: IndexedFile, expr: SyntaxNode | undefined, scope: FunctionFact | undefined, depth: number): FlaskTarget | undefined {
  if (expr?.type !== 'attribute' || expr.field_('attribute')?.text !== 'server' || depth > 5) return undefined;
  const dash = resolveTarget(model, file, expr.field_('object')!, scope, depth + 1);
  return dash && servedBy(model, dash, depth);
}

/** The Flask app a Dash app serves from: the one it was given (`Dash(server=server)`), else the one it made; undefined for any other target. */
export function servedBy(model: TargetScope, dash: FlaskTarget, depth = 0): FlaskTarget | undefined {
  const made = dash.kind === 'app' && dash.file && dash.node ? callParts(dash.node) : undefined;
  if (!made || !isDashConstructor(model.workspace.resolveExpression(dash.file!, made.callee))) return undefined;
  const given = made.keywords.get('server');
  return (given && resolveTarget(model, dash.file!, given, undefined, depth + 1)) || dash;
}

/**
 * What a factory returns, when it returns the target it made (`bp = Blueprint(...)`, hooks added,
 * `return bp`): every call shares that target, with its hooks and its prefix.
 */
function returnedTarget(model: TargetScope, file: IndexedFile, fn: FunctionFact, depth: number): FlaskTarget | undefined {
  for (const ret of ownNodes(fn.node.field_('body'), ['return_statement'])) {
    const value = unwrap(ret.namedChildren[0]);
    if (value?.type !== 'identifier') continue;
    const target = resolveTarget(model, file, value, fn, depth + 1);
    if (target) return target;
  }
  return undefined;
}

/**
 * `@api_bp.route('/x')` in a Flask module whose `api_bp` comes from outside the files checked (a
 * package not in the workspace, a file left out): the view is still served, by an app we cannot see.
 */
export function outsideTarget(model: TargetScope, file: IndexedFile, receiver: SyntaxNode, method: string, scope: FunctionFact | undefined): FlaskTarget | undefined {
  const name = dottedName(receiver);
  if (method !== 'route' || !name || !file.facts.imports.some((i) => /^flask(\.|$)/.test(i.module))) return undefined;
  const binding = model.workspace.resolveExpression(file, receiver, scope);
  if (binding && (binding.kind !== 'external' || /^flask(\.|$)/.test(binding.qualified))) return undefined;
  return unknownTarget(model, `outside:${binding?.qualified ?? name}`, lastName(name)!);
}

function unknownTarget(model: TargetScope, id: string, name: string): FlaskTarget {
  let t = model.targets.get(id);
  if (!t) {
    t = { id, kind: 'unknown', name };
    model.targets.set(id, t);
  }
  return t;
}

/** The app or blueprint an Api (or a Namespace of an Api) is mounted on. */
export function mountPoint(target: FlaskTarget): FlaskTarget {
  let t = target;
  for (let depth = 0; t.kind === 'api' && t.base && depth < 4; depth++) t = t.base;
  return t;
}

/** The target an assignment creates; class attributes (`class UserDto: api = Namespace(...)`) are named by their class. */
function targetId(file: IndexedFile, fact: AssignmentFact): string {
  return `${file.path}#${fact.scope ? fact.scope.qualname + '.' : ''}${fact.className ? fact.className + '.' : ''}${boundNames(fact)[0]}`;
}
