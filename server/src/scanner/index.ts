/**
 * The black-box scanner's public face, for the CLI and the VS Code client.
 * No editor dependency: the caller asks the user for confirmation (a target
 * that is not loopback, unsafe methods) before calling `scan`.
 */
export { scan } from './scan';
export { parseHeader, parseLogin } from './identity';
export { renderReport, reportFormats, type ReportFormat } from './report';
export { isLoopbackHost } from './safety';
export { scanRules } from './rules';
export { readWordlist } from './wordlist';
export { defaultLimits } from './types';
export type { Finding, Limits, LoginSpec, RequestLogEntry, RuleId, ScanOptions, ScanResult, Severity, SourceLocation } from './types';
