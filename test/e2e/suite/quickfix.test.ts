import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { hasFinding, poll, revert, routeDecorator, waitForAdminFinding } from './helper';

suite('Quick fix', () => {
  test('"Add @<auth decorator>" puts it under the route decorator and the finding clears', async () => {
    const { doc, diagnostic, view } = await waitForAdminFinding();
    try {
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider', doc.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
      // Titles read `Flask Guard (FG101): Add @login_required` (or the project's own decorator).
      const fix = actions.find((a) => /\bFG101\b.*\bAdd `?@/.test(a.title));
      assert.ok(fix?.edit, `no "Add @…" quick fix for FG101; offered: ${actions.map((a) => a.title).join(' | ')}`);
      assert.notEqual(fix.isPreferred, true, 'auth fixes change behaviour and must not be preferred');

      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      if (fix.command) await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));

      await poll(`the FG101 finding on ${view} to clear`, () => (hasFinding(doc, view) ? undefined : true));
      const defLine = [...Array(doc.lineCount).keys()].find((l) => new RegExp(`^\\s*(async\\s+)?def ${view}\\b`).test(doc.lineAt(l).text));
      assert.ok(defLine !== undefined, `def ${view} is gone after the fix`);
      const route = routeDecorator(doc, defLine);
      assert.ok(route, `the route decorator of ${view} is gone after the fix`);
      assert.match(doc.lineAt(route.line + 1).text, /^\s*@/, 'the auth decorator is not directly under the route decorator');
    } finally {
      await revert(doc);
    }
  });
});
