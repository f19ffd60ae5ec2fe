// Journeys: the one-file HTML report and the SVG chart files, opened from disk in Chromium as a
// mail attachment or a file share would be (desktop, dark, print, projector screenshots into
// tests/e2e/screenshots/), the SVGs as images in an <img>; and the dashboard's "Download report
// (HTML)", the same document as `doralens report --format html` for the same range and notes.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SHOTS, serveDist, launch, newPage, ready } from './server.mjs';
import { doralens, smallData, EVIL } from './fixtures.mjs';

const NOTE = '2026-08-03=Moved to trunk-based development';
const NOTE2 = '2026-10-12=New on-call <rota> & "pager"';
const DEMO = ['--deploys', 'public/demo/deployments.csv', '--incidents', 'public/demo/incidents.csv', '--teams', 'public/demo/teams.csv'];

let dir, browser;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'doralens-report-'));
  doralens(['report', ...DEMO, '--from', '2026-07-27', '--format', 'html', '--output', join(dir, 'report.html'), '--note', NOTE, '--note', NOTE2]);
  doralens(['report', ...DEMO, '--from', '2026-07-27', '--charts', join(dir, 'charts'), '--note', NOTE]);
  await mkdir(SHOTS, { recursive: true });
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Opens the report from disk; every request it makes is recorded. */
async function openReport(options = {}) {
  const page = await newPage(browser, options);
  page.requests = [];
  page.on('request', (r) => page.requests.push(r.url()));
  await page.goto(pathToFileURL(join(dir, 'report.html')).href);
  await page.waitForLoadState('load');
  return page;
}

test('the HTML report opens from disk: no script, no request, every section and chart', async () => {
  const page = await openReport();
  assert.deepEqual(page.requests.filter((u) => !u.startsWith('file:')), [], 'no external request');
  assert.equal(await page.evaluate(() => document.scripts.length), 0, 'no script');
  assert.equal(await page.locator('h1').innerText(), 'DORA metrics');
  const caption = await page.locator('.doc-head .range').innerText();
  assert.match(caption, /27 Jul – 20 Nov 2026 · 117 days · UTC · compared with .* · DORA 2023 benchmark/);
  assert.equal(await page.locator('#overview .metric-card').count(), 5);
  assert.equal(await page.locator('#teams tbody tr').count(), 6);
  assert.equal(await page.locator('section.trends').count(), 5);
  assert.equal(await page.locator('section.trends svg.chart').count(), 35);
  const notes = await page.locator('#notes li').allInnerTexts();
  assert.deepEqual(notes, ['3 Aug 2026 Moved to trunk-based development', '12 Oct 2026 New on-call <rota> & "pager"']);
  // Every chart wider than it is tall and drawn (nonzero boxes), the notes' markers on them.
  const boxes = await page.locator('section.trends svg.chart').evaluateAll((svgs) =>
    svgs.map((s) => s.getBoundingClientRect()).map((r) => [r.width, r.height]),
  );
  assert.ok(boxes.every(([w, h]) => w > 200 && h > 80), JSON.stringify(boxes.slice(0, 3)));
  assert.equal(await page.locator('#trend-lead_time svg.chart').first().locator('text', { hasText: 'Moved to trunk' }).count(), 1);
  assert.deepEqual(page.errors, []);
  await page.screenshot({ path: join(SHOTS, 'report-html-desktop.png'), fullPage: false });
  await page.locator('#trend-deployment_frequency').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SHOTS, 'report-html-trends.png'), fullPage: false });
  await page.context().close();
});

test('dark scheme: the page and its charts turn dark', async () => {
  const page = await openReport({ colorScheme: 'dark' });
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(bg, 'rgb(14, 18, 23)');
  // A chart's white background rectangle is drawn in the dark palette's background.
  const chartBg = await page.locator('#trend-lead_time svg.chart rect[fill="#ffffff"]').first().evaluate((r) => getComputedStyle(r).fill);
  assert.equal(chartBg, 'rgb(23, 28, 36)');
  await page.screenshot({ path: join(SHOTS, 'report-html-dark.png'), fullPage: false });
  await page.locator('#trend-lead_time').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SHOTS, 'report-html-dark-trends.png'), fullPage: false });
  await page.context().close();
});

test('print: light, a section a page', async () => {
  const page = await openReport({ colorScheme: 'dark' });
  await page.emulateMedia({ media: 'print' });
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(bg, 'rgb(255, 255, 255)', 'print is light even in a dark scheme');
  const breaks = await page.locator('section.page').evaluateAll((s) => s.map((e) => getComputedStyle(e).breakBefore));
  assert.deepEqual(breaks, ['auto', 'page', 'page', 'page', 'page', 'page', 'page', 'page']);
  await page.screenshot({ path: join(SHOTS, 'report-html-print.png'), fullPage: true });
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
  assert.ok(pages >= 8, `a page per section at least: ${pages}`);
  writeFileSync(join(SHOTS, 'report-html.pdf'), pdf);
  await page.context().close();
});

test('projector: 1920×1080, larger type', async () => {
  const page = await openReport({ viewport: { width: 1920, height: 1080 } });
  const size = await page.evaluate(() => getComputedStyle(document.body).fontSize);
  assert.equal(size, '18px');
  await page.screenshot({ path: join(SHOTS, 'report-html-projector.png'), fullPage: false });
  await page.context().close();
});

test('the SVG files open as images with their size', async () => {
  const charts = join(dir, 'charts');
  const files = readdirSync(charts).filter((f) => f.endsWith('.svg'));
  assert.equal(files.length, 35);
  const gallery = files.map((f) => `<figure><img src="${f}" alt=""><figcaption>${f}</figcaption></figure>`).join('\n');
  writeFileSync(
    join(charts, 'gallery.html'),
    `<!DOCTYPE html><meta charset="utf-8"><style>body{font:12px sans-serif;display:grid;grid-template-columns:repeat(3,1fr);gap:8px;background:#0e1217;color:#eee}img{width:100%}</style>${gallery}`,
  );
  const page = await newPage(browser);
  await page.goto(pathToFileURL(join(charts, 'gallery.html')).href);
  await page.waitForFunction(() => [...document.images].every((i) => i.complete));
  const sizes = await page.evaluate(() => [...document.images].map((i) => [i.getAttribute('src'), i.naturalWidth, i.naturalHeight]));
  for (const [src, w, h] of sizes) assert.ok(w > 0 && h > 0, `${src}: ${w}×${h}`);
  const overall = sizes.find(([s]) => s === 'overall-lead_time.svg');
  assert.deepEqual(overall.slice(1), [960, 260]);
  await page.screenshot({ path: join(SHOTS, 'report-svg-images.png'), fullPage: false });
  const readme = readFileSync(join(charts, 'README.md'), 'utf8');
  assert.ok(files.every((f) => readme.includes(`](${f})`)), 'README.md shows every chart');
  await page.context().close();
});

test('the dashboard downloads the same HTML report as the CLI', async () => {
  const srv = await serveDist();
  try {
    const data = smallData();
    const page = await newPage(browser);
    const note = '2025-03-12=Moved to trunk-based development';
    // The note is marked on the dashboard's trend charts too.
    await page.goto(`${srv.url}?from=${data.range.from}&to=${data.range.to}&view=trends&note=${encodeURIComponent(note)}`);
    await ready(page);
    await page.setInputFiles('#file-input', [
      { name: 'deployments.csv', mimeType: 'text/csv', buffer: Buffer.from(data.deployments) },
      { name: 'incidents.csv', mimeType: 'text/csv', buffer: Buffer.from(data.incidents) },
    ]);
    await page.waitForFunction(() => !document.querySelector('.demo-banner'));
    await ready(page);
    assert.ok((await page.locator('.chart-svg svg text', { hasText: 'Moved to trunk' }).count()) >= 1, 'the note on the trends');
    await page.locator('details.menu summary').click();
    const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download report (HTML)' }).click()]);
    assert.match(d.suggestedFilename(), /^dora-report_2025-03-03_2025-03-30\.html$/);
    const html = readFileSync(await d.path(), 'utf8');
    assert.ok(html.startsWith('<!DOCTYPE html>'));
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;') && !html.includes(EVIL), 'names escaped');

    const tmp = mkdtempSync(join(tmpdir(), 'doralens-dl-'));
    writeFileSync(join(tmp, 'deployments.csv'), data.deployments);
    writeFileSync(join(tmp, 'incidents.csv'), data.incidents);
    const cli = doralens([
      'report', '--deploys', join(tmp, 'deployments.csv'), '--incidents', join(tmp, 'incidents.csv'),
      '--from', data.range.from, '--to', data.range.to, '--format', 'html', '--note', note,
    ]);
    // The CLI also lists each file's warnings (the row it could not read); the rest is one document.
    const body = (s) => s.replace(/<section class="page" id="warnings"[\s\S]*?<\/section>\n/, '');
    assert.equal(body(html), body(cli));
    await page.context().close();
  } finally {
    await srv.close();
  }
});
