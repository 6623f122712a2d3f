/**
 * Options renamed before 1.0 are refused loudly at the edge, naming the new spelling, instead of being
 * ignored (a silently dropped `staleAfter` would leave a source that never goes silent).
 */

/**
 * Throws a `TypeError` when `options` has one of the old keys of `renamed` (old name -> new name),
 * naming `where`, the old key and the new one. Does nothing for `undefined` or a non-object.
 */
export function refuseRenamedOptions(
  where: string,
  options: unknown,
  renamed: Readonly<Record<string, string>>,
): void {
  if (typeof options !== 'object' || options === null) return;
  for (const old of Object.keys(renamed)) {
    if (Object.hasOwn(options, old))
      throw new TypeError(`${where} option "${old}" was renamed: use "${renamed[old]}"`);
  }
}
