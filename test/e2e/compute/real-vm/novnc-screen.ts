import type { Page } from 'playwright-core';
import { launchHeadlessChromium } from '../headless-chromium.js';

/** What a console URL showed in the browser once the guest's screen was drawn. */
export interface GuestScreen {
  /** The status line of our noVNC page (`Connected (unencrypted) to <desktop name>`). */
  status: string;
  /** noVNC's canvas, the guest's framebuffer size: 720x400 in VGA text mode (80x25 cells of 9x16). */
  width: number;
  height: number;
  /** Pixels that are not black: the guest's text on its screen. */
  litPixels: number;
  /** The canvas as PNG, to keep beside a failure. */
  screenshot: Buffer;
}

export interface ConsolePageOptions {
  /** How long the page may take to connect and draw a first lit pixel, or to give up. Default 60 s. */
  timeoutMs?: number;
  chromiumPath?: string;
}

interface CanvasState {
  status: string;
  width: number;
  height: number;
  litPixels: number;
}

/**
 * The page's status line, noVNC's canvas size and how many of its pixels are brighter than
 * near-black (VGA text is light grey on black). Run in the page, so a string: the project's
 * TypeScript knows no DOM.
 */
const CANVAS_STATE = `(() => {
  const status = document.getElementById('status').textContent;
  const canvas = document.querySelector('#screen canvas');
  if (!canvas || canvas.width === 0 || canvas.height === 0) return { status, width: 0, height: 0, litPixels: 0 };
  const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let litPixels = 0;
  for (let i = 0; i < pixels.length; i += 4) {
    if (Math.max(pixels[i], pixels[i + 1], pixels[i + 2]) > 32) litPixels++;
  }
  return { status, width: canvas.width, height: canvas.height, litPixels };
})()`;

/** `drawn` once connected with a lit pixel, `closed` once the page gave up its websocket, else false. */
const OUTCOME = `(() => {
  const state = ${CANVAS_STATE};
  if (state.status.startsWith('Connected') && state.litPixels > 0) return 'drawn';
  if (state.status.startsWith('Disconnected') || state.status.startsWith('Something went wrong')) return 'closed';
  return false;
})()`;

const CANVAS_PNG = `document.querySelector('#screen canvas').toDataURL('image/png')`;

/** Chromium's error for a connection it dropped because an address of the host changed. */
const NETWORK_CHANGED = 'ERR_NETWORK_CHANGED';
/** Looks at the console again after a websocket lost that way. */
const ATTEMPTS = 5;

/**
 * Opens a console URL (`openstack console url show --novnc`) in headless Chromium, as a user
 * pastes it in a browser: our noVNC page connects through the proxy to the guest's VNC server.
 * Resolves once noVNC says it is connected and its canvas, sized to the guest's framebuffer,
 * has lit pixels (the guest has drawn something: boot text or a login prompt).
 */
export async function viewGuestScreen(url: string, options: ConsolePageOptions = {}): Promise<GuestScreen> {
  return lookAt(url, options, async (page, outcome, explain) => {
    if (outcome !== 'drawn') throw new Error(`the console did not open: ${await explain()}`);
    const state = (await page.evaluate(CANVAS_STATE)) as CanvasState;
    const png = (await page.evaluate(CANVAS_PNG)) as string;
    return { ...state, screenshot: Buffer.from(png.replace(/^data:image\/png;base64,/, ''), 'base64') };
  });
}

/**
 * Opens a console URL that should open nothing (a wrong or expired token, a deleted server) and
 * resolves with the status line once the page has given up; rejects if it connects.
 */
export async function consoleRefusal(url: string, options: ConsolePageOptions = {}): Promise<string> {
  return lookAt(url, options, async (page, outcome, explain) => {
    if (outcome !== 'closed') throw new Error(`the console opened: ${await explain()}`);
    return (await page.locator('#status').textContent()) ?? '';
  });
}

type Outcome = 'drawn' | 'closed';

/**
 * Opens `url` in a fresh headless Chromium until the page is drawn or closed, and hands the page
 * to `judge`. Chromium fails what it has in flight with ERR_NETWORK_CHANGED whenever an address
 * of the host changes, and a host running guests changes them every few seconds (TAPs, bridges
 * and namespaces of this cloud and of any other): so the page and noVNC's modules are fetched by
 * Playwright in Node and handed to the page, and a websocket lost that way is opened again. The
 * websocket to the console is the browser's own.
 */
async function lookAt<T>(
  url: string,
  options: ConsolePageOptions,
  judge: (page: Page, outcome: Outcome, explain: () => Promise<string>) => Promise<T>,
): Promise<T> {
  const browser = await launchHeadlessChromium(options.chromiumPath);
  try {
    // A page Playwright hands over has no address of its own, so Chromium counts it as public and
    // would keep it from the loopback websocket; served by the cloud, it is loopback as well.
    const page = await browser.newPage({
      viewport: { width: 1024, height: 768 },
      permissions: ['local-network-access'],
    });
    await page.route('**/*', async (route) => route.fulfill({ response: await route.fetch() }));
    let troubles: string[] = [];
    page.on('pageerror', (error) => troubles.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') troubles.push(`console: ${message.text()}`);
    });
    const explain = async () => {
      const state = await page.evaluate(CANVAS_STATE).catch(() => undefined);
      return [`the page showed ${JSON.stringify(state)}`, ...troubles].join('; ');
    };
    const timeout = options.timeoutMs ?? 60_000;
    for (let attempt = 1; ; attempt++) {
      troubles = [];
      await page.goto(url, { timeout });
      try {
        const handle = await page.waitForFunction(OUTCOME, undefined, { timeout, polling: 250 });
        const outcome = (await handle.jsonValue()) as Outcome;
        const networkChanged = troubles.some((trouble) => trouble.includes(NETWORK_CHANGED));
        if (outcome === 'closed' && networkChanged && attempt < ATTEMPTS) continue;
        return await judge(page, outcome, explain);
      } catch (error) {
        if ((error as Error).name !== 'TimeoutError') throw error;
        throw new Error(`timed out waiting for the console page: ${await explain()}`, { cause: error });
      }
    }
  } finally {
    await browser.close();
  }
}
