/**
 * A real headless Chromium for tests, from the npm registry: @sparticuz/chromium ships a Chromium
 * build for Linux x64 inside the package (unpacked to the temp dir on first use), driven by
 * playwright-core. OPSBRIDGE_CHROMIUM=/path/to/chrome uses another browser instead (any platform).
 */
import { existsSync } from 'node:fs';

import { chromium as playwright, type Browser } from 'playwright-core';

/** Flags for our own launches: no first-run work, nothing that reaches the network on its own. */
const QUIET = ['--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface BrowserChoice {
  executablePath: string;
  args: string[];
  source: 'OPSBRIDGE_CHROMIUM' | '@sparticuz/chromium';
}

export async function chooseChromium(env: NodeJS.ProcessEnv = process.env, platform = `${process.platform}-${process.arch}`): Promise<BrowserChoice> {
  const override = env.OPSBRIDGE_CHROMIUM;
  if (override) {
    if (!existsSync(override)) throw new Error(`OPSBRIDGE_CHROMIUM=${override}: no such file; point it at a Chromium or Chrome executable`);
    return { executablePath: override, args: ['--headless', '--no-sandbox', ...QUIET], source: 'OPSBRIDGE_CHROMIUM' };
  }
  if (platform !== 'linux-x64') {
    throw new Error(
      `the browser tests need Chromium: @sparticuz/chromium (the dev dependency) ships one for linux-x64 only, and this is ${platform}; ` +
        'set OPSBRIDGE_CHROMIUM=/path/to/chrome (an installed Chromium or Google Chrome) and run the tests again',
    );
  }
  const { default: sparticuz } = await import('@sparticuz/chromium');
  // WebGL is not needed; this also skips unpacking the swiftshader libraries.
  sparticuz.setGraphicsMode = false;
  return { executablePath: await sparticuz.executablePath(), args: [...sparticuz.args, ...QUIET], source: '@sparticuz/chromium' };
}

export async function launchChromium(): Promise<Browser> {
  const choice = await chooseChromium();
  try {
    return await playwright.launch({ executablePath: choice.executablePath, args: choice.args, headless: true });
  } catch (err) {
    throw new Error(`could not start Chromium from ${choice.source} (${choice.executablePath}); set OPSBRIDGE_CHROMIUM=/path/to/chrome to use another browser: ${(err as Error).message}`, { cause: err });
  }
}
