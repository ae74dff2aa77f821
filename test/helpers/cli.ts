/** Runs `flask-guard` in-process with a fake CliIO, or the bundled dist/cli.js in a child process. */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { main } from '../../server/src/cli/main';
import type { CliIO } from '../../server/src/cli/io';
import { REPO_ROOT } from './project';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    cwd,
    env,
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

export const BUNDLED_CLI = path.join(REPO_ROOT, 'dist', 'cli.js');

export function runBundledCli(args: string[], cwd: string): CliRun {
  const r = spawnSync(process.execPath, [BUNDLED_CLI, ...args], { cwd, encoding: 'utf8', timeout: 60_000, env: { ...process.env, FLASK_GUARD_DEBUG: '' } });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
