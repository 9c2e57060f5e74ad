import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { listBenefitRules, replaceBenefitRule } from './benefit-rules.service.js';
import { z } from 'zod';
import { requireActor } from '../../http/auth-plugin.js';
import { errorResponses, idParam, isoDate } from '../../http/schemas.js';
import { benefitRulesSchema, budgetSchema, programDetail, programSchema, referenceSchema, sectorTier, sourceSchema } from './funding.schemas.js';
import { addBudget, createProgram, createSource, getProgram, getReference, listPrograms, SOURCE_KINDS, updateSource } from './funding.service.js';

const sourceBody = z.object({
  name: z.string().max(200),
  kind: z.string().max(20),
  fundingType: z.string().max(4).nullish(),
  domicileCode: z.string().max(20).nullish(),
  maxDecile: z.number().nullish(),
  minAge: z.number().nullish(),
  maxAge: z.number().nullish(),
  verifiedWithinMonths: z.number().nullish(),
  excludeWageEarners: z.boolean().optional(),
  excludeFundedElsewhere: z.boolean().optional(),
  sectors: z.array(sectorTier).max(50).optional(),
});

export const fundingRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/funding/reference',
    {
      config: { access: 'funding.read' },
      schema: {
        tags: ['funding'],
        summary: 'Tarif, pita penghasilan, diskon dan batas usia berlaku beserta dasar hukumnya / dated tariffs with legal basis',
        response: {
          200: referenceSchema.extend({ kinds: z.array(z.string()) }),
          ...errorResponses,
        },
      },
    },
    async (req) => ({ ...(await getReference(app.db, requireActor(req))), kinds: [...SOURCE_KINDS] }),
  );

  app.get(
    '/benefit-rules',
    {
      config: { access: 'funding.read' },
      schema: {
        tags: ['funding'],
        summary: 'Aturan manfaat bertanggal dengan dasar hukumnya (JKK, JKM, beasiswa, batas klaim) / dated benefit rules',
        response: { 200: benefitRulesSchema, ...errorResponses },
      },
    },
    async (req) => listBenefitRules(app.db, requireActor(req)),
  );

  app.post(
    '/benefit-rules',
    {
      config: { access: 'reference.write' },
      schema: {
        tags: ['funding'],
        summary: 'Ganti aturan manfaat mulai suatu tanggal (aturan lama tetap untuk kejadian sebelumnya) / replace a benefit rule from a day',
        body: z.object({
          key: z.string().max(60),
          value: z.number(),
          validFrom: z.string().max(20),
          legalBasis: z.string().max(400),
          note: z.string().max(600).optional(),
        }),
        response: { 200: benefitRulesSchema, ...errorResponses },
      },
    },
    async (req) => replaceBenefitRule(app.db, requireActor(req), req.body),
  );

  app.get(
    '/programs',
    {
      config: { access: 'funding.read' },
      schema: {
        tags: ['funding'],
        summary: 'Program di wilayah Anda / programs in your region',
        response: { 200: z.object({ items: z.array(programSchema) }), ...errorResponses },
      },
    },
    async (req) => ({ items: await listPrograms(app.db, requireActor(req)) }),
  );

  app.post(
    '/programs',
    {
      config: { access: 'funding.write' },
      schema: {
        tags: ['funding'],
        summary: 'Buat program / create a program',
        body: z.object({
          regionCode: z.string().max(20),
          name: z.string().max(200),
          description: z.string().max(2000).optional(),
          declaredIncome: z.number().optional(),
          includeJht: z.boolean().optional(),
        }),
        response: { 201: programDetail, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await createProgram(app.db, requireActor(req), req.body)),
  );

  app.get(
    '/programs/:id',
    {
      config: { access: 'funding.read' },
      schema: {
        tags: ['funding'],
        summary: 'Program, sumber dana, aturan dan riwayat pagu / program with sources and budgets',
        params: idParam,
        response: { 200: programDetail, ...errorResponses },
      },
    },
    async (req) => getProgram(app.db, requireActor(req), req.params.id),
  );

  app.post(
    '/programs/:id/sources',
    {
      config: { access: 'funding.write' },
      schema: {
        tags: ['funding'],
        summary: 'Tambah sumber dana dan aturannya / add a funding source with its rules',
        params: idParam,
        body: sourceBody,
        response: { 201: sourceSchema, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await createSource(app.db, requireActor(req), req.params.id, req.body)),
  );

  app.put(
    '/sources/:id',
    {
      config: { access: 'funding.write' },
      schema: {
        tags: ['funding'],
        summary: 'Ubah aturan sumber dana (versi optimistis) / change a source’s rules',
        params: idParam,
        body: sourceBody.extend({ version: z.number().int() }),
        response: { 200: sourceSchema, ...errorResponses },
      },
    },
    async (req) => updateSource(app.db, requireActor(req), req.params.id, req.body.version, req.body),
  );

  app.post(
    '/sources/:id/budgets',
    {
      config: { access: 'funding.write' },
      schema: {
        tags: ['funding'],
        summary: 'Catat pagu awal atau perubahan (PAK) / record the original budget or a revision',
        params: idParam,
        body: z.object({
          fiscalYear: z.number(),
          amount: z.number(),
          stage: z.enum(['original', 'revision']).optional(),
          decidedOn: isoDate().nullish(),
          reference: z.string().max(200).optional(),
        }),
        response: { 201: budgetSchema, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await addBudget(app.db, requireActor(req), req.params.id, req.body)),
  );
};
