import type { Api, Download } from './api.ts';
import type { UserListFilters } from './types/lifecycle.ts';
import type {
  BulkRequest,
  BulkResult,
  Job,
  JobItem,
  ExportFormat,
  ImportMode,
  ImportResult,
} from './types/jobs.ts';

const USERS = '/api/v1/users';
const JOBS = '/api/v1/jobs';

/**
 * The calls of long work (issue 15): jobs, bulk changes, and importing and exporting users.
 * Reached as `client.transfer`, so the console's one client stays one object.
 */
export class TransferClient {
  constructor(private readonly api: Api) {}

  /** A bulk change: its report at once (200), or the job that carries it out (202). */
  async bulkUsers(
    request: BulkRequest,
    idempotencyKey?: string,
  ): Promise<{ result: BulkResult } | { job: Job }> {
    const headers: Record<string, string> = idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {};
    const reply = await this.api.request<BulkResult | Job>('POST', `${USERS}/bulk`, {
      body: request,
      headers,
    });
    return reply.status === 202 ? { job: reply.data as Job } : { result: reply.data as BulkResult };
  }

  async getJob(id: number, signal?: AbortSignal): Promise<Job> {
    return (await this.api.request<Job>('GET', `${JOBS}/${id}`, { signal })).data;
  }

  /** A page of a job's report, of some outcomes only if asked. */
  async jobItems(
    id: number,
    query: { outcome?: string; after?: number; per_page?: number },
  ): Promise<JobItem[]> {
    return (await this.api.request<JobItem[]>('GET', `${JOBS}/${id}/items`, { query })).data;
  }

  /** A job's whole report as CSV. */
  jobReport(id: number): Promise<Download> {
    return this.api.download(`${JOBS}/${id}/report`);
  }

  /** Checks (dry run) or starts importing a CSV or NDJSON file of users. */
  async importUsers(
    file: Blob,
    type: string,
    options: { mode: ImportMode; dryRun: boolean },
  ): Promise<ImportResult> {
    const query = { mode: options.mode, dry_run: options.dryRun };
    return (
      await this.api.request<ImportResult>('POST', `${USERS}/import`, { query, file: { body: file, type } })
    ).data;
  }

  /** Every user the list's filters match, in its sort, as a file. */
  exportUsers(query: UserListFilters, format: ExportFormat): Promise<Download> {
    return this.api.download(`${USERS}/export`, { query: { ...query, format } });
  }
}
