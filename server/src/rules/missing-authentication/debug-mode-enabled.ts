import { configPurpose, environmentDefault, modulePurpose, testConfigCalls, underDevelopmentGate, unitConfigWrites, writtenMapping, type ConfigWrite } from '../../analysis/config';
import { unitFacts, type AssignmentFact, type CallFact, type FunctionFact } from '../../analysis/facts';
import { calledName, callParts, dottedName, isTrue, lastName, stringItems, stringValue, unwrap } from '../../analysis/python';
import { namesApp, namesSocketIO } from '../../analysis/target-resolution';
import type { SyntaxNode, Unit } from '../../analysis/syntax';
import type { IndexedFile } from '../../analysis/workspace';
import { ensureModuleImport } from '../../fixes/imports';
import type { Fix, UnitContext } from '../types';
import { defineRule } from '../types';

/** Loopback: all of 127.0.0.0/8 (`127.0.0.9` too), `localhost`, IPv6's `::1`. */
function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

export default defineRule({
  meta: {
    code: 'FG105',
    name: 'debug-mode-enabled',
    family: 'missing-authentication',
    severity: 'error',
    cwe: [489, 94],
    summary: 'Debug mode (the Werkzeug interactive debugger) is switched on by a constant.',
    fix: { availability: 'sometimes', applicability: 'safe', title: 'Read debug from the environment' },
    docs: {
      whatItDoes:
        'Reports `app.run(debug=True)` (also `debug=DEBUG` with a module constant `DEBUG = True`, and `app.run(**options)` with a dict that sets `debug` to True), Flask-SocketIO\'s `run(app, debug=True)` under whatever name the `SocketIO` is kept, `use_debugger=True`, `app.debug = True`, `DEBUG = True` and `config["DEBUG"] = True` ' +
        '(item, `config.update`, `from_mapping` (also of a settings dict passed by name), configuration classes, config modules (`config.py`, and the modules of a `config/`, `configs/` or `settings/` package) and a module loaded with `from_object(__name__)`). Development, local and test ' +
        'configuration classes and settings modules (`config/development.py`) may turn debug on. A value read from the ' +
        'environment is not reported unless its fallback switches debug on where the variable is not set ' +
        '(`os.getenv(\'FLASK_DEBUG\', True)`, `os.getenv(\'DEBUG\', \'true\').lower() == \'true\'`: a warning), nor a switch under an `if` that the environment decides (`if os.getenv(\'FLASK_DEBUG\'):`) ' +
        'or that holds only in development (`if app.config[\'ENV\'] == \'development\':`). A debug server bound to loopback is ' +
        'still reported, as a warning.',
      whyIsThisBad:
        'The Werkzeug debugger runs arbitrary Python for whoever reaches a traceback page or `/console`; its PIN has been ' +
        'brute-forced and derived from leaked machine data. A constant `debug=True` ships to staging and production with the code.',
      example: ['from flask import Flask', '', 'app = Flask(__name__)', '', "if __name__ == '__main__':", "    app.run(host='0.0.0.0', debug=True)", ''].join('\n'),
      useInstead: ['import os', '', 'from flask import Flask', '', 'app = Flask(__name__)', '', "if __name__ == '__main__':", "    app.run(host='0.0.0.0', debug=os.environ.get('FLASK_DEBUG') == '1')", ''].join('\n'),
      fixSafety:
        'Safe: the value becomes `os.environ.get("FLASK_DEBUG") == "1"`, so developers who set FLASK_DEBUG=1 keep the debugger ' +
        'and nobody else gets it. A fallback that switches debug on becomes `False` (or `\'\'` where a string is read), so ' +
        'whoever sets the variable keeps their choice.',
    },
  },
  checkUnit(unit, ctx) {
    const writes = debugConfigWrites(ctx, unit, ctx.file);
    const testCalls = testConfigCalls(writes);
    for (const w of writes) {
      if (w.key !== 'DEBUG' || testCalls.has(w.node)) continue;
      const fallback = onByDefault(w.value);
      if (!isTrue(w.value) && !fallback) continue;
      // Only the class's name exempts it (RULES.md): a base `Config` that also sets `TESTING = True` is the one every deployment runs.
      if (w.context.kind === 'class' && ['test', 'development'].includes(configPurpose(w.context.className, new Map()))) continue;
      // Settings modules for development or tests (`config/development.py`, `local_settings.py`) may turn debug on, as such classes may.
      if (w.context.kind === 'module' && ['development', 'test'].includes(modulePurpose(ctx.file))) continue;
      if (w.inTests || underDevelopmentGate(w.node)) continue;
      const valueFile = () => current(ctx, w.valueFile);
      if (fallback) ctx.report(ctx.file, w.node, `\`DEBUG\` ${fallbackMessage(fallback)}`, { severity: 'warning', fixes: () => fallbackFix(valueFile(), fallback) });
      else {
        // A setting among others in a call written over several lines is quoted alone.
        const said = w.node.text.includes('\n') ? `DEBUG=${w.value.text}` : w.node.text.trim();
        const loopback = servesOnlyLoopback(ctx, unit, w.node);
        const where = loopback ? ' for a server bound to loopback, but the debugger still runs code for anything that reaches it' : '';
        ctx.report(ctx.file, w.node, `Debug mode is switched on by a constant (${said})${where}; read it from the environment`, {
          ...(loopback && { severity: 'warning' as const }),
          fixes: () => envFix(valueFile(), w.value),
        });
      }
    }
    // A test module's `app.run(debug=True)` starts a throwaway app by hand, as its config writes configure one.
    if (ctx.file.inTests) return;
    for (const candidate of serverCandidates(unitFacts(unit).calls)) {
      // `app.run(**options)`: read as if the dict's settings were written in the call.
      const splatted = splattedSettings(ctx, candidate);
      const call = splatted?.call ?? candidate;
      const server = developmentServer(ctx, call);
      if (!server) continue;
      for (const key of server.switches) {
        const written = call.parts.keywords.get(key) ?? (key === 'debug' ? server.debugPositional : undefined);
        const settingsFile = splatted && written && splatted.entries.has(written) ? splatted.file : ctx.file;
        const { value, file: valueFile } = (written && namedConstant(ctx, written, call.scope)) ?? { value: written, file: settingsFile };
        const fallback = value && onByDefault(value);
        if (!value || !(isTrue(value) || fallback) || underDevelopmentGate(call.node)) continue;
        if (fallback) {
          ctx.report(ctx.file, call.node, `\`${key}\` ${fallbackMessage(fallback)}`, { severity: 'warning', fixes: () => fallbackFix(current(ctx, valueFile), fallback) });
          continue;
        }
        const { host, loopback } = listensOn(ctx, call, server);
        const where = loopback ? 'bound to loopback, but the debugger still runs code for anything that reaches it' : `reachable on ${host ?? 'a configured host'}`;
        const said = value === written ? `\`${key}=True\`` : `\`${key}=${written!.text}\` (${value.text})`;
        ctx.report(ctx.file, call.node, `${said} starts the Werkzeug debugger (${where}); read it from the environment`, {
          severity: loopback ? 'warning' : 'error',
          fixes: () => envFix(current(ctx, valueFile), value),
        });
      }
    }
  },
});

/**
 * A switch written under `if __name__ == '__main__':` where every development server started there listens
 * on loopback: it comes on only with that server, a loopback debugger as `app.run(debug=True)` there would be.
 */
function servesOnlyLoopback(ctx: UnitContext, unit: Unit, write: SyntaxNode): boolean {
  const block = scriptBlock(write);
  if (!block) return false;
  const servers = serverCandidates(unitFacts(unit).calls).flatMap((call) => {
    const server = call.node.start >= block.start && call.node.end <= block.end ? developmentServer(ctx, call) : undefined;
    return server ? [listensOn(ctx, call, server)] : [];
  });
  return servers.length > 0 && servers.every((s) => s.loopback);
}

/** The body of the `if __name__ == '__main__':` a node sits in. */
function scriptBlock(node: SyntaxNode): SyntaxNode | undefined {
  for (let child = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (parent.type !== 'if_statement' || child.field !== 'consequence') continue;
    const condition = unwrap(parent.field_('condition'));
    const sides = condition?.type === 'comparison_operator' ? condition.namedChildren.map((n) => stringValue(n) ?? n.text) : [];
    if (sides.length === 2 && sides.includes('__name__') && sides.includes('__main__')) return child;
  }
  return undefined;
}

/** Statement-level calls, and calls handed over as arguments (`manager.add_command('runserver', Server(use_debugger=True))`). */
function serverCandidates(calls: readonly CallFact[]): ServerCall[] {
  return calls.flatMap((call) => [call, ...[...call.parts.positional, ...call.parts.keywords.values()].flatMap((arg) => {
    const parts = callParts(arg);
    return parts ? [{ node: arg, parts, scope: call.scope }] : [];
  })]);
}

interface DevelopmentServer {
  /** The keywords that start the debugger. */
  switches: string[];
  /** `Flask.run(host, port, debug)`: debug may also come third, positionally. */
  debugPositional?: SyntaxNode;
  /** Where it listens (none written: loopback). */
  host?: SyntaxNode;
}

/** Where a development server listens: the host written (or a constant's value), and whether that is loopback (none written is). */
function listensOn(ctx: UnitContext, call: ServerCall, server: DevelopmentServer): { host?: string; loopback: boolean } {
  const host = stringValue(server.host && (namedConstant(ctx, server.host, call.scope)?.value ?? server.host));
  return { ...(host !== undefined && { host }), loopback: server.host === undefined || (host !== undefined && isLoopback(host)) };
}

type ServerCall = Pick<CallFact, 'node' | 'parts' | 'scope'>;

/**
 * `app.run(...)`, `create_app().run(...)`, Dash's `app.run_server(...)`, `socketio.run(app, ...)`, Werkzeug's
 * `run_simple(hostname, port, app, use_debugger=...)`, or Flask-Script's `Server(host, port, use_debugger=...)`
 * (`manager.add_command('runserver', Server(...))`).
 */
function developmentServer(ctx: UnitContext, { parts, scope }: ServerCall): DevelopmentServer | undefined {
  const name = lastName(parts.name);
  if (name === 'run_simple') return { switches: ['use_debugger'], host: parts.keywords.get('hostname') ?? parts.positional[0] };
  if (name === 'Server' && parts.keywords.has('use_debugger')) return { switches: ['use_debugger'], host: parts.keywords.get('host') ?? parts.positional[0] };
  if (parts.callee.type !== 'attribute') return undefined;
  const method = parts.callee.field_('attribute')?.text;
  // Dash's `run_server` hands `debug` on to the Flask app it serves from.
  const dash = method === 'run_server';
  if (method !== 'run' && !dash) return undefined;
  // The app a factory has just made is named for the factory.
  const object = unwrap(parts.callee.field_('object'));
  const receiver = lastName(dottedName(callParts(object)?.callee ?? object)) ?? '';
  // Any other name must be an app (`weblogin = Flask(__name__)`): `thread.run()` and the like are not servers.
  // Flask-SocketIO's run takes the app first; its server is known by what made it (`sio = SocketIO(app)`), or by its usual name.
  const socketio = receiver.toLowerCase() === 'socketio' || namesSocketIO(ctx.workspace, ctx.file, object, scope);
  if (!socketio && !/app|application|server|socketio|flask/i.test(receiver) && !namesApp(ctx.workspace, ctx.file, object, scope)) return undefined;
  const host = parts.keywords.get('host') ?? (socketio ? undefined : parts.positional[0]);
  return { switches: ['debug', 'use_debugger'], ...(!socketio && !dash && parts.positional[2] && { debugPositional: parts.positional[2] }), ...(host && { host }) };
}

interface SplattedSettings {
  /** The call with the dict's entries among its keywords (those written in the call win). */
  call: ServerCall;
  /** The values that came from the dict, and the file that writes them. */
  entries: ReadonlySet<SyntaxNode>;
  file: IndexedFile;
}

/**
 * `app.run(**options)` where `options = dict(debug=True, host='0.0.0.0')` (or `{'debug': True, ...}`) is
 * assigned once in its scope and never changed after (no `options[...] = `, `options.update(...)`).
 */
function splattedSettings(ctx: UnitContext, call: ServerCall): SplattedSettings | undefined {
  if (!call.parts.splat) return undefined;
  const splat = call.node.field_('arguments')?.namedChildren.find((a) => a.type === 'dictionary_splat');
  const name = unwrap(splat?.namedChildren[0]);
  if (name?.type !== 'identifier') return undefined;
  const b = ctx.workspace.resolveExpression(ctx.file, name, call.scope);
  if (b?.kind !== 'value' || b.fact.target.type !== 'identifier') return undefined;
  const entries = writtenMapping(b.fact.value);
  if (!entries || !setOnce(b.file, b.fact)) return undefined;
  const keywords = new Map([...entries, ...call.parts.keywords]);
  return { call: { ...call, parts: { ...call.parts, keywords } }, entries: new Set(entries.values()), file: b.file };
}

/** The name is bound by this assignment alone in its scope, and its file neither writes items into it nor calls a method on it. */
function setOnce(file: IndexedFile, fact: AssignmentFact): boolean {
  const name = fact.target.text;
  const sameScope = (scope: FunctionFact | undefined) => scope === fact.scope;
  if (file.facts.assignments.some((a) => a !== fact && sameScope(a.scope) && !a.className && a.names.includes(name))) return false;
  if (file.facts.assignments.some((a) => a.target.type === 'subscript' && unwrap(a.target.field_('value'))?.text === name)) return false;
  return !file.facts.calls.some((c) => c.parts.callee.type === 'attribute' && unwrap(c.parts.callee.field_('object'))?.text === name);
}

/** The unit's configuration writes, with a module's own `DEBUG` where the module is the configuration. */
function debugConfigWrites(ctx: UnitContext, unit: Unit, file: IndexedFile): ConfigWrite[] {
  const configured = unitConfigWrites(unit, file, ctx.workspace);
  return [...configured, ...selfLoadedDebug(unit, file, configured)];
}

/**
 * `DEBUG = True` in a module that loads itself as the app's configuration (`app.config.from_object(__name__)`,
 * as the old Flask tutorial wrote it): a module-level configuration wherever the file lives.
 */
function selfLoadedDebug(unit: Unit, file: IndexedFile, configured: ConfigWrite[]): ConfigWrite[] {
  const constant = unitFacts(unit).assignments.find((a) => !a.scope && !a.className && a.target.text === 'DEBUG' && !configured.some((w) => w.node === a.node));
  if (!constant || !file.facts.calls.some(loadsOwnModule)) return [];
  return [{ key: 'DEBUG', value: constant.value, node: constant.node, context: { kind: 'module' }, inTests: file.inTests }];
}

function loadsOwnModule(call: CallFact): boolean {
  return call.parts.callee.field_('attribute')?.text === 'from_object' && unwrap(call.parts.positional[0])?.text === '__name__';
}

/**
 * The constant a plain name stands for (`DEBUG = True` above `app.run(debug=DEBUG)`), with the file that sets it:
 * set once, unconditionally, and not the `DEBUG` setting, which is reported (or exempt) where it is set.
 */
function namedConstant(ctx: UnitContext, node: SyntaxNode, scope: FunctionFact | undefined): { value: SyntaxNode; file: IndexedFile } | undefined {
  const name = unwrap(node);
  if (name?.type !== 'identifier' && name?.type !== 'attribute') return undefined;
  const b = ctx.workspace.resolveExpression(ctx.file, name, scope);
  if (b?.kind !== 'value' || !isStatement(b.fact.node)) return undefined;
  const file = b.file;
  const rebound = file.facts.assignments.filter((a) => a.target.text === b.fact.target.text && a.scope === b.fact.scope && a.className === b.fact.className);
  if (rebound.length !== 1) return undefined;
  if (debugConfigWrites(ctx, b.fact.node.unit, file).some((w) => w.key === 'DEBUG' && w.value === b.fact.value)) return undefined;
  return { value: b.fact.value, file };
}

/** An assignment that runs whenever its module or class body does: no branch or loop decides it. */
function isStatement(assignment: SyntaxNode): boolean {
  const statement = assignment.parent?.type === 'expression_statement' ? assignment.parent : assignment;
  // A top-level statement is a unit of its own: it has no parent.
  const home = statement.parent;
  return !home || home.type === 'module' || (home.type === 'block' && home.parent?.type === 'class_definition');
}

/** What an environment fallback reads as "on". */
const ON = /^(1|true|yes|on|y|t)$/i;
/** Calls that keep what the fallback means: `.lower()`, `bool(...)`. */
const SAME_MEANING = /^(lower|upper|casefold|strip|bool|int|str)$/;

interface OnByDefault {
  variable: string;
  dflt: SyntaxNode;
  /** The fallback that means off where it is read: `False`, `''`, or `'0'` under `int(...)`. */
  off: string;
}

/**
 * An environment read whose literal fallback switches debug on, so the
 * debugger runs wherever the variable is not set: `os.getenv('DEBUG', True)`,
 * `os.environ.get('DEBUG', 'true').lower() == 'true'`. RULES.md leaves values
 * from the environment alone; this one comes from the code unless someone
 * sets it, which FG209 reports as a warning for secrets, and so does FG105.
 */
function onByDefault(value: SyntaxNode): OnByDefault | undefined {
  const v = unwrap(value)!;
  const compared = v.type === 'comparison_operator' && /^(==|in)$/.test(v.fields('operators').map((o) => o.text).join(' '));
  const [left, right] = compared ? v.namedChildren : [v];
  const numeric = { seen: false };
  const read = environmentDefault(meaning(left!, numeric));
  if (!read) return undefined;
  const on = compared
    ? !!right && (stringItems(right) ?? [unwrap(right)!.text]).some((a) => a.toLowerCase() === literalText(read.dflt)?.toLowerCase())
    : isTrue(read.dflt) || ON.test(stringValue(read.dflt) ?? '');
  if (!on) return undefined;
  const off = stringValue(unwrap(read.dflt)) === undefined ? 'False' : numeric.seen ? "'0'" : "''";
  return { ...read, off };
}

/** The expression under `.lower()`, `bool(...)` and the like; `numeric` notes an `int(...)` on the way. */
function meaning(expr: SyntaxNode, numeric: { seen: boolean }): SyntaxNode {
  const n = unwrap(expr)!;
  const parts = callParts(n);
  const name = calledName(parts) ?? '';
  if (!parts || !SAME_MEANING.test(name)) return n;
  if (name === 'int') numeric.seen = true;
  const inner = parts.callee.type === 'attribute' && !parts.positional.length ? parts.callee.field_('object') : parts.positional[0];
  return inner ? meaning(inner, numeric) : n;
}

function literalText(node: SyntaxNode): string | undefined {
  const n = unwrap(node)!;
  return stringValue(n) ?? (['true', 'false', 'integer'].includes(n.type) ? n.text : undefined);
}

function fallbackMessage(fallback: OnByDefault): string {
  return `falls back to ${fallback.dflt.text} when \`${fallback.variable}\` is not set, so the Werkzeug debugger runs wherever nobody switched it off; make the fallback off`;
}

function fallbackFix(file: IndexedFile, fallback: OnByDefault): Fix[] {
  return [{ title: 'Default debug mode to off', applicability: 'safe', edits: [{ kind: 'replace', file: file.path, start: fallback.dflt.start, end: fallback.dflt.end, text: fallback.off }] }];
}

/** The file (the checked one unless given) as it is now: fixes are built later than the check ran. */
function current(ctx: UnitContext, file = ctx.file): IndexedFile {
  return ctx.workspace.get(file.path) ?? file;
}

function envFix(file: IndexedFile, value: SyntaxNode): Fix[] {
  const v = unwrap(value);
  if (!v || (v.type !== 'true' && v.type !== 'integer')) return [];
  const edits: Fix['edits'] = [{ kind: 'replace', file: file.path, start: v.start, end: v.end, text: "os.environ.get('FLASK_DEBUG') == '1'" }];
  const imp = ensureModuleImport(file, 'os');
  if (imp) edits.push(imp);
  return [{ title: 'Read debug mode from FLASK_DEBUG', applicability: 'safe', edits }];
}
