/**
 * Hover on a route (its route decorator or the view's name): what the analysis
 * sees protecting it, so a route with no squiggle can be checked, not trusted.
 */
import { MarkupKind, type Hover } from 'vscode-languageserver/node';
import type { FlaskModel, Route } from '../analysis/flask-model';
import { explainStanding, routeEntry } from '../analysis/route-map';
import type { IndexedFile } from '../analysis/workspace';
import { toRange } from './convert';

export function routeHover(model: FlaskModel, file: IndexedFile, offset: number, root: string): Hover | null {
  const here = model.routes.filter((r) => r.file === file && anchors(r).some((n) => n.start <= offset && offset <= n.end));
  if (!here.length) return null;
  const lines = here.map((route) => {
    const entry = routeEntry(model, route);
    const why = explainStanding(entry, root, true);
    return `\`${entry.methods.join(', ')} ${entry.rule}\` (endpoint \`${entry.endpoint}\`): ${why}.`;
  });
  const anchor = anchors(here[0]!).find((n) => n.start <= offset && offset <= n.end)!;
  return {
    contents: { kind: MarkupKind.Markdown, value: `**Flask Guard**\n\n${lines.map((l) => `- ${l}`).join('\n')}` },
    range: toRange(file.source.lineIndex, anchor.start, anchor.end),
  };
}

/** Where a route is written in the view's file: the route decorator (not a registration made elsewhere) and the view's name. */
function anchors(route: Route) {
  return route.registration.type === 'decorator' ? [route.registration, route.reportNode] : [route.reportNode];
}
