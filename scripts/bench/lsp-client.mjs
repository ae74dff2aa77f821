// A minimal LSP client over stdio for the benchmarks: Content-Length framing
// and nothing else, so the measured latency is the server's, not a client
// library's. Every wait has a deadline: a server that stops answering fails
// the bench instead of hanging it.
import { spawn } from 'node:child_process';
import fs from 'node:fs';

export class LspClient {
  #child;
  #buffer = Buffer.alloc(0);
  #nextId = 1;
  #pending = new Map();
  /** Waiters for notifications: { match(msg), resolve, reject, timer }. */
  #waiters = new Set();
  /** Called with every notification (and its arrival time) before waiters see it. */
  onNotification = () => {};

  constructor(command, args, options = {}) {
    this.#child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], ...options });
    this.#child.stdout.on('data', (chunk) => this.#read(chunk));
    // Drain stderr so a chatty server never blocks on a full pipe.
    this.#child.stderr.on('data', () => {});
    this.exited = new Promise((resolve) => this.#child.once('exit', (code, signal) => resolve({ code, signal })));
    this.exited.then(({ code, signal }) => {
      const error = new Error(`server exited (code ${code}, signal ${signal})`);
      for (const p of this.#pending.values()) p.reject(error);
      for (const w of this.#waiters) w.reject(error);
    });
  }

  get pid() {
    return this.#child.pid;
  }

  /** VmHWM and VmRSS of the server process in MB, from /proc. */
  memory() {
    const status = fs.readFileSync(`/proc/${this.#child.pid}/status`, 'utf8');
    const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { peakMB: kb('VmHWM') / 1024, rssMB: kb('VmRSS') / 1024 };
  }

  #send(message) {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }), 'utf8');
    this.#child.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]));
  }

  #read(chunk) {
    this.#buffer = this.#buffer.length ? Buffer.concat([this.#buffer, chunk]) : chunk;
    for (;;) {
      const headerEnd = this.#buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.#buffer.subarray(0, headerEnd).toString('ascii'))?.[1]);
      const start = headerEnd + 4;
      if (this.#buffer.length < start + length) return;
      const message = JSON.parse(this.#buffer.subarray(start, start + length).toString('utf8'));
      this.#buffer = this.#buffer.subarray(start + length);
      this.#dispatch(message, performance.now());
    }
  }

  #dispatch(message, at) {
    if (message.id !== undefined && message.method) {
      // Server → client requests (progress tokens, registrations): accept them.
      this.#send({ id: message.id, result: null });
      return;
    }
    if (message.id !== undefined) {
      const p = this.#pending.get(message.id);
      this.#pending.delete(message.id);
      if (message.error) p?.reject(new Error(`${message.error.code}: ${message.error.message}`));
      else p?.resolve(message.result);
      return;
    }
    this.onNotification(message, at);
    for (const w of this.#waiters) {
      if (w.match(message)) {
        this.#waiters.delete(w);
        clearTimeout(w.timer);
        w.resolve({ message, at });
      }
    }
  }

  request(method, params, timeoutMs = 30_000) {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error(`${method}: no answer in ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending.set(id, { resolve: (v) => (clearTimeout(timer), resolve(v)), reject: (e) => (clearTimeout(timer), reject(e)) });
      this.#send({ id, method, params });
    });
  }

  notify(method, params) {
    this.#send({ method, params });
  }

  /** Resolves with { message, at } for the first notification that `match` accepts from now on. */
  waitFor(match, timeoutMs, what) {
    return new Promise((resolve, reject) => {
      const waiter = { match, resolve, reject };
      waiter.timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      this.#waiters.add(waiter);
    });
  }

  /** Polite shutdown, then SIGKILL if the server does not leave in time. */
  async close() {
    const killer = setTimeout(() => this.#child.kill('SIGKILL'), 3000);
    try {
      if (this.#child.exitCode === null) {
        await this.request('shutdown', null, 2000).catch(() => {});
        this.notify('exit');
      }
      await this.exited;
    } finally {
      clearTimeout(killer);
    }
  }

  kill() {
    if (this.#child.exitCode === null) this.#child.kill('SIGKILL');
  }
}
