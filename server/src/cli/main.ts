/**
 * `flask-guard`: check | routes | scan | rule | lsp. A thin shell on the engine and
 * the scanner; every failure is a one-line message and an exit code.
 */
import { ALL_RULES, ruleByCode } from '../rules';
import { ruleMarkdown } from '../rules/docs';
import { checkUsage, runCheckCommand } from './check-command';
import { ExitCode, processIO, type CliIO } from './io';
import { routesUsage, runRoutesCommand } from './routes-command';
import { scanUsage } from './scan-usage';
import { VERSION } from './version';

const USAGE = `Flask Guard ${VERSION}: authentication and session flaws in Flask apps.

usage: flask-guard <command> [options]
  check [PATHS...]       analyse Python files (default: the current folder)
  routes [PATHS...]      list the routes with what protects each (or that nothing does)
  scan URL               probe a running app from the outside (GET/HEAD/OPTIONS only by default)
  rule [CODE]            print a rule's documentation, or list the rules
  lsp --stdio            run the language server (for editors)
  --version              print the version

${checkUsage}
${routesUsage}
${scanUsage}`;

export async function main(argv: string[], io: CliIO): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'check':
      return runCheckCommand(rest, io);
    case 'routes':
      return runRoutesCommand(rest, io);
    case 'scan': {
      // The scanner's libraries (OpenAPI, YAML, HTML parsing) take 115 ms to load: `check` never pays for them.
      const { runScanCommand } = await import('./scan-command.js');
      return runScanCommand(rest, io);
    }
    case 'rule': {
      if (!rest[0]) {
        for (const r of ALL_RULES) io.stdout(`${r.meta.code}  ${r.meta.name.padEnd(38)} ${r.meta.severity.padEnd(7)} ${r.meta.summary}\n`);
        return ExitCode.ok;
      }
      const rule = ruleByCode(rest[0]);
      if (!rule) {
        io.stderr(`flask-guard rule: no rule "${rest[0]}"; run \`flask-guard rule\` for the list\n`);
        return ExitCode.usage;
      }
      io.stdout(ruleMarkdown(rule));
      return ExitCode.ok;
    }
    case 'lsp': {
      const { startServer } = await import('../lsp/server.js');
      startServer(rest);
      return new Promise<number>(() => {});
    }
    case '--version':
    case 'version':
      io.stdout(`${VERSION}\n`);
      return ExitCode.ok;
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      io.stdout(USAGE);
      return command === undefined ? ExitCode.usage : ExitCode.ok;
    default:
      io.stderr(`flask-guard: unknown command "${command}"\n\n${USAGE}`);
      return ExitCode.usage;
  }
}

if (require.main === module) {
  main(process.argv.slice(2), processIO).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      // Last line of defence: a message, never a stack trace (set FLASK_GUARD_DEBUG=1 for one).
      process.stderr.write(`flask-guard: internal error: ${(error as Error)?.message ?? String(error)}\n`);
      if (process.env['FLASK_GUARD_DEBUG']) process.stderr.write(`${(error as Error)?.stack}\n`);
      process.exitCode = ExitCode.internal;
    },
  );
}
