/**
 * The built-in page in a real browser: headless Chromium from the npm package @sparticuz/chromium
 * (or OPSBRIDGE_CHROMIUM) driven by playwright-core. No browser means a failure, never a skip.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';

import type { Browser } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';

import { chooseChromium, launchChromium } from '../../helpers/browser.js';
import { HOSTILE, startStatusPage } from './page-fixture.js';

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
    const sp = await startStatusPage();
    close = sp.close;
    await sp.updater.apply({ type: 'component', component: 'Dashboard', status: 'degraded_performance', message: 'Charts load slowly' }, { actor: 't' });
    const open = await sp.updater.apply(
      { type: 'incident-open', name: 'Webhook deliveries delayed', status: 'investigating', impact: 'major', body: 'We are investigating delayed webhooks.', components: ['Webhooks'] },
      { actor: 't' },
    );
    await sp.clock.advance(15 * 60_000);
    await sp.updater.apply({ type: 'incident-update', incidentId: open.incidentId!, status: 'identified', body: HOSTILE }, { actor: 't' });

    browser = await launchChromium();
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

  it('names both ways to get a browser on a platform the npm package does not cover', async () => {
    const err = await chooseChromium({}, 'darwin-arm64').catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain('@sparticuz/chromium');
    expect((err as Error).message).toContain('darwin-arm64');
    expect((err as Error).message).toContain('OPSBRIDGE_CHROMIUM=');
  });

  it('uses OPSBRIDGE_CHROMIUM when set, and says so when it points nowhere', async () => {
    const choice = await chooseChromium({ OPSBRIDGE_CHROMIUM: process.execPath }, 'darwin-arm64');
    expect(choice).toMatchObject({ executablePath: process.execPath, source: 'OPSBRIDGE_CHROMIUM' });
    await expect(chooseChromium({ OPSBRIDGE_CHROMIUM: 'test/no-such-browser' })).rejects.toThrow(/OPSBRIDGE_CHROMIUM=test\/no-such-browser: no such file/);
  });
});
