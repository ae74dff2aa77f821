import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extensionId, open, poll, workspaceFile } from './helper';

suite('Activation', () => {
  test('activates on a Python file and registers its commands', async () => {
    await open(workspaceFile('app.py'));
    const extension = vscode.extensions.getExtension(extensionId);
    assert.ok(extension, `extension ${extensionId} is not installed`);
    await poll('the extension to activate', () => extension.isActive || undefined);
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['reanalyze', 'showLog', 'restartServer', 'showRoutes', 'markRoutePublic', 'showDocumentation']) {
      assert.ok(commands.includes(`flaskGuard.${id}`), `command flaskGuard.${id} is not registered`);
    }
  });

  test('Re-analyze Workspace and Show Log run', async () => {
    await vscode.commands.executeCommand('flaskGuard.reanalyze');
    await vscode.commands.executeCommand('flaskGuard.showLog');
  });
});
