import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (package `chromium`), which the e2e tests drive headless. */
export const CHROMIUM = '/usr/bin/chromium';

/** A headless Chromium as the browser tests run it: as root (no sandbox), no GPU, nothing fetched behind their back. */
export function launchHeadlessChromium(executablePath = CHROMIUM): Promise<Browser> {
  return chromium.launch({
    executablePath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}
