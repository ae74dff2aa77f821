/**
 * The Flask Guard language server: incremental documents, a workspace index
 * per folder, diagnostics pushed after each pass, code actions from the
 * findings of the last pass. The engine does the work; this file translates.
 */
import * as path from 'node:path';
import {
  CodeActionKind,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  TextDocumentSyncKind,
  createConnection,
  ProposedFeatures,
  type CodeAction,
  type CodeActionParams,
  type Connection,
  type Diagnostic,
  type Hover,
  type HoverParams,
  type InitializeParams,
  type InitializeResult,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver/node';
import { loadPythonParser, type PythonParser } from '../analysis/parser';
import { explainStanding, routeMapOf, standing } from '../analysis/route-map';
import { LineIndex } from '../analysis/source-file';
import { Engine } from '../engine/engine';
import { discoverPythonFiles, excludeMatcher, readPythonFile } from '../engine/files';
import { ALL_RULES, ruleByCode } from '../rules';
import { ruleMarkdown } from '../rules/docs';
import type { Finding } from '../rules/types';
import { actionsForFinding, fixAllAction, FIX_ALL_KIND } from './code-actions';
import { findingKey, pathToUri, toDiagnostic, uriToPath, type DiagnosticData } from './convert';
import { routeHover } from './hover';
import { ReanalyzeRequest, RouteMapRequest, RuleDocRequest, StatusNotification } from './protocol';
import { readSettings, type ServerSettings } from './settings';
import { idleCollector } from './idle-gc';

/** A second read of a created or changed file, for writers that were not done yet. */
const REREAD_DELAY_MS = 500;

/**
 * Typing pause after which project rules run over the whole model again.
 * The pass cannot be interrupted (120 ms on a 200-file workspace), so a
 * keystroke that lands during it waits: at 150 ms, ordinary gaps between
 * keystrokes started it mid-word (p95 keystroke 140 ms when typing with
 * 30-250 ms gaps). Quick passes keep every finding in place meanwhile.
 */
const FULL_PASS_DELAY_MS = 300;
/** Quiet time after a pass before memory the pass left behind is collected. */
const IDLE_GC_DELAY_MS = 1000;

interface Folder {
  uri: string;
  path: string;
  engine: Engine;
  settings: ServerSettings;
  isExcluded: (file: string) => boolean;
  indexed: boolean;
}

interface InitOptions {
  /** false in untrusted workspaces: analyse open files only. */
  trusted?: boolean;
}

export class FlaskGuardServer {
  private folders: Folder[] = [];
  private loose: Folder | undefined;
  private readonly open = new Map<string, { uri: string; version: number }>();
  /**
   * What each file's diagnostics were last published from: the findings list
   * (a quick pass hands back the same list for files it did not re-check, so
   * those cost nothing) and the JSON sent, when it was computed (an equal list
   * is not sent again).
   */
  private readonly published = new Map<string, { from: Finding[]; json: string | undefined }>();
  private findings = new Map<string, Finding[]>();
  private readonly collector = idleCollector(IDLE_GC_DELAY_MS);
  private scheduled: NodeJS.Immediate | undefined;
  private fullPassTimer: NodeJS.Timeout | undefined;
  private readonly forcePublish = new Set<string>();
  private canAskConfiguration = false;
  /** Rule failures of the pass running now, for the status item. */
  private ruleErrors: string[] = [];
  private trusted = true;

  private constructor(
    private readonly connection: Connection,
    private readonly parser: PythonParser,
  ) {}

  static async initialize(connection: Connection, params: InitializeParams): Promise<{ server: FlaskGuardServer; result: InitializeResult }> {
    const parser = await loadPythonParser();
    const server = new FlaskGuardServer(connection, parser);
    server.canAskConfiguration = !!params.capabilities.workspace?.configuration;
    server.trusted = (params.initializationOptions as InitOptions | undefined)?.trusted !== false;
    const folders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : []);
    for (const f of folders) {
      const p = uriToPath(f.uri);
      if (p) server.folders.push(server.makeFolder(f.uri, p));
    }
    server.folders.sort((a, b) => b.path.length - a.path.length);
    const result: InitializeResult = {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
        hoverProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'Flask Guard', version: '0.1.0' },
    };
    return { server, result };
  }

  register(): void {
    const c = this.connection;
    c.onInitialized(() => void this.onInitialized());
    c.onDidOpenTextDocument((p) => this.safely('didOpen', () => this.didOpen(p.textDocument.uri, p.textDocument.text, p.textDocument.version)));
    c.onDidChangeTextDocument((p) => this.safely('didChange', () => this.didChange(p.textDocument.uri, p.contentChanges, p.textDocument.version)));
    c.onDidCloseTextDocument((p) => this.safely('didClose', () => this.didClose(p.textDocument.uri)));
    c.onDidChangeWatchedFiles((p) =>
      this.safely('watchedFiles', () => {
        let settingsChanged = false;
        for (const change of p.changes) {
          const file = uriToPath(change.uri);
          if (!file) continue;
          if (path.basename(file) === 'pyproject.toml') settingsChanged = true;
          else if (!this.open.has(file)) {
            const deleted = change.type === FileChangeType.Deleted;
            this.syncFromDisk(file, deleted);
            // A file copied in may still be empty when "created" arrives, and the
            // watcher can fold the following "changed" into it: read it once more.
            if (!deleted) setTimeout(() => this.safely('watchedFiles', () => {
              if (!this.open.has(file)) {
                this.syncFromDisk(file, false);
                this.schedule();
              }
            }), REREAD_DELAY_MS);
          }
        }
        if (settingsChanged) void this.reloadSettings();
        else this.schedule();
      }),
    );
    c.onDidChangeConfiguration(() => void this.reloadSettings());
    c.onCodeAction((p) => this.safelyValue('codeAction', () => this.codeActions(p), []));
    c.onHover((p) => this.safelyValue('hover', () => this.hover(p), null));
    c.onRequest(ReanalyzeRequest.method, async () => {
      await this.reindexAll();
      return { files: this.folders.reduce((n, f) => n + f.engine.workspace.size, 0), findings: this.totalFindings() } satisfies ReanalyzeRequest.Result;
    });
    c.onRequest(RouteMapRequest.method, (): RouteMapRequest.Result =>
      this.safelyValue('routeMap', () => this.folders.flatMap((f) => routeMapOf(f.engine.model).map((e) => ({ ...e, standing: standing(e), why: explainStanding(e, f.path) }))), []),
    );
    c.onRequest(RuleDocRequest.method, (p: RuleDocRequest.Params): RuleDocRequest.Result => {
      const rule = ruleByCode(p.code);
      return rule ? { code: rule.meta.code, name: rule.meta.name, markdown: ruleMarkdown(rule) } : null;
    });
    c.onShutdown(() => {
      this.collector.dispose();
      for (const f of this.allFolders()) for (const file of f.engine.workspace.all()) file.source.dispose();
    });
  }

  private makeFolder(uri: string, folderPath: string): Folder {
    const engine = new Engine(this.parser, folderPath, ALL_RULES);
    engine.onRuleError = (rule, file, error) => {
      this.log(`internal error in ${rule} on ${file ?? 'the project'}: ${(error as Error).stack ?? error}`);
      this.ruleErrors.push(`${rule} failed on ${file ? path.basename(file) : 'the project'}`);
    };
    engine.onFixError = (rule, file, error) => this.log(`internal error building the fix of ${rule} on ${file}: ${(error as Error).stack ?? error}`);
    return { uri, path: folderPath, engine, settings: { engine: engine.settings, scope: 'workspace' }, isExcluded: excludeMatcher(folderPath, []), indexed: false };
  }

  private allFolders(): Folder[] {
    return this.loose ? [...this.folders, this.loose] : this.folders;
  }

  private folderOf(file: string): Folder {
    const f = this.folders.find((x) => file === x.path || file.startsWith(x.path + path.sep));
    if (f) return f;
    this.loose ??= this.makeFolder(pathToUri(path.parse(file).root), path.parse(file).root);
    return this.loose;
  }

  private async onInitialized(): Promise<void> {
    if (this.canAskConfiguration) {
      void this.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.py' }, { globPattern: '**/pyproject.toml' }] }).catch(() => undefined);
    }
    await this.reloadSettings();
  }

  private async reloadSettings(): Promise<void> {
    for (const folder of this.folders) {
      folder.settings = await readSettings(this.connection, folder.uri, folder.path, this.canAskConfiguration);
      if (folder.settings.problem) this.log(folder.settings.problem);
      folder.engine.settings = folder.settings.engine;
      folder.isExcluded = excludeMatcher(folder.path, folder.settings.engine.exclude);
    }
    await this.reindexAll();
  }

  /** Reads every Python file of every folder, with a progress report; open documents keep their buffers. */
  private async reindexAll(): Promise<void> {
    // Closed modules are read for context (blueprints, guards) whatever the scope; the scope only decides what is shown.
    const indexable = this.folders.filter((f) => this.trusted && f.settings.engine.enable);
    this.status('analysing');
    const progress = await this.connection.window.createWorkDoneProgress().catch(() => undefined);
    const started = Date.now();
    try {
      const lists = indexable.map((f) => ({ folder: f, found: discoverPythonFiles(f.path, ['.'], f.settings.engine.exclude) }));
      const total = lists.reduce((n, l) => n + l.found.files.length, 0);
      progress?.begin('Flask Guard', 0, `Indexing ${total} Python files`, false);
      let done = 0;
      for (const { folder, found } of lists) {
        for (const file of [...folder.engine.workspace.all()].map((f) => f.path)) if (!found.files.includes(file) && !this.open.has(file)) folder.engine.removeFile(file);
        for (const s of found.skipped) this.log(`skipped ${s.path}: ${s.reason}`);
        for (const file of found.files) {
          if (!this.open.has(file)) this.syncFromDisk(file, false, folder);
          if (++done % 25 === 0) {
            progress?.report(Math.round((done / Math.max(total, 1)) * 100), `${done}/${total} files`);
            await new Promise((r) => setImmediate(r));
          }
        }
        folder.indexed = true;
      }
      this.log(`indexed ${total} files in ${Date.now() - started} ms`);
    } finally {
      progress?.done();
    }
    for (const f of this.allFolders()) f.engine.settings = f.settings.engine;
    this.runPass();
  }

  private syncFromDisk(file: string, deleted: boolean, folder = this.folderOf(file)): void {
    if (deleted || folder.isExcluded(file)) {
      folder.engine.removeFile(file);
      return;
    }
    const read = readPythonFile(file, folder.settings.engine.maxFileSize);
    if (read.ok) folder.engine.setFile(file, read.text, false);
    else {
      this.log(`skipped ${file}: ${read.reason}`);
      folder.engine.removeFile(file);
    }
  }

  private didOpen(uri: string, text: string, version: number): void {
    const file = uriToPath(uri);
    if (!file) return;
    this.open.set(file, { uri, version });
    const folder = this.folderOf(file);
    if (text.length > folder.settings.engine.maxFileSize) {
      this.log(`not analysing ${file}: larger than flaskGuard.maxFileSize`);
      return;
    }
    folder.engine.setFile(file, text, true);
    this.forcePublish.add(file);
    this.schedule();
  }

  private didChange(uri: string, changes: TextDocumentContentChangeEvent[], version: number): void {
    const file = uriToPath(uri);
    if (!file) return;
    const entry = this.open.get(file);
    if (entry) entry.version = version;
    const engine = this.folderOf(file).engine;
    const indexed = engine.workspace.get(file);
    for (const change of changes) {
      if (!('range' in change) || !indexed?.source.hasTree) {
        engine.setFile(file, 'range' in change ? applyToText(engine.workspace.get(file)?.source.text ?? '', change) : change.text, true);
        continue;
      }
      const lines = engine.workspace.get(file)!.source.lineIndex;
      engine.editFile(file, [{ start: lines.offset(change.range.start), end: lines.offset(change.range.end), text: change.text }]);
    }
    this.forcePublish.add(file);
    this.schedule();
  }

  private didClose(uri: string): void {
    const file = uriToPath(uri);
    if (!file) return;
    this.open.delete(file);
    const folder = this.folderOf(file);
    // The buffer may have held unsaved text: the file on disk is the truth again.
    if (folder.indexed && this.trusted) this.syncFromDisk(file, false, folder);
    else {
      folder.engine.removeFile(file);
      this.connection.sendDiagnostics({ uri, diagnostics: [] });
      this.published.delete(file);
    }
    this.schedule();
  }

  /**
   * Coalesces the changes of one event-loop turn into one quick pass (the
   * edited statements re-checked, project findings of untouched statements
   * kept), then a full pass once typing pauses.
   */
  private schedule(): void {
    if (!this.scheduled) {
      this.scheduled = setImmediate(() => {
        this.scheduled = undefined;
        this.safely('analysis', () => this.runPass('quick'));
      });
    }
    if (this.fullPassTimer) clearTimeout(this.fullPassTimer);
    this.fullPassTimer = setTimeout(() => {
      this.fullPassTimer = undefined;
      if (this.allFolders().some((f) => f.engine.projectStale)) this.safely('analysis', () => this.runPass('full'));
    }, FULL_PASS_DELAY_MS);
  }

  private runPass(mode: 'full' | 'quick' = 'full'): void {
    const started = performance.now();
    this.ruleErrors = [];
    const next = new Map<string, Finding[]>();
    for (const folder of this.allFolders()) {
      for (const [file, list] of folder.engine.analyze(mode)) next.set(file, list);
    }
    this.findings = next;
    for (const [file, list] of next) {
      const folder = this.folderOf(file);
      const visible = this.open.has(file) || (this.trusted && folder.settings.scope === 'workspace');
      if (!visible) {
        // Scope narrowed to open files: take back what was shown for this one.
        if (this.published.delete(file)) this.connection.sendDiagnostics({ uri: pathToUri(file), diagnostics: [] });
        continue;
      }
      const last = this.published.get(file);
      const force = this.forcePublish.has(file);
      if (last?.from === list && !force) continue;
      const indexed = folder.engine.workspace.get(file)!;
      const lines = indexed.source.lineIndex;
      const diagnostics: Diagnostic[] = list.map((f, i) => toDiagnostic(f, i, lines, (p) => this.folderOf(p).engine.workspace.get(p)?.source.lineIndex));
      // A forced file (the one being typed in) is sent anyway: serialising its list only to compare it cost 3 ms a keystroke on 50,000 lines.
      const json = force ? undefined : JSON.stringify(diagnostics);
      this.published.set(file, { from: list, json });
      if (json !== undefined && last?.json === json) continue;
      const open = this.open.get(file);
      this.connection.sendDiagnostics({ uri: open?.uri ?? pathToUri(file), diagnostics, ...(open && { version: open.version }) });
    }
    for (const file of [...this.published.keys()]) {
      if (!next.has(file)) {
        this.published.delete(file);
        this.connection.sendDiagnostics({ uri: pathToUri(file), diagnostics: [] });
      }
    }
    this.forcePublish.clear();
    this.collector.poke();
    // A rule that failed leaves findings out: the status item says so until it stops failing.
    if (this.ruleErrors.length) this.status('error', `internal error: ${this.ruleErrors[0]}${this.ruleErrors.length > 1 ? ` (and ${this.ruleErrors.length - 1} more)` : ''}; its findings are missing, see the log`);
    else {
      const problem = this.folders.find((f) => f.settings.problem)?.settings.problem;
      this.status('idle', problem ?? `last pass ${(performance.now() - started).toFixed(1)} ms`);
    }
  }

  private codeActions(params: CodeActionParams): CodeAction[] {
    const file = uriToPath(params.textDocument.uri);
    if (!file) return [];
    // Fixes must come from a complete pass over the current text.
    if (this.allFolders().some((f) => f.engine.projectStale)) this.runPass('full');
    const findings = this.findings.get(file) ?? [];
    const indexed = this.folderOf(file).engine.workspace.get(file);
    if (!indexed) return [];
    const linesOf = (p: string) => this.folderOf(p).engine.workspace.get(p)?.source.lineIndex;
    const only = params.context.only;
    if (only?.some((k) => k === FIX_ALL_KIND || k === CodeActionKind.SourceFixAll || k === CodeActionKind.Source)) {
      const all = fixAllAction(findings, linesOf);
      return all ? [all] : [];
    }
    const actions: CodeAction[] = [];
    for (const d of params.context.diagnostics) {
      if (d.source !== 'Flask Guard') continue;
      const data = d.data as DiagnosticData | undefined;
      const finding = data && findings[data.index] && findingKey(findings[data.index]!) === data.key ? findings[data.index] : findings.find((f) => f.code === d.code && sameRange(indexed.source.lineIndex, f, d));
      if (finding) actions.push(...actionsForFinding(finding, d, indexed.source.lineIndex, linesOf));
    }
    return actions;
  }

  private hover(params: HoverParams): Hover | null {
    const file = uriToPath(params.textDocument.uri);
    const folder = file && this.folderOf(file);
    const indexed = folder && folder.engine.workspace.get(file);
    if (!folder || !indexed || !this.trusted || !folder.settings.engine.enable) return null;
    return routeHover(folder.engine.model, indexed, indexed.source.lineIndex.offset(params.position), folder.path);
  }

  private totalFindings(): number {
    let n = 0;
    for (const list of this.findings.values()) n += list.length;
    return n;
  }

  private status(state: StatusNotification.Params['state'], message?: string): void {
    const files = this.allFolders().reduce((n, f) => n + f.engine.workspace.size, 0);
    void this.connection.sendNotification(StatusNotification.method, { state, findings: this.totalFindings(), files, ...(message && { message }) } satisfies StatusNotification.Params);
  }

  private log(message: string): void {
    this.connection.console.log(message);
  }

  /** A failing handler logs and reports an error state; the server keeps running. */
  private safely(what: string, run: () => void): void {
    try {
      run();
    } catch (error) {
      this.log(`${what} failed: ${(error as Error).stack ?? error}`);
      this.status('error', `${what} failed: ${(error as Error).message}`);
    }
  }

  private safelyValue<T>(what: string, run: () => T, fallback: T): T {
    try {
      return run();
    } catch (error) {
      this.log(`${what} failed: ${(error as Error).stack ?? error}`);
      return fallback;
    }
  }
}

function sameRange(lines: LineIndex, f: Finding, d: Diagnostic): boolean {
  const s = lines.position(f.start);
  return s.line === d.range.start.line && s.character === d.range.start.character;
}

function applyToText(text: string, change: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string }): string {
  const lines = new LineIndex(text);
  return text.slice(0, lines.offset(change.range.start)) + change.text + text.slice(lines.offset(change.range.end));
}

/** Starts the server on the transport named in `args` (`--stdio`, `--node-ipc`), as the LSP libraries read it. */
export function startServer(args: readonly string[] = process.argv.slice(2)): void {
  if (!args.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe'))) process.argv.push('--stdio');
  const connection = createConnection(ProposedFeatures.all);
  connection.onInitialize(async (params) => {
    const { server, result } = await FlaskGuardServer.initialize(connection, params);
    server.register();
    return result;
  });
  connection.listen();
}
