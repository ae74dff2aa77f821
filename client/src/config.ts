import * as vscode from 'vscode';

export const section = 'flaskGuard';

/**
 * Keys the server reads only when it builds its workspace index at start;
 * every other key reaches the running server through
 * `workspace/didChangeConfiguration` and needs no restart.
 */
const restartKeys = ['diagnostics.scope', 'exclude', 'maxFileSize'] as const;

export class Config implements vscode.Disposable {
  private readonly subscription: vscode.Disposable;

  constructor(private readonly restart: () => Promise<void>) {
    this.subscription = vscode.workspace.onDidChangeConfiguration((e) => void this.changed(e));
  }

  private async changed(e: vscode.ConfigurationChangeEvent): Promise<void> {
    const key = restartKeys.find((k) => e.affectsConfiguration(`${section}.${k}`));
    if (!key) return;
    const choice = await vscode.window.showInformationMessage(
      `Changing "${section}.${key}" takes effect when the Flask Guard server restarts.`,
      'Restart now',
    );
    if (choice === 'Restart now') await this.restart();
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
