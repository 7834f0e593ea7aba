/** The few API calls the harness makes itself, outside the measured scenarios. */
export class Api {
  constructor(
    readonly baseUrl: string,
    private token = '',
  ) {}

  async call<T>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T; text: string }> {
    const response = await fetch(this.baseUrl + path, {
      method,
      headers: {
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: JSON.parse(text) as T, text };
  }

  /** Like call, but a non-2xx answer is an error naming the request. */
  async ok<T>(method: string, path: string, body?: unknown): Promise<{ body: T; text: string }> {
    const answer = await this.call<T>(method, path, body);
    if (answer.status >= 300) throw new Error(`${method} ${path} answered ${answer.status}: ${answer.text}`);
    return answer;
  }

  static async signIn(baseUrl: string, email: string, password: string): Promise<Api> {
    const { body } = await new Api(baseUrl).ok<{ data: { access_token: string } }>(
      'POST',
      '/api/v1/auth/login',
      {
        email,
        password,
      },
    );
    return new Api(baseUrl, body.data.access_token);
  }

  get authorization(): Record<string, string> {
    return { authorization: `Bearer ${this.token}` };
  }
}

export interface UserPage {
  data: { id: number; email: string }[];
  meta: {
    total: number;
    total_exact: boolean;
    pages: number;
    next_cursor: string | null;
    prev_cursor: string | null;
    last_cursor: string | null;
  };
}
