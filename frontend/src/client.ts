import { page, type Api } from './api.ts';
import type {
  AuditCatalog,
  AuditEvent,
  AuditQuery,
  Credentials,
  Group,
  GroupInput,
  Invitation,
  OutboxMail,
  GroupListQuery,
  GroupMember,
  Me,
  Page,
  Session,
  Settings,
  SignIn,
  User,
  UserInput,
} from './types.ts';
import type { UserListApiQuery } from './types/lifecycle.ts';
import { LifecycleClient } from './lifecycle-client.ts';
import { TransferClient } from './transfer-client.ts';
import type { Overview } from './types/overview.ts';

/** One typed call per API endpoint the console uses, over the one HTTP module. */

const AUTH = '/api/v1/auth';
const USERS = '/api/v1/users';
const AUDIT = '/api/v1/audit-events';
const GROUPS = '/api/v1/groups';

/** The If-Match value for a user or a group at `version`: the API's ETag is the quoted version. */
export const ifMatch = (version: number) => ({ 'If-Match': `"${version}"` });

export class ConsoleClient {
  /** The recycle bin, the dormant-account policy, export and erasure. */
  readonly lifecycle: LifecycleClient;
  /** Jobs, bulk changes, and importing and exporting users. */
  readonly transfer: TransferClient;

  constructor(readonly api: Api) {
    this.lifecycle = new LifecycleClient(api);
    this.transfer = new TransferClient(api);
  }

  /** The server's roles, statuses, permission names and password policy; public. */
  async settings(): Promise<Settings> {
    return (await this.api.request<Settings>('GET', '/api/v1/settings')).data;
  }

  async signIn(email: string, password: string): Promise<SignIn> {
    const { data } = await this.api.request<SignIn>('POST', `${AUTH}/login`, {
      body: { email, password },
      noRefresh: true,
    });
    this.api.setToken(data.access_token);
    return data;
  }

  async signOut(): Promise<void> {
    try {
      await this.api.request('POST', `${AUTH}/logout`, { noRefresh: true });
    } finally {
      this.api.setToken(null);
    }
  }

  /** Who invited whom, from a mailed link's token; spends nothing. Public. */
  async invitation(token: string): Promise<Invitation> {
    return (
      await this.api.request<Invitation>('POST', `${AUTH}/invitation`, { body: { token }, noRefresh: true })
    ).data;
  }

  /** Accepts an invitation with a new password and signs in, as signIn does. */
  async acceptInvitation(token: string, password: string): Promise<SignIn> {
    const { data } = await this.api.request<SignIn>('POST', `${AUTH}/invitation/accept`, {
      body: { token, password },
      noRefresh: true,
    });
    this.api.setToken(data.access_token);
    return data;
  }

  async requestPasswordReset(email: string): Promise<string | null> {
    return (
      await this.api.request<null>('POST', `${AUTH}/password-reset`, { body: { email }, noRefresh: true })
    ).message;
  }

  async confirmPasswordReset(token: string, password: string): Promise<string | null> {
    const body = { token, password };
    return (await this.api.request<null>('POST', `${AUTH}/password-reset/confirm`, { body, noRefresh: true }))
      .message;
  }

  async verifyEmail(token: string): Promise<string> {
    const reply = await this.api.request<{ email: string }>('POST', `${AUTH}/verify-email`, {
      body: { token },
      noRefresh: true,
    });
    return reply.data.email;
  }

  async invite(input: { name: string; email: string; role?: string }): Promise<User> {
    return (await this.api.request<User>('POST', `${USERS}/invitations`, { body: input })).data;
  }

  async resendInvitation(id: number): Promise<string | null> {
    return (await this.api.request<unknown>('POST', `${USERS}/${id}/invitation`)).message;
  }

  async revokeInvitation(id: number): Promise<string | null> {
    return (await this.api.request<null>('DELETE', `${USERS}/${id}/invitation`)).message;
  }

  async resendVerification(id: number): Promise<string | null> {
    return (await this.api.request<null>('POST', `${USERS}/${id}/verification`)).message;
  }

  async outbox(query: { state?: string; before?: number } = {}): Promise<OutboxMail[]> {
    return (await this.api.request<OutboxMail[]>('GET', '/api/v1/mail/outbox', { query: { ...query } })).data;
  }

  /** Renews the token from the refresh cookie; false when there is no session to renew. */
  resume(): Promise<boolean> {
    return this.api.refresh();
  }

  async me(): Promise<Me> {
    return (await this.api.request<Me>('GET', `${AUTH}/me`)).data;
  }

  async updateMe(name: string): Promise<User> {
    return (await this.api.request<User>('PATCH', `${AUTH}/me`, { body: { name } })).data;
  }

  async changeMyPassword(current_password: string, new_password: string): Promise<string | null> {
    const body = { current_password, new_password };
    return (await this.api.request<null>('PUT', `${AUTH}/me/password`, { body })).message;
  }

  async mySessions(): Promise<Session[]> {
    return (await this.api.request<Session[]>('GET', `${AUTH}/sessions`)).data;
  }

  async endMySession(id: Session['id']): Promise<void> {
    await this.api.request('DELETE', `${AUTH}/sessions/${encodeURIComponent(String(id))}`);
  }

  listUsers(query: UserListApiQuery, signal?: AbortSignal): Promise<Page<User>> {
    // A cursor stands in for the page number: the API takes one or the other.
    const { cursor, page: number, ...rest } = query;
    const asked = cursor ? { ...rest, cursor } : { page: number, ...rest };
    return page(this.api.request<User[]>('GET', `${USERS}`, { query: asked, signal }));
  }

  async getUser(id: number, signal?: AbortSignal): Promise<User> {
    return (await this.api.request<User>('GET', `${USERS}/${id}`, { signal })).data;
  }

  async createUser(input: UserInput): Promise<User> {
    return (await this.api.request<User>('POST', `${USERS}`, { body: input })).data;
  }

  /** Changes the fields given, if the user is still at `version` (412 otherwise). */
  async updateUser(id: number, changes: UserInput, version: number): Promise<User> {
    const options = { body: changes, headers: ifMatch(version) };
    return (await this.api.request<User>('PATCH', `${USERS}/${id}`, options)).data;
  }

  async deleteUser(id: number, version: number): Promise<void> {
    await this.api.request('DELETE', `${USERS}/${id}`, { headers: ifMatch(version) });
  }

  async setPassword(id: number, password: string): Promise<string | null> {
    return (await this.api.request<null>('PUT', `${USERS}/${id}/password`, { body: { password } })).message;
  }

  async userSessions(id: number, signal?: AbortSignal): Promise<Session[]> {
    return (await this.api.request<Session[]>('GET', `${USERS}/${id}/sessions`, { signal })).data;
  }

  async endUserSession(id: number, sessionId: Session['id']): Promise<void> {
    const path = `${USERS}/${id}/sessions/${encodeURIComponent(String(sessionId))}`;
    await this.api.request('DELETE', path);
  }

  async endUserSessions(id: number): Promise<string | null> {
    return (await this.api.request<null>('DELETE', `${USERS}/${id}/sessions`)).message;
  }

  async userCredentials(id: number, signal?: AbortSignal): Promise<Credentials> {
    return (await this.api.request<Credentials>('GET', `${USERS}/${id}/credentials`, { signal })).data;
  }

  async clearLockout(id: number): Promise<string | null> {
    return (await this.api.request<null>('DELETE', `${USERS}/${id}/lockout`)).message;
  }

  listAudit(query: Partial<AuditQuery>, signal?: AbortSignal): Promise<Page<AuditEvent>> {
    return page(this.api.request<AuditEvent[]>('GET', AUDIT, { query: { ...query }, signal }));
  }

  /** The console's home: counts, sign-ins per day, locked accounts, recent changes. */
  async overview(signal?: AbortSignal): Promise<Overview> {
    return (await this.api.request<Overview>('GET', '/api/v1/overview', { signal })).data;
  }

  /** The actions the audit log records, with their labels and target types. */
  async auditActions(signal?: AbortSignal): Promise<AuditCatalog> {
    return (await this.api.request<AuditCatalog>('GET', '/api/v1/audit/actions', { signal })).data;
  }

  listGroups(query: GroupListQuery, signal?: AbortSignal): Promise<Page<Group>> {
    return page(this.api.request<Group[]>('GET', GROUPS, { query: { ...query }, signal }));
  }

  async getGroup(id: number, signal?: AbortSignal): Promise<Group> {
    return (await this.api.request<Group>('GET', `${GROUPS}/${id}`, { signal })).data;
  }

  async createGroup(input: GroupInput): Promise<Group> {
    return (await this.api.request<Group>('POST', GROUPS, { body: input })).data;
  }

  /** Changes the fields given, if the group is still at `version` (412 otherwise). */
  async updateGroup(id: number, changes: GroupInput, version: number): Promise<Group> {
    const options = { body: changes, headers: ifMatch(version) };
    return (await this.api.request<Group>('PATCH', `${GROUPS}/${id}`, options)).data;
  }

  async deleteGroup(id: number, version: number): Promise<void> {
    await this.api.request('DELETE', `${GROUPS}/${id}`, { headers: ifMatch(version) });
  }

  groupMembers(
    id: number,
    query: { page: number; per_page: number },
    signal?: AbortSignal,
  ): Promise<Page<GroupMember>> {
    return page(this.api.request<GroupMember[]>('GET', `${GROUPS}/${id}/members`, { query, signal }));
  }

  /** Adds the user; `added` is false when they already were a member (201 against 200). */
  async addMember(id: number, userId: number): Promise<{ member: GroupMember; added: boolean }> {
    const reply = await this.api.request<GroupMember>('POST', `${GROUPS}/${id}/members`, {
      body: { user_id: userId },
    });
    return { member: reply.data, added: reply.status === 201 };
  }

  async removeMember(id: number, userId: number): Promise<void> {
    await this.api.request('DELETE', `${GROUPS}/${id}/members/${userId}`);
  }
}
