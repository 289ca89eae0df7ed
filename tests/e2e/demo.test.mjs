// The demo button: loads the bundled demo logs from the site itself, with no other request.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { cards, cliSummary, root, totalRows, waitForLoad, openApp } from './lib.mjs';

const DIST = path.resolve(root, process.env.PROVLENS_DIST ?? 'dist');

export const tests = [
  {
    name: 'the demo loads the bundled logs without leaving the site',
    async run({ page, baseUrl, requests, consoleErrors }) {
      await openApp(page, baseUrl);
      await page.locator('[data-testid=demo]').click();
      const report = await waitForLoad(page);

      const events = Number((await cards(page)).events);
      assert.ok(events > 0, `the events card shows events: ${events}`);
      assert.equal(report.events, events, 'load report and card agree');
      assert.equal(await totalRows(page), events, 'the grid shows them');

      // The same numbers as the CLI reading the demo files the site bundles.
      const listed = JSON.parse(fs.readFileSync(path.join(DIST, 'demo', 'index.json'), 'utf8'));
      const cli = cliSummary(listed.map((name) => path.join(DIST, 'demo', name)));
      assert.equal(events, cli.events, 'events card = CLI events of the bundled demo files');
      assert.deepEqual(report.files.map((f) => f.file), cli.files.map((f) => f.name), 'every demo file is reported');
      assert.ok(report.files.every((f) => f.error === null), 'the demo files load cleanly');

      const origin = new URL(baseUrl).origin;
      const outside = requests.filter((r) => {
        const url = new URL(r.url);
        return !['blob:', 'data:'].includes(url.protocol) && url.origin !== origin;
      });
      assert.deepEqual(outside, [], 'no request leaves the app\'s origin');
      assert.ok(requests.some((r) => new URL(r.url).pathname.startsWith(new URL(baseUrl).pathname + 'demo/')), 'the demo came from the site\'s own demo/ folder');
      assert.deepEqual(consoleErrors, [], 'no console errors (and no failed request)');
    },
  },
];
