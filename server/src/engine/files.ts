/**
 * Finding and reading the Python files of a project: default and user
 * excludes, and files that cannot be analysed (binary, huge, not UTF-8)
 * skipped with a reason instead of a crash.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';
import { byCodeUnits } from '../analysis/order';
import { DEFAULT_EXCLUDES } from './settings';

export interface SkippedFile {
  path: string;
  reason: string;
}

export type ReadResult = { ok: true; text: string } | { ok: false; reason: string };

export interface Discovery {
  files: string[];
  skipped: SkippedFile[];
  /** Paths the user named that do not exist or cannot be read: one line each. */
  errors: string[];
}

export function excludeMatcher(root: string, globs: readonly string[]): (file: string) => boolean {
  // A bare name or a folder glob (`scripts`, `legacy/`) excludes everything beneath it too, as in .gitignore.
  const patterns = [...DEFAULT_EXCLUDES, ...globs.map((g) => (g.includes('/') || g.startsWith('**') ? g : `**/${g}`)).flatMap((g) => [g.replace(/\/$/, ''), `${g.replace(/\/+(\*\*)?$/, '')}/**`])];
  const match = picomatch(patterns, { dot: true });
  return (file) => {
    const rel = path.relative(root, file);
    // A file outside the root (`check ../other`) is matched by its absolute path, so `**/.venv/**` holds there too.
    const shown = (rel === '..' || rel.startsWith('..' + path.sep) || path.isAbsolute(rel) ? path.resolve(file) : rel).split(path.sep).join('/');
    return match(shown) || match(shown + '/') || match('/' + shown);
  };
}

/** Python files under the given paths (files are taken as named, even if excluded). */
export function discoverPythonFiles(root: string, paths: readonly string[], exclude: readonly string[]): Discovery {
  const isExcluded = excludeMatcher(root, exclude);
  const files: string[] = [];
  const errors: string[] = [];
  const skipped: SkippedFile[] = [];
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      skipped.push({ path: dir, reason: `cannot read directory: ${(e as NodeJS.ErrnoException).code ?? e}` });
      return;
    }
    for (const entry of entries.sort((a, b) => byCodeUnits(a.name, b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!isExcluded(full + '/x')) walk(full);
      } else if (entry.isFile() && /\.pyi?$/.test(entry.name) && !isExcluded(full)) files.push(full);
    }
  };
  for (const p of paths) {
    const full = path.resolve(root, p);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(full);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      errors.push(`${p}: ${code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : String(code ?? e)}`);
      continue;
    }
    if (stat.isDirectory()) walk(full);
    else files.push(full);
  }
  return { files: [...new Set(files)], skipped, errors };
}

/** Reads a file as UTF-8 text, or says why it cannot be analysed. */
export function readPythonFile(file: string, maxSize: number): ReadResult {
  let buf: Buffer;
  try {
    const size = fs.statSync(file).size;
    if (size > maxSize) return { ok: false, reason: `larger than ${formatBytes(maxSize)} (${formatBytes(size)}); raise flaskGuard.maxFileSize to analyse it` };
    buf = fs.readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, reason: code === 'EACCES' ? 'permission denied' : `cannot read (${code ?? e})` };
  }
  if (buf.includes(0)) return { ok: false, reason: 'binary file (contains NUL bytes)' };
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
    return { ok: true, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  } catch {
    return { ok: false, reason: 'not valid UTF-8 (Flask Guard reads Python source as UTF-8)' };
  }
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.round(n / 1024)} KB`;
}
