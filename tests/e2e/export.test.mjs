// Journeys: exports downloaded and checked (CSV, JSON, Markdown, chart SVG and PNG), and static
// hosting under any sub-path with relative URLs and a strict Content-Security-Policy.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { serveDist, launch, newPage, ready, DIST } from './server.mjs';
import { cliReport, smallData, EVIL } from './fixtures.mjs';

let srv, browser;
before(async () => {
  srv = await serveDist();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await srv?.close();
});

async function download(page, click) {
  const [d] = await Promise.all([page.waitForEvent('download'), click()]);
  const path = await d.path();
  return { name: d.suggestedFilename(), bytes: await readFile(path) };
}

async function exportMenu(page, label) {
  await page.locator('details.menu summary').click();
  return download(page, () => page.getByRole('button', { name: label }).click());
}

test('the summary downloads as CSV, JSON (the report format) and Markdown', async () => {
  const data = smallData();
  const page = await newPage(browser);
  await page.goto(`${srv.url}?from=${data.range.from}&to=${data.range.to}`);
  await ready(page);
  await page.setInputFiles('#file-input', [
    { name: 'deployments.csv', mimeType: 'text/csv', buffer: Buffer.from(data.deployments) },
    { name: 'incidents.csv', mimeType: 'text/csv', buffer: Buffer.from(data.incidents) },
  ]);
  await page.waitForFunction(() => !document.querySelector('.demo-banner'));
  await ready(page);

  const json = await exportMenu(page, 'Report as JSON');
  assert.match(json.name, /^dora-report_2025-03-03_2025-03-30\.json$/);
  const report = JSON.parse(json.bytes.toString());
  const cli = cliReport({ deployments: data.deployments, incidents: data.incidents }, ['--from', data.range.from, '--to', data.range.to]);
  assert.deepEqual(report.overall, cli.overall, 'the same report as the CLI');
  assert.deepEqual(report.teams.map((t) => t.team), cli.teams.map((t) => t.team));

  const csv = (await exportMenu(page, 'Summary as CSV')).bytes.toString();
  assert.match(csv.split('\n')[0], /^team,from,to,tz,deployments,/);
  assert.match(csv, /\nall,2025-03-03,2025-03-31,UTC,28,/);
  assert.ok(csv.includes(EVIL), 'names are data in CSV');

  const md = (await exportMenu(page, 'Markdown table (wiki)')).bytes.toString();
  assert.match(md, /^## DORA metrics, 2025-03-03 to 2025-03-31/);
  assert.match(md, /\| \*\*All teams\*\* \|/);
  assert.ok(md.includes('\\<img src=x onerror=alert(1)\\>'), 'markup in names is escaped in Markdown');
  await page.context().close();
});

test('each chart downloads as SVG and PNG', async () => {
  const page = await newPage(browser);
  await page.goto(srv.url + '?view=trends&metric=recovery_time');
  await ready(page);
  const fig = page.locator('.wide-chart');
  const svg = await download(page, () => fig.getByRole('button', { name: 'SVG' }).click());
  assert.match(svg.name, /^dora-recovery_time-all_\d{4}-\d\d-\d\d_\d{4}-\d\d-\d\d\.svg$/);
  const text = svg.bytes.toString();
  assert.ok(text.startsWith('<svg'), 'an SVG document');
  assert.match(text, /xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.match(text, /<title id="[^"]+">Failed deployment recovery time — all selected teams<\/title>/);
  const png = await download(page, () => fig.getByRole('button', { name: 'PNG' }).click());
  assert.match(png.name, /\.png$/);
  assert.deepEqual([...png.bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG file');
  assert.ok(png.bytes.length > 5000, 'with a drawing in it');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('dist/ works under any sub-path, fetches nothing outside it, and has no inline script', async () => {
  const html = await readFile(join(DIST, 'index.html'), 'utf8');
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="[^"]*script-src 'self' 'wasm-unsafe-eval'/);
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline <script>');
  assert.doesNotMatch(html, /(href|src)="\//, 'no root-relative URLs');
  const init = (await readdir(DIST)).find((f) => /^init-[0-9a-f]+\.js$/.test(f));
  assert.ok(init, 'the start-up script is a file');
  assert.match(html, new RegExp(`<script type="module" src="\\./${init}"></script>`));

  for (const base of ['/tools/dora/', '/a/deeper/path/to/the/dashboard/']) {
    const s = await serveDist({ base });
    const page = await newPage(browser);
    const outside = [];
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.origin === s.origin && !u.pathname.startsWith(base)) outside.push(u.pathname);
    });
    await page.goto(s.url);
    await ready(page);
    assert.ok((await page.locator('.metric-card').count()) === 5, `dashboard at ${base}`);
    assert.deepEqual(outside, [], 'every request stays under the sub-path');
    assert.deepEqual(page.errors, []);
    await page.context().close();
    await s.close();
  }
});
