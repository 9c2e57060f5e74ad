import { join } from 'node:path';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../http/auth-plugin.js';
import { errorResponses, fileResponses } from '../../http/schemas.js';
import { receiveUpload } from '../../http/upload.js';
import { rmSync } from 'node:fs';
import { AppError } from '../../errors.js';
import { download } from '../../http/download.js';
import { getLetterhead, letterheadLogo, MAX_LOGO_BYTES, saveLetterhead, saveLogo } from './letterheads.service.js';
import { letterheadInputSchema, letterheadSchema } from './letterheads.schemas.js';

const regionQuery = z.object({ regionCode: z.string().max(20).optional() });

export const letterheadRoutes: FastifyPluginAsyncZod = async (app) => {
  const uploads = join(app.config.dataDir, 'uploads');

  app.get(
    '/letterhead',
    {
      config: { access: 'workers.read' },
      schema: {
        tags: ['letterhead'],
        summary: 'Kop surat, penanda tangan dan penomoran kantor / the office letterhead, signatory and numbering',
        querystring: regionQuery,
        response: { 200: letterheadSchema, ...errorResponses },
      },
    },
    async (req) => getLetterhead(app.db, requireActor(req), req.query.regionCode),
  );

  app.put(
    '/letterhead',
    {
      config: { access: 'settings.write' },
      schema: {
        tags: ['letterhead'],
        summary: 'Simpan kop surat kantor Anda / save your office’s letterhead',
        body: letterheadInputSchema,
        response: { 200: letterheadSchema, ...errorResponses },
      },
    },
    async (req) => saveLetterhead(app.db, requireActor(req), req.body),
  );

  app.post(
    '/letterhead/logo',
    {
      config: { access: 'settings.write' },
      schema: {
        tags: ['letterhead'],
        summary: 'Unggah logo kop surat (PNG/JPEG, ≤ 256 KB) / upload the letterhead logo',
        querystring: regionQuery,
        response: { 200: letterheadSchema, ...errorResponses },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const f = await receiveUpload(req, uploads, { extensions: ['.png', '.jpg', '.jpeg'], maxBytes: MAX_LOGO_BYTES });
      try {
        return await saveLogo(app.db, actor, { path: f.path, regionCode: req.query.regionCode });
      } finally {
        rmSync(f.path, { force: true });
      }
    },
  );

  app.get(
    '/letterhead/logo',
    {
      config: { access: 'workers.read', download: true },
      schema: { tags: ['letterhead'], summary: 'Logo kop surat / the letterhead logo', querystring: regionQuery, response: fileResponses },
    },
    async (req, reply) => {
      const lh = await getLetterhead(app.db, requireActor(req), req.query.regionCode);
      const logo = lh.hasLogo ? await letterheadLogo(app.db, lh.regionCode) : null;
      if (!logo) throw new AppError('not_found', { id: 'Belum ada logo', en: 'No logo yet' });
      return download(req, reply, logo.type, logo.type === 'image/png' ? 'logo.png' : 'logo.jpg', async (out) => void out.end(logo.logo));
    },
  );
};
