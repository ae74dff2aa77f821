/**
 * The functions of one unit, each with its data flow and its own syntax
 * (nested functions and classes excluded: they are scopes of their own).
 * Every FG2xx unit rule reads the same scopes, so they are built once per
 * unit and workspace generation.
 */
import { walkOwn } from '../../analysis/body';
import { flowOf, FunctionFlow, isCredential, isRequest, isWholeCollection, parameterFor, type Seed, type Taint } from '../../analysis/dataflow';
import { unitFacts, type FunctionFact } from '../../analysis/facts';
import { callParts, decoratorExpression, dottedName, lastName, stringValue } from '../../analysis/python';
import type { SyntaxNode, Unit } from '../../analysis/syntax';
import type { IndexedFile, Workspace } from '../../analysis/workspace';
import { isDigestCall } from './credentials';

/** What a function's own syntax says: enough for the checks that resolve no names. */
export interface SyntaxScope {
  fact: FunctionFact;
  /** Built on first use: most functions have no site a rule asks about. */
  readonly flow: FunctionFlow;
  /** Nodes of the body by type, nested definitions left out: read them with `nodesOf`. */
  nodes: Map<string, SyntaxNode[]>;
}

export interface FunctionScope extends SyntaxScope {
  file: IndexedFile;
  workspace: Workspace;
  /** What every workspace caller hands the function's parameters (see `handedIn`). */
  seeds?: ReadonlyMap<string, Seed>;
}

const MEMO = 'weak-credentials:scopes';

export function unitScopes(unit: Unit, file: IndexedFile, workspace: Workspace): FunctionScope[] {
  const hit = unit.memo.get(MEMO) as { generation: number; scopes: FunctionScope[] } | undefined;
  if (hit && hit.generation === workspace.generation) return hit.scopes;
  const seedsByFunction = handedIn(workspace);
  const scopes = unitFacts(unit)
    .functions.map((fact): FunctionScope => {
      let flow: FunctionFlow | undefined;
      const seeds = seedsByFunction.get(definitionKey(file, fact.qualname));
      return {
        fact,
        file,
        workspace,
        ...(seeds && { seeds }),
        get flow() {
          return (flow ??= flowOf(fact.node, workspace, file, fact, seeds));
        },
        nodes: ownNodes(fact.node),
      };
    });
  unit.memo.set(MEMO, { generation: workspace.generation, scopes });
  return scopes;
}

const SYNTAX_SCOPES = new WeakMap<SyntaxNode, SyntaxScope>();

/**
 * A function as other units may read it (unit summaries): its flow follows no helper, so what it
 * says changes only with its own statement, on which it is kept.
 */
export function syntaxScope(fact: FunctionFact): SyntaxScope {
  let scope = SYNTAX_SCOPES.get(fact.node);
  if (!scope) {
    let flow: FunctionFlow | undefined;
    scope = {
      fact,
      get flow() {
        return (flow ??= new FunctionFlow(fact.node));
      },
      nodes: ownNodes(fact.node),
    };
    SYNTAX_SCOPES.set(fact.node, scope);
  }
  return scope;
}

/** Pure syntax: kept as long as the definition's statement is unchanged. */
const OWN_NODES = new WeakMap<SyntaxNode, Map<string, SyntaxNode[]>>();

/**
 * The statement and expression kinds the rules ask every scope for, listed
 * in one walk. Listing every kind (identifiers above all) held 16 MB on a
 * 200-file workspace; a kind outside this set is listed when first asked.
 */
const LISTED = new Set([
  'assignment', 'call', 'comparison_operator', 'conditional_expression', 'elif_clause', 'expression_statement',
  'if_statement', 'raise_statement', 'return_statement', 'subscript', 'try_statement',
]);

/**
 * What a scope's node lists leave out: nested definitions with their
 * decorators. (Lambdas stay in, unlike the shared default: their calls and
 * comparisons are the function's as far as the FG2xx rules go.)
 */
const NESTED: ReadonlySet<string> = new Set(['function_definition', 'class_definition', 'decorated_definition']);

function ownNodes(def: SyntaxNode): Map<string, SyntaxNode[]> {
  const hit = OWN_NODES.get(def);
  if (hit) return hit;
  const byType = new Map<string, SyntaxNode[]>();
  OWN_NODES.set(def, byType);
  walkOwn(def.field_('body'), (n) => {
    if (!LISTED.has(n.type)) return;
    const list = byType.get(n.type);
    if (list) list.push(n);
    else byType.set(n.type, [n]);
  }, NESTED);
  return byType;
}

const NONE: SyntaxNode[] = [];

function nodesOfType(scope: SyntaxScope, type: string): readonly SyntaxNode[] {
  const listed = scope.nodes.get(type);
  if (listed || LISTED.has(type)) return listed ?? NONE;
  const found: SyntaxNode[] = [];
  walkOwn(scope.fact.node.field_('body'), (n) => {
    if (n.type === type) found.push(n);
  }, NESTED);
  scope.nodes.set(type, found);
  return found;
}

export function nodesOf(scope: SyntaxScope, ...types: string[]): readonly SyntaxNode[] {
  return types.length === 1 ? nodesOfType(scope, types[0]!) : types.flatMap((t) => nodesOfType(scope, t));
}

/** The innermost function scope of the unit that contains `node`. */
export function scopeAt(scopes: readonly FunctionScope[], node: SyntaxNode): FunctionScope | undefined {
  let best: FunctionScope | undefined;
  for (const s of scopes) if (s.fact.node.contains(node) && (!best || best.fact.node.contains(s.fact.node))) best = s;
  return best;
}

const ROUTE_DECORATORS = /^(route|get|post|put|patch|delete|api_route)$/;
const VIEW_METHODS = /^(get|post|put|patch|delete|head|options|dispatch_request)$/;

/** Last names of a function's decorators (`app.route(...)` → `route`). */
export function decoratorNames(fact: FunctionFact): string[] {
  return fact.decorators.map((d) => lastName(dottedName(callParts(decoratorExpression(d))?.callee ?? decoratorExpression(d))) ?? '');
}

/** A view function or a view class's handler, by its own syntax: unit checks do not see the Flask model. */
export function isViewFunction(fact: FunctionFact): boolean {
  return decoratorNames(fact).some((d) => ROUTE_DECORATORS.test(d)) || (!!fact.className && VIEW_METHODS.test(fact.name));
}

/** The rule of a view's route decorator (`@bp.get('/reset')` → `/reset`), when it is written as a string. */
export function routeRule(fact: FunctionFact): string | undefined {
  for (const d of fact.decorators) {
    const parts = callParts(decoratorExpression(d));
    if (parts && ROUTE_DECORATORS.test(lastName(dottedName(parts.callee)) ?? '')) return stringValue(parts.positional[0]);
  }
  return undefined;
}

/** The file as indexed now: fixes are built when read, possibly after later edits re-indexed it. */
export function liveFile(workspace: Workspace, file: IndexedFile): IndexedFile {
  return workspace.get(file.path) ?? file;
}

/**
 * A definition by file and name (`views.py:Api.get`, `config.py:JWT_SECRET`): workspace-wide indexes kept
 * across keystrokes cannot use offsets, which typing earlier in the file moves.
 */
export function definitionKey(file: IndexedFile, name: string): string {
  return `${file.path}:${name}`;
}

/**
 * The scope with a flow in which the parameters `params` carry the `Authorization` header: what
 * Flask-HTTPAuth hands a `verify_token` callback (no workspace call site shows it).
 */
export function withAuthorizationParameters(scope: FunctionScope, params: Iterable<string>): FunctionScope {
  const seeds = new Map([...params].map((p): [string, Taint[]] => [p, [{ source: { kind: 'header', name: 'authorization', node: scope.fact.node }, steps: [] }]]));
  return seeds.size ? { ...scope, flow: new FunctionFlow(scope.fact.node, undefined, 0, false, seeds) } : scope;
}

/** A call that hands a function request data or the request object, read from its unit's own syntax. */
interface HandOff {
  call: SyntaxNode;
  /** The called function as written (`keys.key_ok`). */
  callee: string;
  /** The calling function, for name resolution. */
  scope: FunctionFact;
  /** What each argument (by position or keyword) carries from the request, where it carries anything. */
  seeds: Map<number | string, Seed>;
}

const HAND_OFFS = 'weak-credentials:hand-offs';

/** Calls of the unit's functions that hand on credentials from the request or `request` itself (pure syntax, kept on the unit). */
function handOffs(unit: Unit): HandOff[] {
  let out = unit.memo.get(HAND_OFFS) as HandOff[] | undefined;
  if (out) return out;
  out = [];
  unit.memo.set(HAND_OFFS, out);
  // Only a function that reads the request (or the session) has anything to hand on.
  if (!/\b(request|session)\b/.test(unit.text)) return out;
  for (const fact of unitFacts(unit).functions) {
    const scope = syntaxScope(fact);
    for (const call of nodesOf(scope, 'call')) {
      const parts = callParts(call)!;
      if (!parts.name || (!parts.positional.length && !parts.keywords.size)) continue;
      const seeds = new Map<number | string, Seed>();
      // Credentials, or a collection that may hold them read whole: what the FG2xx rules ask of a helper's parameter.
      const seedOf = (arg: SyntaxNode): Seed | undefined => {
        if (isRequest(arg)) return 'request';
        const taints = scope.flow.taintsOf(arg).filter((t) => isCredential(t) || isWholeCollection(t));
        const carried = taints.length ? taints : digestInputs(scope, arg);
        return carried.length ? carried : undefined;
      };
      parts.positional.forEach((arg, i) => {
        const seed = seedOf(arg);
        if (seed) seeds.set(i, seed);
      });
      for (const [name, arg] of parts.keywords) {
        const seed = seedOf(arg);
        if (seed) seeds.set(name, seed);
      }
      if (seeds.size) out.push({ call, callee: parts.name, scope: fact, seeds });
    }
  }
  return out;
}

/**
 * `_same(_digest(presented), STORED_HASH)`: a digest of a credential, handed on, is as secret to compare as the
 * credential itself (FG203 names digests). What the digest call and the calls inside it are given.
 */
function digestInputs(scope: SyntaxScope, arg: SyntaxNode): Taint[] {
  if (!isDigestCall(arg)) return [];
  return arg.find('call').flatMap((c) => callParts(c)!.positional.flatMap((a) => scope.flow.taintsOf(a).filter(isCredential)));
}

/** For the unit's interface: what its calls hand on decides what the called helpers' parameters carry. */
export function handOffSummary(unit: Unit): string {
  const describe = (seed: Seed) => (seed === 'request' ? 'request' : [...new Set(seed.map((t) => `${t.source.kind}:${t.source.name ?? ''}`))].sort().join('+'));
  return handOffs(unit).map((h) => `${h.callee}(${[...h.seeds].map(([arg, seed]) => `${arg}=${describe(seed)}`).join(',')})`).join(';');
}

interface Callee {
  fn: FunctionFact;
  sites: HandOff[];
  /** A workspace call that hands it nothing from the request. */
  otherCaller: boolean;
}

const HANDED_IN = new WeakMap<Workspace, { epoch: number; byFunction: Map<string, ReadonlyMap<string, Seed>> }>();

/**
 * Workspace functions (by `definitionKey`) and what their parameters carry when every workspace call hands
 * the same kind of thing there: credentials from the request (`key_ok(partner, request.headers['Authorization'])`) or the
 * request object (`get_api_key(request)`). One level deep: what a helper hands on from its own parameters
 * is not followed. Kept per interface epoch, since hand-offs are part of the units' interfaces.
 */
function handedIn(workspace: Workspace): Map<string, ReadonlyMap<string, Seed>> {
  const hit = HANDED_IN.get(workspace);
  if (hit?.epoch === workspace.interfaceEpoch) return hit.byFunction;
  const callees = calleesHandedRequestData(workspace);
  if (callees.size) markOtherCallers(workspace, callees);
  const byFunction = new Map<string, ReadonlyMap<string, Seed>>();
  for (const [key, callee] of callees) {
    const seeds = commonSeeds(callee);
    if (seeds.size) byFunction.set(key, seeds);
  }
  HANDED_IN.set(workspace, { epoch: workspace.interfaceEpoch, byFunction });
  return byFunction;
}

function calleesHandedRequestData(workspace: Workspace): Map<string, Callee> {
  const callees = new Map<string, Callee>();
  for (const file of workspace.all()) {
    for (const unit of file.source.units) {
      for (const h of handOffs(unit)) {
        const b = workspace.resolveDotted(file, h.callee, h.scope);
        if (b?.kind !== 'function') continue;
        const key = definitionKey(b.file, b.fact.qualname);
        const callee = callees.get(key) ?? { fn: b.fact, sites: [], otherCaller: false };
        callee.sites.push(h);
        callees.set(key, callee);
      }
    }
  }
  return callees;
}

/** Finds the calls of `callees` that hand them nothing from the request (a constant, a local value). */
function markOtherCallers(workspace: Workspace, callees: Map<string, Callee>): void {
  const names = new Set([...callees.values()].map((c) => c.fn.name));
  const named = new RegExp(`\\b(${[...names].join('|')})\\s*\\(`);
  for (const file of workspace.all()) {
    for (const unit of file.source.units) {
      if (!named.test(unit.text)) continue;
      const handed = new Set(handOffs(unit).map((h) => h.call));
      const facts = unitFacts(unit).functions;
      const calls = facts.length ? facts.flatMap((fact) => nodesOf(syntaxScope(fact), 'call').map((call) => ({ call, fact }))) : unit.root.find('call').map((call) => ({ call, fact: undefined }));
      for (const { call, fact } of calls) {
        const name = callParts(call)!.name;
        if (handed.has(call) || !name || !names.has(lastName(name) ?? '')) continue;
        const b = workspace.resolveDotted(file, name, fact);
        const callee = b?.kind === 'function' ? callees.get(definitionKey(b.file, b.fact.qualname)) : undefined;
        if (callee) callee.otherCaller = true;
      }
    }
  }
}

/** The parameters every call site seeds alike: all with the request object, or all with request values. */
function commonSeeds(callee: Callee): Map<string, Seed> {
  const seeds = new Map<string, Seed>();
  if (callee.otherCaller) return seeds;
  const perSite = callee.sites.map((site) => new Map([...site.seeds].map(([arg, seed]) => [parameterFor(callee.fn, arg), seed] as const)));
  for (const param of callee.fn.params) {
    const given = perSite.map((site) => site.get(param));
    if (given.every((g) => g === 'request')) seeds.set(param, 'request');
    else if (given.every((g) => g !== undefined && g !== 'request')) seeds.set(param, given.flatMap((g) => g as Taint[]));
  }
  return seeds;
}
