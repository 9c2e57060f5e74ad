import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors.js';
import { resolveSession } from '../modules/auth/auth.service.js';
import type { Actor } from '../actor.js';

export const SESSION_COOKIE = 'jaring_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Resolves the session cookie to an actor on every request. Writes made with a session cookie must
 * carry the session's CSRF token in `x-csrf-token` (the cookie alone is not proof of intent).
 */
export const authPlugin = fp(async (app: FastifyInstance) => {
  app.decorateRequest('actor', null);
  app.decorateRequest('csrfToken', null);
  app.addHook('onRequest', async (req) => {
    const token = req.cookies[SESSION_COOKIE];
    if (!token || !req.url.startsWith('/api/')) return;
    const session = await resolveSession(app.db, token);
    if (!session) return;
    req.actor = session.actor;
    req.csrfToken = session.csrf_token;
    if (!SAFE_METHODS.has(req.method) && !req.url.startsWith('/api/v1/auth/login')) {
      const sent = req.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !sameToken(sent, session.csrf_token)) throw new AppError('csrf');
    }
  });
});

export function requireActor(req: FastifyRequest): Actor {
  if (!req.actor) throw new AppError('unauthenticated');
  return req.actor;
}
