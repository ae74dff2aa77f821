import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { open, poll, waitForAdminFinding, workspaceFile } from './helper';

// Run by `node test/e2e/run-code-server.js --untrusted`: the folder is opened in Restricted Mode.
suite('Restricted Mode', () => {
  test('the extension runs with limited support', async () => {
    assert.equal(vscode.workspace.isTrusted, false, 'the workspace should be untrusted');
    await open(workspaceFile('app.py'));
    const extension = vscode.extensions.getExtension('flask-guard.flask-guard');
    await poll('the extension to activate', () => extension?.isActive || undefined);
  });

  test('open files get findings; files never opened do not', async () => {
    await waitForAdminFinding();
    // Trusted, the pass that published app.py publishes shop/api.py as well (diagnostics.test.ts).
    assert.deepEqual(vscode.languages.getDiagnostics(workspaceFile('shop/api.py')), []);
  });

  test('the scan command is refused instead of run', async function () {
    // Run, it would ask for a URL and wait for an answer: returning at once means it was refused.
    this.timeout(5_000);
    assert.equal(await vscode.commands.executeCommand('flaskGuard.scanRunningApp'), undefined);
  });
});
