import type { Queryable } from '../../db/db.js';
import { SYSTEM_ACTOR, type Actor } from '../../actor.js';
import { AppError } from '../../errors.js';
import { insertAudits } from '../audit/audit.repository.js';
import { villageOperatorEmails } from '../users/users.repository.js';
import { queueMail } from '../mail/mail.service.js';
import { tanggal } from '../../files/official-pdf.js';
import * as repo from './verification.repository.js';
import { notFound, requireDisnaker } from './verification.service.js';

/** The daily job reminds a village at most every three days about the same round. */
const QUIET_DAYS = 3;
/** Disnaker's button does not remind a village again within the hour (the job or another press just did). */
const BUTTON_QUIET_MINUTES = 60;

export interface ReminderResult {
  /** Villages reminded (each recorded on the round, with or without an operator's address). */
  villages: number;
  /** Messages queued in the outbox (one per village operator with an e-mail address). */
  messages: number;
  /** Reminded villages none of whose operators gave an e-mail address: Disnaker calls them. */
  withoutEmail: string[];
}

/**
 * Reminds the villages that have not started on an open round: an e-mail to each of their active village
 * operators who gave an address (queued in the outbox in this transaction), the reminder recorded on the
 * round per village, audit-logged. `roundId` = one round now (Disnaker's button, leaving out villages reminded
 * within the hour); null = the daily job over every open round, leaving out villages reminded in the last three days.
 */
export async function remindVillages(db: Queryable, actor: Actor, roundId: number | null, publicUrl: string): Promise<ReminderResult> {
  requireDisnaker(actor, { id: 'Pengingat dikirim oleh Disnaker', en: 'Reminders are sent by Disnaker' });
  return db.transaction(async (tx) => {
    // The round(s) locked first: a press of the button and the daily job at the same moment remind each village once.
    if (roundId !== null) {
      const round = await repo.findRound(tx, actor, roundId, true);
      if (!round) throw notFound(roundId);
      if (round.status !== 'open') throw new AppError('conflict', { id: 'Putaran ini sudah disahkan', en: 'This round is already signed off' });
    } else await repo.lockOpenRounds(tx, actor);
    const quietSince = new Date(Date.now() - (roundId === null ? QUIET_DAYS * 86_400_000 : BUTTON_QUIET_MINUTES * 60_000));
    const villages = await repo.villagesNotStarted(tx, actor, { roundId, quietSince });
    const operators = await villageOperatorEmails(tx, [...new Set(villages.map((v) => v.village_code))]);
    const withoutEmail = new Set<string>();
    const perRound = new Map<number, { regionCode: string; villages: string[]; messages: number }>();
    for (const v of villages) {
      const to = operators.filter((o) => o.region_code === v.village_code);
      for (const o of to) {
        await queueMail(tx, {
          to: o.email,
          subject: `Pengingat verifikasi: ${v.round_name}`.slice(0, 200),
          purpose: 'verification.remind',
          regionCode: v.village_code,
          text: [
            `Yth. ${o.full_name},`,
            '',
            `Desa ${v.village_name ?? v.village_code} belum mulai memverifikasi ${v.pending.toLocaleString('id-ID')} pekerja dalam putaran "${v.round_name}"` +
              (v.due_on ? `, dengan tenggat ${tanggal(v.due_on)}.` : '.'),
            `Buka ${publicUrl}/verification/${v.round_id} dari ponsel Anda untuk mengonfirmasi, memperbaiki atau menolak setiap pekerja.`,
            '',
            `Reminder: your village has not started on verification round "${v.round_name}" (${v.pending} workers).`,
          ].join('\n'),
        });
      }
      if (to.length === 0) withoutEmail.add(v.village_code);
      const r = perRound.get(v.round_id) ?? { regionCode: v.round_region, villages: [], messages: 0 };
      r.villages.push(v.village_code);
      r.messages += to.length;
      perRound.set(v.round_id, r);
      await repo.insertReminder(tx, { roundId: v.round_id, villageCode: v.village_code, by: actor.username, recipients: to.length });
    }
    const rounds = [...perRound];
    await insertAudits(
      tx,
      actor,
      rounds.map(([id, r]) => ({
        action: 'verification.remind',
        entity: 'verification_round',
        entityId: String(id),
        regionCode: r.regionCode,
        after: { villages: r.villages, messages: r.messages },
      })),
    );
    return { villages: villages.length, messages: rounds.reduce((n, [, r]) => n + r.messages, 0), withoutEmail: [...withoutEmail] };
  });
}

/** The daily job: every open round's villages that have not started, reminded at most every three days. */
export function runVerificationReminders(db: Queryable, publicUrl: string): Promise<ReminderResult> {
  return remindVillages(db, SYSTEM_ACTOR, null, publicUrl);
}
