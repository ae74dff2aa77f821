/**
 * The functions of one unit, each with its data flow and its own syntax
 * (nested functions and classes excluded: they are scopes of their own).
 * Every FG2xx unit rule reads the same scopes, so they are built once per
 * unit and workspace generation.
 */
import { walkOwn } from '../../analysis/body';
import { flowOf, FunctionFlow, type Taint } from '../../analysis/dataflow';
import { unitFacts, type FunctionFact } from '../../analysis/facts';
import { callParts, decoratorExpression, dottedName, lastName, stringValue } from '../../analysis/python';
import type { SyntaxNode, Unit } from '../../analysis/syntax';
import type { IndexedFile, Workspace } from '../../analysis/workspace';

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
}

const MEMO = 'weak-credentials:scopes';

export function unitScopes(unit: Unit, file: IndexedFile, workspace: Workspace): FunctionScope[] {
  const hit = unit.memo.get(MEMO) as { generation: number; scopes: FunctionScope[] } | undefined;
  if (hit && hit.generation === workspace.generation) return hit.scopes;
  const scopes = unitFacts(unit)
    .functions.map((fact): FunctionScope => {
      let flow: FunctionFlow | undefined;
      return {
        fact,
        file,
        workspace,
        get flow() {
          return (flow ??= flowOf(fact.node, workspace, file, fact));
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
 * The scope with a flow in which the parameters `params` carry the `Authorization` header: what a caller
 * hands a helper, or what Flask-HTTPAuth hands a `verify_token` callback.
 */
export function withAuthorizationParameters(scope: FunctionScope, params: Iterable<string>): FunctionScope {
  const seeds = new Map([...params].map((p): [string, Taint[]] => [p, [{ source: { kind: 'header', name: 'authorization', node: scope.fact.node }, steps: [] }]]));
  return seeds.size ? { ...scope, flow: new FunctionFlow(scope.fact.node, undefined, 0, false, seeds) } : scope;
}
