// Journeys: loading your own files (file picker, drag and drop, paste), the file list, and a team
// whose name is markup staying inert everywhere.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, newPage, ready, shot, cardValue } from './server.mjs';
import { smallData, cliReport, EVIL, perWeek, percent, hours } from './fixtures.mjs';

let srv, browser;
const data = smallData();
const range = `?from=${data.range.from}&to=${data.range.to}`;

before(async () => {
  srv = await serveDist();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await srv?.close();
});

async function watchDialogs(page) {
  const dialogs = [];
  page.on('dialog', async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  return dialogs;
}

test('choosing files replaces the demo, lists them, and computes the CLI numbers', async () => {
  const page = await newPage(browser);
  const dialogs = await watchDialogs(page);
  await page.goto(srv.url + range);
  await ready(page);
  await page.setInputFiles('#file-input', [
    { name: 'deployments.csv', mimeType: 'text/csv', buffer: Buffer.from(data.deployments) },
    { name: 'incidents.csv', mimeType: 'text/csv', buffer: Buffer.from(data.incidents) },
    { name: 'teams.csv', mimeType: 'text/csv', buffer: Buffer.from(data.teams) },
  ]);
  await page.waitForFunction(() => !document.querySelector('.demo-banner'));
  await ready(page);

  const r = cliReport(data, ['--from', data.range.from, '--to', data.range.to]);
  assert.equal(await cardValue(page, 'deployment_frequency'), perWeek(r.overall.deploys_per_week));
  assert.equal(await cardValue(page, 'change_failure_rate'), percent(r.overall.change_failure_rate.rate));
  assert.equal(await cardValue(page, 'lead_time'), hours(r.overall.lead_time.median_hours));
  assert.equal(await cardValue(page, 'recovery_time'), hours(r.overall.recovery_time.median_hours));

  // The file list: format, reason, rows imported and skipped with file:line:column.
  await page.getByRole('button', { name: /^Data/ }).click();
  const files = page.locator('li.file');
  assert.equal(await files.count(), 3);
  const dep = files.filter({ hasText: 'deployments.csv' });
  const text = await dep.innerText();
  assert.match(text, /Canonical CSV/);
  assert.match(text, /28\s+imported/);
  assert.match(text, /2\s+skipped/);
  await dep.locator('details.skipped summary').click();
  const problems = await dep.locator('details.skipped').innerText();
  assert.match(problems, /deployments\.csv:\d+/, 'skips point at file:line');
  assert.match(problems, /not production/);
  assert.match(problems, /deployments\.csv:\d+:\d+/, 'an invalid time points at file:line:column');
  assert.match(await files.filter({ hasText: 'teams.csv' }).innerText(), /Teams mapping/);

  // The team whose name is markup renders as text, never as an element.
  const row = page.locator('.teams-table th.team-name').filter({ hasText: EVIL });
  assert.equal(await row.count(), 1, 'the name is shown as text');
  assert.equal(await page.locator('.teams-table img, .cards img').count(), 0, 'no <img> was created');
  await shot(page, 'own-files');

  // Team detail of the markup-named team (in-app navigation keeps the loaded files): still inert.
  await row.locator('a').click();
  await page.locator('#team-h').waitFor();
  assert.equal(await page.locator('#team-h').innerText(), EVIL);
  assert.match(page.url(), /view=team/);
  await page.locator('.chart-svg svg').first().waitFor();
  assert.equal(await page.locator('main img').count(), 0);
  const titles = await page.locator('.chart-svg svg > title').allTextContents();
  assert.ok(titles.some((t) => t.includes(EVIL)), 'chart titles carry the name as text');
  const drill = await page.locator('#deployments-table').innerText();
  assert.match(drill, /flagged failed/);
  assert.match(await page.locator('#incidents-table').innerText(), /INC-1[\s\S]*d-web-6[\s\S]*id/);
  assert.match(await page.locator('#incidents-table').innerText(), /<b>bold<\/b>/, 'titles are text too');
  await page.goBack();
  await page.locator('.teams-table').waitFor();

  // Remove a file: the incidents go, and the guidance explains what is missing.
  if (!(await page.locator('#data').isVisible())) await page.getByRole('button', { name: /^Data/ }).click();
  await files.filter({ hasText: 'incidents.csv' }).getByRole('button', { name: /Remove/ }).click();
  await page.waitForFunction(() => document.querySelectorAll('li.file').length === 2);
  await ready(page);
  await page.getByText('No incidents loaded').waitFor();
  assert.match(await page.locator('.notice').first().innerText(), /started_at/);
  assert.deepEqual(dialogs, [], 'no script ran from a name');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('files dropped anywhere on the page, and pasted text, are loaded', async () => {
  const page = await newPage(browser);
  const dialogs = await watchDialogs(page);
  await page.goto(srv.url + range);
  await ready(page);
  await page.evaluate(({ deployments, incidents }) => {
    const dt = new DataTransfer();
    dt.items.add(new File([deployments], 'deploys.csv', { type: 'text/csv' }));
    dt.items.add(new File([incidents], 'incidents.csv', { type: 'text/csv' }));
    const target = document.querySelector('main');
    target.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt, bubbles: true, cancelable: true }));
    target.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    target.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, data);
  await page.waitForFunction(() => !document.querySelector('.demo-banner'));
  await ready(page);
  await page.getByRole('button', { name: /^Data/ }).click();
  assert.equal(await page.locator('li.file').count(), 2);
  assert.match(await page.locator('li.file').first().innerText(), /deploys\.csv/);

  // Paste a teams mapping as text: it is added to the loaded files.
  await page.evaluate((teams) => {
    const dt = new DataTransfer();
    dt.setData('text/plain', teams);
    document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, data.teams);
  await page.waitForFunction(() => document.querySelectorAll('li.file').length === 3);
  assert.match(await page.locator('li.file').nth(2).innerText(), /Teams mapping/);
  assert.deepEqual(dialogs, []);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a file that is not a recognised format says so', async () => {
  const page = await newPage(browser);
  await page.goto(srv.url);
  await ready(page);
  await page.setInputFiles('#file-input', [{ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello\nthis is not an export\n') }]);
  const alert = page.locator('.file-error.banner');
  await alert.waitFor();
  assert.match(await alert.innerText(), /notes\.txt is not a recognised format/);
  await page.context().close();
});

test('a large file loads with a moving progress bar while the page keeps painting', async () => {
  const page = await newPage(browser);
  await page.goto(srv.url);
  await ready(page);
  // About 40 MB of canonical CSV: 250,000 deployments over a year.
  const rows = ['id,team,service,environment,status,deployed_at,commit_sha,first_commit_at,failed'];
  const start = Date.parse('2025-01-01T00:00:00Z');
  for (let i = 0; i < 250_000; i++) {
    const at = new Date(start + i * 126_000).toISOString().replace('.000', '');
    const first = new Date(start + i * 126_000 - 3_600_000 * (1 + (i % 40))).toISOString().replace('.000', '');
    const sha = (i * 2654435761 % 4294967296).toString(16).padStart(8, '0').repeat(5);
    rows.push(`d${i},team-${i % 20},service-${i % 30},production,success,${at},${sha},${first},${i % 17 === 0}`);
  }
  const csv = Buffer.from(rows.join('\n') + '\n');
  assert.ok(csv.length > 30e6, `${csv.length} bytes`);
  await page.evaluate(() => {
    window.__load = { labels: new Set(), frames: 0, busy: true };
    const tick = () => {
      window.__load.frames += 1;
      if (window.__load.busy) requestAnimationFrame(tick);
    };
    new MutationObserver(() => {
      const l = document.querySelector('.loading-label');
      if (l) window.__load.labels.add(l.textContent);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
    document.getElementById('file-input').addEventListener('change', () => requestAnimationFrame(tick), { capture: true });
  });
  await page.setInputFiles('#file-input', [{ name: 'big.csv', mimeType: 'text/csv', buffer: csv }]);
  await page.waitForFunction(() => !document.querySelector('.demo-banner'), null, { timeout: 60000 });
  await ready(page, 60000);
  const seen = await page.evaluate(() => {
    window.__load.busy = false;
    return { labels: [...window.__load.labels], frames: window.__load.frames };
  });
  const percents = new Set(seen.labels.map((l) => l.match(/(\d+)%/)?.[1]).filter(Boolean));
  assert.ok(percents.size >= 3, `progress moved through: ${seen.labels.join(' | ')}`);
  assert.ok(seen.labels.some((l) => /Linking incidents to deployments/.test(l)), seen.labels.join(' | '));
  assert.ok(seen.frames >= 10, `the page painted ${seen.frames} frames while loading`);
  // Twenty teams: the first rows come with the report, the rest after a paint, in one order.
  const names = page.locator('.teams-table tbody th.team-name');
  await page.waitForFunction(() => document.querySelectorAll('.teams-table tbody th.team-name').length === 20);
  const shown = await names.allInnerTexts();
  assert.deepEqual(shown, [...shown].sort(), 'rows in team order');
  // And twenty charts in the trends view, six at a time.
  await page.getByRole('link', { name: 'Trends', exact: true }).click();
  await page.waitForFunction(() => document.querySelectorAll('.multiples .multiple').length === 20);
  const charts = await page.locator('.multiples .multiple .link-btn').allInnerTexts();
  assert.deepEqual(charts, shown, 'a chart per team, in team order');
  assert.equal(await page.locator('.multiples .multiple svg').count(), 20);
  await page.getByRole('link', { name: 'Overview', exact: true }).click();
  await page.getByRole('button', { name: /^Data/ }).click();
  assert.match(await page.locator('li.file').first().innerText(), /250,000/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('gzip files are unpacked by the browser; a broken one says so', async () => {
  const { gzipSync } = await import('node:zlib');
  const page = await newPage(browser);
  await page.goto(srv.url + range);
  await ready(page);
  const packed = gzipSync(Buffer.from(data.deployments));
  await page.setInputFiles('#file-input', [
    { name: 'deployments.csv.gz', mimeType: 'application/gzip', buffer: packed },
    { name: 'incidents.csv', mimeType: 'text/csv', buffer: Buffer.from(data.incidents) },
    { name: 'broken.csv.gz', mimeType: 'application/gzip', buffer: Buffer.concat([packed.subarray(0, 40), Buffer.alloc(40, 7)]) },
  ]);
  await page.waitForFunction(() => !document.querySelector('.demo-banner'));
  await ready(page);
  const r = cliReport({ deployments: data.deployments, incidents: data.incidents }, ['--from', data.range.from, '--to', data.range.to]);
  assert.equal(await cardValue(page, 'deployment_frequency'), perWeek(r.overall.deploys_per_week));
  assert.equal(await cardValue(page, 'change_failure_rate'), percent(r.overall.change_failure_rate.rate));
  if (!(await page.locator('#data').isVisible())) await page.getByRole('button', { name: /^Data/ }).click();
  const files = page.locator('li.file');
  assert.match(await files.filter({ hasText: 'deployments.csv.gz' }).innerText(), /Canonical CSV[\s\S]*28\s+imported/);
  assert.match(await files.filter({ hasText: 'broken.csv.gz' }).innerText(), /Could not unpack broken\.csv\.gz/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the one broken row among many staging rows is shown first, and every odd file says why', async () => {
  const page = await newPage(browser);
  await page.goto(srv.url + '?from=2025-03-01&to=2025-04-01');
  await ready(page);
  const deploys = ['id,service,environment,deployed_at'];
  for (let i = 0; i < 300; i++) deploys.push(`s${i},api,staging,2025-03-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00Z`);
  deploys.push('bad,api,production,not-a-time');
  deploys.push('old,api,production,1970-01-01T00:00:00Z');
  for (let i = 0; i < 5; i++) deploys.push(`p${i},api,production,2025-03-${String(3 + i).padStart(2, '0')}T12:00:00Z`);
  const incidents = 'id,service,started_at,resolved_at\ni1,api,2025-03-04T11:00:00Z,2025-03-04T10:00:00Z\n';
  await page.setInputFiles('#file-input', [
    { name: 'deploys.csv', mimeType: 'text/csv', buffer: Buffer.from(deploys.join('\n') + '\n') },
    { name: 'incidents.csv', mimeType: 'text/csv', buffer: Buffer.from(incidents) },
    { name: 'empty.csv', mimeType: 'text/csv', buffer: Buffer.from('id,service,deployed_at\n') },
  ]);
  await page.waitForFunction(() => !document.querySelector('.demo-banner'));
  await ready(page);

  // The overview says rows were dropped for implausible times.
  const notes = page.locator('details.warnings-box');
  await notes.locator('summary').click();
  assert.match(await notes.innerText(), /1 row or value was dropped for implausible times .*deploys\.csv: 1/);

  await page.getByRole('button', { name: /^Data/ }).click();
  const files = page.locator('li.file');
  const dep = files.filter({ hasText: 'deploys.csv' });
  await dep.locator('details.skipped summary').click();
  const first = await dep.locator('details.skipped li').first().innerText();
  assert.match(first, /deploys\.csv:302:\d+ unparseable time/, 'the invalid row comes first, before 300 staging rows');
  const second = await dep.locator('details.skipped li').nth(1).innerText();
  assert.match(second, /deploys\.csv:303 implausible time — deployed_at 1970-01-01T00:00:00Z/);
  assert.match(
    await files.filter({ hasText: 'incidents.csv' }).innerText(),
    /incidents\.csv:2: 1 incident resolved before it started: no recovery time from them/,
  );
  assert.match(await files.filter({ hasText: 'empty.csv' }).innerText(), /empty\.csv:1: no rows in this file/);
  await shot(page, 'odd-files');
});

test('CI runs of which none deploy: the file row names the workflows, and checking one re-imports with it', async () => {
  const page = await newPage(browser);
  await page.goto(srv.url);
  await ready(page);
  const fs = await import('node:fs');
  const body = fs.readFileSync(new URL('../fixtures/circleci/workflows_devlake_items.json', import.meta.url));
  await page.setInputFiles('#file-input', [{ name: 'workflows.json', mimeType: 'application/json', buffer: body }]);
  await page.waitForFunction(() => !document.querySelector('.demo-banner'));
  await page.getByRole('button', { name: /^Data/ }).click();
  const row = page.locator('li.file', { hasText: 'workflows.json' });
  await row.locator('.warnings', { hasText: 'Workflows seen: workflow (4), say-hello-workflow (1)' }).waitFor();
  assert.match(await row.innerText(), /0\s+imported/);
  const picker = row.locator('details.workflow-picker');
  assert.match(await picker.innerText(), /workflow \(4 runs\)/);
  await picker.getByLabel(/^\s*workflow \(4 runs\)/).check();
  await picker.getByRole('button', { name: 'Count these workflows' }).click();
  await page.waitForURL(/workflow=workflow/);
  await page.locator('li.file', { hasText: 'workflows.json' }).filter({ hasText: /1\s+imported/ }).waitFor();
  await page.close();
});
