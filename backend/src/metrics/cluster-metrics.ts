import cluster from 'node:cluster';
import { randomUUID } from 'node:crypto';
import { AggregatorRegistry, type Registry } from 'prom-client';

/**
 * With several workers, each process has its own counters, and a scrape of the shared port
 * reaches one worker at random. So a worker asked for /metrics asks the primary, which collects
 * every worker's registry over the cluster's IPC channel (prom-client's AggregatorRegistry) and
 * answers with the sum: one scrape, the whole server.
 */

const REQUEST = 'ums:metrics-request';
const RESPONSE = 'ums:metrics-response';
const TIMEOUT_MS = 5000;

interface MetricsRequest {
  type: typeof REQUEST;
  id: string;
}
interface MetricsResponse {
  type: typeof RESPONSE;
  id: string;
  text?: string;
  error?: string;
}

function isMessage<T extends { type: string }>(message: unknown, type: T['type']): message is T {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === type;
}

/** In a worker: lets the primary read this registry when it aggregates. */
export function shareWithPrimary(registry: Registry): void {
  // Constructing one installs prom-client's listener for the primary's requests.
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries([registry]);
}

/** In a worker: the aggregated metrics of all workers, as Prometheus text. */
export function askPrimary(): Promise<string> {
  const id = randomUUID();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      process.off('message', onMessage);
      reject(new Error('the primary did not answer the metrics request'));
    }, TIMEOUT_MS);
    function onMessage(message: unknown): void {
      if (!isMessage<MetricsResponse>(message, RESPONSE) || message.id !== id) return;
      clearTimeout(timer);
      process.off('message', onMessage);
      if (message.text !== undefined) resolve(message.text);
      else reject(new Error(message.error ?? 'metrics aggregation failed'));
    }
    process.on('message', onMessage);
    process.send?.({ type: REQUEST, id } satisfies MetricsRequest);
  });
}

/** In the primary: answers workers' metrics requests with every worker's metrics summed. */
export function answerWorkers(): void {
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker, message: unknown) => {
    if (!isMessage<MetricsRequest>(message, REQUEST)) return;
    const reply = (answer: Omit<MetricsResponse, 'type' | 'id'>) => {
      if (worker.isConnected()) worker.send({ type: RESPONSE, id: message.id, ...answer });
    };
    aggregator.clusterMetrics().then(
      (text) => reply({ text }),
      (error: unknown) => reply({ error: error instanceof Error ? error.message : String(error) }),
    );
  });
}

/** The content type of the Prometheus text format, the same for every registry. */
export const metricsContentType = AggregatorRegistry.PROMETHEUS_CONTENT_TYPE;
