/** Small, engine-independent text edits for writing expected fix outputs next to their inputs. */

/**
 * `code` with `line` inserted above every line that starts (after its
 * indentation) with one of `anchors`, at that line's indentation: what an
 * "add a decorator" fix is expected to produce.
 */
export function insertAbove(code: string, line: string, ...anchors: string[]): string {
  let out = code;
  for (const anchor of anchors) {
    const lines = out.split('\n');
    const at = lines.findIndex((l) => l.trimStart().startsWith(anchor));
    if (at < 0) throw new Error(`no line starts with "${anchor}"`);
    const indent = lines[at]!.slice(0, lines[at]!.length - lines[at]!.trimStart().length);
    lines.splice(at, 0, indent + line);
    out = lines.join('\n');
  }
  return out;
}

/** `code` with `line` inserted below the first line that starts with `anchor` (same indentation as that line). */
export function insertBelow(code: string, line: string, anchor: string): string {
  const lines = code.split('\n');
  const at = lines.findIndex((l) => l.trimStart().startsWith(anchor));
  if (at < 0) throw new Error(`no line starts with "${anchor}"`);
  const indent = lines[at]!.slice(0, lines[at]!.length - lines[at]!.trimStart().length);
  lines.splice(at + 1, 0, indent + line);
  return lines.join('\n');
}
