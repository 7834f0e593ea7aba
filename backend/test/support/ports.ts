import { createServer } from 'node:net';

/**
 * A port that is free right now, from TEST_PORTS (default 5100-5199), so tests that listen stay
 * out of ports other people on the machine use. The start is random, so parallel test files
 * rarely try the same one.
 */
export async function freePort(): Promise<number> {
  const [first, last] = (process.env.TEST_PORTS ?? '5100-5199').split('-').map(Number) as [number, number];
  const count = last - first + 1;
  const start = Math.floor(Math.random() * count);
  for (let i = 0; i < count; i++) {
    const port = first + ((start + i) % count);
    if (await isFree(port)) return port;
  }
  throw new Error(`no free port in ${first}-${last}`);
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}
