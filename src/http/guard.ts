import type { FastifyInstance, RouteOptions } from 'fastify';
import { can, type Permission } from '../domain/roles.js';
import { AppError } from '../errors.js';
import { problem } from '../domain/problem.js';

/**
 * What a route needs before anything of the request is read: `public` (no login), `signed_in` (any
 * logged-in user) or one permission. Every route under /api/v1 declares it in `config.access`; one
 * hook checks it on `onRequest`, i.e. before a body (a multipart upload) is received.
 */
export type RouteAccess = 'public' | 'signed_in' | Permission;

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
    /** The route answers a file (CSV/XLSX/PDF stream), not JSON; its response schema names the type. */
    download?: boolean;
  }
  interface FastifyInstance {
    routeTable: RouteEntry[];
  }
}

export interface RouteEntry {
  method: string;
  url: string;
  access: RouteAccess;
  download: boolean;
  /** Status codes with a declared response schema. */
  responses: string[];
}

/** The problems of one route's declaration; empty when it is complete. */
export function declarationProblems(route: Pick<RouteOptions, 'method' | 'url' | 'schema' | 'config'>): string[] {
  const problems: string[] = [];
  const name = `${String(route.method)} ${route.url}`;
  const config = (route.config ?? {}) as { access?: RouteAccess };
  if (!config.access) problems.push(`${name}: no config.access (public, signed_in or a permission)`);
  const response = (route.schema as { response?: Record<string, unknown> } | undefined)?.response ?? {};
  const success = Object.keys(response).filter((s) => /^2\d\d$/.test(s));
  if (success.length === 0) problems.push(`${name}: no response schema for its success status`);
  // A response schema is the whitelist of what reaches a client: "anything" whitelists nothing.
  for (const status of success) {
    const type = (response[status] as { _zod?: { def?: { type?: string } } })._zod?.def?.type;
    if (type === 'any' || type === 'unknown') problems.push(`${name}: response ${status} is z.${type}(), which lets anything through`);
  }
  return problems;
}

/**
 * Registers the guard in an encapsulated API context: every route registered after it must be
 * declared completely (the app refuses to start otherwise), and every request is checked against
 * the declaration of the route it matched.
 */
export function installGuard(api: FastifyInstance, table: RouteEntry[]): void {
  api.addHook('onRoute', (route) => {
    if (route.method === 'HEAD') return;
    const problems = declarationProblems(route);
    if (problems.length > 0) throw new Error(`Route declaration incomplete: ${problems.join('; ')}`);
    const config = route.config as { access: RouteAccess; download?: boolean };
    const response = (route.schema as { response?: Record<string, unknown> }).response ?? {};
    for (const method of [route.method].flat())
      table.push({ method: String(method), url: route.url, access: config.access, download: config.download === true, responses: Object.keys(response) });
  });
  // Text that no field may hold: NUL (PostgreSQL refuses it) and lone UTF-16 surrogates (not text at all).
  api.addHook('preValidation', async (req) => {
    for (const [where, value] of [
      ['body', req.body],
      ['query', req.query],
      ['params', req.params],
    ] as const) {
      const field = badTextAt(value, where);
      if (field !== null)
        throw AppError.validation([
          problem(
            field,
            'text',
            'tidak boleh berisi karakter NUL (\\u0000) atau surrogate tunggal',
            'must not contain a NUL (\\u0000) or a lone surrogate character',
          ),
        ]);
    }
  });
  api.addHook('onRequest', async (req) => {
    const access = req.routeOptions.config.access;
    if (access === undefined || access === 'public') return; // unknown URL (404 handler) or a public route
    if (!req.actor) throw new AppError('unauthenticated');
    if (access !== 'signed_in' && !can(req.actor.role, access)) throw new AppError('forbidden');
  });
}

// eslint-disable-next-line no-control-regex
const BAD_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The path of the first string (or key) holding bad text, or null. */
export function badTextAt(value: unknown, path: string): string | null {
  if (typeof value === 'string') return BAD_TEXT.test(value) ? path : null;
  if (value === null || typeof value !== 'object') return null;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const at = Array.isArray(value) ? `${path}.${k}` : path === 'body' || path === 'query' || path === 'params' ? k : `${path}.${k}`;
    if (BAD_TEXT.test(k)) return at;
    const found = badTextAt(v, at);
    if (found !== null) return found;
  }
  return null;
}
