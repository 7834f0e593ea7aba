/**
 * A route that speaks a header its schema does not document is a bug in the OpenAPI document,
 * which clients are written from. The helpers that speak headers (etag.ts, created.ts) check
 * this at a route's first call, so the first test that reaches such a route fails, naming it.
 * A route's schema never changes, so each verdict is kept: later requests pay one lookup.
 */

interface RouteView {
  method: string | string[];
  url?: string;
  schema?: object;
}

const passed = new WeakMap<object, Set<string>>();

export function assertDocumented(
  route: RouteView,
  documented: (schema: unknown) => boolean,
  what: string,
): void {
  const { schema } = route;
  if (schema && passed.get(schema)?.has(what)) return;
  if (!documented(schema)) throw new Error(`${[route.method].flat().join(',')} ${route.url ?? '?'} ${what}`);
  if (schema) passed.set(schema, (passed.get(schema) ?? new Set()).add(what));
}
