import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../http/auth-plugin.js';
import { listSectors } from './sectors.repository.js';

const sector = z.object({ code: z.string(), nameId: z.string(), nameEn: z.string(), examples: z.string() });

export const sectorRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/sectors',
    {
      config: { access: 'signed_in' },
      schema: { tags: ['reference'], summary: 'Sektor pekerjaan / occupation sectors', response: { 200: z.object({ items: z.array(sector) }) } },
    },
    async (req) => {
      requireActor(req);
      const rows = await listSectors(app.db);
      return { items: rows.map((r) => ({ code: r.code, nameId: r.name_id, nameEn: r.name_en, examples: r.examples })) };
    },
  );
};
