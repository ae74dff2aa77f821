// Runs the e2e suite in downloaded VS Code builds, for machines with internet
// (here VS Code cannot be downloaded: scripts/test-e2e.sh uses code-server).
// Run: node out/test/e2e/run-test-electron.js
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runTests } from '@vscode/test-electron';

const root = path.resolve(__dirname, '../../..');

async function main(): Promise<void> {
  // The suite edits files; it works on a copy so the shipped example stays as it is.
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'flask-guard-e2e-'));
  fs.cpSync(path.join(root, 'examples/flask-app'), workspace, { recursive: true });
  try {
    // The oldest VS Code the manifest accepts, and the newest.
    for (const version of ['1.91.0', 'stable']) {
      await runTests({
        version,
        extensionDevelopmentPath: root,
        extensionTestsPath: path.join(__dirname, 'suite/index'),
        launchArgs: [workspace, '--disable-extensions'],
      });
    }
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(`e2e tests failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
