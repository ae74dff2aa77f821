/** What a CLI command may touch, so tests can run commands in-process. */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export const processIO: CliIO = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  env: process.env,
};

/** Exit codes shared by every command. */
/** `internal`: the tool failed, or a rule failed on some file so the check is incomplete. */
export const ExitCode = { ok: 0, findings: 1, usage: 2, internal: 3 } as const;
