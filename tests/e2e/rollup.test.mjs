// Journey: a rollup (docs/rollup.md) dropped on the dashboard shows the numbers of the raw files it
// was computed from; what needs the raw data says so. In a build without the `rollup-view`
// feature (the shipped site this round), the rollup is refused as a file of no known format.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, newPage, ready, shot } from './server.mjs';
import { cliOutput, smallData, EVIL } from './fixtures.mjs';

let srv, browser;
const data = smallData();
const range = ['--from', data.range.from, '--to', data.range.to];

before(async () => {
  srv = await serveDist();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await srv?.close();
});

/** What the overview and the trends view show: cards, the teams table, the trend charts (as HTML). */
async function shown(page) {
  const cards = await page.locator('.cards .metric-card').allInnerTexts();
  const teams = await page.locator('.teams-table').innerText();
  const overview = await page.locator('main').innerHTML();
  await page.getByRole('link', { name: 'Trends', exact: true }).click();
  await page.waitForFunction(() => document.querySelectorAll('.multiples .multiple svg').length === 2);
  const trends = await page.locator('main').innerHTML();
  await page.getByRole('link', { name: 'Overview', exact: true }).click();
  await page.locator('.teams-table').waitFor();
  return { cards, teams, overview, trends };
}

test('a dropped rollup shows the numbers of the raw files it was computed from', async (t) => {
  const rollup = cliOutput(data, 'rollup', range);
  const raw = await newPage(browser);
  await raw.goto(`${srv.url}?from=${data.range.from}&to=${data.range.to}`);
  await ready(raw);
  await raw.setInputFiles('#file-input', [
    { name: 'deployments.csv', mimeType: 'text/csv', buffer: Buffer.from(data.deployments) },
    { name: 'incidents.csv', mimeType: 'text/csv', buffer: Buffer.from(data.incidents) },
    { name: 'teams.csv', mimeType: 'text/csv', buffer: Buffer.from(data.teams) },
  ]);
  await raw.waitForFunction(() => !document.querySelector('.demo-banner'));
  await ready(raw);
  const want = await shown(raw);
  await raw.context().close();

  // The same address (its range is the rollup's; the team links carry it).
  const page = await newPage(browser);
  await page.goto(`${srv.url}?from=${data.range.from}&to=${data.range.to}`);
  await ready(page);
  await page.setInputFiles('#file-input', [{ name: 'rollup.csv', mimeType: 'text/csv', buffer: Buffer.from(rollup) }]);
  await page.waitForFunction(() => !document.querySelector('.demo-banner'));
  await ready(page);
  const error = page.locator('.file-error.banner');
  if (await error.count()) {
    // Without the rollup-view feature: the rollup is not read as records.
    assert.match(await error.innerText(), /rollup\.csv is not a recognised format/);
    t.skip('this build has no rollup-view feature');
    await page.context().close();
    return;
  }
  const got = await shown(page);
  assert.deepEqual(got.cards, want.cards, 'the cards');
  assert.equal(got.teams, want.teams, 'the teams table');
  assert.equal(got.overview, want.overview, 'the overview, element for element');
  assert.equal(got.trends, want.trends, 'the trends view, chart for chart');

  // Where the view came from, and the controls that need the raw data.
  const note = await page.locator('[data-rollup]').innerText();
  assert.match(note, /^Computed from the rollup rollup\.csv \(doralens \d+\.\d+\.\d+\)\./);
  assert.match(note, /needs the raw data/);
  assert.equal(await page.locator('.controls select').count(), 0, 'no control that would do nothing');
  await page.getByRole('button', { name: /^Data/ }).click();
  assert.match(await page.locator('li.file').innerText(), /rollup\.csv[\s\S]*computed from the rollup rollup\.csv/);
  await shot(page, 'rollup');

  // A team: its numbers, and its drill-down needs the raw data.
  await page.locator('.teams-table th.team-name').filter({ hasText: EVIL }).locator('a').click();
  await page.locator('#team-h').waitFor();
  assert.equal(await page.locator('#team-h').innerText(), EVIL);
  assert.match(await page.locator('[data-needs-raw]').innerText(), /needs the raw data/);
  assert.equal(await page.locator('main img').count(), 0);
  await shot(page, 'rollup-team');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
