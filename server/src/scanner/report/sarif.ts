import type * as Sarif from 'sarif';
import { scanRules } from '../rules';
import type { RuleId, ScanResult, Severity } from '../types';

const levels: Record<Severity, Sarif.ReportingConfiguration.level> = { error: 'error', warning: 'warning', info: 'note' };

/** SARIF 2.1.0; a finding with no route in the code is located at the URL that proved it. */
export function renderSarif(result: ScanResult): string {
  const ruleIds = Object.keys(scanRules) as RuleId[];
  const log: Sarif.Log = {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [{
      tool: {
        driver: {
          name: 'Flask Guard',
          informationUri: 'https://example.invalid/flask-guard',
          rules: ruleIds.map((id) => ({
            id,
            name: scanRules[id].name,
            shortDescription: { text: scanRules[id].name.replace(/-/g, ' ') },
            defaultConfiguration: { level: levels[scanRules[id].severity] },
          })),
        },
      },
      results: result.findings.map((f) => ({
        ruleId: f.rule,
        ruleIndex: ruleIds.indexOf(f.rule),
        level: levels[f.severity],
        message: { text: f.message },
        locations: [{
          physicalLocation: f.source
            ? { artifactLocation: { uri: f.source.file }, region: { startLine: f.source.line } }
            : { artifactLocation: { uri: new URL(f.path, result.target).href } },
          logicalLocations: [{ name: `${f.method} ${f.path}`, kind: 'resource' }],
        }],
        properties: { method: f.method, path: f.path, evidence: f.evidence, curl: f.curl },
      })),
      properties: { target: result.target, requests: result.requests },
    }],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
