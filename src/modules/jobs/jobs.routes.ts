import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../http/auth-plugin.js';
import { errorResponses, idParam } from '../../http/schemas.js';
import { getJob, listJobs, retryJob, runScheduleNow } from './jobs.service.js';
import { jobListSchema, jobQuerySchema, jobSchema } from './jobs.schemas.js';

export const jobRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/jobs',
    {
      config: { access: 'jobs.read' },
      schema: {
        tags: ['jobs'],
        summary: 'Tugas latar belakang dan jadwalnya / background jobs and their schedules',
        querystring: jobQuerySchema,
        response: { 200: jobListSchema, ...errorResponses },
      },
    },
    async (req) => listJobs(app.db, requireActor(req), req.query),
  );

  app.get(
    '/jobs/:id',
    {
      config: { access: 'jobs.read' },
      schema: { tags: ['jobs'], summary: 'Satu tugas / one job', params: idParam, response: { 200: jobSchema, ...errorResponses } },
    },
    async (req) => getJob(app.db, requireActor(req), req.params.id),
  );

  app.post(
    '/jobs/:id/retry',
    {
      config: { access: 'jobs.manage' },
      schema: { tags: ['jobs'], summary: 'Ulangi tugas yang gagal / retry a failed job', params: idParam, response: { 200: jobSchema, ...errorResponses } },
    },
    async (req) => {
      const job = await retryJob(app.db, requireActor(req), req.params.id);
      app.jobs.nudge();
      return job;
    },
  );

  app.post(
    '/jobs/schedules/:name/run',
    {
      config: { access: 'jobs.manage' },
      schema: {
        tags: ['jobs'],
        summary: 'Jalankan jadwal sekarang / run a schedule now',
        params: z.object({ name: z.string().max(60) }),
        response: { 200: jobSchema, ...errorResponses },
      },
    },
    async (req) => {
      const r = await runScheduleNow(app.db, requireActor(req), req.params.name);
      app.jobs.nudge();
      return r;
    },
  );
};
