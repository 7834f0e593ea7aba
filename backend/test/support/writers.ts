import { httpRequest } from './http-client.js';

/**
 * Clients that keep creating users until stopped, recording each acknowledged (201) write in
 * order, so a test can ask which writes were acknowledged before some moment.
 */
export function startWriters(baseUrl: string, token: string, clients = 3) {
  const acknowledged: string[] = [];
  const failures: string[] = [];
  let running = true;
  let ended = false;
  let sequence = 0;
  const loops = Array.from({ length: clients }, async (_, client) => {
    // Bounded: a writer never runs past 5,000 requests even if nobody stops it.
    for (let i = 0; running && i < 5000; i++) {
      const email = `w${client}-${++sequence}@example.com`;
      const res = await httpRequest(`${baseUrl}/api/v1/users`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: `Writer ${sequence}`, email }),
      });
      if (res.status === 201) acknowledged.push(email);
      else failures.push(`${res.status} ${res.text()}`);
    }
  });
  void Promise.allSettled(loops).then(() => (ended = true));
  return {
    acknowledged,
    failures,
    /**
     * Resolves once `count` writes are acknowledged, however long a busy machine takes; fails
     * on the first failed write, or if the writers end first.
     */
    async waitFor(count: number): Promise<void> {
      while (acknowledged.length < count) {
        if (failures.length > 0) throw new Error(`a write failed: ${failures[0]}`);
        if (ended) throw new Error(`the writers ended after ${acknowledged.length} of ${count} writes`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    async stop(): Promise<void> {
      running = false;
      await Promise.all(loops);
    },
  };
}
