import { z } from 'zod';
import { viewOf } from '../../http/view.js';
import type { OutboxView } from './mail.service.js';

export const outboxSchema = z.object({
  items: z.array(
    viewOf<OutboxView>()(
      z.object({
        id: z.number(),
        to: z.string(),
        subject: z.string(),
        text: z.string(),
        purpose: z.string(),
        status: z.enum(['queued', 'sent', 'failed']),
        attempts: z.number(),
        lastError: z.string().nullable(),
        createdAt: z.string(),
        sentAt: z.string().nullable(),
      }),
    ),
  ),
});
export type OutboxT = z.infer<typeof outboxSchema>;
