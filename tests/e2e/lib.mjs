// Helpers for provlens end-to-end tests: loading files into the page the way a user does, and
// reading the hooks of the page's test contract (/work/shared/ui-contract.md).
//
// Files given to `dropFiles` and `pickFiles` are, each:
//   - a path (string), absolute or relative to the repository root;
//   - `{ path, name }`: a file on disk, shown to the page under another name;
//   - `{ name, content }`: made up in the test; `content` is a string or a Buffer.
// As in a real drop, the browser sets each `File`'s `type` from its name's extension.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Where the tests' input files live: `tests/fixtures/<format>/...`. */
export const fixturesDir = path.join(root, 'tests', 'fixtures');

/** Absolute path of a fixture (`fixture('graph', 'x.json')`); throws when it does not exist. */
export function fixture(...parts) {
  const file = path.join(fixturesDir, ...parts);
  if (!fs.existsSync(file)) throw new Error(`no such fixture: ${path.relative(root, file)}`);
  return file;
}

const DROP_ZONE = '[data-testid=drop-zone]';
const PICKER = `${DROP_ZONE} input[type=file]`;
// A file input the harness adds to the page only to obtain real `File` objects for a drop.
// It hangs off <html>, outside whatever element the app renders into, and is removed at once.
const DROP_SOURCE_ID = '__e2e-drop-source';

let scratchDir = null;

/** A fresh directory for files made up by tests, removed when the process exits. */
function scratch() {
  if (!scratchDir) {
    scratchDir = fs.mkdtempSync(path.join(os.tmpdir(), 'provlens-e2e-'));
    process.on('exit', () => fs.rmSync(scratchDir, { recursive: true, force: true }));
  }
  return fs.mkdtempSync(path.join(scratchDir, 'f-'));
}

/**
 * Turns the file forms listed above into paths on disk, which is what `setInputFiles` takes
 * without copying (it cannot mix paths and in-memory buffers). Content and renamed files are
 * written to (or linked from) a scratch directory under the name the page should see.
 */
function toPaths(files) {
  return files.map((file) => {
    if (typeof file === 'string') file = { path: file };
    if (file.content !== undefined) {
      if (!file.name) throw new Error('a file given by content needs a name');
      const made = path.join(scratch(), file.name);
      fs.writeFileSync(made, file.content);
      return made;
    }
    const onDisk = path.resolve(root, file.path);
    if (!fs.existsSync(onDisk)) throw new Error(`no such file: ${onDisk}`);
    if (!file.name || file.name === path.basename(onDisk)) return onDisk;
    const renamed = path.join(scratch(), file.name);
    fs.symlinkSync(onDisk, renamed);
    return renamed;
  });
}

/**
 * Drops files onto the element matching `selector` (default: the drop zone), as a user dragging
 * them from the desktop would: `dragenter`, `dragover` and `drop` events carrying a
 * `DataTransfer` whose `files` are real `File` objects.
 *
 * Files on disk are handed to Chromium by path through a hidden file input of the harness, so a
 * 600 MB file costs no copy and no base64, and nothing is fetched by the page. Returns whether
 * the app called `preventDefault()` on `dragover` and `drop` (a drop target must do both).
 */
export async function dropFiles(page, selector = DROP_ZONE, files) {
  if (Array.isArray(selector)) [selector, files] = [DROP_ZONE, selector];
  await page.waitForSelector(selector, { state: 'attached' });
  await page.evaluate((id) => {
    document.getElementById(id)?.remove();
    const input = document.createElement('input');
    input.type = 'file';
    input.multiple = true;
    input.id = id;
    input.hidden = true;
    document.documentElement.append(input);
  }, DROP_SOURCE_ID);
  await page.setInputFiles(`#${DROP_SOURCE_ID}`, toPaths(files));
  return page.evaluate(
    ({ id, selector }) => {
      const source = document.getElementById(id);
      const dataTransfer = new DataTransfer();
      for (const file of source.files) dataTransfer.items.add(file);
      source.remove();
      const target = document.querySelector(selector);
      const box = target.getBoundingClientRect();
      const at = { clientX: box.x + box.width / 2, clientY: box.y + box.height / 2 };
      const fire = (type) =>
        !target.dispatchEvent(
          new DragEvent(type, { bubbles: true, cancelable: true, composed: true, dataTransfer, ...at }),
        );
      fire('dragenter');
      const dragoverHandled = fire('dragover');
      const dropHandled = fire('drop');
      return { dragoverHandled, dropHandled };
    },
    { id: DROP_SOURCE_ID, selector },
  );
}

/** Chooses files through the drop zone's file input, as the "browse" button would. */
export async function pickFiles(page, files) {
  await page.setInputFiles(PICKER, toPaths(files));
}

/** Opens the app (optionally with a URL hash) and waits until the drop zone is there. */
export async function openApp(page, baseUrl, hash = '') {
  await page.goto(baseUrl + (hash && !hash.startsWith('#') ? `#${hash}` : hash));
  await page.waitForSelector(DROP_ZONE);
}

/**
 * Waits for `[data-testid=load-report]` and returns its numbers:
 * `{ events, skipped, files: [{ file, format, events, skipped, error }] }`
 * (`error` is null when the file has no `data-error`). With `files: N`, waits until the report
 * lists N files (for files dropped onto an already loaded page).
 */
export async function waitForLoad(page, { timeout = 60_000, files } = {}) {
  const report = page.locator('[data-testid=load-report]');
  await report.waitFor({ state: 'attached', timeout });
  if (files !== undefined) {
    // A later drop: the report of the earlier files may still be shown until the new batch
    // has been read, so wait until it lists `files` files.
    await page.waitForFunction(
      (n) => document.querySelectorAll('[data-testid=load-report] [data-testid=file-report]').length === n,
      files,
      { timeout },
    );
  }
  return report.evaluate((el) => {
    const num = (node, name) => (node.hasAttribute(name) ? Number(node.getAttribute(name)) : null);
    return {
      events: num(el, 'data-events'),
      skipped: num(el, 'data-skipped'),
      files: [...el.querySelectorAll('[data-testid=file-report]')].map((f) => ({
        file: f.getAttribute('data-file'),
        format: f.getAttribute('data-format'),
        events: num(f, 'data-events'),
        skipped: num(f, 'data-skipped'),
        error: f.getAttribute('data-error'),
      })),
    };
  });
}

/** The attribute `name` of the first element matching `selector` (waits for it); null if absent. */
export async function attr(page, selector, name) {
  return page.locator(selector).first().getAttribute(name);
}

/** The `data-value` of a summary card (`card(page, 'events')`), as the string on the page. */
export async function card(page, metric) {
  return attr(page, `[data-testid=summary-card][data-metric="${metric}"]`, 'data-value');
}

/**
 * A large generated log (see crates/cli/src/generate.rs), made once with the release CLI and
 * kept under target/e2e/generated/. `format` is `portal` or `graph`. Returns its path.
 */
export function generated({ format = 'portal', records, seed = 1, users = 1000 }) {
  const dir = path.join(root, 'target', 'e2e', 'generated');
  const file = path.join(dir, `${format}-${records}r-${users}u-s${seed}.json`);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dir, { recursive: true });
    const partial = `${file}.partial`;
    execFileSync(
      'cargo',
      ['run', '--quiet', '--release', '-p', 'provlens-cli', '--', 'generate',
        '--format', format, '--records', String(records), '--seed', String(seed),
        '--users', String(users), '--out', partial],
      { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] },
    );
    fs.renameSync(partial, file);
  }
  return file;
}

/** A provisioning fixture of the core's golden tests: crates/core/tests/fixtures/provisioning/NAME. */
export function coreFixture(name) {
  const file = path.join(root, 'crates', 'core', 'tests', 'fixtures', 'provisioning', name);
  if (!fs.existsSync(file)) throw new Error(`no such fixture: ${path.relative(root, file)}`);
  return file;
}

/** A real Graph sample of the shared samples beside the repository: ../shared/samples/graph/NAME. */
export function sample(name) {
  const file = path.resolve(root, '..', 'shared', 'samples', 'graph', name);
  if (!fs.existsSync(file)) throw new Error(`no such sample: ${file}`);
  return file;
}

let cliBuilt = false;

/**
 * Runs the release CLI (`provlens ARGS...`, built once per run with
 * `cargo build --release -p provlens-cli`) and returns its stdout. The exit status 1 ("no file
 * could be read") still returns the output.
 */
export function provlens(args) {
  if (!cliBuilt) {
    execFileSync('cargo', ['build', '--quiet', '--release', '-p', 'provlens-cli'], {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    cliBuilt = true;
  }
  const bin = path.join(root, 'target', 'release', 'provlens');
  try {
    return execFileSync(bin, args, { cwd: root, encoding: 'utf8', maxBuffer: 256 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    if (err.status === 1 && err.stdout) return err.stdout;
    throw err;
  }
}

/** The CLI's `summary --json` of these files: the numbers the page must show. */
export function cliSummary(files) {
  return JSON.parse(provlens(['summary', '--json', ...files]));
}

/** The CLI's `timeline --json --identity TEXT` over these files. */
export function cliTimeline(identity, files) {
  return JSON.parse(provlens(['timeline', '--json', '--identity', identity, ...files]));
}

/** Every summary card's `data-value`, by metric. */
export async function cards(page) {
  return page.locator('[data-testid=summary-card]').evaluateAll((els) =>
    Object.fromEntries(els.map((el) => [el.getAttribute('data-metric'), el.getAttribute('data-value')])),
  );
}

/** The `data-event-id` of every rendered grid row, in order. */
export async function rowIds(page) {
  return page.locator('[data-testid=grid-row]').evaluateAll((els) => els.map((el) => el.getAttribute('data-event-id')));
}

/**
 * Waits until the grid shows the answer to the last sort, filter or search. The page asks its
 * reader (a Web Worker holding the log) and marks the grid `aria-busy="true"` until the answer's
 * rows are in; the page re-renders within the event that changed the query, so right after a
 * click or a `selectOption` the mark is already there.
 */
export async function gridSettled(page, timeout = 15_000) {
  await page.waitForFunction(
    () => document.querySelector('[data-testid=event-grid]')?.getAttribute('aria-busy') !== 'true',
    null,
    { timeout },
  );
}

/** The grid's `data-total-rows`, as a number. */
export async function totalRows(page) {
  return Number(await attr(page, '[data-testid=event-grid]', 'data-total-rows'));
}

/** The core's fixtures, one folder per format family: crates/core/tests/fixtures/<family>/. */
export const coreFixturesDir = path.join(root, 'crates', 'core', 'tests', 'fixtures');

/** The core's golden dumps: crates/core/tests/golden/<family or "samples">/<file>.txt. */
export const coreGoldenDir = path.join(root, 'crates', 'core', 'tests', 'golden');

/** The shared samples beside the repository, one folder per kind: ../shared/samples/<kind>/. */
export const samplesDir = path.resolve(root, '..', 'shared', 'samples');

/** A fixture of any family of the core's golden tests: crates/core/tests/fixtures/FAMILY/NAME. */
export function familyFixture(family, name) {
  const file = path.join(coreFixturesDir, family, name);
  if (!fs.existsSync(file)) throw new Error(`no such fixture: ${path.relative(root, file)}`);
  return file;
}

/** A shared sample of any kind (`graph`, `azure-monitor`, …): ../shared/samples/KIND/NAME. */
export function sampleOf(kind, name) {
  const file = path.join(samplesDir, kind, name);
  if (!fs.existsSync(file)) throw new Error(`no such sample: ${file}`);
  return file;
}
