import { stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { buildRouteMap, type RouteMapEntry } from '../analysis/route-map';
import {
  defaultLimits, isLoopbackHost, parseHeader, parseLogin, readWordlist, renderReport, reportFormats, scan,
  type Limits, type ReportFormat, type ScanOptions, type ScanResult, type Severity,
} from '../scanner';
import { ExitCode, type CliIO } from './io';
import { scanUsage } from './scan-usage';

const failLevels = ['error', 'warning', 'info', 'never'] as const;
type FailOn = (typeof failLevels)[number];
const severityRank: Record<Severity, number> = { error: 3, warning: 2, info: 1 };
const failRank: Record<FailOn, number> = { error: 3, warning: 2, info: 1, never: Infinity };

export interface ScanCommandDeps {
  buildRouteMap: (root: string) => Promise<RouteMapEntry[]>;
}

class UsageError extends Error {}

/** `flask-guard scan`: 0 clean, 1 findings at or above --fail-on, 2 usage error or target unreachable. */
export async function runScanCommand(argv: string[], io: CliIO, deps: ScanCommandDeps = { buildRouteMap }): Promise<number> {
  let options: ScanOptions;
  let format: ReportFormat;
  let output: string | undefined;
  let logFile: string | undefined;
  let failOn: FailOn;
  try {
    ({ options, format, output, logFile, failOn } = await parseScanArgs(argv, io, deps));
  } catch (err) {
    io.stderr(`flask-guard scan: ${(err as Error).message}\n${err instanceof UsageError ? `\n${scanUsage}` : ''}`);
    return ExitCode.usage;
  }
  const result = await scan(options);
  for (const message of result.messages) {
    io.stderr(`flask-guard scan: ${message}\n`);
  }
  if (logFile && !(await writeOut(io, logFile, renderLog(result)))) {
    return ExitCode.usage;
  }
  if (result.unreachable) {
    return ExitCode.usage;
  }
  const report = renderReport(result, format);
  if (output) {
    if (!(await writeOut(io, output, report))) {
      return ExitCode.usage;
    }
  } else {
    io.stdout(report);
  }
  return result.findings.some((f) => severityRank[f.severity] >= failRank[failOn]) ? ExitCode.findings : ExitCode.ok;
}

async function parseScanArgs(argv: string[], io: CliIO, deps: ScanCommandDeps) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        openapi: { type: 'string' },
        source: { type: 'string' },
        format: { type: 'string', default: 'text' },
        output: { type: 'string' },
        log: { type: 'string' },
        'fail-on': { type: 'string', default: 'error' },
        header: { type: 'string', multiple: true, default: [] },
        login: { type: 'string' },
        'login-form': { type: 'string' },
        'login-json': { type: 'string' },
        wordlist: { type: 'string' },
        'max-requests': { type: 'string' },
        rate: { type: 'string' },
        concurrency: { type: 'string' },
        timeout: { type: 'string' },
        'unsafe-methods': { type: 'boolean', default: false },
        'include-destructive': { type: 'boolean', default: false },
        'probe-login-throttle': { type: 'boolean', default: false },
        yes: { type: 'boolean', default: false },
      },
    });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) {
    throw new UsageError(positionals.length === 0 ? 'give the URL of the running app' : `one URL only (got ${positionals.join(' ')})`);
  }
  const target = positionals[0];
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new UsageError(`"${target}" is not a URL (for example http://127.0.0.1:5000)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`${target}: only http:// and https:// URLs can be scanned`);
  }
  if (!isLoopbackHost(url.hostname) && !values.yes) {
    throw new UsageError(`${url.hostname} is not this machine: scan only apps you own, and confirm with --yes`);
  }
  if (values['unsafe-methods'] && !values.yes) {
    throw new UsageError('--unsafe-methods sends POST/PUT/PATCH/DELETE to the app: confirm with --yes');
  }
  const format = oneOf(values.format, reportFormats, '--format');
  const failOn = oneOf(values['fail-on'], failLevels, '--fail-on');
  const headers: Record<string, string> = {};
  for (const text of values.header) {
    const header = parseHeader(text);
    if ('error' in header) {
      throw new UsageError(header.error);
    }
    headers[header[0]] = header[1];
  }
  if ((values['login-form'] !== undefined || values['login-json'] !== undefined || values['probe-login-throttle']) && values.login === undefined) {
    throw new UsageError('--login-form, --login-json and --probe-login-throttle need --login "METHOD /path"');
  }
  const login = values.login === undefined ? undefined : parseLogin(values.login, values['login-form'], values['login-json']);
  if (login && 'error' in login) {
    throw new UsageError(login.error);
  }
  const limits: Limits = {
    ...defaultLimits,
    maxRequests: integer(values['max-requests'], '--max-requests', defaultLimits.maxRequests),
    ratePerSecond: positive(values.rate, '--rate', defaultLimits.ratePerSecond),
    concurrency: integer(values.concurrency, '--concurrency', defaultLimits.concurrency),
    timeoutMs: positive(values.timeout, '--timeout', defaultLimits.timeoutMs / 1000) * 1000,
  };
  const options: ScanOptions = {
    target,
    limits,
    headers,
    login,
    openapi: values.openapi,
    routes: values.source === undefined ? [] : await routesFrom(path.resolve(io.cwd, values.source), deps),
    wordlist: values.wordlist === undefined ? [] : await wordlistFrom(path.resolve(io.cwd, values.wordlist)),
    unsafeMethods: values['unsafe-methods'],
    includeDestructive: values['include-destructive'],
    probeLoginThrottle: values['probe-login-throttle'],
    cwd: io.cwd,
  };
  return { options, format, output: values.output, logFile: values.log, failOn };
}

function renderLog(result: ScanResult): string {
  return result.log.map((e) => `${e.method} ${e.url} -> ${e.status ?? e.error} (${e.ms} ms)\n`).join('');
}

async function writeOut(io: CliIO, file: string, text: string): Promise<boolean> {
  try {
    await writeFile(path.resolve(io.cwd, file), text);
    return true;
  } catch (err) {
    io.stderr(`flask-guard scan: cannot write ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})\n`);
    return false;
  }
}

async function routesFrom(root: string, deps: ScanCommandDeps): Promise<RouteMapEntry[]> {
  const isFolder = await stat(root).then((s) => s.isDirectory(), () => false);
  if (!isFolder) {
    throw new UsageError(`--source ${root} is not a folder`);
  }
  try {
    return await deps.buildRouteMap(root);
  } catch (err) {
    throw new UsageError(`--source ${root}: ${(err as Error).message}`);
  }
}

async function wordlistFrom(file: string): Promise<string[]> {
  try {
    return await readWordlist(file);
  } catch (err) {
    throw new UsageError(`--wordlist ${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

function oneOf<T extends string>(value: string, allowed: readonly T[], flag: string): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`${flag} must be one of ${allowed.join(', ')} (got "${value}")`);
  }
  return value as T;
}

function positive(text: string | undefined, flag: string, fallback: number): number {
  if (text === undefined) {
    return fallback;
  }
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) {
    throw new UsageError(`${flag} must be a positive number (got "${text}")`);
  }
  return value;
}

function integer(text: string | undefined, flag: string, fallback: number): number {
  const value = positive(text, flag, fallback);
  if (!Number.isInteger(value)) {
    throw new UsageError(`${flag} must be a whole number (got "${text}")`);
  }
  return value;
}
