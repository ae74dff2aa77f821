/**
 * Orders strings by UTF-16 code units. `localeCompare` would make reports sort
 * differently on machines with other locales, and its first call maps ICU's
 * collation tables (about 4 MB of the language server's resident memory).
 */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
