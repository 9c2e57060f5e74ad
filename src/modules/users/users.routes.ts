import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../http/auth-plugin.js';
import { errorResponses } from '../../http/schemas.js';
import { createUser, listUsers } from './users.service.js';
import { userSchema } from './users.schemas.js';

export const userRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/users',
    {
      config: { access: 'users.manage' },
      schema: {
        tags: ['users'],
        summary: 'Akun di wilayah Anda / accounts in your region',
        response: { 200: z.object({ items: z.array(userSchema) }), ...errorResponses },
      },
    },
    async (req) => ({
      items: await listUsers(app.db, requireActor(req)),
    }),
  );

  app.post(
    '/users',
    {
      config: { access: 'users.manage' },
      schema: {
        tags: ['users'],
        summary: 'Buat akun / create an account',
        body: z.object({
          username: z.string().max(100),
          fullName: z.string().max(200),
          password: z.string().max(200),
          role: z.string().max(40),
          regionCode: z.string().max(20).nullable(),
        }),
        response: { 201: userSchema, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await createUser(app.db, requireActor(req), req.body)),
  );
};
