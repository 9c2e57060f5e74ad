import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/** The executable itself: exit codes and messages of a real process (the commands are tested in-process). */
const dataDir = mkdtempSync(join(tmpdir(), 'jaring-proc-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const jaring = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    env: { ...process.env, JARING_DATA_DIR: dataDir, DATABASE_URL: '' },
    encoding: 'utf8',
  });

describe('the jaring executable', { timeout: 120_000 }, () => {
  it('exits 1 with pending migrations, and 1 with a bilingual message on bad input', () => {
    const pending = jaring(['db', 'check']);
    expect(pending.status).toBe(1);
    expect(pending.stdout).toContain('Tertunda / pending: 0001-core');
    const bad = jaring(['seed-demo', '--workers', 'banyak']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('--workers harus bilangan bulat');
    expect(bad.stderr).toContain('--workers must be an integer');
    expect(bad.stderr).not.toMatch(/at .*\.ts:\d+/);
  });
});
