/** Engine settings: the union of editor settings and `[tool.flask-guard]` in pyproject.toml. */
import type { Severity } from '../rules/types';

export type RuleLevel = Severity | 'off';

export interface EngineSettings {
  enable: boolean;
  authDecorators: string[];
  publicRoutes: string[];
  /** Per-rule level overrides: `{ FG102: 'off', FG104: 'warning' }`. */
  rules: Record<string, RuleLevel>;
  exclude: string[];
  /** Files larger than this (bytes) are skipped with a note. */
  maxFileSize: number;
}

export const DEFAULT_EXCLUDES = ['**/.git/**', '**/venv/**', '**/.venv/**', '**/node_modules/**', '**/site-packages/**', '**/migrations/**', '**/__pycache__/**', '**/.tox/**'];

export function defaultSettings(): EngineSettings {
  return { enable: true, authDecorators: [], publicRoutes: [], rules: {}, exclude: [], maxFileSize: 5 * 1024 * 1024 };
}

/** Later sources win field by field; lists from `overrides` replace, rule maps merge. */
export function mergeSettings(base: EngineSettings, overrides: Partial<EngineSettings>): EngineSettings {
  return {
    enable: overrides.enable ?? base.enable,
    authDecorators: overrides.authDecorators ?? base.authDecorators,
    publicRoutes: overrides.publicRoutes ?? base.publicRoutes,
    rules: { ...base.rules, ...(overrides.rules ?? {}) },
    exclude: overrides.exclude ?? base.exclude,
    maxFileSize: overrides.maxFileSize ?? base.maxFileSize,
  };
}
