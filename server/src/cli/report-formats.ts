/** `check`'s reports other than SARIF: text for people, JSON for tools, GitHub workflow commands for pull-request annotations. */
import * as path from 'node:path';
import type { LineIndex } from '../analysis/source-file';
import { ruleByCode } from '../rules';
import type { Finding, Severity } from '../rules/types';

export interface Located {
  finding: Finding;
  lines: LineIndex;
}

/** What the text summary says besides the counts. */
export interface Summary {
  files: number;
  /** With a baseline: the findings it recorded, and those of its findings that no longer occur. */
  baseline?: { known: number; gone: number };
}

/** `path:line:col: FG101 message`, a line each, then the counts. */
export function textReport(found: readonly Located[], cwd: string, summary: Summary): string {
  const lines = found.map(({ finding: f, lines }) => {
    const s = lines.position(f.start);
    return `${path.relative(cwd, f.file) || f.file}:${s.line + 1}:${s.character + 1}: ${f.code} ${f.message}\n`;
  });
  const counts = (['error', 'warning', 'info'] as const).map((sev) => {
    const n = found.filter((x) => x.finding.severity === sev).length;
    return `${n} ${sev}${sev === 'info' || n === 1 ? '' : 's'}`;
  });
  const none = found.length ? '' : summary.baseline ? 'No new findings. ' : 'No findings. ';
  return `${lines.join('')}${none}Checked ${summary.files} file${summary.files === 1 ? '' : 's'}: ${counts.join(', ')}${summary.baseline ? baselineNote(summary.baseline) : ''}.\n`;
}

function baselineNote({ known, gone }: { known: number; gone: number }): string {
  const fixed = gone ? `; ${gone} of its findings no longer occur${gone === 1 ? 's' : ''}: refresh it with --write-baseline` : '';
  return ` new (${known} more in the baseline${fixed})`;
}

export function jsonReport(found: readonly Located[]): string {
  const rows = found.map(({ finding: f, lines }) => {
    const s = lines.position(f.start);
    const e = lines.position(f.end);
    return { code: f.code, severity: f.severity, message: f.message, file: f.file, line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1, fixes: f.fixes.map((x) => ({ title: x.title, applicability: x.applicability })) };
  });
  return JSON.stringify(rows, null, 2) + '\n';
}

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' };

/**
 * GitHub Actions workflow commands (`::error file=...::message`): annotations on the pull request's
 * diff that need no code-scanning upload, which private repositories may not have.
 */
export function githubReport(found: readonly Located[], cwd: string): string {
  return found
    .map(({ finding: f, lines }) => {
      const s = lines.position(f.start);
      const e = lines.position(f.end);
      const name = ruleByCode(f.code)?.meta.name;
      const props = {
        file: (path.relative(cwd, f.file) || f.file).split(path.sep).join('/'),
        line: s.line + 1,
        col: s.character + 1,
        endLine: e.line + 1,
        endColumn: e.character + 1,
        title: name ? `${f.code} ${name}` : f.code,
      };
      const list = Object.entries(props).map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',');
      return `::${COMMAND[f.severity]} ${list}::${escapeData(f.message)}\n`;
    })
    .join('');
}

/** The runner reads `%`, CR and LF as its own in a message; properties also end at `:` and `,`. */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
