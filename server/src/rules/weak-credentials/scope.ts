/**
 * The functions of one unit, each with its data flow and its own syntax
 * (nested functions and classes excluded: they are scopes of their own).
 * Every FG2xx unit rule reads the same scopes, so they are built once per
 * unit and workspace generation.
 */
import { flowOf, type FunctionFlow } from '../../analysis/dataflow';
import { unitFacts, type FunctionFact } from '../../analysis/facts';
import type { SyntaxNode, Unit } from '../../analysis/syntax';
import type { IndexedFile, Workspace } from '../../analysis/workspace';

export interface FunctionScope {
  fact: FunctionFact;
  file: IndexedFile;
  workspace: Workspace;
  /** Built on first use: most functions have no site a rule asks about. */
  readonly flow: FunctionFlow;
  /** Nodes of the body by type, nested definitions left out. */
  nodes: Map<string, SyntaxNode[]>;
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

/** Pure syntax: kept as long as the definition's statement is unchanged. */
const OWN_NODES = new WeakMap<SyntaxNode, Map<string, SyntaxNode[]>>();

function ownNodes(def: SyntaxNode): Map<string, SyntaxNode[]> {
  const hit = OWN_NODES.get(def);
  if (hit) return hit;
  const byType = new Map<string, SyntaxNode[]>();
  OWN_NODES.set(def, byType);
  def.field_('body')?.walk((n) => {
    if (n.type === 'function_definition' || n.type === 'class_definition' || n.type === 'decorated_definition') return false;
    const list = byType.get(n.type);
    if (list) list.push(n);
    else byType.set(n.type, [n]);
    return undefined;
  });
  return byType;
}

const NONE: SyntaxNode[] = [];

export function nodesOf(scope: FunctionScope, ...types: string[]): readonly SyntaxNode[] {
  return types.length === 1 ? (scope.nodes.get(types[0]!) ?? NONE) : types.flatMap((t) => scope.nodes.get(t) ?? NONE);
}

/** The innermost function scope of the unit that contains `node`. */
export function scopeAt(scopes: readonly FunctionScope[], node: SyntaxNode): FunctionScope | undefined {
  let best: FunctionScope | undefined;
  for (const s of scopes) if (s.fact.node.contains(node) && (!best || best.fact.node.contains(s.fact.node))) best = s;
  return best;
}

/** The file as indexed now: fixes are built when read, possibly after later edits re-indexed it. */
export function liveFile(workspace: Workspace, file: IndexedFile): IndexedFile {
  return workspace.get(file.path) ?? file;
}
