/** Findings and edits in LSP terms (UTF-16 positions, as web-tree-sitter counts too). */
import { pathToFileURL, fileURLToPath } from 'node:url';
import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver/node';
import type { LineIndex } from '../analysis/source-file';
import { ruleByCode } from '../rules';
import { docsUrl } from '../rules/docs';
import type { Finding, Severity } from '../rules/types';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toRange(lines: LineIndex, start: number, end: number): Range {
  return { start: lines.position(start), end: lines.position(end) };
}

export function uriToPath(uri: string): string | undefined {
  return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
}

export function pathToUri(p: string): string {
  return pathToFileURL(p).href;
}

export interface DiagnosticData {
  /** Index of the finding in the file's last analysis, checked against `key`. */
  index: number;
  key: string;
}

export function findingKey(f: Finding): string {
  return `${f.code}:${f.start}:${f.end}`;
}

export function toDiagnostic(finding: Finding, index: number, lines: LineIndex, lineOf: (file: string) => LineIndex | undefined): Diagnostic {
  const rule = ruleByCode(finding.code);
  const diagnostic: Diagnostic = {
    range: toRange(lines, finding.start, finding.end),
    severity: SEVERITY[finding.severity],
    code: finding.code,
    source: 'Flask Guard',
    message: finding.message,
    data: { index, key: findingKey(finding) } satisfies DiagnosticData,
  };
  if (rule) diagnostic.codeDescription = { href: docsUrl(rule) };
  const related = finding.related.flatMap((r) => {
    const l = lineOf(r.file);
    return l ? [{ location: { uri: pathToUri(r.file), range: toRange(l, r.start, r.end) }, message: r.message }] : [];
  });
  if (related.length) diagnostic.relatedInformation = related;
  return diagnostic;
}
