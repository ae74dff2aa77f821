/**
 * "Flask Guard: Show Routes": the app's attack surface in a quick pick, routes
 * that FG101 reports first, each saying what protects it; picking one opens its view.
 */
import * as vscode from 'vscode';
import { byCodeUnits } from '../../server/src/analysis/order';
import type { Ctx } from './ctx';
import { routeMap, type RouteMapRequest } from './protocol';

type Route = RouteMapRequest.Result[number];
type Standing = Route['standing'];

const GROUPS: { standing: Standing; label: string; icon: string }[] = [
  { standing: 'exposed', label: 'Sensitive and open to anyone (FG101)', icon: '$(unlock)' },
  { standing: 'open', label: 'Open to anyone', icon: '$(circle-outline)' },
  { standing: 'public', label: 'Public by design', icon: '$(globe)' },
  { standing: 'protected', label: 'Protected', icon: '$(lock)' },
];

interface RouteItem extends vscode.QuickPickItem {
  route?: Route;
}

export function showRoutes(ctx: Ctx) {
  return async () => {
    const routes = await ctx.withClient((client) => client.sendRequest(routeMap, {}));
    if (!routes) return;
    if (!routes.length) {
      void vscode.window.showInformationMessage('Flask Guard found no Flask routes in this workspace.');
      return;
    }
    const picked = await vscode.window.showQuickPick(routeItems(routes), {
      title: `Flask Guard: ${routes.length} route${routes.length === 1 ? '' : 's'}`,
      placeHolder: 'Filter by path, method, endpoint or protection',
      matchOnDescription: true,
      matchOnDetail: true,
    });
    if (picked?.route) await openView(picked.route);
  };
}

/** Grouped by standing, each group sorted by path; empty groups are left out. */
export function routeItems(routes: readonly Route[]): RouteItem[] {
  return GROUPS.flatMap(({ standing, label, icon }) => {
    const group = routes.filter((r) => r.standing === standing).sort((a, b) => byCodeUnits(a.rule, b.rule));
    if (!group.length) return [];
    const items: RouteItem[] = group.map((route) => ({
      label: `${icon} ${route.methods.join(', ')} ${route.rule}`,
      description: `${route.endpoint} · ${vscode.workspace.asRelativePath(route.file)}:${route.line}`,
      detail: route.why,
      route,
    }));
    return [{ label, kind: vscode.QuickPickItemKind.Separator }, ...items];
  });
}

async function openView(route: Route): Promise<void> {
  const position = new vscode.Position(route.line - 1, route.column - 1);
  await vscode.window.showTextDocument(vscode.Uri.file(route.file), { selection: new vscode.Range(position, position) });
}
