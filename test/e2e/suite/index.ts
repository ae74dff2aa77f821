// Entry point for `extensionTestsPath`: VS Code's extension host calls run().
import fs from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

/** Runs only in an untrusted workspace (`run-code-server.js --untrusted`); every other file only in a trusted one. */
const restrictedMode = 'restricted-mode.test.js';

export function run(): Promise<void> {
  // Generous per-test bound: the first test waits for the server to index the workspace.
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000 });
  const wanted = (f: string) => f.endsWith('.test.js') && (f === restrictedMode) === !vscode.workspace.isTrusted;
  for (const file of fs.readdirSync(__dirname).filter(wanted).sort()) {
    mocha.addFile(path.join(__dirname, file));
  }
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} e2e test(s) failed`)) : resolve()));
  });
}
