import * as vscode from 'vscode';

export const extensionId = 'flask-guard.flask-guard';

/** Calls `probe` until it returns a value, or fails after `timeoutMs` naming what never happened. */
export async function poll<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export function workspaceFile(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the e2e tests need a workspace folder: open examples/flask-app');
  return vscode.Uri.joinPath(folder.uri, relative);
}

export async function open(uri: vscode.Uri): Promise<vscode.TextEditor> {
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
}

export function codeOf(d: vscode.Diagnostic): string | number | undefined {
  return typeof d.code === 'object' ? d.code.value : d.code;
}

export interface Finding { doc: vscode.TextDocument; diagnostic: vscode.Diagnostic; view: string }

/**
 * Waits for the server to publish an FG101 finding on an `/admin` route of the
 * example's app.py. FG101 sits on the view's name, so the route decorator is
 * found by walking up the decorator lines above it. Only app.py is opened: the
 * other files stay unopened, which the scope tests rely on.
 */
export async function waitForAdminFinding(): Promise<Finding> {
  const doc = await vscode.workspace.openTextDocument(workspaceFile('app.py'));
  return poll('an FG101 finding on an /admin route of app.py', () => {
    const diagnostic = vscode.languages.getDiagnostics(doc.uri).find((d) =>
      codeOf(d) === 'FG101' && routeDecorator(doc, d.range.start.line)?.rule.startsWith('/admin'));
    return diagnostic && { doc, diagnostic, view: doc.getText(diagnostic.range) };
  });
}

/** The rule of the route decorator among the decorators above `defLine`, and its line. */
export function routeDecorator(doc: vscode.TextDocument, defLine: number): { line: number; rule: string } | undefined {
  for (let line = defLine - 1; line >= 0 && doc.lineAt(line).text.trim().startsWith('@'); line--) {
    const rule = /^\s*@[\w.]+\.(?:route|get|post|put|patch|delete)\(\s*['"]([^'"]*)['"]/.exec(doc.lineAt(line).text)?.[1];
    if (rule !== undefined) return { line, rule };
  }
  return undefined;
}

/** Whether the view named `view` in `doc` still has an FG101 finding. */
export function hasFinding(doc: vscode.TextDocument, view: string): boolean {
  return vscode.languages.getDiagnostics(doc.uri).some((d) => codeOf(d) === 'FG101' && doc.getText(d.range) === view);
}

/** Drops the test's unsaved edits so the next test sees the example as shipped. */
export async function revert(doc: vscode.TextDocument): Promise<void> {
  await vscode.window.showTextDocument(doc);
  await vscode.commands.executeCommand('workbench.action.files.revert');
}
