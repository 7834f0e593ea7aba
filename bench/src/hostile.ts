import { request } from 'node:http';

/**
 * A hostile client: it sends the costliest bodies that are still valid JSON under the default
 * body limit (1 MiB) and that no schema accepts, at the pace the default sign-in limit lets one
 * address through (30 a minute), to sign-in and, signed in, to PATCH /api/v1/auth/me.
 */

/** Valid JSON of about 1 MB: `keys` fields no schema knows, so validation reports every one. */
export function unknownKeysBody(keys = 90_000): string {
  const fields: string[] = [];
  for (let i = 0; i < keys; i++) fields.push(`"k${String(i).padStart(5, '0')}":0`);
  return `{${fields.join(',')}}`;
}

/** Refused as invalid (422) or for the sign-in limit (429): what the hostile client should hear. */
export const EXPECTED_STATUSES = new Set([422, 429]);

export interface HostileResult {
  sent: number;
  statuses: Record<string, number>;
  /** answers other than 422 or 429, and requests that got no answer */
  errors: number;
}

export interface HostileOptions {
  baseUrl: string;
  /** the Authorization header PATCH /api/v1/auth/me is sent with */
  signedIn: Record<string, string>;
  /** requests a minute to each of the two routes */
  perMinute: number;
  seconds: number;
  body?: string;
}

/** When each request goes: both routes at `perMinute`, half an interval apart, for `seconds`. */
export function schedule(perMinute: number, seconds: number): { at: number; route: 'sign-in' | 'me' }[] {
  const interval = 60_000 / perMinute;
  const times: { at: number; route: 'sign-in' | 'me' }[] = [];
  for (let at = 0; at < seconds * 1000; at += interval) {
    times.push({ at, route: 'sign-in' });
    if (at + interval / 2 < seconds * 1000) times.push({ at: at + interval / 2, route: 'me' });
  }
  return times;
}

function send(url: URL, method: string, body: Buffer, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const req = request(
      url,
      {
        method,
        agent: false,
        headers: { ...headers, 'content-type': 'application/json', 'content-length': body.length },
      },
      (res) => {
        // The answer is read and dropped, never decoded: it was megabytes of field errors once.
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', () => resolve(0));
      },
    );
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

/**
 * Sends on the schedule whatever the answers take (an attacker does not wait), and resolves once
 * every request has its answer.
 */
export async function runHostileClient(options: HostileOptions): Promise<HostileResult> {
  const body = Buffer.from(options.body ?? unknownKeysBody());
  const statuses: Record<string, number> = {};
  const started = performance.now();
  const answers: Promise<void>[] = [];
  for (const { at, route } of schedule(options.perMinute, options.seconds)) {
    const wait = at - (performance.now() - started);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const answer =
      route === 'sign-in'
        ? send(new URL('/api/v1/auth/login', options.baseUrl), 'POST', body, {})
        : send(new URL('/api/v1/auth/me', options.baseUrl), 'PATCH', body, options.signedIn);
    answers.push(answer.then((status) => void (statuses[status] = (statuses[status] ?? 0) + 1)));
  }
  await Promise.all(answers);
  const sent = answers.length;
  const expected = Object.entries(statuses)
    .filter(([status]) => EXPECTED_STATUSES.has(Number(status)))
    .reduce((sum, [, n]) => sum + n, 0);
  return { sent, statuses, errors: sent - expected };
}
