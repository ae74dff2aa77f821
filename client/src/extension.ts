import * as vscode from 'vscode';
import { createCommands } from './commands';
import { Ctx, messageOf } from './ctx';

let ctx: Ctx | undefined;

export async function activate(extension: vscode.ExtensionContext): Promise<void> {
  // VS Code only logs a failed activation; the user would never see it.
  try {
    ctx = new Ctx(extension, createCommands());
    const started = await ctx.start();
    if (!started.ok) ctx.reportStartFailure(started.error);
  } catch (e) {
    void vscode.window.showErrorMessage(`Flask Guard failed to activate: ${messageOf(e)}`);
  }
}

export async function deactivate(): Promise<void> {
  await ctx?.dispose();
  ctx = undefined;
}
