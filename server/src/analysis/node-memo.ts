/** Results computed for a syntax node, per kind of result, with the epoch they were computed under. */
import type { SyntaxNode } from './syntax';

const NODE_MEMO = new WeakMap<SyntaxNode, Map<string, { epoch: number; value: unknown }>>();

/** A result for a syntax node that holds as long as the node (its statement) and the epoch do. */
export function memo<T>(node: SyntaxNode, kind: string, epoch: number, compute: () => T): T {
  let byKind = NODE_MEMO.get(node);
  const hit = byKind?.get(kind);
  if (hit && hit.epoch === epoch) return hit.value as T;
  const value = compute();
  if (!byKind) NODE_MEMO.set(node, (byKind = new Map()));
  byKind.set(kind, { epoch, value });
  return value;
}
