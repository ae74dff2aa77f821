import { scanRules } from '../rules';
import type { ScanResult } from '../types';

export function renderText(result: ScanResult): string {
  const lines = [`Flask Guard scan of ${result.target}: ${result.requests} requests, ${result.findings.length} finding${result.findings.length === 1 ? '' : 's'}`];
  for (const f of result.findings) {
    lines.push('', `${f.severity.padEnd(7)} ${f.rule} ${scanRules[f.rule].name}  ${f.method} ${f.path}`, `        ${f.message}`);
    if (f.source) {
      lines.push(`        route: ${f.source.file}:${f.source.line}`);
    }
    lines.push(`        $ ${f.curl}`);
  }
  return `${lines.join('\n')}\n`;
}
