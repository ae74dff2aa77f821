/** Reading one function's own code: nested functions, classes and lambdas are other scopes, with their own flow. */
import type { SyntaxNode } from './syntax';

const SCOPES: ReadonlySet<string> = new Set(['function_definition', 'class_definition', 'lambda']);

/** Visits the nodes inside `root` (a function body) in order, not descending into `nested` kinds of node. */
export function walkOwn(root: SyntaxNode | undefined, visit: (n: SyntaxNode) => void, nested: ReadonlySet<string> = SCOPES): void {
  root?.walk((n) => {
    if (n !== root && nested.has(n.type)) return false;
    visit(n);
    return undefined;
  });
}

/** Nodes of `types` inside `root` (a function body), not descending into nested scopes. */
export function ownNodes(root: SyntaxNode | undefined, types: readonly string[]): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  walkOwn(root, (n) => {
    if (types.includes(n.type)) out.push(n);
  });
  return out;
}
