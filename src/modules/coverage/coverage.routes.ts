import { join } from 'node:path';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../http/auth-plugin.js';
import { fileResponses, errorResponses, isoDate } from '../../http/schemas.js';
import { withUploadedFile, withUploadedTable } from '../../http/upload.js';
import { AppError } from '../../errors.js';
import { CSV, PDF, XLSX, download } from '../../http/download.js';
import { dashboard, importInputs, refreshSubsidised, saveInputs, setTarget } from './coverage.service.js';
import { writeCoveragePdf, writeCoverageWorkbook } from './coverage.exports.js';
import { childBoundaries, importBoundaries } from './boundaries.service.js';
import { publicCoverage, publicStatus } from './public.service.js';
import {
  boundariesImportSchema,
  boundariesSchema,
  dashboardSchema,
  publicCoverageSchema,
  publicStatusSchema,
  refreshSchema,
  savedInputsSchema,
  targetSchema,
} from './coverage.schemas.js';

const where = z.object({ regionCode: z.string().max(20).optional(), asOf: isoDate().optional() });
const input = z.object({
  regionCode: z.string().max(20),
  asOf: isoDate(),
  potential: z.number(),
  potentialSource: z.string().max(300),
  potentialDate: isoDate().nullish(),
  activePu: z.number().nullish(),
  activeBpu: z.number().nullish(),
  activeJakon: z.number().nullish(),
  activePmi: z.number().nullish(),
  activeTotal: z.number().nullish(),
  participantsSource: z.string().max(300),
  participantsDate: isoDate().nullish(),
  reportedPct: z.number().nullish(),
});

export const coverageRoutes: FastifyPluginAsyncZod = async (app) => {
  const uploads = join(app.config.dataDir, 'uploads');

  app.get(
    '/coverage/dashboard',
    {
      config: { access: 'funding.read' },
      schema: {
        tags: ['coverage'],
        summary: 'Cakupan wilayah dan anak-wilayahnya, peringkat, target, deret waktu / coverage dashboard',
        querystring: where,
        response: { 200: dashboardSchema, ...errorResponses },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const read = await app.reads.pick();
      return { ...(await dashboard(read.db, actor, req.query)), freshness: read.freshness };
    },
  );

  app.post(
    '/coverage/inputs',
    {
      config: { access: 'coverage.write' },
      schema: {
        tags: ['coverage'],
        summary: 'Simpan pembilang dan penyebut (dengan sumber dan tanggal) / save numerator and denominator',
        body: z.object({ items: z.array(input).min(1).max(5000) }),
        response: { 200: savedInputsSchema, ...errorResponses },
      },
    },
    async (req) => saveInputs(app.db, requireActor(req), req.body.items),
  );

  app.post(
    '/coverage/inputs/upload',
    {
      config: { access: 'coverage.write' },
      schema: {
        tags: ['coverage'],
        summary: 'Impor CSV/XLSX: KODE_WILAYAH, TANGGAL, POTENSI, AKTIF|PU/BPU/JAKON/PMI, sumber…',
        response: { 200: savedInputsSchema, ...errorResponses },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return withUploadedTable(req, uploads, (f) => importInputs(app.db, actor, f));
    },
  );

  app.put(
    '/coverage/targets',
    {
      config: { access: 'coverage.write' },
      schema: {
        tags: ['coverage'],
        summary: 'Target cakupan per wilayah dan tahun, dengan sumbernya / coverage target',
        body: z.object({ regionCode: z.string().max(20), year: z.number().int(), value: z.number(), source: z.string().max(300) }),
        response: { 200: targetSchema, ...errorResponses },
      },
    },
    async (req) => setTarget(app.db, requireActor(req), req.body),
  );

  app.post(
    '/coverage/refresh',
    {
      config: { access: 'coverage.write' },
      schema: {
        tags: ['coverage'],
        summary: 'Hitung ulang peserta disubsidi dari bulan yang dibayar / rebuild the subsidised aggregate',
        response: { 200: refreshSchema, ...errorResponses },
      },
    },
    async (req) => refreshSubsidised(app.db, requireActor(req)),
  );

  app.get(
    '/coverage/export.:ext',
    {
      config: { access: 'funding.read', download: true },
      schema: {
        response: fileResponses,
        tags: ['coverage'],
        summary: 'Unduh tabel cakupan (XLSX/CSV) atau laporan (PDF)',
        params: z.object({ ext: z.enum(['xlsx', 'csv', 'pdf']) }),
        querystring: where,
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      // The figures may come from the replica; the export's audit record is written on the primary.
      const d = await dashboard((await app.reads.pick()).db, actor, req.query);
      const name = `cakupan-${d.region.code || 'indonesia'}-${d.asOf}.${req.params.ext}`;
      if (req.params.ext === 'pdf') return download(req, reply, PDF, name, (out) => writeCoveragePdf(app.db, actor, d, out));
      const ext = req.params.ext;
      return download(req, reply, ext === 'csv' ? CSV : XLSX, name, (out) => writeCoverageWorkbook(app.db, actor, d, ext, out));
    },
  );

  app.get(
    '/coverage/boundaries',
    {
      config: { access: 'funding.read' },
      schema: {
        tags: ['coverage'],
        summary: 'Batas wilayah yang diimpor untuk anak-wilayah (GeoJSON) / imported boundaries of the children',
        querystring: z.object({ parent: z.string().max(20).optional() }),
        response: { 200: boundariesSchema, ...errorResponses },
      },
    },
    async (req) => {
      requireActor(req);
      return childBoundaries(app.db, req.query.parent || null);
    },
  );

  app.post(
    '/coverage/boundaries',
    {
      config: { access: 'coverage.write' },
      schema: {
        tags: ['coverage'],
        summary: 'Impor batas wilayah resmi (GeoJSON FeatureCollection) / import official boundaries',
        querystring: z.object({ codeProperty: z.string().max(60).optional(), source: z.string().max(200).optional() }),
        response: { 200: boundariesImportSchema, ...errorResponses },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return withUploadedFile(req, uploads, ['.geojson', '.json'], (f) => importBoundaries(app.db, actor, { ...f, ...req.query }));
    },
  );

  // Public, without login: aggregates only, and the status check with its limits.
  app.get(
    '/public/coverage',
    {
      schema: {
        tags: ['public'],
        summary: 'Cakupan per wilayah tanpa data pribadi / coverage without personal data',
        querystring: where,
        response: { 200: publicCoverageSchema, ...errorResponses },
      },
      config: { access: 'public', rateLimit: { max: 120, timeWindow: '1 minute' } },
    },
    async (req) => {
      const read = await app.reads.pick();
      return { ...(await publicCoverage(read.db, req.query)), freshness: read.freshness };
    },
  );

  app.post(
    '/public/status',
    {
      schema: {
        tags: ['public'],
        summary: 'Cek status perlindungan dengan NIK dan nomor KPJ di kartu peserta / check your own protection with NIK and the KPJ on your card',
        body: z.object({ nik: z.string().max(40), kpj: z.string().max(20) }),
        response: { 200: publicStatusSchema, ...errorResponses },
      },
      config: { access: 'public', rateLimit: { max: 10, timeWindow: '1 minute' } },
    },
    async (req) => publicStatus(app.db, req.body),
  );
};

export const rateLimitError = () =>
  new AppError('rate_limited', { id: 'Terlalu banyak permintaan; coba lagi dalam satu menit', en: 'Too many requests; try again in a minute' });
