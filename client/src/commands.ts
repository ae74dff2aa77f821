import * as path from 'node:path';
import * as vscode from 'vscode';
import { section } from './config';
import { messageOf, type CommandFactory, type Ctx } from './ctx';
import { CommandIds, reanalyze, ruleDoc } from './protocol';
import { showRoutes } from './routes';
import { registerScan } from './scan';
import { plural } from './status';

/**
 * Every command of the extension, by id. The scanner's commands join this
 * table through its own `registerScan(...)` entries, with `requiresTrust`.
 */
export function createCommands(): Record<string, CommandFactory> {
  return {
    'flaskGuard.reanalyze': { create: reanalyzeWorkspace },
    'flaskGuard.showLog': { create: (ctx) => () => ctx.log.show(true) },
    'flaskGuard.restartServer': { create: (ctx) => () => ctx.restartWithFeedback() },
    'flaskGuard.showRoutes': { create: showRoutes },
    [CommandIds.markRoutePublic]: { create: markRoutePublic },
    [CommandIds.showDocumentation]: { create: showDocumentation },
    ...registerScan(),
  };
}

function reanalyzeWorkspace(ctx: Ctx) {
  return () =>
    ctx.withClient((client) =>
      vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: 'Flask Guard: re-analysing the workspace' },
        async () => {
          const result = await client.sendRequest(reanalyze, {});
          vscode.window.setStatusBarMessage(`Flask Guard: ${plural(result.findings, 'finding')} in ${plural(result.files, 'file')}`, 5000);
        },
      ),
    );
}

/** Code-action command: arguments `[routeRule, documentUri]` (see protocol.ts). */
function markRoutePublic(ctx: Ctx) {
  return async (routeRule: unknown, documentUri: unknown) => {
    if (typeof routeRule !== 'string' || typeof documentUri !== 'string') {
      throw new Error('"Mark route as public" needs a route and a document; run it from a quick fix on a finding.');
    }
    const uri = vscode.Uri.parse(documentUri);
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const config = vscode.workspace.getConfiguration(section, uri);
    // Arrays do not merge across settings levels: start from the value in force
    // for this document so a folder-level write keeps the workspace's routes.
    const routes = config.get<string[]>('publicRoutes', []);
    if (routes.includes(routeRule)) {
      vscode.window.setStatusBarMessage(`Flask Guard: ${routeRule} is already public`, 5000);
      return;
    }
    const target = folder ? vscode.ConfigurationTarget.WorkspaceFolder : vscode.ConfigurationTarget.Global;
    await config.update('publicRoutes', [...routes, routeRule], target);
    const where = folder ? `the settings of ${folder.name}` : 'your user settings (the file is outside the workspace)';
    ctx.log.info(`Marked ${routeRule} as public in ${where}.`);
    vscode.window.setStatusBarMessage(`Flask Guard: ${routeRule} marked as public in ${where}`, 5000);
  };
}

const docScheme = 'flask-guard-doc';

/** Code-action command: arguments `[code]`. Shows the rule's Markdown, served by the server so it works offline. */
function showDocumentation(ctx: Ctx) {
  ctx.pushCleanup(
    vscode.workspace.registerTextDocumentContentProvider(docScheme, {
      provideTextDocumentContent: async (uri) => {
        const code = path.posix.basename(uri.path, '.md');
        const client = ctx.runningClient();
        if (!client) return `# ${code}\n\nThe Flask Guard language server is not running: run "Flask Guard: Restart Server".\n`;
        const doc = await client.sendRequest(ruleDoc, { code });
        return doc?.markdown ?? `# ${code}\n\nFlask Guard has no rule ${code}.\n`;
      },
    }),
  );
  return async (code: unknown) => {
    if (typeof code !== 'string' || !/^[A-Z]+\d+$/.test(code)) {
      throw new Error('"Show documentation" needs a rule code such as FG101; run it from a quick fix on a finding.');
    }
    const uri = vscode.Uri.from({ scheme: docScheme, path: `/${code}.md` });
    try {
      await vscode.commands.executeCommand('markdown.showPreview', uri);
    } catch (e) {
      // Without the built-in Markdown extension the source is still readable.
      ctx.log.info(`Markdown preview unavailable (${messageOf(e)}); opening the source.`);
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: true });
    }
  };
}
