// Loading files: by a real drop and through the file input, overlapping downloads, adding files
// later, and files that are broken or hold something else. The page's numbers are checked
// against the CLI's `summary --json` of the same files (the same core, run natively).

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  cards, cliSummary, coreFixture, dropFiles, generated, openApp, pickFiles, sample, totalRows, waitForLoad,
} from './lib.mjs';

// Resolved when a test runs, so a missing file fails that test, not the loading of every test.
const graphPage = () => sample('provisioning-v1-list-error.json');
const portalDownload = () => coreFixture('portal-download-minified.json');

/** The cards the page must show for a CLI summary (values as the hooks write them). */
function expectedCards(s) {
  return {
    events: String(s.events),
    identities: String(s.identities),
    success: String(s.by_status.success),
    failure: String(s.by_status.failure),
    skipped: String(s.by_status.skipped),
    warning: String(s.by_status.warning),
    'first-activity': s.first ?? '',
    'last-activity': s.last ?? '',
  };
}

/** Only the metrics of `expected` out of the page's cards (the page may show more). */
function pick(all, expected) {
  return Object.fromEntries(Object.keys(expected).map((k) => [k, all[k]]));
}

/** The load report and cards must say what the CLI says about these files. */
async function assertMatchesCli(page, report, files) {
  const cli = cliSummary(files);
  assert.equal(report.events, cli.events, 'load report data-events = CLI events');
  assert.equal(report.skipped, cli.skipped, 'load report data-skipped = CLI skipped');
  assert.deepEqual(
    report.files.map(({ file, format, events, skipped }) => ({ file, format, events, skipped })),
    cli.files.map((f) => ({ file: f.name, format: f.format, events: f.events, skipped: f.skipped })),
    'one file-report per file, with the CLI\'s format and counts',
  );
  const expected = expectedCards(cli);
  assert.deepEqual(pick(await cards(page), expected), expected, 'summary cards = CLI summary');
  assert.equal(await totalRows(page), cli.events, 'the grid holds every event');
  return cli;
}

/** `line L, byte B` of a load error, as numbers. */
function place(text) {
  const m = /line (\d+), byte (\d+)/.exec(text ?? '');
  return m && { line: Number(m[1]), byte: Number(m[2]) };
}

export const tests = [
  {
    name: 'a dropped Graph page and portal download give the CLI\'s numbers',
    async run({ page, baseUrl }) {
      await openApp(page, baseUrl);
      const handled = await dropFiles(page, [graphPage(), portalDownload()]);
      assert.deepEqual(handled, { dragoverHandled: true, dropHandled: true }, 'the page takes the drop (preventDefault on dragover and drop)');
      const report = await waitForLoad(page);
      assert.deepEqual(report.files.map((f) => f.format), ['graph-provisioning', 'portal-provisioning-json']);
      assert.deepEqual(report.files.map((f) => f.error), [null, null], 'good files carry no data-error');
      const cli = await assertMatchesCli(page, report, [graphPage(), portalDownload()]);
      assert.equal(cli.duplicates, 1, 'precondition: the two files share one event');
    },
  },
  {
    name: 'larger generated Graph and portal files dropped together give the CLI\'s numbers',
    timeout: 120_000,
    async run({ page, baseUrl }) {
      const files = [generated({ format: 'graph', records: 3000, seed: 2 }), generated({ format: 'portal', records: 1500, seed: 2 })];
      await openApp(page, baseUrl);
      await dropFiles(page, files);
      const report = await waitForLoad(page);
      const cli = await assertMatchesCli(page, report, files);
      assert.ok(cli.duplicates > 0 && cli.by_status.failure > 0, 'precondition: overlapping files with failures');
    },
  },
  {
    name: 'files picked through the file input give the same numbers as a drop',
    async run({ page, baseUrl }) {
      const files = [graphPage(), portalDownload()];
      await openApp(page, baseUrl);
      await dropFiles(page, files);
      const dropped = { report: await waitForLoad(page), cards: await cards(page) };

      await openApp(page, baseUrl); // a fresh page: nothing loaded
      assert.equal(await page.locator('[data-testid=load-report]').count(), 0, 'a reload starts empty');
      await pickFiles(page, files);
      const picked = { report: await waitForLoad(page), cards: await cards(page) };

      assert.deepEqual(picked, dropped);
      await assertMatchesCli(page, picked.report, files);
    },
  },
  {
    name: 'overlapping downloads are merged, and files dropped later are added',
    async run({ page, baseUrl }) {
      const first = [coreFixture('overlap-page1.json'), coreFixture('overlap-page2.json')];
      await openApp(page, baseUrl);
      await dropFiles(page, first);
      const report = await waitForLoad(page);
      const cli = await assertMatchesCli(page, report, first);
      assert.equal(cli.duplicates, 2, 'precondition: the pages hold the same 2 events');
      assert.equal(report.events, 2, 'each event counted once');
      assert.equal(await page.locator('[data-testid=grid-row]').count(), 2, 'two rows, not four');

      const later = [sample('provisioning-beta-list-success.json'), generated({ records: 1500, seed: 2 })];
      await dropFiles(page, later);
      const all = await waitForLoad(page, { files: 4 });
      assert.deepEqual(all.files.map((f) => f.file), [...first, ...later].map((f) => path.basename(f)), 'the report lists every file, old and new');
      await assertMatchesCli(page, all, [...first, ...later]);
      assert.ok(all.events > report.events, 'the later files added events');
    },
  },
  {
    name: 'a large file shows load-progress (max = its size in bytes) until the report appears',
    timeout: 120_000,
    async run({ page, baseUrl }) {
      const file = generated({ format: 'portal', records: 5000 });
      await openApp(page, baseUrl);
      await page.evaluate(() => {
        window.__e2eProgress = [];
        new MutationObserver(() => {
          const p = document.querySelector('[data-testid=load-progress]');
          if (p) window.__e2eProgress.push({ value: Number(p.getAttribute('value') ?? p.value), max: Number(p.getAttribute('max') ?? p.max) });
        }).observe(document.documentElement, { childList: true, subtree: true, attributes: true });
      });
      await dropFiles(page, [file]);
      const report = await waitForLoad(page);
      assert.equal(report.events, 5000);
      assert.equal(await page.locator('[data-testid=load-progress]').count(), 0, 'the progress is gone once loaded');
      const seen = await page.evaluate(() => window.__e2eProgress);
      assert.ok(seen.length > 0, 'load-progress was shown while loading');
      const size = fs.statSync(file).size;
      assert.ok(seen.every((p) => p.max === size), `max = the file's ${size} bytes (saw ${[...new Set(seen.map((p) => p.max))]})`);
      assert.ok(seen.every((p, i) => p.value <= p.max && (i === 0 || p.value >= seen[i - 1].value)), 'value only grows, up to max');
    },
  },
  {
    name: 'broken, empty and foreign files are reported with a place; good records and files still load',
    async run({ page, baseUrl, consoleErrors }) {
      const bad = ['portal-download-truncated.json', 'portal-download-bad-record.json', 'empty.json', 'signin-log.json'];
      const good = sample('provisioning-v1-list-success.json');
      const files = [...bad.map(coreFixture), good];
      await openApp(page, baseUrl);
      await dropFiles(page, files);
      const report = await waitForLoad(page);
      const cli = await assertMatchesCli(page, report, files);

      const byName = Object.fromEntries(report.files.map((f) => [f.file, f]));
      for (const f of cli.files) {
        const shown = byName[f.name];
        assert.ok(shown, `a file-report for ${f.name}`);
        if (f.first_error === null) {
          assert.equal(shown.error, null, `${f.name} loads without an error`);
          continue;
        }
        assert.ok(shown.error, `${f.name} has a data-error`);
        assert.ok(shown.error.includes(f.name), `${f.name}: the error names the file: ${shown.error}`);
        assert.deepEqual(place(shown.error), place(f.first_error), `${f.name}: the error gives the line and byte: ${shown.error}`);
      }
      assert.match(byName['portal-download-truncated.json'].error, /truncat|ends inside/i);
      assert.match(byName['signin-log.json'].error, /sign-in/i);
      assert.match(byName['empty.json'].error, /empty/i);
      assert.equal(byName['portal-download-truncated.json'].events, 1, 'the record before the truncation is kept');
      assert.equal(byName['portal-download-truncated.json'].skipped, 1);
      assert.equal(byName['portal-download-bad-record.json'].skipped, 1, 'the bad record is skipped, not the file');
      assert.equal(report.events, 2, 'both distinct events of the good records are loaded');

      // Still usable: another file can be added.
      await dropFiles(page, [coreFixture('events.jsonl')]);
      const after = await waitForLoad(page, { files: files.length + 1 });
      assert.equal(after.files.at(-1).format, 'provisioning-jsonl');
      assert.deepEqual(consoleErrors.filter((e) => /panic|RuntimeError|unreachable/i.test(e)), [], 'no wasm panic');
    },
  },
];
