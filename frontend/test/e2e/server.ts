import { randomBytes } from 'node:crypto';
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
  const backend = await startBackend(PORT, { ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: admin.password });
  project.provide('baseUrl', backend.baseUrl);
  project.provide('admin', admin);
  project.provide('sparePort', PORT + 1);
  return backend.stop;
}
