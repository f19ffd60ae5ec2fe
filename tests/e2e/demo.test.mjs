// Journey: a newcomer opens the dashboard (served under a sub-path) and sees the working
// dashboard with the demo data; the numbers equal the CLI's report for the same data and range.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { serveDist, launch, newPage, ready, shot, cardValue, ROOT } from './server.mjs';
import { doralens, hours, percent, perWeek } from './fixtures.mjs';

let srv, browser;
before(async () => {
  srv = await serveDist({ base: '/tools/dora/' });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await srv?.close();
});

/** The CLI's report JSON for the demo data (`doralens report`), for the same range. */
function cliReport(extra = []) {
  const demo = (f) => join(ROOT, 'public', 'demo', f);
  return JSON.parse(doralens(['report', '--deploys', demo('deployments.csv'), '--incidents', demo('incidents.csv'),
    '--teams', demo('teams.csv'), '--format', 'json', ...extra]));
}

const dayAdd = (d, n) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86400000).toISOString().slice(0, 10);

test('the first screen is the dashboard with the demo data, and its numbers match the CLI', async () => {
  const page = await newPage(browser);
  await page.goto(srv.url);
  await ready(page);
  // It says clearly that this is demo data, with a way to load your own.
  const banner = page.locator('.demo-banner');
  await assert.doesNotReject(banner.waitFor());
  assert.match(await banner.innerText(), /demo data/i);
  assert.ok(await page.getByRole('button', { name: 'Load your own data' }).isVisible());

  // The default range: the last 90 days ending on the newest event's day.
  const all = cliReport();
  const to = all.range.to;
  const from = dayAdd(to, -90);
  const r = cliReport(['--from', from, '--to', to]);
  const n = r.overall;
  assert.equal(await cardValue(page, 'deployment_frequency'), perWeek(n.deploys_per_week));
  assert.equal(await cardValue(page, 'lead_time'), hours(n.lead_time.median_hours));
  assert.equal(await cardValue(page, 'change_failure_rate'), percent(n.change_failure_rate.rate));
  assert.equal(await cardValue(page, 'recovery_time'), hours(n.recovery_time.median_hours));
  assert.equal(await cardValue(page, 'rework_rate'), percent(n.rework_rate.rate));
  const tier = await page.locator('.metric-card[data-metric="lead_time"] .tier').innerText();
  assert.equal(tier.toLowerCase(), n.lead_time.tier ?? 'no tier');

  // Every team of the report is a row of the teams table.
  const rows = await page.locator('.teams-table tbody th.team-name').allInnerTexts();
  assert.deepEqual(rows, r.teams.map((t) => t.team));

  // Charts are SVG with an accessible title.
  const spark = page.locator('.metric-card .spark-wrap svg').first();
  assert.equal(await spark.getAttribute('role'), 'img');
  assert.ok((await spark.locator('title').textContent()).length > 5);

  await shot(page, 'overview-desktop');
  assert.deepEqual(page.errors, [], 'no console errors (CSP violations included)');
  await page.context().close();
});

test('explicit from/to in the URL give the same numbers as the CLI for that range', async () => {
  const page = await newPage(browser);
  await page.goto(`${srv.url}?from=2026-06-01&to=2026-09-01&bucket=month`);
  await ready(page);
  const r = cliReport(['--from', '2026-06-01', '--to', '2026-09-01']);
  assert.equal(await cardValue(page, 'deployment_frequency'), perWeek(r.overall.deploys_per_week));
  assert.equal(await cardValue(page, 'change_failure_rate'), percent(r.overall.change_failure_rate.rate));
  assert.match(await page.locator('.overview .caption').first().innerText(), /1 Jun – 31 Aug 2026/);
  await page.context().close();
});

test('the file list shows each file with its detected format, rows imported and skipped', async () => {
  const page = await newPage(browser);
  await page.goto(srv.url);
  await ready(page);
  await page.getByRole('button', { name: /^Data/ }).click();
  const files = page.locator('li.file');
  assert.equal(await files.count(), 3);
  const first = await files.first().innerText();
  assert.match(first, /deployments\.csv/);
  assert.match(first, /Canonical CSV/);
  assert.match(first, /imported/);
  // Skipped rows expand to file:line positions.
  const skipped = files.first().locator('details.skipped');
  if (await skipped.count()) {
    await skipped.locator('summary').click();
    assert.match(await skipped.innerText(), /deployments\.csv:\d+/);
  }
  await shot(page, 'data-panel');
  await page.context().close();
});
