import type { FastifyInstance } from 'fastify';
import type { Permission } from '../permissions.js';
import { needsSignIn } from './auth.js';
import { errorBody } from './errors.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route with a schema, as registered: the 405s are built from it and tests walk it. */
    readonly apiRoutes: readonly ApiRoute[];
  }
  interface FastifyContextConfig {
    /** Marks the generated 405 routes, so the route table leaves them out. */
    methodNotAllowed?: boolean;
  }
}

export interface ApiRoute {
  method: string;
  /** The route's pattern without a trailing slash: `/api/v1/users/:id`. */
  path: string;
  /** Whether the route asks for a signed-in caller (plugins/auth.ts, `needsSignIn`). */
  signIn: boolean;
  /** The permission its config names, if any. */
  permission?: Permission;
}

const ANSWERABLE = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/**
 * Records every route as it is added: the API's, and the console's files (@fastify/static gives
 * each a hidden schema). The docs' assets and wildcard routes are left alone.
 */
export function trackRoutes(app: FastifyInstance): ApiRoute[] {
  const routes: ApiRoute[] = [];
  app.decorate('apiRoutes', routes);
  app.addHook('onRoute', function (route) {
    if (route.config?.methodNotAllowed) return;
    if (!route.schema || route.url.includes('*') || route.url.startsWith('/api/docs')) return;
    const path = route.url.length > 1 ? route.url.replace(/\/$/, '') : route.url;
    const signIn = needsSignIn(this, route.config);
    for (const method of [route.method].flat()) {
      routes.push({ method, path, signIn, permission: route.config?.permission });
    }
  });
  return routes;
}

/**
 * Fastify answers a known path with an unserved method as 404. Called after the routes, this
 * adds a 405 with `Allow` for each method a path does not serve. It asks for sign-in where the
 * routes it stands beside do, so a stranger learns nothing about a path it may not call.
 */
export function installMethodNotAllowed(app: FastifyInstance, routes: readonly ApiRoute[]): void {
  // Map.groupBy would do, but Node 20 has none.
  const paths = new Map<string, ApiRoute[]>();
  for (const route of routes) paths.set(route.path, [...(paths.get(route.path) ?? []), route]);
  for (const [url, served] of paths) {
    const methods = new Set(served.map((route) => route.method));
    const missing = ANSWERABLE.filter((m) => !methods.has(m));
    if (missing.length === 0) continue;
    const allow = ANSWERABLE.filter((m) => methods.has(m)).join(', ');
    app.route({
      method: missing,
      url,
      ...(served.some((route) => route.signIn) ? { onRequest: app.authenticate } : {}),
      config: { methodNotAllowed: true },
      schema: { hide: true },
      handler: (request, reply) =>
        reply
          .status(405)
          .header('Allow', allow)
          .send(errorBody(405, `Method ${request.method} is not allowed here`)),
    });
  }
}
