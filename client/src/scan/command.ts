import * as vscode from 'vscode';
import { scan, type ScanResult } from '../../../server/src/scanner';
import { messageOf, type Cmd, type Ctx } from '../ctx';
import { routeMap, type RouteMapRequest } from '../protocol';
import { plural } from '../status';
import { askCredentials, credentialsFrom, describeCredentials, toIdentity, type CredentialStore, type Credentials } from './credentials';
import type { ScanDiagnostics } from './diagnostics';
import type { ScanLog } from './log';
import { exportReport } from './report';
import { baseFolder, readLimits, readWordlistSetting } from './settings';
import { defaultTargetUrl, isLoopbackUrl, urlProblem } from './target';
import type { ScanView } from './view';

/** What the scan commands share: one view, one diagnostic collection, one log, one credential store. */
export interface ScanParts {
  view: ScanView;
  diagnostics: ScanDiagnostics;
  log: ScanLog;
  credentials: CredentialStore;
}

/**
 * The argument for tests and automation. With `url` nothing is asked:
 * `credentials` (kept for that origin, as if the user had typed them), else
 * the ones kept for it, else none. `yes` confirms a target that is not
 * loopback, which is otherwise confirmed in a modal dialog.
 */
interface ScanArgs { url?: string; yes?: boolean; credentials?: Credentials }

/**
 * "Flask Guard: Scan Running App…". Resolves to the scan's result (the same
 * object the view, the diagnostics and the exports show), or undefined when
 * the user backed out or the scan could not start.
 */
export function scanRunningApp(ctx: Ctx, parts: ScanParts): Cmd {
  let running = false;
  return async (arg?: unknown) => {
    if (running) {
      void vscode.window.showInformationMessage('A Flask Guard scan is already running: wait for it, or cancel it from its notification.');
      return undefined;
    }
    running = true;
    try {
      return await runScan(ctx, parts, scanArgs(arg));
    } finally {
      running = false;
    }
  };
}

/** View-title and palette invocations pass no argument, or one that is not ours. */
function scanArgs(arg: unknown): ScanArgs | undefined {
  if (arg === null || typeof arg !== 'object') return undefined;
  const { url, yes, credentials } = arg as Record<string, unknown>;
  if (url !== undefined && typeof url !== 'string') return undefined;
  return { url, yes: yes === true, credentials: credentialsFrom(credentials) };
}

async function runScan(ctx: Ctx, parts: ScanParts, args: ScanArgs | undefined): Promise<ScanResult | undefined> {
  const url = (args?.url ?? (await askUrl()))?.trim();
  if (url === undefined) return undefined;
  const problem = urlProblem(url);
  // Not quoting the URL: it may carry a password (the problem says so).
  if (problem) return refuse(`Flask Guard: ${problem}`);
  if (!isLoopbackUrl(url) && !args?.yes && !(await confirmRemote(url))) return undefined;

  const origin = new URL(url).origin;
  const credentials = await credentialsFor(parts.credentials, origin, args);
  if (!credentials) return undefined;
  const identity = toIdentity(credentials);
  if ('error' in identity) {
    return refuse(`Flask Guard cannot use the credentials for ${origin}: ${identity.error}. Run "Flask Guard: Forget Scan Credentials…" and scan again to enter them anew.`);
  }
  const wordlist = await readWordlistSetting();
  if ('error' in wordlist) return refuse(wordlist.error);
  const routes = await workspaceRoutes(ctx);
  const limits = readLimits();

  parts.log.started(url, describeCredentials(credentials), 'routes' in routes ? routes.routes.length : routes.missing);
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Flask Guard: scanning ${origin}`, cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      const cancel = token.onCancellationRequested(() => controller.abort());
      let reported = 0;
      try {
        return await scan({
          target: url,
          limits,
          headers: identity.headers,
          login: identity.login,
          routes: 'routes' in routes ? routes.routes : [],
          wordlist: wordlist.words,
          unsafeMethods: false,
          includeDestructive: false,
          probeLoginThrottle: false,
          cwd: baseFolder() ?? process.cwd(),
          signal: controller.signal,
          onRequest: (sent) => {
            progress.report({ message: `${plural(sent, 'request')} (at most ${limits.maxRequests})`, increment: ((sent - reported) / limits.maxRequests) * 100 });
            reported = sent;
          },
        });
      } finally {
        cancel.dispose();
      }
    },
  );
  parts.log.finished(result);
  parts.view.show(result);
  await parts.diagnostics.show(result);
  announce(parts, result);
  return result;
}

function refuse(message: string): undefined {
  void vscode.window.showErrorMessage(message);
  return undefined;
}

async function askUrl(): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title: 'Flask Guard: Scan Running App',
    prompt: 'URL of the running Flask app (start it first, e.g. with "flask run"). Only GET, HEAD and OPTIONS requests are sent.',
    value: await defaultTargetUrl(),
    ignoreFocusOut: true,
    validateInput: urlProblem,
  });
}

async function confirmRemote(url: string): Promise<boolean> {
  const { host } = new URL(url);
  const limits = readLimits();
  const choice = await vscode.window.showWarningMessage(
    `${host} is not this machine. Scan it?`,
    {
      modal: true,
      detail: `Flask Guard will send up to ${limits.maxRequests} GET, HEAD and OPTIONS requests to ${host} to probe its authentication and sessions. Scan only apps you own or are allowed to test.`,
    },
    'Scan',
  );
  return choice === 'Scan';
}

/** Asked once per origin and kept; a scan started with a URL argument never asks. */
async function credentialsFor(store: CredentialStore, origin: string, args: ScanArgs | undefined): Promise<Credentials | undefined> {
  const given = args?.credentials;
  if (given && !('error' in toIdentity(given))) await store.set(origin, given);
  const stored = given ?? (await store.get(origin));
  if (stored || args?.url !== undefined) return stored ?? { kind: 'none' };
  const answered = await askCredentials(origin);
  if (answered) await store.set(origin, answered);
  return answered;
}

/** The static route map, so findings land on the route's line; a scan without it still runs. */
async function workspaceRoutes(ctx: Ctx): Promise<{ routes: RouteMapRequest.Result } | { missing: string }> {
  const client = ctx.runningClient();
  if (!client) return { missing: 'the language server is not running, so findings will not point at source lines' };
  try {
    return { routes: await client.sendRequest(routeMap, {}) };
  } catch (e) {
    ctx.log.warn('flaskGuard/routeMap failed:', messageOf(e));
    return { missing: `the route map is unavailable (${messageOf(e)}), so findings will not point at source lines` };
  }
}

/** One message with the outcome; never awaited, so the command resolves while it is shown. */
function announce(parts: ScanParts, result: ScanResult): void {
  if (result.unreachable) {
    void vscode.window.showErrorMessage(`Flask Guard could not scan ${result.target}: ${result.messages[0] ?? 'it did not answer'}`, 'Show Scan Log').then((choice) => {
      if (choice) parts.log.show();
    });
    return;
  }
  const notes = result.messages.length > 0 ? ` (${plural(result.messages.length, 'note')} in the view)` : '';
  const text = `Flask Guard scan of ${result.target}: ${plural(result.findings.length, 'finding')} in ${plural(result.requests, 'request')}${notes}.`;
  void vscode.window.showInformationMessage(text, 'Show Findings', 'Export Report…', 'Show Scan Log').then((choice) => {
    if (choice === 'Show Findings') void parts.view.reveal();
    if (choice === 'Export Report…') void exportReport(parts.view.lastResult);
    if (choice === 'Show Scan Log') parts.log.show();
  });
}

/** "Flask Guard: Forget Scan Credentials…": the next scan of those apps asks again. */
export function forgetCredentials(parts: ScanParts): Cmd {
  return async (arg?: unknown) => {
    const origins = await parts.credentials.origins();
    if (origins.length === 0) {
      void vscode.window.showInformationMessage('Flask Guard keeps no scan credentials.');
      return;
    }
    const chosen = typeof arg === 'string'
      ? [arg]
      : (await vscode.window.showQuickPick(origins, { title: 'Flask Guard: forget the scan credentials of', canPickMany: true })) ?? [];
    for (const origin of chosen) await parts.credentials.forget(origin);
    if (chosen.length > 0) vscode.window.setStatusBarMessage(`Flask Guard: forgot the scan credentials of ${chosen.join(', ')}`, 5000);
  };
}
