import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../http/auth-plugin.js';
import { errorResponses, fileResponses, isoMonth } from '../../http/schemas.js';
import { PDF, XLSX, download } from '../../http/download.js';
import { acquisitionReport, setBpjsBranch } from './acquisition.service.js';
import { writeAcquisitionPdf, writeAcquisitionWorkbook } from './acquisition.exports.js';

const figures = {
  workers: z.number().int(),
  full: z.number().int(),
  partial: z.number().int(),
  uncounted: z.number().int(),
  credited: z.number(),
  rupiah: z.number().int(),
};
const sourceRow = z.object({
  ...figures,
  regencyCode: z.string(),
  sourceId: z.number().int(),
  sourceName: z.string(),
  kind: z.string(),
  fundingType: z.string(),
  creditClass: z.enum(['government', 'private']),
  byMonths: z.array(z.object({ months: z.number().int(), workers: z.number().int() })),
});
const reportSchema = z.object({
  monthFrom: z.string(),
  monthTo: z.string(),
  fullMonths: z.number().int(),
  legalBasis: z.string(),
  branches: z.array(z.object({ ...figures, regencyCode: z.string(), regencyName: z.string(), branch: z.string().nullable(), sources: z.array(sourceRow) })),
  total: z.object(figures),
});
const period = z.object({ monthFrom: isoMonth(), monthTo: isoMonth() });

/** The BPJS branch's acquisition report (issue 16.6) and the branch that serves a regency. */
export const acquisitionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/reports/acquisition',
    {
      config: { access: 'funding.read' },
      schema: {
        tags: ['billing'],
        summary: 'Akuisisi pekerja rentan bersubsidi menurut KPI BPJS per kantor cabang, sumber dan periode / acquisition by the BPJS KPI rule',
        querystring: period,
        response: { 200: reportSchema, ...errorResponses },
      },
    },
    async (req) => acquisitionReport(app.db, requireActor(req), req.query),
  );

  for (const [ext, type, write] of [
    ['xlsx', XLSX, writeAcquisitionWorkbook],
    ['pdf', PDF, writeAcquisitionPdf],
  ] as const)
    app.get(
      `/reports/acquisition.${ext}`,
      {
        config: { access: 'funding.read', download: true },
        schema: {
          tags: ['billing'],
          summary: `Laporan akuisisi (${ext.toUpperCase()}, tercatat di audit) / the acquisition report as ${ext.toUpperCase()}`,
          querystring: period,
          response: fileResponses,
        },
      },
      async (req, reply) => {
        const actor = requireActor(req);
        const report = await acquisitionReport(app.db, actor, req.query); // a bad period is a 400 before any byte
        return download(req, reply, type, `akuisisi-${report.monthFrom}-${report.monthTo}.${ext}`, (out) => write(app.db, actor, report, out));
      },
    );

  app.put(
    '/bpjs-branches/:code',
    {
      config: { access: 'settings.write' },
      schema: {
        tags: ['billing'],
        summary: 'Kantor cabang BPJS Ketenagakerjaan yang melayani kabupaten/kota / the BPJS branch serving a regency',
        params: z.object({ code: z.string().max(20) }),
        body: z.object({ name: z.string().max(200) }),
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      await setBpjsBranch(app.db, requireActor(req), req.params.code, req.body.name);
      return reply.status(204).send(null);
    },
  );
};
