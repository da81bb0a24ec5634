/**
 * The built-in page in a real browser: headless Chromium (Debian's /usr/bin/chromium) driven by
 * playwright-core. It must be installed: without it this test fails, it never skips.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';

import { chromium, type Browser } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';

import { HOSTILE, startStatusPage } from './page-fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let browser: Browser | undefined;
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await browser?.close();
  browser = undefined;
  await close?.();
  close = undefined;
});

describe('built-in status page in headless Chromium', () => {
  it('shows the new state and the escaped message after an update, with no script running', async () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: install the Debian package "chromium" (.ci/run does)`).toBe(true);
    const sp = await startStatusPage();
    close = sp.close;
    await sp.updater.apply({ type: 'component', component: 'Dashboard', status: 'degraded_performance', message: 'Charts load slowly' }, { actor: 't' });
    const open = await sp.updater.apply(
      { type: 'incident-open', name: 'Webhook deliveries delayed', status: 'investigating', impact: 'major', body: 'We are investigating delayed webhooks.', components: ['Webhooks'] },
      { actor: 't' },
    );
    await sp.clock.advance(15 * 60_000);
    await sp.updater.apply({ type: 'incident-update', incidentId: open.incidentId!, status: 'identified', body: HOSTILE }, { actor: 't' });

    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
    // a phone-sized viewport: the page must read well there
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, javaScriptEnabled: false });
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const response = await page.goto(`${sp.base}/status`);
    expect(response?.status()).toBe(200);

    await expect(page.title()).resolves.toBe('Acme <Cloud> & Co');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Acme <Cloud> & Co');
    expect(await page.getByRole('status').innerText()).toBe('Partial System Outage');
    const rows = await page.locator('ul.components li').allInnerTexts();
    expect(rows.map((r) => r.replace(/\s+/g, ' ').trim())).toEqual([
      'API ● Operational',
      'Dashboard ▲ Degraded performance',
      'Webhooks ◆ Partial outage',
    ]);
    const article = page.getByRole('article', { name: 'Webhook deliveries delayed' });
    const updates = await article.locator('ol.timeline > li').allInnerTexts();
    expect(updates).toHaveLength(2);
    expect(updates[0]).toContain('Identified');
    expect(updates[1]).toContain('We are investigating delayed webhooks.');
    // the hostile message is shown as text, exactly, and nothing in it became markup
    const body = await article.locator('ol.timeline > li .body').first().innerText();
    expect(body.replace(/\s+/g, ' ')).toBe(HOSTILE.trim().replace(/\s+/g, ' '));
    expect(await page.locator('main script, main img, main a[href^="javascript"], main b, main strong:has-text("bold")').count()).toBe(0);
    expect(dialogs).toEqual([]);
    // nothing overflows a phone screen sideways
    const box = await page.locator('body').boundingBox();
    expect(box!.width).toBeLessThanOrEqual(390);
    const widest = await page.locator('.body').first().boundingBox();
    expect(widest!.x + widest!.width).toBeLessThanOrEqual(390);

    await mkdir('test-artifacts', { recursive: true });
    await page.screenshot({ path: 'test-artifacts/status-page.png', fullPage: true });
    expect(existsSync('test-artifacts/status-page.png')).toBe(true);
  });
});
