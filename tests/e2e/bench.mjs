// Browser benchmark (not a test): loads a 1,000,000-deployment + 100,000-incident canonical CSV
// export into the release build through the file input and prints
//   - the time from the files being chosen to the dashboard rendered with them,
//   - the longest the page went without painting a frame meanwhile, and the long tasks (over 50 ms),
//   - the time for a filter change (a team), a bucket change and a switch to the trends view (a
//     chart per team) and back, to the next painted frame,
//   - the wasm memory's high-water mark (a wasm memory only grows: its size at the end),
//   - the gzip size of the shipped wasm + js,
//   - and beside it the peer: DuckDB-WASM in the same Chromium running the same work
//     (scripts/bench/peer.sql) on the same bytes, best of two, and the ratio (tests/e2e/duckdb-peer.mjs).
//
//   cargo run --profile cli --example gen -- bench bench-data/1000000-shuffled
//   PATH="$PWD/tests/e2e/node_modules/.bin:$PATH" trunk build --release --offline
//   node tests/e2e/bench.mjs [bench-data/1000000-shuffled]

import { readFile, readdir, stat } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { join, resolve } from 'node:path';
import { serveDist, launch, newPage, ready, DIST, ROOT } from './server.mjs';
import { duckdbPeer } from './duckdb-peer.mjs';

const dir = resolve(process.argv[2] || join(ROOT, 'bench-data', '1000000-shuffled'));
const files = ['deployments.csv', 'incidents.csv'].map((f) => join(dir, f));
for (const f of files) {
  try {
    await stat(f);
  } catch {
    console.error(`missing ${f}: run \`cargo run --profile cli --example gen -- bench bench-data/1000000-shuffled\` first`);
    process.exit(2);
  }
}

const srv = await serveDist();
const browser = await launch();
const page = await newPage(browser);
// Trunk's start-up script announces the wasm instance; its memory is read at the end.
await page.addInitScript(() => addEventListener('TrunkApplicationStarted', (e) => { window.__wasm = e.detail && e.detail.wasm; }));
await page.goto(srv.url);
await ready(page);

// Watch frames: the longest gap between two painted frames is the longest freeze.
await page.evaluate(() => {
  window.__bench = { maxGap: 0, frames: 0, chosen: 0, gaps: [] };
  let last = performance.now();
  const tick = (t) => {
    window.__bench.maxGap = Math.max(window.__bench.maxGap, t - last);
    window.__bench.gaps.push(t - last);
    window.__bench.frames += 1;
    last = t;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  window.__bench.long = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__bench.long.push([e.startTime, e.duration]);
  }).observe({ type: 'longtask', buffered: false });
  document.getElementById('file-input').addEventListener('change', () => {
    window.__bench.chosen = performance.now();
    window.__bench.maxGap = 0;
    window.__bench.gaps = [];
    window.__bench.long = [];
  }, { capture: true });
});

const sizes = [];
for (const f of files) sizes.push((await stat(f)).size);
console.log(`loading ${files.length} files, ${(sizes.reduce((a, b) => a + b, 0) / 1e6).toFixed(1)} MB …`);
await page.setInputFiles('#file-input', files);
await page.waitForFunction(() => !document.querySelector('.demo-banner'), null, { timeout: 600000 });
await ready(page, 600000);
await page.locator('.teams-table tbody tr').first().waitFor({ timeout: 600000 });
const load = await page.evaluate(async () => {
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r)));
  const b = window.__bench;
  const gaps = b.gaps;
  return {
    ms: performance.now() - b.chosen,
    maxGap: b.maxGap,
    long: b.long.map(([t, d]) => [t - b.chosen, d]),
    frames: gaps.length,
    over: [20, 34, 50].map((limit) => gaps.filter((g) => g > limit).length),
  };
});
const detail = await page.locator('.metric-card[data-metric="deployment_frequency"] .detail').innerText();
const timing = await page.locator('.footer .timing').innerText();

async function change(action) {
  return page.evaluate(async (action) => {
    const t = performance.now();
    if (action === 'bucket') {
      [...document.querySelectorAll('.controls .segmented button')].find((b) => b.textContent.trim() === 'Month').click();
    } else {
      const box = document.querySelector('#multi-teams input[type=checkbox]');
      box.checked = !box.checked;
      box.dispatchEvent(new Event('change', { bubbles: true }));
    }
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r)));
    return performance.now() - t;
  }, action);
}
// A view change: the trends view draws a chart per team (fifty here).
async function view(name) {
  return page.evaluate(async (name) => {
    const t = performance.now();
    [...document.querySelectorAll('nav a, nav button')].find((b) => b.textContent.trim() === name).click();
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r)));
    return performance.now() - t;
  }, name);
}
await page.evaluate(() => { window.__bench.long = []; });
const trends = await view('Trends');
// The rest of the charts come a batch per paint: wait for them, and for any long task meanwhile.
await page.waitForFunction(() => {
  const n = document.querySelectorAll('.multiples .multiple').length;
  const prev = window.__charts;
  window.__charts = n;
  return n > 0 && n === prev;
}, null, { polling: 200, timeout: 60000 });
const charts = await page.locator('.multiples .multiple').count();
const trendsLong = await page.evaluate(() => window.__bench.long.map(([, d]) => d).filter((d) => d > 50));
await page.evaluate(() => { window.__bench.long = []; });
const team = await view('Team detail');
await page.waitForTimeout(1000);
const teamLong = await page.evaluate(() => window.__bench.long.map(([, d]) => d).filter((d) => d > 50));
const back = await view('Overview');
await page.locator('#multi-teams summary').click();
const filter = await change('team');
const filterTiming = await page.locator('.footer .timing').innerText();
const bucket = await change('bucket');

const wasmMemory = await page.evaluate(() => (window.__wasm && window.__wasm.memory ? window.__wasm.memory.buffer.byteLength : 0));

let gz = 0;
let raw = 0;
for (const f of await readdir(DIST)) {
  if (!/\.(wasm|js)$/.test(f)) continue;
  const b = await readFile(join(DIST, f));
  raw += b.length;
  gz += gzipSync(b, { level: 9 }).length;
}

console.log(`dashboard data:              ${detail}`);
console.log(`files chosen → dashboard:    ${(load.ms / 1000).toFixed(2)} s   (${timing})`);
console.log(`longest frame gap meanwhile: ${(load.maxGap / 1000).toFixed(2)} s`);
console.log(`frames painted meanwhile:    ${load.frames}; gaps over 20 / 34 / 50 ms: ${load.over.join(' / ')}`);
const over50 = load.long.filter(([, d]) => d > 50);
const longest = [...over50].sort((a, b) => b[1] - a[1]).slice(0, 4);
console.log(`tasks over 50 ms meanwhile:  ${over50.length}, ${over50.reduce((a, [, d]) => a + d, 0).toFixed(0)} ms in all${
  longest.length ? '; longest: ' + longest.map(([t, d]) => `${d.toFixed(0)} ms at ${(t / 1000).toFixed(2)} s`).join(', ') : ''}`);
console.log(`filter change (one team):    ${filter.toFixed(0)} ms   (${filterTiming})`);
console.log(`bucket change (month):       ${bucket.toFixed(0)} ms`);
console.log(`view change (trends):        ${trends.toFixed(0)} ms to the first charts; ${charts} team charts in all, tasks over 50 ms meanwhile: ${
  trendsLong.length ? trendsLong.map((d) => d.toFixed(0) + ' ms').join(', ') : 'none'}; back to overview ${back.toFixed(0)} ms`);
console.log(`view change (team detail):   ${team.toFixed(0)} ms; tasks over 50 ms within a second: ${
  teamLong.length ? teamLong.map((d) => d.toFixed(0) + ' ms').join(', ') : 'none'}`);
console.log(`wasm + js:                   ${(raw / 1024).toFixed(0)} KB raw, ${(gz / 1024).toFixed(0)} KB gzip`);
console.log(`wasm memory high-water mark: ${wasmMemory ? (wasmMemory / 1048576).toFixed(0) + ' MB' : 'not readable'}`);
if (page.errors.length) console.log('page errors:', page.errors);
await page.close();

const peer = await duckdbPeer(browser, files[0], files[1], 2);
const best = Math.min(...peer.times);
console.log(`DuckDB-WASM ${peer.version} (EH bundle, one thread), same SQL, same bytes: ${peer.times.map((t) => (t / 1000).toFixed(2) + ' s').join(', ')}; counted ${JSON.stringify(peer.counted)}`);
console.log(`ratio dashboard / DuckDB-WASM:  ${(load.ms / best).toFixed(2)}  (files chosen → dashboard ${(load.ms / 1000).toFixed(2)} s vs ${(best / 1000).toFixed(2)} s)`);
if (peer.errors) console.log('peer page errors:', peer.errors);
await browser.close();
await srv.close();
