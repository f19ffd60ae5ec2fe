// Journey: data loaded from URL parameters (deploys, incidents, teams) on another origin, and
// failures that say exactly what happened: HTTP status, CORS, not a recognised format.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, serveData, launch, newPage, ready, shot, cardValue } from './server.mjs';
import { smallData, cliReport, perWeek, percent } from './fixtures.mjs';

let srv, files, browser;
const data = smallData();

before(async () => {
  srv = await serveDist();
  files = await serveData({
    'deployments.csv': data.deployments,
    'incidents.csv': data.incidents,
    'teams.csv': data.teams,
    'notes.txt': 'just some words\nnothing to see\n',
  });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await files?.close();
  await srv?.close();
});

const q = (params) => '?' + params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');

test('data URLs from another origin load with the numbers of the CLI, and stay in the link', async () => {
  const page = await newPage(browser);
  const url = srv.url + q([
    ['deploys', `${files.origin}/cors/deployments.csv`],
    ['incidents', `${files.origin}/cors/incidents.csv`],
    ['teams', `${files.origin}/cors/teams.csv`],
    ['from', data.range.from],
    ['to', data.range.to],
  ]);
  await page.goto(url);
  await ready(page);
  assert.equal(await page.locator('.demo-banner').count(), 0, 'no demo when data URLs are given');
  const r = cliReport(data, ['--from', data.range.from, '--to', data.range.to]);
  assert.equal(await cardValue(page, 'deployment_frequency'), perWeek(r.overall.deploys_per_week));
  assert.equal(await cardValue(page, 'change_failure_rate'), percent(r.overall.change_failure_rate.rate));
  assert.match(page.url(), /deploys=/);
  await page.getByRole('button', { name: /^Data/ }).click();
  assert.match(await page.locator('li.file').first().innerText(), /deploys URL http:\/\/127\.0\.0\.1:\d+\/cors\/deployments\.csv/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a 404, a host without CORS and an unknown format each say what happened', async () => {
  const page = await newPage(browser);
  await page.goto(srv.url + q([
    ['deploys', `${files.origin}/cors/missing.csv`],
    ['incidents', `${files.origin}/nocors/incidents.csv`],
    ['teams', `${files.origin}/cors/notes.txt`],
  ]));
  const banner = page.locator('.file-error.banner');
  await banner.waitFor();
  await page.waitForFunction(() => document.querySelectorAll('.file-error.banner .err').length === 3, null, { timeout: 20000 });
  const text = await banner.innerText();
  assert.match(text, /HTTP 404 Not Found from http:\/\/127\.0\.0\.1:\d+\/cors\/missing\.csv/);
  assert.match(text, /Could not fetch http:\/\/127\.0\.0\.1:\d+\/nocors\/incidents\.csv/);
  assert.match(text, /CORS/);
  assert.match(text, /Access-Control-Allow-Origin/);
  assert.match(text, /notes\.txt is not a recognised format/);
  await shot(page, 'url-errors');
  await page.context().close();
});

test('loading a URL from the data panel adds it to the address', async () => {
  const page = await newPage(browser);
  await page.goto(srv.url + `?from=${data.range.from}&to=${data.range.to}`);
  await ready(page);
  await page.getByRole('button', { name: /^Data/ }).click();
  await page.locator('#data-url').fill(`${files.origin}/cors/deployments.csv`);
  await page.getByRole('button', { name: 'Load', exact: true }).click();
  await page.waitForFunction(() => !document.querySelector('.demo-banner'));
  await ready(page);
  assert.match(decodeURIComponent(page.url()), /deploys=http:\/\/127\.0\.0\.1:\d+\/cors\/deployments\.csv/);
  assert.equal(await page.locator('li.file').count(), 1);
  await page.context().close();
});

test('a time zone in the address is fetched once and gives the numbers of the CLI; an unknown one says so', async () => {
  const page = await newPage(browser);
  const zoneRequests = [];
  page.on('request', (r) => { if (/\/tz\//.test(r.url())) zoneRequests.push(r.url()); });
  const range = [['from', data.range.from], ['to', data.range.to]];
  await page.goto(srv.url + q([
    ['deploys', `${files.origin}/cors/deployments.csv`],
    ['incidents', `${files.origin}/cors/incidents.csv`],
    ...range,
    ['tz', 'America/New_York'],
  ]));
  await ready(page);
  const r = cliReport({ deployments: data.deployments, incidents: data.incidents },
    ['--from', data.range.from, '--to', data.range.to, '--tz', 'America/New_York']);
  assert.equal(r.range.tz, 'America/New_York');
  assert.equal(await cardValue(page, 'deployment_frequency'), perWeek(r.overall.deploys_per_week));
  assert.equal(await cardValue(page, 'change_failure_rate'), percent(r.overall.change_failure_rate.rate));
  assert.match(await page.locator('.overview .caption').first().innerText(), /America\/New_York/);
  assert.deepEqual(zoneRequests.map((u) => new URL(u).pathname.replace(/.*\/tz\//, '')), ['America/New_York']);

  // An unknown zone: the report falls back to UTC and the zone control says why.
  await page.goto(srv.url + q([['deploys', `${files.origin}/cors/deployments.csv`], ...range, ['tz', 'Mars/Olympus']]));
  await ready(page);
  assert.match(await page.locator('.field-error').first().innerText(), /unknown time zone "Mars\/Olympus"/);
  assert.match(await page.locator('.overview .caption').first().innerText(), /UTC/);
  // The one console line is the browser's note of the 404 for tz/Mars/Olympus.
  assert.deepEqual(page.errors.filter((e) => !/404/.test(e)), []);
  await page.context().close();
});
