// Privacy (issue 6, item 4): "nothing is uploaded" proven, not claimed.
//
// A full session — open, the demo, files of several formats dropped, rows selected, the
// timeline, every details tab, CSV and JSON exports, Copy as KQL, the theme and time-zone
// toggles, the column chooser, the swimlane and insights, a load cancelled — while every
// request is recorded from the browser context (the page, and its reader, a dedicated Web
// Worker: the worker's own script and wasm fetches must be among those recorded, which proves
// the recording sees the worker). Any request that is not a GET of one of the app's own files
// (same origin, under the served sub-path, a file of the built site) fails the test.
//
// `blob:` and `data:` URLs: the exports are downloads of a `blob:` URL the page makes from the
// text the reader wrote; such a URL names an object in the tab's memory and never reaches the
// network. A `blob:` URL passes only when its origin is the app's own (a blob of another
// origin could not have been made here). A `data:` URL carries its bytes in itself and reaches
// no network either; only images pass (Chromium draws the date inputs' calendar icon from one),
// any other use fails the test.
//
// Then the page's Content-Security-Policy (its meta tag) is checked: no remote source,
// `connect-src 'self'` or stricter, scripts with nothing beyond 'self' and 'wasm-unsafe-eval'
// (no inline script, no eval), styles with nothing inline; and the built site's index.html and
// CSS name no external font, script or style. Last, storage: only the two preferences (theme,
// columns) may be in localStorage; nothing in sessionStorage, IndexedDB, Cache Storage or
// cookies; and no text of the dropped logs (a UPN, a display name, an object id) anywhere.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { DIST, SUB_PATH } from './run.mjs';
import { coreFixture, dropFiles, familyFixture, gridSettled, openApp, waitForLoad } from './lib.mjs';

/** The data of the canary file: none of it may ever be stored or sent. */
const CANARY = {
  upn: 'canary.7f3a9c@privacy-test.example',
  name: 'Canary Privacy-Test 7f3a9c',
  id: 'c4a7a000-7f3a-4c9c-8000-7f3a9c7f3a9c',
  reason: 'CanaryReason-7f3a9c quota exceeded',
};

function canaryFile() {
  const base = {
    jobId: 'canaryJob.7f3a9c', cycleId: 'c-7f3a9c', provisioningAction: 'update',
    servicePrincipal: { id: 'sp-7f3a9c', displayName: 'Canary App 7f3a9c' },
    sourceIdentity: { identityType: 'User', id: CANARY.id, displayName: CANARY.name, details: { userPrincipalName: CANARY.upn } },
    targetIdentity: { identityType: 'User', id: 't-7f3a9c', displayName: CANARY.name, details: {} },
    provisioningSteps: [{ name: 'EntryImport', provisioningStepType: 'Import', status: 'success', description: `Retrieved ${CANARY.upn}`, details: {} }],
    modifiedProperties: [{ displayName: 'mail', oldValue: null, newValue: CANARY.upn }],
  };
  const lines = [
    { ...base, id: 'canary-1', changeId: 'ch-1', activityDateTime: '2026-10-05T06:00:00Z', provisioningStatusInfo: { status: 'success' } },
    { ...base, id: 'canary-2', changeId: 'ch-2', activityDateTime: '2026-10-05T07:00:00Z',
      provisioningStatusInfo: { status: 'failure', errorInformation: { errorCode: 'SystemForCrossDomainIdentityManagementServiceIncompatible', reason: CANARY.reason } } },
  ];
  return { name: 'canary.jsonl', content: lines.map((l) => JSON.stringify(l)).join('\n') };
}

/** A file big enough that its load can be cancelled midway (~40 MB of JSON lines). */
function bigFile() {
  const line = (i) => JSON.stringify({
    id: `big-${i}`, activityDateTime: '2026-10-05T06:00:00Z', provisioningAction: 'update',
    provisioningStatusInfo: { status: 'success' },
    sourceIdentity: { id: `u-${i % 500}`, displayName: `User ${i % 500}`, details: {} },
    provisioningSteps: [{ name: 'EntryImport', provisioningStepType: 'Import', status: 'success', description: 'x'.repeat(200), details: {} }],
  });
  const lines = [];
  for (let i = 0; i < 100_000; i++) lines.push(line(i));
  return { name: 'to-cancel.jsonl', content: lines.join('\n') };
}

/** The built site's files, as URL paths under SUB_PATH. */
function siteFiles() {
  const out = new Set();
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.add(SUB_PATH + path.relative(DIST, full).split(path.sep).join('/'));
    }
  };
  walk(DIST);
  out.add(SUB_PATH); // the index
  return out;
}

/** The directives of a CSP string, as `{ name: [sources] }`. */
function directives(csp) {
  return Object.fromEntries(csp.split(';').map((d) => d.trim()).filter(Boolean).map((d) => {
    const [name, ...sources] = d.split(/\s+/);
    return [name.toLowerCase(), sources];
  }));
}

export const tests = [
  {
    name: 'a full session makes no request but GETs of the app\'s own files, and stores no log data',
    timeout: 180_000,
    async run({ page, baseUrl }) {
      const context = page.context();
      await context.grantPermissions(['clipboard-read', 'clipboard-write']);
      const seen = [];
      const record = (from) => (req) => seen.push({ from, method: req.method(), url: req.url(), type: req.resourceType(), headers: req.headers() });
      context.on('request', record('context'));
      const workerUrls = [];
      page.on('worker', (w) => workerUrls.push(w.url()));
      // Whatever Chromium itself sends for the page (beacons, pings, prefetch) shows in the
      // DevTools protocol too: record its view of the network as a second witness.
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      cdp.on('Network.requestWillBeSent', (e) => seen.push({ from: 'cdp', method: e.request.method, url: e.request.url, type: e.type, headers: e.request.headers, body: e.request.postData }));
      await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: true });
      cdp.on('Target.attachedToTarget', async ({ sessionId, targetInfo }) => {
        workerUrls.push(`cdp:${targetInfo.type}:${targetInfo.url}`);
      });

      // Open; the demo.
      await openApp(page, baseUrl);
      await page.locator('[data-testid=demo]').click();
      const demo = await waitForLoad(page);

      // Files of several formats, the canary among them.
      await dropFiles(page, [
        canaryFile(),
        coreFixture('overlap-page1.json'),
        familyFixture('audit-csv', 'portal-audit-en-bom-crlf.csv'),
        familyFixture('provisioning-csv', 'ProvisioningLogs.csv'),
        familyFixture('provisioning-csv', 'ProvisioningLogs_ProvisioningSteps.csv'),
        familyFixture('encodings', 'portal-download.json.gz'),
        familyFixture('sync-job', 'quarantine-with-error.json'),
        familyFixture('audit', 'events.jsonl'),
      ]);
      const report = await waitForLoad(page, { files: demo.files.length + 8 });
      assert.ok(report.events > 0);
      await gridSettled(page);

      // The canary's events: select one, the timeline, every details tab.
      await page.locator('[data-testid=search]').fill(CANARY.upn);
      await gridSettled(page);
      await page.locator('[data-testid=grid-row]').first().click();
      await page.locator('[data-testid=user-timeline]').waitFor();
      for (const tab of ['steps', 'troubleshooting', 'modified', 'ids', 'raw']) {
        await page.locator(`[data-testid=details-tab][data-tab=${tab}]`).click();
        await page.locator(`[data-testid=details-section][data-tab=${tab}]`).waitFor();
      }
      await page.locator('[data-testid=event-details] [data-testid=copy-button]').first().click();
      await page.locator('[data-testid=timeline-change]').first().click();

      // Exports and KQL.
      const [csv] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=export-csv]').click()]);
      assert.ok(fs.readFileSync(await csv.path(), 'utf8').includes(CANARY.upn), 'the CSV holds the canary');
      const [json] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=export-json]').click()]);
      assert.ok(fs.readFileSync(await json.path(), 'utf8').includes(CANARY.upn), 'the JSON holds the canary');
      await page.locator('[data-testid=copy-kql]').click();
      await page.locator('[data-testid=kql-text]').waitFor();
      await page.keyboard.press('Escape');

      // Preferences: theme, time zone, a column.
      await page.locator('[data-testid=theme-toggle]').click();
      await page.locator('[data-testid=timezone-toggle]').click();
      await page.locator('[data-testid=column-chooser] > summary').click();
      await page.locator('[data-testid=column-chooser] input[data-column=job]').check();
      await page.locator('[data-testid=column-chooser] > summary').click();

      // Other views.
      await page.locator('[data-testid=search]').fill('');
      await gridSettled(page);
      await page.locator('[data-testid=insights] > summary').click();
      await page.locator('[data-testid=view-swimlane]').click();
      await page.locator('[data-testid=swimlane][data-lanes]').waitFor();
      await page.locator('[data-testid=view-grid]').click();

      // A load cancelled midway.
      await dropFiles(page, [bigFile()]);
      await page.waitForFunction(() => Number(document.querySelector('[data-testid=load-progress]')?.getAttribute('value')) > 0, null, { timeout: 30_000 });
      await page.locator('[data-testid=cancel-load]').click();
      await page.locator('[data-testid=load-progress]').waitFor({ state: 'detached', timeout: 15_000 });

      // A reload of the page with its view in the hash: the preferences come back from storage.
      await page.reload();
      await page.locator('[data-testid=drop-zone]').waitFor();
      await page.waitForTimeout(500);

      // Every request: a GET of the app's own files.
      const origin = new URL(baseUrl).origin;
      const files = siteFiles();
      const offending = [];
      let blobs = 0;
      for (const r of seen) {
        if (r.url.startsWith('blob:')) {
          // An in-memory object of the tab (the exports' downloads): only the app's own origin.
          if (new URL(r.url.slice(5)).origin !== origin) offending.push(r);
          blobs += 1;
          continue;
        }
        if (r.url.startsWith('data:')) {
          // Bytes inside the URL itself: no network. Only images pass (Chromium draws the
          // date inputs' calendar icon from one).
          if (r.type.toLowerCase() !== 'image') offending.push(r);
          continue;
        }
        const u = new URL(r.url);
        const ok = r.method === 'GET' && u.origin === origin && u.search === '' && files.has(u.pathname);
        if (!ok) offending.push(r);
      }
      assert.deepEqual(offending, [], `only GETs of the app's own files:\n${offending.map((r) => `${r.from} ${r.method} ${r.url}`).join('\n')}`);
      console.log(`MEASURE privacy: ${seen.filter((r) => r.from === 'context').length} requests (context), ${seen.filter((r) => r.from === 'cdp').length} (CDP), ${blobs} blob URLs; workers: ${workerUrls.join(', ')}`);

      // No request carries log data, in its URL, its headers or a body (the view in the
      // URL's hash, which holds the search, never leaves the tab).
      for (const r of seen) {
        const sent = JSON.stringify([r.url, r.headers, r.body ?? null]);
        for (const text of Object.values(CANARY)) assert.ok(!sent.includes(text) && !sent.includes(encodeURIComponent(text)), `a request carried log data: ${sent.slice(0, 300)}`);
        const referer = Object.entries(r.headers ?? {}).find(([h]) => h.toLowerCase() === 'referer')?.[1];
        assert.ok(!referer || (!referer.includes('#') && new URL(referer).origin === new URL(baseUrl).origin), `a Referer, if any, without the view: ${referer}`);
      }

      // The recording saw the worker: its script and its wasm were fetched from inside it.
      const paths = seen.filter((r) => r.from === 'context').map((r) => new URL(r.url).pathname);
      assert.ok(workerUrls.length > 0, 'the page started its reader');
      assert.ok(paths.some((p) => /worker_loader[^/]*\.js$/.test(p)), `the reader's loader was fetched: ${paths.join(' ')}`);
      assert.ok(paths.some((p) => /worker[^/]*_bg\.wasm$/.test(p)), `the reader's wasm, fetched by the worker, was recorded: ${paths.join(' ')}`);
      assert.ok(paths.some((p) => p.startsWith(`${SUB_PATH}demo/`)), 'and the demo files');

      // Storage: only the preferences, no log data.
      const stored = await page.evaluate(async () => {
        const local = Object.fromEntries(Object.keys(localStorage).map((k) => [k, localStorage.getItem(k)]));
        const session = Object.fromEntries(Object.keys(sessionStorage).map((k) => [k, sessionStorage.getItem(k)]));
        const dbs = indexedDB.databases ? (await indexedDB.databases()).map((d) => d.name) : [];
        const caches = self.caches ? await self.caches.keys() : [];
        const workers = navigator.serviceWorker ? (await navigator.serviceWorker.getRegistrations()).length : 0;
        return { local, session, dbs, caches, cookie: document.cookie, workers };
      });
      const state = await context.storageState();
      console.log(`MEASURE privacy: stored ${JSON.stringify(stored)}`);
      assert.deepEqual(Object.keys(stored.local).sort(), ['provlens.columns', 'provlens.theme'], 'localStorage holds the two preferences only');
      assert.match(stored.local['provlens.theme'], /^(light|dark)$/, 'the theme is a word');
      assert.match(stored.local['provlens.columns'], /^[a-z-]+(,[a-z-]+)*$/, 'the columns are column ids');
      assert.deepEqual(stored.session, {}, 'nothing in sessionStorage');
      assert.deepEqual(stored.dbs, [], 'no IndexedDB database');
      assert.deepEqual(stored.caches, [], 'no Cache Storage');
      assert.equal(stored.workers, 0, 'no service worker');
      assert.equal(stored.cookie, '', 'no cookie');
      assert.deepEqual(state.cookies, [], 'no cookie in the context');
      const everything = JSON.stringify({ stored, state });
      for (const text of Object.values(CANARY)) assert.ok(!everything.includes(text), `no log data in storage: ${text}`);
    },
  },
  {
    name: 'the page\'s CSP allows no remote source, no inline script or style, and the built site names no external file',
    async run({ page, baseUrl }) {
      await openApp(page, baseUrl);
      const metas = await page.locator('meta[http-equiv="Content-Security-Policy" i]').evaluateAll((ms) => ms.map((m) => m.content));
      assert.equal(metas.length, 1, 'one CSP meta tag');
      const csp = directives(metas[0]);
      assert.deepEqual(csp['default-src'], ["'none'"], 'default-src \'none\'');
      const allowed = new Set(["'self'", "'none'", "'wasm-unsafe-eval'"]);
      for (const [name, sources] of Object.entries(csp)) {
        for (const s of sources) {
          const ok = allowed.has(s) || (name === 'img-src' && s === 'data:');
          assert.ok(ok, `${name}: ${s} is not a local source`);
        }
      }
      assert.ok(['\'self\'', '\'none\''].includes(csp['connect-src']?.join(' ')), `connect-src 'self' or stricter: ${csp['connect-src']}`);
      const script = csp['script-src'] ?? csp['default-src'];
      assert.ok(!script.some((s) => /unsafe-inline|unsafe-eval|^'(nonce|sha)/.test(s) && s !== "'wasm-unsafe-eval'"), `script-src: ${script}`);
      const style = csp['style-src'] ?? csp['default-src'];
      assert.ok(!style.includes("'unsafe-inline'"), `style-src has nothing inline: ${style}`);
      for (const d of ['object-src', 'base-uri', 'form-action']) assert.deepEqual(csp[d], ["'none'"], `${d} 'none'`);

      // The built files name no external font, script or style.
      const index = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
      const refs = [...index.matchAll(/\b(?:src|href|data-js|data-wasm)\s*=\s*"([^"]*)"/g)].map((m) => m[1]);
      assert.ok(refs.length > 0);
      for (const ref of refs) assert.ok(!/^(?:[a-z]+:)?\/\//i.test(ref) && !/^(?:https?|ftp):/i.test(ref), `index.html: ${ref} is the site's own file`);
      assert.ok(!/<script(?![^>]*\bsrc=)[^>]*>/i.test(index), 'index.html has no inline script');
      assert.ok(!/<style\b|\sstyle="/i.test(index), 'index.html has no inline style');
      const css = fs.readdirSync(DIST).filter((f) => f.endsWith('.css'));
      assert.ok(css.length > 0);
      for (const f of css) {
        const text = fs.readFileSync(path.join(DIST, f), 'utf8');
        for (const m of text.matchAll(/url\(\s*['"]?([^'")]*)/g)) assert.ok(!/^(?:[a-z]+:)?\/\//i.test(m[1]) && !/^https?:/i.test(m[1]), `${f}: url(${m[1]})`);
        assert.ok(!/@import/.test(text), `${f}: no @import`);
      }
      // The running page agrees: every stylesheet, script and font is the site's own.
      const loaded = await page.evaluate(() => [
        ...[...document.querySelectorAll('link[href], script[src]')].map((e) => e.href || e.src),
        ...performance.getEntriesByType('resource').map((r) => r.name),
      ]);
      const origin = new URL(baseUrl).origin;
      for (const u of loaded) assert.equal(new URL(u).origin, origin, `the page loaded ${u}`);
    },
  },
];
