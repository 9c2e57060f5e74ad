import { z } from 'zod';

/** Request and response shapes of the donors routes; the web imports its view types from here. */

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);

export const donorInputSchema = z.object({
  kind: z.enum(['civil_servant', 'citizen', 'company']),
  name: z.string().max(200),
  email: z.string().max(254),
  password: z.string().max(200).optional(),
  nip: z.string().max(30).nullish(),
  npwp: z.string().max(30).nullish(),
  contactName: z.string().max(200).nullish(),
  phone: z.string().max(20).nullish(),
  regencyCode: z.string().max(20).optional(),
});
export type DonorInput = z.infer<typeof donorInputSchema>;

export const namedWorkerSchema = z.object({
  nik: z.string().max(20),
  fullName: z.string().max(200),
  birthDate: z.string().max(10),
  villageCode: z.string().max(20),
  sectorCode: z.string().max(40),
  occupation: z.string().max(200).nullish(),
  phone: z.string().max(20).nullish(),
  address: z.string().max(300).nullish(),
});
export type NamedWorkerInput = z.infer<typeof namedWorkerSchema>;

export const sponsorshipInputSchema = z.object({
  donorId: z.number().int().optional(),
  kind: z.enum(['named', 'pool']),
  months: z.number().int(),
  monthFrom: z.string().max(7),
  worker: namedWorkerSchema.optional(),
  consent: z
    .object({
      by: z.string().max(200).optional(),
      method: z.enum(['in_person', 'phone', 'written', 'message']).optional(),
      at: z.string().max(10).optional(),
      note: z.string().max(500).optional(),
    })
    .optional(),
  workersWanted: z.number().int().optional(),
  areaCode: z.string().max(20).optional(),
  renewedFrom: z.number().int().optional(),
});
export type SponsorshipInput = z.infer<typeof sponsorshipInputSchema>;

export const donorSchema = z.object({
  id: z.number(),
  kind: z.enum(['civil_servant', 'citizen', 'company']),
  name: z.string(),
  nip: z.string().nullable(),
  npwp: z.string().nullable(),
  contactName: z.string().nullable(),
  email: z.string(),
  phone: z.string().nullable(),
  regencyCode: z.string(),
  regencyName: z.string(),
  verified: z.boolean(),
  createdAt: z.string(),
  sponsorships: z.number().nullable(),
  paid: z.number().nullable(),
  expected: z.number().nullable(),
  workers: z.number().nullable(),
  lastPaidOn: z.string().nullable(),
});
export type DonorView = z.infer<typeof donorSchema>;

export const donationSchema = z.object({
  id: z.number(),
  donorId: z.number(),
  donorName: z.string(),
  sponsorshipId: z.number(),
  regencyCode: z.string(),
  amount: z.number(),
  paymentCode: z.string(),
  status: z.enum(['expected', 'paid', 'refunded', 'cancelled']),
  paidOn: z.string().nullable(),
  paidAmount: z.number(),
  paidReference: z.string().nullable(),
  refundedAmount: z.number(),
  receiptNumber: z.string().nullable(),
  createdAt: z.string(),
});
export type DonationView = z.infer<typeof donationSchema>;

const monthPrice = z.object({ month, amount: z.number(), discountBasis: z.string().nullable() });

export const sponsorshipSchema = z.object({
  id: z.number(),
  donorId: z.number(),
  donorName: z.string(),
  regencyCode: z.string(),
  regencyName: z.string(),
  kind: z.enum(['named', 'pool']),
  workerName: z.string().nullable(),
  areaName: z.string().nullable(),
  workersWanted: z.number().nullable(),
  months: z.number(),
  monthFrom: z.string(),
  monthTo: z.string(),
  amount: z.number(),
  price: z.object({
    months: z.array(monthPrice),
    total: z.number(),
    segments: z.array(z.object({ year: z.number(), from: z.string(), to: z.string(), amount: z.number() })),
  }),
  status: z.enum(['awaiting_payment', 'awaiting_assignment', 'active', 'refund_due', 'refunded', 'cancelled']),
  statusNote: z.string(),
  consent: z.object({ by: z.string(), method: z.string(), at: z.string(), note: z.string() }).nullable(),
  renewedFrom: z.number().nullable(),
  paid: z.number(),
  assigned: z.number(),
  assignedAmount: z.number(),
  createdAt: z.string(),
  workers: z.array(
    z.object({
      workerId: z.number(),
      name: z.string(),
      villageCode: z.string(),
      monthFrom: z.string(),
      monthTo: z.string(),
      amount: z.number(),
      protection: z.string().nullable(),
      kpj: z.string().nullable(),
    }),
  ),
  byDistrict: z.array(z.object({ district: z.string(), workers: z.number() })),
  donations: z.array(donationSchema),
});
export type SponsorshipView = z.infer<typeof sponsorshipSchema>;

export const quoteSchema = z.object({ months: z.array(monthPrice), perWorker: z.number(), workers: z.number(), total: z.number() });
export type QuoteView = z.infer<typeof quoteSchema>;

export const statementLineSchema = z.object({
  id: z.number(),
  statementId: z.number(),
  lineNo: z.number(),
  bookedOn: z.string(),
  amount: z.number(),
  reference: z.string(),
  description: z.string(),
  status: z.enum(['matched', 'partial', 'unmatched', 'ignored', 'decided']),
  donationId: z.number().nullable(),
  decidedBy: z.string().nullable(),
  note: z.string(),
});
export type StatementLineView = z.infer<typeof statementLineSchema>;

export const statementsSchema = z.object({
  statements: z.array(
    z.object({
      id: z.number(),
      format: z.string(),
      fileName: z.string(),
      lines: z.number(),
      matched: z.number(),
      createdBy: z.string(),
      createdAt: z.string(),
    }),
  ),
  items: z.array(statementLineSchema),
});

export const poolsSchema = z.object({
  items: z.array(
    z.object({
      id: z.number(),
      donorName: z.string(),
      regencyCode: z.string(),
      areaName: z.string().nullable(),
      paid: z.number(),
      assigned: z.number(),
      balance: z.number(),
      workersWanted: z.number(),
      workers: z.number(),
      monthFrom: z.string(),
      months: z.number(),
    }),
  ),
});
export type PoolView = z.infer<typeof poolsSchema>['items'][number];

export const overviewSchema = z.object({
  donor: donorSchema,
  totals: z.object({ workersProtected: z.number(), monthsFunded: z.number(), paid: z.number(), claimsPaid: z.number(), claimsAmount: z.number() }),
  claims: z.array(z.object({ benefit: z.string(), claims: z.number(), amount: z.number() })),
  sponsorships: z.array(sponsorshipSchema),
});
export type DonorOverview = z.infer<typeof overviewSchema>;

export const lapsedSchema = z.object({
  year: z.number(),
  items: z.array(
    z.object({ id: z.number(), kind: z.string(), name: z.string(), email: z.string(), regencyCode: z.string(), lastYear: z.number(), lastPaidOn: z.string() }),
  ),
});

export const countersSchema = z.object({
  minCount: z.number(),
  items: z.array(
    z.object({ regencyCode: z.string(), regencyName: z.string(), donors: z.number(), workers: z.number(), months: z.number(), suppressed: z.boolean() }),
  ),
});
export type DonorCounters = z.infer<typeof countersSchema>;
