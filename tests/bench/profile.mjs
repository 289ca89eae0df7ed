// Where the reader (the Web Worker) spends its time while the page loads a file: a V8 CPU
// profile of every thread, taken through Chrome's tracing while the file loads, summed by
// function (self time), the top lines printed per thread. For finding what to speed up, not
// a figure of `make bench`:
//
//   PROVLENS_DIST=/tmp/dist-prof node tests/bench/profile.mjs target/bench/portal-31678r.json
//
// Build the site with function names kept for readable wasm frames: in index.html, the
// worker's link with `data-wasm-opt="0" data-keep-debug`, then `trunk build --release --dist …`.

import { createRequire } from 'node:module';
import { dropFiles, openApp, waitForLoad } from '../e2e/lib.mjs';
import { CHROMIUM, CHROMIUM_ARGS, SUB_PATH, startServer } from '../e2e/run.mjs';

const { chromium } = createRequire(new URL('../e2e/package.json', import.meta.url))('playwright-core');

const files = process.argv.slice(2);
const TOP = Number(process.env.PROFILE_TOP ?? 25);
const server = await startServer();
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await openApp(page, `http://127.0.0.1:${server.address().port}${SUB_PATH}`);
  await page.waitForSelector('[data-reader=ready]');
  await page.waitForTimeout(1000);
  await browser.startTracing(page, {
    categories: ['disabled-by-default-v8.cpu_profiler', 'v8', 'devtools.timeline'],
  });
  const started = Date.now();
  await dropFiles(page, files);
  await waitForLoad(page, { timeout: 600_000 });
  const seconds = (Date.now() - started) / 1000;
  const trace = JSON.parse((await browser.stopTracing()).toString());
  console.log(`loaded in ${seconds.toFixed(2)} s`);
  summarise(trace.traceEvents ?? trace);
} finally {
  await browser.close();
  server.close();
}

/** Self time per function and thread, from the trace's ProfileChunk samples. */
function summarise(events) {
  const threadNames = new Map();
  for (const e of events) {
    if (e.name === 'thread_name') threadNames.set(`${e.pid}:${e.tid}`, e.args.name);
  }
  const profiles = new Map(); // id → { thread, nodes: Map(id → name), samples: [], deltas: [] }
  for (const e of events) {
    if (e.name !== 'Profile' && e.name !== 'ProfileChunk') continue;
    const id = `${e.pid}:${e.id}`;
    if (!profiles.has(id)) profiles.set(id, { thread: `${e.pid}:${e.tid}`, nodes: new Map(), parents: new Map(), samples: [], deltas: [] });
    const p = profiles.get(id);
    const data = e.args.data ?? {};
    for (const n of data.cpuProfile?.nodes ?? []) {
      const f = n.callFrame;
      p.nodes.set(n.id, f.functionName || `(${f.url?.split('/').pop() || 'program'})`);
      if (n.parent) p.parents.set(n.id, n.parent);
    }
    p.samples.push(...(data.cpuProfile?.samples ?? []));
    p.deltas.push(...(data.timeDeltas ?? []));
  }
  for (const p of profiles.values()) {
    const self = new Map();
    const inclusive = new Map();
    let total = 0;
    p.samples.forEach((node, i) => {
      const us = p.deltas[i + 1] ?? 0;
      const name = p.nodes.get(node) ?? '?';
      self.set(name, (self.get(name) ?? 0) + us);
      total += us;
      const seen = new Set();
      const under = process.env.PROFILE_UNDER;
      if (under) {
        let found = false;
        for (let n = node; n !== undefined && !found; n = p.parents.get(n)) found = (p.nodes.get(n) ?? '').includes(under);
        if (!found) return;
      }
      for (let n = node; n !== undefined; n = p.parents.get(n)) {
        const f = p.nodes.get(n) ?? '?';
        if (!seen.has(f)) (seen.add(f), inclusive.set(f, (inclusive.get(f) ?? 0) + us));
      }
    });
    if (total < 50_000) continue;
    // Idle stretches between the first and the last busy sample: where the thread waited.
    const idle = new Set(['(idle)', '(program)']);
    let t = 0;
    const times = p.deltas.slice(1).map((d) => (t += d));
    const busyAt = p.samples.map((n) => !idle.has(p.nodes.get(n)));
    const first = busyAt.indexOf(true);
    const last = busyAt.lastIndexOf(true);
    const gaps = [];
    let gapStart = null;
    for (let i = first; i <= last; i++) {
      if (!busyAt[i] && gapStart === null) gapStart = times[i];
      if (busyAt[i] && gapStart !== null) (gaps.push([gapStart, times[i] - gapStart]), (gapStart = null));
    }
    const waited = gaps.reduce((s, g) => s + g[1], 0);
    const span = times[last] - times[first];
    const busy = [...self].filter(([n]) => n !== '(idle)' && n !== '(program)').reduce((s, [, v]) => s + v, 0);
    console.log(`\n# thread ${threadNames.get(p.thread) ?? p.thread}: ${(total / 1000).toFixed(0)} ms sampled, ${(busy / 1000).toFixed(0)} ms busy`);
    console.log(`first to last busy sample: ${(span / 1000).toFixed(0)} ms, of which idle ${(waited / 1000).toFixed(0)} ms in ${gaps.length} stretches; longest:`);
    for (const [at, us] of gaps.sort((a, b) => b[1] - a[1]).slice(0, 8)) {
      console.log(`  ${(us / 1000).toFixed(1)} ms at +${((at - times[first]) / 1000).toFixed(0)} ms`);
    }
    for (const [name, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, TOP)) {
      console.log(`${(us / 1000).toFixed(1).padStart(9)} ms  ${((100 * us) / total).toFixed(1).padStart(5)}%  ${name.slice(0, 110)}`);
    }
    if (process.env.PROFILE_INCLUSIVE) {
      console.log('inclusive (the function and what it calls):');
      for (const [name, us] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.PROFILE_INCLUSIVE))) {
        console.log(`${(us / 1000).toFixed(1).padStart(9)} ms  ${name.slice(0, 120)}`);
      }
    }
  }
}
