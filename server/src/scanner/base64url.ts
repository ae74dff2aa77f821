/** itsdangerous and JWT both strip base64 padding; Node's decoder accepts that. */
export function fromBase64Url(text: string): Buffer | undefined {
  return /^[A-Za-z0-9_-]*$/.test(text) ? Buffer.from(text, 'base64url') : undefined;
}

export function toBase64Url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

export function parseJsonObject(data: Buffer): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(data.toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
