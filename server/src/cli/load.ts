/** Loading the files a command was given, with the notes and errors every command prints the same way. */
import * as path from 'node:path';
import { loadProject, type LoadedProject } from '../engine/project';
import type { CliIO } from './io';

/** The loaded project, or undefined after printing its one-line errors (the caller exits 2). */
export async function loadForCommand(io: CliIO, paths: readonly string[], exclude: readonly string[]): Promise<LoadedProject | undefined> {
  const project = await loadProject(io.cwd, paths, { ...(exclude.length && { exclude: [...exclude] }) }, { incremental: false });
  for (const error of project.errors) io.stderr(`flask-guard: ${error}\n`);
  if (project.errors.length) return undefined;
  for (const s of project.skipped) io.stderr(`flask-guard: skipped ${path.relative(io.cwd, s.path) || s.path}: ${s.reason}\n`);
  return project;
}
