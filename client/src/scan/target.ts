import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isLoopbackHost } from '../../../server/src/scanner';
import { scanConfig } from './settings';

/** Flask's own default for `flask run`. */
const fallbackUrl = 'http://127.0.0.1:5000';

/**
 * The URL the input box offers: the `flaskGuard.scan.url` setting, then what
 * the project says its dev server listens on (`.flaskenv`/`.env`, then a
 * Flask launch configuration), then Flask's default.
 */
export async function defaultTargetUrl(): Promise<string> {
  const configured = scanConfig().get<string>('url', '').trim();
  if (configured) return configured;
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const found = (await fromEnvFiles(folder.uri.fsPath)) ?? fromLaunchConfigs(folder);
    if (found) return found;
  }
  return fallbackUrl;
}

/** Why `text` cannot be scanned, or undefined when it can. */
export function urlProblem(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return `"${text}" is not a URL (for example ${fallbackUrl})`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'Only http:// and https:// URLs can be scanned.';
  // The core would send these as Basic credentials and print them in its log.
  if (url.username || url.password) return 'Leave credentials out of the URL: the scan asks for them and keeps them in secret storage.';
  return undefined;
}

export function isLoopbackUrl(text: string): boolean {
  return isLoopbackHost(new URL(text).hostname);
}

/** Flask reads `.env` after `.flaskenv` without overriding, so `.env` wins. */
async function fromEnvFiles(folder: string): Promise<string | undefined> {
  const vars: Record<string, string> = {};
  for (const name of ['.flaskenv', '.env']) {
    Object.assign(vars, parseDotenv(await readFile(path.join(folder, name), 'utf8').catch(() => '')));
  }
  return urlFrom(vars.FLASK_RUN_HOST, vars.FLASK_RUN_PORT, vars.FLASK_RUN_CERT !== undefined);
}

function parseDotenv(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!match) continue;
    const raw = match[2];
    const quoted = /^(['"])(.*)\1$/.exec(raw);
    vars[match[1]] = quoted ? quoted[2] : raw.replace(/\s+#.*$/, '');
  }
  return vars;
}

interface LaunchConfig {
  type?: unknown;
  module?: unknown;
  args?: unknown;
  env?: unknown;
}

/** A Python launch configuration that runs Flask (`module: flask`, `FLASK_APP`, or a `--port` argument). */
function fromLaunchConfigs(folder: vscode.WorkspaceFolder): string | undefined {
  // VS Code parses launch.json (comments, trailing commas) for us.
  const configs = vscode.workspace.getConfiguration('launch', folder.uri).get<LaunchConfig[]>('configurations', []);
  for (const config of Array.isArray(configs) ? configs : []) {
    if (config.type !== 'python' && config.type !== 'debugpy') continue;
    const args = Array.isArray(config.args) ? config.args.filter((a): a is string => typeof a === 'string') : [];
    const env = config.env !== null && typeof config.env === 'object' ? (config.env as Record<string, unknown>) : {};
    const port = optionValue(args, ['--port', '-p']) ?? stringOr(env.FLASK_RUN_PORT);
    const host = optionValue(args, ['--host', '-h']) ?? stringOr(env.FLASK_RUN_HOST);
    if (config.module !== 'flask' && !('FLASK_APP' in env) && port === undefined) continue;
    const url = urlFrom(host, port, (optionValue(args, ['--cert']) ?? stringOr(env.FLASK_RUN_CERT)) !== undefined);
    if (url) return url;
  }
  return undefined;
}

/** `--port 5001`, `--port=5001` or `-p 5001`. */
function optionValue(args: string[], names: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    for (const name of names) {
      if (args[i] === name && i + 1 < args.length) return args[i + 1];
      if (args[i].startsWith(`${name}=`)) return args[i].slice(name.length + 1);
    }
  }
  return undefined;
}

function stringOr(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

function urlFrom(host: string | undefined, port: string | undefined, tls: boolean): string | undefined {
  if (host === undefined && port === undefined) return undefined;
  // A server bound to every interface is reachable on loopback, which needs no confirmation.
  const reachable = !host || host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const hostPart = reachable.includes(':') ? `[${reachable}]` : reachable;
  const portPart = port && /^\d+$/.test(port) ? port : '5000';
  return `${tls ? 'https' : 'http'}://${hostPart}:${portPart}`;
}
