import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { hasFinding, poll, routeDecorator, waitForAdminFinding } from './helper';

suite('Code-action commands', () => {
  test('Mark Route as Public adds the route to flaskGuard.publicRoutes and the finding clears', async () => {
    const { doc, diagnostic, view } = await waitForAdminFinding();
    const rule = routeDecorator(doc, diagnostic.range.start.line)!.rule;
    const config = () => vscode.workspace.getConfiguration('flaskGuard', doc.uri);
    try {
      await vscode.commands.executeCommand('flaskGuard.markRoutePublic', rule, doc.uri.toString());
      assert.deepEqual(config().get('publicRoutes'), [rule]);
      await poll(`the FG101 finding on ${view} to clear`, () => (hasFinding(doc, view) ? undefined : true));
    } finally {
      await config().update('publicRoutes', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
    }
    await poll(`the FG101 finding on ${view} to come back`, () => (hasFinding(doc, view) ? true : undefined));
  });

  test('Show Rule Documentation opens the rule\'s Markdown from the server', async () => {
    await vscode.commands.executeCommand('flaskGuard.showDocumentation', 'FG101');
    const doc = await poll('the FG101 documentation', () =>
      vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'flask-guard-doc' && d.uri.path === '/FG101.md'));
    assert.match(doc.getText(), /FG101/);
    assert.doesNotMatch(doc.getText(), /not running|has no rule/);
  });
});
