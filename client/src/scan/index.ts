import * as vscode from 'vscode';
import type { CommandFactory, Ctx } from '../ctx';
import { forgetCredentials, scanRunningApp, type ScanParts } from './command';
import { CredentialStore } from './credentials';
import { ScanDiagnostics } from './diagnostics';
import { ScanLog } from './log';
import { exportArgs, exportReport } from './report';
import { curlOf, ScanView } from './view';

/**
 * The black-box scanner's commands, for the extension's command table. They
 * share one view, diagnostic collection, log and credential store, made with
 * the first command the table creates (at activation, so the view has data
 * from the first scan on).
 */
export function registerScan(): Record<string, CommandFactory> {
  let parts: ScanParts | undefined;
  const partsOf = (ctx: Ctx): ScanParts => {
    if (!parts) {
      parts = { view: new ScanView(), diagnostics: new ScanDiagnostics(), log: new ScanLog(), credentials: new CredentialStore(ctx.secrets) };
      ctx.pushCleanup(parts.view, parts.diagnostics, parts.log);
    }
    return parts;
  };
  return {
    // Sends requests on the workspace's say-so (its settings pick the target and limits).
    'flaskGuard.scanRunningApp': { requiresTrust: true, create: (ctx) => scanRunningApp(ctx, partsOf(ctx)) },
    'flaskGuard.scan.export': {
      create: (ctx) => {
        const { view } = partsOf(ctx);
        return (arg?: unknown) => exportReport(view.lastResult, exportArgs(arg));
      },
    },
    'flaskGuard.scan.clear': {
      create: (ctx) => {
        const { view, diagnostics } = partsOf(ctx);
        return () => {
          view.clear();
          diagnostics.clear();
        };
      },
    },
    'flaskGuard.scan.forgetCredentials': { create: (ctx) => forgetCredentials(partsOf(ctx)) },
    'flaskGuard.scan.copyCurl': {
      create: () => async (arg?: unknown) => {
        const curl = curlOf(arg);
        if (!curl) throw new Error('"Copy curl Command" needs a finding: use it from the Flask Guard Scan view.');
        await vscode.env.clipboard.writeText(curl);
        vscode.window.setStatusBarMessage('Flask Guard: curl command copied (credentials redacted)', 5000);
      },
    },
  };
}
