/**
 * A light, plain-JavaScript copy of one top-level statement's syntax tree.
 *
 * Rules walk these nodes many times; walking JS objects is far cheaper than
 * crossing into WASM for every property, and a copy outlives the tree-sitter
 * tree it came from, so a statement that an edit did not touch keeps its
 * nodes (and everything computed from them) while only its `base` moves.
 */
import type { PythonParser, TreeCursor } from './parser';

/** One top-level statement (or comment) of a file: the unit of incremental work. */
export class Unit {
  /** Offset of the statement in the file's current text (UTF-16 code units). */
  base: number;
  readonly root: SyntaxNode;
  /** Per-unit memo for facts and local findings; dropped with the unit. */
  readonly memo = new Map<string, unknown>();
  /** The statement holds an ERROR or MISSING node: its parse depends on its surroundings. */
  hasError = false;
  /**
   * Every node's children, in one array for the whole statement: a node's
   * list starts at its `first` and runs while the parent is that node. One
   * array per node was 10 MB of array headers on a 200-file workspace.
   */
  kids: SyntaxNode[] = [];
  constructor(base: number, readonly text: string, build: (unit: Unit) => SyntaxNode) {
    this.base = base;
    this.root = build(this);
  }
  get end(): number {
    return this.base + this.text.length;
  }
}

/** Field names by id, shared by every copy (ids are the grammar's; 0 is "no field"). */
let fieldNames: readonly (string | null)[] = [null];
/**
 * Node type names by index, shared by every copy: the grammar's ids, then
 * the names the grammar has no id for (`ERROR` is id 65535), appended as met.
 */
let typeNames: string[] = [];
const FIELD_BITS = 6;

export class SyntaxNode {
  /** Where this node's children start in `unit.kids`; -1 for a leaf (half the nodes). */
  first = -1;
  /** Type, grammar field and whether the node is named, in one small integer: each field less per node is 3 MB on a 200-file workspace. */
  private readonly bits: number;
  constructor(
    typeIndex: number,
    named: boolean,
    fieldId: number,
    /** Offsets relative to the unit's base. */
    readonly rs: number,
    readonly re: number,
    readonly unit: Unit,
    readonly parent: SyntaxNode | null,
  ) {
    this.bits = (((typeIndex << FIELD_BITS) | fieldId) << 1) | (named ? 1 : 0);
  }

  get type(): string {
    return typeNames[this.bits >> (FIELD_BITS + 1)]!;
  }

  get named(): boolean {
    return (this.bits & 1) === 1;
  }
  /** The grammar field this node fills in its parent (`name`, `body`, ...). */
  get field(): string | null {
    return fieldNames[(this.bits >> 1) & ((1 << FIELD_BITS) - 1)] ?? null;
  }
  get start(): number {
    return this.unit.base + this.rs;
  }
  get end(): number {
    return this.unit.base + this.re;
  }
  get text(): string {
    return this.unit.text.slice(this.rs, this.re);
  }
  /** A new array on every read: loops that only look for one child go through `field_`, `childOfType` or `walk`. */
  get children(): SyntaxNode[] {
    return this.collect(() => true);
  }
  get namedChildren(): SyntaxNode[] {
    return this.collect((c) => c.named);
  }
  /** The child in grammar field `name`. */
  field_(name: string): SyntaxNode | undefined {
    return this.seek((c) => c.field === name);
  }
  /** Every child in grammar field `name` (decorators, alternatives...). */
  fields(name: string): SyntaxNode[] {
    return this.collect((c) => c.field === name);
  }
  childOfType(type: string): SyntaxNode | undefined {
    return this.seek((c) => c.type === type);
  }
  /** Depth-first, pre-order; return false from `visit` to skip a node's children. */
  walk(visit: (node: SyntaxNode) => boolean | void): void {
    const stack: SyntaxNode[] = [this];
    const kids = this.unit.kids;
    while (stack.length) {
      const node = stack.pop()!;
      if (visit(node) === false || node.first < 0) continue;
      let end = node.first;
      while (end < kids.length && kids[end]!.parent === node) end++;
      for (let i = end - 1; i >= node.first; i--) stack.push(kids[i]!);
    }
  }
  private seek(test: (child: SyntaxNode) => boolean): SyntaxNode | undefined {
    const kids = this.unit.kids;
    if (this.first >= 0) for (let i = this.first; i < kids.length && kids[i]!.parent === this; i++) if (test(kids[i]!)) return kids[i];
    return undefined;
  }
  private collect(test: (child: SyntaxNode) => boolean): SyntaxNode[] {
    const out: SyntaxNode[] = [];
    const kids = this.unit.kids;
    if (this.first >= 0) for (let i = this.first; i < kids.length && kids[i]!.parent === this; i++) if (test(kids[i]!)) out.push(kids[i]!);
    return out;
  }
  /** Descendants (self included) of one of `types`. */
  find(...types: string[]): SyntaxNode[] {
    const out: SyntaxNode[] = [];
    this.walk((n) => {
      if (types.includes(n.type)) out.push(n);
    });
    return out;
  }
  /** Nearest ancestor (self excluded) of one of `types`. */
  ancestor(...types: string[]): SyntaxNode | undefined {
    for (let n = this.parent; n; n = n.parent) if (types.includes(n.type)) return n;
    return undefined;
  }
  contains(other: SyntaxNode): boolean {
    return this.unit === other.unit && this.rs <= other.rs && other.re <= this.re;
  }
}

/**
 * Tokens no rule reads: punctuation, the quotes around strings (a string's
 * prefix is in its own text), and the keywords that only open a statement or
 * clause (its node's type says the same). Dropping them from the copies
 * saves over a third of the nodes (and their garbage) on every parse.
 * Operators stay, keyword operators (`in`, `not`, `is`, `and`, `or`) too.
 */
const SKIPPED = new Set([
  ...['(', ')', ',', ':', '[', ']', '{', '}', '.', ';', '=', '@', '->', '"', "'", 'string_start', 'string_end'],
  ...['def', 'class', 'if', 'elif', 'else', 'for', 'while', 'try', 'except', 'finally', 'with', 'return', 'import', 'from', 'as', 'pass', 'break', 'continue', 'raise', 'assert', 'del', 'global', 'nonlocal'],
]);

/** Per type id: whether copies keep nodes of that type. */
const kept = new WeakMap<PythonParser, boolean[]>();
function keptTypes(p: PythonParser): boolean[] {
  let table = kept.get(p);
  if (!table) {
    table = p.typeNames.map((name) => !SKIPPED.has(name));
    kept.set(p, table);
    if (p.fieldNames.length > 1 << FIELD_BITS) throw new Error(`the grammar has ${p.fieldNames.length} fields; syntax copies hold ${1 << FIELD_BITS}`);
    fieldNames = p.fieldNames;
    typeNames = [...p.typeNames];
  }
  return table;
}

function typeIndex(name: string): number {
  const i = typeNames.indexOf(name);
  return i >= 0 ? i : typeNames.push(name) - 1;
}

/** Copies the subtree at the cursor into a new unit. The cursor is left where it started. */
export function copyUnit(cursor: TreeCursor, p: PythonParser, source: string): Unit {
  const base = cursor.startIndex;
  const text = source.slice(base, cursor.endIndex);
  const keep = keptTypes(p);
  return new Unit(base, text, (unit) => {
    // One question for the whole statement: an ERROR or MISSING node anywhere in it (a MISSING `)` is not copied).
    unit.hasError = cursor.currentNode.hasError;
    // Every cursor property is a call into WASM: the type id is read once, and named-ness comes from it.
    const make = (id: number, parent: SyntaxNode | null) =>
      new SyntaxNode(id < p.typeNames.length ? id : typeIndex(cursor.nodeType), p.namedTypes[id] ?? cursor.nodeIsNamed, cursor.currentFieldId, cursor.startIndex - base, cursor.endIndex - base, unit, parent);
    const root = make(cursor.nodeTypeId, null);
    if (!cursor.gotoFirstChild()) return root;
    // Children collect on one shared stack and each list moves to the unit's
    // array when its parent is left, so every list is contiguous there.
    const pending: SyntaxNode[] = [];
    const marks: number[] = [0];
    const kids: SyntaxNode[] = [];
    let parent = root;
    const close = (node: SyntaxNode) => {
      const from = marks.pop()!;
      if (pending.length > from) node.first = kids.length;
      for (let i = from; i < pending.length; i++) kids.push(pending[i]!);
      pending.length = from;
      // An array grown by push() keeps up to half again its length spare: the unit keeps an exact copy.
      if (node === root) unit.kids = kids.slice();
    };
    for (;;) {
      const id = cursor.nodeTypeId;
      const node = keep[id] !== false ? make(id, parent) : undefined;
      if (node) pending.push(node);
      if (node && cursor.gotoFirstChild()) {
        parent = node;
        marks.push(pending.length);
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        cursor.gotoParent();
        close(parent);
        if (parent === root) return root;
        parent = parent.parent!;
      }
    }
  });
}
