// Views, grid side (issue 4): the filter bar (each filter's effect on the count, checked
// against the generated file and the CLI), hide skipped, the histogram and a drag over it,
// CSV/JSON exports, the KQL of the filter, the view in the URL hash, the column chooser,
// the UTC/local switch and the keyboard (sorting from the headers, `?`, `/`).

import assert from 'node:assert/strict';
import fs from 'node:fs';
import {
  attr, card, cliSummary, dropFiles, generated, gridSettled, openApp, totalRows, waitForLoad,
} from './lib.mjs';

const RECORDS = 5000;
const file = () => generated({ format: 'portal', records: RECORDS });
let cached = null;
const records = () => (cached ??= JSON.parse(fs.readFileSync(file(), 'utf8')));

/** The most common value of `key(record)`, with how many records have it. */
function mostCommon(key) {
  const counts = new Map();
  for (const r of records()) {
    const k = key(r);
    if (k) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1])[0];
}

async function load(page, baseUrl, hash = '') {
  await openApp(page, baseUrl, hash);
  await dropFiles(page, [file()]);
  const report = await waitForLoad(page);
  assert.equal(report.events, RECORDS);
  await page.locator('[data-testid=grid-row]').first().waitFor();
  await gridSettled(page);
}

/** Waits until the grid shows `n` rows matching. */
async function expectTotal(page, n, what) {
  await gridSettled(page);
  await page.waitForFunction(
    (n) => document.querySelector('[data-testid=event-grid]')?.getAttribute('data-total-rows') === String(n),
    n,
    { timeout: 15_000 },
  ).catch(() => {});
  assert.equal(await totalRows(page), n, what);
}

/** Opens the disclosure holding the filters beyond status and activity. */
async function openFilters(page) {
  const more = page.locator('[data-testid=more-filters]');
  if (!(await more.evaluate((d) => d.open))) await more.locator('summary').click();
}

async function clearFilters(page) {
  await page.locator('[data-testid=clear-filters]').click();
  await expectTotal(page, RECORDS, 'Clear filters shows every event');
}

/** Records of a CSV text (quoted fields may hold line breaks). */
function csvRecords(text) {
  let n = 0;
  let quoted = false;
  let any = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (c === '\n' && !quoted) {
      n += 1;
      any = false;
      continue;
    }
    if (c !== '\r') any = true;
  }
  return n + (any ? 1 : 0);
}

export const tests = [
  {
    name: 'hide skipped hides as many as the CLI counts skipped, and says so on its label',
    // The first run builds the release CLI.
    timeout: 600_000,
    run: async ({ page, baseUrl }) => {
      await load(page, baseUrl);
      const skipped = cliSummary([file()]).by_status.skipped;
      assert.ok(skipped > 0, 'the generated log has skipped events');
      assert.equal(Number(await card(page, 'skipped')), skipped);
      const box = page.locator('[data-testid=hide-skipped]');
      const label = await page.locator('label:has([data-testid=hide-skipped])').innerText();
      assert.match(label, new RegExp(`\\(${skipped.toLocaleString('en-US')}\\)`), `label "${label}"`);
      await box.check();
      await expectTotal(page, RECORDS - skipped, 'hiding skipped');
      await box.uncheck();
      await expectTotal(page, RECORDS, 'showing skipped again');
    },
  },
  {
    name: 'each filter of the bar narrows the grid to the events the file has',
    run: async ({ page, baseUrl }) => {
      await load(page, baseUrl);
      assert.match(await page.locator('.match-count').innerText(), /5,000 of 5,000/);
      const [job, jobN] = mostCommon((r) => r.jobId);
      await openFilters(page);
      await page.locator('[data-testid=filter-job]').selectOption(job);
      await expectTotal(page, jobN, 'job filter');
      assert.match(await page.locator('.match-count').innerText(), new RegExp(`${jobN.toLocaleString('en-US')} of 5,000`));
      await clearFilters(page);

      const [target, targetN] = mostCommon((r) => r.targetSystem?.displayName);
      await openFilters(page);
      await page.locator('[data-testid=filter-target]').selectOption(target);
      await expectTotal(page, targetN, 'target system filter');
      await clearFilters(page);

      const [source, sourceN] = mostCommon((r) => r.sourceSystem?.displayName);
      await openFilters(page);
      await page.locator('[data-testid=filter-source]').selectOption(source);
      await expectTotal(page, sourceN, 'source system filter');
      await clearFilters(page);

      const [app, appN] = mostCommon((r) => r.servicePrincipal?.displayName);
      await openFilters(page);
      await page.locator('[data-testid=filter-app]').selectOption(app);
      await expectTotal(page, appN, 'app filter');
      await clearFilters(page);

      const [cycle, cycleN] = mostCommon((r) => r.cycleId);
      await openFilters(page);
      await page.locator('[data-testid=filter-cycle]').fill(cycle);
      await page.locator('[data-testid=filter-cycle]').press('Enter');
      await expectTotal(page, cycleN, 'cycle filter');
      await clearFilters(page);

      const [change, changeN] = mostCommon((r) => r.changeId);
      await openFilters(page);
      await page.locator('[data-testid=filter-change]').fill(change);
      await page.locator('[data-testid=filter-change]').press('Enter');
      await expectTotal(page, changeN, 'change filter');
      await clearFilters(page);

      // A time range: the second day of the log, UTC.
      const times = records().map((r) => r.activityDateTime).sort();
      const day = times[0].slice(0, 10);
      const from = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 16);
      const to = new Date(Date.parse(`${day}T00:00:00Z`) + 2 * 86_400_000).toISOString().slice(0, 16);
      const inRange = records().filter((r) => r.activityDateTime >= `${from}:00Z` && r.activityDateTime < `${to}:00Z`).length;
      assert.ok(inRange > 0 && inRange < RECORDS);
      await openFilters(page);
      await page.locator('[data-testid=filter-from]').fill(from);
      await page.locator('[data-testid=filter-to]').fill(to);
      await expectTotal(page, inRange, 'time range');
      // Filters combine: the range and a status.
      const failures = records().filter((r) => r.activityDateTime >= `${from}:00Z` && r.activityDateTime < `${to}:00Z`
        && r.provisioningStatusInfo.status === 'failure').length;
      await page.locator('[data-testid=filter-status]').selectOption('failure');
      await expectTotal(page, failures, 'time range and status');
      await clearFilters(page);
      assert.equal(await page.locator('[data-testid=filter-from]').inputValue(), '');
      assert.equal(await page.locator('[data-testid=filter-status]').inputValue(), 'all');
    },
  },
  {
    name: 'the histogram stacks the result by status, and a drag over it narrows the time range',
    run: async ({ page, baseUrl }) => {
      await load(page, baseUrl);
      const histogram = page.locator('[data-testid=histogram]');
      await page.waitForFunction(() => Number(document.querySelector('[data-testid=histogram]')?.getAttribute('data-buckets')) > 1);
      const bars = await histogram.locator('g.hist-bar').count();
      assert.ok(bars > 1, `bars: ${bars}`);
      assert.ok(await histogram.locator('rect.hs-success').count() > 0, 'success bars');
      assert.ok(await histogram.locator('rect.hs-failure').count() > 0, 'failure bars');
      const title = await histogram.locator('g.hist-bar title').first().textContent();
      assert.match(title, /success|failure|skipped|warning|no events/, `a bar says its counts: ${title}`);
      // The legend names the statuses (not colour alone).
      assert.match(await histogram.locator('.hist-legend').innerText(), /Success[\s\S]*Failure/);
      // The histogram follows the filter.
      await page.locator('[data-testid=filter-status]').selectOption('failure');
      await gridSettled(page);
      await page.waitForFunction(() => document.querySelectorAll('[data-testid=histogram] rect.hs-success').length === 0);
      assert.ok(await histogram.locator('rect.hs-failure').count() > 0);
      await page.locator('[data-testid=filter-status]').selectOption('all');
      await expectTotal(page, RECORDS, 'all statuses');

      const box = await histogram.locator('.hist-drag').boundingBox();
      const y = box.y + box.height / 2;
      await page.mouse.move(box.x + box.width * 0.3, y);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * 0.45, y, { steps: 4 });
      await page.mouse.move(box.x + box.width * 0.6, y, { steps: 4 });
      await page.mouse.up();
      await gridSettled(page);
      await page.waitForFunction(
        (n) => Number(document.querySelector('[data-testid=event-grid]').getAttribute('data-total-rows')) < n, RECORDS);
      const narrowed = await totalRows(page);
      assert.ok(narrowed > 0 && narrowed < RECORDS, `narrowed to ${narrowed}`);
      const from = await page.locator('[data-testid=filter-from]').inputValue();
      const to = await page.locator('[data-testid=filter-to]').inputValue();
      assert.ok(from && to && from < to, `range ${from} – ${to}`);
      const [f, t] = [Date.parse(`${from}Z`), Date.parse(`${to}Z`)];
      const expected = records().filter((r) => Date.parse(r.activityDateTime) >= f && Date.parse(r.activityDateTime) < t).length;
      assert.equal(narrowed, expected, 'the rows are those of the dragged range');
      await page.locator('[data-testid=clear-range]').click();
      await expectTotal(page, RECORDS, 'range cleared');
    },
  },
  {
    name: 'exports download the filtered events as CSV and JSON, and the filter copies as KQL',
    run: async ({ page, baseUrl, requests }) => {
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
      await load(page, baseUrl);
      await page.locator('[data-testid=filter-status]').selectOption('failure');
      await gridSettled(page);
      const n = await totalRows(page);
      assert.ok(n > 0 && n < RECORDS);
      const before = requests?.length ?? 0;

      const [csv] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=export-csv]').click()]);
      assert.match(csv.suggestedFilename(), /\.csv$/);
      const csvText = fs.readFileSync(await csv.path(), 'utf8');
      assert.equal(csvRecords(csvText), n + 1, 'CSV: a header and a row per filtered event');

      const [json] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=export-json]').click()]);
      assert.match(json.suggestedFilename(), /\.json$/);
      const events = JSON.parse(fs.readFileSync(await json.path(), 'utf8'));
      assert.ok(Array.isArray(events));
      assert.equal(events.length, n, 'JSON: every filtered event');
      if (requests) {
        const later = requests.slice(before).map((r) => r.url).filter((u) => !u.startsWith('blob:') && !u.startsWith('data:'));
        assert.deepEqual(later, [], 'exports make no network request');
      }

      await page.locator('[data-testid=copy-kql]').click();
      const text = page.locator('[data-testid=kql-text]');
      await text.waitFor();
      const kql = await text.inputValue();
      assert.match(kql, /AADProvisioningLogs/);
      assert.match(kql, /"failure"/i, kql);
      const clip = await page.evaluate(() => navigator.clipboard.readText()).catch(() => null);
      if (clip !== null) assert.equal(clip, kql, 'the clipboard holds the query shown');
      await page.locator('[data-testid=kql-table]').selectOption('audit');
      await page.waitForFunction(() => document.querySelector('[data-testid=kql-text]')?.value.includes('AuditLogs'));
      await page.keyboard.press('Escape');
      await page.locator('[data-testid=kql-popover]').waitFor({ state: 'detached' });
    },
  },
  {
    name: 'the URL hash holds the view: reloading it and dropping the same file shows the same rows',
    run: async ({ page, baseUrl }) => {
      await load(page, baseUrl);
      const [job] = mostCommon((r) => r.jobId);
      await openFilters(page);
      await page.locator('[data-testid=filter-job]').selectOption(job);
      await page.locator('[data-testid=filter-status]').selectOption('failure');
      await page.locator('[data-testid=hide-skipped]').check();
      await page.locator('[role=columnheader][data-column=identity]').click();
      await gridSettled(page);
      const total = await totalRows(page);
      const sort = await attr(page, '[role=columnheader][data-column=identity]', 'aria-sort');
      assert.equal(sort, 'ascending');
      const hash = new URL(page.url()).hash;
      assert.match(hash, /status=failure/);
      assert.match(hash, /hide=skipped/);
      assert.match(hash, /sort=identity\.asc/);
      assert.doesNotMatch(hash, /@|\.com/, 'no data in the hash');

      await page.goto('about:blank');
      await load(page, baseUrl, hash);
      assert.equal(await totalRows(page), total, 'same rows after reload');
      assert.equal(await attr(page, '[role=columnheader][data-column=identity]', 'aria-sort'), 'ascending');
      assert.equal(await page.locator('[data-testid=filter-status]').inputValue(), 'failure');
      assert.ok(await page.locator('[data-testid=hide-skipped]').isChecked());
      assert.equal(await page.locator('[data-testid=filter-job]').inputValue(), job);
      // A link with a selected identity reopens that identity's timeline once the same file
      // is dropped (the hash holds its id, not its name).
      await page.goto('about:blank');
      await load(page, baseUrl);
      const row = page.locator('[data-testid=grid-row]').first();
      await row.click();
      const timeline = page.locator('[data-testid=user-timeline]');
      await timeline.waitFor({ timeout: 10_000 });
      const identity = await timeline.getAttribute('data-identity');
      await page.waitForFunction((id) => location.hash.includes(`id=${encodeURIComponent(id)}`), identity);
      const shared = new URL(page.url()).hash;
      assert.doesNotMatch(shared, /@|\.com/, 'no data in the hash');
      await page.goto('about:blank');
      await openApp(page, baseUrl, shared);
      assert.equal(new URL(page.url()).hash, shared, 'the link\'s identity waits for the files');
      await dropFiles(page, [file()]);
      await waitForLoad(page);
      await page.locator(`[data-testid=user-timeline][data-identity="${identity}"]`).waitFor({ timeout: 15_000 });
      assert.ok(new URL(page.url()).hash.includes(`id=${encodeURIComponent(identity)}`));
      // A garbage hash still opens, on the whole log.
      await page.goto('about:blank');
      await load(page, baseUrl, '#status=nonsense&sort=%ZZ&&=x');
      assert.equal(await totalRows(page), RECORDS);
    },
  },
  {
    name: 'the column chooser shows every column, and the choice survives a reload',
    run: async ({ page, baseUrl }) => {
      await load(page, baseUrl);
      const headers = () => page.locator('[data-testid=event-grid] [role=columnheader]').evaluateAll(
        (els) => els.map((e) => e.getAttribute('data-column')));
      assert.deepEqual(await headers(), ['time', 'identity', 'activity', 'status', 'reason']);
      const chooser = page.locator('[data-testid=column-chooser]');
      await chooser.locator('summary').click();
      for (const id of ['error-code', 'source-system', 'target-system', 'job', 'cycle', 'change', 'duration', 'file']) {
        await chooser.locator(`input[data-column=${id}]`).check();
      }
      // All thirteen: the grid scrolls sideways, the header follows, every column keeps room.
      const thirteen = ['time', 'identity', 'activity', 'status', 'reason', 'error-code', 'source-system',
        'target-system', 'job', 'cycle', 'change', 'duration', 'file'];
      assert.deepEqual(await headers(), thirteen);
      const rows = page.locator('[data-testid=event-grid] .vrows');
      const [scrollW, clientW] = await rows.evaluate((el) => [el.scrollWidth, el.clientWidth]);
      assert.ok(scrollW > clientW, `thirteen columns scroll sideways (${scrollW} > ${clientW})`);
      const widths = await page.locator('[data-testid=grid-row]').first().locator('[role=gridcell]')
        .evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().width)));
      assert.equal(widths.length, 13);
      assert.ok(widths.every((w) => w >= 80), `every column keeps its room: ${widths}`);
      await rows.evaluate((el) => { el.scrollLeft = el.scrollWidth; });
      await page.waitForFunction(() => {
        const grid = document.querySelector('[data-testid=event-grid]');
        const h = grid.querySelector('[role=columnheader][data-column=file]').getBoundingClientRect();
        const c = grid.querySelector('[data-testid=grid-row] .c-file').getBoundingClientRect();
        return Math.abs(h.x - c.x) < 2 && c.right <= grid.getBoundingClientRect().right + 1;
      }, null, { timeout: 5_000 });
      await rows.evaluate((el) => { el.scrollLeft = 0; });
      await chooser.locator('input[data-column=reason]').uncheck();
      const all = ['time', 'identity', 'activity', 'status', 'error-code', 'source-system', 'target-system', 'job',
        'cycle', 'change', 'duration', 'file'];
      assert.deepEqual(await headers(), all);
      // Header and rows share the chosen tracks: a cell sits under its header.
      const [hx, cx] = await page.locator('[data-testid=event-grid]').evaluate((grid) => [
        grid.querySelector('[role=columnheader][data-column=file]').getBoundingClientRect().x,
        grid.querySelector('[data-testid=grid-row] .c-file').getBoundingClientRect().x,
      ]);
      assert.ok(Math.abs(hx - cx) < 2, `file column at ${hx} and ${cx}`);
      const job = page.locator('[role=columnheader][data-column=job]');
      assert.equal(await job.getAttribute('aria-sort'), 'none');
      assert.equal(await job.getAttribute('aria-disabled'), 'true');
      // The cells line up with the headers: the job column holds the row's job id.
      const firstJob = await page.locator('[data-testid=grid-row]').first().locator('[role=gridcell]').nth(all.indexOf('job')).innerText();
      assert.ok(records().some((r) => r.jobId === firstJob), `job cell "${firstJob}"`);

      await page.goto('about:blank');
      await load(page, baseUrl);
      assert.deepEqual(await headers(), all, 'remembered in this browser');
      await page.locator('[data-testid=column-chooser] summary').click();
      await page.locator('[data-testid=column-chooser] button').click();
      assert.deepEqual(await headers(), ['time', 'identity', 'activity', 'status', 'reason']);
    },
  },
  {
    name: 'the time zone switch changes the times shown, never the hooks',
    run: async ({ page, baseUrl }) => {
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Emulation.setTimezoneOverride', { timezoneId: 'Asia/Kolkata' });
      await load(page, baseUrl);
      const firstTime = () => page.locator('[data-testid=grid-row]').first().locator('.c-time').innerText();
      const utcText = await firstTime();
      const first = await card(page, 'first-activity');
      const ids = await page.locator('[data-testid=grid-row]').first().getAttribute('data-event-id');
      const toggle = page.locator('[data-testid=timezone-toggle]');
      assert.equal(await toggle.innerText(), 'UTC');
      await toggle.click();
      await page.locator('[data-testid=timezone-toggle][data-zone=local]').waitFor();
      await page.locator('[data-testid=grid-row]').first().waitFor();
      const localText = await firstTime();
      assert.notEqual(localText, utcText, 'local time differs from UTC in Kolkata');
      // 06:00 UTC is 11:30 in Kolkata: the minutes move by 30.
      assert.equal(utcText.slice(9, 11) !== localText.slice(9, 11), true);
      assert.equal(await card(page, 'first-activity'), first, 'the hook stays RFC 3339 UTC');
      assert.match(first, /Z$/);
      assert.equal(await page.locator('[data-testid=grid-row]').first().getAttribute('data-event-id'), ids);
      // No label says UTC while times are local: cards, filters, histogram, details, verdict.
      await page.locator('[data-testid=grid-row]').first().click();
      await page.locator('[data-testid=event-details]').waitFor();
      await page.locator('[data-testid=user-timeline]').waitFor();
      const more = page.locator('[data-testid=more-filters]');
      if (!(await more.evaluate((d) => d.open))) await more.locator('summary').click();
      const utcLabels = await page.evaluate(() => {
        const toggle = document.querySelector('[data-testid=timezone-toggle]');
        const out = [];
        const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        while (walk.nextNode()) {
          const n = walk.currentNode;
          if (/\bUTC\b/.test(n.textContent) && !toggle.contains(n) && n.parentElement.closest('[hidden]') === null) {
            out.push(n.textContent.trim());
          }
        }
        return out;
      });
      assert.deepEqual(utcLabels, [], 'labels follow the local zone');
      assert.match(await page.locator('[data-testid=event-details]').innerText(), /\blocal\b/);
      await page.locator('[data-testid=timezone-toggle]').click();
      await page.locator('[data-testid=timezone-toggle][data-zone=utc]').waitFor();
      assert.equal(await firstTime(), utcText);
    },
  },
  {
    name: 'dark mode follows the system until the toggle chooses, and the choice is remembered',
    run: async ({ page, baseUrl }) => {
      /** How light the page's background is, 0 (black) to 1 (white). */
      const lightness = () => page.evaluate(() => {
        const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\d+/g).map(Number);
        return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
      });
      await page.emulateMedia({ colorScheme: 'dark' });
      await load(page, baseUrl);
      assert.equal(await page.evaluate(() => document.documentElement.getAttribute('data-theme')), null, 'no choice yet');
      assert.ok(await lightness() < 0.3, 'a dark system gets the dark theme');
      await page.emulateMedia({ colorScheme: 'light' });
      await page.waitForFunction(() => getComputedStyle(document.body).backgroundColor !== 'rgba(0, 0, 0, 0)');
      assert.ok(await lightness() > 0.7, 'and follows the system when it turns light');
      const toggle = page.locator('[data-testid=theme-toggle]');
      await toggle.click();
      await page.waitForFunction(() => document.documentElement.getAttribute('data-theme') === 'dark');
      assert.ok(await lightness() < 0.3, 'the toggle turns it dark on a light system');
      await page.reload();
      await page.locator('[data-testid=theme-toggle]').waitFor();
      assert.equal(await page.evaluate(() => document.documentElement.getAttribute('data-theme')), 'dark', 'remembered');
      assert.ok(await lightness() < 0.3);
      await page.locator('[data-testid=theme-toggle]').click();
      await page.waitForFunction(() => document.documentElement.getAttribute('data-theme') === 'light');
      assert.ok(await lightness() > 0.7);
    },
  },
  {
    name: 'the keyboard sorts from the headers, / searches, ? lists the shortcuts and Esc closes it',
    run: async ({ page, baseUrl }) => {
      await load(page, baseUrl);
      const status = page.locator('[role=columnheader][data-column=status]');
      await status.focus();
      await page.keyboard.press('Enter');
      await gridSettled(page);
      assert.equal(await status.getAttribute('aria-sort'), 'ascending');
      await page.keyboard.press(' ');
      await gridSettled(page);
      assert.equal(await status.getAttribute('aria-sort'), 'descending');
      assert.equal(await attr(page, '[role=columnheader][data-column=time]', 'aria-sort'), 'none');
      // Tab reaches the next header.
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement.getAttribute('data-column')), 'reason');

      await page.locator('body').click({ position: { x: 2, y: 2 } });
      await page.keyboard.press('?');
      const list = page.locator('[data-testid=shortcuts]');
      await list.waitFor();
      assert.match(await list.innerText(), /Focus the search/);
      await page.keyboard.press('Escape');
      await list.waitFor({ state: 'detached' });
      await page.keyboard.press('/');
      assert.equal(await page.evaluate(() => document.activeElement.getAttribute('data-testid')), 'search');
      // `?` typed into the search is text, not a shortcut.
      await page.keyboard.type('?');
      assert.equal(await list.count(), 0);
      await page.locator('[data-testid=search]').fill('');
      await gridSettled(page);

      // The count of matching events is always shown; Enter opens a row, Esc closes it.
      assert.match(await page.locator('.match-count').innerText(), new RegExp(`^${RECORDS.toLocaleString('en-US')} of ${RECORDS.toLocaleString('en-US')} events$`));
      await page.locator('[data-testid=filter-status]').selectOption('failure');
      await gridSettled(page);
      const failures = records().filter((r) => r.provisioningStatusInfo.status === 'failure').length;
      assert.equal(await page.locator('.match-count').innerText(), `${failures.toLocaleString('en-US')} of ${RECORDS.toLocaleString('en-US')} events`);
      await page.locator('[data-testid=grid-row]').first().focus();
      await page.keyboard.press('Enter');
      await page.locator('[data-testid=event-details]').waitFor({ timeout: 5_000 });
      await page.keyboard.press('Escape');
      await page.locator('[data-testid=event-details]').waitFor({ state: 'detached', timeout: 5_000 });
    },
  },
];
