import { can, type Permission, type Role } from './domain/roles.js';
import { AppError } from './errors.js';

/** The person behind a request or a CLI command. `scope` is a region code; null means the whole country. */
export interface Actor {
  id: number | null;
  username: string;
  role: Role;
  scope: string | null;
  /** The donor a `donor` user acts for; their scope is their own rows (access.ts), never a region. */
  donorId?: number | null;
}

/**
 * The scope stored on a donor's actor: a code no region has, so any check that reads `scope` directly
 * sees a region that contains nothing rather than the whole country (access.ts decides by `donorId`).
 */
export const DONOR_SCOPE = '00';

/** The CLI acting on behalf of whoever runs it on the server (seed, user creation). */
export const SYSTEM_ACTOR: Actor = { id: null, username: 'system', role: 'super_admin', scope: null };

export function requirePermission(actor: Actor, permission: Permission): void {
  if (!can(actor.role, permission)) throw new AppError('forbidden');
}
