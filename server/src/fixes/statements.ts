/** Where a statement's lines start and end, for fixes that add or remove whole statements. */
import type { SyntaxNode } from '../analysis/syntax';

export interface StatementLines {
  stmt: SyntaxNode;
  /** Offset of the first character of the statement's first line. */
  lineStart: number;
  /** Offset just after the statement's last line (its newline included). */
  lineEnd: number;
  indent: string;
}

/** The statement of a block that holds `node`, when it starts its own line. */
export function statementOf(node: SyntaxNode): StatementLines | undefined {
  let stmt: SyntaxNode | undefined = node;
  while (stmt.parent && stmt.parent.type !== 'block') stmt = stmt.parent;
  if (!stmt.parent) return undefined;
  const text = stmt.unit.text;
  const rel = text.lastIndexOf('\n', stmt.rs - 1) + 1;
  const indent = text.slice(rel, stmt.rs);
  if (indent.trim()) return undefined;
  const nl = text.indexOf('\n', stmt.re);
  return { stmt, lineStart: stmt.unit.base + rel, lineEnd: stmt.unit.base + (nl < 0 ? text.length : nl + 1), indent };
}
