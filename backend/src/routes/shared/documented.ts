/**
 * A route that speaks a header its schema does not document is a bug in the OpenAPI document,
 * which clients are written from. The helpers that speak headers (etag.ts, created.ts) check
 * this on every call, so the first test that reaches such a route fails, naming it.
 */
export function assertDocumented(
  route: { method: string | string[]; url?: string },
  documented: boolean,
  what: string,
): void {
  if (!documented) throw new Error(`${[route.method].flat().join(',')} ${route.url ?? '?'} ${what}`);
}
