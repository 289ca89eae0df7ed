// Smoke test: the built site loads under a sub-path and shows its two ways in.

import assert from 'node:assert/strict';
import { openApp } from './lib.mjs';

export const tests = [
  {
    name: 'the page shows the drop zone and the demo button',
    async run({ page, baseUrl }) {
      await openApp(page, baseUrl);
      assert.equal(await page.locator('[data-testid=drop-zone]').count(), 1);
      assert.equal(await page.locator('[data-testid=demo]').count(), 1);
    },
  },
];
