// The floor of every benchmark run: what any server on this stack reaches when a request does
// nothing but its database work. A bare Fastify app, no plugins, no sign-in, no log, answering
//   GET /api/v1/users/:id    with one read by primary key (the columns GET /users/:id returns)
//   PATCH /api/v1/users/:id  with one rename in a transaction (name, search key, version,
//                            updated_at: the row, its indexes and the search index change)
// through the same driver as the server (better-sqlite3 or pg), each statement prepared once.
// A subset of what the server's PATCH must do: no read of the row first, no If-Match check, no
// audit event. Plain JavaScript, like the reference, so nothing stands between Node, Fastify and the driver.
import Fastify from 'fastify';

const url = process.env.DATABASE_URL ?? '';
const COLUMNS = 'id, name, email, role, status, created_at, updated_at, last_login_at, version';
// The new search key is made in SQL from the new name and the email (the server makes it in
// JavaScript, having read the row already); for cost, the same row, index and search-index work.
const rename = (p) =>
  `update users set name = ${p(1)}, search_key = lower(${p(2)} || chr(10) || email), ` +
  `version = version + 1, updated_at = ${p(3)} where id = ${p(4)} returning version`;

async function sqlite(path) {
  const { default: SQLite } = await import('better-sqlite3');
  const db = new SQLite(path);
  // The server's settings (backend/src/db/dialect.ts) that bear on these two statements.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -16384');
  db.pragma('wal_autocheckpoint = 4000');
  const read = db.prepare(`select ${COLUMNS} from users where id = ?`);
  const renameRow = db.prepare(rename(() => '?').replace('chr(10)', 'char(10)'));
  // BEGIN IMMEDIATE, as the server's writes: the write lock is taken up front.
  const renameInTransaction = db.transaction((name, id) =>
    renameRow.get(name, name, new Date().toISOString(), id),
  ).immediate;
  return {
    read: async (id) => read.get(id),
    rename: async (id, name) => renameInTransaction(name, id),
  };
}

async function postgres(connectionString) {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
  const read = { name: 'floor-read', text: `select ${COLUMNS} from users where id = $1` };
  return {
    read: async (id) => (await pool.query({ ...read, values: [id] })).rows[0],
    rename: async (id, name) => {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const { rows } = await client.query({
          name: 'floor-rename',
          text: rename((n) => `$${n}`),
          values: [name, name, new Date(), id],
        });
        await client.query('commit');
        return rows[0];
      } catch (error) {
        await client.query('rollback');
        throw error;
      } finally {
        client.release();
      }
    },
  };
}

const db = url.startsWith('sqlite:')
  ? await sqlite(url.slice('sqlite:'.length).replace(/^\/\//, ''))
  : await postgres(url);
const envelope = (data) => ({ status: data ? 'success' : 'error', data: data ?? null, message: null });
const app = Fastify({ logger: false });
app.get('/', async () => envelope({}));
app.get('/api/v1/users/:id', async (request, reply) => {
  const row = await db.read(Number(request.params.id));
  return reply.code(row ? 200 : 404).send(envelope(row));
});
app.patch('/api/v1/users/:id', async (request, reply) => {
  const row = await db.rename(Number(request.params.id), String(request.body?.name ?? 'Floor'));
  return reply.code(row ? 200 : 404).send(envelope(row));
});
await app.listen({ port: Number(process.env.PORT), host: process.env.HOST ?? '127.0.0.1' });
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
