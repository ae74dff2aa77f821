/** Reading one function's own code: nested functions, classes and lambdas are other scopes, with their own flow. */
import type { SyntaxNode } from './syntax';

const SCOPES = new Set(['function_definition', 'class_definition', 'lambda']);

/** Nodes of `types` inside `root` (a function body), not descending into nested scopes. */
export function ownNodes(root: SyntaxNode | undefined, types: readonly string[]): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  root?.walk((n) => {
    if (n !== root && SCOPES.has(n.type)) return false;
    if (types.includes(n.type)) out.push(n);
    return undefined;
  });
  return out;
}
