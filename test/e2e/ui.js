// Drives VS Code (code-server) as a person would, with the packaged extension
// installed: open the example app, see the squiggle and the Problems entry,
// apply the auth-decorator quick fix with Ctrl+., see the finding clear.
// Screenshots: test-results/ui.png (finding + quick-fix menu), test-results/ui-fixed.png.
// Needs: npm run package, scripts/setup-editors.sh, env.sh sourced.
// Run: node test/e2e/ui.js   (FLASK_GUARD_VSIX overrides ./flask-guard.vsix; E2E_TIMEOUT_MS, default 180000)
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { root, lap, copyExample, createState, installExtension, startCodeServer, launchChromium, bounded } = require('./code-server');

const vsix = process.env.FLASK_GUARD_VSIX || path.join(root, 'flask-guard.vsix');
const resultsDir = path.join(root, 'test-results');
const timeoutMs = Number(process.env.E2E_TIMEOUT_MS || 180_000);

/** The Problems panel row of an FG101 finding on an /admin route. */
const adminFinding = (page) => page.locator('.markers-panel .monaco-list-row').filter({ hasText: 'FG101' }).filter({ hasText: '/admin' });

async function drive(page, origin, workspace) {
  await page.goto(`${origin}/?folder=${encodeURIComponent(workspace)}`);
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  lap('workbench visible');

  const file = page.getByRole('treeitem', { name: /^app\.py/ });
  await file.first().click({ timeout: 60_000 });
  await page.waitForSelector('.monaco-editor .view-lines', { timeout: 30_000 });
  await page.waitForSelector('.monaco-editor .squiggly-error', { timeout: 60_000 });
  lap('app.py open, squiggle shown');
  // The item reads "$(shield) N findings"; the icon renders as an empty span.
  const status = page.locator('.statusbar-item').filter({ hasText: /^\s*\d+ findings?\s*$/ });
  await status.waitFor({ timeout: 30_000 });
  const findings = Number(/\d+/.exec(await status.innerText())[0]);
  lap(`status bar: ${findings} findings`);

  await page.keyboard.press('Control+Shift+M');
  const row = adminFinding(page).first();
  await row.waitFor({ timeout: 30_000 });
  const finding = (await row.innerText()).replace(/\s+/g, ' ').trim();
  lap(`Problems panel: ${finding}`);
  const route = /`(\/admin[^`]*)`/.exec(finding)?.[1];
  if (!route) throw new Error(`the FG101 entry does not name its /admin route: ${finding}`);

  // Selecting the entry puts the cursor on the finding, as a click would for a person.
  await row.click();
  await row.press('Enter');
  const editor = page.locator('.monaco-editor.focused');
  await editor.waitFor({ timeout: 10_000 });
  const fix = page.locator('.action-widget .monaco-list-row').filter({ hasText: /FG101.*Add `?@/ });
  // The code actions come from the server: on a loaded machine the menu took over 15 s to appear. Now and then
  // code-server drops the key press itself (the light bulb up, no menu): press again, as a person would.
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('Control+.');
    try {
      await fix.first().waitFor({ timeout: 15_000 });
      break;
    } catch (error) {
      if (attempt === 3) throw error;
      lap(`no quick-fix menu after Ctrl+. (attempt ${attempt}); pressing it again`);
      await page.keyboard.press('Escape');
    }
  }
  lap(`quick fixes: ${(await page.locator('.action-widget .monaco-list-row').allInnerTexts()).join(' | ')}`);
  // Opening the entry selected the finding's range (the view's name); the
  // selection moves down with the view when the decorator goes in above it.
  const squiggleOnCursorLine = page.locator('.monaco-editor .view-overlays > div').filter({ has: page.locator('.selected-text') }).locator('.squiggly-error');
  await squiggleOnCursorLine.waitFor({ timeout: 5_000 });
  await page.screenshot({ path: path.join(resultsDir, 'ui.png') });
  await fix.first().click();
  lap('applied the quick fix');

  await adminFinding(page).filter({ hasText: route }).waitFor({ state: 'detached', timeout: 30_000 });
  lap(`the finding on ${route} left the Problems panel`);
  await squiggleOnCursorLine.waitFor({ state: 'detached', timeout: 30_000 });
  lap('the squiggle on that line cleared');
  const fewer = `${findings - 1} finding${findings - 1 === 1 ? '' : 's'}`;
  await page.locator('.statusbar-item').filter({ hasText: new RegExp(`^\\s*${fewer}\\s*$`) }).waitFor({ timeout: 30_000 });
  lap(`status bar: ${fewer}`);
  await page.screenshot({ path: path.join(resultsDir, 'ui-fixed.png') });
}

async function main() {
  if (!fs.existsSync(vsix)) throw new Error(`${vsix} is missing: run \`npm run package\``);
  fs.mkdirSync(resultsDir, { recursive: true });
  const state = createState();
  let server;
  let browser;
  await bounded('the UI test', timeoutMs, async () => {
    installExtension(state, vsix);
    lap(`installed ${path.basename(vsix)}`);
    const workspace = copyExample(state.dir);
    server = await startCodeServer(state);
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('pageerror', (e) => console.log(`page error: ${e.message}`));
    try {
      await drive(page, server.origin, workspace);
    } catch (e) {
      await page.screenshot({ path: path.join(resultsDir, 'ui-failure.png') }).catch(() => {});
      throw e;
    }
  }, async () => {
    await browser?.close();
    await server?.stop();
    if (process.env.KEEP_STATE) console.log(`code-server state kept in ${state.dir}`);
    else fs.rmSync(state.dir, { recursive: true, force: true });
  });
}

main().then(() => process.exit(0), (e) => {
  console.error(`ui: ${e.message.split('\n')[0]} (screenshot: test-results/ui-failure.png)`);
  process.exit(1);
});
