/**
 * Routes registered through a loop over a table or inside a wrapper: the names the loop row or the
 * wrapper's caller binds, and where what they stand for was written.
 */
import type { CallFact, FunctionFact } from './facts';
import { callParts, dottedName, intValue, sequenceItems, unwrap, type CallParts } from './python';
import { splitSubject, type Substitution } from './rule-text';
import type { SyntaxNode } from './syntax';
import type { IndexedFile, Workspace } from './workspace';

/** Values for names in a registration call, and where they were written. */
export interface Bound {
  args: Map<string, SyntaxNode[]>;
  file: IndexedFile;
  scope: FunctionFact | undefined;
  /** The node that registers the route (the loop's call, or the wrapper call). */
  anchor: SyntaxNode;
  /** Where bound nodes written outside `file` live: the rows of a table imported from another module. */
  homes?: Map<SyntaxNode, [IndexedFile, FunctionFact | undefined]>;
}

/** Reads a call written in a wrapper, with the names its caller bound (see `substitution`). */
export interface BoundReader {
  bound: Bound;
  /** What a node stands for at the caller: the nodes passed for a parameter, a table's cell, or the node itself. */
  sub(node: SyntaxNode | undefined): SyntaxNode[];
  /** Where a node was written (its file and scope). */
  at(node: SyntaxNode): [IndexedFile, FunctionFact | undefined];
  substitute: Substitution;
  substituted: ReadonlySet<SyntaxNode>;
  keyword(call: CallParts, name: string): SyntaxNode | undefined;
}

/**
 * Binds the loop variables of `for rule, view in TABLE:` to each row of a literal table. In a
 * wrapper (`outer`: its parameters bound to a call's arguments), the table may be a parameter.
 */
export function loopBindings(workspace: Workspace, file: IndexedFile, call: CallFact, outer?: Bound): Bound[] {
  const base: Bound = outer ?? { args: new Map(), file, scope: call.scope, anchor: call.node };
  const loop = call.loops[0];
  if (!loop) return [base];
  const names = (sequenceItems(loop.field_('left')) ?? [loop.field_('left')!]).map((n) => n.text);
  let table = loop.field_('right');
  // `for rule, view in ROUTES.items()`: the dict's pairs (its keys, or values, for `.keys()`/`.values()`).
  const viewCall = callParts(table);
  const dictView = viewCall?.callee.type === 'attribute' && !viewCall.positional.length ? viewCall.callee.field_('attribute')!.text : undefined;
  const reads: DictRead = dictView === 'items' || dictView === 'values' ? dictView : 'keys';
  if (dictView === 'items' || dictView === 'keys' || dictView === 'values') table = viewCall!.callee.field_('object')!;
  let [tableFile, tableScope] = [file, call.scope];
  const passed = table?.type === 'identifier' ? outer?.args.get(table.text) : undefined;
  if (passed?.length === 1) [table, tableFile, tableScope] = [passed[0]!, base.file, base.scope];
  const tableName = dottedName(table);
  if (tableName) {
    const b = workspace.resolveDotted(tableFile, tableName, tableScope);
    if (b?.kind === 'value') [table, tableFile, tableScope] = [b.fact.value, b.file, b.fact.scope];
  }
  const rows = tableRows(table, reads, names.length);
  if (!rows) return [base];
  const home: [IndexedFile, FunctionFact | undefined] = [tableFile, tableScope];
  const elsewhere = tableFile !== base.file || tableScope !== base.scope;
  return rows.map((cells) => {
    const args = new Map(base.args);
    const homes = new Map(base.homes);
    names.forEach((n, i) => {
      if (!cells[i]) return;
      args.set(n, [cells[i]!]);
      if (elsewhere) homes.set(cells[i]!, home);
    });
    return { ...base, args, homes };
  });
}

/** What a loop over a dict reads of it: its keys (the dict itself, `.keys()`), `.values()` or `.items()`. */
type DictRead = 'keys' | 'values' | 'items';

/** The cells each row of a literal table binds to a loop's `width` names: a list or tuple's items, or a dict's entries. */
function tableRows(table: SyntaxNode | undefined, reads: DictRead, width: number): SyntaxNode[][] | undefined {
  const cells = (row: SyntaxNode | undefined): SyntaxNode[] => (!row ? [] : width === 1 ? [row] : sequenceItems(row) ?? []);
  if (unwrap(table)?.type !== 'dictionary') return sequenceItems(table)?.map(cells);
  const pairs = unwrap(table)!.namedChildren.filter((c) => c.type === 'pair');
  if (reads !== 'items') return pairs.map((p) => cells(p.field_(reads === 'keys' ? 'key' : 'value')));
  // `for rule, view in d.items()`; one name for the pair would be a tuple no row spells out.
  return width === 2 ? pairs.map((p) => [p.field_('key'), p.field_('value')].filter((c): c is SyntaxNode => !!c)) : undefined;
}

/**
 * Reading a call written in `callFile` (in `callScope`) whose names a loop row or a wrapper's parameters bind:
 * those were written at `bound`'s site and are resolved there.
 */
export function substitution(workspace: Workspace, callFile: IndexedFile, callScope: FunctionFact | undefined, bound: Bound): BoundReader {
  const substituted = new Set<SyntaxNode>();
  const mark = (n: SyntaxNode) => (substituted.add(n), n);
  const sub = (node: SyntaxNode | undefined): SyntaxNode[] => {
    if (!node) return [];
    // `*cls.endpoints`: the items of the list the class holds.
    if (node.type === 'list_splat') return sub(node.namedChildren[0]).flatMap((n) => (substituted.has(n) && sequenceItems(n)?.map(mark)) || [n]);
    const attribute = node.type === 'attribute' ? passedClassAttribute(workspace, node, bound) : undefined;
    if (attribute) return [mark(attribute)];
    // `pattern[1]`, `pattern[2].split()`: a cell of the row the loop binds (the split words stay the cell's string).
    const cell = boundCell(splitSubject(node) ?? node, bound);
    if (cell) return [mark(cell)];
    // `*[prefixed(u) for u in urls]`: one rule per url passed (what the comprehension adds is not known).
    if (node.type === 'list_comprehension' || node.type === 'generator_expression') return sub(node.namedChildren.find((c) => c.type === 'for_in_clause')?.field_('right'));
    const list = node.type === 'identifier' ? bound.args.get(node.text) : undefined;
    if (!list) return [node];
    list.forEach((n) => substituted.add(n));
    return list;
  };
  const at = (n: SyntaxNode): [IndexedFile, FunctionFact | undefined] => {
    const row = [...(bound.homes ?? [])].find(([cell]) => cell === n || cell.contains(n))?.[1];
    return row ?? (substituted.has(n) ? [bound.file, bound.scope] : [callFile, callScope]);
  };
  // A name written in the wrapper (`view_cls.as_view(name)`, `url + '<int:id>'`) stands for what its caller passed.
  const substitute: Substitution = (node) => {
    const [n] = node.type === 'identifier' && bound.args.has(node.text) ? sub(node) : [];
    return n ? [n, ...at(n)] : undefined;
  };
  /** A keyword argument of `call`, written there or passed through its `**options` from the caller. */
  const keyword = (call: CallParts, name: string): SyntaxNode | undefined => {
    const written = call.keywords.get(name);
    if (written) return written;
    const splats = call.splat ? (call.callee.parent?.field_('arguments')?.namedChildren.filter((a) => a.type === 'dictionary_splat') ?? []) : [];
    const passed = splats.flatMap((a) => sub(a.namedChildren[0])).find((v) => substituted.has(v) && v.parent?.type === 'keyword_argument' && v.parent.field_('name')?.text === name);
    return passed;
  };
  return { bound, sub, at, substitute, substituted, keyword };
}

/** `cls.endpoints` in a helper whose `cls` is a class its caller passed: that class's (or a base's) attribute. */
function passedClassAttribute(workspace: Workspace, node: SyntaxNode, bound: Bound): SyntaxNode | undefined {
  const owner = node.field_('object');
  const [passed] = owner?.type === 'identifier' ? (bound.args.get(owner.text) ?? []) : [];
  const cls = passed && workspace.resolveExpression(bound.file, passed, bound.scope);
  const name = node.field_('attribute')?.text;
  if (cls?.kind !== 'class' || !name) return undefined;
  return workspace.classChain(cls.file, cls.fact).map(({ cls: c }) => c.attributes.get(name)).find((v) => v !== undefined);
}

/** A call's arguments by the parameter of `fn` that receives them (`*rest` takes the remaining positionals); `self` for a method. */
export function argumentsOf(fn: FunctionFact, parts: CallParts, self?: SyntaxNode): Map<string, SyntaxNode[]> {
  const args = new Map<string, SyntaxNode[]>();
  const skip = self ? 1 : 0;
  if (self) args.set(fn.params[0]!, [self]);
  const kinds = fn.node.field_('parameters')?.namedChildren.filter((c) => c.type !== 'comment').map((c) => c.type) ?? [];
  fn.params.slice(skip).forEach((p, i) => {
    const kind = kinds[i + skip];
    if (kind === 'list_splat_pattern') args.set(p, parts.positional.slice(i));
    // `**options`: the keywords no other parameter takes, each still under its `keyword_argument`.
    else if (kind === 'dictionary_splat_pattern') args.set(p, [...parts.keywords].filter(([k]) => !fn.params.includes(k)).map(([, v]) => v));
    else {
      const arg = parts.positional[i] ?? parts.keywords.get(p);
      if (arg) args.set(p, [arg]);
    }
  });
  return args;
}

/** `pattern[1]` where the loop binds `pattern` to one row of a table: that row's cell. */
function boundCell(node: SyntaxNode | undefined, bound: Bound): SyntaxNode | undefined {
  if (node?.type !== 'subscript') return undefined;
  const rows = bound.args.get(node.field_('value')?.text ?? '');
  const index = intValue(node.field_('subscript'));
  return rows?.length === 1 && index !== undefined ? sequenceItems(unwrap(rows[0]))?.[index] : undefined;
}
