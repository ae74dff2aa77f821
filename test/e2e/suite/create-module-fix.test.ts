import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, poll, revert, workspaceFile } from './helper';

// Registered on the example's app: routes of a blueprint no app registers are not served, so not reported.
const REPORTS = `from flask import Blueprint, jsonify

from app import app

reports_bp = Blueprint('reports', __name__, url_prefix='/api/reports')


@reports_bp.get('/export')
def export_reports():
    return jsonify([])


app.register_blueprint(reports_bp)
`;

suite('Quick fix that writes a new module', () => {
  test('"Create require_api_key" creates auth.py, decorates the API route and clears the finding', async () => {
    // A module of its own: the scope tests need shop/api.py never opened.
    const uri = workspaceFile('shop/reports_api.py');
    await vscode.workspace.fs.writeFile(uri, Buffer.from(REPORTS));
    const doc = await vscode.workspace.openTextDocument(uri);
    const created = workspaceFile('auth.py');
    const diagnostic = await poll('an FG101 finding on export_reports', () =>
      vscode.languages.getDiagnostics(doc.uri).find((d) => codeOf(d) === 'FG101' && doc.getText(d.range) === 'export_reports'));
    try {
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider', doc.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
      const fix = actions.find((a) => /FG101.*Create `require_api_key`/.test(a.title));
      assert.ok(fix?.edit, `no "Create require_api_key" fix; offered: ${actions.map((a) => a.title).join(' | ')}`);
      assert.notEqual(fix.isPreferred, true, 'a fix that changes behaviour is not preferred');
      // The refactor preview lists what the edit touches: the route's file and the new module.
      assert.ok(fix.edit.has(doc.uri), 'the edit decorates the route');

      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      const module = await vscode.workspace.openTextDocument(created);
      assert.match(module.getText(), /def require_api_key\(view\):/);
      assert.match(module.getText(), /hmac\.compare_digest/);
      assert.match(doc.getText(), /from auth import require_api_key/);
      assert.match(doc.getText(), /@reports_bp\.get\('\/export'\)\n@require_api_key\ndef export_reports/);
      await poll('the FG101 finding on export_reports to clear', () =>
        vscode.languages.getDiagnostics(doc.uri).some((d) => codeOf(d) === 'FG101' && doc.getText(d.range) === 'export_reports') ? undefined : true);
    } finally {
      await revert(doc);
      for (const file of [created, uri]) await vscode.workspace.fs.delete(file).then(undefined, () => undefined);
    }
  });
});
