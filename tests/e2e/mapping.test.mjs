// Journey: a CSV no importer knows gets a "Map columns" form with a proposal from its headers and
// first rows; Apply reads it with the mapping, which the address keeps. Every file has a format choice.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, serveData, launch, newPage, ready, shot } from './server.mjs';

let srv, files, browser;

// Ten builds on ten weekdays in January 2025, semicolon-separated, day-first times.
const builds = ['Build;Finished;Squad'];
for (let i = 0; i < 10; i++) {
  const day = String(6 + i).padStart(2, '0');
  builds.push(`${7 + i};${day}.01.2025 13:04;${i % 2 ? 'core' : 'web'}`);
}
const csv = builds.join('\n') + '\n';

before(async () => {
  srv = await serveDist();
  files = await serveData({ 'builds.csv': csv });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await files?.close();
  await srv?.close();
});

test('an unknown CSV is mapped in the data panel, and the mapping stays in the address', async () => {
  const page = await newPage(browser);
  const dataUrl = `${files.origin}/cors/builds.csv`;
  await page.goto(`${srv.url}?deploys=${encodeURIComponent(dataUrl)}&from=2025-01-01&to=2025-02-01`);
  await page.locator('.file-error.banner').waitFor();
  assert.match(await page.locator('.file-error.banner').innerText(), /builds\.csv is not a recognised format/);
  if (!(await page.locator('#data').isVisible())) await page.getByRole('button', { name: /^Data/ }).click();

  // The form proposes the columns and the date format.
  const form = page.getByRole('form', { name: 'Map columns of builds.csv' });
  await form.waitFor();
  assert.equal(await form.locator('select[data-field="id"]').inputValue(), 'Build');
  assert.equal(await form.locator('select[data-field="deployed_at"]').inputValue(), 'Finished');
  assert.equal(await form.locator('select[data-field="team"]').inputValue(), 'Squad');
  assert.equal(await form.locator('select[data-field="service"]').inputValue(), '');
  assert.equal(await form.locator('input[name="date_format"]').inputValue(), '%d.%m.%Y %H:%M');
  assert.ok(await form.getByRole('radio', { name: 'deployments' }).isChecked());
  const options = await form.locator('select[data-field="id"] option').allTextContents();
  assert.deepEqual(options, ['—', 'Build', 'Finished', 'Squad']);

  await form.scrollIntoViewIfNeeded();
  await shot(page, 'mapping');

  // Apply: the file is read with the mapping, the overview counts its deployments.
  await form.getByRole('button', { name: 'Apply' }).click();
  const entry = page.locator('li.file').filter({ hasText: 'builds.csv' });
  await entry.locator('.format-badge', { hasText: 'CSV with a column mapping' }).waitFor();
  await ready(page);
  assert.match(await entry.innerText(), /10\s+imported \(10 deployments\)/);
  assert.match(await page.locator('.metric-card[data-metric="deployment_frequency"]').first().innerText(), /10 deployments/);
  assert.equal(await page.locator('.file-error.banner').count(), 0);
  const mapping = JSON.parse(new URL(page.url()).searchParams.get('mapping'));
  assert.deepEqual(mapping, {
    kind: 'deployments',
    columns: { deployed_at: 'Finished', id: 'Build', team: 'Squad' },
    date_format: '%d.%m.%Y %H:%M',
  });
  // The guidance for the missing lead time has no example, and shows no empty example box.
  await page.getByText('No commit times', { exact: true }).waitFor();
  assert.equal(await page.locator('.notice pre.sample').evaluateAll((ps) => ps.filter((p) => !p.textContent.trim()).length), 0);
  await entry.scrollIntoViewIfNeeded();
  await shot(page, 'mapping-applied');

  // Reload: the address alone brings the mapped file back.
  await page.reload();
  await ready(page);
  if (!(await page.locator('#data').isVisible())) await page.getByRole('button', { name: /^Data/ }).click();
  await entry.locator('.format-badge', { hasText: 'CSV with a column mapping' }).waitFor();
  assert.match(await entry.innerText(), /10\s+imported/);
  assert.match(await page.locator('.metric-card[data-metric="deployment_frequency"]').first().innerText(), /10 deployments/);

  // The format choice: reading it as canonical CSV fails and says so; Auto brings the mapping back.
  await entry.getByRole('combobox', { name: 'Format of builds.csv' }).selectOption('canonical-csv');
  await page.locator('.file-error.banner').getByText(/builds\.csv could not be read as Canonical CSV/).waitFor();
  assert.match(decodeURIComponent(page.url()), /format=canonical-csv:builds\.csv/);
  await entry.getByRole('combobox', { name: 'Format of builds.csv' }).selectOption('');
  await entry.locator('.format-badge', { hasText: 'CSV with a column mapping' }).waitFor();
  assert.doesNotMatch(page.url(), /format=/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a picked unknown CSV is mapped too, and the address holds the mapping', async () => {
  const page = await newPage(browser);
  await page.goto(`${srv.url}?from=2025-01-01&to=2025-02-01`);
  await ready(page);
  await page.setInputFiles('#file-input', [{ name: 'builds.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) }]);
  if (!(await page.locator('#data').isVisible())) await page.getByRole('button', { name: /^Data/ }).click();
  const form = page.getByRole('form', { name: 'Map columns of builds.csv' });
  await form.waitFor();
  await form.getByRole('button', { name: 'Apply' }).click();
  const entry = page.locator('li.file').filter({ hasText: 'builds.csv' });
  await entry.locator('.format-badge', { hasText: 'CSV with a column mapping' }).waitFor();
  await ready(page);
  assert.match(await entry.innerText(), /10\s+imported/);
  assert.match(page.url(), /mapping=%7B/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
