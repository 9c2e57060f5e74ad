import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../http/auth-plugin.js';
import { fileResponses, errorResponses, idParam, isoMonth } from '../../http/schemas.js';
import { PDF, XLSX, download } from '../../http/download.js';
import { deletePlan, getPlan, listPlanCandidates, listPlans, previewPlan, runPlan } from './plans.service.js';
import { doubleFunding, reviewPlan, submitPlan } from './review.service.js';
import { budgetNeeded, whatIf } from './what-if.service.js';
import { writePlanPdf, writePlanWorkbook } from './exports.js';
import { budgetNeededSchema, candidateSchema, doubleFundingSchema, lossesSchema, planSchema, previewSchema, whatIfSchema } from './plans.schemas.js';
import { listPlanLosses, planLosses } from './losses.service.js';

const period = z.object({ programId: z.number().int(), fiscalYear: z.number().int(), monthFrom: isoMonth(), monthTo: isoMonth() });

export const planRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/plans/preview',
    {
      config: { access: 'funding.read' },
      schema: {
        tags: ['plans'],
        summary: 'Pratinjau aturan: berapa calon diterima tiap sumber dan mengapa yang lain tidak / eligibility preview',
        body: period,
        response: { 200: previewSchema, ...errorResponses },
      },
    },
    async (req) => previewPlan(app.db, requireActor(req), req.body),
  );

  app.post(
    '/plans',
    {
      config: { access: 'funding.write' },
      schema: {
        tags: ['plans'],
        summary: 'Jalankan optimasi dan simpan sebagai draf / run the optimizer and save a draft plan',
        body: period.extend({ name: z.string().max(200).optional() }),
        response: { 201: planSchema, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await runPlan(app.db, requireActor(req), req.body)),
  );

  app.get(
    '/plans',
    {
      config: { access: 'funding.read' },
      schema: {
        tags: ['plans'],
        summary: 'Daftar rencana / plans in your region',
        querystring: z.object({ programId: z.coerce.number().int().optional() }),
        response: { 200: z.object({ items: z.array(planSchema) }), ...errorResponses },
      },
    },
    async (req) => ({ items: await listPlans(app.db, requireActor(req), req.query.programId) }),
  );

  app.get(
    '/plans/:id',
    {
      config: { access: 'funding.read' },
      schema: {
        tags: ['plans'],
        summary: 'Rencana dan penjelasannya / a plan with its explanation',
        params: idParam,
        response: { 200: planSchema, ...errorResponses },
      },
    },
    async (req) => getPlan(app.db, requireActor(req), req.params.id),
  );

  app.get(
    '/plans/:id/candidates',
    {
      config: { access: 'funding.read' },
      schema: {
        tags: ['plans'],
        summary: 'Calon: didanai, tidak tertampung anggaran, atau tidak memenuhi syarat beserta alasannya / candidates with outcome and reason',
        params: idParam,
        querystring: z.object({
          outcome: z.enum(['funded', 'out_of_budget', 'ineligible']).optional(),
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(500).default(50),
        }),
        response: { 200: z.object({ items: z.array(candidateSchema), total: z.number() }), ...errorResponses },
      },
    },
    async (req) => listPlanCandidates(app.db, requireActor(req), req.params.id, req.query),
  );

  app.get(
    '/plans/:id/losses',
    {
      config: { access: 'funding.read' },
      schema: {
        tags: ['plans'],
        summary: 'Siapa kehilangan perlindungan dengan rencana ini dan mengapa / who loses protection under this plan and why',
        params: idParam,
        querystring: z.object({ page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(500).default(50) }),
        response: { 200: lossesSchema, ...errorResponses },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const summary = await planLosses(app.db, actor, req.params.id);
      const page = await listPlanLosses(app.db, actor, req.params.id, req.query);
      return { ...summary, items: page.items, page: req.query.page };
    },
  );

  for (const [path, action, access] of [
    ['submit', 'Ajukan untuk ditinjau / submit for review', 'funding.write'],
    ['approve', 'Setujui (bukan oleh pembuatnya) / approve (not by its maker)', 'plans.approve'],
    ['reject', 'Tolak / reject', 'plans.approve'],
  ] as const) {
    app.post(
      `/plans/:id/${path}`,
      {
        config: { access },
        schema: {
          tags: ['plans'],
          summary: action,
          params: idParam,
          body: z.object({ note: z.string().max(1000).optional(), confirmLosses: z.boolean().optional() }).optional(),
          response: { 200: planSchema, ...errorResponses },
        },
      },
      async (req) => {
        const actor = requireActor(req);
        const plan =
          path === 'submit'
            ? await submitPlan(app.db, actor, req.params.id)
            : await reviewPlan(app.db, actor, req.params.id, path, req.body?.note ?? '', { confirmLosses: req.body?.confirmLosses === true });
        return plan;
      },
    );
  }

  app.delete(
    '/plans/:id',
    {
      config: { access: 'funding.write' },
      schema: { tags: ['plans'], summary: 'Hapus draf / delete a draft or rejected plan', params: idParam, response: { 204: z.null(), ...errorResponses } },
    },
    async (req, reply) => {
      await deletePlan(app.db, requireActor(req), req.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/plans/:id/summary.pdf',
    {
      config: { access: 'funding.read', download: true },
      schema: { response: fileResponses, tags: ['plans'], summary: 'Ringkasan rencana (PDF) / plan summary as PDF', params: idParam },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const plan = await getPlan(app.db, actor, req.params.id);
      return download(req, reply, PDF, `rencana-${plan.id}.pdf`, (out) => writePlanPdf(app.db, actor, plan, out));
    },
  );

  app.get(
    '/plans/:id/workers.xlsx',
    {
      config: { access: 'funding.read', download: true },
      schema: {
        response: fileResponses,
        tags: ['plans'],
        summary: 'Daftar pekerja yang didanai (XLSX, tercatat di audit) / funded workers as XLSX',
        params: idParam,
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const plan = await getPlan(app.db, actor, req.params.id); // 404 before any byte is sent
      return download(req, reply, XLSX, `rencana-${req.params.id}-pekerja.xlsx`, (out) => writePlanWorkbook(app.db, actor, plan, out));
    },
  );

  app.post(
    '/plans/what-if',
    {
      config: { access: 'funding.read' },
      schema: {
        tags: ['plans'],
        summary: 'Bagaimana jika: tambahan pagu, atau jumlah bulan lain / what if the budget or the months change',
        body: period.extend({
          scenario: z.object({
            monthFrom: isoMonth().optional(),
            monthTo: isoMonth().optional(),
            budgetChanges: z
              .array(z.object({ sourceId: z.number().int(), add: z.number() }))
              .max(50)
              .optional(),
          }),
        }),
        response: {
          200: whatIfSchema,
          ...errorResponses,
        },
      },
    },
    async (req) => whatIf(app.db, requireActor(req), req.body),
  );

  app.post(
    '/plans/budget-needed',
    {
      config: { access: 'funding.read' },
      schema: {
        tags: ['plans'],
        summary: 'Berapa dana untuk melindungi N pekerja / how much money to protect N workers or reach a coverage target',
        body: period.extend({
          sourceId: z.number().int(),
          targetWorkers: z.number().int().optional(),
          targetPercent: z.number().min(0).max(100).optional(),
          baseWorkers: z.number().int().optional(),
        }),
        response: {
          200: budgetNeededSchema,
          ...errorResponses,
        },
      },
    },
    async (req) => budgetNeeded(app.db, requireActor(req), req.body),
  );

  app.get(
    '/funding/double-funding',
    {
      config: { access: 'funding.read' },
      schema: {
        tags: ['plans'],
        summary: 'NIK yang didanai dua kali untuk bulan yang sama, dengan Rupiah yang dipertaruhkan / double funding report',
        querystring: z.object({
          fiscalYear: z.coerce.number().int().min(2014).max(2100).optional(),
          planId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
        }),
        response: { 200: z.object({ items: z.array(doubleFundingSchema), total: z.number(), rupiahAtStake: z.number() }), ...errorResponses },
      },
    },
    async (req) => doubleFunding(app.db, requireActor(req), req.query),
  );
};
