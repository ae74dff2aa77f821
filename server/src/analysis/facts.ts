/**
 * Per-file facts: what a file defines, imports, assigns and calls at
 * statement level. Extraction is syntactic and per unit (top-level
 * statement), memoised on the unit, so an edit re-extracts only the units it
 * touched. Cross-file meaning is the workspace model's job.
 */
import { pushTo } from './multimap';
import { callParts, decoratorsOf, dottedName, parameterNames, statements, targetNames, unwrap, type CallParts } from './python';
import { exact } from './exact';
import { SyntaxNode, type Unit } from './syntax';

export interface ImportFact {
  /** Name bound in the importing scope. */
  local: string;
  /** Absolute or relative (`.auth`, `..models`) module path as written. */
  module: string;
  /** Imported member, for `from m import name`; undefined for `import m`. */
  member?: string;
  node: SyntaxNode;
}

export interface FunctionFact {
  name: string;
  /** `create_app.dashboard`, `UserAPI.get`. */
  qualname: string;
  node: SyntaxNode;
  nameNode: SyntaxNode;
  /** Decorator nodes, outermost (topmost) first. */
  decorators: SyntaxNode[];
  params: string[];
  className?: string;
  enclosing?: FunctionFact;
}

export interface ClassFact {
  name: string;
  node: SyntaxNode;
  nameNode: SyntaxNode;
  /** Base classes as written (`MethodView`, `views.MethodView`, `Resource`). */
  bases: string[];
  /** Class-level `name = value` assignments. */
  attributes: Map<string, SyntaxNode>;
  methods: FunctionFact[];
  enclosing?: FunctionFact;
}

export interface AssignmentFact {
  /** The whole target expression (`x`, `app.debug`, `app.config['DEBUG']`). */
  target: SyntaxNode;
  /** Plain names bound, for identifier and tuple targets. */
  names: string[];
  value: SyntaxNode;
  node: SyntaxNode;
  scope?: FunctionFact;
  className?: string;
}

export interface CallFact {
  node: SyntaxNode;
  parts: CallParts;
  scope?: FunctionFact;
  /** Enclosing `for` statements, innermost first (tables of routes registered in a loop). */
  loops: SyntaxNode[];
}

export interface FileFacts {
  imports: ImportFact[];
  functions: FunctionFact[];
  classes: ClassFact[];
  assignments: AssignmentFact[];
  calls: CallFact[];
}

const FACTS = 'facts';

export function unitFacts(unit: Unit): FileFacts {
  let facts = unit.memo.get(FACTS) as FileFacts | undefined;
  if (!facts) {
    facts = { imports: [], functions: [], classes: [], assignments: [], calls: [] };
    visitStatement(unit.root, facts, { loops: [] });
    facts = { imports: exact(facts.imports), functions: exact(facts.functions), classes: exact(facts.classes), assignments: exact(facts.assignments), calls: exact(facts.calls) };
    unit.memo.set(FACTS, facts);
  }
  return facts;
}

const BY_NAME = new WeakMap<SyntaxNode, ReadonlyMap<string, readonly AssignmentFact[]>>();
const NO_ASSIGNMENTS: ReadonlyMap<string, readonly AssignmentFact[]> = new Map();

/**
 * The names an assignment binds: plain names, or in a method the attribute of the instance it sets
 * (`self.app = Flask(name)`), under its text like a local name.
 */
export function boundNames(a: AssignmentFact): string[] {
  if (a.names.length) return a.names;
  const self = a.scope?.className ? a.scope.params[0] : undefined;
  return self && a.target.type === 'attribute' && a.target.field_('object')?.text === self ? [a.target.text] : [];
}

/**
 * A function's own assignments (not those of functions nested in it) by the plain names they bind (and the
 * `self.x` attributes they set), in source order. Names unpacked from one value (`key, status = check_key(request)`)
 * each stand for it. Read from its statement's facts, so no rule walks the body again for them; kept per function
 * while its statement stands.
 */
export function assignmentsByName(fn: FunctionFact | SyntaxNode | null | undefined): ReadonlyMap<string, readonly AssignmentFact[]> {
  // Kept by definition node: rules ask with a `def` node on hot paths, and finding its fact each time is a scan.
  const def = fn instanceof SyntaxNode ? fn : fn?.node;
  if (!def) return NO_ASSIGNMENTS;
  let byName = BY_NAME.get(def);
  if (!byName) {
    const fact = fn instanceof SyntaxNode ? unitFacts(fn.unit).functions.find((f) => f.node === fn) : fn;
    if (!fact) return NO_ASSIGNMENTS;
    const out = new Map<string, AssignmentFact[]>();
    for (const a of unitFacts(fact.node.unit).assignments) {
      if (a.scope !== fact) continue;
      for (const name of boundNames(a)) pushTo(out, name, a);
    }
    BY_NAME.set(def, (byName = out));
  }
  return byName;
}

/** The function's own assignments to `name`, in source order. */
export function localAssignments(fn: FunctionFact | SyntaxNode | undefined, name: string): readonly AssignmentFact[] {
  return assignmentsByName(fn).get(name) ?? [];
}

/** The value last assigned to `name` in the function `def`, if it assigns one. */
export function lastAssigned(def: SyntaxNode | undefined, name: string): SyntaxNode | undefined {
  return localAssignments(def, name).at(-1)?.value;
}

export function fileFacts(units: readonly Unit[]): FileFacts {
  const all: FileFacts = { imports: [], functions: [], classes: [], assignments: [], calls: [] };
  for (const unit of units) {
    const f = unitFacts(unit);
    // Most statements have none of most kinds: skipping empty lists halves the cost.
    if (f.imports.length) all.imports.push(...f.imports);
    if (f.functions.length) all.functions.push(...f.functions);
    if (f.classes.length) all.classes.push(...f.classes);
    if (f.assignments.length) all.assignments.push(...f.assignments);
    if (f.calls.length) all.calls.push(...f.calls);
  }
  return all;
}

const KINDS = ['imports', 'functions', 'classes', 'assignments', 'calls'] as const;

/**
 * A file's facts after one statement was replaced by another at the same
 * place: the lists of `all` with `old`'s entries swapped for `fresh`'s.
 * Lists follow statement order, so each swap is a binary search and a copy;
 * gathering a 570-statement file again cost 0.1 ms per keystroke.
 */
export function swapUnitFacts(all: FileFacts, old: Unit, fresh: Unit): FileFacts | undefined {
  const before = unitFacts(old);
  const after = unitFacts(fresh);
  const out = {} as Record<(typeof KINDS)[number], unknown[]>;
  for (const kind of KINDS) {
    const list: { node: SyntaxNode }[] = all[kind];
    const removed: unknown[] = before[kind];
    const added: unknown[] = after[kind];
    if (!removed.length && !added.length) {
      out[kind] = list;
      continue;
    }
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]!.node.unit.base < fresh.base) lo = mid + 1;
      else hi = mid;
    }
    if (removed.length && list[lo] !== removed[0]) return undefined;
    out[kind] = [...list.slice(0, lo), ...added, ...list.slice(lo + removed.length)];
  }
  return out as unknown as FileFacts;
}

interface Scope {
  fn?: FunctionFact;
  cls?: ClassFact;
  loops: SyntaxNode[];
}

function visitBlock(block: SyntaxNode | undefined, facts: FileFacts, scope: Scope): void {
  for (const stmt of statements(block)) visitStatement(stmt, facts, scope);
}

function visitStatement(stmt: SyntaxNode, facts: FileFacts, scope: Scope): void {
  switch (stmt.type) {
    case 'decorated_definition': {
      const def = stmt.field_('definition');
      if (def) visitStatement(def, facts, scope);
      return;
    }
    case 'function_definition':
      return visitFunction(stmt, facts, scope);
    case 'class_definition':
      return visitClass(stmt, facts, scope);
    case 'import_statement':
    case 'import_from_statement':
      return visitImport(stmt, facts);
    case 'expression_statement':
      for (const child of stmt.namedChildren) visitExpressionStatement(child, stmt, facts, scope);
      return;
    case 'for_statement':
      visitBlock(stmt.field_('body'), facts, { ...scope, loops: [stmt, ...scope.loops] });
      visitBlock(stmt.field_('alternative')?.field_('body'), facts, scope);
      return;
    case 'if_statement':
      visitBlock(stmt.field_('consequence'), facts, scope);
      for (const alt of stmt.fields('alternative')) {
        visitBlock(alt.field_('consequence') ?? alt.field_('body'), facts, scope);
      }
      return;
    case 'while_statement':
    case 'with_statement':
      visitBlock(stmt.field_('body'), facts, scope);
      return;
    case 'try_statement':
      visitBlock(stmt.field_('body'), facts, scope);
      for (const clause of stmt.namedChildren) {
        if (clause.type === 'except_clause' || clause.type === 'except_group_clause') {
          visitBlock(clause.namedChildren.find((c) => c.type === 'block'), facts, scope);
        } else if (clause.type === 'else_clause' || clause.type === 'finally_clause') {
          visitBlock(clause.field_('body') ?? clause.namedChildren.find((c) => c.type === 'block'), facts, scope);
        }
      }
      return;
    case 'block':
      visitBlock(stmt, facts, scope);
      return;
    // `return self.add_resource(resource, *urls)`: a wrapper's registration is often its return value.
    case 'return_statement': {
      const value = unwrap(stmt.namedChildren[0]);
      if (value) recordCall(value, facts, scope);
      return;
    }
  }
}

function visitExpressionStatement(expr: SyntaxNode, stmt: SyntaxNode, facts: FileFacts, scope: Scope): void {
  if (expr.type === 'assignment') {
    const value = expr.field_('right');
    const target = expr.field_('left');
    if (!value || !target) return;
    // `a = b = Flask()` nests assignments on the right.
    if (value.type === 'assignment') visitExpressionStatement(value, stmt, facts, scope);
    const rhs = value.type === 'assignment' ? value.field_('right') : value;
    if (!rhs) return;
    const fact: AssignmentFact = { target, names: targetNames(target), value: rhs, node: expr, ...(scope.fn && { scope: scope.fn }), ...(scope.cls && { className: scope.cls.name }) };
    facts.assignments.push(fact);
    if (scope.cls && !scope.fn && target.type === 'identifier') scope.cls.attributes.set(target.text, rhs);
    recordCall(rhs, facts, scope);
    return;
  }
  if (expr.type === 'augmented_assignment') return;
  recordCall(expr, facts, scope);
}

function recordCall(expr: SyntaxNode, facts: FileFacts, scope: Scope): void {
  const parts = callParts(expr);
  if (!parts) return;
  facts.calls.push({ node: expr, parts, loops: scope.loops, ...(scope.fn && { scope: scope.fn }) });
}

function visitFunction(def: SyntaxNode, facts: FileFacts, scope: Scope): void {
  const nameNode = def.field_('name');
  if (!nameNode) return;
  const name = nameNode.text;
  const prefix = scope.cls ? scope.cls.name : scope.fn?.qualname;
  const fn: FunctionFact = {
    name,
    qualname: prefix ? `${prefix}.${name}` : name,
    node: def,
    nameNode,
    decorators: decoratorsOf(def),
    params: parameterNames(def),
    ...(scope.cls && { className: scope.cls.name }),
    ...(scope.fn && { enclosing: scope.fn }),
  };
  facts.functions.push(fn);
  // A class defined inside a function (`def init_admin(app): class SecureView(ModelView): ...`) has methods too.
  if (scope.cls) scope.cls.methods.push(fn);
  visitBlock(def.field_('body'), facts, { fn, loops: [] });
}

function visitClass(def: SyntaxNode, facts: FileFacts, scope: Scope): void {
  const nameNode = def.field_('name');
  if (!nameNode) return;
  const bases: string[] = [];
  for (const arg of def.field_('superclasses')?.namedChildren ?? []) {
    const base = dottedName(arg);
    if (base) bases.push(base);
  }
  const cls: ClassFact = {
    name: nameNode.text,
    node: def,
    nameNode,
    bases,
    attributes: new Map(),
    methods: [],
    ...(scope.fn && { enclosing: scope.fn }),
  };
  facts.classes.push(cls);
  visitBlock(def.field_('body'), facts, { cls, loops: [], ...(scope.fn && { fn: scope.fn }) });
}

function visitImport(stmt: SyntaxNode, facts: FileFacts): void {
  if (stmt.type === 'import_statement') {
    for (const item of stmt.namedChildren) {
      if (item.type === 'dotted_name') {
        // `import a.b` binds `a`, through which `a.b` is reached.
        facts.imports.push({ local: item.text.split('.')[0]!, module: item.text.split('.')[0]!, node: stmt });
        if (item.text.includes('.')) facts.imports.push({ local: item.text, module: item.text, node: stmt });
      } else if (item.type === 'aliased_import') {
        const module = item.field_('name')?.text;
        const alias = item.field_('alias')?.text;
        if (module && alias) facts.imports.push({ local: alias, module, node: stmt });
      }
    }
    return;
  }
  const moduleNode = stmt.field_('module_name');
  if (!moduleNode) return;
  const module = moduleNode.text.replace(/\s+/g, '');
  for (const item of stmt.namedChildren) {
    if (item === moduleNode) continue;
    if (item.type === 'dotted_name') facts.imports.push({ local: item.text, module, member: item.text, node: stmt });
    else if (item.type === 'aliased_import') {
      const member = item.field_('name')?.text;
      const alias = item.field_('alias')?.text;
      if (member && alias) facts.imports.push({ local: alias, module, member, node: stmt });
    } else if (item.type === 'wildcard_import') facts.imports.push({ local: '*', module, member: '*', node: stmt });
  }
}
