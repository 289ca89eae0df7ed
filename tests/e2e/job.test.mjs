// Synchronization job status files (GET …/servicePrincipals/{id}/synchronization/jobs/{id}): the
// HEALTH row's hooks (`summary-card` job-status, quarantine-reason, initial-sync, last-sync,
// in-scope-users, in-scope-groups) say what the file says, the worst job comes first, and
// without a job file the page says what the logs cannot tell and how to get the file.
//
// Also here, since they came with the same review of the screenshots: layout checks at
// 1280×800 and 800 px wide (rows as wide as the header, every file chip in view, nothing of the
// grid cut at the right edge) and the screenshots target/e2e/screenshots/health-*.png.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { card, dropFiles, generated, gridSettled, openApp, root, sample, coreFixture, waitForLoad } from './lib.mjs';

const SHOTS = path.join(root, 'target', 'e2e', 'screenshots');
const DIST = path.resolve(root, process.env.PROVLENS_DIST ?? 'dist');
const JOB_METRICS = ['job-status', 'quarantine-reason', 'initial-sync', 'last-sync', 'in-scope-users', 'in-scope-groups'];

/** "Never" in a job file: empty, null, or the year-1 sentinel. */
const never = (t) => !t || t.startsWith('0001-01-01');
/** A job file's time as the hooks write it: RFC 3339, UTC, whole seconds. */
const rfc3339 = (t) => (never(t) ? '' : `${/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/.exec(t)[0]}Z`);

/** The hooks a job file must give, worked out from the file itself. */
function expectedJobCards(job) {
  const s = job.status;
  const q = s.quarantine;
  const scope = (kind) => {
    const counts = (s.synchronizedEntryCountByType ?? [])
      .filter(({ key }) => key.split(' to ')[0].trim().toLowerCase() === kind)
      .map(({ value }) => Number(value));
    return counts.length ? String(counts.reduce((a, b) => a + b, 0)) : '';
  };
  const ends = [s.lastExecution, s.lastSuccessfulExecution].map((e) => e?.timeEnded).filter((t) => !never(t));
  return {
    'job-status': s.code ?? '',
    'quarantine-reason': (q && (q.reason || q.error?.code)) || '',
    'initial-sync': never(s.steadyStateFirstAchievedTime) && never(s.steadyStateLastAchievedTime) ? 'not-completed' : 'completed',
    'last-sync': ends.length ? rfc3339(ends.sort().at(-1)) : '',
    'in-scope-users': scope('user'),
    'in-scope-groups': scope('group'),
  };
}

/** The job hooks of the page: the first of each metric, the worst job's. */
async function shownJobCards(page) {
  return page.locator('[data-testid=summary-card]').evaluateAll((els, metrics) => Object.fromEntries(metrics.map((m) => [
    m, els.find((el) => el.getAttribute('data-metric') === m)?.getAttribute('data-value') ?? null,
  ])), JOB_METRICS);
}

/** Every job line's `job-status`, in page order. */
async function jobStatuses(page) {
  return page
    .locator('[data-testid=summary-card][data-metric=job-status]')
    .evaluateAll((els) => els.map((el) => el.getAttribute('data-value')));
}

/** A job status file, Graph shape (GET …/jobs/{id}), for a quarantined or an active job. */
function jobFile({ id, templateId, code, quarantine = null, steady = null, last = null, counts = [] }) {
  const execution = last && {
    activityIdentifier: null, countEntitled: 0, countEntitledForProvisioning: 0, countEscrowed: last.escrowed ?? 0,
    countEscrowedRaw: 0, countExported: 3, countExports: 3, countImported: 12, countImportedDeltas: 12,
    countImportedReferenceDeltas: 0, state: last.state, timeBegan: last.began, timeEnded: last.ended, error: last.error ?? null,
  };
  return JSON.stringify({
    '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#servicePrincipals(\'x\')/synchronization/jobs/$entity',
    id,
    templateId,
    schedule: { expiration: null, interval: 'PT40M', state: 'Active' },
    status: {
      code,
      countSuccessiveCompleteFailures: code === 'Quarantine' ? 3 : 0,
      escrowsPruned: false,
      lastExecution: execution,
      lastSuccessfulExecution: code === 'Quarantine' ? null : execution,
      lastSuccessfulExecutionWithExports: null,
      progress: [],
      quarantine,
      steadyStateFirstAchievedTime: steady ?? '0001-01-01T00:00:00Z',
      steadyStateLastAchievedTime: steady ?? '0001-01-01T00:00:00Z',
      synchronizedEntryCountByType: counts,
      troubleshootingUrl: null,
    },
    synchronizationJobSettings: [],
  }, null, 2);
}

// The generated tenant's two jobs (see crates/cli/src/generate.rs): Dropbox quarantined for bad
// credentials, Fabrikam Expenses running.
const GENERATED_TENANT = '00edfa64a94a4714a2be6e60a39dd03a';
const quarantinedDropbox = () => jobFile({
  id: `DropboxSCIMOutDelta.${GENERATED_TENANT}.86af0320-c675-4860-adea-c0f241bc581b`,
  templateId: 'DropboxSCIMOutDelta',
  code: 'Quarantine',
  quarantine: {
    currentBegan: '2026-10-01T07:20:11.5Z', nextAttempt: '2026-10-02T07:20:11.5Z', reason: 'EncounteredQuarantineException',
    seriesBegan: '2026-10-01T07:20:11.5Z', seriesCount: 1,
    error: { code: 'SystemForCrossDomainIdentityManagementCredentialValidationFailure', message: 'The credentials for the Dropbox Business app were rejected (HTTP 401 Unauthorized).', tenantActionable: true },
  },
  steady: '2026-10-01T06:10:02Z',
  last: { state: 'Failed', began: '2026-10-01T07:20:02Z', ended: '2026-10-01T07:20:11Z', error: { code: 'SystemForCrossDomainIdentityManagementCredentialValidationFailure', message: 'HTTP 401 Unauthorized', tenantActionable: true } },
  counts: [{ key: 'user to urn:ietf:params:scim:schemas:core:2.0:User', value: 4210 }, { key: 'group to urn:ietf:params:scim:schemas:core:2.0:Group', value: 37 }],
});
const activeFabrikam = () => jobFile({
  id: `scim.${GENERATED_TENANT}.0eec37a0-e08a-40c7-8a1b-65757825c325`,
  templateId: 'scim',
  code: 'Active',
  steady: '2026-10-01T06:09:40Z',
  last: { state: 'Succeeded', began: '2026-10-01T07:40:00.1234567Z', ended: '2026-10-01T07:41:07.9876543Z', escrowed: 2 },
  counts: [{ key: 'user to urn:ietf:params:scim:schemas:core:2.0:User', value: 48210 }, { key: 'group to urn:ietf:params:scim:schemas:core:2.0:Group', value: 312 }],
});

const failingCrossTenant = () => jobFile({
  id: `Azure2Azure.${GENERATED_TENANT}.5d1c8a3e-2f40-4a0e-9a61-3b7f0c2d9e11`,
  templateId: 'Azure2Azure',
  code: 'Active',
  steady: '2026-09-30T22:00:00Z',
  last: {
    state: 'Failed', began: '2026-10-01T07:30:00Z', ended: '2026-10-01T07:30:04Z',
    error: { code: 'AzureDirectoryB2BManagementPolicyCheckFailure', message: 'The target tenant\'s cross-tenant access settings do not allow users to be synchronized in.', tenantActionable: true },
  },
  counts: [{ key: 'user to User', value: 310 }],
});

async function shoot(page, name, options = {}) {
  fs.mkdirSync(SHOTS, { recursive: true });
  const file = path.join(SHOTS, name);
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: file, ...options });
  console.log(`      screenshot: ${path.relative(root, file)}`);
}

/** Clicks the first failing row (filtering to failures and back), so timeline and details show. */
async function selectFailure(page) {
  const filter = page.locator('[data-testid=filter-status]');
  await filter.selectOption('failure');
  await gridSettled(page);
  await page.waitForFunction(() => document.querySelector('[data-testid=grid-row] .st-failure'));
  const id = await page.locator('[data-testid=grid-row]').first().getAttribute('data-event-id');
  await page.locator(`[data-testid=grid-row][data-event-id="${id}"]`).click();
  await filter.selectOption('all');
  await page.locator(`[data-testid=event-details][data-event-id="${id}"]`).waitFor();
  await page.locator('[data-testid=user-timeline]').waitFor();
}

/** True when the element's centre is on screen and not covered or clipped away. */
function reallyVisible(locator) {
  return locator.evaluate((el) => {
    const box = el.getBoundingClientRect();
    const x = box.left + Math.min(box.width / 2, 20);
    const y = box.top + box.height / 2;
    if (x < 0 || y < 0 || x > innerWidth || y > innerHeight) return false;
    const hit = document.elementFromPoint(x, y);
    return hit === el || el.contains(hit);
  });
}

export const tests = [
  {
    // The file is Microsoft's "Get synchronizationJob" example: its status code is Paused, and
    // its quarantine block (no reason, no dates, a series of 2) names the error that caused it.
    name: 'the quarantine sample: status, quarantine cause, initial cycle and scope as the file says',
    async run({ page, baseUrl }) {
      const file = sample('synchronizationjob-v1-get-quarantine.json');
      const job = JSON.parse(fs.readFileSync(file, 'utf8'));
      await openApp(page, baseUrl);
      await dropFiles(page, [file]);
      const report = await waitForLoad(page);
      assert.equal(report.files[0].format, 'sync-job');
      assert.equal(report.files[0].error, null, 'a job file loads cleanly');

      const expected = expectedJobCards(job);
      assert.deepEqual(expected, {
        'job-status': 'Paused', 'quarantine-reason': 'SalesforceInvalidCredentials', 'initial-sync': 'not-completed',
        'last-sync': '', 'in-scope-users': '', 'in-scope-groups': '',
      }, 'precondition: what the sample holds');
      assert.deepEqual(await shownJobCards(page), expected, 'the job hooks say what the file says');

      const health = page.locator('[data-testid=health]');
      const text = await health.innerText();
      assert.match(text, /SalesforceInvalidCredentials/, 'the cause is named');
      assert.match(text, /credentials are invalid/i, 'with the service\'s own message');
      assert.match(text, /What to do:/, 'and what to do');
      assert.match(text, /2 quarantines in a row/, 'and the series');
      assert.match(text, /Initial cycle:\s*not done/);
    },
  },
  {
    name: 'the cross-tenant sample: NotRun, initial cycle not completed, never synchronized',
    async run({ page, baseUrl }) {
      const file = sample('synchronizationjob-v1-get-crosstenant-notrun.json');
      const job = JSON.parse(fs.readFileSync(file, 'utf8'));
      await openApp(page, baseUrl);
      await dropFiles(page, [file]);
      await waitForLoad(page);
      const expected = expectedJobCards(job);
      assert.equal(expected['job-status'], 'NotRun', 'precondition');
      assert.deepEqual(await shownJobCards(page), expected);
      assert.equal(await card(page, 'job-status'), 'NotRun');
      assert.equal(await card(page, 'initial-sync'), 'not-completed');
      assert.equal(await card(page, 'last-sync'), '', 'the year-1 times mean never');
      assert.match(await page.locator('[data-testid=health]').innerText(), /Last cycle:\s*never/);
    },
  },
  {
    name: 'several jobs: the quarantined one first, named after its app, explained; the active one after',
    timeout: 90_000,
    async run({ page, baseUrl }) {
      await page.emulateMedia({ colorScheme: 'light' });
      await openApp(page, baseUrl);
      await dropFiles(page, [
        generated({ format: 'portal', records: 2000 }),
        { name: 'fabrikam-job.json', content: activeFabrikam() },
        { name: 'cross-tenant-job.json', content: failingCrossTenant() },
        { name: 'dropbox-job.json', content: quarantinedDropbox() },
      ]);
      const report = await waitForLoad(page);
      assert.deepEqual(report.files.map((f) => f.format), ['portal-provisioning-json', 'sync-job', 'sync-job', 'sync-job']);

      assert.deepEqual(await jobStatuses(page), ['Quarantine', 'Active', 'Active'], 'worst first, whatever the file order');
      assert.equal(await card(page, 'job-status'), 'Quarantine', 'the first job-status hook is the worst job\'s');
      assert.deepEqual(await shownJobCards(page), expectedJobCards(JSON.parse(quarantinedDropbox())));
      const lines = page.locator('[data-testid=health] .health-job');
      assert.match(await lines.nth(0).innerText(), /^Dropbox Business/, 'the job is named after the app its events name');
      assert.match(await lines.nth(1).innerText(), /^Azure2Azure job/, 'an active job whose last cycle failed comes next, named after its template');
      assert.match(await lines.nth(2).innerText(), /^Fabrikam Expenses/);

      const active = await lines.nth(2).evaluate((line) => Object.fromEntries(
        [...line.querySelectorAll('[data-testid=summary-card]')].map((c) => [c.dataset.metric, c.dataset.value]),
      ));
      assert.deepEqual(active, expectedJobCards(JSON.parse(activeFabrikam())), 'every job line has its own hooks');
      assert.equal(active['last-sync'], '2026-10-01T07:41:07Z');
      assert.equal(active['in-scope-users'], '48210', 'plain numbers in the hooks');

      const quarantined = await lines.nth(0).innerText();
      assert.match(quarantined, /Quarantined: EncounteredQuarantineException/);
      assert.match(quarantined, /since 2026-10-01 07:20 UTC/, 'since when');
      assert.match(quarantined, /next attempt 2026-10-02 07:20 UTC/, 'and the next attempt');
      assert.match(quarantined, /Error: SystemForCrossDomainIdentityManagementCredentialValidationFailure/, 'the error behind the reason');
      assert.match(quarantined, /were rejected \(HTTP 401 Unauthorized\)/, 'the service\'s message');
      assert.match(quarantined, /What to do:/);
      assert.doesNotMatch(quarantined, /Last cycle: Failed:/, 'the last cycle\'s error, the quarantine\'s own, is not repeated');
      assert.match(await lines.nth(1).innerText(), /Last cycle: Failed: AzureDirectoryB2BManagementPolicyCheckFailure/, 'the last execution\'s error');
      assert.doesNotMatch(await lines.nth(1).innerText(), /cross-tenant access settings/, 'folded: only the worst job\'s notes start open');
      await lines.nth(1).locator('.health-note summary').click();
      assert.match(await lines.nth(1).innerText(), /The service says: \W?The target tenant's cross-tenant access settings do not allow/, 'unfolded on a click');
      assert.match(await lines.nth(1).innerText(), /What to do:/);
      await lines.nth(1).locator('.health-note summary').click();
      assert.match(await lines.nth(2).innerText(), /48,210 users · 312 groups/, 'thousands separators on screen');
      assert.equal(await page.locator('[data-testid=job-status-howto]').count(), 0, 'no "how to get it" once a job is loaded');

      await selectFailure(page);
      await shoot(page, 'health-jobs.png');
      await page.emulateMedia({ colorScheme: 'dark' });
      await shoot(page, 'health-jobs-dark.png');
    },
  },
  {
    name: 'without a job file: no job hooks, what the logs tell, and how to get the job status',
    timeout: 90_000,
    async run({ page, baseUrl }) {
      await page.emulateMedia({ colorScheme: 'light' });
      await openApp(page, baseUrl);
      await dropFiles(page, [generated({ format: 'portal', records: 2000 })]);
      await waitForLoad(page);
      for (const metric of JOB_METRICS) {
        const values = await page.locator(`[data-testid=summary-card][data-metric=${metric}]`).evaluateAll((els) => els.map((e) => e.getAttribute('data-value')));
        assert.ok(values.every((v) => v === ''), `${metric}: absent or empty (${values})`);
      }
      const health = page.locator('[data-testid=health]');
      const text = await health.innerText();
      assert.match(text, /From the logs/);
      assert.match(text, /2 apps/, 'the apps seen');
      assert.match(text, /3\.0% failed \(60 of 2,000\)/, 'the failure rate');
      assert.match(text, /no quarantine risk yet/i, 'and, under 5,000 failures, no quarantine risk from them yet');
      assert.match(text, /Unknown without the job status: job status, quarantine, initial cycle, objects in scope/);

      const howto = page.locator('[data-testid=job-status-howto]');
      await howto.locator('summary').click();
      const steps = await howto.innerText();
      assert.ok(steps.includes('GET https://graph.microsoft.com/v1.0/servicePrincipals/{id}/synchronization/jobs'), steps);
      assert.ok(steps.includes('Get-MgServicePrincipalSynchronizationJob -ServicePrincipalId <id> | ConvertTo-Json -Depth 10'), steps);
      await shoot(page, 'health-from-logs.png');

      await health.locator('.health-dismiss').click();
      assert.equal(await health.count(), 0, 'the row can be dismissed');
    },
  },
  {
    name: 'the demo includes its tenant\'s job status: Fabrikam Expenses, active, initial cycle done',
    async run({ page, baseUrl, consoleErrors }) {
      const listed = JSON.parse(fs.readFileSync(path.join(DIST, 'demo', 'index.json'), 'utf8'));
      const jobName = listed.find((n) => n.endsWith('-job.json'));
      assert.ok(jobName, `the demo lists a job status file: ${listed}`);
      const job = JSON.parse(fs.readFileSync(path.join(DIST, 'demo', jobName), 'utf8'));
      await openApp(page, baseUrl);
      await page.locator('[data-testid=demo]').click();
      const report = await waitForLoad(page);
      assert.equal(report.files.find((f) => f.file === jobName)?.format, 'sync-job');
      assert.deepEqual(await shownJobCards(page), expectedJobCards(job));
      assert.equal(await card(page, 'job-status'), 'Active');
      assert.equal(await card(page, 'initial-sync'), 'completed');
      assert.match(await page.locator('[data-testid=health] .health-job').first().innerText(), /^Fabrikam Expenses/);
      assert.deepEqual(consoleErrors, []);
    },
  },
  {
    name: 'layout 1280×800: rows as wide as the header, columns aligned, the event details in view',
    timeout: 90_000,
    async run({ page, baseUrl }) {
      await openApp(page, baseUrl);
      await dropFiles(page, [generated({ format: 'portal', records: 2000 })]);
      await waitForLoad(page);
      await selectFailure(page);
      const edges = await page.locator('[data-testid=event-grid]').evaluate((grid) => {
        const head = grid.querySelector('.grid-row.head').getBoundingClientRect();
        const row = grid.querySelector('[data-testid=grid-row]').getBoundingClientRect();
        const list = grid.querySelector('[data-testid=grid-row]').parentElement.closest('[role=rowgroup]');
        const scrollbar = list.offsetWidth - list.clientWidth;
        const left = (sel) => [...grid.querySelectorAll(sel)].map((c) => Math.round(c.getBoundingClientRect().left));
        return {
          head: head.right, row: row.right, scrollbar, list: list.getBoundingClientRect().right,
          headCells: left('.grid-row.head [role=columnheader]'),
          rowCells: left('[data-testid=grid-row]:first-child [role=gridcell]'),
        };
      });
      assert.ok(Math.abs(edges.head - edges.row) < 1, `header and rows end together (${edges.head} vs ${edges.row})`);
      assert.ok(Math.abs(edges.row + edges.scrollbar - edges.list) < 1, 'rows reach the scrollbar, or the edge when there is none');
      assert.deepEqual(edges.rowCells, edges.headCells, 'every column starts where its header does');
      const details = page.locator('[data-testid=event-details]');
      // The summary area above the grid grew with issue 4 (filter bar, histogram, insights):
      // with the workspace scrolled to the top of the window, the event's outcome and the
      // verdict must both show at once, without scrolling inside the side pane.
      await page.locator('main.workspace').evaluate((el) => el.scrollIntoView({ block: 'start' }));
      assert.ok(await reallyVisible(details.locator('.outcome')), 'the event\'s outcome shows with the workspace in view');
      assert.ok(await reallyVisible(page.locator('[data-testid=user-verdict]')), 'and so does the verdict');
    },
  },
  {
    name: 'layout: five files, four of them broken, all in view; at 800 px nothing of the grid is cut',
    async run({ page, baseUrl }) {
      const bad = ['portal-download-truncated.json', 'portal-download-bad-record.json', 'empty.json', 'signin-log.json'];
      const files = [...bad.map(coreFixture), sample('provisioning-v1-list-success.json')];
      for (const width of [1280, 800]) {
        await page.setViewportSize({ width, height: 800 });
        await openApp(page, baseUrl);
        await dropFiles(page, files);
        await waitForLoad(page);
        const chips = page.locator('[data-testid=file-report]');
        assert.equal(await chips.count(), 5);
        for (let i = 0; i < 5; i++) {
          assert.ok(await reallyVisible(chips.nth(i)), `${width}px: file chip ${i + 1} is in view`);
        }
        const problems = page.locator('[data-testid=load-report] details');
        assert.match(await problems.locator('summary').innerText(), /4 files had problems \(2 could not be read\)/);
        await problems.locator('summary').click();
        const last = page.locator('[data-testid=load-report] .file-error').last();
        await last.scrollIntoViewIfNeeded();
        assert.ok(await reallyVisible(last), `${width}px: the last error can be brought into view`);
        assert.ok(await last.evaluate((el) => el.scrollWidth <= el.clientWidth + 1), `${width}px: the last error's text is not cut`);
        await page.locator('[data-testid=grid-row]').first().click();
        const cut = await page.locator('[data-testid=event-grid]').evaluate((grid) => {
          const right = grid.getBoundingClientRect().right;
          return [...grid.querySelectorAll('[data-testid=grid-row] .badge, [role=columnheader]')]
            .filter((el) => el.offsetParent && el.getBoundingClientRect().right > right + 0.5)
            .map((el) => el.textContent);
        });
        assert.deepEqual(cut, [], `${width}px: no status pill or header passes the grid's right edge`);
        await shoot(page, `load-problems-${width}.png`, { fullPage: width < 900 });
      }
    },
  },
];
