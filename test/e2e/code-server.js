// Starting and stopping code-server (VS Code 1.139 in the browser, with a Node
// extension host) and Debian's chromium for the e2e runners. Everything binds
// 127.0.0.1, and everything started here is stopped by stop().
'use strict';
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '../..');

function requireEnv(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run scripts/setup-editors.sh, then source <cache dir>/env.sh (scripts/test-e2e.sh does both)`);
  return value;
}

const t0 = Date.now();
function lap(message) {
  console.log(`[${((Date.now() - t0) / 1000).toFixed(1)}s] ${message}`);
}

/** A copy of the example app, so tests that edit or save leave the repository alone. */
function copyExample(into) {
  const workspace = path.join(into, 'flask-app');
  fs.cpSync(path.join(root, 'examples/flask-app'), workspace, { recursive: true });
  return workspace;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function until(what, probe, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const healthy = (port) => new Promise((resolve) => {
  http.get({ host: '127.0.0.1', port, path: '/healthz', timeout: 1000 }, (res) => { res.resume(); resolve(res.statusCode === 200); })
    .on('error', () => resolve(false));
});

/**
 * A private code-server state: its settings, data and caches live in a temp
 * folder (code-server writes into HOME otherwise).
 */
function createState({ trusted = true } = {}) {
  // code-server >= 4.133 needs Node 24; its launcher takes `node` from PATH.
  const PATH = `${path.dirname(requireEnv('NODE24'))}${path.delimiter}${process.env.PATH}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flask-guard-cs-'));
  const env = {
    ...process.env,
    PATH,
    XDG_CONFIG_HOME: path.join(dir, 'config'),
    XDG_DATA_HOME: path.join(dir, 'data'),
    XDG_CACHE_HOME: path.join(dir, 'cache'),
  };
  fs.writeFileSync(path.join(dir, 'config.yaml'), 'auth: none\n');
  // The chat side bar would take a third of the screenshots, and nothing here can reach a model.
  const settings = {
    'chat.disableAIFeatures': true,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'workbench.startupEditor': 'none',
    // Untrusted: open the folder in Restricted Mode without the modal trust prompt.
    ...(!trusted && { 'security.workspace.trust.startupPrompt': 'never' }),
  };
  fs.mkdirSync(path.join(dir, 'user-data/User'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'user-data/User/settings.json'), JSON.stringify(settings, null, 2));
  const args = ['--config', path.join(dir, 'config.yaml'), '--user-data-dir', path.join(dir, 'user-data'), '--extensions-dir', path.join(dir, 'extensions')];
  return { dir, env, args, trusted };
}

function installExtension(state, vsix) {
  execFileSync(requireEnv('CODE_SERVER'), [...state.args, '--install-extension', vsix], { env: state.env, stdio: 'pipe', timeout: 60_000 });
}

/**
 * Starts code-server on a free loopback port. `onLine` sees every line it
 * prints (the extension host's console output arrives there).
 */
async function startCodeServer(state, { extraArgs = [], onLine = () => {} } = {}) {
  const port = await freePort();
  const log = fs.createWriteStream(path.join(state.dir, 'code-server.log'));
  const child = spawn(requireEnv('CODE_SERVER'), [
    ...state.args, '--auth', 'none', '--disable-telemetry', '--disable-update-check', ...(state.trusted ? ['--disable-workspace-trust'] : []),
    '--bind-addr', `127.0.0.1:${port}`, ...extraArgs,
  ], { env: state.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let exited = false;
  child.once('exit', () => { exited = true; });
  for (const stream of [child.stdout, child.stderr]) {
    stream.pipe(log);
    stream.on('data', (chunk) => { for (const line of String(chunk).split('\n')) if (line) onLine(line); });
  }
  const stop = async () => {
    if (!exited) {
      // detached: code-server leads its own process group, extension host and language server included.
      try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
      await until('code-server to exit', () => exited, 10_000).catch(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } });
    }
    log.end();
  };
  try {
    await until(`code-server on 127.0.0.1:${port} (log: ${path.join(state.dir, 'code-server.log')})`, async () => {
      if (exited) throw new Error(`code-server exited during start; see ${path.join(state.dir, 'code-server.log')}`);
      return healthy(port);
    }, 60_000);
  } catch (e) {
    await stop();
    throw e;
  }
  lap(`code-server up on 127.0.0.1:${port} (pid ${child.pid})`);
  return { port, origin: `http://127.0.0.1:${port}`, stop };
}

function launchChromium() {
  const { chromium } = require(requireEnv('PLAYWRIGHT_CORE'));
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    // playwright's launch() refuses --user-data-dir: it makes a fresh profile itself.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Runs `body` with a deadline; `cleanup` runs however it ends. */
async function bounded(what, timeoutMs, body, cleanup) {
  let timer;
  const timeout = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} did not finish within ${timeoutMs / 1000} s`)), timeoutMs); });
  try {
    return await Promise.race([body(), timeout]);
  } finally {
    clearTimeout(timer);
    await cleanup();
  }
}

module.exports = { root, lap, copyExample, createState, installExtension, startCodeServer, launchChromium, bounded };
