/** `flask-guard routes`: the app's attack surface, each route with what protects it (or that nothing does). */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { byCodeUnits } from '../analysis/order';
import { explainStanding, routeMapOf, standing, type RouteMapEntry, type RouteStanding } from '../analysis/route-map';
import { ExitCode, type CliIO } from './io';
import { loadForCommand } from './load';

export const routesUsage = `usage: flask-guard routes [PATHS...] [options]
  --format text|json          output format (default text)
  --exclude GLOB              skip matching files (repeatable)
`;

const SUMMARY: [RouteStanding, string][] = [
  ['protected', 'protected'],
  ['exposed', 'sensitive and open (FG101)'],
  ['open', 'open'],
  ['public', 'open by design'],
];

export async function runRoutesCommand(argv: string[], io: CliIO): Promise<number> {
  let args: { format: string; exclude: string[]; paths: string[] };
  try {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { format: { type: 'string', default: 'text' }, exclude: { type: 'string', multiple: true, default: [] } } });
    if (values.format !== 'text' && values.format !== 'json') throw new Error(`--format must be text or json (got "${values.format}")`);
    args = { format: values.format, exclude: values.exclude, paths: positionals };
  } catch (e) {
    io.stderr(`flask-guard routes: ${(e as Error).message}\n\n${routesUsage}`);
    return ExitCode.usage;
  }
  const project = await loadForCommand(io, args.paths, args.exclude);
  if (!project) return ExitCode.usage;
  const entries = routeMapOf(project.engine.model).sort((a, b) => byCodeUnits(a.rule, b.rule) || byCodeUnits(a.methods.join(), b.methods.join()));
  const relative = (file: string) => path.relative(io.cwd, file) || file;
  if (args.format === 'json') {
    const shown = entries.map((e) => ({ ...e, file: relative(e.file), standing: standing(e), protection: e.protection.map((p) => ({ ...p, file: relative(p.file) })) }));
    io.stdout(JSON.stringify(shown, null, 2) + '\n');
    return ExitCode.ok;
  }
  for (const e of entries) io.stdout(`${relative(e.file)}:${e.line}:${e.column}: ${e.methods.join(',')} ${e.rule} -> ${e.endpoint}: ${explainStanding(e, io.cwd)}\n`);
  io.stdout(summary(entries));
  return ExitCode.ok;
}

function summary(entries: RouteMapEntry[]): string {
  if (!entries.length) return 'No Flask routes found.\n';
  const counts = SUMMARY.map(([s, label]) => [entries.filter((e) => standing(e) === s).length, label] as const).filter(([n]) => n > 0);
  return `${entries.length} route${entries.length === 1 ? '' : 's'}: ${counts.map(([n, label]) => `${n} ${label}`).join(', ')}.\n`;
}
