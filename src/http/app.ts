import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from 'helmet';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import { existsSync } from 'node:fs';
import { hasZodFastifySchemaValidationErrors, jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Db } from '../db/db.js';
import { ReadRouter } from '../db/reads.js';
import type { Config } from '../config.js';
import type { Actor } from '../actor.js';
import { AppError, errorBody } from '../errors.js';
import { problemFromIssue } from './zod-problems.js';
import { authPlugin } from './auth-plugin.js';
import { installGuard, type RouteEntry } from './guard.js';
import { authRoutes } from '../modules/auth/auth.routes.js';
import { regionRoutes } from '../modules/regions/regions.routes.js';
import { workerRoutes } from '../modules/workers/workers.routes.js';
import { userRoutes } from '../modules/users/users.routes.js';
import { sectorRoutes } from '../modules/sectors/sectors.routes.js';
import { importRoutes } from '../modules/imports/imports.routes.js';
import { fundingRoutes } from '../modules/funding/funding.routes.js';
import { planRoutes } from '../modules/plans/plans.routes.js';
import { enrolmentRoutes } from '../modules/enrolment/enrolment.routes.js';
import { billingRoutes } from '../modules/billing/billing.routes.js';
import { acquisitionRoutes } from '../modules/billing/acquisition.routes.js';
import { verificationRoutes } from '../modules/verification/verification.routes.js';
import { duplicateRoutes } from '../modules/duplicates/duplicates.routes.js';
import { registryRoutes } from '../modules/registry/registry.routes.js';
import { qualityRoutes } from '../modules/quality/quality.routes.js';
import { coverageRoutes, rateLimitError } from '../modules/coverage/coverage.routes.js';
import { jobRoutes } from '../modules/jobs/jobs.routes.js';
import { homeRoutes } from '../modules/home/home.routes.js';
import { letterheadRoutes } from '../modules/letterheads/letterheads.routes.js';
import { claimRoutes } from '../modules/claims/claims.routes.js';
import { claimExchangeRoutes } from '../modules/claims/claims-exchange.routes.js';
import { claimReportRoutes } from '../modules/claims/claims-reports.routes.js';
import { donorRoutes } from '../modules/donors/donors.routes.js';
import { donorStaffRoutes } from '../modules/donors/donors-staff.routes.js';
import { mailRoutes } from '../modules/mail/mail.routes.js';
import { JobRunner } from '../modules/jobs/runner.js';
import { flushStatusLog } from '../modules/coverage/status-log.js';
import rateLimit from '@fastify/rate-limit';
import multipart from '@fastify/multipart';
import { z } from 'zod';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    /** Reads that may lag a little (dashboards, public pages, exports, reports): a replica when configured. */
    reads: ReadRouter;
    config: Config;
    /** This instance's job runner: routes queue work and nudge it; it also takes other instances' jobs. */
    jobs: JobRunner;
  }
  interface FastifyRequest {
    actor: Actor | null;
    csrfToken: string | null;
  }
}

export interface AppOptions {
  db: Db;
  /** The read replica router (DATABASE_READ_URL); without one every read goes to `db`. */
  reads?: ReadRouter;
  config: Config;
  /** Built web app to serve (dist/web); omitted in API-only tests. */
  webRoot?: string | null;
  logger?: boolean;
  /** Whether this instance enqueues the scheduled jobs (the server does; API tests do not). */
  schedules?: boolean;
}

/** Requests are logged without query strings or bodies: they may hold NIKs or names (UU 27/2022). */
const requestSerializer = (req: FastifyRequest) => ({ id: req.id, method: req.method, url: req.url.split('?')[0] });

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      opts.logger === false
        ? false
        : {
            level: opts.config.logLevel,
            serializers: { req: requestSerializer },
            // A second guard behind the drivers' scrubbing: these fields of an error may hold personal data.
            redact: ['err.params', 'err.parameters', 'err.detail', 'err.query', 'err.queryOptions', 'err.internalQuery'],
          },
    bodyLimit: 2 * 1024 * 1024,
    // X-Forwarded-For is believed only from proxies named in JARING_TRUSTED_PROXIES (none by default).
    trustProxy: opts.config.trustedProxies.length > 0 ? opts.config.trustedProxies : false,
    // Errors the router raises before any route runs (a malformed URL, a path part over 100 characters).
    frameworkErrors: (err, req, reply) => {
      const status = (err as { statusCode?: number }).statusCode ?? 400;
      void (reply as unknown as FastifyReply).status(status).send(errorBody(frameworkError(status, err), req.id));
    },
  });
  app.decorate('db', opts.db);
  app.decorate('reads', opts.reads ?? new ReadRouter(opts.db, null, opts.config.readMaxLagSeconds));
  app.decorate('config', opts.config);
  const jobs = new JobRunner(
    { db: opts.db, config: opts.config },
    {
      pollMs: opts.config.jobPollMs,
      concurrency: opts.config.jobConcurrency,
      schedules: opts.schedules ?? false,
      staleSeconds: 120,
      onError: (job, err) => app.log.warn({ jobId: job.id, kind: job.kind, code: (err as { code?: string })?.code }, 'job attempt failed'),
    },
  );
  app.decorate('jobs', jobs);
  app.addHook('onReady', async () => jobs.start());
  app.addHook('onClose', async () => jobs.stop());
  // The public status check's buffered audit records are written before the database closes.
  app.addHook('onClose', async () => flushStatusLog(opts.db));
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  app.setErrorHandler((err, req, reply) => {
    if (err instanceof AppError) return reply.status(err.status).send(errorBody(err, req.id));
    if (hasZodFastifySchemaValidationErrors(err)) {
      const problems = err.validation.map((v) => {
        // The zod issue travels as keyword (its code) and params (its details).
        const issue = { ...(v.params as object), code: v.keyword, path: v.instancePath.split('/').filter(Boolean) };
        return problemFromIssue(issue, err.validationContext ?? 'body');
      });
      return reply.status(400).send(errorBody(AppError.validation(problems), req.id));
    }
    const status = (err as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) return reply.status(status).send(errorBody(frameworkError(status, err), req.id));
    // A value the database refuses (out of range, invalid text, unknown reference) that a schema let through:
    // the client's fault, told without echoing the value; logged so the schema can be tightened.
    const sqlState = (err as { code?: unknown }).code;
    if (typeof sqlState === 'string' && /^(22|23)[0-9A-Z]{3}$/.test(sqlState)) {
      req.log.warn({ sqlState, route: req.routeOptions.url }, 'value refused by the database');
      return reply.status(400).send(
        errorBody(
          new AppError('validation', {
            id: 'Salah satu nilai di luar rentang atau merujuk data yang tidak ada',
            en: 'One of the values is out of range or refers to data that does not exist',
          }),
          req.id,
        ),
      );
    }
    req.log.error({ err }, 'unhandled error');
    return reply.status(500).send(errorBody(new AppError('internal'), req.id));
  });

  // Only routes that ask for it are limited (the public status check); logins have their own lockout.
  await app.register(rateLimit, { global: false, errorResponseBuilder: () => rateLimitError() });
  await app.register(cookie);
  await app.register(multipart);
  // Security headers on every answer, from helmet's middleware built once. (@fastify/helmet built the whole
  // middleware again for every request — its CSP parsed each time: about 8 % of a public status check's CPU.)
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
      },
    },
  });
  app.addHook('onRequest', (req, reply, done) => securityHeaders(req.raw, reply.raw, (err) => done(err as Error | undefined)));
  await app.register(swagger, {
    openapi: {
      info: { title: 'Jaring API', version: '1', description: 'Perlindungan jaminan sosial ketenagakerjaan pekerja rentan' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'jaring_session' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  // Answers of the API may hold personal data: no browser or proxy keeps them.
  app.addHook('onSend', async (req, reply) => {
    if (req.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
  });
  await app.register(authPlugin);
  const routeTable: RouteEntry[] = [];
  app.decorate('routeTable', routeTable);
  await app.register(
    async (api) => {
      installGuard(api, routeTable);
      api.get(
        '/health',
        { config: { access: 'public' }, schema: { hide: true, response: { 200: z.object({ ok: z.boolean(), db: z.string() }) } } },
        async () => ({ ok: true, db: opts.db.kind }),
      );
      await api.register(authRoutes);
      await api.register(regionRoutes);
      await api.register(sectorRoutes);
      await api.register(workerRoutes);
      await api.register(userRoutes);
      await api.register(importRoutes);
      await api.register(fundingRoutes);
      await api.register(planRoutes);
      await api.register(enrolmentRoutes);
      await api.register(billingRoutes);
      await api.register(acquisitionRoutes);
      await api.register(verificationRoutes);
      await api.register(duplicateRoutes);
      await api.register(registryRoutes);
      await api.register(qualityRoutes);
      await api.register(coverageRoutes);
      await api.register(jobRoutes);
      await api.register(homeRoutes);
      await api.register(letterheadRoutes);
      await api.register(claimRoutes);
      await api.register(claimExchangeRoutes);
      await api.register(claimReportRoutes);
      await api.register(donorRoutes);
      await api.register(donorStaffRoutes);
      await api.register(mailRoutes);
    },
    { prefix: '/api/v1' },
  );
  if (opts.webRoot && existsSync(opts.webRoot)) {
    await app.register(fastifyStatic, {
      root: opts.webRoot,
      wildcard: false,
      // gzip/brotli copies written at build time (tools/precompress.mjs): no compression work per request.
      preCompressed: true,
      // Hashed file names never change: cached for a year. The page itself is checked every time.
      setHeaders: (reply, path) => {
        void reply.header('cache-control', /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
    app.setNotFoundHandler((req, reply) => {
      // The app's own routes (/workers, /plans/3) get the page; a missing file (/assets/x.js) is a 404, never HTML.
      const path = req.url.split('?')[0]!;
      // Region codes have dots (/regions/35.09): only a real file extension makes a path an asset.
      const asset = /\.(js|mjs|css|map|png|jpe?g|gif|svg|ico|json|txt|woff2?|webmanifest|gz|br)$/i.test(path);
      if (req.method === 'GET' && !path.startsWith('/api/') && !asset) return reply.header('cache-control', 'no-cache').sendFile('index.html');
      return reply.status(404).send(errorBody(new AppError('not_found'), req.id));
    });
  } else {
    app.setNotFoundHandler((req, reply) => reply.status(404).send(errorBody(new AppError('not_found'), req.id)));
  }
  return app;
}

/** Fastify's own 4xx errors (body too large, URL too long, bad multipart, wrong content type) in Jaring's bilingual shape. */
function frameworkError(status: number, err: unknown): AppError {
  const code = String((err as { code?: unknown }).code ?? '');
  if (status === 404) return new AppError('not_found');
  if (status === 429) return new AppError('rate_limited');
  if (status === 413) return new AppError('too_large');
  if (status === 414) return new AppError('uri_too_long');
  if (status === 415) return new AppError('unsupported_media_type');
  if (code.startsWith('FST_') && /MULTIPART|BOUNDARY|FILE|PART/i.test(code + String((err as Error).message)))
    return new AppError('validation', {
      id: 'Unggahan multipart tidak terbaca (batas/boundary atau bagian berkas tidak ada)',
      en: 'The multipart upload cannot be read (boundary or file part missing)',
    });
  if (code === 'FST_ERR_CTP_INVALID_JSON_BODY' || code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || (err as Error).name === 'SyntaxError')
    return new AppError('validation', { id: 'Isi permintaan bukan JSON yang sah', en: 'The request body is not valid JSON' });
  return new AppError(status === 401 ? 'unauthenticated' : status === 403 ? 'forbidden' : 'validation');
}
