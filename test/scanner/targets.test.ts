import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runScanCommand } from '../../server/src/cli/scan-command';
import { captureIO, startPythonApp, stopProcess, targetsDir, type RunningApp } from './helpers';

interface Expected {
  rule: string;
  method: string;
  path: string;
}

const key = (f: Expected): string => `${f.rule} ${f.method} ${f.path}`;

/** The target's `scan-args.json` (the credentials its README names), or none. */
function scanArgs(dir: string): string[] {
  const file = path.join(dir, 'scan-args.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { args: string[] }).args : [];
}

const targets = readdirSync(targetsDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(path.join(targetsDir, entry.name, 'app.py')))
  .map((entry) => entry.name)
  .sort();

test('the shared targets are there', () => {
  assert.ok(targets.length >= 11, `found ${targets.length} targets in ${targetsDir}`);
});

for (const name of targets) {
  describe(`target ${name}`, { timeout: 60000 }, () => {
    const dir = path.join(targetsDir, name);
    let app: RunningApp;

    before(async () => {
      app = await startPythonApp(dir);
    });

    after(async () => {
      await stopProcess(app.process);
    });

    test('the scan reports exactly the expected findings', async () => {
      const expected = (JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8')) as { findings: Expected[] }).findings;
      const io = captureIO(dir);
      const code = await runScanCommand([app.url, '--format', 'json', ...scanArgs(dir)], io);
      const report = JSON.parse(io.out) as { target: string; requests: number; findings: (Expected & { severity: string })[] };
      assert.deepEqual(report.findings.map(key).sort(), expected.map(key).sort(), `stderr:\n${io.err}`);
      assert.equal(code, report.findings.some((f) => f.severity === 'error') ? 1 : 0, 'exit 1 exactly when a finding is an error (default --fail-on)');
      assert.equal(report.target, app.url);
      assert.ok(report.requests > 0 && report.requests <= 500);
    });

    test('with --source, the same findings, each tied to its view\'s def line', async () => {
      const expected = (JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8')) as { findings: Expected[] }).findings;
      const io = captureIO(dir);
      await runScanCommand([app.url, '--format', 'json', '--source', '.', ...scanArgs(dir)], io);
      const report = JSON.parse(io.out) as { findings: (Expected & { source?: { file: string; line: number } })[] };
      assert.deepEqual(report.findings.map(key).sort(), expected.map(key).sort(), `stderr:\n${io.err}`);
      const lines = readFileSync(path.join(dir, 'app.py'), 'utf8').split('\n');
      for (const finding of report.findings) {
        if (finding.rule === 'FG504') {
          continue; // the debugger console is Werkzeug's, no route of the app
        }
        assert.ok(finding.source, `${key(finding)} has no source`);
        assert.equal(finding.source.file, path.join(dir, 'app.py'));
        assert.match(lines[finding.source.line - 1], /^\s*def \w+\(/, `${key(finding)} points at line ${finding.source.line}`);
      }
    });
  });
}
