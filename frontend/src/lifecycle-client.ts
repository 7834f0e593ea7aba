import { page, type Api } from './api.ts';
import type { Page, User } from './types.ts';
import type { Job } from './types/jobs.ts';
import type { DeletedUser, DormantPreview, UserExport } from './types/lifecycle.ts';

const USERS = '/api/v1/users';
const DORMANT = '/api/v1/policies/dormant';

/**
 * The account lifecycle's calls (issue 16): the recycle bin, the dormant-account policy, and a
 * person's data. Reached as `client.lifecycle`, so the console's one client stays one object.
 */
export class LifecycleClient {
  constructor(private readonly api: Api) {}

  /** The recycle bin, most recently deleted first. */
  deletedUsers(query: { page: number; per_page: number }, signal?: AbortSignal): Promise<Page<DeletedUser>> {
    return page(this.api.request<DeletedUser[]>('GET', `${USERS}/deleted`, { query, signal }));
  }

  /** Brings a user back from the bin as they were; 409 when their e-mail has been taken since. */
  async restoreUser(id: number): Promise<User> {
    return (await this.api.request<User>('POST', `${USERS}/${id}/restore`)).data;
  }

  /** Removes a user in the bin for good, before the daily purge would. */
  async purgeUser(id: number): Promise<string | null> {
    return (await this.api.request<null>('DELETE', `${USERS}/deleted/${id}`)).message;
  }

  /** Everything held about a user, as the API's JSON document (the export is audited). */
  async exportUser(id: number): Promise<UserExport> {
    return (await this.api.request<UserExport>('GET', `${USERS}/${id}/export`)).data;
  }

  /** Everything held about the signed-in person. */
  async exportMe(): Promise<UserExport> {
    return (await this.api.request<UserExport>('GET', '/api/v1/auth/me/export')).data;
  }

  /** Erases a user for good; `confirm` is their e-mail, typed again. */
  async eraseUser(id: number, confirm: string): Promise<string | null> {
    return (await this.api.request<null>('POST', `${USERS}/${id}/erase`, { body: { confirm } })).message;
  }

  /** Who the policy would disable and warn now; `afterDays` tries a limit before one is set. */
  async dormantPreview(afterDays?: number, signal?: AbortSignal): Promise<DormantPreview> {
    const query = { after_days: afterDays };
    return (await this.api.request<DormantPreview>('GET', `${DORMANT}/preview`, { query, signal })).data;
  }

  /** Runs the policy now; the job it answers is followed like a bulk change's. */
  async runDormant(): Promise<Job> {
    return (await this.api.request<Job>('POST', `${DORMANT}/run`)).data;
  }
}
