/**
 * The workspace index: every Python file's facts, and name resolution across
 * modules (imports, aliases, relative imports, module attributes).
 */
import { pushTo } from './multimap';
import * as path from 'node:path';
import { fileFacts, swapUnitFacts, unitFacts, type AssignmentFact, type ClassFact, type FileFacts, type FunctionFact } from './facts';
import { callParts, dottedName, stringValue, unwrap } from './python';
import type { SourceFile, UnitSwap } from './source-file';
import type { SyntaxNode, Unit } from './syntax';

/**
 * A file as the workspace sees it: one object per path for as long as the
 * file is in the workspace, updated in place when its text changes. Caches
 * that hold a file (a function's data flow, a statement's scopes) then hold
 * the file as it is, not a chain of every earlier version of it and of the
 * statements those versions had: that chain grew the server by 20 KB per
 * keystroke. Facts and symbol table are built when first read: a keystroke
 * whose pass reads neither skips gathering a whole file's facts.
 */
export class IndexedFile {
  #source: SourceFile;
  #facts: FileFacts | undefined;
  #symbols: Map<string, Symbol> | undefined;
  constructor(
    readonly path: string,
    source: SourceFile,
    /** Dotted module name relative to the workspace root (`blog.auth`, `app`). */
    readonly module: string,
    /** What the path below the workspace root says: where the checkout sits (`~/tests/shop`) says nothing of its files. */
    readonly testPath: TestPath,
    private readonly workspace: Workspace,
  ) {
    this.#source = source;
  }
  /**
   * Test code, which the rules leave alone: under `tests/`, `conftest.py`, or a module named like a test
   * (`test_*.py`) that no application module imports. `api/test_connection.py` registering a health route,
   * imported by the package that registers the API, is part of the app.
   */
  get inTests(): boolean {
    return this.testPath === 'folder' || (this.testPath === 'name' && !this.workspace.importedByApp(this));
  }
  get source(): SourceFile {
    return this.#source;
  }
  get facts(): FileFacts {
    return (this.#facts ??= fileFacts(this.#source.units));
  }
  /** Names bound at module level, last binding wins (as in Python). */
  get symbols(): Map<string, Symbol> {
    return (this.#symbols ??= symbolTable(this.#source.units));
  }
  /**
   * The file's new text. `swap`: the edit replaced statement `old` by
   * `fresh` at the same place, so what was built is patched, not rebuilt.
   */
  update(source: SourceFile, swap?: UnitSwap): void {
    const facts = this.#facts;
    const table = this.#symbols;
    this.#source = source;
    this.#facts = undefined;
    this.#symbols = undefined;
    if (!swap) return;
    if (facts) this.#facts = swapUnitFacts(facts, swap.old, swap.fresh);
    if (!table) return;
    const removed = unitSymbols(swap.old);
    const added = unitSymbols(swap.fresh);
    if (removed.length !== added.length || removed.some(([name, s], i) => !sameBinding(name, s, added[i]!))) return;
    for (const [i, [name, symbol]] of removed.entries()) if (table.get(name) === symbol) table.set(name, added[i]![1]);
    this.#symbols = table;
  }
}

function sameBinding(name: string, symbol: Symbol, [otherName, other]: [string, Symbol]): boolean {
  if (name !== otherName || symbol.kind !== other.kind) return false;
  return symbol.kind !== 'import' || (other.kind === 'import' && symbol.module === other.module && symbol.member === other.member);
}

/** Test code by where it sits (`tests/`, `conftest.py`), or maybe test code by its name (`test_*.py`, `*_test.py`). */
export type TestPath = 'folder' | 'name' | undefined;

type Symbol =
  | { kind: 'function'; fact: FunctionFact }
  | { kind: 'class'; fact: ClassFact }
  | { kind: 'value'; fact: AssignmentFact }
  | { kind: 'import'; module: string; member?: string };

export type Binding =
  | { kind: 'function'; file: IndexedFile; fact: FunctionFact }
  | { kind: 'class'; file: IndexedFile; fact: ClassFact }
  | { kind: 'value'; file: IndexedFile; fact: AssignmentFact }
  | { kind: 'module'; file: IndexedFile }
  | { kind: 'param'; file: IndexedFile; fn: FunctionFact; name: string }
  /** Outside the workspace: `flask_login.login_required`, `flask.Flask`. */
  | { kind: 'external'; qualified: string };

const MAX_HOPS = 8;

/** What `from flask import *` binds (Flask's `__all__`-less public names): beginner apps import them all. */
const STAR_EXPORTS: Record<string, ReadonlySet<string>> = {
  flask: new Set([
    'Flask', 'Blueprint', 'Config', 'Request', 'Response', 'abort', 'after_this_request', 'current_app', 'escape', 'flash', 'g',
    'get_flashed_messages', 'json', 'jsonify', 'make_response', 'redirect', 'render_template', 'render_template_string', 'request',
    'send_file', 'send_from_directory', 'session', 'stream_with_context', 'url_for',
  ]),
};

export class Workspace {
  private readonly files = new Map<string, IndexedFile>();
  private byModule: Map<string, IndexedFile[]> | undefined;
  /** Files whose module name ends with `.<name>`, per name asked (reset with byModule). */
  private readonly bySuffix = new Map<string, IndexedFile[]>();
  /** Bumped on every change: models built from an older generation are stale. */
  generation = 0;
  /**
   * Set by the engine to its epoch, which moves only when what statements read from each other
   * changes (definitions, imports, rule summaries). An index over the whole workspace built from
   * those is kept while it stands: keyed on `generation`, it was rebuilt on every keystroke.
   */
  interfaceEpoch = 0;
  /** Test-named files that application modules import, per generation (imports inside functions count). */
  private appImported: { generation: number; files: ReadonlySet<IndexedFile> } | undefined;
  private mainScripts: { generation: number; byModule: ReadonlyMap<IndexedFile, IndexedFile> } | undefined;

  constructor(readonly root: string) {}

  /**
   * Adds a file or takes its new text. `swap`: an edit of the same source
   * replaced one statement in place (see `IndexedFile.update`).
   */
  set(source: SourceFile, swap?: UnitSwap): IndexedFile {
    this.generation++;
    const existing = this.files.get(source.path);
    if (existing) {
      existing.update(source, existing.source === source ? swap : undefined);
      return existing;
    }
    const file = new IndexedFile(source.path, source, moduleName(this.root, source.path), testPath(path.relative(this.root, source.path)), this);
    this.files.set(source.path, file);
    this.byModule = undefined;
    return file;
  }

  delete(filePath: string): boolean {
    const had = this.files.delete(filePath);
    if (had) {
      this.byModule = undefined;
      this.generation++;
    }
    return had;
  }

  /** `file` is named like a test but an application module imports it. */
  importedByApp(file: IndexedFile): boolean {
    if (this.appImported?.generation !== this.generation) this.appImported = { generation: this.generation, files: this.testNamedImports() };
    return this.appImported.files.has(file);
  }

  /**
   * `from __main__ import app` in a module that a script imports after building its app (`python app.py` runs
   * `app.py` as `__main__`, and its `import login` runs `login.py`, which takes the app back): the script with a
   * `if __name__ == '__main__':` block that imports the module.
   */
  private mainScriptOf(file: IndexedFile): IndexedFile | undefined {
    if (this.mainScripts?.generation !== this.generation) this.mainScripts = { generation: this.generation, byModule: this.scriptsByImport() };
    return this.mainScripts.byModule.get(file);
  }

  private scriptsByImport(): Map<IndexedFile, IndexedFile> {
    const out = new Map<IndexedFile, IndexedFile>();
    for (const script of this.files.values()) {
      if (!script.source.units.some((u) => u.root.type === 'if_statement' && MAIN_GUARD.test(u.root.field_('condition')?.text ?? ''))) continue;
      for (const i of script.facts.imports) {
        if (i.module === '__main__') continue;
        const submodule = i.member ? this.resolveModule(script, /^\.+$/.test(i.module) ? i.module + i.member : `${i.module}.${i.member}`) : undefined;
        for (const target of [this.resolveModule(script, i.module), submodule]) if (target && target !== script && !out.has(target)) out.set(target, script);
      }
    }
    return out;
  }

  private testNamedImports(): Set<IndexedFile> {
    const out = new Set<IndexedFile>();
    const files = [...this.files.values()];
    if (!files.some((f) => f.testPath === 'name')) return out;
    for (const f of files) {
      if (f.testPath) continue;
      for (const i of f.facts.imports) {
        // `from app.api import test_connection` names the module as a member of its package.
        const submodule = i.member ? this.resolveModule(f, /^\.+$/.test(i.module) ? i.module + i.member : `${i.module}.${i.member}`) : undefined;
        for (const target of [this.resolveModule(f, i.module), submodule]) if (target?.testPath === 'name') out.add(target);
      }
    }
    return out;
  }

  get(filePath: string): IndexedFile | undefined {
    return this.files.get(filePath);
  }

  all(): IterableIterator<IndexedFile> {
    return this.files.values();
  }

  get size(): number {
    return this.files.size;
  }

  /** The workspace file a module path names, seen from `from`; nearest match wins. */
  resolveModule(from: IndexedFile, module: string): IndexedFile | undefined {
    let absolute = module;
    if (module.startsWith('.')) {
      const dots = module.match(/^\.+/)![0].length;
      const isPackage = path.basename(from.path) === '__init__.py';
      const parts = from.module.split('.');
      const keep = parts.length - dots + (isPackage ? 1 : 0);
      if (keep < 0) return undefined;
      absolute = [...parts.slice(0, keep), ...(module.slice(dots) ? [module.slice(dots)] : [])].join('.');
      // `from . import api` in a package checked on its own: its `__init__.py` is the root module, named ''.
      if (!absolute) return this.files.get(path.join(this.root, '__init__.py'));
    }
    if (absolute === '__main__') return this.mainScriptOf(from);
    // `from __init__ import app` in a script beside its package file, `from pkg.__init__ import db`: the package itself.
    if (absolute === '__init__' || absolute.endsWith('.__init__')) {
      absolute = absolute.slice(0, -'__init__'.length).replace(/\.$/, '');
      if (!absolute) return this.files.get(path.join(this.root, '__init__.py'));
    }
    if (!this.byModule) {
      this.byModule = indexModules(this.files.values());
      this.bySuffix.clear();
    }
    const candidates = this.byModule.get(absolute);
    if (candidates?.length === 1) return candidates[0];
    if (candidates && candidates.length > 1) return nearest(from.path, candidates);
    // Projects are often opened one level up or down from their import root:
    // `from api import bp` in `shop/app.py` means `shop/api.py`.
    // Most lookups that get here are libraries (`flask`, `flask_login`): remember the scan's answer.
    let suffix = this.bySuffix.get(absolute);
    if (!suffix) {
      suffix = [...this.byModule.entries()].filter(([name]) => name.endsWith('.' + absolute)).flatMap(([, f]) => f);
      this.bySuffix.set(absolute, suffix);
    }
    const reachable = suffix.filter((f) => this.isImportRootFor(from, f.module.slice(0, -absolute.length - 1)));
    return reachable.length ? nearest(from.path, reachable) : undefined;
  }

  /**
   * Can `root` (a dotted folder) be on `sys.path` for `from`? A plain folder can (`src/`), and so can a package the
   * file sits in (the project opened one level up); a package elsewhere cannot: `octoprint/server/util/flask.py` is
   * no `flask` to `octoprint/server/api/users.py`, which gets the library.
   */
  private isImportRootFor(from: IndexedFile, root: string): boolean {
    if (from.module === root || from.module.startsWith(root + '.')) return true;
    return !this.files.has(path.join(this.root, ...root.split('.'), '__init__.py'));
  }

  /** What `name` means in `file`, seen from inside `scope` (a function) when given. */
  resolveName(file: IndexedFile, name: string, scope?: FunctionFact, hops = 0): Binding | undefined {
    for (let fn = scope; fn; fn = fn.enclosing) {
      const local = lastLocalBinding(file, fn, name);
      if (local) return local;
      if (fn.params.includes(name)) return { kind: 'param', file, fn, name };
    }
    return this.resolveSymbol(file, file.symbols.get(name), name, hops);
  }

  /** Resolves a dotted expression (`auth.bp`, `flask_login.login_required`). */
  resolveExpression(file: IndexedFile, node: SyntaxNode | undefined, scope?: FunctionFact): Binding | undefined {
    const dotted = dottedName(node);
    if (!dotted) return undefined;
    return this.resolveDotted(file, dotted, scope);
  }

  resolveDotted(file: IndexedFile, dotted: string, scope?: FunctionFact, hops = 0): Binding | undefined {
    const parts = dotted.split('.');
    let binding = this.resolveName(file, parts[0]!, scope, hops);
    // `import a.b` binds the dotted name itself.
    if (!binding && parts.length > 1) {
      const imported = file.facts.imports.find((i) => i.local === dotted && !i.member);
      if (imported) return this.resolveImport(file, imported.module, undefined, hops);
    }
    for (const part of parts.slice(1)) {
      if (!binding) return undefined;
      binding = this.member(binding, part, hops);
    }
    return binding;
  }

  /** The class and its workspace bases, nearest first. */
  classChain(file: IndexedFile, cls: ClassFact, depth = 0): { cls: ClassFact; file: IndexedFile }[] {
    const out = [{ cls, file }];
    if (depth > 6) return out;
    for (const base of cls.bases) {
      // A base named through a class (`Outer.Base`) resolves its members through this chain again: the depth bounds both.
      const b = this.resolveDotted(file, base, cls.enclosing, depth);
      if (b?.kind === 'class' && b.fact !== cls) out.push(...this.classChain(b.file, b.fact, depth + 1));
    }
    return out;
  }

  private member(binding: Binding, name: string, hops: number): Binding | undefined {
    switch (binding.kind) {
      case 'module':
        return this.resolveSymbol(binding.file, binding.file.symbols.get(name), name, hops + 1) ?? this.submodule(binding.file, name);
      case 'external':
        return { kind: 'external', qualified: `${binding.qualified}.${name}` };
      case 'value': {
        if (hops >= MAX_HOPS) return undefined;
        // `cfg = config['test']` then `cfg.APP_DEBUG`: the entry of a literal dict the subscript names.
        const entry = this.dictEntry(binding, hops + 1);
        if (entry) return this.member(entry, name, hops + 1);
        // `api = ApiExt(app)` then `api.add_org_resource(...)`: an instance of a workspace class has its methods.
        // `q = q.filter(...)` names itself: the hop count ends the chase.
        const callee = dottedName(callParts(binding.fact.value)?.callee);
        const cls = callee && hops < MAX_HOPS ? this.resolveMade(binding, callee, hops + 1) : undefined;
        return cls?.kind === 'class' ? this.member(cls, name, hops + 1) : undefined;
      }
      case 'param':
        return this.instanceMember(binding, name, hops);
      case 'class':
        // The nearest class of the chain that defines it: `TestConfig.APP_DEBUG` set in its base `BaseConfig`.
        for (const { cls, file } of this.classChain(binding.file, binding.fact, hops + 1)) {
          const method = cls.methods.find((m) => m.name === name);
          if (method) return { kind: 'function', file, fact: method };
          // A class attribute: `UserDto.api` where the class body says `api = Namespace('user')`.
          const attr = file.facts.assignments.filter((a) => !a.scope && a.className === cls.name && a.names.includes(name) && a.node.start >= cls.node.start && a.node.end <= cls.node.end).pop();
          if (attr) return { kind: 'value', file, fact: attr };
        }
        return undefined;
      default:
        return undefined;
    }
  }

  /** What `config['test']` names, where `config` is a literal dict whose `'test'` entry names a class or value: `{'test': TestConfig}`. */
  private dictEntry(binding: Extract<Binding, { kind: 'value' }>, hops: number): Binding | undefined {
    const value = unwrap(binding.fact.value);
    const key = value?.type === 'subscript' ? stringValue(value.field_('subscript')) : undefined;
    const mapping = key !== undefined ? dottedName(value!.field_('value')) : undefined;
    const dict = mapping ? this.resolveDotted(binding.file, mapping, binding.fact.scope, hops) : undefined;
    if (dict?.kind !== 'value' || unwrap(dict.fact.value)?.type !== 'dictionary') return undefined;
    const pair = unwrap(dict.fact.value)!.namedChildren.find((p) => p.type === 'pair' && stringValue(p.field_('key')) === key);
    const entry = dottedName(pair?.field_('value'));
    return entry ? this.resolveDotted(dict.file, entry, dict.fact.scope, hops + 1) : undefined;
  }

  /**
   * `self.app`, `self.upload` in a method: the class's method or attribute, or what one of its methods assigns to
   * `self.<name>` (`self.app = Flask(name)` in `__init__`, then `self.app.add_url_rule(..., view_func=self.upload)`).
   */
  private instanceMember(self: Extract<Binding, { kind: 'param' }>, name: string, hops: number): Binding | undefined {
    const { file, fn } = self;
    if (!fn.className || fn.params[0] !== self.name || fn.decorators.some((d) => /@(staticmethod|classmethod)\b/.test(d.text))) return undefined;
    const cls = file.facts.classes.find((c) => c.name === fn.className && c.methods.includes(fn));
    if (!cls) return undefined;
    const member = this.member({ kind: 'class', file, fact: cls }, name, hops);
    if (member) return member;
    // The last assignment in the class's statement (its methods' facts: no walk over the file).
    const set = unitFacts(cls.node.unit).assignments.filter((a) => a.scope && cls.methods.includes(a.scope) && a.target.text === `${a.scope.params[0]}.${name}`).pop();
    return set && { kind: 'value', file, fact: set };
  }

  private submodule(pkg: IndexedFile, name: string): Binding | undefined {
    if (path.basename(pkg.path) !== '__init__.py') return undefined;
    const file = this.resolveModule(pkg, `${pkg.module}.${name}`);
    return file ? { kind: 'module', file } : undefined;
  }

  /**
   * The class an assignment's value is made from. `MainModel = MainModel()` at module level shadows the class with
   * its instance: the name on the right is the one bound before the assignment (the import, the class).
   */
  private resolveMade(made: { file: IndexedFile; fact: AssignmentFact }, callee: string, hops: number): Binding | undefined {
    const [head, ...rest] = callee.split('.') as [string, ...string[]];
    if (made.fact.scope || !made.fact.names.includes(head)) return this.resolveDotted(made.file, callee, made.fact.scope, hops);
    let before: Symbol | undefined;
    for (const unit of made.file.source.units) {
      if (unit.base > made.fact.node.start) break;
      for (const [bound, symbol] of unitSymbols(unit)) if (bound === head && !(symbol.kind === 'value' && symbol.fact === made.fact)) before = symbol;
    }
    let binding = this.resolveSymbol(made.file, before, head, hops);
    for (const part of rest) binding = binding && this.member(binding, part, hops);
    return binding;
  }

  private resolveSymbol(file: IndexedFile, symbol: Symbol | undefined, name: string, hops: number): Binding | undefined {
    if (!symbol) {
      const star = file.facts.imports.filter((i) => i.member === '*');
      for (const s of star) {
        const target = this.resolveModule(file, s.module);
        if (target && target !== file && hops < MAX_HOPS) {
          const found = this.resolveSymbol(target, target.symbols.get(name), name, hops + 1);
          if (found) return found;
        }
      }
      const external = star.find((s) => !this.resolveModule(file, s.module) && STAR_EXPORTS[s.module]?.has(name));
      return external && { kind: 'external', qualified: `${external.module}.${name}` };
    }
    switch (symbol.kind) {
      case 'function':
        return { kind: 'function', file, fact: symbol.fact };
      case 'class':
        return { kind: 'class', file, fact: symbol.fact };
      case 'value':
        return { kind: 'value', file, fact: symbol.fact };
      case 'import':
        return this.resolveImport(file, symbol.module, symbol.member, hops);
    }
  }

  private resolveImport(file: IndexedFile, module: string, member: string | undefined, hops: number): Binding | undefined {
    if (hops >= MAX_HOPS) return undefined;
    const target = this.resolveModule(file, module);
    if (!target) {
      const submodule = member ? this.namespaceSubmodule(file, module, member) : undefined;
      if (submodule) return submodule;
      const qualified = module.startsWith('.') ? module.replace(/^\.+/, '') : module;
      return { kind: 'external', qualified: member ? `${qualified}.${member}` : qualified };
    }
    if (!member) return { kind: 'module', file: target };
    // A package importing its own submodule (`from . import auth` in flaskr/__init__.py, the Flask tutorial's factory).
    if (target === file) return this.submodule(target, member);
    return (
      this.resolveSymbol(target, target.symbols.get(member), member, hops + 1) ??
      this.submodule(target, member) ??
      // `from pkg import mod` where the module is not in the symbol table.
      (this.resolveModule(target, `${target.module}.${member}`) ? { kind: 'module', file: this.resolveModule(target, `${target.module}.${member}`)! } : undefined) ??
      // `from routes import routes`, `routes/` a namespace package holding `routes.py`: the module found was that file, not the package.
      this.namespaceSubmodule(file, module, member)
    );
  }

  /** A namespace package (a folder without `__init__.py`): `from airflow.www import auth` names its module. */
  private namespaceSubmodule(file: IndexedFile, module: string, member: string): Binding | undefined {
    const submodule = this.resolveModule(file, /^\.+$/.test(module) ? module + member : `${module}.${member}`);
    return submodule && { kind: 'module', file: submodule };
  }
}

const LOCALS = 'locals';

/**
 * Names bound inside each function, last binding by position winning. A
 * function and its bindings lie in one statement, so the index is the
 * statement's: an edit elsewhere in the file keeps it. (A file keeps its
 * IndexedFile for as long as it is in the workspace, so the bindings can
 * name it.)
 */
function lastLocalBinding(file: IndexedFile, fn: FunctionFact, name: string): Binding | undefined {
  const unit = fn.node.unit;
  let index = unit.memo.get(LOCALS) as Map<FunctionFact, Map<string, Binding>> | undefined;
  if (!index) {
    index = new Map();
    const facts = unitFacts(unit);
    const entries: [number, FunctionFact, string, Binding][] = [];
    for (const a of facts.assignments) if (a.scope) for (const n of a.names) entries.push([a.node.start, a.scope, n, { kind: 'value', file, fact: a }]);
    for (const f of facts.functions) if (f.enclosing && !f.className) entries.push([f.node.start, f.enclosing, f.name, { kind: 'function', file, fact: f }]);
    for (const c of facts.classes) if (c.enclosing) entries.push([c.node.start, c.enclosing, c.name, { kind: 'class', file, fact: c }]);
    entries.sort((x, y) => x[0] - y[0]);
    for (const [, scope, n, binding] of entries) {
      let names = index.get(scope);
      if (!names) index.set(scope, (names = new Map()));
      names.set(n, binding);
    }
    unit.memo.set(LOCALS, index);
  }
  return index.get(fn)?.get(name);
}

const SYMBOLS = 'symbols';

/**
 * Module-level names in position order, so the last binding in the file wins.
 * Imports inside functions (`from blog import auth` in an app factory) count
 * as the module's: they are how factories reach their blueprints. Each
 * statement's bindings are memoised on it: an edit re-lists only its own.
 */
function symbolTable(units: readonly Unit[]): Map<string, Symbol> {
  const table = new Map<string, Symbol>();
  for (const unit of units) for (const [name, symbol] of unitSymbols(unit)) table.set(name, symbol);
  return table;
}

/** The module-level names one statement binds, in position order. */
function unitSymbols(unit: Unit): [string, Symbol][] {
  let entries = unit.memo.get(SYMBOLS) as [string, Symbol][] | undefined;
  if (!entries) {
    const facts = unitFacts(unit);
    const positioned: [number, string, Symbol][] = [];
    for (const i of facts.imports) positioned.push([i.node.start, i.local, { kind: 'import', module: i.module, ...(i.member && { member: i.member }) }]);
    for (const f of facts.functions) if (!f.enclosing && !f.className) positioned.push([f.node.start, f.name, { kind: 'function', fact: f }]);
    for (const c of facts.classes) if (!c.enclosing) positioned.push([c.node.start, c.name, { kind: 'class', fact: c }]);
    for (const a of facts.assignments) if (!a.scope && !a.className) for (const n of a.names) positioned.push([a.node.start, n, { kind: 'value', fact: a }]);
    entries = positioned.sort((a, b) => a[0] - b[0]).map(([, name, symbol]) => [name, symbol]);
    unit.memo.set(SYMBOLS, entries);
  }
  return entries;
}

export function moduleName(root: string, filePath: string): string {
  const rel = path.relative(root, filePath).split(path.sep).join('/');
  const noExt = rel.replace(/\.pyi?$/, '');
  const parts = noExt.split('/').filter((p) => p && p !== '..');
  if (parts[parts.length - 1] === '__init__') parts.pop();
  return parts.join('.');
}

function indexModules(files: Iterable<IndexedFile>): Map<string, IndexedFile[]> {
  const map = new Map<string, IndexedFile[]>();
  for (const f of files) pushTo(map, f.module, f);
  return map;
}

/** `__name__ == '__main__'`, either way round. */
const MAIN_GUARD = /__name__\s*==\s*['"]__main__['"]|['"]__main__['"]\s*==\s*__name__/;

function nearest(from: string, candidates: IndexedFile[]): IndexedFile {
  const score = (p: string) => {
    const a = path.dirname(from).split(path.sep);
    const b = path.dirname(p).split(path.sep);
    let common = 0;
    while (common < a.length && common < b.length && a[common] === b[common]) common++;
    return common * 1000 - b.length;
  };
  return [...candidates].sort((x, y) => score(y.path) - score(x.path))[0]!;
}

/** A path (relative to the workspace root) in a tests folder or pytest's `conftest.py`, or a module named like a test. */
function testPath(relative: string): TestPath {
  const parts = relative.split(path.sep);
  const base = parts[parts.length - 1] ?? '';
  if (parts.some((p) => p === 'tests' || p === 'test' || p === 'testing') || base === 'conftest.py') return 'folder';
  return /^(test_.*|.*_test)\.py$/.test(base) ? 'name' : undefined;
}
