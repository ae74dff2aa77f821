/** Applying fixes to text: non-overlapping edits, last first, per file. */
import { pushTo } from '../analysis/multimap';
import type { FileEdit, Fix } from '../rules/types';

/** Applies replace edits to one file's text; an edit overlapping an earlier-applied one is dropped. */
export function applyEdits(text: string, edits: readonly FileEdit[]): string {
  const replaces = edits.filter((e): e is Extract<FileEdit, { kind: 'replace' }> => e.kind === 'replace').sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  let floor = Infinity;
  for (const e of replaces) {
    if (e.end > floor) continue;
    out = out.slice(0, e.start) + e.text + out.slice(e.end);
    floor = e.start;
  }
  return out;
}

/** Groups the fixes' edits by file; fixes that overlap an already chosen fix are left for the next round. */
export function selectFixes(fixes: readonly Fix[]): { chosen: Fix[]; edits: Map<string, FileEdit[]> } {
  const edits = new Map<string, FileEdit[]>();
  const chosen: Fix[] = [];
  const overlaps = (a: FileEdit, b: FileEdit) =>
    a.file === b.file && (a.kind === 'create' || b.kind === 'create' || (a.start < b.end && b.start < a.end) || (a.start === b.start && a.end === a.start && b.end === b.start));
  for (const fix of fixes) {
    const taken = [...edits.values()].flat();
    if (fix.edits.some((e) => taken.some((t) => overlaps(e, t)))) continue;
    chosen.push(fix);
    for (const e of fix.edits) {
      const list = edits.get(e.file) ?? [];
      list.push(e);
      edits.set(e.file, list);
    }
  }
  return { chosen, edits };
}

/** The new text of every file the edits touch (created files included); `read` gives current texts. */
export function applyToFiles(edits: readonly FileEdit[], read: (file: string) => string | undefined): Map<string, string> {
  const byFile = new Map<string, FileEdit[]>();
  for (const e of edits) pushTo(byFile, e.file, e);
  const out = new Map<string, string>();
  for (const [file, list] of byFile) {
    const created = list.find((e) => e.kind === 'create');
    const base = created && created.kind === 'create' ? created.text : (read(file) ?? '');
    out.set(file, applyEdits(base, list));
  }
  return out;
}
