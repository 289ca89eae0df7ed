// Selecting an event: the details pane, the identity's timeline (changes and steps in order) and
// its verdict, compared with the CLI's `timeline --json` for the same identity and files; and the
// keyboard (Enter, arrows, `/`).

import assert from 'node:assert/strict';
import fs from 'node:fs';
import {
  attr, cliTimeline, dropFiles, generated, gridSettled, openApp, rowIds, sample, totalRows, waitForLoad,
} from './lib.mjs';

/** The timeline as the page shows it, through its hooks. */
async function shownTimeline(page) {
  const timeline = page.locator('[data-testid=user-timeline]');
  await timeline.waitFor();
  return timeline.evaluate((tl) => ({
    identity: tl.getAttribute('data-identity'),
    changes: [...tl.querySelectorAll('[data-testid=timeline-change]')].map((c) => ({
      change_id: c.getAttribute('data-change-id'),
      cycle_id: c.getAttribute('data-cycle-id'),
      steps: [...c.querySelectorAll('[data-testid=timeline-step]')].map((s) => ({
        kind: s.getAttribute('data-kind'),
        status: s.getAttribute('data-status'),
      })),
    })),
  }));
}

/** The same, from the CLI's JSON. */
function expectedTimeline(cli) {
  return {
    identity: cli.identity,
    changes: cli.changes.map((c) => ({
      change_id: c.change_id ?? '',
      cycle_id: c.cycle_id ?? '',
      steps: c.steps.map(({ kind, status }) => ({ kind, status })),
    })),
  };
}

/** The page's timeline and verdict must be the CLI's. */
async function assertTimelineMatchesCli(page, cli) {
  assert.deepEqual(await shownTimeline(page), expectedTimeline(cli), 'timeline changes, their order and steps = CLI');
  const verdict = page.locator('[data-testid=user-timeline] [data-testid=user-verdict]');
  assert.equal(await verdict.count(), 1, 'the timeline holds one verdict');
  assert.equal(await verdict.getAttribute('data-verdict'), cli.verdict.verdict, 'verdict = CLI verdict');
  const text = await verdict.innerText();
  if (cli.verdict.error_code) assert.ok(text.includes(cli.verdict.error_code), `the verdict names ${cli.verdict.error_code}: ${text}`);
  if (cli.verdict.next_step) assert.ok(text.includes(cli.verdict.next_step), `the verdict gives the next step: ${text}`);
}

/** Clicks the row of event `id` and waits for its details. */
async function select(page, id) {
  await page.locator(`[data-testid=grid-row][data-event-id="${id}"]`).click();
  await page.locator(`[data-testid=event-details][data-event-id="${id}"]`).waitFor({ timeout: 5_000 });
}

export const tests = [
  {
    name: 'clicking the failing Graph sample row shows its details, timeline and failing verdict',
    async run({ page, baseUrl }) {
      const file = sample('provisioning-v1-list-error.json');
      const cli = cliTimeline('Self-service Pilot', [file]);
      assert.equal(cli.verdict.error_code, 'ContosoEntryConflict', 'precondition');

      await openApp(page, baseUrl);
      await dropFiles(page, [file]);
      await waitForLoad(page);
      assert.equal(await page.locator('[data-testid=event-details]').count(), 0, 'no details before a row is chosen');
      const [id] = await rowIds(page);
      await select(page, id);
      const details = page.locator('[data-testid=event-details]');
      assert.match(await details.innerText(), /ContosoEntryConflict/, 'the details show the error code');
      assert.match(await details.innerText(), /Self-service Pilot/, 'and the object');

      await assertTimelineMatchesCli(page, cli);
      assert.equal(await attr(page, '[data-testid=user-timeline]', 'data-identity'), '5e6c9rae-ab4d-5239-8ad0-174391d110eb', 'the identity is the source id');
      assert.deepEqual(
        (await shownTimeline(page)).changes[0].steps.map((s) => s.kind),
        ['import', 'matching', 'export'],
      );
      assert.equal(await attr(page, '[data-testid=user-verdict]', 'data-verdict'), 'failing');
    },
  },
  {
    name: 'clicking a failing row of a generated file shows the CLI\'s timeline and verdict for that user',
    timeout: 90_000,
    async run({ page, baseUrl }) {
      const file = generated({ format: 'portal', records: 2000 });
      const byId = new Map(JSON.parse(fs.readFileSync(file, 'utf8')).map((r) => [r.id, r]));

      await openApp(page, baseUrl);
      await dropFiles(page, [file]);
      await waitForLoad(page);
      await page.locator('[data-testid=filter-status]').selectOption('failure');
      await gridSettled(page);
      await page.waitForFunction(() => document.querySelector('[data-testid=grid-row]') && document.querySelectorAll('[data-testid=grid-row]').length < 2000);
      const failing = (await rowIds(page)).slice(0, 10);
      assert.ok(failing.length > 0 && failing.every((id) => byId.get(id).provisioningStatusInfo.status === 'failure'), 'failing rows shown');

      // The first failing row whose user has more than one change and a verdict with an error code.
      let chosen = null;
      for (const id of failing) {
        const cli = cliTimeline(byId.get(id).sourceIdentity.id, [file]);
        if (cli.changes.length > 1 && cli.verdict.error_code) {
          chosen = { id, cli };
          break;
        }
      }
      chosen ??= { id: failing[0], cli: cliTimeline(byId.get(failing[0]).sourceIdentity.id, [file]) };
      const record = byId.get(chosen.id);

      await select(page, chosen.id);
      const details = await page.locator('[data-testid=event-details]').innerText();
      assert.ok(details.includes(record.provisioningStatusInfo.errorInformation.errorCode), `the details show ${record.provisioningStatusInfo.errorInformation.errorCode}`);
      assert.equal(await attr(page, '[data-testid=user-timeline]', 'data-identity'), record.sourceIdentity.id, 'the timeline is the source identity\'s');
      await assertTimelineMatchesCli(page, chosen.cli);
      const kinds = (await shownTimeline(page)).changes.flatMap((c) => c.steps.map((s) => s.kind));
      assert.ok(kinds.includes('import') && kinds.includes('export'), `steps run from import to export: ${kinds.join(',')}`);
    },
  },
  {
    name: 'keyboard: Enter opens the focused row, ArrowDown moves the selection, / focuses the search',
    timeout: 90_000,
    async run({ page, baseUrl }) {
      await openApp(page, baseUrl);
      await dropFiles(page, [generated({ format: 'portal', records: 2000 })]);
      await waitForLoad(page);
      assert.equal(await totalRows(page), 2000);
      const [first, second, third] = await rowIds(page);
      const details = () => attr(page, '[data-testid=event-details]', 'data-event-id');
      const selected = () => page.locator('[data-testid=grid-row][aria-selected=true]').evaluateAll((els) => els.map((e) => e.getAttribute('data-event-id')));

      await page.locator('[data-testid=grid-row]').first().focus();
      assert.equal(await page.locator('[data-testid=event-details]').count(), 0, 'focus alone opens nothing');
      await page.keyboard.press('Enter');
      await page.locator('[data-testid=event-details]').waitFor({ timeout: 5_000 });
      assert.equal(await details(), first, 'Enter opens the focused row');
      assert.deepEqual(await selected(), [first]);

      await page.keyboard.press('ArrowDown');
      await page.locator(`[data-testid=event-details][data-event-id="${second}"]`).waitFor({ timeout: 5_000 }).catch(() => {});
      assert.equal(await details(), second, 'ArrowDown selects the next row');
      assert.deepEqual(await selected(), [second]);
      await page.keyboard.press('ArrowDown');
      await page.locator(`[data-testid=event-details][data-event-id="${third}"]`).waitFor({ timeout: 5_000 }).catch(() => {});
      assert.equal(await details(), third, 'and again');
      await page.keyboard.press('ArrowUp');
      await page.locator(`[data-testid=event-details][data-event-id="${second}"]`).waitFor({ timeout: 5_000 }).catch(() => {});
      assert.equal(await details(), second, 'ArrowUp goes back');

      await page.keyboard.press('/');
      assert.ok(await page.locator('[data-testid=search]').evaluate((el) => el === document.activeElement), '/ focuses the search');
      assert.equal(await page.locator('[data-testid=search]').inputValue(), '', 'the / is not typed into it');
      await page.keyboard.type('/x');
      assert.equal(await page.locator('[data-testid=search]').inputValue(), '/x', 'in the search box, / is typed');
    },
  },
];
