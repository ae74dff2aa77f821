import { isIP } from 'node:net';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isSafeMethod(method: string): boolean {
  return safeMethods.has(method.toUpperCase());
}

const destructiveWords = /(delete|remove|drop|reset|shutdown|logout|destroy|purge|wipe|truncate)/i;

/** A path or view name that reads like an action with side effects, even on GET. */
export function looksDestructive(pathOrName: string): boolean {
  return destructiveWords.test(pathOrName);
}

/** Loopback only: 127.0.0.0/8, ::1 and the localhost names; anything else needs the user's confirmation. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) {
    return true;
  }
  if (isIP(host) === 4) {
    return host.startsWith('127.');
  }
  return host === '::1' || host === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(host);
}
