/** Loads a project from disk into an engine: what the CLI and the route map start from. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadPythonParser } from '../analysis/parser';
import { ALL_RULES } from '../rules';
import { Engine } from './engine';
import { discoverPythonFiles, readPythonFile, type SkippedFile } from './files';
import { readPyproject } from './pyproject';
import { defaultSettings, mergeSettings, type EngineSettings } from './settings';

export interface LoadedProject {
  engine: Engine;
  root: string;
  skipped: SkippedFile[];
  /** One-line problems the user must fix (bad path, bad pyproject section). */
  errors: string[];
}

/** The folder that holds all the paths (the import root for module names). */
export function commonRoot(cwd: string, paths: readonly string[]): string {
  const dirs = paths.map((p) => {
    const full = path.resolve(cwd, p);
    try {
      return fs.statSync(full).isDirectory() ? full : path.dirname(full);
    } catch {
      return path.dirname(full);
    }
  });
  if (!dirs.length) return cwd;
  let root = dirs[0]!;
  for (const d of dirs.slice(1)) while (!(d + path.sep).startsWith(root + path.sep) && root !== path.dirname(root)) root = path.dirname(root);
  return root;
}

/** `incremental: false` for one-shot runs (the CLI), which never edit: no bookkeeping for later passes. */
export async function loadProject(cwd: string, paths: readonly string[], overrides: Partial<EngineSettings> = {}, options = { incremental: true }): Promise<LoadedProject> {
  const targets = paths.length ? paths : ['.'];
  const root = commonRoot(cwd, targets);
  const errors: string[] = [];
  const py = readPyproject(root);
  let settings = defaultSettings();
  if (py.ok) settings = mergeSettings(settings, py.settings);
  else errors.push(py.error);
  settings = mergeSettings(settings, overrides);
  const parser = await loadPythonParser();
  const engine = new Engine(parser, root, ALL_RULES, settings, options);
  const found = discoverPythonFiles(cwd, targets, settings.exclude);
  errors.push(...found.errors);
  const skipped = [...found.skipped];
  for (const file of found.files) {
    const read = readPythonFile(file, settings.maxFileSize);
    if (!read.ok) {
      skipped.push({ path: file, reason: read.reason });
      continue;
    }
    engine.setFile(file, read.text, false);
  }
  return { engine, root, skipped, errors };
}
