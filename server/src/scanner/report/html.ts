import { scanRules } from '../rules';
import type { ScanResult } from '../types';

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** One self-contained page: no script, no external asset, every value escaped. */
export function renderHtml(result: ScanResult): string {
  const rows = result.findings.map((f) => `
  <section class="finding ${f.severity}">
    <h2><span class="sev">${f.severity}</span> ${f.rule} ${escape(scanRules[f.rule].name)} <code>${escape(`${f.method} ${f.path}`)}</code></h2>
    <p>${escape(f.message)}</p>
    ${f.source ? `<p>Route: <code>${escape(`${f.source.file}:${f.source.line}`)}</code></p>` : ''}
    <pre>${escape(f.curl)}</pre>
    <details><summary>Evidence</summary><pre>${escape(JSON.stringify(f.evidence, null, 2))}</pre></details>
  </section>`).join('');
  const notes = result.messages.length > 0 ? `<ul class="notes">${result.messages.map((m) => `<li>${escape(m)}</li>`).join('')}</ul>` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Flask Guard scan of ${escape(result.target)}</title>
<style>
body{font:14px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#222}
.finding{border-left:4px solid #888;padding:.25rem 1rem;margin:1rem 0;background:#fafafa}
.error{border-color:#c62828}.warning{border-color:#ef6c00}.info{border-color:#1565c0}
.sev{text-transform:uppercase;font-size:.75rem}pre{white-space:pre-wrap;word-break:break-all;background:#f0f0f0;padding:.5rem}
</style></head><body>
<h1>Flask Guard scan of ${escape(result.target)}</h1>
<p>${result.requests} requests, ${result.findings.length} findings.</p>${notes}${rows || '<p>No findings.</p>'}
</body></html>
`;
}
