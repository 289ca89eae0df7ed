// The reader, the Web Worker that reads the files and holds the log (issue 5): progress at
// least four times a second, Cancel, no task over 200 ms on the page while loading, 30
// overlapping downloads at once, a million events scrolled to the last one past the browser's
// element-height cap, a file too large for the tab, a reader whose slicer (the worker reading
// files for it) cannot start, and a reader that gets a bad message, fails, panics or stops
// without a word while the page carries on.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  cards, cliSummary, coreFixture, dropFiles, generated, gridSettled, openApp, root, rowIds, totalRows, waitForLoad,
} from './lib.mjs';

const RECORDS = 17_000; // a 50 MB portal download
const big = () => generated({ format: 'portal', records: RECORDS });
const MILLION = 1_000_000;
/** Browsers cap an element's height near 16.7 million CSS pixels (Chromium: 16,777,215). */
const HEIGHT_CAP = 16_777_215;

/** Records every change of `load-progress`'s value (with its time) and every long task. */
async function watchLoad(page) {
  await page.evaluate(() => {
    const seen = (window.__e2eLoad = { progress: [], longTasks: [], supported: false });
    seen.supported = PerformanceObserver.supportedEntryTypes.includes('longtask');
    if (seen.supported) {
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) seen.longTasks.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask' });
    }
    new MutationObserver(() => {
      const p = document.querySelector('[data-testid=load-progress]');
      if (!p) return;
      const value = Number(p.getAttribute('value'));
      if (seen.progress.at(-1)?.value !== value) {
        seen.progress.push({ t: performance.now(), value, max: Number(p.getAttribute('max')) });
      }
    }).observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ['value'] });
  });
}

const watched = (page) => page.evaluate(() => window.__e2eLoad);

/** The reader of the page (its dedicated worker), once started. */
async function readerOf(page) {
  return page.workers()[0] ?? page.waitForEvent('worker');
}

/**
 * Opens the page, waits for its reader, and loads two small files: the page's root, what it
 * shows then (load report, cards, rows) and the reader, for a test that then breaks it.
 */
async function twoFilesLoaded(page, baseUrl) {
  await openApp(page, baseUrl);
  await page.waitForSelector('.app[data-reader=ready]', { timeout: 10_000 });
  await dropFiles(page, [coreFixture('overlap-page1.json'), coreFixture('events.jsonl')]);
  const before = await waitForLoad(page);
  return {
    app: page.locator('.app'),
    before,
    beforeCards: await cards(page),
    rows: await rowIds(page),
    reader: await readerOf(page),
  };
}

/** A million small provisioning events as JSON lines (made once): event i at 2026-01-01 + i s. */
function millionFile() {
  const dir = path.join(root, 'target', 'e2e', 'generated');
  const file = path.join(dir, `million-${MILLION}-v2.jsonl`);
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(dir, { recursive: true });
  const partial = `${file}.partial`;
  const out = fs.openSync(partial, 'w');
  let lines = [];
  for (let i = 0; i < MILLION; i++) {
    const t = new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString().replace('.000Z', 'Z');
    lines.push(`{"id":"${millionId(i)}","activityDateTime":"${t}","provisioningAction":"update",` +
      `"provisioningStatusInfo":{"status":"${i % 25 === 0 ? 'failure' : 'success'}"},` +
      `"sourceIdentity":{"id":"user-${i % 5000}","displayName":"User ${i % 5000}"}}`);
    if (lines.length === 10_000) {
      fs.writeSync(out, `${lines.join('\n')}\n`);
      lines = [];
    }
  }
  fs.closeSync(out);
  fs.renameSync(partial, file);
  return file;
}

/** Event i's id: GUID-like, varying from its first character on, as real ids do. */
function millionId(i) {
  const mix = (x) => {
    x = Math.imul(x ^ (x >>> 16), 0x45d9f3b);
    x = Math.imul(x ^ (x >>> 16), 0x45d9f3b);
    return (x ^ (x >>> 16)) >>> 0;
  };
  const hex = (x) => x.toString(16).padStart(8, '0');
  return `${hex(mix(i + 1))}-${hex(mix(i + 7919)).slice(0, 4)}-4000-8000-${String(i).padStart(12, '0')}`;
}

/** Row positions and event ids of the rendered rows that have arrived, in order. */
async function renderedRows(page) {
  return page.locator('[data-testid=grid-row]').evaluateAll((els) =>
    els.map((el) => ({ pos: Number(el.getAttribute('aria-rowindex')) - 2, id: el.getAttribute('data-event-id') })),
  );
}

export const tests = [
  {
    name: 'a 50 MB file: progress at least 4 times a second, no task over 200 ms on the page',
    timeout: 180_000,
    async run({ page, baseUrl }) {
      const file = big();
      const size = fs.statSync(file).size;
      await openApp(page, baseUrl);
      await watchLoad(page);
      const t0 = await page.evaluate(() => performance.now());
      await dropFiles(page, [file]);
      const report = await waitForLoad(page, { timeout: 170_000 });
      const t1 = await page.evaluate(() => performance.now());
      assert.equal(report.events, RECORDS, 'every record loaded');

      const { progress, longTasks, supported } = await watched(page);
      assert.ok(progress.length >= 2, `load-progress was shown and moved (${progress.length} values)`);
      assert.ok(progress.every((p) => p.max === size), 'max = the file\'s size');
      // Between the first value and the last byte read, no gap over 250 ms.
      const reading = progress.filter((p) => p.value < size);
      const gaps = reading.slice(1).map((p, i) => p.t - reading[i].t);
      const longestGap = Math.max(0, ...gaps);
      const span = (reading.at(-1).t - reading[0].t) / 1000;
      const rate = span > 0 ? (reading.length - 1) / span : Infinity;
      const longestTask = Math.max(0, ...longTasks.filter((t) => t.start >= t0 && t.start <= t1).map((t) => t.duration));
      console.log(`MEASURE progress ${(size / 1e6).toFixed(1)} MB: ${progress.length} updates, ${rate.toFixed(1)}/s while reading, ` +
        `longest gap ${longestGap.toFixed(0)} ms; longest page task ${longestTask.toFixed(0)} ms; ` +
        `drop to report ${((t1 - t0) / 1000).toFixed(2)} s (${(size / 1e6 / ((t1 - t0) / 1000)).toFixed(1)} MB/s)`);
      assert.ok(longestGap <= 250, `progress at least 4 times a second: longest gap ${longestGap.toFixed(0)} ms`);
      assert.ok(rate >= 4, `${rate.toFixed(1)} updates a second`);
      assert.ok(supported, 'Chromium reports long tasks');
      assert.ok(longestTask < 200, `no page task over 200 ms while loading (longest ${longestTask.toFixed(0)} ms)`);
    },
  },
  {
    name: 'Cancel stops a load: nothing of it is added, earlier files stay, a second drop works',
    timeout: 180_000,
    async run({ page, baseUrl }) {
      await openApp(page, baseUrl);
      await dropFiles(page, [coreFixture('overlap-page1.json')]);
      const before = await waitForLoad(page);
      const beforeCards = await cards(page);

      // Two copies of the 50 MB file: about two seconds of reading, cancelled in the first.
      await dropFiles(page, [{ path: big(), name: 'big-1.json' }, { path: big(), name: 'big-2.json' }]);
      const progress = page.locator('[data-testid=load-progress]');
      await page.waitForFunction(() => Number(document.querySelector('[data-testid=load-progress]')?.getAttribute('value')) > 0);
      await page.locator('[data-testid=cancel-load]').click();
      await progress.waitFor({ state: 'detached', timeout: 10_000 });
      // Long enough for a load that was not stopped to have ended.
      await page.waitForTimeout(3_000);
      const after = await waitForLoad(page);
      assert.deepEqual(after, before, 'the load report lists the earlier file only');
      assert.deepEqual(await cards(page), beforeCards, 'the cards are the earlier file\'s');
      assert.equal(await totalRows(page), before.events);

      // The page is usable: a search answers, a second drop loads.
      await page.locator('[data-testid=search]').fill('self-service');
      await gridSettled(page);
      assert.ok((await totalRows(page)) < before.events, 'the search narrows the rows');
      await page.locator('[data-testid=search]').fill('');
      await dropFiles(page, [coreFixture('events.jsonl')]);
      const second = await waitForLoad(page, { files: 2 });
      assert.deepEqual(second.files.map((f) => f.file), ['overlap-page1.json', 'events.jsonl']);
    },
  },
  {
    name: '30 overlapping daily downloads load together, merged and deduplicated as the CLI counts them',
    timeout: 240_000,
    async run({ page, baseUrl }) {
      // One tenant, one seed, a growing count: each download repeats the one before and adds to it.
      const files = Array.from({ length: 30 }, (_, day) => generated({ format: 'portal', records: 100 + 40 * day, seed: 3 }));
      const cli = cliSummary(files);
      assert.ok(cli.duplicates > 0, 'precondition: the downloads overlap');
      await openApp(page, baseUrl);
      await dropFiles(page, files);
      const report = await waitForLoad(page, { timeout: 200_000 });
      assert.equal(report.files.length, 30, 'one report per file');
      assert.equal(report.events, cli.events, `each event once: ${cli.events} events, ${cli.duplicates} duplicates merged`);
      assert.deepEqual(
        report.files.map(({ file, format, events, skipped }) => ({ file, format, events, skipped })),
        cli.files.map((f) => ({ file: f.name, format: f.format, events: f.events, skipped: f.skipped })),
        'every file\'s numbers are the CLI\'s',
      );
      const shown = await cards(page);
      assert.equal(shown.events, String(cli.events));
      assert.equal(shown.identities, String(cli.identities));
      assert.equal(shown.failure, String(cli.by_status.failure));
      assert.equal(await totalRows(page), cli.events);
    },
  },
  {
    name: 'without its slicer (the worker reading files for the reader) the reader reads the files itself, all of them',
    timeout: 150_000,
    async run({ page, baseUrl }) {
      // Two files of several slices each.
      const files = [
        generated({ format: 'portal', records: 1_500, seed: 5 }),
        generated({ format: 'graph', records: 1_200, seed: 6 }),
      ];
      const cli = cliSummary(files);
      const expectLoaded = async (on, report) => {
        assert.equal(report.events, cli.events, 'every event loaded');
        assert.deepEqual(
          report.files.map(({ events, skipped }) => ({ events, skipped })),
          cli.files.map(({ events, skipped }) => ({ events, skipped })),
        );
        assert.equal(await totalRows(on), cli.events);
      };
      // The reader starts its slicer as it starts: what it finds as `Worker` is set in its
      // own script, as the page fetches it.
      const withPrelude = (on, prelude) =>
        on.route('**/worker_loader.js', async (route) => {
          const response = await route.fetch();
          await route.fulfill({ response, body: `${prelude}\n${await response.text()}` });
        });
      // 1. Its script fails to load (started, then an error event): read by the reader.
      await withPrelude(page, `
        const RealWorker = self.Worker;
        self.__slicersAsked = [];
        self.Worker = function (url) {
          self.__slicersAsked.push(String(url));
          return new RealWorker('./no-such-slicer.js');
        };`);
      await openApp(page, baseUrl);
      const reader = await readerOf(page);
      await page.waitForSelector('.app[data-reader=ready]');
      await dropFiles(page, files);
      await expectLoaded(page, await waitForLoad(page, { timeout: 100_000 }));
      assert.deepEqual(await reader.evaluate(() => self.__slicersAsked), ['./slicer.js'], 'one slicer was asked for');
      // A second drop, the slicer known to be missing, loads too.
      await dropFiles(page, [coreFixture('events.jsonl')]);
      const second = await waitForLoad(page, { files: 3, timeout: 60_000 });
      assert.equal(second.skipped, 0);

      // 2. No worker can be started from a worker at all.
      const other = await page.context().newPage();
      await withPrelude(other, `self.Worker = function () { throw new Error('no nested workers here'); };`);
      await openApp(other, baseUrl);
      await dropFiles(other, files);
      await expectLoaded(other, await waitForLoad(other, { timeout: 100_000 }));
      await other.close();
    },
  },
  {
    name: 'a file changed on disk while it is read: what was read loads, and its report says where reading stopped',
    timeout: 150_000,
    async run({ page, baseUrl }) {
      const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'provlens-e2e-changed-')), 'changing.json');
      fs.copyFileSync(big(), copy);
      await openApp(page, baseUrl);
      await dropFiles(page, [copy]);
      // Once the first bytes are read, the file changes: the browser refuses to read on.
      await page.waitForFunction(() => Number(document.querySelector('[data-testid=load-progress]')?.getAttribute('value')) > 0);
      fs.appendFileSync(copy, ' ');
      fs.utimesSync(copy, new Date(), new Date(Date.now() + 60_000));
      const report = await waitForLoad(page, { timeout: 120_000 });
      const [file] = report.files;
      assert.ok(file.events > 0 && file.events < RECORDS, `part of the file loaded: ${file.events} of ${RECORDS} events`);
      assert.match(file.error ?? '', /could not read the file from here on/, `the report says so: ${file.error}`);
      assert.match(file.error, /byte \d/, 'and where');
      assert.equal(await totalRows(page), file.events);
      fs.rmSync(path.dirname(copy), { recursive: true, force: true });
    },
  },
  {
    name: 'a million events: End reaches the last row past the height cap; only a window is rendered',
    timeout: 420_000,
    async run({ page, baseUrl }) {
      const file = millionFile();
      await openApp(page, baseUrl);
      await dropFiles(page, [file]);
      const report = await waitForLoad(page, { timeout: 400_000 });
      assert.equal(report.events, MILLION);
      assert.equal(await totalRows(page), MILLION);

      const spacer = await page.locator('.vrows-spacer').evaluate((el) => el.getBoundingClientRect().height);
      assert.ok(spacer < HEIGHT_CAP && spacer < MILLION * 32, `the spacer stays under the cap: ${spacer} px for ${MILLION} rows of 32 px`);

      // Newest first: row p is event MILLION - 1 - p.
      const first = await rowIds(page);
      assert.equal(first[0], millionId(MILLION - 1), 'the first row is the newest event');
      await page.locator('[data-testid=grid-row]').first().focus();
      await page.keyboard.press('End');
      await page.locator(`[data-testid=event-details][data-event-id="${millionId(0)}"]`).waitFor({ timeout: 15_000 });
      const end = await renderedRows(page);
      assert.ok(end.length > 0 && end.length <= 200, `a window of rows at the end: ${end.length}`);
      assert.deepEqual(end.at(-1), { pos: MILLION - 1, id: millionId(0) }, 'the last row is the oldest event');
      assert.ok(end.every((r) => r.id === millionId(MILLION - 1 - r.pos)), 'every row rendered is its event');
      const lastVisible = await page.locator(`[data-testid=grid-row][data-event-id="${millionId(0)}"]`).evaluate((row) => {
        const box = row.getBoundingClientRect();
        const view = row.closest('.vrows').getBoundingClientRect();
        return box.top >= view.top - 1 && box.bottom <= view.bottom + 1;
      });
      assert.ok(lastVisible, 'the last row is in view');
      assert.ok(await page.locator('[data-testid=grid-row][aria-selected=true]').isVisible(), 'and selected');

      // The middle, by the scrollbar: the rows there arrive and are the right events.
      await page.locator('.vrows').evaluate((el) => { el.scrollTop = (el.scrollHeight - el.clientHeight) / 2; });
      await page.waitForFunction(() => {
        const rows = [...document.querySelectorAll('.vrows [role=row]')];
        return rows.length > 0 && rows.every((r) => r.matches('[data-testid=grid-row]'))
          && Math.abs(Number(rows[0].getAttribute('aria-rowindex')) - 500_000) < 100_000;
      }, null, { timeout: 15_000 });
      const middle = await renderedRows(page);
      assert.ok(Math.abs(middle[0].pos - MILLION / 2) < 1_000, `the middle rows: from ${middle[0].pos}`);
      assert.ok(middle.every((r) => r.id === millionId(MILLION - 1 - r.pos)), 'the middle rows are their events');

      // Scrolling with the wheel keeps the page free: no task over 200 ms.
      await page.evaluate(() => {
        window.__e2eScroll = [];
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) window.__e2eScroll.push(e.duration);
        }).observe({ type: 'longtask' });
      });
      await page.locator('.vrows').hover();
      for (let i = 0; i < 20; i++) await page.mouse.wheel(0, 600);
      await page.waitForTimeout(500);
      const scrollTasks = await page.evaluate(() => window.__e2eScroll);
      assert.ok(Math.max(0, ...scrollTasks) < 200, `no long task while scrolling: ${scrollTasks.map(Math.round)}`);

      // A row in view, clicked as the admin would (the first rendered rows lie above the view).
      await page.locator('[data-testid=grid-row]').nth(10).click();
      await page.keyboard.press('Home');
      await page.locator(`[data-testid=event-details][data-event-id="${millionId(MILLION - 1)}"]`).waitFor({ timeout: 15_000 });
      assert.equal((await rowIds(page))[0], millionId(MILLION - 1), 'Home goes back to the first row');
    },
  },
  {
    name: 'a file too large for the tab is refused with a message that says so; the others load',
    async run({ page, baseUrl }) {
      // A sparse file: 1.6 GB on paper, nothing on disk. The reader refuses it from its size
      // alone, without reading a byte.
      const dir = path.join(root, 'target', 'e2e', 'generated');
      fs.mkdirSync(dir, { recursive: true });
      const huge = path.join(dir, 'too-large.json');
      fs.closeSync(fs.openSync(huge, 'w'));
      fs.truncateSync(huge, 1_600_000_000);
      await openApp(page, baseUrl);
      await dropFiles(page, [huge, coreFixture('overlap-page1.json')]);
      const report = await waitForLoad(page, { timeout: 20_000 });
      const [refused, good] = report.files;
      assert.equal(refused.file, 'too-large.json');
      assert.equal(refused.events, 0);
      assert.match(refused.error ?? '', /too large for a browser tab/i, `the message says why: ${refused.error}`);
      assert.match(refused.error ?? '', /1\.6 GB/, 'and how large it is');
      assert.ok(good.events > 0, 'the other file loads');
    },
  },
  {
    name: 'a message the reader cannot read gets an answer: the page says so and stays usable',
    async run({ page, baseUrl }) {
      await openApp(page, baseUrl);
      await dropFiles(page, [coreFixture('overlap-page1.json')]);
      const before = await waitForLoad(page);
      const reader = await readerOf(page);
      // Whatever reaches the reader: not JSON, JSON of nothing it knows, not even text.
      await reader.evaluate(() => {
        for (const data of ['garbage', '{"id":7,"body":{"type":"explode"}}', 42, [1, 2]]) {
          self.dispatchEvent(new MessageEvent('message', { data }));
        }
      });
      const notice = page.locator('[data-testid=notice]');
      await notice.waitFor({ timeout: 5_000 });
      assert.match(await notice.innerText(), /cannot read/i);
      assert.equal(await page.locator('[data-testid=reader-stopped]').count(), 0, 'the reader carries on');
      await page.locator('[data-testid=search]').fill('self-service');
      await gridSettled(page);
      assert.ok((await totalRows(page)) < before.events, 'it still answers a search');
      assert.deepEqual(await waitForLoad(page), before, 'what was loaded stays');
    },
  },
  {
    name: 'a reader that fails: the page says so, keeps what was loaded, and reads the files again',
    timeout: 90_000,
    async run({ page, baseUrl }) {
      const { app, before, beforeCards, rows, reader } = await twoFilesLoaded(page, baseUrl);
      await reader.evaluate(() => setTimeout(() => { throw new Error('test: the reader fails'); }));

      const stopped = page.locator('[data-testid=reader-stopped]');
      await stopped.waitFor({ timeout: 5_000 });
      assert.match(await stopped.innerText(), /test: the reader fails/, 'the page says what happened');
      assert.equal(await app.getAttribute('data-reader'), 'stopped');
      assert.deepEqual(await waitForLoad(page), before, 'the load report stays');
      assert.deepEqual(await cards(page), beforeCards, 'the cards stay');
      assert.deepEqual(await rowIds(page), rows, 'the rows shown stay');

      await page.locator('[data-testid=reload-files]').click();
      await stopped.waitFor({ state: 'detached', timeout: 10_000 });
      await page.waitForFunction(() => !document.querySelector('[data-testid=load-progress]'));
      assert.deepEqual(await waitForLoad(page), before, 'the same files, read again');
      assert.equal(await app.getAttribute('data-reader'), 'ready', 'the new reader said it is ready');
      assert.deepEqual(await cards(page), beforeCards);
      await page.locator('[data-testid=search]').fill('self-service');
      await gridSettled(page);
      assert.ok((await totalRows(page)) < before.events, 'the fresh reader answers a search');
      // And takes more files.
      await page.locator('[data-testid=search]').fill('');
      await dropFiles(page, [coreFixture('overlap-page2.json')]);
      const more = await waitForLoad(page, { files: 3 });
      assert.equal(more.files.at(-1).file, 'overlap-page2.json');
    },
  },
  {
    name: 'a panic in the reader becomes a message on the page, which stays usable',
    async run({ page, baseUrl }) {
      await openApp(page, baseUrl);
      await dropFiles(page, [coreFixture('overlap-page1.json')]);
      const before = await waitForLoad(page);
      const reader = await readerOf(page);
      // What the reader's panic hook posts before the worker aborts (src/worker.rs).
      await reader.evaluate(() => self.postMessage(JSON.stringify({
        id: 0, body: { type: 'panicked', message: 'panicked at src/worker.rs:1:1:\ntest panic' },
      })));
      const stopped = page.locator('[data-testid=reader-stopped]');
      await stopped.waitFor({ timeout: 5_000 });
      assert.match(await stopped.innerText(), /panicked.*test panic/s);
      assert.deepEqual(await waitForLoad(page), before, 'what was loaded stays');
      // A new drop starts a fresh reader, which reads the earlier files too.
      await dropFiles(page, [coreFixture('events.jsonl')]);
      const after = await waitForLoad(page, { files: 2 });
      assert.deepEqual(after.files.map((f) => f.file), ['overlap-page1.json', 'events.jsonl']);
      assert.equal(await page.locator('[data-testid=reader-stopped]').count(), 0);
    },
  },
  {
    name: 'a panic in the middle of a load: the files loaded before stay, the one being read is dropped and said so',
    timeout: 180_000,
    async run({ page, baseUrl }) {
      await openApp(page, baseUrl);
      await dropFiles(page, [coreFixture('overlap-page1.json')]);
      const before = await waitForLoad(page);
      const beforeCards = await cards(page);
      await dropFiles(page, [{ path: big(), name: 'big-1.json' }, { path: big(), name: 'big-2.json' }]);
      await page.waitForFunction(() => Number(document.querySelector('[data-testid=load-progress]')?.getAttribute('value')) > 0);
      const reader = await readerOf(page);
      await reader.evaluate(() => self.postMessage(JSON.stringify({
        id: 0, body: { type: 'panicked', message: 'panicked at src/worker.rs:1:1:\nmid-load panic' },
      })));
      const stopped = page.locator('[data-testid=reader-stopped]');
      await stopped.waitFor({ timeout: 5_000 });
      assert.match(await stopped.innerText(), /mid-load panic/);
      assert.match(await stopped.innerText(), /being read when it stopped were not loaded/i, 'it says the files being read are lost');
      await page.locator('[data-testid=load-progress]').waitFor({ state: 'detached', timeout: 5_000 });
      assert.deepEqual(await waitForLoad(page), before, 'the report lists the earlier file only');
      assert.deepEqual(await cards(page), beforeCards, 'the cards are the earlier file\'s');

      // One click: the file loaded before is read again, not the ones that were lost.
      await page.locator('[data-testid=reload-files]').click();
      await stopped.waitFor({ state: 'detached', timeout: 10_000 });
      await page.waitForFunction(() => !document.querySelector('[data-testid=load-progress]'));
      assert.deepEqual(await waitForLoad(page), before, 'the earlier file, read again');
      await page.locator('[data-testid=search]').fill('self-service');
      await gridSettled(page);
      assert.ok((await totalRows(page)) < before.events, 'the fresh reader answers a search');
    },
  },
  {
    name: 'a reader that stops without a word: the page says it is silent, keeps what was loaded, and restarts it',
    timeout: 120_000,
    async run({ page, baseUrl }) {
      const { app, before, beforeCards, rows, reader } = await twoFilesLoaded(page, baseUrl);
      // A worker that ends without an error event, as when the browser ends it: nothing
      // reports it but its silence.
      await reader.evaluate(() => setTimeout(() => self.close(), 10)).catch(() => {});
      await page.waitForTimeout(300);
      const t0 = Date.now();
      await page.locator('[data-testid=search]').fill('self-service');
      const silent = page.locator('[data-testid=reader-silent]');
      await silent.waitFor({ timeout: 40_000 });
      const waited = (Date.now() - t0) / 1000;
      assert.ok(waited >= 15 && waited <= 30, `said within about 20 s of the unanswered search: ${waited.toFixed(1)} s`);
      assert.match(await silent.innerText(), /has not answered for \d+ seconds/);
      assert.deepEqual(await waitForLoad(page), before, 'the load report stays');
      assert.deepEqual(await cards(page), beforeCards, 'the cards stay');
      assert.deepEqual(await rowIds(page), rows, 'the rows shown stay');

      // One click: a fresh reader reads the same files and answers the search.
      await silent.locator('[data-testid=reload-files]').click();
      await silent.waitFor({ state: 'detached', timeout: 10_000 });
      await page.waitForFunction(() => !document.querySelector('[data-testid=load-progress]'));
      assert.deepEqual(await waitForLoad(page), before, 'the same files, read again');
      assert.equal(await app.getAttribute('data-reader'), 'ready', 'the new reader said it is ready');
      await gridSettled(page, 20_000);
      assert.ok((await totalRows(page)) < before.events, 'the fresh reader answers the search');
      assert.equal(await page.locator('[data-testid=reader-stopped], [data-testid=reader-silent]').count(), 0);
    },
  },
  {
    name: 'a reader busy for a while is not taken for a stopped one once it answers',
    timeout: 90_000,
    async run({ page, baseUrl }) {
      await openApp(page, baseUrl);
      await dropFiles(page, [coreFixture('overlap-page1.json')]);
      const before = await waitForLoad(page);
      const reader = await readerOf(page);
      // The worker's event loop blocked for 24 s, as a long synchronous step would.
      await reader.evaluate(() => setTimeout(() => { const end = Date.now() + 24_000; while (Date.now() < end); }, 10)).catch(() => {});
      await page.waitForTimeout(300);
      await page.locator('[data-testid=search]').fill('self-service');
      const silent = page.locator('[data-testid=reader-silent]');
      await silent.waitFor({ timeout: 30_000 });
      // Once it answers, the notice goes and the answer is shown.
      await silent.waitFor({ state: 'detached', timeout: 20_000 });
      await gridSettled(page);
      assert.ok((await totalRows(page)) < before.events, 'the answer came through');
      assert.equal(await page.locator('[data-testid=reader-stopped]').count(), 0, 'nothing was restarted');
    },
  },
];
