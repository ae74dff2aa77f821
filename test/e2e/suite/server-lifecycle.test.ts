import { spawnSync } from 'node:child_process';
import * as vscode from 'vscode';
import { poll, waitForAdminFinding } from './helper';

/** The language server: a child of this extension host, forked from dist/server.js. */
function serverPid(): number | undefined {
  const found = spawnSync('pgrep', ['-P', String(process.pid), '-f', 'dist/server\\.js'], { encoding: 'utf8' });
  return found.stdout.split('\n').filter(Boolean).map(Number)[0];
}

suite('Server lifecycle', () => {
  test('Restart Server replaces the server, and the findings come back', async () => {
    await waitForAdminFinding();
    const before = await poll('the language server process', serverPid);
    await vscode.commands.executeCommand('flaskGuard.restartServer');
    await poll('a new language server process', () => { const pid = serverPid(); return pid !== before ? pid : undefined; });
    await waitForAdminFinding();
  });

  test('a crashed server is restarted, and the findings come back', async () => {
    await waitForAdminFinding();
    const crashed = await poll('the language server process', serverPid);
    process.kill(crashed, 'SIGKILL');
    // The client drops the dead server's diagnostics before it starts the next one.
    await poll('a restarted language server process', () => { const pid = serverPid(); return pid !== crashed ? pid : undefined; });
    await waitForAdminFinding();
  });
});
