import { parse as parseSetCookie, type Cookie } from 'set-cookie-parser';
import type { ProbeResponse } from './types';

/** Cookies a response sets, values as sent (Flask session cookies must not be URL-decoded). */
export function responseCookies(response: ProbeResponse): Cookie[] {
  const header = response.headers['set-cookie'];
  if (!header) {
    return [];
  }
  return parseSetCookie(Array.isArray(header) ? header : [header], { decodeValues: false });
}

export function headerValue(response: ProbeResponse, name: string): string | undefined {
  const value = response.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}
