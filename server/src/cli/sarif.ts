/** SARIF 2.1.0 for `check`, uploadable to GitHub code scanning. */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Log, ReportingDescriptor, Result } from 'sarif';
import type { LineIndex } from '../analysis/source-file';
import { docsUrl, ruleMarkdown } from '../rules/docs';
import type { Finding, Rule, Severity } from '../rules/types';

/** GitHub reads `security-severity` (0-10) to rank alerts. */
const SECURITY_SEVERITY: Record<Severity, string> = { error: '8.0', warning: '5.0', info: '3.0', hint: '1.0' };
const LEVEL: Record<Severity, Result.level> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

/** A rule that threw on a file (null: on the project): the run is incomplete, and SARIF says so. */
export interface RuleError {
  rule: string;
  file: string | null;
  message: string;
}

export interface SarifOptions {
  ruleErrors?: readonly RuleError[];
  /** The findings are those a baseline does not account for: each result is marked `new`. */
  baselined?: boolean;
}

export function toSarif(rules: readonly Rule[], root: string, findings: { finding: Finding; lines: LineIndex }[], version: string, { ruleErrors = [], baselined = false }: SarifOptions = {}): Log {
  const descriptors: ReportingDescriptor[] = rules.map((rule) => ({
    id: rule.meta.code,
    name: rule.meta.name,
    shortDescription: { text: rule.meta.summary },
    fullDescription: { text: rule.meta.docs.whatItDoes },
    helpUri: docsUrl(rule),
    help: { text: rule.meta.docs.whyIsThisBad, markdown: ruleMarkdown(rule) },
    defaultConfiguration: { level: LEVEL[rule.meta.severity] },
    properties: {
      tags: ['security', ...rule.meta.cwe.map((c) => `external/cwe/cwe-${c}`)],
      'security-severity': SECURITY_SEVERITY[rule.meta.severity],
      precision: 'high',
    },
  }));
  const index = new Map(rules.map((r, i) => [r.meta.code, i]));
  const results: Result[] = findings.map(({ finding, lines }) => {
    const s = lines.position(finding.start);
    const e = lines.position(finding.end);
    return {
      ruleId: finding.code,
      ruleIndex: index.get(finding.code) ?? -1,
      level: LEVEL[finding.severity],
      message: { text: finding.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: relativeUri(root, finding.file), uriBaseId: 'SRCROOT' },
            region: { startLine: s.line + 1, startColumn: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 },
          },
        },
      ],
      properties: { 'security-severity': SECURITY_SEVERITY[finding.severity] },
      ...(baselined && { baselineState: 'new' as const }),
    };
  });
  return {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [
      {
        tool: { driver: { name: 'Flask Guard', informationUri: 'https://github.com/flask-guard/flask-guard', version, semanticVersion: version, rules: descriptors } },
        originalUriBaseIds: { SRCROOT: { uri: pathToFileURL(root + path.sep).href } },
        results,
        invocations: [
          {
            executionSuccessful: ruleErrors.length === 0,
            toolExecutionNotifications: ruleErrors.map((e) => ({
              level: 'error' as const,
              message: { text: `internal error in ${e.rule}: ${e.message}; its findings for ${e.file ? 'this file' : 'the project'} are missing` },
              ...(e.file && { locations: [{ physicalLocation: { artifactLocation: { uri: relativeUri(root, e.file), uriBaseId: 'SRCROOT' } } }] }),
              associatedRule: { id: e.rule, index: index.get(e.rule) ?? -1 },
            })),
          },
        ],
      },
    ],
  };
}

function relativeUri(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}
