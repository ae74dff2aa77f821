/**
 * The analysis engine: owns the workspace index and runs the rules. A pass
 * re-checks only the units that changed (unless the workspace's interface
 * changed), then runs the project rules over the Flask model.
 */
import { FlaskModel } from '../analysis/flask-model';
import { byCodeUnits } from '../analysis/order';
import type { PythonParser } from '../analysis/parser';
import { SourceFile, type TextChange, type UnitSwap } from '../analysis/source-file';
import type { SyntaxNode, Unit } from '../analysis/syntax';
import { Workspace, type IndexedFile } from '../analysis/workspace';
import type { Finding, Fix, ReportOptions, Rule, RuleContext, Severity, UnitContext } from '../rules/types';
import { defaultSettings, type EngineSettings } from './settings';
import { suppressedLines } from './suppressions';
import { unitInterface } from './interface';

interface CachedFinding {
  finding: ReportedFinding;
  /** Offsets relative to the unit's base: the unit may move without changing. */
  relStart: number;
  relEnd: number;
}

export class Engine {
  readonly workspace: Workspace;
  private settingsValue: EngineSettings;
  private modelCache: { generation: number; model: FlaskModel } | undefined;
  /** Bumped whenever the workspace interface changes; models built in one epoch share per-node results. */
  private epoch = 0;
  private readonly fileInterfaces = new Map<string, { source: SourceFile; version: number; keys: string[] }>();

  /**
   * `incremental: false` (one-shot runs: the CLI) skips the bookkeeping that
   * only pays off across edits: every pass checks every statement.
   */
  constructor(
    readonly parser: PythonParser,
    readonly root: string,
    readonly rules: readonly Rule[],
    settings: EngineSettings = defaultSettings(),
    private readonly options: { incremental: boolean } = { incremental: true },
  ) {
    this.workspace = new Workspace(root);
    this.settingsValue = settings;
  }

  get settings(): EngineSettings {
    return this.settingsValue;
  }

  set settings(value: EngineSettings) {
    this.settingsValue = value;
    // Statements' cached findings belong to an epoch: the next pass re-checks them all.
    this.epoch++;
    this.modelCache = undefined;
  }

  /** Adds or replaces a file. `keepTree` keeps its syntax tree for incremental edits (open documents). */
  setFile(path: string, text: string, keepTree = false): IndexedFile {
    this.workspace.get(path)?.source.dispose();
    return this.workspace.set(SourceFile.parse(this.parser, path, text, keepTree));
  }

  /** Applies editor changes to an open file incrementally. */
  editFile(path: string, changes: readonly TextChange[]): IndexedFile {
    const existing = this.workspace.get(path);
    if (!existing || !existing.source.hasTree) throw new Error(`${path} is not open for editing`);
    existing.source.edit(this.parser, changes);
    const swap = existing.source.lastSwap;
    if (swap) this.successors.set(swap.old, swap);
    return this.workspace.set(existing.source, swap);
  }

  /** Drops the tree of a closed file but keeps its facts. */
  releaseTree(path: string): void {
    this.workspace.get(path)?.source.dispose();
  }

  removeFile(path: string): boolean {
    this.workspace.get(path)?.source.dispose();
    this.fileInterfaces.delete(path);
    return this.workspace.delete(path);
  }

  get model(): FlaskModel {
    if (this.modelCache?.generation !== this.workspace.generation) {
      this.modelCache = { generation: this.workspace.generation, model: new FlaskModel(this.workspace, this.settings, this.epoch) };
    }
    return this.modelCache.model;
  }

  /**
   * What became of a statement that typing replaced: quick passes follow a
   * project finding of the last full pass to the statement's current copy,
   * so a route's finding does not blink out while its body is being edited.
   */
  private readonly successors = new WeakMap<Unit, UnitSwap>();

  /** Project findings of the last full pass, anchored to the units they lie in. */
  private lastProject: { unit: Unit; unitFile: string | undefined; finding: ReportedFinding; relStart: number; relEnd: number }[] = [];
  /** Each file's final findings at the last pass, and the text version they were computed for. */
  private lastLists = new Map<string, { source: SourceFile; version: number; findings: Finding[] }>();
  private lastProjectEpoch = -1;
  /** A quick pass re-used project findings: a full pass is due. */
  projectStale = false;

  /**
   * Runs every enabled rule; returns findings per file path (every indexed
   * file has an entry). `quick` re-uses the last full pass's project findings
   * for statements that did not change and the last lists of files the
   * change did not reach, and leaves `projectStale` set until the next full
   * pass. The first pass is always full.
   */
  analyze(mode: 'full' | 'quick' = 'full'): Map<string, Finding[]> {
    const out = new Map<string, Finding[]>();
    const settings = this.settings;
    const enabled = this.rules.filter((r) => settings.rules[r.meta.code] !== 'off');
    const files = [...this.workspace.all()];
    for (const f of files) out.set(f.path, []);
    if (!settings.enable) return out;

    if (this.interfaceChanged(files)) this.epoch++;
    const epoch = this.epoch;
    this.workspace.interfaceEpoch = epoch;
    const engine = this;
    // A quick pass re-checks only the files a change reached and keeps the
    // last pass's final list for the others: on a 200-file workspace, walking
    // every unit and re-materialising every finding cost more per keystroke
    // than checking the edited statement. When the change reached what other
    // statements may read (a new top-level statement), the statements it did
    // not touch keep their findings until the full pass that follows a pause
    // in typing: re-checking them cost 345 ms a keystroke on the 200-file
    // workspace, 250 ms on a 50,000-line file.
    const quick = mode === 'quick' && this.lastProjectEpoch >= 0;
    const dirty = quick ? this.dirtyFiles(files) : undefined;
    const unitFile = new Map<Unit, string>();

    for (const file of files) {
      if (dirty && !dirty.has(file.path)) continue;
      const list = out.get(file.path)!;
      for (const unit of file.source.units) {
        unitFile.set(unit, file.path);
        const memo = unit.memo.get(UNIT_FINDINGS) as { epoch: number; findings: CachedFinding[] } | undefined;
        let cached = memo && (quick || memo.epoch === epoch) ? memo.findings : undefined;
        if (!cached) {
          cached = [];
          const sink = cached;
          const ctx: UnitContext = {
            workspace: this.workspace,
            settings,
            file,
            report: (f, node, message, options) => {
              const finding = this.makeFinding(currentRule!, f, node, message, options);
              sink.push({ finding, relStart: finding.start - unit.base, relEnd: finding.end - unit.base });
            },
          };
          let currentRule: Rule | undefined;
          let failed = false;
          for (const rule of enabled) {
            if (!rule.checkUnit) continue;
            currentRule = rule;
            if (!this.guarded(rule, file.path, () => rule.checkUnit!(unit, ctx))) failed = true;
          }
          // A failed check is run again next pass: its error is reported (and its findings missed) for as long as it fails.
          if (!failed) unit.memo.set(UNIT_FINDINGS, { epoch, findings: cached });
        }
        for (const c of cached) list.push(c.finding.moved(unit.base + c.relStart, unit.base + c.relEnd));
      }
    }

    if (dirty) {
      // A project finding stays while the statement it lies in is still in its file.
      const unitsOf = new Map<string, Set<Unit>>();
      // A finding in a statement that typing replaced follows it, unless the edit reached the finding's
      // range or touched either end of it (typing at the end of a name changes the name).
      const current = (p: (typeof this.lastProject)[number]): [number, number] | undefined => {
        if (p.unitFile === undefined) return undefined;
        let units = unitsOf.get(p.unitFile);
        if (!units) unitsOf.set(p.unitFile, (units = new Set(this.workspace.get(p.unitFile)?.source.units)));
        let { unit, relStart, relEnd } = p;
        while (!units.has(unit)) {
          const swap = this.successors.get(unit);
          if (!swap) return undefined;
          if (relStart > swap.at + swap.removed) {
            relStart += swap.inserted - swap.removed;
            relEnd += swap.inserted - swap.removed;
          } else if (relEnd >= swap.at) return undefined;
          unit = swap.fresh;
        }
        return [unit.base + relStart, unit.base + relEnd];
      };
      for (const p of this.lastProject) {
        if (!dirty.has(p.finding.file)) continue;
        const range = current(p);
        if (range) out.get(p.finding.file)?.push(p.finding.moved(range[0], range[1]));
      }
      this.projectStale = true;
      return this.finish(files, out, dirty);
    }

    const project: typeof this.lastProject = [];
    let currentRule: Rule | undefined;
    const ctx: RuleContext = {
      workspace: this.workspace,
      settings,
      get model() {
        return engine.model;
      },
      report: (f, node, message, options) => {
        const finding = this.makeFinding(currentRule!, f, node, message, options);
        out.get(f.path)?.push(finding);
        project.push({ unit: node.unit, unitFile: unitFile.get(node.unit), finding, relStart: finding.start - node.unit.base, relEnd: finding.end - node.unit.base });
      },
    };
    for (const rule of enabled) {
      if (!rule.checkProject) continue;
      currentRule = rule;
      this.guarded(rule, null, () => rule.checkProject!(ctx));
    }
    this.lastProject = project;
    this.lastProjectEpoch = this.epoch;
    this.projectStale = false;
    return this.finish(files, out);
  }

  /**
   * Files whose findings may differ from the last pass's: their text changed
   * (or they are new), or a project finding of theirs lies in a file that
   * changed or went away.
   */
  private dirtyFiles(files: readonly IndexedFile[]): Set<string> {
    const dirty = new Set<string>();
    for (const f of files) {
      const last = this.lastLists.get(f.path);
      if (!last || last.source !== f.source || last.version !== f.source.version) dirty.add(f.path);
    }
    for (const p of this.lastProject) {
      if (p.unitFile !== undefined && (dirty.has(p.unitFile) || !this.workspace.get(p.unitFile))) dirty.add(p.finding.file);
    }
    return dirty;
  }

  /** Suppressions, duplicates, order for the files checked (`only`); the others keep the last pass's list. */
  private finish(files: readonly IndexedFile[], out: Map<string, Finding[]>, only?: Set<string>): Map<string, Finding[]> {
    for (const [path, findings] of out) {
      if (only && !only.has(path)) {
        out.set(path, this.lastLists.get(path)!.findings);
        continue;
      }
      const file = this.workspace.get(path)!;
      const suppressed = suppressedLines(file.source);
      out.set(path, dedupe(findings.filter((f) => !isSuppressed(suppressed, file, f))).sort((a, b) => a.start - b.start || byCodeUnits(a.code, b.code)));
    }
    this.lastLists = new Map(files.map((f) => [f.path, { source: f.source, version: f.source.version, findings: out.get(f.path)! }]));
    return out;
  }

  /** Rule failures become a log line, never a lost pass; `file` is null for a project check. */
  onRuleError: (rule: string, file: string | null, error: unknown) => void = () => {};
  /** A fix that could not be built (on text broken in a way its rule did not foresee): the finding stays, without it. */
  onFixError: (rule: string, file: string, error: unknown) => void = () => {};

  /** False when the rule threw. */
  private guarded(rule: Rule, file: string | null, run: () => void): boolean {
    try {
      run();
      return true;
    } catch (error) {
      this.onRuleError(rule.meta.code, file, error);
      return false;
    }
  }

  private makeFinding(rule: Rule, file: IndexedFile, node: SyntaxNode, message: string, options: ReportOptions = {}): ReportedFinding {
    const level = this.settings.rules[rule.meta.code];
    const severity: Severity = level && level !== 'off' ? level : (options.severity ?? rule.meta.severity);
    const fixes = options.fixes;
    const build = typeof fixes === 'function' ? fixes : () => fixes ?? [];
    return new ReportedFinding(
      rule.meta.code,
      message,
      file.path,
      node.start,
      options.end ? options.end.end : node.end,
      severity,
      options.commands ?? [],
      options.related ?? [],
      () => {
        try {
          return build();
        } catch (error) {
          this.onFixError(rule.meta.code, file.path, error);
          return [];
        }
      },
    );
  }

  /**
   * Whether any file's interface (or the set of files) changed since the last
   * pass. Each statement's interface string is memoised on it, so comparing a
   * file statement by statement costs a pointer comparison for each one an
   * edit did not reach, and no file-wide string is built.
   */
  private interfaceChanged(files: IndexedFile[]): boolean {
    if (!this.options.incremental) return true;
    let changed = files.length !== this.fileInterfaces.size;
    const seen = new Set<string>();
    for (const f of files) {
      seen.add(f.path);
      const entry = this.fileInterfaces.get(f.path);
      // A file set again (from disk, on didOpen, by --fix) is a new SourceFile whose version restarts at 0.
      if (entry && entry.source === f.source && entry.version === f.source.version) continue;
      const keys = f.source.units.map((u) => unitInterface(u, f, this.rules));
      if (!entry || keys.length !== entry.keys.length || keys.some((k, i) => k !== entry.keys[i])) changed = true;
      this.fileInterfaces.set(f.path, { source: f.source, version: f.source.version, keys });
    }
    if (changed) for (const path of this.fileInterfaces.keys()) if (!seen.has(path)) this.fileInterfaces.delete(path);
    return changed;
  }
}

const UNIT_FINDINGS = 'findings';
/**
 * A finding whose `fixes` are built when read, from the current text. The
 * source of its fixes is private: spreading or serialising a finding never
 * runs them, and moving it costs one object.
 */
class ReportedFinding implements Finding {
  readonly #fixes: () => Fix[];
  constructor(
    readonly code: string,
    readonly message: string,
    readonly file: string,
    readonly start: number,
    readonly end: number,
    readonly severity: Severity,
    readonly commands: Finding['commands'],
    readonly related: Finding['related'],
    fixes: () => Fix[],
  ) {
    this.#fixes = fixes;
  }
  get fixes(): Fix[] {
    return this.#fixes();
  }
  /** The same finding at a new range (its statement moved). */
  moved(start: number, end: number): ReportedFinding {
    if (start === this.start && end === this.end) return this;
    return new ReportedFinding(this.code, this.message, this.file, start, end, this.severity, this.commands, this.related, this.#fixes);
  }
}

function isSuppressed(suppressed: Map<number, string[]>, file: IndexedFile, finding: Finding): boolean {
  if (!suppressed.size) return false;
  const codes = suppressed.get(file.source.lineIndex.position(finding.start).line);
  return codes !== undefined && (codes.length === 0 || codes.includes(finding.code));
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.code}:${f.start}:${f.end}:${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export type { Unit };
