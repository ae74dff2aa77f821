import type { ProbeRequest } from './types';

const sensitiveParam = /^(pass(word|wd)?|pwd|secret|token|access_token|api_?key|key|otp|code)$/i;
/** Shorter values would blank unrelated text (a password "admin" inside "/admin"). */
const minSecretLength = 6;

/**
 * Keeps the user's credentials out of logs, reports and curl commands:
 * known secret values are blanked wherever they appear in a header value or
 * snippet, and credential-named query/form fields are blanked by name.
 */
export class Redactor {
  private readonly secrets = new Set<string>();

  addSecret(value: string): void {
    if (value.length >= minSecretLength) {
      this.secrets.add(value);
    }
  }

  text(value: string): string {
    let out = value;
    for (const secret of this.secrets) {
      out = out.split(secret).join('<redacted>');
    }
    return out;
  }

  /** Query or form-encoded fields: credential names are blanked whatever their length. */
  params(query: string): string {
    const params = new URLSearchParams(query);
    for (const [name] of params) {
      if (sensitiveParam.test(name)) {
        params.set(name, '<redacted>');
      }
    }
    return this.text(params.toString().replace(/%3Credacted%3E/g, '<redacted>'));
  }

  url(url: URL): string {
    return url.search ? `${url.origin}${url.pathname}?${this.params(url.search.slice(1))}` : url.href;
  }

  body(request: ProbeRequest): string | undefined {
    if (request.body === undefined) {
      return undefined;
    }
    const type = Object.entries(request.headers ?? {}).find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? '';
    if (type.includes('json')) {
      try {
        return this.text(JSON.stringify(redactJson(JSON.parse(request.body) as unknown)));
      } catch {
        return this.text(request.body);
      }
    }
    return this.params(request.body);
  }

  /** A command the user can paste to see the proof again (with their own credential put back). */
  curl(base: URL, request: ProbeRequest): string {
    const url = this.url(new URL(request.path, base));
    const parts = ['curl', '-i'];
    if (request.method === 'HEAD') {
      parts.push('-I');
    } else if (request.method !== 'GET') {
      parts.push('-X', request.method);
    }
    for (const [name, value] of Object.entries(request.headers ?? {})) {
      parts.push('-H', shellQuote(`${name}: ${this.text(value)}`));
    }
    const body = this.body(request);
    if (body !== undefined) {
      parts.push('--data-raw', shellQuote(body));
    }
    parts.push(shellQuote(url));
    return parts.join(' ');
  }
}

function redactJson(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(redactJson);
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, sensitiveParam.test(k) ? '<redacted>' : redactJson(v)]));
  }
  return value;
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
