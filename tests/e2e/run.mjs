// The end-to-end test runner: serves the built site (dist/) under a sub-path, drives headless
// Chromium through playwright-core, and runs every tests/e2e/*.test.mjs.
//
//   node tests/e2e/run.mjs [FILTER...]     run the tests whose "file › name" contains a FILTER
//
// A test file exports `tests`: an array of `{ name, run, timeout?, skip? }` where
// `run: async ({ page, baseUrl, fixtures, artifacts, consoleErrors, requests }) => …` throws to
// fail. Each test gets a fresh browser context and page. An uncaught page error fails the test;
// console errors are printed with a failure. On failure a screenshot goes to target/e2e/<test>/.
// Environment: PROVLENS_DIST (site to serve, default dist/), CHROMIUM (default /usr/bin/chromium).
// The benchmarks (tests/bench/run.mjs) import its server and browser settings.

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { fixture, root } from './lib.mjs';

const HERE = path.join(root, 'tests', 'e2e');
export const DIST = path.resolve(root, process.env.PROVLENS_DIST ?? 'dist');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const ARTIFACTS = path.join(root, 'target', 'e2e');
// Served under a sub-path, as on a project page, so absolute URLs in the site break the tests.
export const SUB_PATH = '/provlens/';
const DEFAULT_TIMEOUT_MS = 60_000;
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/** The file of DIST that `pathname` names (under SUB_PATH), or null. */
function siteFile(pathname) {
  if (!pathname.startsWith(SUB_PATH)) return null;
  let rel;
  try {
    rel = decodeURIComponent(pathname.slice(SUB_PATH.length));
  } catch {
    return null; // a malformed %-escape names no file
  }
  if (rel === '' || rel.endsWith('/')) rel += 'index.html';
  const file = path.join(DIST, rel);
  if (!file.startsWith(DIST + path.sep) || rel.includes('\0')) return null;
  return fs.statSync(file, { throwIfNoEntry: false })?.isFile() ? file : null;
}

/** Static files of DIST under SUB_PATH; `/` redirects there; anything else is a 404. */
function serveSite(req, res) {
  const { pathname } = new URL(req.url, 'http://localhost');
  if (pathname === '/' || pathname === SUB_PATH.slice(0, -1)) {
    res.writeHead(302, { location: SUB_PATH }).end();
    return;
  }
  const file = req.method === 'GET' || req.method === 'HEAD' ? siteFile(pathname) : null;
  if (!file) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${pathname}\n`);
    return;
  }
  res.writeHead(200, {
    'content-type': CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    'content-length': fs.statSync(file).size,
    'cache-control': 'no-store',
  });
  if (req.method === 'HEAD') res.end();
  else fs.createReadStream(file).pipe(res);
}

/** Serves DIST on a free port of 127.0.0.1 (read `server.address().port`). */
export async function startServer() {
  const server = http.createServer(serveSite);
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return server;
}

/** Every test of every tests/e2e/*.test.mjs, in file order, as `{ id, file, test }`. */
async function loadTests() {
  const files = fs.readdirSync(HERE).filter((f) => f.endsWith('.test.mjs')).sort();
  const all = [];
  for (const file of files) {
    const { tests } = await import(pathToFileURL(path.join(HERE, file)).href);
    if (!Array.isArray(tests)) throw new Error(`${file} does not export a \`tests\` array`);
    for (const test of tests) {
      if (typeof test?.name !== 'string' || typeof test.run !== 'function') {
        throw new Error(`${file}: every test needs a \`name\` and a \`run\` function`);
      }
      all.push({ id: `${file.replace(/\.test\.mjs$/, '')} › ${test.name}`, test });
    }
  }
  return all;
}

const slug = (id) => id.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

function withTimeout(promise, ms) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Runs one test in a fresh context; returns the error that failed it, or null. */
async function runTest(browser, baseUrl, { id, test }) {
  const artifacts = path.join(ARTIFACTS, slug(id));
  fs.rmSync(artifacts, { recursive: true, force: true });
  fs.mkdirSync(artifacts, { recursive: true });
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const consoleErrors = [];
  const pageErrors = [];
  const requests = [];
  page.on('console', (msg) => msg.type() === 'error' && consoleErrors.push(msg.text()));
  page.on('pageerror', (err) => pageErrors.push(err));
  page.on('request', (req) => requests.push({ method: req.method(), url: req.url(), type: req.resourceType() }));
  page.on('response', (res) => res.status() >= 400 && consoleErrors.push(`HTTP ${res.status()} ${res.url()}`));

  let error = null;
  try {
    await withTimeout(
      test.run({ page, baseUrl, fixtures: fixture, artifacts, consoleErrors, requests }),
      test.timeout ?? DEFAULT_TIMEOUT_MS,
    );
    if (pageErrors.length) error = new Error(`uncaught error in the page: ${pageErrors[0].stack ?? pageErrors[0]}`);
  } catch (err) {
    error = err;
  }
  if (error) {
    const shot = path.join(artifacts, 'failure.png');
    await page.screenshot({ path: shot, fullPage: true }).then(
      () => (error.screenshot = path.relative(root, shot)),
      () => {},
    );
    error.consoleErrors = consoleErrors;
  }
  await context.close().catch(() => {});
  if (fs.readdirSync(artifacts).length === 0) fs.rmdirSync(artifacts);
  return error;
}

function report(error) {
  const lines = [String(error?.stack ?? error)];
  if (error.screenshot) lines.push(`screenshot: ${error.screenshot}`);
  for (const msg of error.consoleErrors ?? []) lines.push(`console: ${msg}`);
  return lines.join('\n').replace(/^/gm, '      ');
}

async function main() {
  const filters = process.argv.slice(2).map((f) => f.toLowerCase());
  const selected = (await loadTests()).filter(
    ({ id }) => filters.length === 0 || filters.some((f) => id.toLowerCase().includes(f)),
  );
  if (selected.length === 0) throw new Error('no tests to run');
  if (!fs.existsSync(path.join(DIST, 'index.html'))) {
    throw new Error(`${path.relative(root, DIST) || DIST}/index.html not found: build the site first (make build)`);
  }
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: run scripts/setup.sh`);

  const server = await startServer();
  const baseUrl = `http://127.0.0.1:${server.address().port}${SUB_PATH}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  const started = performance.now();
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  try {
    console.log(`e2e: ${selected.length} test(s) against ${baseUrl} (${path.relative(root, DIST)}/)`);
    for (const entry of selected) {
      if (entry.test.skip) {
        skipped++;
        console.log(`SKIP  ${entry.id}${typeof entry.test.skip === 'string' ? ` (${entry.test.skip})` : ''}`);
        continue;
      }
      const t0 = performance.now();
      const error = await runTest(browser, baseUrl, entry);
      const ms = Math.round(performance.now() - t0);
      if (error) {
        failed++;
        console.log(`FAIL  ${entry.id} (${ms} ms)\n${report(error)}`);
      } else {
        passed++;
        console.log(`PASS  ${entry.id} (${ms} ms)`);
      }
    }
  } finally {
    await browser.close();
    server.closeAllConnections();
    server.close();
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`e2e: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''} (${seconds} s)`);
  return failed === 0;
}

// Run only when started as a script, not when imported.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (ok) => process.exit(ok ? 0 : 1),
    (err) => {
      console.error(`e2e: ${err.stack ?? err}`);
      process.exit(1);
    },
  );
}
