import { unitFacts } from '../../analysis/facts';
import { isAuthCookie } from '../../analysis/app-facts';
import { unitConfigWrites, type ConfigWrite } from '../../analysis/config';
import { callParts, dottedName, isFalse, lastName, stringValue, unwrap, type CallParts } from '../../analysis/python';
import type { SyntaxNode } from '../../analysis/syntax';
import type { IndexedFile } from '../../analysis/workspace';
import type { Fix } from '../types';
import { defineRule } from '../types';
import { inheritanceNote, onlyInTestConfiguration } from './test-configurations';

/**
 * Flags that must be on, and whether turning them on can break plain-HTTP development setups. Flask-JWT-Extended's
 * `set_access_cookies` marks the token cookie `Secure` only as `JWT_COOKIE_SECURE` says.
 */
const FLAGS: Record<string, { http: boolean }> = {
  SESSION_COOKIE_SECURE: { http: true },
  REMEMBER_COOKIE_SECURE: { http: true },
  JWT_COOKIE_SECURE: { http: true },
  SESSION_COOKIE_HTTPONLY: { http: false },
  REMEMBER_COOKIE_HTTPONLY: { http: false },
};
const SAMESITE = new Set(['SESSION_COOKIE_SAMESITE', 'REMEMBER_COOKIE_SAMESITE']);

function isNoneSameSite(value: SyntaxNode): boolean {
  const v = unwrap(value);
  return v?.type === 'none' || stringValue(v)?.toLowerCase() === 'none';
}

/** `client.set_cookie(...)`, `app.test_client().set_cookie(...)`: a cookie a test sends, not one the app hands out. */
function testClientCookie(callee: SyntaxNode): boolean {
  const receiver = unwrap(callee.field_('object'));
  return /client$/i.test(lastName(dottedName(receiver)) ?? '') || lastName(callParts(receiver)?.name) === 'test_client';
}

function configFinding(w: ConfigWrite, file: string): { message: string; fix: Fix } | undefined {
  const replace = (text: string, applicability: Fix['applicability'], title: string): Fix => ({
    title, applicability, edits: [{ kind: 'replace', file, start: w.value.start, end: w.value.end, text }],
  });
  const flag = FLAGS[w.key];
  if (flag && isFalse(w.value)) {
    const what = w.key.endsWith('SECURE') ? 'the cookie is also sent over plain HTTP, where anyone on the network can read it' : 'scripts on the page (and any XSS) can read it';
    return {
      message: `\`${w.key} = ${w.value.text}\`: ${what}; set it to True`,
      fix: replace('True', flag.http ? 'unsafe' : 'safe', `Set \`${w.key} = True\``),
    };
  }
  if (SAMESITE.has(w.key) && isNoneSameSite(w.value)) {
    return {
      message: `\`${w.key}\` is None: browsers send the cookie with requests from any site, which opens the door to CSRF; use 'Lax'`,
      fix: replace("'Lax'", 'unsafe', `Set \`${w.key} = 'Lax'\``),
    };
  }
  return undefined;
}

/** `secure=app.debug`, `secure=app.config['DEBUG']`: the flag is on only where the app runs in debug mode, off in production. */
function debugOnly(flag: SyntaxNode): boolean {
  const v = unwrap(flag);
  const key = v?.type === 'subscript' ? stringValue(v.field_('subscript')) : lastName(dottedName(v));
  return /^(debug|testing)$/i.test(key ?? '');
}

/** `set_cookie('auth_token', '')` clears the cookie (with or without `expires=0`): nothing secret travels, whatever the flags. */
function clearsCookie(parts: CallParts): boolean {
  const value = parts.positional[1] ?? parts.keywords.get('value');
  return !value || stringValue(value) === '';
}

/** `set_cookie('auth_token', token)` without both `secure=True` and `httponly=True`. */
function cookieFinding(file: IndexedFile, name: string, keywords: ReadonlyMap<string, SyntaxNode>, args: SyntaxNode | undefined): { message: string; fix?: Fix } | undefined {
  // A non-literal flag (`secure=not app.debug`) is the author's decision; only missing, constant-false or debug-only flags count.
  const missing = ['secure', 'httponly'].filter((k) => !keywords.has(k) || isFalse(keywords.get(k)) || debugOnly(keywords.get(k)!));
  if (!missing.length) return undefined;
  const risks = missing.map((m) => (m === 'httponly' ? 'scripts on the page can read it' : 'it travels over plain HTTP'));
  const message = `Cookie \`${name}\` is set without ${missing.map((m) => `\`${m}=True\``).join(' and ')}: ${risks.join(' and ')}; set both flags`;
  if (!args) return { message };
  const edits: Fix['edits'] = [];
  const add: string[] = [];
  for (const k of missing) {
    const existing = keywords.get(k);
    if (existing) edits.push({ kind: 'replace', file: file.path, start: existing.start, end: existing.end, text: 'True' });
    else add.push(`${k}=True`);
  }
  if (add.length) {
    // The copies keep no punctuation: the closing parenthesis and a trailing comma are read from the text.
    const close = args.end - 1;
    const before = args.namedChildren.filter((c) => c.type !== 'comment').at(-1);
    const trailingComma = before !== undefined && /^\s*,/.test(args.unit.text.slice(before.re, args.re - 1));
    const at = trailingComma ? close : (before?.end ?? close);
    edits.push({ kind: 'replace', file: file.path, start: at, end: at, text: `${trailingComma ? ' ' : ', '}${add.join(', ')}${trailingComma ? ',' : ''}` });
  }
  return { message, fix: { title: `Set ${missing.map((m) => `\`${m}=True\``).join(' and ')} on \`${name}\``, applicability: 'unsafe', edits } };
}

export default defineRule({
  meta: {
    code: 'FG305',
    name: 'insecure-session-cookie',
    family: 'session-and-design',
    severity: 'warning',
    cwe: [614, 1004, 1275],
    summary: 'The session, remember-me or JWT cookie is configured without Secure/HttpOnly or with SameSite=None, or an auth cookie is set without both flags.',
    fix: { availability: 'always', applicability: 'unsafe', title: 'Turn the flag on' },
    docs: {
      whatItDoes:
        'Reports `SESSION_COOKIE_SECURE`, `SESSION_COOKIE_HTTPONLY`, `REMEMBER_COOKIE_SECURE`, `REMEMBER_COOKIE_HTTPONLY` and ' +
        "Flask-JWT-Extended's `JWT_COOKIE_SECURE` (the token cookie `set_access_cookies` sets) set to False, " +
        '`SESSION_COOKIE_SAMESITE` (or `REMEMBER_COOKIE_SAMESITE`) set to None or "None", in every configuration form, and ' +
        '`response.set_cookie(...)` of a session, token or auth cookie without both `secure=True` and `httponly=True`. Test ' +
        'configurations are not reported; a development configuration is (it is often the default one, and what ships). A CSRF double-submit cookie ' +
        '(`csrf_token`, `XSRF-TOKEN`) is meant to be read by scripts and is not reported, nor is a cookie being cleared or ' +
        'deleted (`set_cookie(name, "")`, with or without `expires=0`, `delete_cookie(name)`): it carries no value.',
      whyIsThisBad:
        'Without `Secure` the browser also sends the cookie over plain HTTP, where anyone on the network path can copy the ' +
        'session. Without `HttpOnly` any script injected into the page (XSS) can read and exfiltrate it. `SameSite=None` sends it ' +
        'on cross-site requests, so other sites can act with the user\'s session.',
      example: ['class Config:', '    SESSION_COOKIE_SECURE = False', ''].join('\n'),
      useInstead: ['import os', '', '', 'class Config:', '    # Off only where the environment says so (a local http server), never in the code that ships.', "    SESSION_COOKIE_SECURE = os.environ.get('SESSION_COOKIE_SECURE', '1') == '1'", ''].join('\n'),
      fixSafety:
        'Turning `Secure` on (and adding `secure=True` to `set_cookie`) is unsafe: over plain HTTP, as on many development setups, ' +
        'the browser stops sending the cookie and login appears broken. `SameSite` from None to Lax is unsafe: cross-site embeds ' +
        'or POST-backs that relied on the cookie stop working. Turning `HttpOnly` on in the configuration is safe: Flask\'s ' +
        'session and Flask-Login\'s remember cookie are never meant to be read by scripts.',
      references: ['https://flask.palletsprojects.com/en/latest/security/#set-cookie-options', 'https://owasp.org/www-community/controls/SecureCookieAttribute'],
    },
  },
  checkUnit(unit, ctx) {
    const { file } = ctx;
    for (const w of unitConfigWrites(unit, file, ctx.workspace)) {
      // Test configurations never serve anyone. A development one does (locally, and often as the default that ships):
      // RULES.md exempts it from FG105's `DEBUG` only, so `Secure` off there is reported like anywhere else.
      if (onlyInTestConfiguration(w, file, ctx.workspace)) continue;
      const found = configFinding(w, (w.valueFile ?? file).path);
      if (found) ctx.report(file, w.node, found.message + inheritanceNote(w, file, ctx.workspace), { fixes: [found.fix] });
    }
    // A throwaway app in a test hands its cookies to the test client only.
    if (file.inTests) return;
    for (const call of unitFacts(unit).calls) {
      if (call.parts.callee.type !== 'attribute' || call.parts.callee.field_('attribute')?.text !== 'set_cookie' || call.parts.splat || testClientCookie(call.parts.callee)) continue;
      const name = stringValue(call.parts.positional[0] ?? call.parts.keywords.get('key'));
      if (!name || !isAuthCookie(name) || clearsCookie(call.parts)) continue;
      const found = cookieFinding(file, name, call.parts.keywords, unwrap(call.node)?.field_('arguments'));
      if (found) ctx.report(file, call.node, found.message, { fixes: found.fix ? [found.fix] : [] });
    }
  },
});
