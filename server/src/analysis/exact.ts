/**
 * Lists kept for as long as their statement lives, at their exact size. An
 * array grown by push() keeps room for 17 entries or more; a 200-file
 * workspace holds tens of thousands of short lists (call arguments, each
 * statement's facts), and their spare room was 5 MB.
 */
const NONE: readonly never[] = Object.freeze([]);

export function exact<T>(list: T[] | undefined): T[] {
  return list?.length ? list.slice() : (NONE as never[]);
}
