// Runs the e2e suite (out/test/e2e/suite) inside code-server's real extension
// host: the @vscode/test-electron contract (extensionDevelopmentPath +
// extensionTestsPath) over VS Code's smoke-test driver, in headless chromium.
// Needs: npm run build, tsc -b test/e2e, scripts/setup-editors.sh, env.sh sourced.
// Run: node test/e2e/run-code-server.js [--untrusted]   (E2E_TIMEOUT_MS bounds the run, default 240000)
//   --untrusted opens the workspace in Restricted Mode, where the suite runs restricted-mode.test.js only.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { format } = require('node:util');
const { root, lap, copyExample, createState, startCodeServer, launchChromium, bounded } = require('./code-server');

const testsPath = path.join(root, 'out/test/e2e/suite/index.js');
const resultsDir = path.join(root, 'test-results');
const timeoutMs = Number(process.env.E2E_TIMEOUT_MS || 240_000);

async function main() {
  if (!fs.existsSync(testsPath)) throw new Error(`${testsPath} is missing: compile the suite with \`npx tsc -b test/e2e\``);
  const trusted = !process.argv.includes('--untrusted');
  fs.mkdirSync(resultsDir, { recursive: true });
  const workbenchLog = fs.createWriteStream(path.join(resultsDir, `code-server-suite${trusted ? '' : '-untrusted'}.log`));
  const state = createState({ trusted });
  let server;
  let browser;
  const code = await bounded('the e2e suite', timeoutMs, async () => {
    const workspace = copyExample(state.dir);
    server = await startCodeServer(state, {
      // Without the smoke-test driver, built VS Code ignores the test payload and nothing runs.
      extraArgs: ['--vscode-option', 'enable-smoke-test-driver'],
      // The extension host's stdout (mocha's reporter) arrives in code-server's log.
      onLine: (line) => { const m = /ExtensionHostConnection\] <\d+> (?!\[)(.*)$/.exec(line); if (m) console.log(`  | ${m[1]}`); },
    });
    browser = await launchChromium();
    const page = await browser.newPage();
    let exited;
    const exit = new Promise((resolve) => { exited = resolve; });
    await page.exposeFunction('codeAutomationExit', (code) => exited(code));
    // The workbench forwards its whole console here. Mocha's reporter is the
    // part that logs through format strings ('%s', '%d'): echo that, file the rest.
    await page.exposeFunction('codeAutomationLog', (type, args = []) => {
      const text = format(...args);
      workbenchLog.write(`${type}: ${text}\n`);
      if (typeof args[0] === 'string' && /%[sd]/.test(args[0])) console.log(`  ${text}`);
    });
    const authority = `127.0.0.1:${server.port}`;
    const payload = [
      ['extensionDevelopmentPath', `vscode-remote://${authority}${root}`],
      ['extensionTestsPath', `vscode-remote://${authority}${testsPath}`],
    ];
    await page.goto(`${server.origin}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    lap('workbench loading; suite running');
    return exit;
  }, async () => {
    workbenchLog.end();
    await browser?.close();
    await server?.stop();
    if (process.env.KEEP_STATE) console.log(`code-server state kept in ${state.dir}`);
    else fs.rmSync(state.dir, { recursive: true, force: true });
  });
  lap(`suite finished with exit code ${code}`);
  return code;
}

main().then((code) => process.exit(code === 0 ? 0 : 1), (e) => {
  console.error(`e2e (code-server): ${e.message}`);
  process.exit(2);
});
