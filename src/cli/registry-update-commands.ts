import { basename } from 'node:path';
import type { Command } from 'commander';
import type { WithDb } from './program.js';
import { migrate } from '../db/migrate.js';
import { createImport, performImport, startImport } from '../modules/imports/imports.service.js';
import { applyUpdate, discardUpdate, getUpdate, listImpacts, type RegistryUpdateView } from '../modules/registry/registry.service.js';
import { actorFor } from './actor.js';
import { explicitMapping, localFile, progressPrinter } from './import-commands.js';
import { io, print } from './output.js';

type Common = { as?: string; json?: boolean };
const common = (c: Command) => c.option('--as <username>', 'act as this user (their role and region scope apply)').option('--json', 'machine-readable output');

const rupiah = (n: number) => `Rp ${n.toLocaleString('id-ID')}`;

/** The preview in the office's words: what changes, and who loses which source from when, with the Rupiah. */
function describe(
  v: RegistryUpdateView,
  losers: { nik: string; fullName: string; sourceName: string; fromMonth: string; rupiah: number; checks: string[] }[],
): string {
  const lines = [`Pembaruan DTSEN #${v.id} (${v.fileName}): ${v.status}`, `  ${v.message?.id ?? ''}`, `  ${v.message?.en ?? ''}`];
  const p = v.preview;
  if (p) {
    lines.push(`  Berlaku mulai / effective from ${p.effectiveMonth}`);
    lines.push(
      '  ' +
        Object.entries(p.kinds)
          .filter(([, n]) => n > 0)
          .map(([k, n]) => `${k} ${n}`)
          .join(' · '),
    );
    for (const i of p.impacts) {
      lines.push(
        `  ${i.effect === 'loses' ? 'KEHILANGAN / loses' : 'MENDAPAT / gains'} ${i.sourceName}${i.funding ? ' (sumber pembayar / paying source)' : ''}: ${i.workers} peserta mulai ${i.fromMonth}, ${rupiah(i.rupiah)} — rencana #${i.planId}`,
      );
    }
    for (const l of losers) lines.push(`    ${l.nik} ${l.fullName}: ${l.sourceName} dari ${l.fromMonth} (${l.checks.join(', ')}), ${rupiah(l.rupiah)}`);
    if (v.status === 'previewed')
      lines.push(`  Terapkan / apply: jaring registry update apply ${v.id}   ·   buang / discard: jaring registry update discard ${v.id}`);
  }
  return lines.join('\n');
}

/** `jaring registry update …`: the quarterly DTSEN update, preview first (issue 16.3). */
export function registerUpdateCommands(registry: Command, withDb: WithDb): void {
  const update = registry.command('update').description('Quarterly DTSEN update: preview its impact, then apply or discard it');

  common(
    update
      .command('preview <file>')
      .description('Stage a DTSEN extract of your region and show what it would change; nothing is applied')
      .option('--effective <month>', 'first month whose eligibility changes, YYYY-MM (default: next month)')
      .option('--sheet <name>', 'XLSX sheet (default: the first)')
      .option('--map <field=column...>', 'explicit column mapping, e.g. --map deathDate=TGL_MATI'),
  ).action(async (file: string, o: Common & { effective?: string; sheet?: string; map?: string[] }) => {
    const { path, bytes } = localFile(file);
    const r = await withDb(async (db, jobs) => {
      await migrate(db);
      const actor = await actorFor(db, o.as);
      const created = await createImport(db, actor, { name: basename(path), path, bytes });
      const mapping = o.map ? explicitMapping(o.map, created.headers) : undefined;
      await startImport(db, actor, created.id, { mapping, policy: 'dtsen_update', sheet: o.sheet ?? null, effectiveMonth: o.effective });
      await performImport(db, jobs, actor, created.id, progressPrinter());
      if (io.errIsTty) io.err('\n');
      const view = await getUpdate(db, actor, created.id);
      const losers = view.status === 'previewed' ? (await listImpacts(db, actor, created.id, { effect: 'loses', pageSize: 200 })).items : [];
      return { view, losers };
    });
    print(o.json, { ...r.view, losers: r.losers }, describe(r.view, r.losers));
    if (r.view.status !== 'previewed') io.exitCode = 1;
  });

  common(update.command('show <id>').description('A DTSEN update: its preview, or what was applied')).action(async (id: string, o: Common) => {
    const r = await withDb(async (db) => {
      const actor = await actorFor(db, o.as);
      const view = await getUpdate(db, actor, Number(id));
      return { view, losers: (await listImpacts(db, actor, Number(id), { effect: 'loses', pageSize: 200 })).items };
    });
    print(o.json, { ...r.view, losers: r.losers }, describe(r.view, r.losers));
  });

  common(update.command('apply <id>').description('Apply the preview as one transaction (refused if the registry changed since)')).action(
    async (id: string, o: Common) => {
      const v = await withDb(async (db) => applyUpdate(db, await actorFor(db, o.as), Number(id)));
      print(o.json, v, `Pembaruan #${v.id}: ${v.status}\n  ${v.message?.id ?? ''}\n  ${v.message?.en ?? ''}`);
    },
  );

  common(update.command('discard <id>').description('Throw the preview away; the registry is unchanged')).action(async (id: string, o: Common) => {
    const v = await withDb(async (db) => discardUpdate(db, await actorFor(db, o.as), Number(id)));
    print(o.json, v, `Pembaruan #${v.id}: ${v.status}`);
  });
}
