import * as vscode from 'vscode';
import type { RequestLogEntry, ScanResult } from '../../../server/src/scanner';

/**
 * The "Flask Guard Scan" output channel, coloured by the scan-log grammar:
 * every request sent, as `[12:00:01] GET http://127.0.0.1:5000/admin → 200 (4 ms)`.
 * URLs arrive already redacted by the scanner; the identity is named by its
 * kind only, never by its value.
 */
export class ScanLog implements vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel('Flask Guard Scan', 'flask-guard-scan-log');

  started(target: string, identity: string, routes: number | string): void {
    const map = typeof routes === 'number' ? `${routes} routes from the workspace` : routes;
    this.line(`Scan of ${target} (${identity}; ${map})`);
  }

  note(message: string): void {
    this.line(message);
  }

  /**
   * The scanner hands its request log over when the scan ends, so these
   * lines carry the time they were written, not each request's own.
   */
  finished(result: ScanResult): void {
    for (const entry of result.log) this.line(requestLine(entry));
    for (const message of result.messages) this.line(message);
    for (const f of result.findings) {
      const where = f.source ? ` [${vscode.workspace.asRelativePath(f.source.file)}:${f.source.line}]` : '';
      this.line(`${f.rule} ${f.severity}: ${f.message}${where}`);
    }
    this.line(`Done: ${result.findings.length} findings, ${result.requests} requests`);
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }

  private line(text: string): void {
    this.channel.appendLine(`[${new Date().toTimeString().slice(0, 8)}] ${text}`);
  }
}

function requestLine(entry: RequestLogEntry): string {
  return `${entry.method} ${entry.url} → ${entry.status ?? entry.error ?? 'no answer'} (${entry.ms} ms)`;
}
