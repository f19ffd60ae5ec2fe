// Journeys: the data panel's Connect form pulls from the fake GitHub and GitLab APIs (tests/fake-api,
// 127.0.0.1, CORS as the real ones answer it), lists the pulled files like dropped ones, computes
// what the CLI computes from `doralens pull`'s files, cancels, explains a 401, and keeps the token
// out of the address, storage and the page. On a build without the cargo feature `connect` they
// skip themselves.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveDist, launch, newPage, ready, shot, cardValue } from './server.mjs';
import { doralens as cli, doralensAsync, hours } from './fixtures.mjs';
import { startFakeApi } from '../fake-api/server.mjs';

let srv, browser, api;

before(async () => {
  srv = await serveDist();
  browser = await launch();
  api = await startFakeApi({ scenario: 'normal' });
});
after(async () => {
  await browser?.close();
  await srv?.close();
  await api?.close();
});

/** Opens the data panel's Connect form; false when this build has none. */
async function openConnect(page, query = '') {
  await page.goto(srv.url + query);
  await ready(page);
  await page.getByRole('button', { name: /^Data/ }).click();
  await page.locator('.data-panel, details.connect').first().waitFor();
  if ((await page.locator('details.connect').count()) === 0) return false;
  await page.locator('details.connect summary').click();
  return true;
}

async function fill(page, { source, base, targets, token }) {
  const form = page.locator('form.connect-form');
  await form.getByLabel('Source').selectOption(source);
  await form.getByLabel('API base URL').fill(base);
  await form.locator('input[name=connect-targets]').fill(targets);
  await form.locator('input[name=connect-token]').fill(token);
  await form.getByRole('button', { name: 'Pull' }).click();
  return form;
}

test('pulling a GitHub repository lists its files and gives the CLI numbers', async (t) => {
  // The same pull by the CLI, reported: the dashboard must show its numbers for its range.
  const out = join(mkdtempSync(join(tmpdir(), 'doralens-connect-')), 'pulled');
  await doralensAsync(['pull', 'github', '--repo', 'acme/checkout', '--only', 'deployments', '--api-url', `${api.url}/github`, '--out', out], {
    GITHUB_TOKEN: 'test-token-github',
  });
  const r = JSON.parse(
    cli(['report', '--deploys', join(out, 'github-acme-checkout-deployments.json'), join(out, 'github-acme-checkout-commits.json')]),
  );

  const page = await newPage(browser);
  if (!(await openConnect(page, `?from=${r.range.from}&to=${r.range.to}`))) {
    t.skip('this build has no connect feature');
    await page.close();
    return;
  }
  const form = await fill(page, { source: 'github', base: `${api.url}/github`, targets: 'acme/checkout', token: 'test-token-github' });
  await form.locator('.connect-status', { hasText: /Pulled 2 file/ }).waitFor({ timeout: 60000 });
  await page.waitForFunction(() => !document.querySelector('.demo-banner'));
  await ready(page);
  const files = page.locator('li.file');
  const dep = files.filter({ hasText: 'github-acme-checkout-deployments.json' });
  assert.match(await dep.innerText(), /117\s+imported/);
  assert.match(await dep.innerText(), /pulled from GitHub/);
  assert.equal(await files.filter({ hasText: 'github-acme-checkout-commits.json' }).count(), 1);
  assert.equal(await form.locator('.connect-files a[download]').count(), 2);
  assert.equal(await cardValue(page, 'lead_time'), hours(r.overall.lead_time.median_hours));
  await shot(page, 'connect-github');

  // The token is nowhere but in memory.
  const where = await page.evaluate(() => ({
    url: location.href,
    html: document.documentElement.outerHTML,
    local: JSON.stringify({ ...localStorage }),
    session: JSON.stringify({ ...sessionStorage }),
  }));
  for (const [k, v] of Object.entries(where)) assert.ok(!v.includes('test-token-github'), `token in ${k}`);
  await page.close();
});

test('GitLab pulls a project; a 401 names the token; Cancel stops a pull', async (t) => {
  const page = await newPage(browser);
  if (!(await openConnect(page))) {
    t.skip('this build has no connect feature');
    await page.close();
    return;
  }
  let form = await fill(page, { source: 'gitlab', base: `${api.url}/gitlab/api/v4`, targets: 'acme/platform/shop', token: 'test-token-gitlab' });
  await form.locator('.connect-status', { hasText: /Pulled 1 file/ }).waitFor({ timeout: 60000 });
  await ready(page);
  const dep = page.locator('li.file').filter({ hasText: 'gitlab-acme-platform-shop-deployments.json' });
  assert.match(await dep.innerText(), /103\s+imported/);

  form = await fill(page, { source: 'github', base: `${api.url}/s/unauthorized/github`, targets: 'acme/checkout', token: 'wrong-token-123' });
  const error = form.locator('.connect-status.error');
  await error.waitFor();
  assert.match(await error.innerText(), /GitHub rejected the credentials in the token \(401/);
  assert.ok(!(await error.innerText()).includes('wrong-token-123'));

  // Under rate limits every listing waits seconds: Cancel ends it, and nothing more is loaded.
  const before = await page.locator('li.file').count();
  form = await fill(page, { source: 'github', base: `${api.url}/s/ratelimit/github`, targets: 'acme/search', token: 'test-token-github' });
  await form.locator('.connect-status', { hasText: /waiting/ }).waitFor({ timeout: 20000 });
  await form.getByRole('button', { name: 'Cancel' }).click();
  await form.locator('.connect-status.error', { hasText: /Cancelled/ }).waitFor({ timeout: 20000 });
  assert.equal(await page.locator('li.file').count(), before);
  await page.close();
});
