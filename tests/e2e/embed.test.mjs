// Journeys: embed mode in a sandboxed iframe (allow-scripts only: opaque origin, no storage),
// presentation mode with its keys, and the dark theme.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launch, newPage, ready, shot } from './server.mjs';

let srv, browser;
before(async () => {
  srv = await serveDist();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await srv?.close();
});

async function embedded(page, query, { width = 400, height = 300 } = {}) {
  await page.setContent(`<!doctype html><body style="margin:16px;background:#d9dde3">
    <iframe id="f" sandbox="allow-scripts" width="${width}" height="${height}" style="border:1px solid #8a94a3"
      src="${srv.url}${query}"></iframe></body>`);
  const frame = page.frames().find((f) => f !== page.mainFrame());
  await frame.waitForFunction(() => document.documentElement.dataset.state === 'ready', null, { timeout: 30000 });
  return frame;
}

test('embed=card in a 400×300 sandboxed iframe: just the card, a link to the full dashboard', async () => {
  const page = await newPage(browser, { viewport: { width: 440, height: 340 } });
  const frame = await embedded(page, '?embed=card&metric=lead_time&bg=transparent');
  assert.equal(await frame.locator('.metric-card').count(), 1);
  assert.equal(await frame.locator('.metric-card').getAttribute('data-metric'), 'lead_time');
  assert.equal(await frame.locator('.topbar, .controls, .demo-banner').count(), 0, 'no page chrome');
  const link = frame.locator('a.open-full');
  assert.equal(await link.getAttribute('target'), '_blank');
  const href = await link.getAttribute('href');
  assert.match(href, /metric=lead_time/);
  assert.doesNotMatch(href, /embed=|bg=/);
  assert.equal(await frame.evaluate(() => document.body.classList.contains('transparent')), true);
  // Everything fits the frame: no horizontal scrolling.
  assert.ok(await frame.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1));
  await shot(page, 'embed-card-400');
  assert.deepEqual(page.errors, [], 'no errors (storage is unavailable in this sandbox)');
  await page.context().close();
});

test('embed=chart, embed=teams and embed=overview render in narrow frames', async () => {
  const page = await newPage(browser, { viewport: { width: 440, height: 480 } });
  let frame = await embedded(page, '?embed=chart&metric=change_failure_rate', { width: 400, height: 300 });
  assert.equal(await frame.locator('.chart-svg svg').count(), 1);
  assert.match(await frame.locator('.chart-svg svg > title').textContent(), /Change failure rate — all teams/);
  await shot(page, 'embed-chart-400');
  frame = await embedded(page, '?embed=teams', { width: 400, height: 300 });
  assert.ok((await frame.locator('.teams-table tbody tr').count()) >= 3);
  frame = await embedded(page, '?embed=overview&tz=Europe/Berlin', { width: 320, height: 440 });
  assert.equal(await frame.locator('.metric-card').count(), 5);
  // The zone's rules are fetched from the opaque origin of the sandbox too.
  assert.match(await frame.locator('.caption').first().innerText(), /Europe\/Berlin/);
  assert.ok(await frame.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), 'fits 320 px');
  await shot(page, 'embed-overview-320');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('presentation mode: P, arrows, space, Esc; slide numbers; large type', async () => {
  const page = await newPage(browser);
  await page.goto(srv.url);
  await ready(page);
  await page.keyboard.press('p');
  const deck = page.locator('.present');
  await deck.waitFor();
  await page.waitForURL(/present/);
  assert.match(await deck.locator('.slide-no').innerText(), /^1 \/ \d+$/);
  const total = Number((await deck.locator('.slide-no').innerText()).split('/')[1]);
  assert.ok(total >= 2, 'the overview and one slide per team');
  const size = await deck.locator('.metric-card .value').first().evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
  assert.ok(size >= 48, `values are large (${size}px)`);
  await shot(page, 'presentation-overview');
  await page.keyboard.press('ArrowRight');
  assert.match(await deck.locator('.slide-no').innerText(), /^2 \//);
  await page.keyboard.press(' ');
  assert.match(await deck.locator('.slide-no').innerText(), /^3 \//);
  await page.keyboard.press('ArrowLeft');
  assert.match(await deck.locator('.slide-no').innerText(), /^2 \//);
  assert.match(page.url(), /slide=1/);
  await shot(page, 'presentation-team');
  await page.keyboard.press('Escape');
  await deck.waitFor({ state: 'detached' });
  assert.doesNotMatch(page.url(), /present/);
  // ?present opens it directly.
  await page.goto(srv.url + '?present&slide=1');
  await ready(page);
  assert.match(await page.locator('.present .slide-no').innerText(), /^2 \//);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('dark theme: ?theme=dark, the toggle, and prefers-color-scheme', async () => {
  const page = await newPage(browser, { colorScheme: 'dark' });
  await page.goto(srv.url);
  await ready(page);
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark', 'follows the system');
  await shot(page, 'overview-dark');
  await page.getByRole('button', { name: 'Switch to light theme' }).click();
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'light');
  await page.context().close();

  const light = await newPage(browser, { colorScheme: 'light' });
  await light.goto(srv.url + '?theme=dark&view=team');
  await ready(light);
  assert.equal(await light.evaluate(() => document.documentElement.dataset.theme), 'dark');
  const bg = await light.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(bg, 'rgb(14, 18, 23)');
  await shot(light, 'team-dark');
  await light.context().close();
});
