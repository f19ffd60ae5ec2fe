// Journeys: controls and filters change the view and the address; the address reproduces the view;
// back and forward work; trends; team drill-down with links and reasons; "how is this computed".

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, newPage, ready, shot, cardValue } from './server.mjs';

let srv, browser;
before(async () => {
  srv = await serveDist();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await srv?.close();
});

const teamRows = (page) => page.locator('.teams-table tbody th.team-name').allInnerTexts();

test('filters and controls live in the address; back and forward restore them', async () => {
  const page = await newPage(browser);
  await page.goto(srv.url);
  await ready(page);
  const allTeams = await teamRows(page);
  assert.ok(allTeams.length >= 3);

  // The team tab picks the first team without trapping the back button.
  await page.getByRole('link', { name: 'Team detail' }).click();
  await page.waitForURL(/view=team/);
  await page.locator('#team-h').waitFor();
  await page.goBack();
  await page.waitForFunction(() => !location.search.includes('view=team'));
  await page.waitForFunction((n) => document.querySelectorAll('.teams-table tbody th.team-name').length === n, allTeams.length);


  // Range preset.
  await page.locator('.controls select').first().selectOption('30');
  await page.waitForURL(/days=30/);
  assert.match(await page.locator('.overview .caption').first().innerText(), /30 days/);

  // Bucket.
  await page.getByRole('button', { name: 'Month', exact: true }).click();
  await page.waitForURL(/bucket=month/);

  // Team filter through the multi-select.
  await page.locator('details.multi').first().locator('summary').click();
  await page.locator('details.multi').first().getByLabel(allTeams[0]).check();
  await page.waitForURL(/team=/);
  assert.deepEqual(await teamRows(page), [allTeams[0]]);
  assert.match(await page.locator('#overview-h').innerText(), /Selected teams/);
  const filtered = await cardValue(page, 'deployment_frequency');

  // Copying the address reproduces the view.
  const copy = await newPage(browser);
  await copy.goto(page.url());
  await ready(copy);
  assert.deepEqual(await teamRows(copy), [allTeams[0]]);
  assert.equal(await cardValue(copy, 'deployment_frequency'), filtered);
  assert.equal(await copy.getByRole('button', { name: 'Month', exact: true }).getAttribute('aria-pressed'), 'true');
  await copy.context().close();

  // Back: the filter goes; forward: it returns.
  await page.goBack();
  await page.waitForFunction((n) => document.querySelectorAll('.teams-table tbody th.team-name').length === n, allTeams.length);
  assert.doesNotMatch(page.url(), /team=/);
  await page.goForward();
  await page.waitForFunction(() => document.querySelectorAll('.teams-table tbody th.team-name').length === 1);
  assert.match(page.url(), /team=/);

  // Benchmark and time zone are in the address too.
  await page.locator('.controls select').filter({ hasText: 'DORA 2021' }).selectOption('2021');
  await page.waitForURL(/benchmark=2021/);
  await page.locator('.controls select').filter({ hasText: 'Europe/Berlin' }).selectOption('Europe/Berlin');
  await page.waitForURL(/tz=Europe\/Berlin/);
  await ready(page);
  assert.match(await page.locator('.overview .caption').first().innerText(), /Europe\/Berlin/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('trends: one chart per team on one scale, exact values on hover and focus, data tables', async () => {
  const page = await newPage(browser);
  await page.goto(srv.url + '?view=trends');
  await ready(page);
  await page.getByRole('button', { name: 'Lead time', exact: true }).click();
  await page.waitForURL(/metric=lead_time/);
  const teams = await page.locator('.multiples .multiple').count();
  assert.ok(teams >= 3, 'a chart per team');
  // Same scale: every small multiple has the same top tick.
  const tops = await page.locator('.multiples .chart-svg svg').evaluateAll((svgs) =>
    svgs.map((s) => [...s.querySelectorAll('text')].find((t) => t.getAttribute('text-anchor') === 'end' && /\d/.test(t.textContent))?.textContent.trim()));
  assert.equal(new Set(tops).size, 1, `one scale: ${tops}`);
  // A point is focusable and names its exact value.
  const point = page.locator('.multiples .pt').first();
  assert.equal(await point.getAttribute('tabindex'), '0');
  assert.match(await point.locator('title').textContent(), /week of .+: .+/);
  await point.focus();
  assert.equal(await point.locator('.tip').evaluate((e) => getComputedStyle(e).visibility), 'visible');
  // The data-table alternative.
  await page.locator('.multiples details.data-table summary').first().click();
  assert.ok(await page.locator('.multiples details.data-table tbody tr').first().isVisible());
  await shot(page, 'trends');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('team drill-down: deployments say why they failed, incidents how they are linked', async () => {
  const page = await newPage(browser);
  await page.goto(srv.url);
  await ready(page);
  const team = (await teamRows(page))[0];
  await page.locator('.teams-table th.team-name a').first().click();
  await page.waitForURL(/view=team/);
  assert.equal(await page.locator('#team-h').innerText(), team);
  assert.equal(await page.locator('.team .cards .metric-card').count(), 5);
  assert.equal(await page.locator('.team .multiples .chart-svg svg').count(), 5, 'one chart per metric');
  assert.ok((await page.locator('.team .chart-svg svg rect[opacity]').count()) > 0, 'tier bands are shaded');

  // Failed only: every row says why.
  await page.getByLabel('Failed only').check();
  const whys = await page.locator('#deployments-table tbody tr').allInnerTexts();
  assert.ok(whys.length > 0);
  for (const w of whys) assert.match(w, /failed\s+(flagged failed|incident |rolled back by |reverted by )/);

  // Incidents name their deployment and the kind of link; the link opens that deployment.
  const inc = await page.locator('#incidents-table tbody tr').first().innerText();
  assert.match(inc, /\b(id|sha|inferred|not linked)\b/);
  const linkBtn = page.locator('#incidents-table button.link-btn').first();
  const depId = await linkBtn.innerText();
  await linkBtn.click();
  assert.equal(await page.getByLabel('Filter deployments').inputValue(), depId);
  const rows = await page.locator('#deployments-table tbody tr').allInnerTexts();
  assert.ok(rows.some((r) => r.includes(depId)));

  // Sorting by lead time.
  await page.getByLabel('Filter deployments').fill('');
  await page.getByLabel('Failed only').uncheck();
  await page.locator('#deployments-table').getByRole('button', { name: /Lead time/ }).click();
  assert.equal(await page.locator('#deployments-table th[aria-sort="ascending"]').count(), 1);

  // How is this computed.
  await page.locator('.team .metric-card[data-metric="change_failure_rate"] .help-btn').click();
  const dialog = page.getByRole('dialog');
  assert.match(await dialog.innerText(), /How is change failure rate computed\?/);
  assert.match(await dialog.innerText(), /at most 5%/);
  await page.keyboard.press('Escape');
  assert.equal(await page.getByRole('dialog').count(), 0);
  await shot(page, 'team-detail');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('table orders, the drill-down searches and "failed only" are in the address, so a shared link keeps them', async () => {
  const page = await newPage(browser);
  await page.goto(srv.url);
  await ready(page);
  // Teams table: sort by lead time, then flip it.
  const header = page.locator('.teams-table thead th').filter({ hasText: 'Lead time' });
  await header.locator('button').click();
  await page.waitForURL(/sort=lead_time(&|$)/);
  await header.locator('button').click();
  await page.waitForURL(/sort=lead_time:desc/);
  assert.equal(await header.getAttribute('aria-sort'), 'descending');
  const sorted = await teamRows(page);

  // Drill-down: failed only, a search, and the incidents sorted by recovery.
  await page.locator('.teams-table th.team-name a').first().click();
  await page.waitForURL(/view=team/);
  await page.getByLabel('Failed only').check();
  await page.waitForURL(/failed_only=1/);
  const search = page.getByLabel('Filter deployments');
  await search.fill('rolled');
  await page.waitForURL(/deploy_q=rolled/);
  await page.locator('#incidents-table thead th').filter({ hasText: 'Recovery' }).locator('button').click();
  await page.waitForURL(/incident_sort=recovery/);
  const rows = await page.locator('#deployments-table tbody tr').allInnerTexts();
  const shared = page.url();
  // Typing is one history step: back leaves the team view's search in one go.
  assert.doesNotMatch(shared, /deploy_q=rolle(&|$)/);

  // The link opens the same view in a new tab.
  const other = await newPage(browser);
  await other.goto(shared);
  await ready(other);
  await other.locator('#deployments-table tbody tr').first().waitFor();
  assert.equal(await other.getByLabel('Filter deployments').inputValue(), 'rolled');
  assert.ok(await other.getByLabel('Failed only').isChecked());
  assert.deepEqual(await other.locator('#deployments-table tbody tr').allInnerTexts(), rows);
  assert.equal(
    await other.locator('#incidents-table thead th').filter({ hasText: 'Recovery' }).getAttribute('aria-sort'),
    'ascending',
  );
  await other.goto(shared.replace(/view=team&?/, '').replace(/team=[^&]*&?/, ''));
  await ready(other);
  assert.deepEqual(await teamRows(other), sorted, 'the teams table keeps its order');
  await shot(other, 'shared-table-orders');
});
