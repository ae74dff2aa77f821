/** Where a snippet's text sits, 1-based, so tables name the code they expect a finding on instead of counting lines. */
export function at(code: string, needle: string, nth = 0): { line: number; column: number } {
  let index = -1;
  for (let i = 0; i <= nth; i++) {
    index = code.indexOf(needle, index + 1);
    if (index < 0) throw new Error(`"${needle}" not in snippet`);
  }
  const before = code.slice(0, index);
  const line = before.split('\n').length;
  return { line, column: index - before.lastIndexOf('\n') };
}

export function lines(...l: string[]): string {
  return l.join('\n') + '\n';
}
