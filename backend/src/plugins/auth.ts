import fp from 'fastify-plugin';
import type { FastifyContextConfig, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomBytes } from 'node:crypto';
import type { AuthConfig } from '../config.js';
import { permissions, type Permission } from '../permissions.js';
import { ForbiddenError, UnauthenticatedError } from '../errors.js';
import { passwordChangeRequired } from '../services/account.service.js';
import { authenticate, type AuthSettings } from '../services/auth.service.js';
import type { ActionContext, Actor, RequestInfo } from '../services/context.js';
import { FailureLimit } from '../security/failure-limit.js';
import { Lockout } from '../security/lockout.js';
import { passwordPolicy, type PasswordPolicy } from '../security/password-policy.js';
import { accessTokens } from '../security/tokens.js';

declare module 'fastify' {
  interface FastifyInstance {
    authSettings: AuthSettings & {
      secureCookies: boolean;
      loginRateLimit: number;
    };
    /** The policy for new passwords, built once from PASSWORD_MIN_LENGTH. */
    passwordPolicy: PasswordPolicy;
    /** onRequest hook for every route that needs a signed-in caller; public routes pass. */
    authenticate: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
    /** Present, and true, in the scope `requireSignIn` set up. */
    requiresSignIn?: true;
  }
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyContextConfig {
    /** Served to callers who are not signed in, in the scope where every other route needs it. */
    public?: boolean;
    /** The permission a route needs, checked after sign-in. */
    permission?: Permission;
    /** Routes a user who must change their password may still use. */
    allowPendingPasswordChange?: boolean;
  }
}

export interface AuthPluginOptions {
  auth: AuthConfig;
  production: boolean;
  /** REQUIRE_VERIFIED_EMAIL (issue 14) */
  requireVerifiedEmail?: boolean;
}

export function requestInfo(request: FastifyRequest): RequestInfo {
  const agent = request.headers['user-agent'];
  return { ip: request.ip, userAgent: agent ? agent.slice(0, 512) : null, requestId: request.id };
}

/** The acting user and where the request came from, for services; only on signed-in routes. */
export function actionContext(request: FastifyRequest): ActionContext {
  if (!request.actor) throw new UnauthenticatedError('Sign in first');
  return { actor: request.actor, request: requestInfo(request) };
}

/**
 * Every route registered in `scope` from here on needs a signed-in caller, unless its config
 * says `public: true`: the API's routes live in this one scope (app.ts).
 */
export function requireSignIn(scope: FastifyInstance): void {
  scope.decorate('requiresSignIn', true);
  scope.addHook('onRequest', scope.authenticate);
}

/** Whether a route registered on `instance` with `config` asks for a signed-in caller. */
export function needsSignIn(instance: FastifyInstance, config: FastifyContextConfig | undefined): boolean {
  return instance.hasDecorator('requiresSignIn') && config?.public !== true;
}

function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1] ?? null;
}

export default fp<AuthPluginOptions>(
  async (app, options) => {
    const secret = options.auth.jwtSecret ?? randomBytes(32).toString('hex');
    if (!options.auth.jwtSecret) app.log.warn('no JWT_SECRET given: tokens will not survive a restart');
    app.decorate('authSettings', {
      tokens: accessTokens({
        secret,
        issuer: options.auth.jwtIssuer,
        audience: options.auth.jwtAudience,
        ttlSeconds: options.auth.accessTokenTtl,
      }),
      accessTokenTtl: options.auth.accessTokenTtl,
      refreshTokenTtl: options.auth.refreshTokenTtl,
      lockout: new Lockout(app.counters),
      // As many failed renewals a minute as sign-in attempts (LOGIN_RATE_LIMIT); decision 0120.
      refreshFailures: new FailureLimit(
        app.counters,
        'refresh:failures',
        options.auth.loginRateLimit,
        60_000,
      ),
      secureCookies: options.production,
      loginRateLimit: options.auth.loginRateLimit,
      requireVerifiedEmail: options.requireVerifiedEmail ?? false,
    });
    app.decorate('passwordPolicy', passwordPolicy(options.auth));
    app.decorateRequest('actor', null);
    app.addHook('onRoute', function (route) {
      // A route guarded by a permission nobody declared could never be opened: refuse it at start.
      const permission: string | undefined = route.config?.permission;
      if (permission !== undefined && !permissions.has(permission)) {
        throw new Error(`The route ${route.url} needs an undeclared permission, ${permission}`);
      }
      // Permissions are checked by authenticate, which a public route skips and a route outside
      // the signed-in scope never runs: there a permission would guard nothing while the route
      // table still showed it, and strangers would be served.
      if (permission !== undefined && !needsSignIn(this, route.config)) {
        throw new Error(
          route.config?.public
            ? `The route ${route.url} is public and needs ${permission}: it cannot be both`
            : `The route ${route.url} needs ${permission} but is registered outside the signed-in scope`,
        );
      }
      // The OpenAPI document asks for the bearer token everywhere but where no sign-in is needed,
      // and where a route names a token of its own (/metrics).
      if (route.schema && route.schema.security === undefined && !needsSignIn(this, route.config))
        route.schema = { ...route.schema, security: [] };
    });

    app.decorate('authenticate', async (request: FastifyRequest) => {
      const config = request.routeOptions.config;
      if (config.public) return;
      const token = bearerToken(request);
      if (!token)
        throw new UnauthenticatedError(
          'Sign in first: send an access token as "Authorization: Bearer <token>"',
        );
      const { user, sessionId } = await authenticate(app.db, app.authSettings.tokens, token);
      request.actor = { id: user.id, email: user.email, role: user.role, sessionId };
      if (user.must_change_password === 1 && !config.allowPendingPasswordChange)
        throw passwordChangeRequired();
      if (config.permission && !permissions.can(user.role, config.permission)) {
        throw new ForbiddenError('You do not have permission to do this');
      }
    });
  },
  { name: 'auth', dependencies: ['database', 'counters'] },
);
