import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { renderReport, type ReportFormat, type ScanResult } from '../../../server/src/scanner';
import { messageOf } from '../ctx';
import { baseFolder } from './settings';

interface ExportFormat { format: ReportFormat; label: string; detail: string; extension: string }

const exportFormats: ExportFormat[] = [
  { format: 'sarif', label: 'SARIF 2.1.0', detail: 'For code scanning dashboards and SARIF viewers', extension: 'sarif' },
  { format: 'json', label: 'JSON', detail: 'Target, requests and findings, as "flask-guard scan --format json" prints them', extension: 'json' },
  { format: 'html', label: 'HTML', detail: 'One self-contained page to share', extension: 'html' },
];

/** Arguments for automation: both given, nothing is asked. */
interface ExportArgs { format?: ReportFormat; uri?: vscode.Uri | string }

/** A menu passes nothing (or a tree row); only a caller's `{format, uri}` counts. */
export function exportArgs(arg: unknown): ExportArgs {
  if (arg === null || typeof arg !== 'object') return {};
  const { format, uri } = arg as Record<string, unknown>;
  return {
    format: typeof format === 'string' ? (format as ReportFormat) : undefined,
    uri: typeof uri === 'string' || uri instanceof vscode.Uri ? uri : undefined,
  };
}

/**
 * Writes the last scan's report through the scanner's own renderers, so the
 * editor's export and `flask-guard scan --format` are the same file.
 * Returns where it was written, or undefined when the user backed out.
 */
export async function exportReport(result: ScanResult | undefined, args: ExportArgs = {}): Promise<vscode.Uri | undefined> {
  if (!result) {
    void vscode.window.showInformationMessage('Flask Guard has no scan to export yet: run "Flask Guard: Scan Running App…" first.');
    return undefined;
  }
  const chosen = args.format ? exportFormats.find((f) => f.format === args.format) : await vscode.window.showQuickPick(exportFormats, { title: 'Flask Guard: export the scan report as' });
  if (!chosen) {
    if (args.format) void vscode.window.showErrorMessage(`Flask Guard exports ${exportFormats.map((f) => f.format).join(', ')}, not "${args.format}".`);
    return undefined;
  }
  const uri = args.uri
    ? typeof args.uri === 'string' ? vscode.Uri.file(args.uri) : args.uri
    : await vscode.window.showSaveDialog({
        title: 'Flask Guard: save the scan report',
        defaultUri: vscode.Uri.file(path.join(baseFolder() ?? os.homedir(), `flask-guard-scan.${chosen.extension}`)),
        filters: { [chosen.label]: [chosen.extension] },
      });
  if (!uri) return undefined;
  try {
    await vscode.workspace.fs.writeFile(uri, Buffer.from(renderReport(result, chosen.format), 'utf8'));
  } catch (e) {
    void vscode.window.showErrorMessage(`Flask Guard could not write the report to ${uri.fsPath}: ${messageOf(e)}`);
    return undefined;
  }
  if (!args.uri) {
    void vscode.window.showInformationMessage(`Flask Guard: scan report saved to ${vscode.workspace.asRelativePath(uri)}.`, 'Open').then((choice) => {
      if (!choice) return;
      // A local browser renders the HTML page; a remote or web editor's browser cannot open a file of this machine.
      const local = vscode.env.remoteName === undefined && vscode.env.uiKind === vscode.UIKind.Desktop;
      if (chosen.format === 'html' && local) void vscode.env.openExternal(uri);
      else void vscode.window.showTextDocument(uri);
    });
  }
  return uri;
}
