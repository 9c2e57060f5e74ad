import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../http/auth-plugin.js';
import { errorResponses, idParam } from '../../http/schemas.js';
import { createUser, listUsers, resetPassword, updateUser } from './users.service.js';
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
          /** Where verification reminders reach a village operator (optional). */
          email: z.string().max(254).nullable().optional(),
        }),
        response: { 201: userSchema, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await createUser(app.db, requireActor(req), req.body)),
  );

  app.patch(
    '/users/:id',
    {
      config: { access: 'users.manage' },
      schema: {
        tags: ['users'],
        summary: 'Ubah akun: nama, peran, wilayah, e-mail, aktif / edit an account: name, role, region, e-mail, active',
        params: idParam,
        body: z.object({
          fullName: z.string().max(200).optional(),
          role: z.string().max(40).optional(),
          regionCode: z.string().max(20).nullable().optional(),
          active: z.boolean().optional(),
          email: z.string().max(254).nullable().optional(),
        }),
        response: { 200: userSchema, ...errorResponses },
      },
    },
    async (req) => updateUser(app.db, requireActor(req), req.params.id, req.body),
  );

  app.post(
    '/users/:id/password',
    {
      config: { access: 'users.manage' },
      schema: {
        tags: ['users'],
        summary: 'Atur ulang kata sandi; sesi akun berakhir / reset the password; the account is logged out',
        params: idParam,
        body: z.object({ password: z.string().max(200) }),
        response: { 200: userSchema, ...errorResponses },
      },
    },
    async (req) => resetPassword(app.db, requireActor(req), req.params.id, req.body.password),
  );
};
