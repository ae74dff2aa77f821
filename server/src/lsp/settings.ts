/** Editor settings (`flaskGuard.*`) read per workspace folder and merged over pyproject.toml. */
import type { Connection } from 'vscode-languageserver/node';
import { readPyproject } from '../engine/pyproject';
import { defaultSettings, mergeSettings, type EngineSettings, type RuleLevel } from '../engine/settings';

export type DiagnosticsScope = 'workspace' | 'openFiles';

export interface ServerSettings {
  engine: EngineSettings;
  scope: DiagnosticsScope;
  /** A problem with pyproject.toml, shown once in the log and the status item. */
  problem?: string;
}

interface EditorSection {
  enable?: boolean;
  diagnostics?: { scope?: string };
  authDecorators?: string[];
  publicRoutes?: string[];
  rules?: Record<string, string>;
  exclude?: string[];
  maxFileSize?: number;
}

const LEVELS = new Set(['error', 'warning', 'info', 'hint', 'off']);

/** Editor settings win over pyproject.toml, which wins over the defaults. */
export async function readSettings(connection: Connection, folderUri: string, folderPath: string, canAsk: boolean): Promise<ServerSettings> {
  const py = readPyproject(folderPath);
  let engine = defaultSettings();
  if (py.ok) engine = mergeSettings(engine, py.settings);
  let section: EditorSection = {};
  if (canAsk) {
    try {
      section = ((await connection.workspace.getConfiguration({ scopeUri: folderUri, section: 'flaskGuard' })) as EditorSection | null) ?? {};
    } catch {
      section = {};
    }
  }
  const rules: Record<string, RuleLevel> = {};
  for (const [code, level] of Object.entries(section.rules ?? {})) if (LEVELS.has(level)) rules[code.toUpperCase()] = level as RuleLevel;
  const fromEditor: Partial<EngineSettings> = {
    ...(typeof section.enable === 'boolean' && { enable: section.enable }),
    ...(Array.isArray(section.authDecorators) && section.authDecorators.length && { authDecorators: [...(py.ok ? (py.settings.authDecorators ?? []) : []), ...section.authDecorators] }),
    ...(Array.isArray(section.publicRoutes) && section.publicRoutes.length && { publicRoutes: [...(py.ok ? (py.settings.publicRoutes ?? []) : []), ...section.publicRoutes] }),
    ...(Array.isArray(section.exclude) && section.exclude.length && { exclude: [...(py.ok ? (py.settings.exclude ?? []) : []), ...section.exclude] }),
    ...(typeof section.maxFileSize === 'number' && section.maxFileSize > 0 && { maxFileSize: section.maxFileSize }),
    rules,
  };
  engine = mergeSettings(engine, fromEditor);
  return { engine, scope: section.diagnostics?.scope === 'openFiles' ? 'openFiles' : 'workspace', ...(!py.ok && { problem: py.error }) };
}
