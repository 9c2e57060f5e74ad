import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, browserAvailable, loginPage, startWebApp, type WebApp } from '../helpers/browser.js';
import { actor } from '../helpers/factories.js';
import { approvedPlan } from '../helpers/enrolment.js';
import { createBatch } from '../../src/modules/enrolment/enrolment.service.js';

const run = browserAvailable();

/** Issue 12.17: at 390 px no logged-in page scrolls sideways; wide tables scroll inside themselves. */
describe.runIf(run)('every logged-in page on a 390 px phone', { timeout: 240_000 }, () => {
  let w: WebApp;
  let ids: Awaited<ReturnType<typeof approvedPlan>>;
  beforeAll(async () => {
    w = await startWebApp(200);
    const user = async (name: string) => (await w.db.query<{ id: number }>(`SELECT id FROM users WHERE username = $1`, [name]))[0]!.id;
    const disnaker = actor('regency_operator', '35.09', await user('disnaker'), 'disnaker');
    ids = await approvedPlan(w.db, disnaker, actor('regency_operator', '35.09', await user('kabid'), 'kabid'));
    await createBatch(w.db, disnaker, ids.planId);
  });
  afterAll(() => w?.close());

  it('fits the screen width on every page of the menu', async () => {
    const ctx = await w.browser.newContext({ viewport: { width: 390, height: 844 } });
    try {
      const page = await ctx.newPage();
      await loginPage(page, w.base, '/workers', 'admin');
      await page.getByTestId('who').waitFor();
      const worker = (await w.db.query<{ id: number }>('SELECT id FROM workers ORDER BY id LIMIT 1'))[0]!.id;
      const participant = (await w.db.query<{ id: number }>('SELECT id FROM participants ORDER BY id LIMIT 1'))[0]!.id;
      const paths = [
        '/',
        '/workers',
        `/workers/${worker}`,
        '/workers/new',
        '/regions',
        '/regions/35.09',
        '/imports',
        '/funding',
        '/plans',
        `/plans/${ids.planId}`,
        '/what-if',
        '/enrolment',
        '/participants',
        `/participants/${participant}`,
        '/billing',
        '/reconcile',
        '/alerts',
        '/acquisition',
        '/verification',
        '/duplicates',
        '/data-quality',
        '/coverage',
        '/users',
        '/jobs',
      ];
      const wide: string[] = [];
      for (const path of paths) {
        await page.goto(`${w.base}${path}`, { waitUntil: 'networkidle' });
        await page.locator('main h1').first().waitFor();
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        if (width > 390) wide.push(`${path}: ${width}px`);
        await page.screenshot({ path: `${ARTIFACTS}/phone${path === '/' ? '-home' : path.replaceAll('/', '-')}.png`, fullPage: false });
      }
      expect(wide).toEqual([]);
      // The menu is folded behind one button and opens as a list that fits the screen.
      await page.goto(`${w.base}/`, { waitUntil: 'networkidle' });
      expect(await page.locator('#main-menu').isVisible()).toBe(false);
      await page.getByTestId('menu-toggle').click();
      await page.locator('#main-menu').getByRole('link', { name: 'Cakupan' }).waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await page.screenshot({ path: `${ARTIFACTS}/phone-menu-open.png`, fullPage: false });
      await page.locator('#main-menu').getByRole('link', { name: 'Cakupan' }).click();
      await page.getByRole('heading', { name: /Cakupan jaminan sosial/ }).waitFor();
      expect(await page.locator('#main-menu').isVisible()).toBe(false);
    } finally {
      await ctx.close();
    }
  });
});
