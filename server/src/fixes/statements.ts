/** Where a node's or a statement's lines start and end, for fixes that add, move or remove whole lines. */
import type { SyntaxNode } from '../analysis/syntax';

export interface StatementLines {
  stmt: SyntaxNode;
  /** Offset of the first character of the statement's first line. */
  lineStart: number;
  /** Offset just after the statement's last line (its newline included). */
  lineEnd: number;
  indent: string;
}

/** The lines `[start, end)` of `text` lie on: where the first starts, where the last ends (after its newline), and what precedes `start` on its line. */
export function linesOf(text: string, start: number, end: number): { lineStart: number; lineEnd: number; indent: string } {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const nl = text.indexOf('\n', end);
  return { lineStart, lineEnd: nl < 0 ? text.length : nl + 1, indent: text.slice(lineStart, start) };
}

/** The statement of a block that holds `node`, when it starts its own line. */
export function statementOf(node: SyntaxNode): StatementLines | undefined {
  let stmt: SyntaxNode | undefined = node;
  while (stmt.parent && stmt.parent.type !== 'block') stmt = stmt.parent;
  if (!stmt.parent) return undefined;
  const { lineStart, lineEnd, indent } = linesOf(stmt.unit.text, stmt.rs, stmt.re);
  if (indent.trim()) return undefined;
  return { stmt, lineStart: stmt.unit.base + lineStart, lineEnd: stmt.unit.base + lineEnd, indent };
}
