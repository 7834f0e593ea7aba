import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { startBackend } from './backend.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    admin: { email: string; password: string };
    /** A second port the tests may use for a server of their own. */
    sparePort: number;
  }
}

// Ports 5200-5299 belong to the console's tests; E2E_PORT moves them.
const PORT = Number(process.env.E2E_PORT ?? 5201);

/** One server for the whole browser suite; tests make their own users with unique names. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const admin = { email: 'admin@example.com', password: `console e2e ${randomBytes(9).toString('hex')}` };
  // E2E_SERVER_LOG=FILE keeps the shared server's log (at E2E_LOG_LEVEL, default warn) for
  // diagnosing a failure: it is written there when the suite ends.
  const backend = await startBackend(PORT, {
    ADMIN_EMAIL: admin.email,
    ADMIN_PASSWORD: admin.password,
    ...(process.env.E2E_LOG_LEVEL && { LOG_LEVEL: process.env.E2E_LOG_LEVEL }),
  });
  project.provide('baseUrl', backend.baseUrl);
  project.provide('admin', admin);
  project.provide('sparePort', PORT + 1);
  return async () => {
    if (process.env.E2E_SERVER_LOG) writeFileSync(process.env.E2E_SERVER_LOG, backend.output());
    await backend.stop();
  };
}
