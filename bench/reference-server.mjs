// The reference of every benchmark run: a bare Fastify app, no plugins, no database, answering
// one constant JSON object (the body of a real GET /users/:id of the same run) to any GET.
// Plain JavaScript, so nothing stands between Node and Fastify.
import Fastify from 'fastify';

const body = JSON.parse(process.env.REFERENCE_BODY ?? '{}');
const app = Fastify({ logger: false });
app.get('/*', async () => body);
await app.listen({ port: Number(process.env.PORT), host: process.env.HOST ?? '127.0.0.1' });
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
