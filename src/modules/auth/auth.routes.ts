import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { login, logout } from './auth.service.js';
import { requireActor, SESSION_COOKIE } from '../../http/auth-plugin.js';
import { errorResponses } from '../../http/schemas.js';
import { permissionsOf, ROLES } from '../../domain/roles.js';
import { findRegion } from '../regions/regions.repository.js';

const meSchema = z.object({
  user: z.object({
    id: z.number().nullable(),
    username: z.string(),
    role: z.enum(ROLES),
    regionCode: z.string().nullable(),
    regionName: z.string().nullable(),
  }),
  permissions: z.array(z.string()),
  csrfToken: z.string(),
});

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/auth/login',
    {
      config: { access: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Masuk / log in',
        body: z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) }),
        response: { 200: z.object({ ok: z.literal(true), csrfToken: z.string() }), ...errorResponses, 429: errorResponses[400] },
      },
    },
    async (req, reply) => {
      const { token, csrfToken } = await login(app.db, req.body.username, req.body.password, app.config.sessionHours, req.ip);
      reply.setCookie(SESSION_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: app.config.secureCookies,
        maxAge: app.config.sessionHours * 3600,
      });
      return { ok: true as const, csrfToken };
    },
  );

  app.post(
    '/auth/logout',
    { config: { access: 'public' }, schema: { tags: ['auth'], summary: 'Keluar / log out', response: { 200: z.object({ ok: z.literal(true) }) } } },
    async (req, reply) => {
      const token = req.cookies[SESSION_COOKIE];
      if (token) await logout(app.db, token);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );

  app.get(
    '/auth/me',
    {
      config: { access: 'signed_in' },
      schema: { tags: ['auth'], summary: 'Pengguna saat ini / current user', response: { 200: meSchema, ...errorResponses } },
    },
    async (req) => {
      const actor = requireActor(req);
      const region = actor.scope ? await findRegion(app.db, actor.scope) : null;
      return {
        user: { id: actor.id, username: actor.username, role: actor.role, regionCode: actor.scope, regionName: region?.name ?? null },
        permissions: [...permissionsOf(actor.role)],
        csrfToken: req.csrfToken ?? '',
      };
    },
  );
};
