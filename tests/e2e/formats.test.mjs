// Every format the core reads, dropped as an admin drops it: each fixture of every family of
// crates/core/tests/fixtures/ and each shared sample, one drop per file; audit and provisioning
// logs of the same user together; gzip and UTF-16 files against their plain text; five formats
// at once. What the page shows is checked against the golden dump (the format id, the job
// statuses) and against the CLI run on the same files at run time (counts, cards, verdicts).
//
// One test per file, generated from the folders when this module loads, so a family or a
// fixture added later is covered without editing this file.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import {
  cards, cliTimeline, coreFixturesDir, coreGoldenDir, dropFiles, familyFixture, openApp, provlens,
  root, rowIds, sample, sampleOf, samplesDir, totalRows, waitForLoad,
} from './lib.mjs';

// ---------------------------------------------------------------------------------------------
// What the files should give: the golden dump and the CLI.

/**
 * The core's golden dump of one file: `{ format, encoding, records, events, jobs, parts, skipped,
 * errors: [text], jobStatuses: [JobStatus as JSON] }`. `events` counts duplicates within the
 * file; `parts` are rows of the portal CSV's steps and modified-properties files.
 */
function readGolden(goldenFile) {
  if (!fs.existsSync(goldenFile)) throw new Error(`no golden dump: ${path.relative(root, goldenFile)}`);
  const text = fs.readFileSync(goldenFile, 'utf8');
  const lines = text.split('\n');
  const format = /^format: (.+)$/m.exec(text)?.[1];
  const counts = /^records: (\d+)\s+events: (\d+)\s+jobs: (\d+)\s+(?:parts: (\d+)\s+)?skipped: (\d+)/m.exec(text);
  if (!format || !counts) throw new Error(`${goldenFile}: no format or counts line`);
  const jobStatuses = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== 'job {') continue;
    const end = lines.indexOf('}', i);
    jobStatuses.push(JSON.parse(['{', ...lines.slice(i + 1, end), '}'].join('\n')));
    i = end;
  }
  const [records, events, jobs, parts, skipped] = counts.slice(1).map((n) => Number(n ?? 0));
  assert.equal(jobStatuses.length, jobs, `${goldenFile}: one job block per job`);
  return {
    format,
    encoding: /^encoding: (.+)$/m.exec(text)?.[1] ?? null,
    records,
    events,
    jobs,
    parts,
    skipped,
    errors: lines.filter((l) => l.startsWith('error: ')).map((l) => l.slice('error: '.length)),
    jobStatuses,
  };
}

const goldenOfFixture = (file) =>
  readGolden(path.join(coreGoldenDir, path.basename(path.dirname(file)), `${path.basename(file)}.txt`));
const goldenOfSample = (file) => readGolden(path.join(coreGoldenDir, 'samples', `${path.basename(file)}.txt`));

/**
 * `provlens summary --json FILES`, or null when the CLI could read nothing (it then prints no
 * JSON and exits with 1).
 */
function summaryOf(files) {
  let out;
  try {
    out = provlens(['summary', '--json', ...files]);
  } catch (err) {
    // `provlens()` returns the output of exit status 1 only when there is some.
    if (err.status === 1 && !err.stdout?.trim()) return null;
    throw err;
  }
  return out.trim() === '' ? null : JSON.parse(out);
}

/** The CLI's messages on stderr (`provlens: MESSAGE`) for these files, in order. */
function cliMessages(files) {
  summaryOf(files); // builds the CLI if needed
  const run = spawnSync(path.join(root, 'target', 'release', 'provlens'), ['summary', ...files], { cwd: root, encoding: 'utf8' });
  return run.stderr.split('\n').filter((l) => l.startsWith('provlens: ')).map((l) => l.slice('provlens: '.length));
}

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

const JOB_METRICS = ['job-status', 'quarantine-reason', 'initial-sync', 'last-sync', 'in-scope-users', 'in-scope-groups'];

/**
 * The job cards one job status must give (ui-contract.md), from the golden's dump of it:
 * the status code; what quarantined it (the reason, else the error code); whether steady state
 * was ever reached; the later end of the last and the last successful execution; objects
 * synchronized whose source type is user / group (summed over mappings).
 */
function expectedJobCards(job) {
  const inScope = (kind) => {
    const counts = job.synchronized
      .filter(([mapping]) => mapping.split(' to ')[0].trim().toLowerCase() === kind)
      .map(([, n]) => n);
    return counts.length ? String(counts.reduce((a, b) => a + b, 0)) : '';
  };
  const cause = [job.quarantine?.reason, job.quarantine?.error_code].find((s) => s != null) ?? '';
  const ends = [job.last_execution?.ended, job.last_successful?.ended].filter(Boolean).sort();
  return {
    'job-status': job.code ?? '',
    'quarantine-reason': cause.trim() === '' ? '' : cause,
    'initial-sync': job.steady_state_first || job.steady_state_last ? 'completed' : 'not-completed',
    'last-sync': ends.at(-1) ?? '',
    'in-scope-users': inScope('user'),
    'in-scope-groups': inScope('group'),
  };
}

// ---------------------------------------------------------------------------------------------
// What the page shows.

/** Every job's cards, one object per `job-status` card (the i-th card of each metric). */
async function shownJobCards(page) {
  const byMetric = await page.evaluate((metrics) => Object.fromEntries(metrics.map((m) => [
    m,
    [...document.querySelectorAll(`[data-testid=summary-card][data-metric="${m}"]`)].map((el) => el.getAttribute('data-value')),
  ])), JOB_METRICS);
  const n = byMetric['job-status'].length;
  for (const m of JOB_METRICS) assert.equal(byMetric[m].length, n, `one ${m} card per job-status card (${JSON.stringify(byMetric)})`);
  return Array.from({ length: n }, (_, i) => Object.fromEntries(JOB_METRICS.map((m) => [m, byMetric[m][i]])));
}

const sorted = (objects) => objects.map((o) => JSON.stringify(o)).sort();

/** The job cards must be those of the golden's job statuses (in any order), or absent when there are none. */
async function assertJobCards(page, jobStatuses) {
  const shown = await shownJobCards(page);
  assert.deepEqual(sorted(shown), sorted(jobStatuses.map(expectedJobCards)), 'job cards = the job statuses loaded');
  if (shown.length) {
    const worst = jobStatuses.some((j) => /^quarantine$/i.test(j.code ?? ''));
    if (worst) assert.match(shown[0]['job-status'], /^quarantine$/i, 'the first job-status card is the worst job\'s (quarantined)');
  }
}

/** Only the metrics of `expected` out of the page's cards (the page may show more). */
function pick(all, expected) {
  return Object.fromEntries(Object.keys(expected).map((k) => [k, all[k]]));
}

/** Clicks the first grid row; the timeline of its identity must say what the CLI says. */
async function assertFirstRowVerdict(page, files) {
  const row = page.locator('[data-testid=grid-row]').first();
  await row.waitFor();
  const id = await row.getAttribute('data-event-id');
  await row.click();
  await page.locator(`[data-testid=event-details][data-event-id=${JSON.stringify(id)}]`).waitFor({ timeout: 5_000 });
  return assertTimeline(page, files, `the first row (${id})`);
}

/** The shown timeline's identity, verdict and number of changes = the CLI's timeline of that identity. */
async function assertTimeline(page, files, what) {
  const timeline = page.locator('[data-testid=user-timeline]');
  await timeline.locator('[data-testid=user-verdict]').first().waitFor({ timeout: 5_000 });
  const identity = await timeline.getAttribute('data-identity');
  assert.ok(identity, `${what}: the timeline names its identity`);
  const cli = cliTimeline(identity, files);
  assert.equal(identity, cli.identity, `${what}: the timeline's identity is the one the CLI finds for "${identity}"`);
  const verdict = timeline.locator('[data-testid=user-verdict]');
  assert.equal(await verdict.count(), 1, `${what}: the timeline holds one verdict`);
  assert.equal(await verdict.getAttribute('data-verdict'), cli.verdict.verdict, `${what}: verdict of ${identity} = CLI (${cli.verdict.reason})`);
  assert.equal(await timeline.locator('[data-testid=timeline-change]').count(), cli.changes.length, `${what}: changes of ${identity} = CLI`);
  return cli;
}

/**
 * The data-error a file's report must carry: the first problem, when the file failed (nothing
 * read: no event, job status or CSV part, or format unknown) or records were skipped; none when
 * there was no problem. `undefined` when the contract leaves it open (a note on a file that lost
 * nothing).
 */
function expectedError({ format, read, skipped, firstError }) {
  if (firstError == null) return null;
  if (format === 'unknown' || skipped > 0 || read === 0) return firstError;
  return undefined;
}

/**
 * Drops `files` (paths) in one real drop and checks the load report, the cards, the job cards
 * and the first row's timeline against `goldens` (one per file, or null where there is none)
 * and the CLI run on the same files.
 */
async function dropAndCheck(page, baseUrl, files, goldens) {
  await openApp(page, baseUrl);
  const handled = await dropFiles(page, files);
  assert.deepEqual(handled, { dragoverHandled: true, dropHandled: true }, 'the page takes the drop');
  const report = await waitForLoad(page);
  const cli = summaryOf(files);
  const names = files.map((f) => path.basename(f));
  assert.deepEqual(report.files.map((f) => f.file), names, 'one file-report per dropped file, in order');

  const messages = cli ? [] : cliMessages(files);
  report.files.forEach((shown, i) => {
    const golden = goldens[i];
    const c = cli?.files[i];
    const name = names[i];
    if (golden) {
      assert.equal(shown.format, golden.format, `${name}: data-format = the golden's format`);
      if (c) assert.equal(c.format, golden.format, `${name}: the CLI reads the golden's format too`);
    } else {
      assert.equal(shown.format, c?.format ?? 'unknown', `${name}: data-format = the CLI's format`);
    }
    if (c) {
      assert.equal(shown.events, c.events, `${name}: data-events = CLI events`);
      assert.equal(shown.skipped, c.skipped, `${name}: data-skipped = CLI skipped`);
    } else {
      // The CLI read nothing at all: no events; the records counted as skipped are the golden's.
      assert.equal(shown.events, 0, `${name}: data-events = 0 (the CLI could read nothing)`);
      if (golden) assert.equal(shown.skipped, golden.skipped, `${name}: data-skipped = the golden's skipped`);
    }
    const firstError = c ? c.first_error : (golden?.errors[0] ?? messages.find((m) => m.startsWith(`${name},`)) ?? null);
    // Records read into something: events (duplicates included), job statuses, CSV parts.
    const read = c ? c.events + c.duplicates + (c.parts ?? 0) + (golden?.jobs ?? 0) : 0;
    const error = expectedError({ format: shown.format, read, skipped: c ? c.skipped : (golden?.skipped ?? 0), firstError });
    if (shown.format === 'unknown' || (read === 0 && firstError != null)) {
      assert.ok(shown.error, `${name}: a file that could not be read (format ${shown.format}) shows its data-error`);
    }
    if (error !== undefined) assert.equal(shown.error, error, `${name}: data-error = the first problem the CLI reports`);
  });

  if (cli) {
    assert.equal(report.events, cli.events, 'load report data-events = CLI events');
    assert.equal(report.skipped, cli.skipped, 'load report data-skipped = CLI skipped');
    const expected = expectedCards(cli);
    assert.deepEqual(pick(await cards(page), expected), expected, 'summary cards = CLI summary');
    if (cli.events > 0) assert.equal(await totalRows(page), cli.events, 'the grid holds every event');
  } else {
    assert.equal(report.events, 0, 'nothing loaded, as the CLI says');
    const shownCards = await cards(page);
    for (const metric of ['events', 'identities', 'success', 'failure', 'skipped', 'warning']) {
      if (metric in shownCards) assert.equal(shownCards[metric], '0', `card ${metric} = 0 (the CLI could read nothing)`);
    }
  }

  const jobStatuses = goldens.flatMap((g) => g?.jobStatuses ?? []);
  await assertJobCards(page, jobStatuses);

  if (cli?.events > 0) await assertFirstRowVerdict(page, files);
  return { report, cli };
}

// ---------------------------------------------------------------------------------------------
// The tests.

const listDir = (dir, want) =>
  fs.existsSync(dir)
    ? fs.readdirSync(dir, { withFileTypes: true }).filter((e) => (want === 'dir' ? e.isDirectory() : e.isFile())).map((e) => e.name).sort()
    : [];

const families = listDir(coreFixturesDir, 'dir');
const sampleKinds = listDir(samplesDir, 'dir');

const perFixture = families.flatMap((family) =>
  listDir(path.join(coreFixturesDir, family), 'file').map((name) => ({
    name: `fixture ${family}/${name}: the golden's format, the CLI's counts, cards and first-row verdict`,
    async run({ page, baseUrl }) {
      const file = familyFixture(family, name);
      await dropAndCheck(page, baseUrl, [file], [goldenOfFixture(file)]);
    },
  })),
);

const perSample = sampleKinds.flatMap((kind) =>
  listDir(path.join(samplesDir, kind), 'file').map((name) => ({
    name: `sample ${kind}/${name}: the golden's format (or the CLI's), the CLI's counts, cards and first-row verdict`,
    async run({ page, baseUrl }) {
      const file = sampleOf(kind, name);
      const goldenFile = path.join(coreGoldenDir, 'samples', `${name}.txt`);
      // The column schema of samples/schemas/ holds no records and has no golden dump.
      const golden = fs.existsSync(goldenFile) ? goldenOfSample(file) : null;
      await dropAndCheck(page, baseUrl, [file], [golden]);
    },
  })),
);

/** Types into the search box and waits (a few seconds at most) for the grid's row count to change. */
async function search(page, text) {
  const before = await page.locator('[data-testid=event-grid]').getAttribute('data-total-rows');
  await page.locator('[data-testid=search]').fill(text);
  await page
    .waitForFunction(
      (before) => document.querySelector('[data-testid=event-grid]')?.getAttribute('data-total-rows') !== before,
      before,
      { timeout: 5_000 },
    )
    .catch(() => {}); // the count may legitimately stay the same; the assertions say
}

/**
 * An audit log and a provisioning log holding the same user, dropped together: every row of
 * that user opens one joined timeline, the CLI's for both files, longer than either file's.
 */
async function joinedTimeline(page, baseUrl, auditFile, provisioningFile, upn) {
  const files = [auditFile, provisioningFile];
  const alone = files.map((f) => cliTimeline(upn, [f]));
  const joined = cliTimeline(upn, files);
  assert.ok(alone.every((t) => t.verdict.verdict !== 'not-found'), `precondition: each file holds ${upn}`);
  assert.ok(alone.every((t) => joined.changes.length > t.changes.length), `precondition: the CLI joins ${upn}'s changes of both files`);

  const { report } = await dropAndCheck(page, baseUrl, files, files.map(goldenOfFixture));
  assert.ok(report.files.every((f) => f.events > 0), 'both files loaded events');

  await search(page, upn);
  const ids = await rowIds(page);
  assert.ok(ids.length >= 2, `the search for ${upn} shows its events of both files (${ids.length} rows)`);
  for (const id of ids) {
    await page.locator(`[data-testid=grid-row][data-event-id=${JSON.stringify(id)}]`).click();
    await page.locator(`[data-testid=event-details][data-event-id=${JSON.stringify(id)}]`).waitFor({ timeout: 5_000 });
    const cli = await assertTimeline(page, files, `row ${id}`);
    assert.equal(cli.identity, joined.identity, `row ${id} opens ${upn}'s joined timeline`);
    assert.equal(cli.changes.length, joined.changes.length);
  }
}

/** The timeline as the page shows it: identity, and each change's steps (kind, status). */
async function shownTimeline(page) {
  const timeline = page.locator('[data-testid=user-timeline]');
  await timeline.locator('[data-testid=user-verdict]').first().waitFor({ timeout: 5_000 });
  return timeline.evaluate((tl) => ({
    identity: tl.getAttribute('data-identity'),
    changes: [...tl.querySelectorAll('[data-testid=timeline-change]')].map((c) => ({
      change_id: c.getAttribute('data-change-id'),
      steps: [...c.querySelectorAll('[data-testid=timeline-step]')].map((st) => ({
        kind: st.getAttribute('data-kind'),
        status: st.getAttribute('data-status'),
      })),
    })),
  }));
}

/** The same, from the CLI's `timeline --json`. */
const cliTimelineShape = (cli) => ({
  identity: cli.identity,
  changes: cli.changes.map((c) => ({ change_id: c.change_id ?? '', steps: c.steps.map(({ kind, status }) => ({ kind, status })) })),
});

const PORTAL_CSV = ['ProvisioningLogs.csv', 'ProvisioningLogs_ProvisioningSteps.csv', 'ProvisioningLogs_ModifiedProperties.csv'];

/** The first row's timeline, steps and all, must be the CLI's over `files`; returns the CLI's. */
async function assertFirstRowTimelineSteps(page, files) {
  const row = page.locator('[data-testid=grid-row]').first();
  const id = await row.getAttribute('data-event-id');
  await row.click();
  await page.locator(`[data-testid=event-details][data-event-id=${JSON.stringify(id)}]`).waitFor({ timeout: 5_000 });
  const shown = await shownTimeline(page);
  const cli = cliTimeline(shown.identity, files);
  assert.deepEqual(shown, cliTimelineShape(cli), `the first row's timeline (${id}), steps and all = CLI`);
  assert.equal(await page.locator('[data-testid=user-timeline] [data-testid=user-verdict]').getAttribute('data-verdict'), cli.verdict.verdict);
  return cli;
}

/** Decodes a UTF-16LE buffer (BOM or none) to a JavaScript string. */
const utf16le = (buf) => new TextDecoder('utf-16le').decode(buf);

const special = [
  {
    name: 'an audit log (Log Analytics AuditLogs rows) and provisioning rows of the same user join into one timeline',
    async run({ page, baseUrl }) {
      await joinedTimeline(
        page, baseUrl,
        familyFixture('log-analytics', 'az-cli-auditlogs-rows.json'),
        familyFixture('log-analytics', 'az-cli-provisioning-rows.json'),
        'goran.novak@contoso.com',
      );
    },
  },
  {
    name: 'an audit log and a provisionOnDemand result of the same user (other source ids) join by UPN into one timeline',
    async run({ page, baseUrl }) {
      await joinedTimeline(
        page, baseUrl,
        familyFixture('log-analytics', 'az-cli-auditlogs-rows.json'),
        familyFixture('on-demand', 'success-create-cloud-sync.json'),
        'goran.novak@contoso.com',
      );
    },
  },
  {
    name: 'the portal\'s three-file provisioning CSV dropped together: each part with its format, events joined to their steps',
    async run({ page, baseUrl }) {
      const files = PORTAL_CSV.map((n) => familyFixture('provisioning-csv', n));
      const goldens = files.map(goldenOfFixture);
      assert.deepEqual(goldens.map((g) => g.format), ['portal-provisioning-csv', 'portal-provisioning-steps-csv', 'portal-provisioning-properties-csv'], 'precondition');
      const { report } = await dropAndCheck(page, baseUrl, files, goldens);
      assert.deepEqual(report.files.map((f) => f.error), [null, null, null], 'the three parts of one download load without a problem');
      const cli = await assertFirstRowTimelineSteps(page, files);
      const alone = cliTimeline(cli.identity, [files[0]]);
      const steps = (t) => t.changes.reduce((n, c) => n + c.steps.length, 0);
      assert.ok(steps(cli) > steps(alone), `precondition: the steps file adds steps to ${cli.identity}'s changes (${steps(alone)} → ${steps(cli)})`);
    },
  },
  {
    name: 'the portal CSV\'s steps and properties dropped before their events are joined when ProvisioningLogs.csv comes later',
    async run({ page, baseUrl }) {
      const [events, ...parts] = PORTAL_CSV.map((n) => familyFixture('provisioning-csv', n));
      await openApp(page, baseUrl);
      await dropFiles(page, parts);
      const first = await waitForLoad(page);
      assert.deepEqual(first.files.map((f) => [f.file, f.format, f.events]), parts.map((f) => [path.basename(f), goldenOfFixture(f).format, 0]), 'the parts alone: their formats, no events');
      await dropFiles(page, [events]);
      const all = await waitForLoad(page, { files: 3 });
      const files = [...parts, events];
      const cli = summaryOf(files);
      assert.deepEqual(all.files.map(({ file, format, events, skipped }) => ({ file, format, events, skipped })),
        cli.files.map((f) => ({ file: f.name, format: f.format, events: f.events, skipped: f.skipped })), 'file reports = CLI');
      assert.equal(all.events, cli.events, 'data-events = CLI');
      const expected = expectedCards(cli);
      assert.deepEqual(pick(await cards(page), expected), expected, 'summary cards = CLI');
      await assertFirstRowTimelineSteps(page, files);
    },
  },
  {
    name: 'the portal CSV\'s steps or properties dropped without ProvisioningLogs.csv: the page says what they wait for, as the CLI does',
    async run({ page, baseUrl }) {
      for (const name of PORTAL_CSV.slice(1)) {
        const file = familyFixture('provisioning-csv', name);
        const cli = summaryOf([file]);
        const missing = cli.files[0].missing;
        assert.ok(missing, `precondition: the CLI says what ${name} waits for`);
        await openApp(page, baseUrl);
        await dropFiles(page, [file]);
        const report = await waitForLoad(page);
        assert.deepEqual(report.files.map((f) => [f.format, f.events]), [[cli.files[0].format, 0]]);
        const text = await page.locator('[data-testid=load-report]').innerText();
        assert.ok(text.includes(missing), `${name} alone: the load report says "${missing}"; it shows: ${JSON.stringify(text)}`);
      }
    },
  },
  {
    name: 'gzip and UTF-16 files load as their plain UTF-8 text does',
    timeout: 90_000,
    async run({ page, baseUrl }) {
      const files = ['portal-download.json.gz', 'graph-page-utf16le-bom.json', 'utf16-gzipped.json.gz', 'graph-page-utf16be-bom.json']
        .map((n) => familyFixture('encodings', n));
      const goldens = files.map(goldenOfFixture);
      assert.deepEqual(goldens.map((g) => g.encoding), ['gzip-compressed', 'UTF-16LE', 'gzip-compressed, UTF-16LE', 'UTF-16BE'], 'precondition');
      const encoded = await dropAndCheck(page, baseUrl, files, goldens);
      const encodedView = { report: encoded.report, cards: await cards(page), rows: (await rowIds(page)).sort() };

      // The same files decoded here, as UTF-8 under the same names but the .gz.
      const read = (f) => fs.readFileSync(f);
      const be = Buffer.from(read(files[3]));
      be.swap16(); // UTF-16BE → UTF-16LE
      const plain = [
        { name: 'portal-download.json', content: zlib.gunzipSync(read(files[0])) },
        { name: 'graph-page-utf16le-bom.json', content: utf16le(read(files[1])) },
        { name: 'utf16-gzipped.json', content: utf16le(zlib.gunzipSync(read(files[2]))) },
        { name: 'graph-page-utf16be-bom.json', content: utf16le(be) },
      ];
      await openApp(page, baseUrl);
      await dropFiles(page, plain);
      const report = await waitForLoad(page);
      const plainView = { report, cards: await cards(page), rows: (await rowIds(page)).sort() };
      const counts = (r) => ({ events: r.events, skipped: r.skipped, files: r.files.map(({ format, events, skipped, error }) => ({ format, events, skipped, error })) });
      assert.deepEqual(counts(encodedView.report), counts(plainView.report), 'the same formats and counts as the decoded files');
      assert.deepEqual(encodedView.cards, plainView.cards, 'the same cards');
      assert.deepEqual(encodedView.rows, plainView.rows, 'the same events');
    },
  },
  {
    name: 'five formats dropped at once: five file reports with their formats, totals = the CLI on the same five files',
    async run({ page, baseUrl }) {
      const files = [
        sample('provisioning-v1-list-error.json'),
        familyFixture('audit-csv', 'portal-audit-en-bom-crlf.csv'),
        familyFixture('azure-monitor', 'eventhub-mixed.json'),
        familyFixture('log-analytics', 'query-api-tables.json'),
        familyFixture('sync-job', 'quarantine-with-error.json'),
      ];
      const goldens = [goldenOfSample(files[0]), ...files.slice(1).map(goldenOfFixture)];
      assert.equal(new Set(goldens.map((g) => g.format)).size, 5, `precondition: five formats (${goldens.map((g) => g.format)})`);
      const { report } = await dropAndCheck(page, baseUrl, files, goldens);
      assert.deepEqual(report.files.map((f) => f.format), goldens.map((g) => g.format), 'all five file reports, each with its format');
    },
  },
];

if (families.length === 0) {
  special.push({ name: 'the core\'s fixture families are there', run: () => assert.fail(`no fixture folders under ${coreFixturesDir}`) });
}
if (sampleKinds.length === 0) {
  special.push({ name: 'the shared samples are there', run: () => assert.fail(`no shared samples under ${samplesDir}`) });
}

export const tests = [...perFixture, ...perSample, ...special];
