/** Debian's Python with Flask (the `python3` first on PATH may be a build without it). */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const PYTHON = '/usr/bin/python3';

/** Runs a Python snippet in `cwd`; returns stdout, throws with stderr on failure. */
export function runPython(cwd: string, code: string, env: Record<string, string> = {}): string {
  const r = spawnSync(PYTHON, ['-c', code], { cwd, env: { ...process.env, ...env, PYTHONDONTWRITEBYTECODE: '1' }, encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`python failed (${r.status}): ${r.stderr || r.error?.message}`);
  return r.stdout;
}

/** `py_compile` every .py file under dir; returns the failures. */
export function compileAll(dir: string): string[] {
  const failures: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.py')) {
        const r = spawnSync(PYTHON, ['-m', 'py_compile', p], { encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' }, timeout: 30_000 });
        if (r.status !== 0) failures.push(`${p}: ${r.stderr.trim().split('\n').pop()}`);
      }
    }
  };
  walk(dir);
  return failures;
}

/** A temporary copy of a folder (the corpus and examples are read-only inputs). */
export function copyToTemp(src: string, prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.cpSync(src, dir, { recursive: true });
  return dir;
}
