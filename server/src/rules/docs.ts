/** One text per rule, reused by `flask-guard rule`, hover, SARIF help and the docs pages. */
import type { Rule } from './types';
import { cweUrl } from './types';

export const DOCS_BASE = 'https://github.com/flask-guard/flask-guard/blob/main/docs/rules';

export function docsUrl(rule: Rule): string {
  return `${DOCS_BASE}/${rule.meta.code}-${rule.meta.name}.md`;
}

export function ruleMarkdown(rule: Rule): string {
  const { meta } = rule;
  const d = meta.docs;
  const fix =
    meta.fix.availability === 'none'
      ? 'None: the docs explain the change; the finding offers the suppression comment.'
      : `${meta.fix.availability === 'always' ? 'Always' : 'Sometimes'} available (${meta.fix.applicability ?? 'unsafe'}).`;
  return [
    `# ${meta.code} ${meta.name}`,
    '',
    `${meta.summary}`,
    '',
    `Default severity: **${meta.severity}**. ${meta.cwe.map((c) => `[CWE-${c}](${cweUrl(c)})`).join(', ')}. Quick fix: ${fix}`,
    '',
    '## What it does',
    '',
    d.whatItDoes,
    '',
    '## Why is this bad?',
    '',
    d.whyIsThisBad,
    '',
    '## Example',
    '',
    '```python',
    d.example.trimEnd(),
    '```',
    '',
    'Use instead:',
    '',
    '```python',
    d.useInstead.trimEnd(),
    '```',
    '',
    '## Fix safety',
    '',
    d.fixSafety,
    '',
    '## Suppressing',
    '',
    `Add \`# flask-guard: ignore[${meta.code}]\` at the end of the reported line, or set \`"flaskGuard.rules": {"${meta.code}": "off"}\` / \`[tool.flask-guard.rules] ${meta.code} = "off"\`.`,
    ...(d.references?.length ? ['', '## References', '', ...d.references.map((r) => `- ${r}`)] : []),
    '',
  ].join('\n');
}

/** The README's rule table: code, name, default severity, CWE, and the quick fix's availability and safety. */
export function rulesTable(rules: readonly Rule[]): string {
  const fix = (r: Rule) => (r.meta.fix.availability === 'none' ? 'none' : `${r.meta.fix.applicability ?? 'unsafe'}${r.meta.fix.availability === 'sometimes' ? ' (when one edit is right)' : ''}`);
  return [
    '| rule | name | default | CWE | quick fix |',
    '|---|---|---|---|---|',
    ...rules.map((r) => `| [${r.meta.code}](docs/rules/${r.meta.code}-${r.meta.name}.md) | ${r.meta.name} | ${r.meta.severity} | ${r.meta.cwe.map((c) => `CWE-${c}`).join(', ')} | ${fix(r)} |`),
  ].join('\n');
}
