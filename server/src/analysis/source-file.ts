/**
 * One Python file: its text, its line index and its units (top-level
 * statements). Opening a file parses it once. Each edit is applied to the
 * old tree with `tree.edit`; the statement or stretch between statements it
 * reached is re-parsed alone when that is safe, else the file is re-parsed
 * incrementally with the old tree. Only the units the edit reached are
 * copied again.
 */
import { Edit, type PythonParser, type Tree, type TreeCursor, type TsNode } from './parser';
import { copyUnit, type Unit } from './syntax';
import { EditedText, type TextChange } from './edited-text';

export type { TextChange };

/** One statement replaced by an edit inside it: `removed` characters at `at` (from its start) became `inserted` ones. */
export interface UnitSwap {
  old: Unit;
  fresh: Unit;
  at: number;
  removed: number;
  inserted: number;
}

export interface Position {
  line: number;
  character: number;
}

export class LineIndex {
  readonly starts: number[];
  readonly #text: EditedText;
  constructor(
    text: string | EditedText,
    /** Line starts already known (see `replaced`); computed from `text` otherwise. */
    starts?: number[],
  ) {
    this.#text = typeof text === 'string' ? EditedText.of(text) : text;
    if (starts) {
      this.starts = starts;
      return;
    }
    const value = this.#text.value;
    this.starts = [0];
    for (let i = value.indexOf('\n'); i >= 0; i = value.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  get text(): string {
    return this.#text.value;
  }
  get length(): number {
    return this.#text.length;
  }
  /**
   * The index of `text`, which is this index's text with [start, oldEnd)
   * replaced by `inserted`. Shifting the line starts costs a copy of one
   * number per line; rescanning a 50,000-line file for line breaks on every
   * keystroke cost 2.3 ms.
   */
  replaced(text: EditedText, start: number, oldEnd: number, inserted: string): LineIndex {
    const s = this.starts;
    const firstAfter = (offset: number) => {
      let lo = 0;
      let hi = s.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (s[mid]! <= offset) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    const delta = inserted.length - (oldEnd - start);
    // Starts in (start, oldEnd] followed a line break the change removed.
    const next = s.slice(0, firstAfter(start));
    for (let i = inserted.indexOf('\n'); i >= 0; i = inserted.indexOf('\n', i + 1)) next.push(start + i + 1);
    for (let i = firstAfter(oldEnd); i < s.length; i++) next.push(s[i]! + delta);
    return new LineIndex(text, next);
  }
  position(offset: number): Position {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - this.starts[lo]! };
  }
  offset(pos: Position): number {
    if (pos.line >= this.starts.length) return this.length;
    const start = this.starts[Math.max(0, pos.line)]!;
    const next = pos.line + 1 < this.starts.length ? this.starts[pos.line + 1]! : this.length + 1;
    return Math.min(start + Math.max(0, pos.character), next - 1, this.length);
  }
  lineText(line: number): string {
    const start = this.starts[line] ?? this.length;
    const end = line + 1 < this.starts.length ? this.starts[line + 1]! - 1 : this.length;
    return this.text.slice(start, end).replace(/\r$/, '');
  }
}

export class SourceFile {
  private lines: LineIndex | undefined;
  #lastSwap: UnitSwap | undefined;
  private constructor(
    readonly path: string,
    private source: EditedText,
    private tree: Tree | null,
    private unitList: Unit[],
    /** Bumped on every change, so caches keyed on it go stale. */
    public version: number,
  ) {}

  /** Parses `text` from scratch. With `keepTree` the tree stays for incremental edits. */
  static parse(p: PythonParser, path: string, text: string, keepTree: boolean): SourceFile {
    const tree = p.parser.parse(chunks(text));
    if (!tree) throw new Error(`tree-sitter could not parse ${path}`);
    const units = readUnits(p, tree, text, 0).fresh;
    if (!keepTree) tree.delete();
    return new SourceFile(path, EditedText.of(text), keepTree ? tree : null, units, 0);
  }

  get text(): string {
    return this.source.value;
  }
  /**
   * When the last edit replaced one statement by another at the same place
   * (typing inside it), the two: what was built from the file's statements
   * can be patched rather than rebuilt.
   */
  get lastSwap(): UnitSwap | undefined {
    return this.#lastSwap;
  }
  get units(): readonly Unit[] {
    return this.unitList;
  }
  get lineIndex(): LineIndex {
    return (this.lines ??= new LineIndex(this.source));
  }
  get hasTree(): boolean {
    return this.tree !== null;
  }

  /**
   * Applies changes in order (each against the result of the previous, as LSP
   * sends them), re-parses with the edited old tree, and re-copies only the
   * units in the region that changed. Returns the units of that region.
   */
  edit(p: PythonParser, changes: readonly TextChange[]): Unit[] {
    if (!this.tree) throw new Error(`${this.path} was opened without a tree; re-open it to edit`);
    const local = changes.length === 1 ? this.localSite(changes[0]!) : undefined;
    this.#lastSwap = undefined;
    let text = this.source;
    let lines = this.lineIndex;
    let lo = Infinity;
    let hi = -Infinity;
    for (const change of changes) {
      const start = clamp(change.start, 0, text.length);
      const oldEnd = clamp(change.end, start, text.length);
      const newEnd = start + change.text.length;
      const delta = newEnd - oldEnd;
      this.tree.edit(
        new Edit({
          startIndex: start,
          oldEndIndex: oldEnd,
          newEndIndex: newEnd,
          startPosition: point(lines.position(start)),
          oldEndPosition: point(lines.position(oldEnd)),
          newEndPosition: point(endPoint(lines.position(start), change.text)),
        }),
      );
      // A unit that ends where the change starts, or starts where it ends, is touched too.
      this.unitList = this.unitList.filter((u) => u.end < start || u.base > oldEnd);
      for (const unit of this.unitList) if (unit.base > oldEnd) unit.base += delta;
      if (lo !== Infinity) {
        lo = lo > oldEnd ? lo + delta : Math.min(lo, start);
        hi = hi >= oldEnd ? hi + delta : hi >= start ? start : hi;
      }
      lo = Math.min(lo, start);
      hi = Math.max(hi, newEnd);
      text = text.with({ start, end: oldEnd, text: change.text });
      lines = lines.replaced(text, start, oldEnd, change.text);
    }
    // The file's tree keeps the edit (tree.edit above) and catches up at the
    // next edit that needs it: edits accumulate on a tree until a parse.
    const replaced = local && this.reparseLocally(p, local, changes[0]!);
    if (replaced) {
      // The change loop above dropped the statements the change touched and moved the ones after it.
      const at = this.unitList.findIndex((u) => u.base >= local.from);
      this.unitList.splice(at < 0 ? this.unitList.length : at, 0, ...replaced);
      this.source = text;
      this.lines = lines;
      this.version++;
      if (local.kind === 'statement' && replaced.length === 1) {
        const change = changes[0]!;
        this.#lastSwap = { old: local.unit, fresh: replaced[0]!, at: change.start - local.unit.base, removed: change.end - change.start, inserted: change.text.length };
      }
      return replaced;
    }
    const tree = p.parser.parse(chunks(text.value), this.tree);
    if (!tree) throw new Error(`tree-sitter could not re-parse ${this.path}`);
    for (const range of tree.getChangedRanges(this.tree)) {
      lo = Math.min(lo, range.startIndex);
      hi = Math.max(hi, range.endIndex);
    }
    this.tree.delete();
    this.tree = tree;
    this.source = text;
    this.lines = lines;
    this.version++;

    // Keep the units wholly outside [lo, hi]; re-read the rest from the tree.
    const before = this.unitList.filter((u) => u.end < lo);
    const after = this.unitList.filter((u) => u.base > hi);
    const from = before.length ? before[before.length - 1]!.end : 0;
    // tree-sitter may report everything after a new top-level line as changed,
    // and a statement it reads as broken may swallow the ones after it (they
    // are then salvaged, see copyStatement): statements whose text did not
    // change keep their copies.
    const reusable = new Map(this.unitList.filter((u) => u.end >= lo).map((u) => [u.base, u]));
    const { fresh, keptAfter } = readUnits(p, tree, text.value, from, after, reusable);
    // A kept unit that the new tree merged into a fresh one is stale.
    const firstFresh = fresh[0];
    const keptBefore = firstFresh ? before.filter((u) => u.end <= firstFresh.base) : before;
    this.unitList = [...keptBefore, ...fresh, ...keptAfter];
    return fresh;
  }

  /**
   * Where a change can be re-parsed on its own, in an error-free file
   * (around an error the parse of one statement depends on its neighbours).
   * tree-sitter's incremental re-parse visits every top-level statement
   * (1 ms on a file of 570 of them, wherever the edit), and a new line between
   * two definitions makes it re-parse everything after it (34 ms), while a
   * statement or the stretch between two statements parses in microseconds.
   * `statement`: strictly inside one statement, which is re-parsed alone.
   * `region`: anything else; the stretch from the end of the statement before
   * the change to the start of the one after it is re-parsed.
   */
  private localSite(change: TextChange): LocalSite | undefined {
    const units = this.unitList;
    // Past this size a parse of the site alone costs more than the incremental re-parse.
    const budget = 2000 + 10 * units.length;
    let before = -1;
    let after = units.length;
    for (const [i, u] of units.entries()) {
      if (u.hasError) return undefined;
      if (u.end < change.start) before = i;
      else if (u.base > change.end && after === units.length) after = i;
    }
    // An indented statement the parse left at top level joins a definition the change gives a body to.
    if (!startsLines(units, after, this.source.value)) return undefined;
    if (after === before + 2) {
      const unit = units[before + 1]!;
      if (unit.base < change.start && change.end < unit.end) return unit.text.length <= budget ? { kind: 'statement', unit, from: unit.base } : undefined;
    }
    const from = before >= 0 ? units[before]!.end : 0;
    const to = after < units.length ? units[after]!.base : this.source.length;
    if (to - from > budget) return undefined;
    const text = this.source.value;
    // A statement after the stretch on the same line (a comment after code) could be swallowed by it.
    if (to < text.length && text[to - 1] !== '\n') return undefined;
    return { kind: 'region', from, text: text.slice(from, to), atLineStart: before < 0 };
  }

  /** The statements the change leaves at `site`, parsed on their own; undefined when only a parse of the file can tell. */
  private reparseLocally(p: PythonParser, site: LocalSite, change: TextChange): Unit[] | undefined {
    const old = site.kind === 'statement' ? site.unit.text : site.text;
    const text = old.slice(0, change.start - site.from) + change.text + old.slice(change.end - site.from);
    const tree = p.parser.parse(text);
    if (!tree) return undefined;
    const cursor = tree.walk();
    try {
      const root = tree.rootNode;
      if (root.hasError) return undefined;
      const nodes = root.namedChildren.filter((n): n is NonNullable<typeof n> => n !== null);
      if (site.kind === 'statement') {
        // Still one statement of the same kind, ending where the text ends: else the change may reach past it (an opened bracket, a dedent).
        const only = nodes.length === 1 ? nodes[0]! : undefined;
        if (!only || only.startIndex !== 0 || only.endIndex !== text.length || only.type !== site.unit.root.type) return undefined;
      } else if (!standsAlone(text, nodes, site.atLineStart)) return undefined;
      return nodes.map((node) => {
        cursor.reset(node);
        const unit = copyUnit(cursor, p, text);
        unit.base += site.from;
        return unit;
      });
    } finally {
      cursor.delete();
      tree.delete();
    }
  }

  /** Frees the tree; the units and text stay usable. */
  dispose(): void {
    this.tree?.delete();
    this.tree = null;
  }
}

/**
 * Whether the statements from `units[i]` to the first that is not a comment
 * each start a line: what a change before them makes of them depends on
 * their indentation (comments are read anywhere and join no statement).
 */
function startsLines(units: readonly Unit[], i: number, text: string): boolean {
  for (let j = i; j < units.length; j++) {
    const unit = units[j]!;
    if (unit.base > 0 && text[unit.base - 1] !== '\n') return false;
    if (unit.root.type !== 'comment') return true;
  }
  return true;
}

type LocalSite =
  | { kind: 'statement'; unit: Unit; from: number }
  /** `text`: the old text of the stretch; `atLineStart`: it starts the file (else it starts where a statement ends). */
  | { kind: 'region'; from: number; text: string; atLineStart: boolean };

/**
 * Whether the statements parsed from a stretch between two statements are
 * what a parse of the file would find there: each starts a line at column 0
 * (an indented line after a definition would continue its body), nothing but
 * blanks shares the line the stretch starts on (it is the end of the
 * statement before), and every other line that is not blank lies within one
 * of them (an indented comment could belong to the definition before).
 */
function standsAlone(text: string, nodes: readonly TsNode[], atLineStart: boolean): boolean {
  const firstRow = atLineStart ? 0 : 1;
  for (const n of nodes) if (n.startPosition.column !== 0 || n.startPosition.row < firstRow) return false;
  let next = 0;
  for (const [row, line] of text.split('\n').entries()) {
    if (!/\S/.test(line)) continue;
    while (next < nodes.length && nodes[next]!.endPosition.row < row) next++;
    const n = nodes[next];
    if (!n || n.startPosition.row > row) return false;
  }
  return true;
}

/**
 * Copies the top-level children from the first one that ends after `from`
 * until the tree meets a kept unit again (same start and length); kept units
 * the new tree overlaps or skips are stale and dropped.
 */
function readUnits(p: PythonParser, tree: Tree, text: string, from: number, after: readonly Unit[] = [], reusable?: Map<number, Unit>): { fresh: Unit[]; keptAfter: Unit[] } {
  const fresh: Unit[] = [];
  const kept = [...after];
  // TreeCursor.gotoFirstChildForIndex always fails in web-tree-sitter 0.27; the node method works.
  let node = from > 0 ? tree.rootNode.firstNamedChildForIndex(from) : tree.rootNode.firstNamedChild;
  const cursor = tree.walk();
  try {
    for (; node; node = node.nextNamedSibling) {
      while (kept.length && kept[0]!.base < node.startIndex) kept.shift();
      const next = kept[0];
      if (next && next.base === node.startIndex && next.end === node.endIndex) break;
      // Kept units the node overlaps are stale: several when it was split (see copyStatement) or merged statements.
      while (kept.length && kept[0]!.base < node.endIndex) kept.shift();
      fresh.push(...copyStatement(p, node, cursor, text, 0, reusable));
    }
  } finally {
    cursor.delete();
  }
  return { fresh, keptAfter: kept };
}

/**
 * Copies a top-level statement into a unit, or into several when a syntax
 * error swallowed the statements after it: an unclosed bracket or string
 * reads on to the end of the file, and every route below a half-typed call
 * would lose its findings. From the first line that can only begin a new
 * statement, the rest is parsed on its own (and split again if it must).
 * `text` starts at `offset` in the file; a unit of `reusable` (by offset)
 * with the same text and reading stands for its statement, so typing inside
 * such an error re-checks the broken statement, not all that follow it.
 */
function copyStatement(p: PythonParser, node: TsNode, cursor: TreeCursor, text: string, offset: number, reusable?: Map<number, Unit>): Unit[] {
  const old = reusable?.get(offset + node.startIndex);
  // Same text is not enough: a statement salvaged from an error (parsed on its own) may have been read another way.
  if (old && !old.hasError && !node.hasError && old.root.type === node.type && old.text.length === node.endIndex - node.startIndex && text.startsWith(old.text, node.startIndex)) return [old];
  const cuts = node.hasError ? swallowedStatements(node, text) : [];
  if (!cuts.length) {
    cursor.reset(node);
    const unit = copyUnit(cursor, p, text);
    unit.base += offset;
    return [unit];
  }
  const bounds = [node.startIndex, ...cuts, node.endIndex];
  return bounds.slice(1).flatMap((to, i) => parseAlone(p, text, bounds[i]!, to, offset, reusable));
}

/** The statements of `text` between `from` and `to`, parsed apart from the rest of the file. */
function parseAlone(p: PythonParser, text: string, from: number, to: number, offset: number, reusable?: Map<number, Unit>): Unit[] {
  const kept = reusable && keptRun(text, from, to, offset, reusable);
  if (kept) return kept;
  const piece = text.slice(from, to);
  const tree = p.parser.parse(piece);
  if (!tree) return [];
  const cursor = tree.walk();
  try {
    return tree.rootNode.namedChildren.flatMap((n) => (n ? copyStatement(p, n, cursor, piece, offset + from, reusable) : []));
  } finally {
    cursor.delete();
    tree.delete();
  }
}

/**
 * Error-free units of the last reading that still cover `text` from `from` to
 * `to`, each starting a line, nothing but blanks between them: what a parse
 * of the stretch would find again (a unit later on a line, like a trailing
 * comment, may join the statement before it). Typing inside a broken
 * statement leaves the file after it as it was, and parsing that again cost
 * 30 ms a keystroke on a 5,000-line file.
 */
function keptRun(text: string, from: number, to: number, offset: number, reusable: Map<number, Unit>): Unit[] | undefined {
  const run: Unit[] = [];
  for (let at = skipBlanks(text, from, to); at < to; at = skipBlanks(text, at, to)) {
    const unit = reusable.get(offset + at);
    if (!unit || unit.hasError || (at > 0 && text[at - 1] !== '\n') || unit.end - offset > to || !text.startsWith(unit.text, at)) return undefined;
    run.push(unit);
    at += unit.text.length;
  }
  return run;
}

function skipBlanks(text: string, from: number, to: number): number {
  let at = from;
  while (at < to && /\s/.test(text[at]!)) at++;
  return at;
}

/** Lines that only a new top-level statement starts with: no expression continues with them. */
const STATEMENT_START = /^(@|(async[ \t]+)?def[ \t]|class[ \t]|from[ \t]|import[ \t]|if[ \t]+__name__\b)/;

/**
 * The offsets of the lines, after the statement's first, that start at column
 * 0 the way only a new statement can and that the parse did not put in a
 * statement begun above them: every one before the place where the parse went
 * wrong, where it still read the file as it is, and the first one after it.
 * Cutting one at a time re-parsed the rest of the file once per statement
 * before a broken one: 0.4-1 s a keystroke in a 500-line file whose error
 * made tree-sitter wrap the whole file in one ERROR node.
 */
function swallowedStatements(node: TsNode, text: string): number[] {
  const wrong = firstErrorAt(node);
  const cuts: number[] = [];
  for (let at = text.indexOf('\n', node.startIndex) + 1; at > 0 && at < node.endIndex; at = text.indexOf('\n', at) + 1) {
    if (!STATEMENT_START.test(text.slice(at, at + 40)) || continuesStatement(node, at)) continue;
    cuts.push(at);
    if (at > wrong) break;
  }
  return cuts;
}

/** Whole statements: what an ERROR node holds before the tokens it could not place. */
const WHOLE_STATEMENT = /(_statement|_definition|^comment)$/;

/**
 * Where the parse of `node` first went wrong: its first MISSING node, or the
 * first child of an ERROR node that is not a whole statement read without
 * error. Never after the real place: that could cut where the parse no
 * longer reads the file as it is.
 */
function firstErrorAt(node: TsNode): number {
  for (let n = node; ; ) {
    if (n.isMissing) return n.startIndex;
    const bad = n.children.find((c) => c && (c.hasError || c.isMissing || (n.isError && !WHOLE_STATEMENT.test(c.type))));
    if (!bad || (!bad.hasError && !bad.isMissing)) return bad?.startIndex ?? n.startIndex;
    n = bad;
  }
}

/** The next decorator or the `def` of a decorated definition begun above, or text inside a string the parse closed (a docstring's example code). */
function continuesStatement(top: TsNode, at: number): boolean {
  for (let n = top.descendantForIndex(at); n && n.id !== top.id; n = n.parent) {
    if (n.type === 'string' && !n.hasError) return true;
    const decorated = n.startIndex === at && ['decorator', 'function_definition', 'class_definition'].includes(n.type) && n.parent?.type === 'decorated_definition';
    if (decorated && n.parent!.startIndex < at) return true;
  }
  return false;
}

/**
 * Hands tree-sitter the text in short pieces. Given a string, web-tree-sitter
 * copies up to 5,120 characters into WASM memory on every read, and an
 * incremental re-parse reads at each reused statement: on a 5,000-line file
 * that copying was half the re-parse (1.6 ms → 0.8 ms CPU per keystroke).
 */
const CHUNK = 256;
function chunks(text: string): (index: number) => string {
  return (index) => text.slice(index, index + CHUNK);
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, n));
}

function point(pos: Position): { row: number; column: number } {
  return { row: pos.line, column: pos.character };
}

function endPoint(start: Position, inserted: string): Position {
  const lastBreak = inserted.lastIndexOf('\n');
  if (lastBreak < 0) return { line: start.line, character: start.character + inserted.length };
  let lines = 0;
  for (let i = inserted.indexOf('\n'); i >= 0; i = inserted.indexOf('\n', i + 1)) lines++;
  return { line: start.line + lines, character: inserted.length - lastBreak - 1 };
}
