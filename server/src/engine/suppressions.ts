/** `# flask-guard: ignore[FG101, FG102]` comments: the codes a line silences. */

const SUPPRESSION = /#\s*flask-guard:\s*ignore(?:\[([^\]]*)\])?/i;

/** undefined: no suppression; []: every rule; else the listed codes. */
export function suppressedCodes(line: string): string[] | undefined {
  const m = SUPPRESSION.exec(line);
  if (!m) return undefined;
  if (m[1] === undefined) return [];
  return m[1].split(',').map((c) => c.trim().toUpperCase()).filter(Boolean);
}

/** The line with `code` added to its suppression comment (or a new comment appended). */
export function withSuppression(line: string, code: string): string {
  const m = SUPPRESSION.exec(line);
  if (!m) return `${line.replace(/\s+$/, '')}  # flask-guard: ignore[${code}]`;
  if (m[1] === undefined) return line;
  const codes = m[1].split(',').map((c) => c.trim()).filter(Boolean);
  if (codes.includes(code)) return line;
  return line.slice(0, m.index) + `# flask-guard: ignore[${[...codes, code].join(', ')}]` + line.slice(m.index + m[0].length);
}
