import * as vscode from 'vscode';
import { parseHeader, parseLogin, type LoginSpec } from '../../../server/src/scanner';

/**
 * The identity of a known account for one target origin, as the CLI takes it
 * (`--header`, `--login` with `--login-form`/`--login-json`). `none` is kept
 * too: the user answered, and is not asked again.
 */
export type Credentials =
  | { kind: 'none' }
  | { kind: 'header'; headers: string[] }
  | { kind: 'login'; login: string; form?: string; json?: string };

/** What the scanner is given. */
interface ScanIdentity {
  headers: Record<string, string>;
  login?: LoginSpec;
}

/** One secret holds every origin's credentials: SecretStorage cannot list its keys on older VS Code. */
const secretKey = 'flaskGuard.scan.credentials';

export class CredentialStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  async get(origin: string): Promise<Credentials | undefined> {
    return (await this.all())[origin];
  }

  async set(origin: string, credentials: Credentials): Promise<void> {
    await this.secrets.store(secretKey, JSON.stringify({ ...(await this.all()), [origin]: credentials }));
  }

  async forget(origin: string): Promise<void> {
    const { [origin]: _forgotten, ...rest } = await this.all();
    await this.secrets.store(secretKey, JSON.stringify(rest));
  }

  async origins(): Promise<string[]> {
    return Object.keys(await this.all()).sort();
  }

  private async all(): Promise<Record<string, Credentials>> {
    const text = await this.secrets.get(secretKey);
    if (!text) return {};
    try {
      const parsed: unknown = JSON.parse(text);
      return parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, Credentials>) : {};
    } catch {
      // Nothing useful can be recovered from a damaged entry; the user is simply asked again.
      return {};
    }
  }
}

/** Credentials a caller passed (tests, automation), if they have the stored shape. */
export function credentialsFrom(value: unknown): Credentials | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const { kind, headers, login, form, json } = value as Record<string, unknown>;
  const optional = (v: unknown) => v === undefined || typeof v === 'string';
  if (kind === 'none') return { kind };
  if (kind === 'header' && Array.isArray(headers) && headers.every((h) => typeof h === 'string')) return { kind, headers };
  if (kind === 'login' && typeof login === 'string' && optional(form) && optional(json)) {
    return { kind, login, form: form as string | undefined, json: json as string | undefined };
  }
  return undefined;
}

/** The scanner's identity, through the same parsers as the CLI's options. */
export function toIdentity(credentials: Credentials): ScanIdentity | { error: string } {
  switch (credentials.kind) {
    case 'none':
      return { headers: {} };
    case 'header': {
      const headers: Record<string, string> = {};
      for (const text of credentials.headers) {
        const header = parseHeader(text);
        // The parser's message would quote the secret value.
        if ('error' in header) return { error: 'a header is not "Name: value"' };
        headers[header[0]] = header[1];
      }
      return { headers };
    }
    case 'login': {
      const login = parseLogin(credentials.login, credentials.form, credentials.json);
      return 'error' in login ? { error: `the ${describeCredentials(credentials)} is not "METHOD /path" with a valid body` } : { headers: {}, login };
    }
  }
}

/** For logs and messages: which kind of identity, never its value. */
export function describeCredentials(credentials: Credentials): string {
  switch (credentials.kind) {
    case 'none':
      return 'no credentials';
    case 'header':
      return `header ${credentials.headers.map((h) => h.slice(0, h.indexOf(':')).trim()).join(', ')}`;
    case 'login':
      return `login ${credentials.login.trim()}${credentials.form !== undefined ? ' (form)' : credentials.json !== undefined ? ' (JSON)' : ''}`;
  }
}

/** Asks which identity to scan `origin` with; undefined when the user dismissed a step. */
export async function askCredentials(origin: string): Promise<Credentials | undefined> {
  const items: (vscode.QuickPickItem & { answer: Credentials['kind'] })[] = [
    { answer: 'none', label: '$(circle-slash) No credentials', detail: 'Scan as an anonymous visitor.' },
    { answer: 'header', label: '$(key) A header', detail: 'Sent with the scan\'s authenticated probes, e.g. "Authorization: Bearer …".' },
    { answer: 'login', label: '$(sign-in) A login', detail: 'The scanner logs in once (e.g. POST /login with a form or JSON body) and keeps the cookies or token it gets.' },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: `Flask Guard: credentials of a known account on ${origin}`,
    placeHolder: 'Asked once per app, kept in secret storage ("Forget Scan Credentials…" asks again)',
    ignoreFocusOut: true,
  });
  switch (picked?.answer) {
    case undefined:
      return undefined;
    case 'none':
      return { kind: 'none' };
    case 'header':
      return askHeader();
    case 'login':
      return askLogin();
  }
}

async function askHeader(): Promise<Credentials | undefined> {
  const text = await vscode.window.showInputBox({
    title: 'Flask Guard: header of a known account',
    prompt: 'One header, "Name: value". It is kept in secret storage and redacted in the log, the view and reports.',
    placeHolder: 'Authorization: Bearer …',
    password: true,
    ignoreFocusOut: true,
    // The parser's own message quotes the value, which is a secret here.
    validateInput: (value) => ('error' in parseHeader(value) ? 'Write one header as "Name: value", on one line.' : undefined),
  });
  return text === undefined ? undefined : { kind: 'header', headers: [text] };
}

async function askLogin(): Promise<Credentials | undefined> {
  const login = await vscode.window.showInputBox({
    title: 'Flask Guard: login request',
    prompt: 'The request that logs in, "METHOD /path". It is the only non-GET request a scan sends.',
    placeHolder: 'POST /login',
    ignoreFocusOut: true,
    validateInput: (value) => {
      const spec = parseLogin(value);
      return 'error' in spec ? spec.error : undefined;
    },
  });
  if (login === undefined) return undefined;
  const bodies = [
    { label: 'Form fields', detail: 'username=alice&password=…', body: 'form' as const },
    { label: 'JSON', detail: '{"username": "alice", "password": "…"}', body: 'json' as const },
    { label: 'No body', detail: 'The request carries no data.', body: undefined },
  ];
  const kind = await vscode.window.showQuickPick(bodies, { title: `Flask Guard: body of ${login.trim()}`, ignoreFocusOut: true });
  if (!kind) return undefined;
  if (!kind.body) return { kind: 'login', login };
  const body = kind.body;
  const text = await vscode.window.showInputBox({
    title: `Flask Guard: ${kind.label.toLowerCase()} of ${login.trim()}`,
    prompt: 'Kept in secret storage; password-like fields are redacted in the log, the view and reports.',
    placeHolder: kind.detail,
    password: true,
    ignoreFocusOut: true,
    // The parser's own message quotes the body, which holds a password.
    validateInput: (value) => (body === 'json' && 'error' in parseLogin(login, undefined, value) ? 'This is not valid JSON.' : undefined),
  });
  if (text === undefined) return undefined;
  return body === 'json' ? { kind: 'login', login, json: text } : { kind: 'login', login, form: text };
}
