/**
 * A minimal LSP client for tests: starts `node dist/server.js --stdio` on a
 * temp project, answers the server's requests (configuration, progress,
 * registrations), keeps the documents it opened in step with the edits it
 * sends, records every publishDiagnostics and status notification, and
 * always kills the server when the test ends.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  ConfigurationRequest,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  WorkDoneProgressCreateRequest,
  type Diagnostic,
  type FileChangeType,
  type ProtocolConnection,
  type TextDocumentContentChangeEvent,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { StatusNotification } from '../../server/src/lsp/protocol';
import { REPO_ROOT, tempProject, type TempProject } from '../helpers/project';

export const BUNDLED_SERVER = path.join(REPO_ROOT, 'dist', 'server.js');

export interface Published {
  diagnostics: Diagnostic[];
  version: number | undefined;
  /** Increases with every publish, for any file: "published after X" checks. */
  seq: number;
}

interface TestContext {
  after(fn: () => void | Promise<void>): void;
}

export class LspClient {
  /** Latest publish per document URI. */
  readonly published = new Map<string, Published>();
  readonly statuses: StatusNotification.Params[] = [];
  readonly log: string[] = [];
  /** `$/progress` values in arrival order (work-done progress of the indexing pass). */
  readonly progress: { kind: string; title?: string; message?: string }[] = [];
  /** What `workspace/configuration` answers for the `flaskGuard` section. */
  settings: Record<string, unknown>;
  private readonly docs = new Map<string, TextDocument>();
  private seq = 0;
  private readonly waiters = new Set<() => void>();
  private exited = false;

  private constructor(
    readonly project: TempProject,
    private readonly child: ChildProcess,
    readonly connection: ProtocolConnection,
    settings: Record<string, unknown>,
  ) {
    this.settings = settings;
  }

  /** Starts the server on a project with `files`, initialises it and waits for the first analysis pass. */
  static async start(t: TestContext, files: Record<string, string>, settings: Record<string, unknown> = {}, initializationOptions?: Record<string, unknown>): Promise<LspClient> {
    if (!fs.existsSync(BUNDLED_SERVER)) throw new Error(`${BUNDLED_SERVER} is missing: run node scripts/bundle.mjs`);
    const project = tempProject(files, t);
    const child = spawn(process.execPath, [BUNDLED_SERVER, '--stdio'], { cwd: project.dir, stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new LspClient(project, child, connection, settings);
    t.after(() => client.kill());
    child.stderr!.on('data', (d: Buffer) => client.log.push(`[stderr] ${d.toString()}`));
    child.on('exit', () => {
      client.exited = true;
      client.notify();
    });
    client.listen();
    connection.listen();
    await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: pathToFileURL(project.dir).href,
      workspaceFolders: [{ uri: pathToFileURL(project.dir).href, name: path.basename(project.dir) }],
      ...(initializationOptions && { initializationOptions }),
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: false }, workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: true } },
        textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true }, codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } } } },
        window: { workDoneProgress: true },
      },
    });
    await connection.sendNotification(InitializedNotification.type, {});
    await client.waitFor(() => client.statuses.some((s) => s.state === 'idle') || undefined, 'the first analysis pass');
    return client;
  }

  private listen(): void {
    const c = this.connection;
    c.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.published.set(p.uri, { diagnostics: p.diagnostics, version: p.version, seq: ++this.seq });
      this.notify();
    });
    c.onNotification(StatusNotification.method, (p: StatusNotification.Params) => {
      this.statuses.push(p);
      this.notify();
    });
    c.onNotification(LogMessageNotification.type, (p) => void this.log.push(p.message));
    c.onRequest(ConfigurationRequest.type, (p) => p.items.map((item) => (item.section === 'flaskGuard' ? this.settings : null)));
    c.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
    c.onRequest(RegistrationRequest.type, () => undefined);
    c.onNotification('$/progress', (p: { value: { kind: string; title?: string; message?: string } }) => {
      this.progress.push(p.value);
      this.notify();
    });
  }

  private notify(): void {
    for (const w of [...this.waiters]) w();
  }

  /**
   * Resolves with `check()`'s first defined result, re-checking whenever the
   * server sends something; fails after `timeoutMs` naming what it waited for.
   */
  waitFor<T>(check: () => T | undefined, what: string, timeoutMs = 15_000): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const attempt = () => {
        let value: T | undefined;
        try {
          value = check();
        } catch (e) {
          done();
          reject(e as Error);
          return;
        }
        if (value !== undefined) {
          done();
          resolve(value);
        } else if (this.exited) {
          done();
          reject(new Error(`server exited while waiting for ${what}\n${this.log.join('\n')}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        const seen = [...this.published].map(([uri, p]) => `  ${path.relative(this.project.dir, new URL(uri).pathname)} v${p.version ?? '-'}: ${p.diagnostics.map((d) => `${d.range.start.line + 1}:${d.code}`).join(', ') || '(none)'}`);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}\npublished:\n${seen.join('\n')}\nserver log:\n${this.log.slice(-20).join('\n')}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(attempt);
      };
      this.waiters.add(attempt);
      attempt();
    });
  }

  uri(name: string): string {
    return pathToFileURL(this.project.file(name)).href;
  }

  /** The diagnostics last published for a file (undefined: never published). */
  diagnostics(name: string): Diagnostic[] | undefined {
    return this.published.get(this.uri(name))?.diagnostics;
  }

  /** Waits until a publish for `name` satisfies `accept` (after `since`, a `seq` mark, when given). */
  waitForDiagnostics(name: string, accept: (d: Diagnostic[]) => boolean, what: string, since = -1): Promise<Diagnostic[]> {
    const uri = this.uri(name);
    return this.waitFor(() => {
      const p = this.published.get(uri);
      return p && p.seq > since && accept(p.diagnostics) ? p.diagnostics : undefined;
    }, `${name}: ${what}`);
  }

  /** Waits for the diagnostics the server publishes for the current version of an open document. */
  waitForVersion(name: string, accept: (d: Diagnostic[]) => boolean = () => true, what = 'diagnostics for the latest edit'): Promise<Diagnostic[]> {
    const uri = this.uri(name);
    const version = this.docs.get(uri)!.version;
    return this.waitFor(() => {
      const p = this.published.get(uri);
      return p && p.version === version && accept(p.diagnostics) ? p.diagnostics : undefined;
    }, `${name} v${version}: ${what}`);
  }

  /** A mark for `waitForDiagnostics(..., since)`. */
  get mark(): number {
    return this.seq;
  }

  text(name: string): string {
    return this.docs.get(this.uri(name))!.getText();
  }

  async open(name: string, text = this.project.read(name)): Promise<void> {
    const uri = this.uri(name);
    this.docs.set(uri, TextDocument.create(uri, 'python', 1, text));
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'python', version: 1, text } });
  }

  /** Sends incremental changes (applied in order, as an editor does) and mirrors them locally. */
  async change(name: string, changes: TextDocumentContentChangeEvent[]): Promise<void> {
    const uri = this.uri(name);
    const doc = this.docs.get(uri);
    if (!doc) throw new Error(`${name} is not open`);
    const next = TextDocument.update(doc, changes, doc.version + 1);
    this.docs.set(uri, next);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: next.version }, contentChanges: changes });
  }

  /** Inserts text at a 0-based position. */
  insert(name: string, line: number, character: number, text: string): Promise<void> {
    return this.change(name, [{ range: { start: { line, character }, end: { line, character } }, text }]);
  }

  /** Replaces the first occurrence of `find` in an open document, as one ranged change. */
  replace(name: string, find: string, text: string): Promise<void> {
    const doc = this.docs.get(this.uri(name))!;
    const at = doc.getText().indexOf(find);
    if (at < 0) throw new Error(`"${find}" not in ${name}`);
    return this.change(name, [{ range: { start: doc.positionAt(at), end: doc.positionAt(at + find.length) }, text }]);
  }

  /**
   * Applies a WorkspaceEdit's changes to an open document the way an editor
   * does: all edits refer to the text before the edit, so they are sent last
   * to first, as one didChange.
   */
  async applyEdit(edit: WorkspaceEdit): Promise<void> {
    const byUri = new Map<string, TextEdit[]>();
    for (const change of edit.documentChanges ?? []) {
      if ('textDocument' in change) byUri.set(change.textDocument.uri, [...(byUri.get(change.textDocument.uri) ?? []), ...change.edits.filter((e): e is TextEdit => 'range' in e)]);
      else throw new Error(`resource operation ${change.kind} not supported in tests`);
    }
    for (const [uri, edits] of Object.entries(edit.changes ?? {})) byUri.set(uri, [...(byUri.get(uri) ?? []), ...edits]);
    for (const [uri, edits] of byUri) {
      const name = path.relative(this.project.dir, new URL(uri).pathname);
      const doc = this.docs.get(uri);
      if (!doc) throw new Error(`edit for ${name}, which is not open`);
      const ordered = [...edits].sort((a, b) => doc.offsetAt(b.range.start) - doc.offsetAt(a.range.start));
      await this.change(name, ordered.map((e) => ({ range: e.range, text: e.newText })));
    }
  }

  async close(name: string): Promise<void> {
    const uri = this.uri(name);
    this.docs.delete(uri);
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /** Tells the server files changed on disk, as the editor's file watcher does. */
  async filesChanged(changes: { name: string; type: FileChangeType }[]): Promise<void> {
    await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: changes.map((c) => ({ uri: this.uri(c.name), type: c.type })) });
  }

  async configure(settings: Record<string, unknown>): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  }

  async kill(): Promise<void> {
    if (!this.exited) {
      try {
        // A server that no longer answers still gets killed below; don't wait on it long.
        await Promise.race([this.connection.sendRequest(ShutdownRequest.type), new Promise((r) => setTimeout(r, 2000).unref())]);
        await this.connection.sendNotification(ExitNotification.type);
      } catch {
        // The connection may already be closed; the kill below still ends the process.
      }
    }
    this.connection.dispose();
    if (!this.exited) this.child.kill('SIGKILL');
  }
}
