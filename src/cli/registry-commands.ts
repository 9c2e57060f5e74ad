import type { Command } from 'commander';
import type { WithDb } from './program.js';
import { dismissPair, findDuplicates, listPairs, mergePair } from '../modules/duplicates/duplicates.service.js';
import { actorFor } from './actor.js';
import { print } from './output.js';
import { registerUpdateCommands } from './registry-update-commands.js';

type Common = { as?: string; json?: boolean };
const common = (c: Command) => c.option('--as <username>', 'act as this user (their role and region scope apply)').option('--json', 'machine-readable output');

/** `jaring registry duplicates …`: likely duplicates over the same services as the web (issue 16.4). */
export function registerRegistryCommands(program: Command, withDb: WithDb): void {
  const registry = program.command('registry').description('The registry: quarterly DTSEN updates and likely duplicates');
  registerUpdateCommands(registry, withDb);
  const dup = registry.command('duplicates').description('Pairs that are probably one person under two NIKs');

  common(dup.command('search').description('Search your region for likely duplicates (blocking keys, explainable rules)')).action(async (o: Common) => {
    const r = await withDb(async (db) => findDuplicates(db, await actorFor(db, o.as)));
    print(o.json, r, `${r.flagged} pasangan kemungkinan ganda (${r.newPairs} baru) dari ${r.compared} pasangan yang dibandingkan, ${r.millis} ms`);
  });

  common(dup.command('list').description('Open pairs with why they look alike').option('--status <s>', 'open, dismissed or merged', 'open')).action(
    async (o: Common & { status: 'open' | 'dismissed' | 'merged' }) => {
      const r = await withDb(async (db) => listPairs(db, await actorFor(db, o.as), { status: o.status, page: 1, pageSize: 200 }));
      const text = r.items.map(
        (p) =>
          `#${p.id} skor ${p.score}: ${p.a.workerId} ${p.a.fullName} (${p.a.nik}) ~ ${p.b.workerId} ${p.b.fullName} (${p.b.nik})\n` +
          p.agreements.map((a) => `    ${a.points >= 0 ? '+' : ''}${a.points} ${a.how}`).join('\n'),
      );
      print(o.json, r, r.items.length === 0 ? 'Tidak ada pasangan / no pairs' : text.join('\n'));
    },
  );

  common(dup.command('dismiss <pairId>').description('Two different people: close the pair')).action(async (id: string, o: Common) => {
    await withDb(async (db) => dismissPair(db, await actorFor(db, o.as), Number(id)));
    print(o.json, { dismissed: Number(id) }, `#${id}: orang berbeda / different people`);
  });

  common(dup.command('merge <pairId>').description('One person: merge into the record kept').requiredOption('--keep <workerId>')).action(
    async (id: string, o: Common & { keep: string }) => {
      const r = await withDb(async (db) => mergePair(db, await actorFor(db, o.as), Number(id), Number(o.keep)));
      print(o.json, r, `#${id}: pekerja ${r.removed} digabung ke ${r.kept} / merged into ${r.kept}`);
    },
  );
}
