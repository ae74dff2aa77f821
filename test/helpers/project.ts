/** Real projects on disk for CLI and language-server tests: temp folders that clean themselves up. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

export interface TempProject {
  dir: string;
  /** Absolute path of a project file. */
  file(name: string): string;
  read(name: string): string;
  write(name: string, content: string | Buffer): void;
  remove(): void;
}

/**
 * Writes `files` under a new folder in os.tmpdir(). Pass `t` (a node:test
 * context) to remove it when the test ends, pass or fail.
 */
export function tempProject(files: Record<string, string | Buffer>, t?: { after(fn: () => void): void }): TempProject {
  // realpath: macOS and some CI images put tmpdir behind a symlink, and the tools print real paths.
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'flask-guard-test-')));
  const project: TempProject = {
    dir,
    file: (name) => path.join(dir, name),
    read: (name) => fs.readFileSync(path.join(dir, name), 'utf8'),
    write: (name, content) => {
      const full = path.join(dir, name);
      fs.mkdirSync(path.dirname(full), { recursive: true });
      fs.writeFileSync(full, content);
    },
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
  for (const [name, content] of Object.entries(files)) project.write(name, content);
  t?.after(() => project.remove());
  return project;
}

/** A stack frame line, as node prints them: what users must never see on stderr. */
export const STACK_FRAME = /^\s+at .+(:\d+:\d+\)?|\(native\))$/m;
