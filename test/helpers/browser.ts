import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Db } from '../../src/db/db.js';
import { buildApp } from '../../src/http/app.js';
import { loadConfig } from '../../src/config.js';
import { webRoot } from '../../src/server.js';
import { seedDemo, DEMO_PASSWORD } from '../../src/modules/demo/seed-demo.service.js';
import { openTestDb } from './test-db.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = 'test/artifacts';

/**
 * Browser tests need Debian's chromium. On CI (CI=true) a missing browser is a failure; on a
 * developer machine the tests are skipped with a message saying how to install it.
 */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI === 'true') throw new Error(`Chromium not found at ${CHROMIUM}; .ci/run installs it with apt-get install chromium`);
  console.warn(`Browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);
  return false;
}

export async function launch(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface WebApp {
  db: Db;
  base: string;
  browser: Browser;
  close: () => Promise<void>;
}

/** The built web app and API on a random port over a fresh database with demo accounts, plus Chromium. */
export async function startWebApp(demoWorkers: number, env: Record<string, string> = {}): Promise<WebApp> {
  if (!existsSync(`${webRoot()}/index.html`)) throw new Error('dist/web is missing: npm test builds it first (vite build)');
  const t = await openTestDb();
  await seedDemo(t.db, { workers: demoWorkers, seed: 11 });
  const dataDir = mkdtempSync(join(tmpdir(), 'jaring-web-'));
  const app = await buildApp({ db: t.db, config: loadConfig({ JARING_DATA_DIR: dataDir, ...env }), logger: false, webRoot: webRoot() });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const browser = await launch();
  return {
    db: t.db,
    base,
    browser,
    close: async () => {
      await browser.close();
      await app.close();
      await t.cleanup();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Logs in through the login form as a demo user. */
export async function loginPage(page: Page, base: string, path: string, username: string): Promise<void> {
  await page.goto(`${base}${path}`, { waitUntil: 'load' });
  await page.getByLabel('Nama pengguna').fill(username);
  await page.getByLabel('Kata sandi').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Masuk' }).click();
}

/** Fills a date field of the app (day, named month, year: web/src/components/DateInput.tsx) with "YYYY-MM-DD". */
export async function fillDate(page: Page, name: string, iso: string): Promise<void> {
  const [y, m, d] = iso.split('-') as [string, string, string];
  await page.locator(`select[name="${name}.month"]`).selectOption(m);
  await page.locator(`input[name="${name}.year"]`).fill(y);
  await page.locator(`input[name="${name}.day"]`).fill(String(Number(d)));
}

/** Fills a month field of the app with "YYYY-MM". */
export async function fillMonth(page: Page, name: string, month: string): Promise<void> {
  const [y, m] = month.split('-') as [string, string];
  await page.locator(`select[name="${name}.month"]`).selectOption(m);
  await page.locator(`input[name="${name}.year"]`).fill(y);
}
