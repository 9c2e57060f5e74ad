import type { Db } from '../db/db.js';
import { SYSTEM_ACTOR, type Actor } from '../actor.js';
import { actorOf } from '../modules/auth/auth.service.js';
import { AppError } from '../errors.js';
import { findUserByUsername } from '../modules/users/users.repository.js';

/** `--as USERNAME`: act as that user with their role and region scope; without it, as the system. */
export async function actorFor(db: Db, username?: string): Promise<Actor> {
  if (!username) return SYSTEM_ACTOR;
  const u = await findUserByUsername(db, username);
  if (!u || !u.active) throw new AppError('not_found', { id: `Pengguna "${username}" tidak ada`, en: `User "${username}" does not exist` });
  return actorOf({ user_id: u.id, username: u.username, role: u.role, region_code: u.region_code, donor_id: u.donor_id });
}
