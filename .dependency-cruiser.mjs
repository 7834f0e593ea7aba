// Which way imports go, checked: `npm run lint:deps` (CI's lint section runs it).
// Rules name folders by pattern, so a folder that does not exist yet (backend/src/domain/,
// backend/src/db/fast/) is held to them the day it lands.
// Why a checker and not prose: docs/decisions/0141-import-rules-checked.md.

const SRC = '^backend/src/';
const CONSOLE = '^frontend/src/';
// Fastify and its plugins: the HTTP layer. Type-only imports count too.
const FASTIFY = '(^|/)node_modules/(fastify|fastify-plugin|@fastify/[^/]+)/';

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'A cycle makes load order matter and the two modules one idea; split out what both need.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'routes-not-db',
      comment: 'Routes call services (or domain rules); only services and plugins reach db/.',
      severity: 'error',
      from: { path: `${SRC}routes/` },
      to: { path: `${SRC}db/` },
    },
    {
      name: 'services-not-http',
      comment: 'Services take and return plain data and throw errors; they know nothing of HTTP.',
      severity: 'error',
      from: { path: `${SRC}services/` },
      to: { path: [`${SRC}(routes|plugins)/`, `${SRC}(app|server|cluster)\\.ts$`, FASTIFY] },
    },
    {
      name: 'services-not-sql',
      comment: 'Services reach the database through db/ repositories, never by building SQL.',
      severity: 'error',
      from: { path: `${SRC}services/` },
      to: { path: '^kysely$|(^|/)node_modules/kysely/' },
    },
    {
      name: 'audit-through-registry',
      comment:
        'Audit events are written by recordEvent (services/audit.service.ts), which refuses an action ' +
        'or target type the registry does not declare; nothing else in the app reaches the audit repository.',
      severity: 'error',
      from: { path: SRC, pathNot: `${SRC}services/audit\\.service\\.ts$` },
      to: { path: `${SRC}db/audit\\.repository\\.ts$` },
    },
    {
      name: 'db-not-upward',
      comment: 'db/ (repositories, dialect, fast paths) is the bottom layer: nothing above it.',
      severity: 'error',
      from: { path: `${SRC}db/` },
      to: {
        path: [
          `${SRC}(routes|services|plugins|schemas|security|metrics)/`,
          `${SRC}(app|server|cluster|bootstrap)\\.ts$`,
        ],
      },
    },
    {
      name: 'migrations-frozen',
      comment:
        'A shipped migration must do the same forever, so it imports no app code that may change ' +
        '(shared migration helpers live in db/migrations/).',
      severity: 'error',
      from: { path: `${SRC}db/migrations/` },
      to: { dependencyTypes: ['local'], pathNot: `${SRC}db/migrations/` },
    },
    {
      name: 'domain-pure',
      comment: 'Domain rules are plain code: they import nothing from the rest of the app.',
      severity: 'error',
      from: { path: `${SRC}domain/` },
      to: { dependencyTypes: ['local'], pathNot: `${SRC}domain/` },
    },
    {
      name: 'console-controllers-no-dom',
      comment:
        "A screen's controller holds its state and calls the API; drawing is its view's. It imports " +
        'no view, widget or DOM helper, so it runs against a fake view (frontend/test/screens/).',
      severity: 'error',
      from: { path: `${CONSOLE}screens/(.+/controller|latest|section|submit|search-pause)\\.ts$` },
      to: {
        path: [
          `${CONSOLE}widgets/`,
          `${CONSOLE}screens/.+/(view|index)\\.ts$`,
          `${CONSOLE}(dom|icons|theme|router|registry|main)\\.ts$`,
          '(^|/)node_modules/bootstrap/',
        ],
      },
    },
    {
      name: 'console-rules-pure',
      comment: "The console's rules are pure functions over data: no screen, widget, DOM, shell or library.",
      severity: 'error',
      from: { path: `${CONSOLE}rules/` },
      to: {
        path: [
          `${CONSOLE}(screens|widgets)/`,
          `${CONSOLE}(dom|icons|theme|router|registry|main|client|session|settings)\\.ts$`,
          '(^|/)node_modules/',
        ],
      },
    },
    {
      name: 'console-widgets-know-no-screen',
      comment: 'Widgets are shared by the screens; they know none of them, nor the registry or the shell.',
      severity: 'error',
      from: { path: `${CONSOLE}widgets/` },
      to: { path: [`${CONSOLE}screens/`, `${CONSOLE}(registry|main)\\.ts$`] },
    },
    {
      name: 'frontend-not-server',
      comment: 'The console shares types with the server (written from the OpenAPI document), never code.',
      severity: 'error',
      from: { path: '^frontend/' },
      to: { path: '^(backend|bench)/' },
    },
    {
      name: 'backend-not-frontend',
      comment: 'The server serves the built console as files; it imports none of its source.',
      severity: 'error',
      from: { path: '^backend/' },
      to: { path: '^frontend/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(backend|frontend|bench)/(dist|coverage)/' },
    // `import type` is a dependency too: a route that needs db/'s types is coupled to db/.
    tsPreCompilationDeps: true,
  },
};
