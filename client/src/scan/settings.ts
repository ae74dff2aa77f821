import * as path from 'node:path';
import * as vscode from 'vscode';
import { defaultLimits, readWordlist, type Limits } from '../../../server/src/scanner';

/**
 * `flaskGuard.scan.*`, read at every scan (a change needs no restart) for the
 * first workspace folder: the one relative paths are resolved against.
 */
export function scanConfig(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('flaskGuard.scan', vscode.workspace.workspaceFolders?.[0]?.uri);
}

/** The scan's limits; a value VS Code let through but the scanner cannot use falls back to the default. */
export function readLimits(): Limits {
  const config = scanConfig();
  const whole = (key: string, fallback: number) => {
    const value = config.get<number>(key, fallback);
    return Number.isInteger(value) && value > 0 ? value : fallback;
  };
  const positive = (key: string, fallback: number) => {
    const value = config.get<number>(key, fallback);
    return Number.isFinite(value) && value > 0 ? value : fallback;
  };
  return {
    ...defaultLimits,
    maxRequests: whole('maxRequests', defaultLimits.maxRequests),
    ratePerSecond: positive('ratePerSecond', defaultLimits.ratePerSecond),
    concurrency: whole('concurrency', defaultLimits.concurrency),
    timeoutMs: positive('timeoutSeconds', defaultLimits.timeoutMs / 1000) * 1000,
  };
}

/** The folder relative paths (wordlist, OpenAPI file) are read from. */
export function baseFolder(): string | undefined {
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
}

/** The extra candidate secrets of `flaskGuard.scan.wordlist`, or why they cannot be read. */
export async function readWordlistSetting(): Promise<{ words: string[] } | { error: string }> {
  const setting = scanConfig().get<string>('wordlist', '').trim();
  if (!setting) return { words: [] };
  const base = baseFolder();
  const file = path.isAbsolute(setting) || !base ? setting : path.resolve(base, setting);
  try {
    return { words: await readWordlist(file) };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'unreadable';
    return { error: `The wordlist ${file} of flaskGuard.scan.wordlist cannot be read (${code}): fix the setting or clear it.` };
  }
}
