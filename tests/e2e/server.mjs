// Tiny static servers for the end-to-end journeys and the benchmark.
//
// - serveDist(): serves dist/ under a sub-path (default /tools/dora/) on 127.0.0.1 with an
//   ephemeral port, like any static host. It sends Access-Control-Allow-Origin: * as GitHub Pages
//   does, which a sandboxed iframe without allow-same-origin needs for module scripts and wasm.
// - serveData(files): a second origin with data files: /cors/<name> sends CORS headers,
//   /nocors/<name> does not, anything else is a 404.
// - launch(): Chromium from Debian (/usr/bin/chromium), headless, never downloaded.

import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { join, extname, normalize, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = normalize(join(dirname(fileURLToPath(import.meta.url)), '..', '..'));
// DORALENS_DIST: another build's folder (say, one built with every cargo feature).
export const DIST = process.env.DORALENS_DIST || join(ROOT, 'dist');
export const SHOTS = join(ROOT, 'tests', 'e2e', 'screenshots');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.md': 'text/markdown; charset=utf-8',
};

function listen(handler) {
  return new Promise((resolve) => {
    const server = createServer(handler);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ server, port, origin: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

/** Serves `dir` under `base` (e.g. "/tools/dora/"). Returns { url, origin, close }. */
export async function serveDist({ dir = DIST, base = '/tools/dora/' } = {}) {
  const s = await listen(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (!path.startsWith(base)) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      return res.end('not under the sub-path');
    }
    let rel = path.slice(base.length) || 'index.html';
    if (rel.endsWith('/')) rel += 'index.html';
    const file = normalize(join(dir, rel));
    if (!file.startsWith(dir)) {
      res.writeHead(403);
      return res.end();
    }
    try {
      const st = await stat(file);
      if (!st.isFile()) throw new Error('not a file');
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] || 'application/octet-stream',
        'access-control-allow-origin': '*',
        'cache-control': 'no-store',
      });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain', 'access-control-allow-origin': '*' });
      res.end('not found');
    }
  });
  return { ...s, url: `${s.origin}${base}` };
}

/** Serves in-memory files: /cors/<name> with CORS, /nocors/<name> without, else 404. */
export async function serveData(files) {
  return listen((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const m = path.match(/^\/(cors|nocors)\/(.+)$/);
    const body = m && files[decodeURIComponent(m[2])];
    if (!body) {
      res.writeHead(404, { 'content-type': 'text/plain', 'access-control-allow-origin': '*' });
      return res.end('no such file');
    }
    const headers = { 'content-type': TYPES[extname(m[2])] || 'text/plain' };
    if (m[1] === 'cors') headers['access-control-allow-origin'] = '*';
    res.writeHead(200, headers);
    res.end(body);
  });
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export async function launch() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** A page that fails the test on console errors and uncaught exceptions (collected, not thrown). */
export async function newPage(browser, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true, ...options });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') page.errors.push(m.text());
  });
  return page;
}

/** Waits until the dashboard has data and no load is running. */
export async function ready(page, timeout = 30000) {
  await page.waitForFunction(() => document.documentElement.dataset.state === 'ready', null, { timeout });
}

export async function shot(page, name) {
  const { mkdir } = await import('node:fs/promises');
  await mkdir(SHOTS, { recursive: true });
  // The main area fades back in (0.2 s) after a load: shoot the settled page.
  await page.waitForFunction(() => {
    const main = document.querySelector('main');
    return !main || getComputedStyle(main).opacity === '1';
  });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false });
}

/** The text of a metric card's value (e.g. "lead_time"). */
export async function cardValue(page, metric, scope = 'body') {
  return page.locator(`${scope} .metric-card[data-metric="${metric}"] .value`).first().innerText();
}
