/** `[tool.flask-guard]` in pyproject.toml: the settings the CLI and the editor share. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { EngineSettings, RuleLevel } from './settings';

// smol-toml ships a CommonJS build but types it as ESM only; load that build and borrow its types.
const { parse } = require('smol-toml') as typeof import('smol-toml');

export type PyprojectResult = { ok: true; settings: Partial<EngineSettings>; file?: string } | { ok: false; error: string };

const LEVELS = new Set(['error', 'warning', 'info', 'hint', 'off']);

/** Reads the nearest pyproject.toml at or above `dir` (up to the filesystem root). */
export function readPyproject(dir: string): PyprojectResult {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const file = path.join(d, 'pyproject.toml');
    if (fs.existsSync(file)) return parsePyproject(file, fs.readFileSync(file, 'utf8'));
    if (path.dirname(d) === d) return { ok: true, settings: {} };
  }
}

export function parsePyproject(file: string, text: string): PyprojectResult {
  let doc: Record<string, unknown>;
  try {
    doc = parse(text) as Record<string, unknown>;
  } catch (e) {
    return { ok: false, error: `${file}: not valid TOML: ${(e as Error).message.split('\n')[0]}` };
  }
  const section = (doc['tool'] as Record<string, unknown> | undefined)?.['flask-guard'];
  if (section === undefined) return { ok: true, settings: {}, file };
  if (typeof section !== 'object' || section === null || Array.isArray(section)) return { ok: false, error: `${file}: [tool.flask-guard] must be a table` };
  const s = section as Record<string, unknown>;
  const settings: Partial<EngineSettings> = {};
  const problems: string[] = [];
  const strings = (key: string): string[] | undefined => {
    const v = s[key];
    if (v === undefined) return undefined;
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
    problems.push(`${key} must be a list of strings`);
    return undefined;
  };
  const known = new Set(['enable', 'auth-decorators', 'public-routes', 'rules', 'exclude', 'max-file-size']);
  for (const key of Object.keys(s)) if (!known.has(key)) problems.push(`unknown key "${key}" (known: ${[...known].join(', ')})`);
  if (s['enable'] !== undefined) {
    if (typeof s['enable'] === 'boolean') settings.enable = s['enable'];
    else problems.push('enable must be true or false');
  }
  const auth = strings('auth-decorators');
  if (auth) settings.authDecorators = auth;
  const pub = strings('public-routes');
  if (pub) settings.publicRoutes = pub;
  const exclude = strings('exclude');
  if (exclude) settings.exclude = exclude;
  if (s['max-file-size'] !== undefined) {
    if (typeof s['max-file-size'] === 'number' && s['max-file-size'] > 0) settings.maxFileSize = s['max-file-size'];
    else problems.push('max-file-size must be a positive number of bytes');
  }
  if (s['rules'] !== undefined) {
    const rules = s['rules'];
    if (typeof rules !== 'object' || rules === null || Array.isArray(rules)) problems.push('rules must be a table of CODE = "error|warning|info|hint|off"');
    else {
      settings.rules = {};
      for (const [code, level] of Object.entries(rules)) {
        if (!/^FG\d{3}$/.test(code)) problems.push(`rules: "${code}" is not a rule code (FGnnn)`);
        else if (typeof level !== 'string' || !LEVELS.has(level)) problems.push(`rules.${code} must be one of error, warning, info, hint, off`);
        else settings.rules[code] = level as RuleLevel;
      }
    }
  }
  if (problems.length) return { ok: false, error: `${file}: [tool.flask-guard] ${problems.join('; ')}` };
  return { ok: true, settings, file };
}
