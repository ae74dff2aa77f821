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
 * FG101 findings on routes whose rule starts with `/admin`, anywhere in the
 * workspace. FG101 sits on the view's name, so the route decorator is found
 * by walking up the decorator lines above it.
 */
async function adminFindings(): Promise<Finding[]> {
  const found: Finding[] = [];
  for (const [uri, diagnostics] of vscode.languages.getDiagnostics()) {
    const fg101 = diagnostics.filter((d) => codeOf(d) === 'FG101');
    if (fg101.length === 0) continue;
    const doc = await vscode.workspace.openTextDocument(uri);
    for (const diagnostic of fg101) {
      if (routeDecorator(doc, diagnostic.range.start.line)?.rule.startsWith('/admin')) {
        found.push({ doc, diagnostic, view: doc.getText(diagnostic.range) });
      }
    }
  }
  return found;
}

/** Waits for the server to publish the first FG101 finding on an /admin route. */
export async function waitForAdminFinding(): Promise<Finding> {
  return poll('an FG101 finding on an /admin route', async () => (await adminFindings())[0]);
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
