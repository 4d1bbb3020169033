// End-to-end: the real server on a fresh demo shop, the production build,
// and Debian's Chromium driven by playwright-core. Saves screenshots of the
// main screens (desktop and mobile) under docs/screenshots/.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium } from 'playwright-core';
import { findBinary, ROOT, startServer, WEB } from './server.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = process.env.LEAFLOAF_SCREENSHOTS ?? path.join(ROOT, 'docs', 'screenshots');
const CI = process.env.CI === 'true';

function missing() {
  if (!existsSync(CHROMIUM)) return `no Chromium at ${CHROMIUM} (apt-get install chromium)`;
  if (!findBinary()) return 'no leafloaf binary (build it, or set LEAFLOAF_BINARY)';
  if (!existsSync(path.join(WEB, 'dist', 'index.html'))) return 'no web/dist (npm run build)';
  return '';
}

const why = missing();
if (why && CI) throw new Error(`e2e cannot run under CI: ${why}`);
if (why) {
  console.log(`# skipping the end-to-end tests: ${why}`);
  test('end-to-end tests', { skip: why }, () => {});
}

describe('shopper web app in Chromium', { skip: why || false }, () => {
  let server;
  let browser;
  let page;

  async function shot(name, p = page) {
    mkdirSync(SHOTS, { recursive: true });
    await p.screenshot({ path: path.join(SHOTS, `${name}.png`) });
  }

  async function signedInPage(viewport) {
    const context = await browser.newContext({ viewport });
    await context.addInitScript(
      ([key]) => localStorage.setItem('leafloaf.session', JSON.stringify({ key, userId: 'U0001' })),
      [server.key],
    );
    const p = await context.newPage();
    await p.goto(server.url + '/');
    return p;
  }

  before(async () => {
    // LEAFLOAF_E2E_URL and LEAFLOAF_E2E_KEY: a server already running on a
    // fresh demo shop (a shopper key of U0001), instead of starting one.
    server = process.env.LEAFLOAF_E2E_URL
      ? { url: process.env.LEAFLOAF_E2E_URL, key: process.env.LEAFLOAF_E2E_KEY, stop: async () => {} }
      : await startServer(findBinary());
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
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
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('signs in with a shopper key; the user comes from the key', async () => {
    await page.goto(server.url + '/');
    await shot('signin-desktop');
    await page.getByLabel('Shopper API key').fill('ll_wrong');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'not accepted' }).waitFor();
    await page.getByLabel('Shopper API key').fill(server.key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Signed in as').waitFor();
    assert.equal(await page.locator('header strong').textContent(), 'U0001');
  });

  test('a deep link is the app; an unknown API path is the API 404', async () => {
    const res = await page.request.get(server.url + '/some/app/route', { headers: { Accept: 'text/html' } });
    assert.equal(res.status(), 200);
    assert.match(res.headers()['content-type'], /text\/html/);
    const api = await page.request.get(server.url + '/api/nope', { headers: { Accept: 'text/html' } });
    assert.equal(api.status(), 404);
  });

  test('searches as you type, learns from a click and adds to the cart', async () => {
    // On a loaded machine a keystroke can come after the debounce, so "mil"
    // is searched too: wait for the search of "milk" and its results, or the
    // click below could land on the "mil" results and its re-ranking be
    // taken for a new query's.
    const milk = page.waitForResponse(
      (r) =>
        r.url().endsWith('/api/search/personalized') &&
        JSON.parse(r.request().postData() ?? '{}').query === 'milk',
    );
    await page.getByLabel('Search products').pressSequentially('milk', { delay: 40 });
    await milk;
    const cards = page.getByTestId('product-card');
    await page.getByText(/^\d+ results$/).waitFor();
    await cards.nth(3).waitFor();
    const firstBefore = await cards.first().getAttribute('data-product-id');
    // Open the fourth result: a tracked click, which the next ranking shows.
    const clicked = await cards.nth(3).getAttribute('data-product-id');
    await cards.nth(3).locator('h3 button').click();
    const learning = page.getByTestId('learning');
    await learning.waitFor();
    assert.match(await learning.textContent(), /Learning from your clicks/);
    const after = await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-product-id')));
    assert.notEqual(after[0], firstBefore, 'the ranking changed');
    assert.ok(after.includes(clicked), 'the clicked product is still shown');
    // The re-ranked results explain themselves.
    await page.getByText('personalized for you').waitFor();
    const why = cards.first().getByText('Why this?');
    await why.hover();
    assert.match(await cards.first().getByRole('tooltip').textContent(), /you/i);
    // The opened card lists what goes with it.
    await page.locator(`[data-product-id="${clicked}"]`).getByText('Goes well with').waitFor();
    await shot('search-desktop');
    // Filters: dietary tag and price range narrow the results.
    await page.getByLabel(/^vegan/).check();
    await page.getByLabel('Maximum price').fill('5');
    await page.waitForFunction(() => {
      const cards = [...document.querySelectorAll('[data-testid=product-card]')];
      return cards.length > 0 && cards.every((c) => Number(c.textContent.match(/\$(\d+\.\d\d)/)[1]) <= 5);
    });
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByLabel('Search products').fill('bananas');
    await page.waitForFunction(() =>
      document.querySelector('[data-testid=product-card] h3')?.textContent.includes('Bananas'),
    );
    await cards.first().getByRole('button', { name: /to cart/ }).click();
    await page.getByTestId('cart-count').filter({ hasText: '(1 items)' }).waitFor();
    assert.match(await page.getByTestId('toast').textContent(), /Added 1 × .*Bananas/);
  });

  test('my usual: one-click basket and reorder reminders', async () => {
    await page.getByRole('button', { name: 'My usual' }).click();
    await page.getByTestId('usual-item').first().waitFor();
    await page.getByTestId('reorder-item').first().waitFor();
    await page.getByRole('button', { name: /Add my usual basket/ }).click();
    await page.getByText(/Added \d+ usual items to your cart/).waitFor();
    await shot('usual-desktop');
    const count = Number((await page.getByTestId('cart-count').textContent()).match(/\d+/)[0]);
    assert.ok(count > 1, `cart has ${count} lines`);
  });

  test('cart: edit, remove, check out and see the order', async () => {
    await page.getByRole('button', { name: /^Cart/ }).click();
    const lines = page.getByTestId('cart-line');
    await lines.first().waitFor();
    const before = await lines.count();
    const qty = lines.first().getByRole('spinbutton');
    await qty.fill('3');
    await qty.press('Enter');
    await page.waitForFunction(() => {
      const input = document.querySelector('[data-testid=cart-line] input');
      return input && input.value === '3';
    });
    await lines.last().getByRole('button', { name: /^Remove/ }).click();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=cart-line]').length === n - 1, before);
    await shot('cart-desktop');
    await page.getByRole('button', { name: 'Check out' }).click();
    const confirmation = page.getByTestId('order-confirmation');
    await confirmation.waitFor();
    assert.match(await confirmation.textContent(), /Order placed: co_[0-9a-f]+/);
    await page.getByText('Your cart is empty.').waitFor();
    await shot('order-desktop');
  });

  test('chat: finds products as cards and adds to the cart', async () => {
    await page.getByRole('button', { name: 'Assistant' }).click();
    await page.getByLabel('Message').fill('find oat milk');
    await page.getByLabel('Message').press('Enter');
    const log = page.getByRole('log');
    await log.getByText(/results for "oat milk"/).waitFor();
    assert.ok((await log.getByTestId('product-card').count()) > 0);
    await page.getByLabel('Message').fill('add 2 of the first one');
    await page.getByRole('button', { name: 'Send' }).click();
    await log.getByText(/Added 2/).waitFor();
    await page.getByTestId('cart-count').filter({ hasText: '(1 items)' }).waitFor();
    await shot('chat-desktop');
  });

  test('every form control has a label', async () => {
    for (const view of ['Shop', 'My usual', 'Assistant', 'Cart']) {
      await page.getByRole('button', { name: new RegExp(`^${view}`) }).click();
      await page.waitForTimeout(300);
      const unlabeled = await page.evaluate(() =>
        [...document.querySelectorAll('input, select, textarea')]
          .filter((el) => el.labels.length === 0 && !el.getAttribute('aria-label'))
          .map((el) => el.outerHTML),
      );
      assert.deepEqual(unlabeled, [], view);
    }
  });

  test('text contrast is at least WCAG AA on every screen', async () => {
    for (const view of ['Shop', 'My usual', 'Assistant', 'Cart']) {
      await page.getByRole('button', { name: new RegExp(`^${view}`) }).click();
      await page.waitForTimeout(300);
      const failures = await page.evaluate(() => {
        const ctx = document.createElement('canvas').getContext('2d', { willReadFrequently: true });
        // Any CSS color (Tailwind 4 uses oklch) to sRGB bytes and alpha.
        const rgba = (color) => {
          ctx.clearRect(0, 0, 1, 1);
          ctx.fillStyle = '#000';
          ctx.fillStyle = color;
          ctx.fillRect(0, 0, 1, 1);
          const [r, g, b, a] = ctx.getImageData(0, 0, 1, 1).data;
          return { r, g, b, a: a / 255 };
        };
        const lum = ({ r, g, b }) => {
          const c = [r, g, b].map((v) => {
            v /= 255;
            return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
          });
          return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
        };
        const background = (el) => {
          for (let e = el; e; e = e.parentElement) {
            const c = rgba(getComputedStyle(e).backgroundColor);
            if (c.a > 0.5) return c;
          }
          return { r: 255, g: 255, b: 255 };
        };
        const out = [];
        for (const el of document.querySelectorAll('body *')) {
          const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
          if (!own || !el.checkVisibility({ visibilityProperty: true })) continue;
          if (el.closest('.sr-only, :disabled, [role=tooltip]')) continue;
          const style = getComputedStyle(el);
          const fg = rgba(style.color);
          const bg = background(el);
          const [hi, lo] = [lum(fg), lum(bg)].sort((x, y) => y - x);
          const ratio = (hi + 0.05) / (lo + 0.05);
          const size = parseFloat(style.fontSize);
          const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
          if (ratio < (large ? 3 : 4.5)) out.push(`${el.textContent.trim().slice(0, 40)}: ${ratio.toFixed(2)}`);
        }
        return out;
      });
      assert.deepEqual(failures, [], view);
    }
  });

  test('works from the keyboard: search, open a result, read why it ranks', async () => {
    await page.getByRole('button', { name: 'Shop' }).click();
    await page.getByLabel('Search products').focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('bananas');
    await page.waitForFunction(() =>
      document.querySelector('[data-testid=product-card] h3')?.textContent.toLowerCase().includes('bananas'),
    );
    await page.keyboard.press('Tab'); // the first result's name
    const opened = page.locator(':focus');
    assert.equal(await opened.getAttribute('aria-expanded'), 'false');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.getAttribute('aria-expanded') === 'true');
    // Tab on to "Why this?" (badges come first) and its reasons show.
    let focused = '';
    for (let i = 0; i < 4 && focused !== 'Why this?'; i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => document.activeElement?.textContent ?? '');
    }
    assert.equal(focused, 'Why this?');
    const visibility = await page.evaluate(() => {
      const tip = document.getElementById(document.activeElement.getAttribute('aria-describedby'));
      return getComputedStyle(tip).visibility;
    });
    assert.equal(visibility, 'visible');
  });

  test('works at a mobile width', async () => {
    const mobile = await signedInPage({ width: 390, height: 844 });
    await mobile.getByLabel('Search products').fill('yogurt');
    await mobile.getByTestId('product-card').first().waitFor();
    const overflow = await mobile.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
    await shot('search-mobile', mobile);
    await mobile.getByTestId('product-card').first().getByRole('button', { name: /to cart/ }).click();
    await mobile.getByTestId('cart-count').filter({ hasText: /\([1-9]/ }).waitFor();
    await mobile.getByRole('button', { name: /^Cart/ }).click();
    await mobile.getByTestId('cart-line').first().waitFor();
    await shot('cart-mobile', mobile);
    await mobile.getByRole('button', { name: 'Assistant' }).click();
    await mobile.getByLabel('Message').fill('what goes with pasta');
    await mobile.getByLabel('Message').press('Enter');
    await mobile.getByTestId('chat-leafloaf').nth(1).waitFor();
    await shot('chat-mobile', mobile);
    await mobile.context().close();
  });
});
