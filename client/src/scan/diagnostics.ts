import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { Finding, ScanResult, Severity } from '../../../server/src/scanner';

const scanDiagnosticSource = 'Flask Guard Scan';

const severities: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/**
 * The last scan's findings on the line of the route that answered (the
 * view's `def` line, from the static route map). Findings the route map
 * cannot place stay in the view only.
 */
export class ScanDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('flask-guard-scan');

  async show(result: ScanResult): Promise<void> {
    const byFile = new Map<string, vscode.Diagnostic[]>();
    const lines = new Map<string, Promise<string[] | undefined>>();
    for (const finding of result.findings) {
      if (!finding.source) continue;
      const { file } = finding.source;
      if (!lines.has(file)) lines.set(file, linesOf(file));
      const diagnostic = toDiagnostic(finding, finding.source.line - 1, await lines.get(file));
      byFile.set(file, [...(byFile.get(file) ?? []), diagnostic]);
    }
    this.collection.clear();
    for (const [file, diagnostics] of byFile) this.collection.set(vscode.Uri.file(file), diagnostics);
  }

  clear(): void {
    this.collection.clear();
  }

  dispose(): void {
    this.collection.dispose();
  }
}

function toDiagnostic(finding: Finding, line: number, lines: string[] | undefined): vscode.Diagnostic {
  const text = lines?.[line] ?? '';
  // The line's code, not its indentation: what the editor underlines.
  const start = text.length - text.trimStart().length;
  const diagnostic = new vscode.Diagnostic(new vscode.Range(line, start, line, text.trimEnd().length), finding.message, severities[finding.severity]);
  diagnostic.code = finding.rule;
  diagnostic.source = scanDiagnosticSource;
  return diagnostic;
}

/** The file as the editor shows it, when open (unsaved edits move lines), else as saved. */
async function linesOf(file: string): Promise<string[] | undefined> {
  const open = vscode.workspace.textDocuments.find((doc) => doc.uri.scheme === 'file' && doc.uri.fsPath === file);
  const text = open?.getText() ?? (await readFile(file, 'utf8').catch(() => undefined));
  return text?.split(/\r?\n/);
}
