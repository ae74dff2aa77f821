import type { ScanResult } from '../types';

/** The `--format json` shape the issue fixes: target, request count, findings (curl inside the evidence). */
export function renderJson(result: ScanResult): string {
  const findings = result.findings.map(({ rule, severity, method, path, message, evidence, curl, source }) => ({
    rule, severity, method, path, message, evidence: { ...evidence, curl }, ...(source ? { source } : {}),
  }));
  return `${JSON.stringify({ target: result.target, requests: result.requests, findings }, null, 2)}\n`;
}
