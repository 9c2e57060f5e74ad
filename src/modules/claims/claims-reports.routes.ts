import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../http/auth-plugin.js';
import { errorResponses, fileResponses, isoDate } from '../../http/schemas.js';
import { PDF, XLSX, download } from '../../http/download.js';
import { todayJakarta } from '../../domain/calendar.js';
import { claimsReport, handoverPeriod, publicClaims, writeHandoverPdf, writeReportPdf, writeReportXlsx } from './reports.service.js';
import { claimsReportSchema, publicClaimsSchema } from './claims.schemas.js';

const yearQuery = z.object({ year: z.coerce.number().int().min(2015).max(2100).optional() });

/** Claims reports: the figures, their XLSX and official PDF, the handover list, and the public aggregates (issue 13). */
export const claimReportRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/claims-report',
    {
      config: { access: 'funding.read' },
      schema: {
        tags: ['claims'],
        summary: 'Laporan klaim: penerima dan Rupiah per manfaat, wilayah, tahun, sumber dana / claims report',
        querystring: yearQuery,
        response: { 200: claimsReportSchema, ...errorResponses },
      },
    },
    async (req) => claimsReport(app.db, requireActor(req), req.query),
  );

  app.get(
    '/claims-report.xlsx',
    {
      config: { access: 'funding.read', download: true },
      schema: { tags: ['claims'], summary: 'Laporan klaim (XLSX) / claims report', querystring: yearQuery, response: fileResponses },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      return download(req, reply, XLSX, `laporan-klaim-${req.query.year ?? 'semua'}.xlsx`, (out) => writeReportXlsx(app.db, actor, req.query, out));
    },
  );

  app.get(
    '/claims-report.pdf',
    {
      config: { access: 'funding.read', download: true },
      schema: { tags: ['claims'], summary: 'Laporan klaim (PDF resmi) / claims report', querystring: yearQuery, response: fileResponses },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      return download(req, reply, PDF, `laporan-klaim-${req.query.year ?? 'semua'}.pdf`, (out) => writeReportPdf(app.db, actor, req.query, out));
    },
  );

  app.get(
    '/claims-handover.pdf',
    {
      config: { access: 'funding.read', download: true },
      schema: {
        tags: ['claims'],
        summary: 'Daftar penyerahan santunan untuk acara (PDF resmi) / the handover list for a ceremony',
        querystring: z.object({ from: isoDate().optional(), to: isoDate().optional() }),
        response: fileResponses,
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const to = req.query.to ?? todayJakarta();
      const from = req.query.from ?? `${to.slice(0, 4)}-01-01`;
      handoverPeriod({ from, to });
      return download(req, reply, PDF, `daftar-penyerahan-${from}-${to}.pdf`, (out) => writeHandoverPdf(app.db, actor, { from, to }, out));
    },
  );

  app.get(
    '/public/claims',
    {
      config: { access: 'public', rateLimit: { max: 120, timeWindow: '1 minute' } },
      schema: {
        tags: ['public'],
        summary: 'Manfaat yang dibayar per wilayah, angka kecil disamarkan / benefits paid per region, small counts suppressed',
        querystring: z.object({ regionCode: z.string().max(20).optional() }),
        response: { 200: publicClaimsSchema, ...errorResponses },
      },
    },
    async (req) => publicClaims(app.db, req.query),
  );
};
