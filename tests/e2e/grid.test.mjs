// The event grid: every event counted, only a window of rows rendered, sorting by clicking the
// headers, search, the status filter, and the not-found verdict of a search that matches nothing.
// The truth is the generated file itself (ids, times, statuses) and the CLI.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import {
  attr, cliSummary, cliTimeline, dropFiles, generated, gridSettled, openApp, rowIds, totalRows, waitForLoad,
} from './lib.mjs';

const RECORDS = 5000;
/** The generated file (made on first use, kept under target/e2e/generated/). */
const file = () => generated({ format: 'portal', records: RECORDS });

let cachedRecords = null;
/** The generated file's records (a portal download: a bare array). */
function records() {
  cachedRecords ??= JSON.parse(fs.readFileSync(file(), 'utf8'));
  return cachedRecords;
}
const statusOf = (r) => r.provisioningStatusInfo.status;

/**
 * The ids of the events the grid must show first when sorted by time (`newest`: descending).
 * Ties keep the grid's tie order: newest first, then by id.
 */
function firstByTime(recs, newest) {
  const sorted = [...recs].sort((a, b) => {
    const t = a.activityDateTime < b.activityDateTime ? -1 : a.activityDateTime > b.activityDateTime ? 1 : 0;
    return (newest ? -t : t) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  });
  return sorted[0].id;
}

const header = (page, column) => page.locator(`[data-testid=event-grid] [role=columnheader][data-column=${column}]`);
/** Clicks a column header and waits for the reader's answer (the rows in the new order). */
async function sortBy(page, column) {
  await header(page, column).click();
  await gridSettled(page);
}
const ariaSort = (page, column) => header(page, column).getAttribute('aria-sort');

/** The text of column `column` in every rendered row (cells are matched to headers by position). */
async function columnText(page, column) {
  return page.locator('[data-testid=event-grid]').evaluate((grid, column) => {
    const headers = [...grid.querySelectorAll('[role=columnheader]')];
    const at = headers.findIndex((h) => h.getAttribute('data-column') === column);
    return [...grid.querySelectorAll('[data-testid=grid-row]')].map(
      (row) => row.querySelectorAll('[role=gridcell]')[at]?.textContent.trim() ?? null,
    );
  }, column);
}

async function loadGenerated(page, baseUrl) {
  await openApp(page, baseUrl);
  await dropFiles(page, [file()]);
  const report = await waitForLoad(page);
  assert.equal(report.events, RECORDS);
  await page.locator('[data-testid=grid-row]').first().waitFor();
}

/** Types into the search box and waits (a few seconds at most) for the grid's row count to change. */
async function search(page, text) {
  const before = await attr(page, '[data-testid=event-grid]', 'data-total-rows');
  await page.locator('[data-testid=search]').fill(text);
  await page
    .waitForFunction(
      (before) => document.querySelector('[data-testid=event-grid]')?.getAttribute('data-total-rows') !== before,
      before,
      { timeout: 5_000 },
    )
    .catch(() => {}); // the count may legitimately stay the same; the assertions say
}

/** Gives the grid a moment to show `n` rows; the assertion that follows says whether it did. */
async function settle(page, n) {
  await page
    .waitForFunction(
      (n) => document.querySelector('[data-testid=event-grid]')?.getAttribute('data-total-rows') === String(n),
      n,
      { timeout: 5_000 },
    )
    .catch(() => {});
}

export const tests = [
  {
    name: 'a 5,000-event file: every event counted, only a window of rows rendered',
    timeout: 90_000,
    async run({ page, baseUrl }) {
      await loadGenerated(page, baseUrl);
      assert.equal(await totalRows(page), RECORDS, 'data-total-rows = events');
      const rendered = await page.locator('[data-testid=grid-row]').count();
      assert.ok(rendered > 0 && rendered <= 200, `a virtual window: ${rendered} rows rendered of ${RECORDS}`);

      // End on a row goes to the last row, which is then rendered: the oldest event.
      await page.locator('[data-testid=grid-row]').first().focus();
      await page.keyboard.press('End');
      await page.waitForFunction(
        (id) => document.querySelector('[data-testid=event-details]')?.getAttribute('data-event-id') === id,
        firstByTime(records(), false),
        { timeout: 5_000 },
      ).catch(() => {});
      const ids = await rowIds(page);
      assert.ok(ids.length <= 200, `still a window at the end: ${ids.length} rows`);
      assert.equal(ids.at(-1), firstByTime(records(), false), 'the last row is the oldest event');
    },
  },
  {
    name: 'newest first by default; the time header sorts ascending, then descending',
    timeout: 90_000,
    async run({ page, baseUrl }) {
      await loadGenerated(page, baseUrl);
      const newest = firstByTime(records(), true);
      const oldest = firstByTime(records(), false);
      assert.equal(await ariaSort(page, 'time'), 'descending', 'default sort: time, descending');
      for (const c of ['identity', 'activity', 'status', 'reason']) assert.equal(await ariaSort(page, c), 'none', `${c} unsorted`);
      assert.equal((await rowIds(page))[0], newest, 'the first row is the newest event');

      await sortBy(page, 'time');
      assert.equal(await ariaSort(page, 'time'), 'ascending');
      assert.equal((await rowIds(page))[0], oldest, 'ascending: the first row is the oldest event');

      await sortBy(page, 'time');
      assert.equal(await ariaSort(page, 'time'), 'descending');
      assert.equal((await rowIds(page))[0], newest, 'descending again: the newest event first');
    },
  },
  {
    name: 'sorting by status groups the statuses; clicking again reverses',
    timeout: 90_000,
    async run({ page, baseUrl }) {
      await loadGenerated(page, baseUrl);
      const byId = new Map(records().map((r) => [r.id, r]));
      const defaultFirst = (await rowIds(page))[0];

      await sortBy(page, 'status');
      assert.equal(await ariaSort(page, 'status'), 'ascending');
      assert.equal(await ariaSort(page, 'time'), 'none', 'only one column is sorted');
      const up = (await rowIds(page)).map((id) => byId.get(id));
      const upStatus = statusOf(up[0]);
      assert.ok(up.every((r) => statusOf(r) === upStatus), `the first rows all have one status (${upStatus})`);
      // Within a status, newest first.
      assert.equal(up[0].id, firstByTime(records().filter((r) => statusOf(r) === upStatus), true));

      await sortBy(page, 'status');
      assert.equal(await ariaSort(page, 'status'), 'descending');
      const down = (await rowIds(page)).map((id) => byId.get(id));
      const downStatus = statusOf(down[0]);
      assert.notEqual(downStatus, upStatus, 'the other end of the order has another status');
      assert.ok(down.every((r) => statusOf(r) === downStatus));
      assert.equal(down[0].id, firstByTime(records().filter((r) => statusOf(r) === downStatus), true));
      assert.ok(up[0].id !== defaultFirst || down[0].id !== defaultFirst, 'sorting changed the first row');
    },
  },
  {
    name: 'sorting by identity orders the rows by name, both ways',
    timeout: 90_000,
    async run({ page, baseUrl }) {
      await loadGenerated(page, baseUrl);
      const defaultFirst = (await rowIds(page))[0];
      const lower = (xs) => xs.map((x) => x.toLowerCase());
      const isSorted = (xs, desc) => xs.every((x, i) => i === 0 || (desc ? xs[i - 1] >= x : xs[i - 1] <= x));

      await sortBy(page, 'identity');
      assert.equal(await ariaSort(page, 'identity'), 'ascending');
      const up = lower(await columnText(page, 'identity'));
      assert.ok(up.length > 1 && isSorted(up, false), `identities ascending: ${up.slice(0, 5).join(', ')}…`);
      const upFirst = (await rowIds(page))[0];

      await sortBy(page, 'identity');
      assert.equal(await ariaSort(page, 'identity'), 'descending');
      const down = lower(await columnText(page, 'identity'));
      assert.ok(isSorted(down, true), `identities descending: ${down.slice(0, 5).join(', ')}…`);
      assert.ok(down[0] > up[0], `the descending first (${down[0]}) comes after the ascending first (${up[0]})`);
      assert.notEqual(upFirst, defaultFirst, 'sorting by identity changed the first row');
    },
  },
  {
    name: 'an upper-cased UPN fragment finds that user\'s events; the status filter gives the CLI\'s count',
    timeout: 90_000,
    async run({ page, baseUrl }) {
      // A user with a failure; search a fragment of the UPN that no other user's UPN contains.
      const failing = records().find((r) => statusOf(r) === 'failure');
      const upn = failing.provisioningSteps.map((s) => s.details?.userPrincipalName).find(Boolean);
      assert.ok(upn, 'precondition: the failing record carries a UPN');
      const fragment = upn.slice(0, upn.indexOf('@') + 4).toUpperCase(); // "DEBRA.JENSEN@CON"
      const upns = new Set(records().flatMap((r) => r.provisioningSteps.map((s) => s.details?.userPrincipalName).filter(Boolean)));
      assert.deepEqual([...upns].filter((u) => u.toUpperCase().includes(fragment)), [upn], 'precondition: the fragment names one user');
      const timeline = cliTimeline(upn, [file()]);
      const summary = cliSummary([file()]);

      await loadGenerated(page, baseUrl);
      await search(page, fragment);
      assert.equal(await totalRows(page), timeline.changes.length, `"${fragment}" matches the user's ${timeline.changes.length} events`);
      assert.equal(await page.locator('[data-testid=grid-row]').count(), timeline.changes.length);
      assert.equal(await attr(page, '[data-testid=user-timeline]', 'data-identity'), timeline.identity, 'the search shows that user\'s timeline');

      await search(page, '');
      assert.equal(await totalRows(page), RECORDS, 'clearing the search shows every event');
      await page.locator('[data-testid=filter-status]').selectOption('failure');
      await settle(page, summary.by_status.failure);
      assert.equal(await totalRows(page), summary.by_status.failure, 'filter-status=failure → the CLI\'s failure count');
      const byId = new Map(records().map((r) => [r.id, r]));
      assert.ok((await rowIds(page)).every((id) => statusOf(byId.get(id)) === 'failure'), 'only failures are shown');

      await page.locator('[data-testid=filter-status]').selectOption('skipped');
      await settle(page, summary.by_status.skipped);
      assert.equal(await totalRows(page), summary.by_status.skipped, 'filter-status=skipped → the CLI\'s skipped count');
    },
  },
  {
    name: 'a search matching nothing says the object is not in the source or not reached yet',
    timeout: 90_000,
    async run({ page, baseUrl }) {
      await loadGenerated(page, baseUrl);
      const nobody = 'nobody.anywhere@contoso.com';
      await search(page, nobody);
      assert.equal(await totalRows(page), 0);
      assert.equal(await page.locator('[data-testid=grid-row]').count(), 0);
      const verdict = page.locator('[data-testid=user-verdict]');
      assert.equal(await verdict.count(), 1, 'one verdict');
      assert.equal(await verdict.getAttribute('data-verdict'), 'not-found');
      const text = await verdict.innerText();
      assert.ok(text.includes(nobody), `it repeats what was searched: ${text}`);
      assert.match(text, /not exist in the source|not in the source/i, 'it says the object may not exist in the source');
      assert.match(text, /not reached|initial cycle/i, 'it says the service may not have reached it yet');
    },
  },
];
