import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Envelope } from '../../schemas/common.js';
import { SettingsSchema } from '../../schemas/settings.js';
import { publicSettings } from '../../services/settings.service.js';

/**
 * The roles, statuses, permissions, password rules, page size limit and what mail can do, for
 * clients (the console) to read.
 */
const settingsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Fixed for the life of the process: built once.
  const settings = publicSettings(app.passwordPolicy, app.mailSettings);

  app.get(
    '/',
    {
      config: { public: true },
      schema: {
        tags: ['settings'],
        summary: 'Roles, statuses, permissions, the password policy and whether mail is on',
        description:
          'Public, so a client can check a new password before signing in. `/auth/me` tells ' +
          'which permissions the signed-in user holds.',
        response: { 200: Envelope(SettingsSchema) },
      },
    },
    () => ({ status: 'success' as const, data: settings, message: null }),
  );
};

export default settingsRoutes;
