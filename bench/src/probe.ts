import type { Api } from './api.js';

/**
 * Latency of ordinary requests while something else runs on the server: one request at a time,
 * alternating between a user's page and the list's first page, until `stop` is called. What an
 * admin clicking around the console feels while an import or bulk job holds the database.
 */
export interface ProbeResult {
  requests: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  errors: number;
}

const PATHS = (userId: number) => [`/api/v1/users/${userId}`, '/api/v1/users?per_page=20'];

function quantile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function startProbe(baseUrl: string, api: Api, userId: number): () => Promise<ProbeResult> {
  const latencies: number[] = [];
  let errors = 0;
  let running = true;
  const paths = PATHS(userId);
  const loop = (async () => {
    for (let i = 0; running; i++) {
      const started = performance.now();
      try {
        const response = await fetch(baseUrl + paths[i % paths.length]!, { headers: api.authorization });
        await response.arrayBuffer();
        if (!response.ok) errors += 1;
      } catch {
        errors += 1;
      }
      latencies.push(performance.now() - started);
      // A person clicks; they do not hammer: at most ten requests a second.
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  return async () => {
    running = false;
    await loop;
    const sorted = [...latencies].sort((a, b) => a - b);
    return {
      requests: sorted.length,
      p50: quantile(sorted, 50),
      p95: quantile(sorted, 95),
      p99: quantile(sorted, 99),
      max: sorted.at(-1) ?? NaN,
      errors,
    };
  };
}

/** Probes for `seconds` with nothing else running: the baseline. */
export async function probeFor(baseUrl: string, api: Api, userId: number, seconds: number) {
  const stop = startProbe(baseUrl, api, userId);
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  return stop();
}
