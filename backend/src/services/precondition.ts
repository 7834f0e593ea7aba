/**
 * What an `If-Match` header asked for, already parsed: any existing version (`*`), or one of
 * a list of versions. Undefined means the client did not ask, and the last write wins.
 */
export type Precondition = { any: true } | { versions: readonly number[] };

export function satisfies(precondition: Precondition | undefined, version: number): boolean {
  if (!precondition || 'any' in precondition) return true;
  return precondition.versions.includes(version);
}
