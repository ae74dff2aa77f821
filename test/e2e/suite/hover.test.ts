import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { poll, waitForAdminFinding } from './helper';

suite('Hover', () => {
  test('a route decorator says what protects the route, or that nothing does', async () => {
    const { doc, diagnostic } = await waitForAdminFinding();
    const hoverText = async (line: number) => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(line, 3));
      return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).find((t) => t.includes('Flask Guard'));
    };
    // The finding sits on the view's name; its route decorator is the line above.
    const open = await poll('a Flask Guard hover on the open /admin route', () => hoverText(diagnostic.range.start.line - 1));
    assert.match(open, /sensitive, and open to anyone \(FG101\)/);
    const accountLine = [...Array(doc.lineCount).keys()].find((l) => doc.lineAt(l).text.startsWith("@app.route('/account')"));
    assert.ok(accountLine !== undefined, 'the example has an /account route');
    assert.match((await hoverText(accountLine)) ?? '', /protected by `@login_required`/);
  });
});
