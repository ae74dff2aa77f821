import * as vscode from 'vscode';
import { codeOf, hasFinding, poll, waitForAdminFinding } from './helper';

suite('Settings', () => {
  test('flaskGuard.rules changes FG101\'s severity and turns it off, without a restart', async () => {
    const { doc, view } = await waitForAdminFinding();
    const config = () => vscode.workspace.getConfiguration('flaskGuard', doc.uri);
    const severityOf = () => vscode.languages.getDiagnostics(doc.uri).find((d) => codeOf(d) === 'FG101' && doc.getText(d.range) === view)?.severity;
    try {
      await config().update('rules', { FG101: 'warning' }, vscode.ConfigurationTarget.WorkspaceFolder);
      await poll(`FG101 on ${view} to become a warning`, () => (severityOf() === vscode.DiagnosticSeverity.Warning ? true : undefined));
      await config().update('rules', { FG101: 'off' }, vscode.ConfigurationTarget.WorkspaceFolder);
      await poll(`FG101 on ${view} to go away`, () => (hasFinding(doc, view) ? undefined : true));
    } finally {
      await config().update('rules', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
    }
    await poll(`FG101 on ${view} to come back as an error`, () => (severityOf() === vscode.DiagnosticSeverity.Error ? true : undefined));
  });
});
