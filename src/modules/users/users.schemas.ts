import { z } from 'zod';
import { ROLES } from '../../domain/roles.js';

/** An account as the users routes answer it (never its password hash). */
export const userSchema = z.object({
  id: z.number(),
  username: z.string(),
  fullName: z.string(),
  role: z.enum(ROLES),
  regionCode: z.string().nullable(),
  active: z.boolean(),
  /** Where reminders go (a village operator's verification reminders); null when none was given. */
  email: z.string().nullable(),
});

export type UserView = z.infer<typeof userSchema>;
