/** Maps from a key to the list of values gathered under it. */

/** Adds `value` to the list kept under `key`, in place (copying the list at each addition is quadratic). */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
