import { environmentDefault, unitConfigWrites } from '../../analysis/config';
import { callParts, dottedName, lastName, stringValue, unwrap, type CallParts } from '../../analysis/python';
import type { SyntaxNode } from '../../analysis/syntax';
import type { IndexedFile, Workspace } from '../../analysis/workspace';
import { ensureImport } from '../../fixes/imports';
import type { Fix } from '../types';
import { defineRule } from '../types';
import { inheritanceNote, onlyInTestConfiguration } from './test-configurations';

const DAY = 86_400;
const LIMIT_DAYS = 30;
/** The replacement each setting gets: a week of session, two of remember-me, a quarter hour of access token. */
const SAFE_VALUE: Record<string, string> = {
  PERMANENT_SESSION_LIFETIME: 'timedelta(days=7)',
  REMEMBER_COOKIE_DURATION: 'timedelta(days=14)',
  JWT_ACCESS_TOKEN_EXPIRES: 'timedelta(minutes=15)',
};
const TIMEDELTA_UNITS: [string, number][] = [['days', DAY], ['seconds', 1], ['microseconds', 1e-6], ['milliseconds', 1e-3], ['minutes', 60], ['hours', 3600], ['weeks', 7 * DAY]];

/** How a lifetime expression's names are read in the file that holds it. */
export interface LifetimeNames {
  /** The module constant a name stands for, with the names of the file that assigns it. */
  value(name: string): { node: SyntaxNode; names: LifetimeNames } | undefined;
  /** Whether a callee is `datetime.timedelta`, however the file imported it. */
  isTimedelta(name: string): boolean;
}

/**
 * Seconds a lifetime expression stands for: numbers (seconds), `timedelta(...)`,
 * arithmetic on them and module constants, and the default of an environment read (`int(os.getenv('TTL', 86400))`),
 * which is what runs wherever the variable is not set. Undefined when not constant.
 */
export function lifetimeSeconds(node: SyntaxNode | undefined, resolve: LifetimeNames, depth = 0): number | undefined {
  const n = unwrap(node);
  if (!n || depth > 5) return undefined;
  if (n.type === 'integer' || n.type === 'float') {
    const v = Number(n.text.replace(/_/g, ''));
    return Number.isFinite(v) ? v : undefined;
  }
  const numeric = stringValue(n);
  if (numeric !== undefined) return /^\d+$/.test(numeric) ? Number(numeric) : undefined;
  const read = environmentDefault(n);
  if (read) return lifetimeSeconds(read.dflt, resolve, depth + 1);
  if (n.type === 'binary_operator') {
    const l = lifetimeSeconds(n.field_('left'), resolve, depth + 1);
    const r = lifetimeSeconds(n.field_('right'), resolve, depth + 1);
    if (l === undefined || r === undefined) return undefined;
    const op = n.field_('operator')?.text ?? n.children.find((c) => !c.named)?.text;
    return op === '*' ? l * r : op === '+' ? l + r : op === '-' ? l - r : op === '//' || op === '/' ? (r ? l / r : undefined) : undefined;
  }
  const parts = callParts(n);
  if (parts) {
    if ((parts.name === 'int' || parts.name === 'float') && parts.positional.length === 1) return lifetimeSeconds(parts.positional[0], resolve, depth + 1);
    if (!parts.name || !resolve.isTimedelta(parts.name) || parts.splat) return undefined;
    let total = 0;
    for (let i = 0; i < parts.positional.length; i++) {
      const v = lifetimeSeconds(parts.positional[i], resolve, depth + 1);
      const unit = TIMEDELTA_UNITS[i];
      if (v === undefined || !unit) return undefined;
      total += v * unit[1];
    }
    for (const [key, value] of parts.keywords) {
      const unit = TIMEDELTA_UNITS.find(([k]) => k === key);
      const v = lifetimeSeconds(value, resolve, depth + 1);
      if (!unit || v === undefined) return undefined;
      total += v * unit[1];
    }
    return total;
  }
  const name = dottedName(n);
  const constant = name ? resolve.value(name) : undefined;
  if (constant) return lifetimeSeconds(constant.node, constant.names, depth + 1);
  return undefined;
}

function describe(seconds: number): string {
  const days = seconds / DAY;
  return Number.isInteger(days) ? `${days} days` : `${days.toFixed(1)} days`;
}

/** `timedelta(...)` as this file can write it (under the name it imported, `td` or `dt.timedelta`), and the import it needs. */
function timedeltaFix(file: IndexedFile, value: SyntaxNode, key: string): Fix {
  const text = SAFE_VALUE[key]!;
  const spelling = timedeltaSpelling(file);
  const written = spelling ? text.replace('timedelta', spelling) : text;
  const edits: Fix['edits'] = [{ kind: 'replace', file: file.path, start: value.start, end: value.end, text: written }];
  if (!spelling) {
    const imp = ensureImport(file, 'datetime', 'timedelta');
    if (imp) edits.push(imp);
  }
  return { title: `Set \`${key}\` to \`${text}\``, applicability: 'unsafe', edits };
}

/** The name this file already reaches `datetime.timedelta` by, if any. */
function timedeltaSpelling(file: IndexedFile): string | undefined {
  const imports = file.facts.imports.filter((i) => i.module === 'datetime');
  const member = imports.find((i) => i.member === 'timedelta' || i.member === '*');
  if (member) return member.member === '*' ? 'timedelta' : member.local;
  const module = imports.find((i) => !i.member);
  return module && `${module.local}.timedelta`;
}

/** `login_user(user, remember=...)` with `remember` not left out or False: without it Flask-Login ignores `duration`. */
function remembers(parts: CallParts): boolean {
  const remember = unwrap(parts.keywords.get('remember') ?? parts.positional[1]);
  return !!remember && remember.type !== 'false';
}

function lifetimeNames(workspace: Workspace, file: IndexedFile): LifetimeNames {
  return {
    value(name) {
      const b = workspace.resolveDotted(file, name);
      return b?.kind === 'value' ? { node: b.fact.value, names: lifetimeNames(workspace, b.file) } : undefined;
    },
    isTimedelta(name) {
      const b = workspace.resolveDotted(file, name);
      if (b) return b.kind === 'external' && b.qualified === 'datetime.timedelta';
      // Unresolved: `from datetime import *` (the workspace knows no library's star exports but Flask's), or an
      // import it cannot see (inside a function); the spelling is then the best evidence left.
      return lastName(name) === 'timedelta';
    },
  };
}

export default defineRule({
  meta: {
    code: 'FG306',
    name: 'long-session-lifetime',
    family: 'session-and-design',
    severity: 'warning',
    cwe: [613],
    summary: 'Sessions, remember-me cookies or access tokens stay valid for more than 30 days, or access tokens never expire.',
    fix: { availability: 'always', applicability: 'unsafe', title: 'Shorten the lifetime' },
    docs: {
      whatItDoes:
        'Reports `PERMANENT_SESSION_LIFETIME`, `REMEMBER_COOKIE_DURATION` and `JWT_ACCESS_TOKEN_EXPIRES` set to more than 30 days ' +
        '(`timedelta(...)`, seconds, arithmetic, module constants and the default of an environment read are evaluated), and `JWT_ACCESS_TOKEN_EXPIRES = False`, in ' +
        'every configuration form, and the same lifetimes given per token (`create_access_token(..., expires_delta=False)`) or per ' +
        'login (Flask-Login\'s `login_user(user, remember=True, duration=...)`). ' +
        'Exactly 30 days is accepted. Test configurations are not reported.',
      whyIsThisBad:
        'A stolen session cookie, remember-me cookie or bearer token works until it expires. Lifetimes of months or years (or ' +
        'never) turn one leak (a shared computer, a log line, an XSS) into lasting access, and logging out elsewhere or ' +
        'changing the password does not end a stateless session.',
      example: ['from datetime import timedelta', '', '', 'class Config:', '    PERMANENT_SESSION_LIFETIME = timedelta(days=365)', ''].join('\n'),
      useInstead: ['from datetime import timedelta', '', '', 'class Config:', '    PERMANENT_SESSION_LIFETIME = timedelta(days=7)', ''].join('\n'),
      fixSafety:
        'Unsafe: users are asked to log in again sooner, and API clients holding non-expiring tokens must refresh them. The fix ' +
        'writes a week for sessions, two weeks for remember-me cookies and 15 minutes for access tokens (pair it with refresh tokens).',
      references: ['https://flask.palletsprojects.com/en/latest/config/#PERMANENT_SESSION_LIFETIME', 'https://flask-jwt-extended.readthedocs.io/en/stable/options.html#JWT_ACCESS_TOKEN_EXPIRES'],
    },
  },
  checkUnit(unit, ctx) {
    const { file } = ctx;
    // `valueFile` holds the value: a settings dict applied from another module.
    const check = (key: string, value: SyntaxNode, node: SyntaxNode, what: string, valueFile = file, note = '') => {
      if (key === 'JWT_ACCESS_TOKEN_EXPIRES' && unwrap(value)?.type === 'false') {
        ctx.report(file, node, `${what}${note} issues access tokens that never expire; give them a short lifetime and refresh them`, { fixes: [timedeltaFix(valueFile, value, key)] });
        return;
      }
      const seconds = lifetimeSeconds(value, lifetimeNames(ctx.workspace, valueFile));
      if (seconds === undefined || seconds <= LIMIT_DAYS * DAY) return;
      const stolen = key === 'JWT_ACCESS_TOKEN_EXPIRES' ? 'a stolen access token' : key === 'REMEMBER_COOKIE_DURATION' ? 'a stolen remember-me cookie' : 'a stolen session cookie';
      ctx.report(file, node, `${what}${note} is ${describe(seconds)}: ${stolen} stays valid that long; keep it to ${LIMIT_DAYS} days or less`, { fixes: [timedeltaFix(valueFile, value, key)] });
    };
    for (const w of unitConfigWrites(unit, file, ctx.workspace)) {
      if (!(w.key in SAFE_VALUE) || onlyInTestConfiguration(w, file, ctx.workspace)) continue;
      check(w.key, w.value, w.node, unwrap(w.value)?.type === 'false' ? `\`${w.key} = False\`` : `\`${w.key}\``, w.valueFile, inheritanceNote(w, file, ctx.workspace));
    }
    // `create_access_token(identity, expires_delta=False)` sets the lifetime per token, Flask-Login's
    // `login_user(user, remember=True, duration=...)` the remember-me cookie's per login.
    if (file.inTests) return;
    for (const n of unit.root.find('call')) {
      const parts = callParts(n)!;
      const name = lastName(parts.name);
      const expires = parts.keywords.get('expires_delta');
      if (expires && name === 'create_access_token') check('JWT_ACCESS_TOKEN_EXPIRES', expires, n, unwrap(expires)?.type === 'false' ? '`expires_delta=False`' : '`expires_delta`');
      const duration = parts.keywords.get('duration') ?? parts.positional[2];
      if (duration && name === 'login_user' && remembers(parts)) check('REMEMBER_COOKIE_DURATION', duration, n, "`login_user(..., duration=...)`'s remember-me lifetime");
    }
  },
});
