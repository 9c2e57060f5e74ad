/** Shapes of the verification API, declared by its routes (src/modules/verification/verification.schemas.ts). */
export type { Item, Reminder, Round, VillageProgress } from '../../../../src/modules/verification/verification.schemas.js';

export const REASONS = ['died', 'moved', 'wage_earner', 'not_informal', 'not_found', 'duplicate', 'other'] as const;
