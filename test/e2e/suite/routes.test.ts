import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitForAdminFinding } from './helper';

suite('Show Routes', () => {
  test('lists the routes FG101 reports first; picking one opens its view', async () => {
    const { doc, diagnostic } = await waitForAdminFinding();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const running = vscode.commands.executeCommand('flaskGuard.showRoutes');
    let settled = false;
    void running.then(() => { settled = true; }, () => { settled = true; });
    // The first item is the first sensitive, open route by path: the /admin one of app.py.
    for (let tries = 0; !settled && tries < 20; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      if (!settled) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    }
    await running;
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.toString(), doc.uri.toString(), 'the picked route opens app.py');
    assert.equal(editor.selection.active.line, diagnostic.range.start.line, 'at the view of the /admin route');
  });
});
