import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { codeOf, extensionId, poll, routeDecorator, workspaceFile } from './helper';

/** What the command resolves to (the scanner's ScanResult), as far as these tests read it. */
interface ScanResult {
  target: string;
  requests: number;
  unreachable: boolean;
  messages: string[];
  findings: { rule: string; method: string; path: string; curl: string; source?: { file: string; line: number } }[];
}

/** Where the target's app.py is copied, so the language server's route map knows its routes. */
const copyFolder = 'scan-target';

/** A target of ../shared/targets, beside the repository locally and in CI. */
function targetDir(name: string): string {
  return path.resolve(vscode.extensions.getExtension(extensionId)!.extensionPath, '../shared/targets', name);
}

function expectedFindings(name: string): string[] {
  const expected = JSON.parse(fs.readFileSync(path.join(targetDir(name), 'expected.json'), 'utf8')) as { findings: Key[] };
  return expected.findings.map(key).sort();
}

interface Key { rule: string; method: string; path: string }
const key = (f: Key) => `${f.rule} ${f.method} ${f.path}`;

interface Target { url: string; stop(): void }

/** Starts `app` on a free loopback port and waits until it answers; `stop()` kills it. */
async function startTarget(app: string): Promise<Target> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // Debian's python3 has Flask; a pyenv python3 earlier on PATH may not.
  const child: ChildProcess = spawn('/usr/bin/python3', [app, '--port', String(port)], { stdio: 'ignore' });
  const stop = () => { child.kill('SIGKILL'); };
  try {
    await poll(`${app} to answer on ${url}`, () => {
      if (child.exitCode !== null) throw new Error(`${app} exited with ${child.exitCode}: are /usr/bin/python3 and python3-flask installed?`);
      return answers(`${url}/`);
    }, 20_000);
  } catch (e) {
    stop();
    throw e;
  }
  return { url, stop };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function answers(url: string): Promise<true | undefined> {
  return new Promise((resolve) => {
    http.get(url, { timeout: 1000 }, (res) => { res.resume(); resolve(res.statusCode === 200 || undefined); })
      .on('error', () => resolve(undefined))
      .on('timeout', function (this: http.ClientRequest) { this.destroy(); });
  });
}

function scanCommand(arg: { url: string; yes?: boolean; credentials?: unknown }): Thenable<ScanResult | undefined> {
  return vscode.commands.executeCommand<ScanResult | undefined>('flaskGuard.scanRunningApp', arg);
}

function scanDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Flask Guard Scan');
}

suite('Scan Running App', () => {
  const openAdmin = 'open-admin-api';
  let target: Target | undefined;
  let url = '';
  let appUri: vscode.Uri;

  suiteSetup(async function () {
    this.timeout(90_000);
    const source = path.join(targetDir(openAdmin), 'app.py');
    assert.ok(fs.existsSync(source), `${source} is missing: the scan targets live in ../shared/targets`);
    appUri = workspaceFile(`${copyFolder}/app.py`);
    fs.mkdirSync(path.dirname(appUri.fsPath), { recursive: true });
    fs.copyFileSync(source, appUri.fsPath);
    target = await startTarget(appUri.fsPath);
    url = target.url;
    // Opened, so the server analyses it without waiting for its file watcher.
    await vscode.workspace.openTextDocument(appUri);
    // Its static FG101 findings show that the route map now has the copy's routes.
    await poll(`FG101 on ${copyFolder}/app.py`, () => vscode.languages.getDiagnostics(appUri).some((d) => codeOf(d) === 'FG101') || undefined, 45_000);
  });

  suiteTeardown(async () => {
    target?.stop();
    await vscode.commands.executeCommand('flaskGuard.scan.clear');
    if (appUri) fs.rmSync(path.dirname(appUri.fsPath), { recursive: true, force: true });
  });

  test('finds exactly the target\'s expected findings, each on its route\'s line', async () => {
    const result = await scanCommand({ url });
    assert.ok(result, 'the command returned no result');
    assert.equal(result.unreachable, false, result.messages.join('; '));
    const expected = expectedFindings(openAdmin);
    assert.deepEqual(result.findings.map(key).sort(), expected);
    for (const finding of result.findings) {
      assert.match(finding.curl, /^curl /);
      assert.ok(finding.source, `${key(finding)} has no source line`);
    }

    // Diagnostics sit on the `def` line under the route decorator of the path that answered.
    const doc = await vscode.workspace.openTextDocument(appUri);
    const placed = new Map<string, number>();
    for (const sourceFile of new Set(result.findings.map((f) => f.source!.file))) {
      const file = await vscode.workspace.openTextDocument(vscode.Uri.file(sourceFile));
      for (const d of scanDiagnostics(file.uri)) {
        assert.equal(codeOf(d), 'FG501');
        const rule = routeDecorator(file, d.range.start.line)?.rule;
        assert.ok(rule, `the scan diagnostic on ${sourceFile}:${d.range.start.line + 1} is not on a route's line`);
        assert.match(file.lineAt(d.range.start.line).text, /^\s*def /);
        const finding = result.findings.find((f) => f.path.endsWith(rule) && d.message.includes(f.path));
        assert.ok(finding, `no finding of the scan matches the diagnostic on the route ${rule}`);
        placed.set(finding.path, d.range.start.line);
      }
    }
    const defLine = (view: string) => doc.getText().split('\n').findIndex((line) => line.startsWith(`def ${view}(`));
    assert.equal(placed.get('/admin/users'), defLine('admin_users'));
    assert.equal(placed.get('/admin/config'), defLine('admin_config'));
    assert.equal(placed.size, expected.length, 'every finding has its diagnostic');
  });

  test('run from the palette, it offers the URL of .flaskenv and asks for credentials once', async () => {
    const flaskenv = workspaceFile('.flaskenv');
    fs.writeFileSync(flaskenv.fsPath, `FLASK_APP=${copyFolder}/app.py\nFLASK_RUN_PORT=${new URL(url).port}\n`);
    try {
      // Accepting whatever the quick input shows: the URL offered, then "No credentials" (the first choice).
      const viaPrompts = async (accepts: number) => {
        const running = vscode.commands.executeCommand<ScanResult | undefined>('flaskGuard.scanRunningApp');
        let settled = false;
        void running.then(() => { settled = true; }, () => { settled = true; });
        let accepted = 0;
        while (!settled && accepted < 20) {
          await new Promise((resolve) => setTimeout(resolve, 300));
          if (!settled) {
            await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
            accepted++;
          }
        }
        const result = await running;
        assert.ok(accepted >= accepts, `the scan finished after ${accepted} prompts; ${accepts} were expected`);
        return result;
      };
      const first = await viaPrompts(2);
      assert.equal(first?.target, url, 'the URL offered is not the one of .flaskenv');
      assert.equal(first.findings.length, 3);
      const again = await viaPrompts(1);
      assert.equal(again?.target, url);
    } finally {
      fs.rmSync(flaskenv.fsPath, { force: true });
    }
  });

  test('exports the last scan through the scanner\'s report renderers; Clear removes its diagnostics', async () => {
    const file = path.join(os.tmpdir(), `flask-guard-scan-${process.pid}.json`);
    try {
      const written = await vscode.commands.executeCommand<vscode.Uri | undefined>('flaskGuard.scan.export', { format: 'json', uri: file });
      assert.equal(written?.fsPath, file);
      const report = JSON.parse(fs.readFileSync(file, 'utf8')) as { target: string; findings: unknown[] };
      assert.equal(report.target, url);
      assert.equal(report.findings.length, 3);
    } finally {
      fs.rmSync(file, { force: true });
    }
    await vscode.commands.executeCommand('flaskGuard.scan.clear');
    assert.deepEqual(scanDiagnostics(appUri), []);
  });

  test('credentials are kept per origin in secret storage, used again, redacted, and forgotten', async () => {
    const name = 'static-bearer-token';
    const secret = 'secret123';
    const bearer = await startTarget(path.join(targetDir(name), 'app.py'));
    try {
      const given = await scanCommand({ url: bearer.url, credentials: { kind: 'header', headers: [`Authorization: Bearer ${secret}`] } });
      assert.deepEqual(given?.findings.map(key).sort(), expectedFindings(name));
      assert.ok(!JSON.stringify(given).includes(secret), 'the bearer token appears in the result (curl, evidence or log)');

      const kept = await scanCommand({ url: bearer.url });
      assert.deepEqual(kept?.findings.map(key).sort(), expectedFindings(name), 'the second scan did not use the kept header');

      await vscode.commands.executeCommand('flaskGuard.scan.forgetCredentials', new URL(bearer.url).origin);
      const anonymous = await scanCommand({ url: bearer.url });
      assert.deepEqual(anonymous?.findings.filter((f) => f.rule === 'FG503'), [], 'FG503 needs the header, so it was not forgotten');
    } finally {
      bearer.stop();
    }
  });

  test('a refused connection ends as a result that says so', async () => {
    const closed = await freePort();
    const result = await scanCommand({ url: `http://127.0.0.1:${closed}` });
    assert.equal(result?.unreachable, true);
    assert.match(result.messages[0] ?? '', /refused|127\.0\.0\.1/);
    assert.deepEqual(result.findings, []);
  });

  test('a URL that cannot be scanned is refused before any request', async () => {
    assert.equal(await scanCommand({ url: 'ftp://127.0.0.1/' }), undefined);
    assert.equal(await scanCommand({ url: 'http://user:secret@127.0.0.1:1/' }), undefined);
  });
});
