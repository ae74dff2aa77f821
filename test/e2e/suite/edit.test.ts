import * as vscode from 'vscode';
import { hasFinding, poll, revert, routeDecorator, waitForAdminFinding } from './helper';

suite('Editing', () => {
  test('typing @login_required under the route decorator clears the finding', async () => {
    const { doc, diagnostic, view } = await waitForAdminFinding();
    const editor = await vscode.window.showTextDocument(doc);
    try {
      const route = routeDecorator(doc, diagnostic.range.start.line)!;
      const indent = /^\s*/.exec(doc.lineAt(route.line).text)![0];
      const at = new vscode.Position(route.line + 1, 0);
      await editor.edit((e) => e.insert(at, `${indent}\n`));
      // One edit per keystroke, as a person types: each goes to the server as an incremental change.
      let column = indent.length;
      for (const ch of '@login_required') {
        const position = new vscode.Position(route.line + 1, column++);
        await editor.edit((e) => e.insert(position, ch), { undoStopBefore: false, undoStopAfter: false });
      }
      await poll(`the FG101 finding on ${view} to clear`, () => (hasFinding(doc, view) ? undefined : true));
    } finally {
      await revert(doc);
    }
  });
});
