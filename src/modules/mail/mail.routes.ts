import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireActor } from '../../http/auth-plugin.js';
import { errorResponses } from '../../http/schemas.js';
import { listOutbox } from './mail.service.js';
import { outboxSchema } from './mail.schemas.js';

export const mailRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/mail/outbox',
    {
      config: { access: 'users.manage' },
      schema: {
        tags: ['mail'],
        summary: 'Kotak keluar e-mail: terkirim, menunggu (tanpa SMTP), gagal / the e-mail outbox',
        response: { 200: outboxSchema, ...errorResponses },
      },
    },
    async (req) => listOutbox(app.db, requireActor(req)),
  );
};
