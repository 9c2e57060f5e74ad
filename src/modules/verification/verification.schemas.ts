import { z } from 'zod';

/** Shapes of the verification API (issue 16): the routes declare them, the web app reads its types from here. */
export const villageSchema = z.object({
  villageCode: z.string(),
  villageName: z.string(),
  districtName: z.string(),
  total: z.number().int(),
  pending: z.number().int(),
  confirmed: z.number().int(),
  corrected: z.number().int(),
  rejected: z.number().int(),
  notStarted: z.boolean(),
  lastAt: z.string().nullable(),
  remindedAt: z.string().nullable(),
});
export const roundSchema = z.object({
  id: z.number().int(),
  regionCode: z.string(),
  name: z.string(),
  origin: z.enum(['plan', 'filter']),
  originRef: z.string(),
  dueOn: z.string().nullable(),
  status: z.enum(['open', 'signed_off']),
  createdBy: z.string(),
  createdAt: z.string(),
  signedOffBy: z.string().nullable(),
  signedOffAt: z.string().nullable(),
  signOffNote: z.string(),
  version: z.number().int(),
  total: z.number().int(),
  pending: z.number().int(),
  done: z.number().int(),
  villages: z.array(villageSchema),
  bpjs: z.object({
    sentAt: z.string().nullable(),
    answeredAt: z.string().nullable(),
    answered: z.number().int(),
    wageEarners: z.number().int(),
    protectedElsewhere: z.number().int(),
  }),
  rejectedStillFunded: z.number().int(),
});
export const itemSchema = z.object({
  workerId: z.number().int(),
  nik: z.string(),
  fullName: z.string(),
  birthDate: z.string().nullable(),
  villageCode: z.string(),
  villageName: z.string(),
  sectorCode: z.string(),
  phone: z.string().nullable(),
  welfareDecile: z.number().int().nullable(),
  verdict: z.enum(['pending', 'confirmed', 'corrected', 'rejected']),
  reason: z.string().nullable(),
  newSector: z.string().nullable(),
  newPhone: z.string().nullable(),
  note: z.string(),
  verifiedBy: z.string().nullable(),
  verifiedAt: z.string().nullable(),
  photo: z.enum(['KK', 'KTP']).nullable().optional(),
});

export const reminderSchema = z.object({
  villages: z.number().int(),
  messages: z.number().int(),
  withoutEmail: z.array(z.string()),
});

export type VillageProgress = z.infer<typeof villageSchema>;
export type Round = z.infer<typeof roundSchema>;
export type Item = z.infer<typeof itemSchema>;
export type Reminder = z.infer<typeof reminderSchema>;
