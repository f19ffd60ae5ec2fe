// Browser benchmark (not a test): large JSON exports into the release build. Builds three files
// of 25,000 GitHub Actions runs from tests/fixtures/github/workflow_runs.json in a temporary
// folder, in the shapes people export:
//   - pages back to back, as `gh api --paginate` writes them (pretty-printed, 100 runs a page),
//   - one pretty-printed document,
//   - one minified document,
// one canonical JSON document of 200,000 deployments and 20,000 incidents (pretty-printed), and
// a DevLake cicd_deployment_commits CSV of 300,000 rows (100,000 deployments whose three commit
// rows lie far apart, so they meet only when the blocks are joined), and 20,000 GitHub deployments
// (pages of 100) followed by their 40,000 statuses (one statuses response per deployment, as
// `cat deployments.json statuses-*.json` makes), loads each through the file
// input and prints the time to the dashboard, the tasks over 50 ms
// and the frame gaps while loading.
//
//   PATH="$PWD/tests/e2e/node_modules/.bin:$PATH" trunk build --release --offline
//   node tests/e2e/bench-json.mjs

import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveDist, launch, newPage, ready, ROOT } from './server.mjs';

const RUNS = 25_000;
const fixture = await readFile(join(ROOT, 'tests/fixtures/github/workflow_runs.json'), 'utf8');
// The fixture holds two pages back to back: take the runs of the first.
const first = fixture.slice(0, fixture.indexOf('\n}\n') + 2);
const template = JSON.parse(first).workflow_runs;
const runs = Array.from({ length: RUNS }, (_, i) => ({ ...template[i % template.length], id: 1_000_000 + i, run_number: i }));

const DEPLOYS = 200_000;
const services = ['api', 'web', 'jobs', 'billing', 'search'];
const day = (i) => new Date(Date.UTC(2026, 0, 1) + (i % 300) * 86_400_000 + (i % 86_400) * 1000).toISOString();
const canonical = {
  deployments: Array.from({ length: DEPLOYS }, (_, i) => ({
    id: `d${i}`, service: services[i % 5], environment: 'production', deployed_at: day(i),
    status: 'success', commit_sha: (i * 2654435761 % 2 ** 32).toString(16).padStart(8, '0'),
    first_commit_at: day(i - 3), failed: i % 9 === 0,
  })),
  incidents: Array.from({ length: DEPLOYS / 10 }, (_, i) => ({
    id: `i${i}`, service: services[i % 5], started_at: day(i * 10 + 1), resolved_at: day(i * 10 + 2), caused_by: `d${i * 10}`,
  })),
};

const DEVLAKE_ROWS = 300_000;
const devlakeHeader = 'id,cicd_scope_id,cicd_deployment_id,name,result,status,environment,finished_date,commit_sha,commit_authored_date,repo_url\n';
const devlake = devlakeHeader + Array.from({ length: DEVLAKE_ROWS }, (_, i) => {
  const d = i % (DEVLAKE_ROWS / 3);
  return [`row${i}`, 'github:GithubRepo:1:shop', `github:GithubRun:1:${d}`, 'Deploy', 'SUCCESS', 'DONE', 'PRODUCTION',
    day(d), (i * 2654435761 % 2 ** 32).toString(16).padStart(40, '0'), day(d - 2), `https://github.com/acme/${services[d % 5]}`].join(',');
}).join('\n') + '\n';

const GH_DEPLOYS = 20_000;
const ghFixture = await readFile(join(ROOT, 'tests/fixtures/github/deployments_with_statuses.json'), 'utf8');
const ghCut = ghFixture.indexOf('\n[{') + 1;
const ghDeploy = JSON.parse(ghFixture.slice(0, ghFixture.indexOf('\n]') + 2))[0];
const ghStatus = JSON.parse(ghFixture.slice(ghCut).split('\n')[0])[0];
const ghUrl = (i) => `https://api.github.com/repos/acme/${services[i % 5]}/deployments/${i}`;
const github = Array.from({ length: GH_DEPLOYS / 100 }, (_, p) => JSON.stringify(
  Array.from({ length: 100 }, (_, k) => {
    const i = p * 100 + k;
    return { ...ghDeploy, id: i, url: ghUrl(i), sha: (i * 2654435761 % 2 ** 32).toString(16).padStart(40, '0'), created_at: day(i) };
  }), null, 2)).join('\n') + '\n' + Array.from({ length: GH_DEPLOYS }, (_, i) => JSON.stringify(
  [['success', 60], ['in_progress', 0]].map(([state, s]) => ({
    ...ghStatus, id: 2 * i + (s ? 1 : 0), state, created_at: new Date(Date.parse(day(i)) + s * 1000).toISOString(),
    url: `${ghUrl(i)}/statuses/${2 * i}`, deployment_url: ghUrl(i),
    repository_url: `https://api.github.com/repos/acme/${services[i % 5]}`,
  })))).join('\n') + '\n';

const dir = await mkdtemp(join(tmpdir(), 'doralens-bench-json-'));
const shapes = {
  'pages.json': Array.from({ length: RUNS / 100 }, (_, p) =>
    JSON.stringify({ total_count: RUNS, workflow_runs: runs.slice(p * 100, p * 100 + 100) }, null, 2)).join('\n') + '\n',
  'pretty.json': JSON.stringify({ total_count: RUNS, workflow_runs: runs }, null, 2) + '\n',
  'minified.json': JSON.stringify({ total_count: RUNS, workflow_runs: runs }) + '\n',
  'canonical.json': JSON.stringify(canonical, null, 2) + '\n',
  'devlake-commits.csv': devlake,
  'github-statuses.json': github,
};

const srv = await serveDist();
const browser = await launch();
try {
  for (const [name, text] of Object.entries(shapes)) {
    const path = join(dir, name);
    await writeFile(path, text);
    const page = await newPage(browser);
    await page.goto(srv.url);
    await ready(page);
    await page.evaluate(() => {
      const b = (window.__bench = { long: [], gaps: [], chosen: 0 });
      let last = performance.now();
      const tick = (t) => {
        b.gaps.push(t - last);
        last = t;
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
      new PerformanceObserver((l) => l.getEntries().forEach((e) => b.long.push(e.duration))).observe({ type: 'longtask' });
      document.getElementById('file-input').addEventListener('change', () => {
        b.chosen = performance.now();
        b.long = [];
        b.gaps = [];
      }, { capture: true });
    });
    await page.setInputFiles('#file-input', path);
    await page.waitForFunction(() => !document.querySelector('.demo-banner'), null, { timeout: 120000 });
    await ready(page, 120000);
    const r = await page.evaluate(() => {
      const b = window.__bench;
      return {
        ms: performance.now() - b.chosen,
        long: [...b.long].sort((x, y) => y - x),
        over: [20, 50].map((limit) => b.gaps.filter((g) => g > limit).length),
        frames: b.gaps.length,
      };
    });
    const mb = ((await stat(path)).size / 1e6).toFixed(1);
    const longest = r.long.length ? `${r.long.length}, longest ${r.long[0].toFixed(0)} ms` : 'none';
    console.log(`${name.padEnd(14)} ${mb.padStart(6)} MB: ${(r.ms / 1000).toFixed(2)} s to the dashboard; ` +
      `tasks over 50 ms: ${longest}; ${r.frames} frames, gaps over 20 / 50 ms: ${r.over.join(' / ')}`);
    if (page.errors.length) console.log('page errors:', page.errors);
    await page.context().close();
  }
} finally {
  await browser.close();
  await srv.close();
  await rm(dir, { recursive: true, force: true });
}
