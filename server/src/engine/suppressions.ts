/** `# flask-guard: ignore[FG101, FG102]` comments: the codes a line silences. */
import type { SourceFile } from '../analysis/source-file';
import type { Unit } from '../analysis/syntax';

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

const MEMO = 'suppressions';
const MENTION = /flask-guard/i;

/** The suppression comments of one statement: offsets from its start, and the codes each silences. */
function unitSuppressions(unit: Unit): { at: number; codes: string[] }[] {
  let found = unit.memo.get(MEMO) as { at: number; codes: string[] }[] | undefined;
  if (!found) {
    found = [];
    if (MENTION.test(unit.text)) {
      for (const comment of unit.root.find('comment')) {
        const codes = suppressedCodes(comment.text);
        if (codes) found.push({ at: comment.rs, codes });
      }
    }
    unit.memo.set(MEMO, found);
  }
  return found;
}

/**
 * The lines of a file that carry a suppression comment, with the codes each
 * silences. Read from the comments of its statements (remembered on each),
 * not from the file's lines: a keystroke then never has to put the file's
 * text together.
 */
export function suppressedLines(source: SourceFile): Map<number, string[]> {
  const lines = new Map<number, string[]>();
  for (const unit of source.units) {
    for (const s of unitSuppressions(unit)) lines.set(source.lineIndex.position(unit.base + s.at).line, s.codes);
  }
  return lines;
}
