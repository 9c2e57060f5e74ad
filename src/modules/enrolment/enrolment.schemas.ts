import { z } from 'zod';
import { PARTICIPANT_STATUSES } from '../../domain/protection.js';
import { viewOf } from '../../http/view.js';
import type { BatchView, ParticipantView, enrollablePlans, listParticipants } from './enrolment.service.js';
import type { endParticipant, extendParticipant, refreshLapses, renewCohort, replaceParticipant } from './participants.service.js';
import { LAYOUT_FIELDS } from './files.js';

/** Response schemas of the enrolment routes: the whitelist of what reaches a client. */
type Out<F extends (...args: never[]) => Promise<unknown>> = Awaited<ReturnType<F>>;

export const enrollablePlanSchema = viewOf<Out<typeof enrollablePlans>[number]>()(
  z.object({
    id: z.number(),
    name: z.string(),
    programId: z.number(),
    fiscalYear: z.number(),
    monthFrom: z.string(),
    monthTo: z.string(),
    funded: z.number(),
    enrolled: z.number(),
  }),
);

export const batchSchema = viewOf<BatchView>()(
  z.object({
    id: z.number(),
    planId: z.number(),
    planName: z.string(),
    programId: z.number(),
    programName: z.string(),
    regionCode: z.string(),
    status: z.enum(['submitted', 'answered']),
    submitted: z.number(),
    continuing: z.number(),
    accepted: z.number(),
    rejected: z.number(),
    createdBy: z.string(),
    createdAt: z.string(),
    answeredBy: z.string().nullable(),
    answeredAt: z.string().nullable(),
  }),
);

const layoutField = z.enum(Object.keys(LAYOUT_FIELDS) as [keyof typeof LAYOUT_FIELDS, ...(keyof typeof LAYOUT_FIELDS)[]]);
const layoutColumn = z.object({ header: z.string(), field: layoutField });
export const layoutSchema = z.object({ layout: z.array(layoutColumn) });
export const layoutWithFieldsSchema = layoutSchema.extend({
  fields: z.record(layoutField, z.string()),
  default: z.array(layoutColumn),
});

export const participantSchema = viewOf<ParticipantView>()(
  z.object({
    id: z.number(),
    workerId: z.number(),
    nik: z.string(),
    fullName: z.string(),
    villageCode: z.string(),
    sectorCode: z.string(),
    programId: z.number(),
    kpj: z.string().nullable(),
    status: z.enum(PARTICIPANT_STATUSES),
    statusSince: z.string(),
    endReason: z.string().nullable(),
    rejection: z.string().nullable(),
    batchId: z.number().nullable(),
    version: z.number(),
  }),
);

export const participantListSchema = viewOf<Out<typeof listParticipants>>()(
  z.object({ items: z.array(participantSchema), total: z.number(), byStatus: z.record(z.string(), z.number()) }),
);

export const endedSchema = viewOf<Out<typeof endParticipant>>()(
  z.object({
    participant: participantSchema,
    freed: z.array(z.object({ sourceId: z.number(), monthFrom: z.string(), monthTo: z.string(), fiscalYear: z.number() })),
  }),
);

export const extendedSchema = viewOf<Out<typeof extendParticipant>>()(z.object({ monthFrom: z.string(), monthTo: z.string(), rupiah: z.number() }));

export const replacedSchema = viewOf<Out<typeof replaceParticipant>>()(
  z.object({ left: participantSchema, replacement: participantSchema, monthFrom: z.string(), monthTo: z.string() }),
);

export const renewedSchema = viewOf<Out<typeof renewCohort>>()(
  z.object({
    renewed: z.number(),
    rupiah: z.number(),
    perSource: z.array(z.object({ sourceId: z.number(), name: z.string(), workers: z.number(), rupiah: z.number(), left: z.number() })),
  }),
);

export const lapsedSchema = viewOf<Out<typeof refreshLapses>>()(z.object({ lapsed: z.number() }));

/** The shapes the web app reads (it imports server code only from schemas files). */
export type Batch = z.infer<typeof batchSchema>;
export type Participant = z.infer<typeof participantSchema>;
export type ParticipantStatus = Participant['status'];
export type EnrollablePlan = z.infer<typeof enrollablePlanSchema>;
