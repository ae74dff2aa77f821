import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, open, poll, waitForAdminFinding, workspaceFile } from './helper';

suite('Diagnostics', () => {
  test('FG101 on an /admin route, with source, severity and a docs link', async () => {
    await open(workspaceFile('app.py'));
    const { diagnostic: d } = await waitForAdminFinding();
    assert.equal(codeOf(d), 'FG101');
    assert.equal(d.source, 'Flask Guard');
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.match(d.message, /\/admin/);
    assert.ok(typeof d.code === 'object' && d.code.target instanceof vscode.Uri, 'FG101 has no codeDescription.href');
    assert.match(d.code.target.toString(), /FG101|unauthenticated-sensitive-route/i);
  });

  test('files never opened get findings too (flaskGuard.diagnostics.scope: workspace)', async () => {
    const api = workspaceFile('shop/api.py');
    await poll('findings on the unopened shop/api.py', () => (vscode.languages.getDiagnostics(api).some((d) => codeOf(d) === 'FG101') ? true : undefined));
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === api.toString()), 'shop/api.py was opened by a test');
  });
});
