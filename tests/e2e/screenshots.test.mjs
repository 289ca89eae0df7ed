// Screenshots of the loaded page, light and dark, with a failing row selected so the timeline
// shows: target/e2e/screenshots/loaded.png and loaded-dark.png, for people to look at. The test
// checks the page is in the state the pictures claim and that each scheme reads dark-on-light
// or light-on-dark.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { dropFiles, generated, openApp, root, rowIds, waitForLoad } from './lib.mjs';

const SHOTS = path.join(root, 'target', 'e2e', 'screenshots');

/** Relative luminance of the text and of the background behind it, for a hook's element. */
async function luminance(page, selector) {
  return page.locator(selector).first().evaluate((el) => {
    const rgb = (css) => (css.match(/[\d.]+/g) ?? []).map(Number);
    const lum = ([r, g, b]) => {
      const lin = (c) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
      return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    };
    let bg = null;
    for (let node = el; node && !bg; node = node.parentElement) {
      const c = rgb(getComputedStyle(node).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0)) bg = c.slice(0, 3);
    }
    return { text: lum(rgb(getComputedStyle(el).color)), background: lum(bg ?? [255, 255, 255]) };
  });
}

/** Loads a generated 2,000-event file and selects a failing event, all statuses shown again. */
async function loadWithFailureSelected(page, baseUrl) {
  await openApp(page, baseUrl);
  await dropFiles(page, [generated({ format: 'portal', records: 2000 })]);
  const report = await waitForLoad(page);
  assert.equal(report.events, 2000);
  const filter = page.locator('[data-testid=filter-status]');
  await filter.selectOption('failure');
  await page.waitForFunction(() => document.querySelector('[data-testid=event-grid]')?.getAttribute('data-total-rows') !== '2000');
  const [failing] = await rowIds(page);
  await page.locator(`[data-testid=grid-row][data-event-id="${failing}"]`).click();
  await filter.selectOption('all');
  await page.waitForFunction(() => document.querySelector('[data-testid=event-grid]')?.getAttribute('data-total-rows') === '2000');
  await page.locator('[data-testid=user-timeline]').waitFor();
  await page.locator(`[data-testid=event-details][data-event-id="${failing}"]`).waitFor();
  assert.ok(['failing', 'retrying'].includes(await page.locator('[data-testid=user-verdict]').getAttribute('data-verdict')));
  assert.ok(await page.locator(`[data-testid=grid-row][data-event-id="${failing}"]`).isVisible(), 'the selected row is scrolled into view');
  await page.evaluate(() => document.fonts.ready);
}

async function shoot(page, name) {
  fs.mkdirSync(SHOTS, { recursive: true });
  const file = path.join(SHOTS, name);
  await page.screenshot({ path: file });
  assert.ok(fs.statSync(file).size > 10_000, `${name} holds a picture`);
  console.log(`      screenshot: ${path.relative(root, file)}`);
}

export const tests = [
  {
    name: 'screenshot: a loaded file with a failing event selected (light)',
    timeout: 90_000,
    async run({ page, baseUrl }) {
      await page.emulateMedia({ colorScheme: 'light' });
      await loadWithFailureSelected(page, baseUrl);
      const { text, background } = await luminance(page, '[data-testid=summary-card][data-metric=events]');
      assert.ok(background > text, `light scheme: dark text on a light card (${text.toFixed(2)} on ${background.toFixed(2)})`);
      await shoot(page, 'loaded.png');
    },
  },
  {
    name: 'screenshot: the same in dark mode',
    timeout: 90_000,
    async run({ page, baseUrl }) {
      await page.emulateMedia({ colorScheme: 'dark' });
      await loadWithFailureSelected(page, baseUrl);
      const { text, background } = await luminance(page, '[data-testid=summary-card][data-metric=events]');
      assert.ok(text > background, `dark scheme: light text on a dark card (${text.toFixed(2)} on ${background.toFixed(2)})`);
      const grid = await luminance(page, '[data-testid=event-grid]');
      assert.ok(grid.text > grid.background, 'the grid is dark too');
      await shoot(page, 'loaded-dark.png');
    },
  },
];
