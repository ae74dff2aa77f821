import * as vscode from 'vscode';
import * as fs from 'node:fs';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  RevealOutputChannelOn,
  State,
  TransportKind,
  type CloseHandlerResult,
  type ErrorHandler,
  type ErrorHandlerResult,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { section } from './config';
import { status, type InitializationOptions } from './protocol';
import { StatusItem } from './status';

export type Cmd = (...args: unknown[]) => unknown;

export interface CommandFactory {
  /** Refused in Restricted Mode: the command would run or reach code the user has not trusted. */
  requiresTrust?: boolean;
  create(ctx: Ctx): Cmd;
}

export type Outcome = { ok: true } | { ok: false; error: string };

export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Owns the language client, the log, the status item and every disposable of the extension. */
export class Ctx implements vscode.Disposable {
  readonly log: vscode.LogOutputChannel;
  private readonly status: StatusItem;
  private readonly cleanups: vscode.Disposable[] = [];
  private client: LanguageClient | undefined;
  private clientCleanups: vscode.Disposable[] = [];

  constructor(private readonly extension: vscode.ExtensionContext, commands: Record<string, CommandFactory>) {
    this.log = vscode.window.createOutputChannel('Flask Guard', { log: true });
    this.status = new StatusItem();
    this.pushCleanup(this.log, this.status);
    // The server learns trust only in `initialize`, so granting it needs a new server.
    this.pushCleanup(vscode.workspace.onDidGrantWorkspaceTrust(() => void this.restartWithFeedback()));
    for (const [id, factory] of Object.entries(commands)) this.registerCommand(id, factory);
    void vscode.commands.executeCommand('setContext', 'flaskGuard.active', true);
  }

  /** Where the scan keeps the credentials the user gives (per target origin). */
  get secrets(): vscode.SecretStorage {
    return this.extension.secrets;
  }

  pushCleanup(...disposables: vscode.Disposable[]): void {
    this.cleanups.push(...disposables);
  }

  /** The client, when its server is up. */
  runningClient(): LanguageClient | undefined {
    return this.client?.state === State.Running ? this.client : undefined;
  }

  /** Runs `use` with the running client; otherwise tells the user how to get the server back. */
  async withClient<T>(use: (client: LanguageClient) => Thenable<T>): Promise<T | undefined> {
    const client = this.runningClient();
    if (client) return use(client);
    this.offerRecovery('The Flask Guard language server is not running.');
    return undefined;
  }

  async start(): Promise<Outcome> {
    const serverModule = this.extension.asAbsolutePath('dist/server.js');
    if (!fs.existsSync(serverModule)) return this.startFailed(`${serverModule} is missing; reinstall the extension`);
    this.status.set({ kind: 'starting' });
    let hasRun = false;
    const client = this.createClient(serverModule, new CrashHandler(() => hasRun, () => this.serverGaveUp()));
    this.client = client;
    this.clientCleanups.push(
      client.onNotification(status, (params) => this.status.set({ kind: 'server', params })),
      client.onDidChangeState(({ newState }) => {
        if (newState === State.Running) hasRun = true;
        // A crashed server is restarted by the client; the status follows.
        if (newState === State.Starting) this.status.set({ kind: 'starting' });
      }),
    );
    try {
      await client.start();
      return { ok: true };
    } catch (e) {
      this.log.error('Starting the language server failed:', e);
      return this.startFailed('the log says why');
    }
  }

  private startFailed(reason: string): Outcome {
    this.status.set({ kind: 'stopped', reason: `the language server did not start: ${reason}` });
    return { ok: false, error: reason };
  }

  private serverGaveUp(): void {
    this.status.set({ kind: 'stopped', reason: 'the language server kept crashing and was not restarted; see the log' });
    this.offerRecovery('The Flask Guard language server crashed 5 times in 3 minutes and was not restarted.');
  }

  /** Not awaited by callers: a command or a start must finish even if the message is never answered. */
  private offerRecovery(message: string): void {
    void vscode.window.showErrorMessage(message, 'Show Log', 'Restart Server').then((choice) => {
      if (choice === 'Show Log') this.log.show(true);
      if (choice === 'Restart Server') void this.restartWithFeedback();
    });
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    for (const d of this.clientCleanups.splice(0)) d.dispose();
    // A client whose start failed has nothing to stop, and says so by throwing.
    await client?.dispose().catch((e: unknown) => this.log.warn('Stopping the language server:', messageOf(e)));
  }

  async restart(): Promise<Outcome> {
    await this.stop();
    return this.start();
  }

  /** Restart for a user action: failures surface as a message, never as a thrown error. */
  async restartWithFeedback(): Promise<void> {
    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: 'Flask Guard: restarting the language server' },
      () => this.restart(),
    );
    if (!outcome.ok) this.reportStartFailure(outcome.error);
  }

  reportStartFailure(error: string): void {
    this.offerRecovery(`Flask Guard could not start its language server: ${error}.`);
  }

  async dispose(): Promise<void> {
    await this.stop();
    for (const d of this.cleanups.splice(0).reverse()) d.dispose();
  }

  private createClient(serverModule: string, errorHandler: ErrorHandler): LanguageClient {
    // V8 flags for the server process, from package.json (the bench starts the server with the same):
    // small semi-spaces keep a burst of keystrokes' garbage from growing the young generation to
    // 32 MB and keeping it (20 MB less RSS on a 200-file workspace); a 10% old-generation growth
    // step, instead of V8's factor of 1.1 to 4, collects before the heap balloons during indexing
    // and full passes (peak RSS 220 -> 195 MB on the same workspace). Neither cost measurable latency.
    const manifest = this.extension.extension.packageJSON as { flaskGuard?: { serverNodeFlags?: string[] } };
    const server = { module: serverModule, transport: TransportKind.ipc, options: { execArgv: manifest.flaskGuard?.serverNodeFlags ?? [] } };
    const serverOptions: ServerOptions = { run: server, debug: server };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { scheme: 'file', language: 'python' },
        { scheme: 'untitled', language: 'python' },
      ],
      // The server registers its own file watchers; settings changes must reach it as a notification.
      synchronize: { configurationSection: section },
      initializationOptions: (): InitializationOptions => ({ trusted: vscode.workspace.isTrusted }),
      outputChannel: this.log,
      // Failures reach the user once, through offerRecovery, not as the library's own pop-ups.
      errorHandler,
      initializationFailedHandler: () => false,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
    };
    return new QuietClient(section, 'Flask Guard', serverOptions, clientOptions);
  }

  private registerCommand(id: string, factory: CommandFactory): void {
    const cmd = factory.create(this);
    this.pushCleanup(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        if (factory.requiresTrust && !vscode.workspace.isTrusted) {
          void vscode.window.showWarningMessage('Flask Guard runs this command only in trusted workspaces.', 'Manage Workspace Trust').then((choice) => {
            if (choice) void vscode.commands.executeCommand('workbench.trust.manage');
          });
          return undefined;
        }
        try {
          return await cmd(...args);
        } catch (e) {
          this.log.error(`Command ${id} failed:`, e);
          void vscode.window.showErrorMessage(`Flask Guard: ${messageOf(e)}`);
          return undefined;
        }
      }),
    );
  }
}

/**
 * Restarts a crashed server up to 4 times in 3 minutes, then gives up and says
 * so. A server that never ran is not retried: `start()` reports that failure.
 */
class CrashHandler implements ErrorHandler {
  private crashes: number[] = [];

  constructor(private readonly hasRun: () => boolean, private readonly giveUp: () => void) {}

  error(_error: Error, _message: unknown, count: number | undefined): ErrorHandlerResult {
    if (count !== undefined && count <= 3) return { action: ErrorAction.Continue, handled: true };
    this.giveUp();
    return { action: ErrorAction.Shutdown, handled: true };
  }

  closed(): CloseHandlerResult {
    if (!this.hasRun()) return { action: CloseAction.DoNotRestart, handled: true };
    const now = Date.now();
    this.crashes = [...this.crashes.filter((t) => now - t < 3 * 60_000), now];
    if (this.crashes.length <= 4) return { action: CloseAction.Restart, handled: true };
    this.giveUp();
    return { action: CloseAction.DoNotRestart, handled: true };
  }
}

/**
 * Logs what the library would pop up (some of it with `'force'`, past every
 * option): the user gets one message per failure, from `offerRecovery`.
 */
class QuietClient extends LanguageClient {
  override error(message: string, data?: unknown): void {
    super.error(message, data, false);
  }
}
