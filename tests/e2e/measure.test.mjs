// A measurement, not a timed assertion: how long a 50 MB portal download takes from the drop to
// the load report, printed as `MEASURE …`. The test asserts only that every record loaded.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { dropFiles, generated, openApp, totalRows, waitForLoad } from './lib.mjs';

const RECORDS = 17_000; // about 3 KB each: a 50 MB file

export const tests = [
  {
    name: 'measure: loading a 50 MB portal download by drop',
    timeout: 240_000,
    async run({ page, baseUrl }) {
      const file = generated({ format: 'portal', records: RECORDS });
      const mb = fs.statSync(file).size / 1e6;
      await openApp(page, baseUrl);
      // Timed inside the page: from the drop event to the load report entering the DOM.
      await page.evaluate(() => {
        window.__e2eTimes = {};
        window.addEventListener('drop', () => (window.__e2eTimes.drop = performance.now()), { capture: true, once: true });
        new MutationObserver((_, observer) => {
          if (document.querySelector('[data-testid=load-report]')) {
            window.__e2eTimes.report = performance.now();
            observer.disconnect();
          }
        }).observe(document.documentElement, { childList: true, subtree: true });
      });
      await dropFiles(page, [file]);
      const report = await waitForLoad(page, { timeout: 230_000 });
      const { drop, report: shown } = await page.evaluate(() => window.__e2eTimes);
      const seconds = (shown - drop) / 1000;
      console.log(`MEASURE load ${mb.toFixed(1)} MB (${RECORDS} records): ${seconds.toFixed(2)} s (${(mb / seconds).toFixed(1)} MB/s)`);

      assert.equal(report.events, RECORDS, 'every record loaded');
      assert.equal(report.skipped, 0);
      assert.equal(await totalRows(page), RECORDS);
    },
  },
];
