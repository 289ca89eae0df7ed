// The benchmarks of issue 5 ("Scale"), printed as one table: `make bench`, or
//
//   PROVLENS_DIST=/tmp/dist-bench node tests/bench/run.mjs
//
// Figures, not timed tests: every figure is printed with its target and whether it meets it,
// and a figure that cannot be measured says why. It exits 0 unless something breaks (a file
// that does not load whole is an error: the figures would mean nothing).
//
// 1. Native: the core's load throughput per format on generated ~100 MB files (`provlens
//    bench`: FileLoader push/finish in 1 MiB chunks from memory, median of 3, release build),
//    and `provlens summary --json` against jq counting the same (events by status and action)
//    on the same portal download. Each format's row gives the memory its events hold per event.
// 2. In headless Chromium, on the built site: the page's load throughput (drop → load report,
//    timed in the page) against `file.text()` + `JSON.parse` of the same file in the same page,
//    the medians of BENCH_PAGE_RUNS runs each, alternated, each on a fresh page settled as an
//    admin finds it (reader ready, then a second: see `settled`; the portal download is also
//    dropped the moment the page shows, in a row of its own, and the CPU all the browser's
//    threads used while it loaded, against the machine's cores, in another: the room left
//    for parsing on more threads);
//    a generated 600 MB portal download (200,000 records): wall time, peak memory, longest
//    UI-thread task, progress updates.
// 3. Sort and filter on 1,000,000 events: small ("lean") generated records, ~0.9 GB, in one
//    file. Each figure is the time from the header click (or the status select's change) until
//    the grid shows the reader's answer: the grid's `aria-busy` gone (the page sets it at the
//    click, with the header's `aria-sort`, and clears it when the answer and its first rows
//    are rendered), its first row filled in, and for a filter `data-total-rows` changed. Every
//    column is sorted (time twice: both directions; reason twice); one second passes before
//    each click, so work the reader does after an answer (the chart's counts) is not counted
//    in the next figure.
//
// Generated files are kept in target/bench/ and reused (delete the folder after changing the
// generator). The page is driven only through the hooks of the test contract
// (/work/shared/ui-contract.md), with the e2e harness's server and helpers.
//
// Environment: PROVLENS_DIST (the built site, default dist/), CHROMIUM, BENCH_RUNS (native
// runs per figure, default 3), BENCH_PAGE_RUNS (page loads and JSON.parse runs per format,
// default 3: their medians are compared), BENCH_SKIP (comma list of parts to skip: formats, jq, big,
// million), BENCH_FORMATS (comma list of the formats' labels to measure, default all: e.g.
// `portal,la-tables`), BENCH_SETTLE_MS (how long a page rests after its reader is ready,
// default 1000).

import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { dropFiles, openApp, root, waitForLoad } from '../e2e/lib.mjs';
import { CHROMIUM, CHROMIUM_ARGS, DIST, startServer } from '../e2e/run.mjs';

// The browser driver installed for the e2e tests (tests/e2e/node_modules).
const { chromium } = createRequire(new URL('../e2e/package.json', import.meta.url))('playwright-core');

const BENCH_DIR = path.join(root, 'target', 'bench');
const CLI = path.join(root, 'target', 'release', 'provlens');
const JQ = '/usr/bin/jq';
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const PAGE_RUNS = Number(process.env.BENCH_PAGE_RUNS ?? 3);
const SKIP = new Set((process.env.BENCH_SKIP ?? '').split(',').filter(Boolean));
const ONLY = new Set((process.env.BENCH_FORMATS ?? '').split(',').filter(Boolean));
const MB = 1e6;
// The size of the per-format files, and of the query API answer, which the core's splitter
// reads as one record of at most 64 MB.
const TARGET_BYTES = 100 * MB;
const TABLES_BYTES = 60 * MB;
const BIG_RECORDS = 200_000;
const MILLION = 1_000_000;
// V8's longest string is 2^29 - 24 characters, so files past ~500 MB cannot be JSON.parse'd at
// all; files are compared with JSON.parse up to this size.
const PARSE_LIMIT = 400 * MB;
// How long a page rests after its reader is ready, before a drop (see `settled`).
const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS ?? 1000);
// Between two sorts or filters on a million events.
const PAUSE_MS = 1000;

/** The formats measured, as `provlens generate --format` names them; `ext` names the file. */
const FORMATS = [
  { format: 'portal', ext: 'json', parse: 'json' },
  { format: 'portal', ext: 'json.gz', gzip: true, parse: 'gzip-json', label: 'portal .gz' },
  { format: 'graph', ext: 'json', parse: 'json' },
  { format: 'jsonl', ext: 'jsonl', parse: 'lines' },
  { format: 'portal-csv', ext: '', parse: null },
  { format: 'audit-graph', ext: 'json', parse: 'json' },
  { format: 'audit-portal', ext: 'json', parse: 'json' },
  { format: 'audit-csv', ext: 'csv', parse: null },
  { format: 'eventhub', ext: 'json', parse: 'json' },
  { format: 'storage', ext: 'PT1H.json', parse: 'lines' },
  { format: 'la-rows', ext: 'json', parse: 'json' },
  { format: 'la-tables', ext: 'json', parse: 'json', bytes: TABLES_BYTES },
];
const CSV_FILES = ['ProvisioningLogs.csv', 'ProvisioningLogs_ProvisioningSteps.csv', 'ProvisioningLogs_ModifiedProperties.csv'];

const rows = [];
/** Adds a row to the table: what, the figure, its target, and whether it meets it. */
function row(measure, value, target = '—', met = '—') {
  rows.push({ measure, value, target, met: met === true ? 'yes' : met === false ? 'NO' : met });
}

const log = (msg) => process.stderr.write(`bench: ${msg}\n`);
const mbOf = (bytes) => (bytes / MB).toFixed(bytes < 10 * MB ? 2 : 0);
const rate = (bytes, seconds) => `${(bytes / MB / seconds).toFixed(1)} MB/s`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sizeOf = (files) => files.reduce((n, f) => n + fs.statSync(f).size, 0);

/** Runs the release CLI; its stdout. */
function cli(args) {
  return execFileSync(CLI, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The file(s) `provlens generate` writes for these options, made once under target/bench/. */
function generated({ format, ext, gzip = false, lean = false, records, dir = BENCH_DIR }) {
  const base = path.join(dir, `${format}${lean ? '-lean' : ''}-${records}r`);
  const out = format === 'portal-csv' ? `${base}-` : `${base}.${ext}`;
  const files = format === 'portal-csv' ? CSV_FILES.map((f) => out + f + (gzip ? '.gz' : '')) : [out];
  if (files.every((f) => fs.existsSync(f))) return files;
  fs.mkdirSync(dir, { recursive: true });
  const args = ['generate', '--format', format, '--records', String(records), '--seed', '1', '--out', `${out}.partial`];
  if (gzip) args.push('--gzip');
  if (lean) args.push('--lean');
  log(`generating ${path.relative(root, out)} (${records} records)`);
  cli(args);
  for (const f of files) fs.renameSync(f.replace(out, `${out}.partial`), f);
  return files;
}

/** The record count that makes a file of about `bytes` in this format (from 2,000 records). */
function recordsFor(spec, bytes) {
  const sample = generated({ ...spec, records: 2_000, dir: path.join(BENCH_DIR, 'calibrate') });
  return Math.round((2_000 * bytes) / sizeOf(sample));
}

/** `provlens bench` on these files: `{ mb_per_s, events, skipped, formats, … }`. */
function nativeLoad(files) {
  return JSON.parse(cli(['bench', '--runs', String(RUNS), ...files]));
}

/** Wall time of a command, in seconds, and its stdout. */
function timed(cmd, args) {
  const started = process.hrtime.bigint();
  const result = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${result.stderr}`);
  return { seconds, stdout: result.stdout };
}

/** The CLI's summary against jq computing the same counts on the same file. */
function cliAgainstJq(file) {
  if (!fs.existsSync(JQ)) {
    row('CLI summary vs jq', `not measured: ${JQ} not found`, '≥5× faster', '—');
    return;
  }
  const program =
    'reduce .[] as $r ({status: {}, action: {}}; .status[$r.provisioningStatusInfo.status] += 1 | .action[$r.provisioningAction] += 1)';
  const ours = [];
  const theirs = [];
  let summary;
  let counts;
  for (let i = 0; i < RUNS; i++) {
    const a = timed(CLI, ['summary', '--json', file]);
    ours.push(a.seconds);
    summary = JSON.parse(a.stdout);
    const b = timed(JQ, ['-c', program, file]);
    theirs.push(b.seconds);
    counts = JSON.parse(b.stdout);
  }
  const nonZero = (o) => Object.fromEntries(Object.entries(o).filter(([, n]) => n > 0).sort());
  const same =
    JSON.stringify(nonZero(summary.by_status)) === JSON.stringify(nonZero(counts.status)) &&
    JSON.stringify(nonZero(summary.by_action)) === JSON.stringify(nonZero(counts.action));
  if (!same) throw new Error(`CLI and jq disagree: ${JSON.stringify({ summary, counts })}`);
  const ratio = median(theirs) / median(ours);
  row(
    `CLI summary vs jq (portal, ${mbOf(sizeOf([file]))} MB)`,
    `${median(ours).toFixed(2)} s vs ${median(theirs).toFixed(2)} s = ${ratio.toFixed(1)}× faster (same counts by status and action)`,
    '≥5× faster',
    ratio >= 5,
  );
}

// ---------------------------------------------------------------------------------------
// The page.

/**
 * Watches the page from its first script on: long tasks (PerformanceObserver `longtask`), the
 * wasm memory (from Trunk's start event), progress updates, JS heap samples, and the drop and
 * load-report times. Read back with `pageFigures`.
 */
function watchPage() {
  const w = (window.__bench = { longTasks: [], progress: [], heap: 0, drop: null, report: null, wasm: null });
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.longTasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    w.noLongTask = true;
  }
  addEventListener('TrunkApplicationStarted', (e) => (w.wasm = e.detail?.wasm?.memory ?? null));
  addEventListener('drop', () => (w.drop = performance.now()), { capture: true, once: true });
  const sampleHeap = () => {
    const used = performance.memory?.usedJSHeapSize ?? 0;
    if (used > w.heap) w.heap = used;
  };
  setInterval(sampleHeap, 100);
  addEventListener('DOMContentLoaded', () => {
    new MutationObserver((records) => {
      const now = performance.now();
      for (const r of records) {
        const el = r.target;
        if (r.type === 'attributes' && el.getAttribute?.('data-testid') === 'load-progress') {
          w.progress.push([now, Number(el.getAttribute('value'))]);
        }
      }
      if (w.report === null && document.querySelector('[data-testid=load-report]')) {
        w.report = now;
        sampleHeap();
      }
    }).observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ['value'] });
  });
}

async function pageFigures(page) {
  return page.evaluate(() => {
    const w = window.__bench;
    return {
      seconds: (w.report - w.drop) / 1000,
      dropAt: w.drop,
      reportAt: w.report,
      longTasks: w.longTasks,
      noLongTask: !!w.noLongTask,
      progress: w.progress,
      heap: w.heap,
      wasm: w.wasm ? w.wasm.buffer.byteLength : null,
    };
  });
}

/**
 * CPU time every Chromium thread has used so far, from /proc (Linux), in clock ticks by
 * thread: what a load costs the machine beyond the reader's own thread (the browser reading
 * the file, the slicer, the page, V8's helpers).
 */
function browserCpu() {
  const ticks = new Map();
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let tids;
    try {
      if (!/chrom/i.test(fs.readFileSync(`/proc/${pid}/comm`, 'utf8'))) continue;
      tids = fs.readdirSync(`/proc/${pid}/task`);
    } catch {
      continue; // gone meanwhile
    }
    for (const tid of tids) {
      try {
        const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        ticks.set(`${tid} ${name}`, Number(fields[11]) + Number(fields[12]));
      } catch {
        // gone meanwhile
      }
    }
  }
  return ticks;
}

/** Seconds of CPU between two `browserCpu` samples: in all, and of the busiest worker thread. */
function cpuBetween(before, after) {
  const TICKS = 100; // USER_HZ on Linux
  let all = 0;
  let worker = 0;
  for (const [thread, t] of after) {
    const used = t - (before.get(thread) ?? 0);
    all += used;
    if (thread.includes('DedicatedWorker')) worker = Math.max(worker, used);
  }
  return { all: all / TICKS, worker: worker / TICKS };
}

/** The page's processes' resident memory, sampled from /proc: peak (VmHWM) per renderer. */
class RendererMemory {
  constructor(browser) {
    this.browser = browser;
  }

  async start() {
    const cdp = await this.browser.newBrowserCDPSession();
    const { processInfo } = await cdp.send('SystemInfo.getProcessInfo');
    await cdp.detach();
    this.pids = processInfo.filter((p) => p.type === 'renderer').map((p) => p.id);
    this.baseline = Object.fromEntries(this.pids.map((pid) => [pid, this.read(pid)?.rss ?? 0]));
  }

  /** VmRSS and VmHWM of a process, in bytes. */
  read(pid) {
    try {
      const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = (name) => Number(status.match(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm'))?.[1] ?? 0) * 1024;
      return { rss: kb('VmRSS'), peak: kb('VmHWM') };
    } catch {
      return null;
    }
  }

  /** The renderer that grew most: its peak and its resident size before the load. */
  peak() {
    let best = null;
    for (const pid of this.pids) {
      const now = this.read(pid);
      if (!now) continue;
      const grew = now.peak - this.baseline[pid];
      if (!best || grew > best.grew) best = { pid, grew, peak: now.peak, before: this.baseline[pid] };
    }
    return best;
  }
}

/** A fresh page of the site, watched from its first script. */
async function freshPage(browser, baseUrl) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.setDefaultTimeout(60_000);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e));
  await page.addInitScript(watchPage);
  await openApp(page, baseUrl);
  return { context, page, errors };
}

/**
 * Drops files on the page and waits for the load report; the figures of the load, and with
 * `cpu` the browser's CPU while it loaded (see `browserCpu`).
 */
async function loadInPage(page, files, { timeout = 600_000, settle = true, cpu = false } = {}) {
  if (settle) await settled(page);
  const cpuBefore = cpu ? browserCpu() : null;
  const started = performance.now();
  await dropFiles(page, files);
  const report = await waitForLoad(page, { timeout });
  // Sampled from here, so over a little more than drop → report (the file handed to the
  // page, the report noticed): `wall` is that stretch.
  const used = cpu ? { ...cpuBetween(cpuBefore, browserCpu()), wall: (performance.now() - started) / 1000 } : null;
  const figures = await pageFigures(page);
  return { report, cpu: used, ...figures };
}

/**
 * Waits until the page is as an admin finds it when a file is dropped: its reader said it is
 * ready (the `data-reader` hook), then SETTLE_MS more, as the browser finishes compiling the
 * wasm it has just started in the background (on two cores, a 100 MB load dropped at once
 * took ~0.4 s longer). JSON.parse runs on a page settled alike.
 */
async function settled(page) {
  await page.waitForSelector('[data-reader=ready]', { timeout: 60_000 });
  await page.waitForTimeout(SETTLE_MS);
}

/** `file.text()` (inflated first for .gz) then `JSON.parse` (each line, for JSON lines). */
async function jsonParseInPage(page, file, how) {
  await settled(page);
  await page.evaluate(() => {
    const input = Object.assign(document.createElement('input'), { type: 'file', id: '__bench-file', hidden: true });
    document.documentElement.append(input);
  });
  await page.setInputFiles('#__bench-file', file);
  return page.evaluate(async (how) => {
    const file = document.getElementById('__bench-file').files[0];
    const started = performance.now();
    const text =
      how === 'gzip-json'
        ? await new Response(file.stream().pipeThrough(new DecompressionStream('gzip'))).text()
        : await file.text();
    const read = performance.now();
    let records = 0;
    if (how === 'lines') {
      for (const line of text.split('\n')) if (line.trim()) (JSON.parse(line), records++);
    } else {
      const value = JSON.parse(text);
      records = Array.isArray(value) ? value.length : 1;
    }
    const done = performance.now();
    return { seconds: (done - started) / 1000, readSeconds: (read - started) / 1000, records };
  }, how);
}

/** Per format: the native load, the page's load and JSON.parse of the same bytes. */
async function perFormat(browser, baseUrl, specs) {
  for (const spec of specs) {
    const { files, label, parse, textBytes: bytes } = spec;
    const stored = sizeOf(files);
    const size = stored === bytes ? `${mbOf(bytes)} MB` : `${mbOf(bytes)} MB in ${mbOf(stored)} MB of gzip`;
    const name = `load ${label} (${size}${files.length > 1 ? `, ${files.length} files` : ''})`;
    const native = nativeLoad(files);
    if (native.skipped > 0) throw new Error(`${label}: ${native.skipped} records skipped natively`);
    const parts = [`native ${(bytes / MB / native.median_load_s).toFixed(0)} MB/s, ${native.bytes_per_event} B/event`];
    // Page loads and JSON.parse runs alternate, each in a fresh page; the medians are compared.
    const loads = [];
    const cpus = [];
    const parses = [];
    for (let run = 0; run < PAGE_RUNS; run++) {
      const { context, page, errors } = await freshPage(browser, baseUrl);
      const loaded = await loadInPage(page, files, { cpu: label === 'portal' });
      if (loaded.report.skipped > 0 || errors.length) {
        throw new Error(`${label}: the page skipped ${loaded.report.skipped} records ${errors[0] ?? ''}`);
      }
      if (loaded.report.events !== native.events) {
        throw new Error(`${label}: ${loaded.report.events} events on the page, ${native.events} natively`);
      }
      loads.push(loaded.seconds);
      cpus.push(loaded.cpu);
      await context.close();
      if (parse && bytes <= PARSE_LIMIT) {
        const fresh = await freshPage(browser, baseUrl);
        parses.push((await jsonParseInPage(fresh.page, files[0], parse)).seconds);
        await fresh.context.close();
      }
    }
    const pageRate = bytes / MB / median(loads);
    const spread = (runs) =>
      runs.length > 1 ? ` (${(bytes / MB / Math.max(...runs)).toFixed(0)}–${(bytes / MB / Math.min(...runs)).toFixed(0)})` : '';
    parts.push(`page ${pageRate.toFixed(1)} MB/s${spread(loads)}`);
    if (!parse || bytes > PARSE_LIMIT) {
      row(name, parts.join('; '), 'page ≥1× JSON.parse (aim 2×)', parse ? 'n/a (too big)' : 'n/a (CSV)');
      continue;
    }
    const parseRate = bytes / MB / median(parses);
    const ratio = pageRate / parseRate;
    const what = parse === 'lines' ? 'JSON.parse per line' : parse === 'gzip-json' ? 'inflate+JSON.parse' : 'JSON.parse';
    parts.push(`${what} ${parseRate.toFixed(1)} MB/s${spread(parses)} → ${ratio.toFixed(2)}×`);
    row(name, parts.join('; '), 'page ≥1× JSON.parse (aim 2×)', ratio >= 1 ? (ratio >= 2 ? 'yes (aim met)' : 'yes') : false);
    if (label === 'portal') {
      // What the machine had to spare: a second thread parsing (tried: branch parse-workers)
      // only helps where the browser's own work leaves cores idle.
      const cpu = cpus[loads.indexOf(median(loads))] ?? cpus[0];
      row(
        `load ${label}: the browser's CPU while loading`,
        `${cpu.all.toFixed(2)} s of CPU in ${cpu.wall.toFixed(2)} s = ${(cpu.all / cpu.wall).toFixed(1)} of ` +
          `${os.cpus().length} cores busy (the reader's thread ${cpu.worker.toFixed(2)} s; the rest: the ` +
          'browser reading the file, the slicer, the page, V8\'s helpers)',
        '—',
        '—',
      );
      // The same file dropped the moment the drop zone shows, the reader still starting.
      const eager = [];
      for (let run = 0; run < PAGE_RUNS; run++) {
        const { context, page } = await freshPage(browser, baseUrl);
        eager.push((await loadInPage(page, files, { settle: false })).seconds);
        await context.close();
      }
      const eagerRate = bytes / MB / median(eager);
      row(
        `load ${label}, dropped as the page opens`,
        `page ${eagerRate.toFixed(1)} MB/s${spread(eager)} → ${(eagerRate / parseRate).toFixed(2)}× the JSON.parse above ` +
          '(the reader starting, its wasm compiling: a one-time cost of opening the page)',
        '—',
        '—',
      );
    }
  }
}

/** Longest task, long tasks and progress updates of a load, as table rows. */
function responsiveness(prefix, loaded) {
  if (loaded.noLongTask) {
    row(`${prefix}: longest UI-thread task`, 'not measured: no longtask PerformanceObserver', 'no freeze');
  } else {
    // The tasks that ran while the file loaded (from the drop to the report), not the
    // page's own start.
    const during = loaded.longTasks
      .filter(([start, duration]) => start + duration >= loaded.dropAt && start <= loaded.reportAt)
      .map(([, duration]) => duration);
    const longest = Math.max(0, ...during);
    const total = during.reduce((a, b) => a + b, 0);
    row(
      `${prefix}: longest UI-thread task`,
      `${(longest / 1000).toFixed(2)} s (${during.length} long tasks, over 50 ms, ${(total / 1000).toFixed(2)} s in all)`,
      'no task over 200 ms while loading',
      longest <= 200,
    );
  }
  const updates = loaded.progress;
  if (updates.length === 0) {
    row(`${prefix}: progress updates`, 'none seen (no load-progress value change)', '—');
    return;
  }
  let gap = 0;
  for (let i = 1; i < updates.length; i++) gap = Math.max(gap, updates[i][0] - updates[i - 1][0]);
  row(
    `${prefix}: progress updates`,
    `${updates.length} in ${loaded.seconds.toFixed(1)} s = ${(updates.length / loaded.seconds).toFixed(1)}/s; longest gap ${(gap / 1000).toFixed(2)} s`,
    '—',
  );
}

/** Peak memory of a load, as table rows. */
function memoryRows(prefix, loaded, memory, bytes, withTarget) {
  const peak = memory.peak();
  const target = withTarget ? '≤2× file (aim 1.5×)' : '—';
  if (!peak) {
    row(`${prefix}: peak memory`, 'not measured: no renderer process found', target);
  } else {
    const ratio = peak.peak / bytes;
    row(
      `${prefix}: peak memory`,
      `${mbOf(peak.peak)} MB = ${ratio.toFixed(2)}× the file (renderer RSS peak, VmHWM; ${mbOf(peak.before)} MB before the drop)`,
      target,
      withTarget ? (ratio <= 2 ? (ratio <= 1.5 ? 'yes (aim met)' : 'yes') : false) : '—',
    );
  }
  const wasm = loaded.wasm === null ? 'wasm memory not visible in the page (a worker?)' : `wasm memory ${mbOf(loaded.wasm)} MB`;
  const heap = loaded.heap ? `JS heap peak ${mbOf(loaded.heap)} MB (performance.memory, sampled)` : 'no performance.memory';
  row(`${prefix}: of which`, `${wasm}; ${heap}`, '—');
}

/** The 600 MB portal download, in a browser of its own. */
async function bigDownload(baseUrl) {
  const [file] = generated({ format: 'portal', ext: 'json', records: BIG_RECORDS });
  const bytes = sizeOf([file]);
  const prefix = `${mbOf(bytes)} MB download`;
  const browser = await launch();
  try {
    const { page, errors } = await freshPage(browser, baseUrl);
    const memory = new RendererMemory(browser);
    await memory.start();
    const loaded = await loadInPage(page, [file], { timeout: 1_800_000 });
    if (loaded.report.events !== BIG_RECORDS || loaded.report.skipped || errors.length) {
      throw new Error(`${prefix}: ${loaded.report.events} events, ${loaded.report.skipped} skipped ${errors[0] ?? ''}`);
    }
    row(`${prefix}: drop → load report`, `${loaded.seconds.toFixed(1)} s (${rate(bytes, loaded.seconds)}; portal JSON, ${BIG_RECORDS} records)`, '—');
    row(`${prefix}: JSON.parse`, `n/a: ${mbOf(bytes)} MB is past V8's longest string (~536 M chars)`, '—');
    memoryRows(prefix, loaded, memory, bytes, true);
    responsiveness(prefix, loaded);
  } finally {
    await browser.close();
  }
}

/**
 * Does `action` in the page (`['click', selector]`, or `['select', selector, value]` with its
 * input and change events) and resolves with the milliseconds until the grid shows the answer,
 * watched on every DOM change: `changed` (`[selector, attribute]`) differs from before the
 * action, the grid is not `aria-busy` (the page sets it, with the header's `aria-sort`, at the
 * click and clears it when the reader's answer, with its first rows, is rendered) and its first
 * row has its contents (`data-event-id`). Resolves `{ ms, before, now, first }`: the watched
 * attribute before and after, and the first row's event id.
 */
async function timeAnswer(page, action, changed) {
  return page.evaluate(
    ({ action, changed }) =>
      new Promise((resolve, reject) => {
        const [kind, arg, value] = action;
        const [selector, attribute] = changed;
        const grid = () => document.querySelector('[data-testid=event-grid]');
        const watched = () => document.querySelector(selector)?.getAttribute(attribute);
        const before = watched();
        const answered = () => {
          const g = grid();
          const now = watched();
          if (!g || now === before || g.hasAttribute('aria-busy')) return null;
          const first = g.querySelector('[role=row][aria-rowindex="2"]');
          if (Number(g.dataset.totalRows) > 0 && !first?.dataset.eventId) return null;
          return { now, first: first?.dataset.eventId ?? null };
        };
        const observer = new MutationObserver(() => {
          const done = answered();
          if (done) {
            observer.disconnect();
            resolve({ ms: performance.now() - started, before, ...done });
          }
        });
        observer.observe(document.documentElement, { subtree: true, childList: true, attributes: true });
        setTimeout(() => reject(new Error(`${selector} ${attribute} still ${before} (or the grid busy) after 120 s`)), 120_000);
        const started = performance.now();
        const el = document.querySelector(arg);
        if (!el) return reject(new Error(`${arg} not found`));
        if (kind === 'click') el.click();
        else {
          el.value = value;
          el.dispatchEvent(new Event('input', { bubbles: true }));
          el.dispatchEvent(new Event('change', { bubbles: true }));
        }
      }),
    { action, changed },
  );
}

/** A row of several timings `{ ms, text }`: the worst must meet `limit` milliseconds. */
function timings(measure, list, limit) {
  const worst = Math.max(...list.map((t) => t.ms));
  row(measure, `max ${worst.toFixed(0)}: ${list.map((t) => t.text).join(', ')}`, `≤${limit} ms`, worst <= limit);
}

/** Sort and filter on a million events, in a browser of its own. */
async function millionEvents(baseUrl) {
  const [file] = generated({ format: 'portal', ext: 'json', lean: true, records: MILLION });
  const bytes = sizeOf([file]);
  const prefix = '1M events';
  const browser = await launch();
  try {
    const { page, errors } = await freshPage(browser, baseUrl);
    const memory = new RendererMemory(browser);
    await memory.start();
    const loaded = await loadInPage(page, [file], { timeout: 1_800_000 });
    if (loaded.report.events !== MILLION || errors.length) {
      throw new Error(`${prefix}: ${loaded.report.events} events loaded ${errors[0] ?? ''}`);
    }
    const peak = memory.peak();
    row(
      `${prefix}: load`,
      `${loaded.seconds.toFixed(1)} s (${rate(bytes, loaded.seconds)}, lean records, ${mbOf(bytes)} MB); renderer RSS peak ${peak ? `${mbOf(peak.peak)} MB (${(peak.peak / MILLION).toFixed(0)} B/event)` : 'not measured'}`,
      '—',
    );
    const arrow = { ascending: '↑', descending: '↓' };
    // A person's pace: what the reader does after an answer (the chart's counts) is done
    // before the next click, so each figure is one sort's or one filter's.
    const pause = () => new Promise((done) => setTimeout(done, PAUSE_MS));
    const sorts = [];
    for (const column of ['time', 'time', 'identity', 'status', 'activity', 'reason', 'reason']) {
      await pause();
      const header = `[role=columnheader][data-column=${column}]`;
      const t = await timeAnswer(page, ['click', header], [header, 'aria-sort']);
      sorts.push({ ms: t.ms, text: `${column} ${arrow[t.now] ?? t.now} ${t.ms.toFixed(0)}` });
    }
    timings(`${prefix}: sort, click → rows in the new order (ms)`, sorts, 150);
    const filters = [];
    const grid = ['[data-testid=event-grid]', 'data-total-rows'];
    const select = '[data-testid=filter-status]';
    const all = await page.$eval(select, (el) => el.options[0].value);
    for (const status of ['failure', all, 'skipped', all]) {
      await pause();
      const t = await timeAnswer(page, ['select', select, status], grid);
      filters.push({ ms: t.ms, text: `${status} ${t.ms.toFixed(0)} (${t.now} rows)` });
    }
    timings(`${prefix}: status filter → rows of the new result (ms)`, filters, 50);
  } finally {
    await browser.close();
  }
}

function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [...CHROMIUM_ARGS, '--enable-precise-memory-info'],
    headless: true,
  });
}

// ---------------------------------------------------------------------------------------

function printTable(header) {
  const cols = ['measure', 'value', 'target', 'met'];
  const width = Object.fromEntries(cols.map((c) => [c, Math.max(c.length, ...rows.map((r) => String(r[c]).length))]));
  const line = (r) => cols.map((c) => String(r[c]).padEnd(width[c])).join('  ').trimEnd();
  console.log(header);
  console.log(line({ measure: 'measure', value: 'value', target: 'target', met: 'met' }));
  console.log(cols.map((c) => '-'.repeat(width[c])).join('  '));
  for (const r of rows) console.log(line(r));
}

async function main() {
  if (!fs.existsSync(path.join(DIST, 'index.html'))) throw new Error(`${DIST}/index.html not found: build the site first (make build)`);
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: run scripts/setup.sh`);
  log('cargo build --release -p provlens-cli');
  execFileSync('cargo', ['build', '--quiet', '--release', '-p', 'provlens-cli'], { cwd: root, stdio: 'inherit' });
  const started = Date.now();

  const specs = FORMATS.map((spec) => {
    // A .gz holds the same records as its plain file: rates count the inflated bytes.
    const plain = spec.gzip ? FORMATS[0] : spec;
    const records = recordsFor(plain, spec.bytes ?? TARGET_BYTES);
    const files = generated({ ...spec, records });
    const textBytes = spec.gzip ? sizeOf(generated({ ...plain, records })) : sizeOf(files);
    return { ...spec, files, textBytes, label: spec.label ?? spec.format };
  });
  const portal = specs.find((s) => s.label === 'portal');

  const server = await startServer();
  const baseUrl = `http://127.0.0.1:${server.address().port}/provlens/`;
  const browser = await launch();
  const version = browser.version();
  try {
    if (!SKIP.has('formats')) {
      await perFormat(browser, baseUrl, specs.filter((s) => ONLY.size === 0 || ONLY.has(s.label)));
    }
  } finally {
    await browser.close();
  }
  try {
    if (!SKIP.has('jq')) cliAgainstJq(portal.files[0]);
    if (!SKIP.has('big')) await bigDownload(baseUrl);
    if (!SKIP.has('million')) await millionEvents(baseUrl);
  } finally {
    server.closeAllConnections();
    server.close();
  }

  const load = os.loadavg().map((l) => l.toFixed(1)).join(' ');
  printTable(
    `provlens benchmarks (issue 5): ${new Date().toISOString().slice(0, 16)}Z, ${os.cpus().length} CPUs, ` +
      `load average ${load} (other work on the machine slows every figure), Chromium ${version}, ` +
      `site ${DIST.startsWith(root) ? path.relative(root, DIST) : DIST}, ${((Date.now() - started) / 60000).toFixed(1)} min.\n` +
      `Native: release build (the core and the command line at opt-level 3), median of ${RUNS} loads from memory; ` +
      `B/event: the memory the loaded events hold (structs, vectors, each shared string once; no allocator overhead). ` +
      `Page: drop → load report, the median of ${PAGE_RUNS} loads (and of as many JSON.parse runs).\n`,
  );
}

main().then(
  () => process.exit(0),
  (err) => {
    if (rows.length) printTable('bench: figures so far:');
    console.error(`bench: ${err.stack ?? err}`);
    process.exit(1);
  },
);
