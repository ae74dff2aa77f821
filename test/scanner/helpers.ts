import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';
import type { CliIO } from '../../server/src/cli/io';

export const python = '/usr/bin/python3';

/** The shared targets sit beside the repository (`../shared`), in the session and in CI alike. */
export const targetsDir = process.env.FLASK_GUARD_TARGETS ?? path.resolve(__dirname, '../../../../shared/targets');

export async function freePort(): Promise<number> {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

/** Polls until something answers HTTP on the port, or fails after `timeoutMs`. */
export async function waitForHttp(port: number, timeoutMs = 30000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const up = await new Promise<boolean>((resolve) => {
      const req = http.get({ host: '127.0.0.1', port, path: '/', timeout: 1000 }, (res) => {
        res.resume();
        resolve(true);
      });
      req.on('error', () => resolve(false));
      req.on('timeout', () => req.destroy());
    });
    if (up) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`nothing answered on 127.0.0.1:${port} within ${timeoutMs} ms`);
}

export interface RunningApp {
  port: number;
  url: string;
  process: ChildProcess;
  output: () => string;
}

/** Starts `/usr/bin/python3 <script> --port N` in `cwd` on a free loopback port and waits until it answers. */
export async function startPythonApp(cwd: string, script = 'app.py'): Promise<RunningApp> {
  const port = await freePort();
  const child = spawn(python, [script, '--port', String(port)], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  try {
    await Promise.race([
      waitForHttp(port),
      once(child, 'exit').then(([code]) => { throw new Error(`${script} exited (${String(code)}) before answering:\n${output}`); }),
    ]);
  } catch (err) {
    await stopProcess(child);
    throw err;
  }
  return { port, url: `http://127.0.0.1:${port}`, process: child, output: () => output };
}

/** Kills by PID and waits for the exit, escalating to SIGKILL after two seconds. */
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
  await exited;
  clearTimeout(timer);
}

export interface CapturedIO extends CliIO {
  out: string;
  err: string;
}

export function captureIO(cwd = process.cwd()): CapturedIO {
  const io: CapturedIO = {
    out: '',
    err: '',
    stdout: (text) => { io.out += text; },
    stderr: (text) => { io.err += text; },
    cwd,
    env: {},
  };
  return io;
}

/** Runs a Python snippet with Debian's interpreter and returns its trimmed stdout. */
export async function runPython(code: string, args: string[] = []): Promise<string> {
  const child = spawn(python, ['-c', code, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString(); });
  child.stderr.on('data', (chunk: Buffer) => { err += chunk.toString(); });
  const [code_] = (await once(child, 'exit')) as [number | null];
  if (code_ !== 0) {
    throw new Error(`python failed (${String(code_)}): ${err}`);
  }
  return out.trim();
}
