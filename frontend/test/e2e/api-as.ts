import type { User } from '../../src/types.ts';

/** The API straight from the test, to set up data without clicking through it. */
export class ApiAs {
  private constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  static async signIn(baseUrl: string, email: string, password: string): Promise<ApiAs> {
    const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    const body = (await res.json()) as { data: { access_token: string } };
    if (!res.ok) throw new Error(`sign-in as ${email} failed: ${res.status} ${JSON.stringify(body)}`);
    return new ApiAs(baseUrl, body.data.access_token);
  }

  async call<T>(method: string, path: string, body?: unknown): Promise<{ status: number; data: T }> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as { data: T };
    return { status: res.status, data: json.data };
  }

  async createUser(
    fields: Partial<User> & { name: string; email: string; password?: string },
  ): Promise<User> {
    const { status, data } = await this.call<User>('POST', '/api/v1/users', fields);
    if (status !== 201) throw new Error(`creating ${fields.email} failed: ${status} ${JSON.stringify(data)}`);
    return data;
  }
}
