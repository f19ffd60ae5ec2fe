// Fake vendor APIs for the `doralens pull` tests and the browser Connect tab: GitHub REST, GitLab v4,
// PagerDuty v2, Opsgenie and Jira, on 127.0.0.1 only, with deterministic data, each vendor's own
// pagination, filters, auth, error bodies, rate-limit headers and CORS. No npm dependencies.
//
//   node tests/fake-api/server.mjs [--port 0] [--scenario normal|ratelimit|flaky|unauthorized] [--anchor ISO|now] [--log]
//   -> prints {"url":"http://127.0.0.1:PORT"} on stdout when ready; stops on SIGTERM, SIGINT or when
//      its stdin (a pipe from the parent) closes.
//
//   import { startFakeApi } from './server.mjs';
//   const api = await startFakeApi({ scenario: 'flaky' }); // { url, close(), requests(), reset() }
//
// Vendors live under path prefixes (…/github, …/gitlab/api/v4, …/pagerduty, …/opsgenie, …/jira); a
// scenario other than the server's default is chosen per request by a path prefix:
// http://127.0.0.1:PORT/s/ratelimit/github/... . Valid tokens are `test-token-<vendor>`.
// See README.md next to this file for the endpoints, scenarios and the data.

import http from 'node:http';
import { createHash } from 'node:crypto';
import { fstatSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SCENARIOS = ['normal', 'ratelimit', 'flaky', 'unauthorized'];
export const VENDORS = ['github', 'gitlab', 'pagerduty', 'opsgenie', 'jira'];
export const TOKENS = Object.fromEntries(VENDORS.map((v) => [v, `test-token-${v}`]));
export const DEFAULT_ANCHOR = '2025-07-01T00:00:00Z';
const SPAN_DAYS = 180;
const MIN = 60_000, HOUR = 3_600_000, DAY = 86_400_000;

// ---------------------------------------------------------------------------------------------
// Deterministic randomness and time spellings

class Rng {
  constructor(seed) { this.s = seed >>> 0; }
  float() { // mulberry32
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(this.s ^ (this.s >>> 15), 1 | this.s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(a, b) { return a + Math.floor(this.float() * (b - a + 1)); }
  pick(list) { return list[Math.floor(this.float() * list.length)]; }
  chance(p) { return this.float() < p; }
  hex(n) { let s = ''; while (s.length < n) s += Math.floor(this.float() * 16).toString(16); return s; }
  uuid() { const h = this.hex(32); return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[this.int(0, 3)]}${h.slice(17, 20)}-${h.slice(20)}`; }
  pdId(n = 7) { const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'; let s = 'P'; while (s.length < n) s += this.pick(A); return s; }
  lognormal(median, sigma) { const u = 1 - this.float(), v = this.float(); return median * Math.exp(sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)); }
  times(n, from, to) { return Array.from({ length: n }, () => Math.round(from + this.float() * (to - from))).sort((a, b) => a - b); }
}
const clamp = (x, lo, hi) => Math.min(hi, Math.max(lo, x));

const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z'); // GitHub, PagerDuty: 2025-03-10T14:02:11Z
const isoMs = (ms) => new Date(ms).toISOString(); // GitLab, Opsgenie: 2025-03-10T14:02:11.123Z
const offsetFormats = new Map();
function offsetMin(ms, tz) { // the zone's UTC offset at that instant, in minutes
  if (tz === 'UTC') return 0;
  if (!offsetFormats.has(tz)) offsetFormats.set(tz, new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset' }));
  const name = offsetFormats.get(tz).formatToParts(new Date(ms)).find((p) => p.type === 'timeZoneName').value;
  const m = /GMT([+-])(\d\d):(\d\d)/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}
// A local time with its offset: `2025-02-03T09:20:01.000+02:00` (GitLab), `…+0200` (Jira), `…+02:00` without millis (git).
function zoned(ms, tz, { colon = true, millis = true } = {}) {
  const off = offsetMin(ms, tz), a = Math.abs(off);
  const local = new Date(ms + off * MIN).toISOString().slice(0, millis ? 23 : 19);
  return `${local}${off < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}${colon ? ':' : ''}${String(a % 60).padStart(2, '0')}`;
}
function fromLocal(y, mo, d, h, mi, tz) { // a wall-clock time in tz -> ms
  const guess = Date.UTC(y, mo - 1, d, h, mi);
  return guess - offsetMin(guess - offsetMin(guess, tz) * MIN, tz) * MIN;
}
const nodeId = (kind, id) => Buffer.from(`0${kind.length}:${kind}${id}`).toString('base64');
const sha256 = (s) => createHash('sha256').update(s).digest('hex');

// ---------------------------------------------------------------------------------------------
// The data: built once per anchor (the fake's "now"; data spans the 180 days before it)

const PEOPLE = [
  { login: 'mona', id: 583231, name: 'Mona Lisa', email: 'mona@acme.example', tz: 'Europe/Berlin' },
  { login: 'hubot', id: 480938, name: 'Hubot', email: 'hubot@acme.example', tz: 'America/New_York' },
  { login: 'octocat', id: 1, name: 'The Octocat', email: 'octocat@acme.example', tz: 'UTC' },
  { login: 'ann-dev', id: 7240301, name: 'Ann Smith', email: 'ann@acme.example', tz: 'Asia/Kolkata' },
];
const GH_BOT = { login: 'github-actions[bot]', id: 41898282, type: 'Bot' };
const GH_WEB = { name: 'GitHub', email: 'noreply@github.com', tz: 'UTC' }; // committer of web-UI squash merges
const GH_ORG = { login: 'acme', id: 9919, type: 'Organization' };
const GH_REPOS = [
  { id: 1296269, name: 'checkout', active: true, language: 'TypeScript', created: '2019-04-02T09:00:00Z', version: [1, 0, 0] },
  { id: 1296288, name: 'search', active: true, language: 'Go', created: '2020-01-15T12:00:00Z', version: [3, 2, 0] },
  { id: 1302114, name: 'docs', active: false, language: 'MDX', created: '2021-06-01T08:30:00Z' },
  { id: 1187001, name: 'legacy-billing', active: false, archived: true, language: 'Ruby', created: '2016-11-20T10:00:00Z' },
];
const TOPICS = {
  checkout: ['cart rounding', 'coupon codes', 'payment retries', 'address form', 'tax rules', 'order emails', 'gift cards'],
  search: ['query parser', 'facet counts', 'synonyms', 'ranking weights', 'index refresh', 'autocomplete', 'typo tolerance'],
  shop: ['product pages', 'stock sync', 'image cache', 'price feed', 'wishlist', 'checkout button'],
};
const VERBS = ['Fix', 'Add', 'Refactor', 'Speed up', 'Remove', 'Update', 'Harden', 'Log'];

function buildGithub(anchor) {
  const start = anchor - SPAN_DAYS * DAY;
  const repos = GH_REPOS.map((r) => ({ ...r, deployments: [], runs: [], releases: [], commits: new Map(), tags: new Map(), main: [], pr: 100 }));
  const deps = [], statuses = [], runs = [], releases = [];
  for (const repo of repos.filter((r) => r.active)) {
    const rng = new Rng(repo.id);
    const commit = (mergedAt, { branch = 'main', lead = 20 * HOUR } = {}) => {
      const author = rng.pick(PEOPLE), squash = rng.chance(0.6);
      const written = mergedAt - clamp(rng.lognormal(lead, 1), 10 * MIN, 20 * DAY);
      const c = {
        sha: rng.hex(40), tree: rng.hex(40), parent: repo.main.at(-1)?.sha ?? rng.hex(40), branch, author,
        message: `${rng.pick(VERBS)} ${rng.pick(TOPICS[repo.name])} (#${repo.pr++})`,
        authorDate: squash ? mergedAt : written, committer: squash ? GH_WEB : author, commitDate: mergedAt,
        additions: rng.int(1, 400), deletions: rng.int(0, 200), files: rng.int(1, 9),
      };
      repo.commits.set(c.sha, c);
      if (branch === 'main') repo.main.push(c);
      return c;
    };
    const ciRun = (c, event, at) => {
      let conclusion = rng.chance(0.88) ? 'success' : rng.chance(0.67) ? 'failure' : 'cancelled', attempt = 1;
      if (conclusion === 'failure' && rng.chance(0.3)) [conclusion, attempt] = ['success', 2];
      runs.push({ repo, wf: 'ci', c, branch: c.branch, event, t: at, done: at + rng.int(3, 9) * MIN + (attempt - 1) * 12 * MIN, status: 'completed', conclusion, attempt });
    };
    // 250 deployments: staging gets each merge, production promotes the latest staged merge (or a hotfix), previews run on PR branches.
    let staged = null, lastStagingOk = null;
    const times = rng.times(250, start, anchor - 3 * HOUR);
    times.forEach((t, i) => {
      const r = rng.float();
      const env = r < 0.45 ? 'production' : r < 0.85 ? 'staging' : 'preview';
      let c;
      if (env === 'production' && staged && !staged.promoted && rng.chance(0.85)) { c = staged.c; staged.promoted = true; }
      else if (env === 'production') { c = commit(t - rng.int(5, 40) * MIN, { lead: 2 * HOUR }); ciRun(c, 'push', c.commitDate + 5000); }
      else if (env === 'staging') { c = commit(t - rng.int(3, 30) * MIN); staged = { c, promoted: false }; ciRun(c, 'push', c.commitDate + 5000); }
      else { c = commit(t - rng.int(2, 20) * MIN, { branch: `feature/${rng.pick(TOPICS[repo.name]).replace(/ /g, '-')}-${rng.int(100, 999)}` }); ciRun(c, 'pull_request', c.commitDate + 4000); }
      const o = rng.float();
      const outcome = i >= times.length - 2 ? 'in_progress' : o < 0.07 ? 'failure' : o < 0.09 ? 'error' : o < 0.1 ? 'none' : 'success';
      const d = { repo, t, env, c, ref: env === 'preview' ? c.branch : 'main', outcome, creator: rng.chance(0.8) ? GH_BOT : rng.pick(PEOPLE), st: [] };
      const at = (ms) => ({ d, t: ms, creator: d.creator });
      if (outcome !== 'none') d.st.push({ ...at(t + 3000), state: 'queued', description: 'Deployment queued' });
      if (outcome !== 'none' && outcome !== 'error') d.st.push({ ...at(t + rng.int(10, 40) * 1000), state: 'in_progress', description: 'Deployment in progress' });
      const end = t + rng.int(90, 720) * 1000;
      if (outcome === 'success') d.st.push({ ...at(end), state: 'success', description: 'Deployment finished successfully.' });
      if (outcome === 'failure' || outcome === 'error') d.st.push({ ...at(end), state: outcome, description: outcome === 'error' ? 'Deployment errored' : 'Deployment failed' });
      // auto_inactive: a success marks the previous non-transient, non-production deployment of the environment inactive
      if (env === 'staging' && outcome === 'success') {
        if (lastStagingOk) { const s = { ...at(end + 1000), d: lastStagingOk, state: 'inactive', description: 'Superseded by a newer deployment' }; lastStagingOk.st.push(s); statuses.push(s); }
        lastStagingOk = d;
      }
      d.updated = d.st.length ? Math.max(...d.st.map((s) => s.t)) : t;
      d.end = end;
      repo.deployments.push(d); deps.push(d); statuses.push(...d.st);
      if (env !== 'preview') {
        const conclusion = { success: 'success', failure: 'failure', error: 'failure', none: 'cancelled', in_progress: null }[outcome];
        runs.push({ repo, wf: env === 'production' ? 'deploy' : 'deploy-staging', c, branch: 'main', event: rng.chance(0.3) ? 'workflow_dispatch' : 'push', t: t - 60_000, done: end + 20_000, status: conclusion ? 'completed' : 'in_progress', conclusion, attempt: 1, dep: d });
      }
    });
    // Releases: some successful production deployments are released first; a few pre-releases of staged merges; two drafts.
    let [major, minor, patch] = repo.version;
    for (const d of repo.deployments) {
      const rc = d.env === 'staging' && d.outcome === 'success' && rng.chance(0.06);
      if (!rc && !(d.env === 'production' && d.outcome === 'success' && rng.chance(0.3))) continue;
      if (rc) { releases.push({ repo, tag: `v${major}.${minor + 1}.0-rc.${rng.int(1, 3)}`, c: d.c, published: Math.max(d.c.commitDate + MIN, d.t - rng.int(2, 20) * MIN), prerelease: true, rng: rng.float() }); continue; }
      if (rng.chance(0.7)) [minor, patch] = [minor + 1, 0]; else patch += 1;
      releases.push({ repo, tag: `v${major}.${minor}.${patch}`, c: d.c, published: Math.max(d.c.commitDate + MIN, d.t - rng.int(2, 20) * MIN), prerelease: false, rng: rng.float() });
    }
    for (let k = 1; k <= 2; k++) releases.push({ repo, tag: `v${major}.${minor + k}.0`, c: repo.main.at(-k), published: null, prerelease: false, draft: true, created: anchor - (3 - k) * 5 * HOUR, rng: rng.float() });
    for (const rel of releases.filter((x) => x.repo === repo)) {
      repo.tags.set(rel.tag, rel.c.sha);
      if (rel.published) runs.push({ repo, wf: 'release', c: rel.c, branch: rel.tag, event: 'release', t: rel.published + 2000, done: rel.published + rng.int(2, 6) * MIN, status: 'completed', conclusion: 'success', attempt: 1 });
    }
    // Dependabot PRs, weekly CodeQL on main, and two CI runs still going at the anchor.
    for (const t of rng.times(24, start, anchor - DAY)) {
      const c = commit(t, { branch: `dependabot/${repo.name === 'search' ? 'go_modules' : 'npm_and_yarn'}/${rng.pick(['lodash', 'axios', 'x/net', 'semver'])}-${rng.int(1, 9)}.${rng.int(0, 20)}.${rng.int(0, 9)}` });
      ciRun(c, 'pull_request', t + 3000);
    }
    for (let t = start + 2 * DAY + 3 * HOUR; t < anchor; t += 7 * DAY) {
      const c = repo.main.filter((m) => m.commitDate < t).at(-1) ?? repo.main[0];
      runs.push({ repo, wf: 'codeql', c, branch: 'main', event: 'schedule', t, done: t + rng.int(6, 14) * MIN, status: 'completed', conclusion: rng.chance(0.9) ? 'success' : 'failure', attempt: 1 });
    }
    const head = repo.main.at(-1);
    runs.push({ repo, wf: 'ci', c: head, branch: 'main', event: 'push', t: anchor - 8 * MIN, done: anchor - 7 * MIN, status: 'in_progress', conclusion: null, attempt: 1 });
    runs.push({ repo, wf: 'ci', c: head, branch: 'main', event: 'workflow_dispatch', t: anchor - 2 * MIN, done: anchor - 2 * MIN, status: 'queued', conclusion: null, attempt: 1 });
  }
  // Ids are global and grow with time, as GitHub's do.
  const ids = new Rng(4242);
  const number = (list, key, base, gap) => { let id = base; list.sort((a, b) => key(a) - key(b)).forEach((x) => { id += ids.int(1, gap); x.id = id; }); };
  number(deps, (d) => d.t, 1_900_000_000, 4000);
  number(statuses, (s) => s.t, 3_700_000_000, 9000);
  number(runs, (r) => r.t, 9_100_000_000, 60_000);
  for (const rel of releases) rel.created = rel.created ?? rel.c.commitDate;
  number(releases, (r) => r.created, 160_000_000, 300_000);
  const wfNames = { ci: ['CI', 'ci.yml'], deploy: ['Deploy production', 'deploy.yml'], 'deploy-staging': ['Deploy staging', 'deploy-staging.yml'], release: ['Release', 'release.yml'], codeql: ['CodeQL', 'codeql.yml'] };
  const counters = new Map();
  for (const r of runs) {
    const k = `${r.repo.id}:${r.wf}`;
    counters.set(k, (counters.get(k) ?? 0) + 1);
    Object.assign(r, { number: counters.get(k), name: wfNames[r.wf][0], path: `.github/workflows/${wfNames[r.wf][1]}`, workflowId: 160_000 + (r.repo.id % 1000) * 10 + Object.keys(wfNames).indexOf(r.wf) });
  }
  for (const repo of repos) {
    repo.deployments.sort((a, b) => b.id - a.id);
    for (const d of repo.deployments) { d.st.sort((a, b) => b.id - a.id); d.updated = d.st.length ? Math.max(...d.st.map((x) => x.t)) : d.t; }
    repo.runs = runs.filter((r) => r.repo === repo).sort((a, b) => b.t - a.t || b.id - a.id);
    repo.releases = releases.filter((r) => r.repo === repo).sort((a, b) => b.created - a.created);
    repo.pushed = Math.max(start - 40 * DAY, ...repo.main.map((c) => c.commitDate));
  }
  return { repos, byId: new Map(repos.map((r) => [r.id, r])) };
}

function buildGitlab(anchor) {
  const start = anchor - SPAN_DAYS * DAY, rng = new Rng(7007);
  const groups = [{ id: 42, name: 'acme', path: 'acme', full_path: 'acme', parent: null }, { id: 43, name: 'platform', path: 'platform', full_path: 'acme/platform', parent: 42 }];
  const projects = [
    { id: 5, name: 'handbook', group: 42, created: '2020-02-01T10:00:00.000Z' },
    { id: 7, name: 'shop', group: 43, created: '2021-03-04T08:00:00.000Z' },
    { id: 8, name: 'payments-api', group: 43, created: '2022-05-10T12:30:00.000Z' },
    { id: 11, name: 'infra', group: 42, created: '2019-09-09T09:09:09.000Z', archived: true },
  ].map((p) => ({ ...p, path: p.name, ns: groups.find((g) => g.id === p.group), deployments: [] }));
  const shop = projects.find((p) => p.id === 7);
  const envs = { production: { id: 9, name: 'production', external_url: 'https://shop.acme.example' }, staging: { id: 10, name: 'staging', external_url: 'https://staging.shop.acme.example' } };
  let envId = 30, jobId = 601_000, pipeId = 90_000, depId = 1200, staged = null;
  const times = rng.times(230, start, anchor - 2 * HOUR);
  times.forEach((t, i) => {
    const r = rng.float();
    const kind = r < 0.45 ? 'production' : r < 0.85 ? 'staging' : 'review';
    const env = kind === 'review' ? { id: envId++, name: `review/${rng.pick(TOPICS.shop).replace(/ /g, '-')}-${rng.int(10, 99)}`, external_url: null } : envs[kind];
    env.created ??= kind === 'review' ? t - 10 * MIN : Date.parse('2024-01-01T00:00:00Z');
    let c = kind === 'production' && staged && rng.chance(0.8) ? staged : null;
    if (!c) {
      const author = rng.pick(PEOPLE), merged = Math.floor(t / 1000) * 1000 - rng.int(3, 40) * MIN, written = merged - Math.round(clamp(rng.lognormal(18 * HOUR, 1), 15 * MIN, 15 * DAY) / 1000) * 1000;
      c = { sha: rng.hex(40), author, authored: rng.chance(0.5) ? merged : written, committed: merged, title: `${rng.pick(VERBS)} ${rng.pick(TOPICS.shop)}`, mr: 10 + i, parent: rng.hex(40) };
      if (kind === 'staging') staged = c;
    }
    const o = rng.float();
    const status = i >= times.length - 2 ? 'running' : o < 0.08 ? 'failed' : o < 0.12 ? 'canceled' : o < 0.13 && kind === 'production' ? 'blocked' : 'success';
    const apiMade = status === 'success' && rng.chance(0.015); // created through POST /deployments: no job
    const queued = rng.int(1, 30) * 1000, started = t + queued, finished = ['running', 'blocked'].includes(status) ? null : started + rng.int(40, 400) * 1000;
    const d = {
      id: (depId += rng.int(1, 9)), iid: i + 1, t, env, c, status, ref: kind === 'review' ? env.name.slice(7) : 'main',
      user: rng.pick(PEOPLE), started, finished, queued, updated: finished ? finished + rng.int(200, 1500) : status === 'running' ? started : t,
      job: apiMade ? null : { id: (jobId += rng.int(3, 40)), name: `deploy-${kind}`, pipeline: (pipeId += rng.int(1, 12)), pipelineIid: 400 + i },
    };
    shop.deployments.push(d);
  });
  return { groups, projects, byId: new Map(projects.map((p) => [p.id, p])) };
}

function buildPagerduty(anchor) {
  const start = anchor - SPAN_DAYS * DAY, rng = new Rng(2006);
  const teams = [['Payments', 'Checkout and billing'], ['Discovery', 'Search and recommendations'], ['Platform', 'Databases and infrastructure']]
    .map(([name, description]) => ({ id: rng.pdId(), name, description }));
  const services = [['Checkout API', 0], ['Payments Worker', 0], ['Search', 1], ['Web Frontend', null], ['Postgres', 2]]
    .map(([name, team]) => ({ id: rng.pdId(), name, team: team == null ? null : teams[team], created: Date.parse('2023-03-01T10:00:00Z') + rng.int(0, 200) * DAY }));
  const people = PEOPLE.map((p) => ({ id: rng.pdId(), name: p.name }));
  const titles = { 'Checkout API': ['Checkout 5xx above 2%', 'Payment provider timeouts', 'Cart latency p99 > 2s'], 'Payments Worker': ['Refund queue backlog', 'Settlement job failed'], Search: ['Search latency', 'Index lag > 10 min', 'Empty results spike'], 'Web Frontend': ['JS error rate spike', 'CDN 503s'], Postgres: ['Disk 90% on db-3', 'Replication lag', 'Connection pool exhausted'] };
  const times = rng.times(230, start, anchor - HOUR);
  const incidents = times.map((t, i) => {
    const svc = rng.pick(services), left = times.length - i;
    const status = left <= 3 ? 'triggered' : left <= 5 ? 'acknowledged' : 'resolved';
    const resolved = status === 'resolved' ? t + Math.round(clamp(rng.lognormal(45 * MIN, 1.1), 3 * MIN, 3 * DAY)) : null;
    const acked = status !== 'triggered' ? t + rng.int(1, 15) * MIN : null;
    return {
      id: `Q${rng.pdId(14).slice(1)}`, number: 1201 + i, t, svc, status, resolved, acked, who: rng.pick(people), key: rng.hex(32),
      title: rng.pick(titles[svc.name]), urgency: rng.chance(0.6) ? 'high' : 'low', priority: rng.chance(0.8) ? `P${rng.int(1, 4)}` : null,
      updated: resolved ?? acked ?? t, alerts: rng.int(1, 6), log: rng.pdId(14),
    };
  });
  return { teams, services, incidents, ep: { id: rng.pdId(), name: 'Default escalation' }, prio: Object.fromEntries([1, 2, 3, 4].map((n) => [`P${n}`, rng.pdId()])) };
}

function buildOpsgenie(anchor) {
  const start = anchor - SPAN_DAYS * DAY, rng = new Rng(1791);
  const teams = ['Payments', 'Discovery', 'Platform'].map((name) => ({ id: rng.uuid(), name }));
  const services = ['checkout-api', 'search', 'postgres', 'web'].map((name, i) => ({ id: rng.uuid(), name, team: teams[[0, 1, 2, 1][i]] }));
  const messages = { 'checkout-api': ['Checkout is down', 'Payment errors above SLO'], search: ['Search slow', 'Indexer stuck'], postgres: ['Primary failover', 'Disk almost full'], web: ['Frontend 5xx', 'Login broken'] };
  const times = rng.times(150, start, anchor - HOUR);
  const incidents = times.map((t, i) => {
    const svc = rng.pick(services), left = times.length - i;
    const status = left <= 4 ? 'open' : rng.chance(0.7) ? 'resolved' : 'closed';
    const impactStart = t - rng.int(0, 10) * MIN;
    const impactEnd = status === 'open' ? null : t + Math.round(clamp(rng.lognormal(50 * MIN, 1), 5 * MIN, 2 * DAY));
    const updated = impactEnd == null ? t + rng.int(1, 20) * MIN : impactEnd + rng.int(1, 30) * MIN + (status === 'closed' ? rng.int(1, 5) * DAY : 0);
    return { id: rng.uuid(), tinyId: String(1791 + i), t, svc, status, impactStart, impactEnd, updated: Math.min(updated, anchor - MIN), priority: `P${rng.int(1, 5)}`, message: rng.pick(messages[svc.name]), tags: rng.chance(0.5) ? [svc.name, `sev${rng.int(1, 3)}`] : [] };
  });
  return { teams, services, incidents };
}

function buildJira(anchor) {
  const start = anchor - SPAN_DAYS * DAY, rng = new Rng(10001);
  const projects = [{ id: '10001', key: 'OPS', name: 'Operations' }, { id: '10002', key: 'WEB', name: 'Web' }];
  const types = { Incident: '10004', Bug: '10001', Task: '10002', Story: '10003' };
  const statuses = { 'To Do': ['10000', 'new', 'To Do', 2, 'blue-gray'], 'In Progress': ['3', 'indeterminate', 'In Progress', 4, 'yellow'], Done: ['10001', 'done', 'Done', 3, 'green'] };
  const teams = [{ id: 'a1b2c3d4-0001', name: 'Payments' }, { id: 'a1b2c3d4-0002', name: 'Discovery' }, { id: 'a1b2c3d4-0003', name: 'Platform' }];
  const components = [['100', 'checkout', 0], ['101', 'search', 1], ['102', 'web', 1], ['103', 'database', 2]];
  const summaries = { Incident: ['Checkout errors', 'Search down', 'Login failures', 'Database failover', 'Slow product pages'], Bug: ['Typo in footer', 'Wrong tax on invoice', 'Filter resets on back'], Task: ['Postmortem follow-up', 'Rotate certificates', 'Upgrade runtime'], Story: ['Saved searches', 'Guest checkout'] };
  const users = PEOPLE.map((p, i) => ({ accountId: `5b10a2844c20165700ede2${i}a`, displayName: p.name, tz: p.tz }));
  const seq = { OPS: 0, WEB: 0 };
  const issues = rng.times(120, start, anchor - 2 * HOUR).map((t, i) => {
    const project = rng.chance(0.75) ? projects[0] : projects[1];
    const r = rng.float();
    const type = project.key === 'OPS' ? (r < 0.6 ? 'Incident' : r < 0.75 ? 'Bug' : 'Task') : r < 0.15 ? 'Incident' : r < 0.6 ? 'Bug' : 'Story';
    const comp = rng.pick(components), resolvedP = type === 'Incident' ? 0.93 : 0.6;
    const started = t + rng.int(2, 60) * MIN, resolved = rng.chance(resolvedP) && i < 117 ? started + Math.round(clamp(rng.lognormal(type === 'Incident' ? 3 * HOUR : 3 * DAY, 1), 20 * MIN, 30 * DAY)) : null;
    const status = resolved ? 'Done' : rng.chance(0.5) ? 'In Progress' : 'To Do';
    const last = resolved ?? (status === 'In Progress' ? started : t);
    const updated = Math.min(anchor - MIN, last + (rng.chance(0.3) ? rng.int(1, 10) * DAY : rng.int(0, 30) * MIN));
    const reporter = rng.pick(users), assignee = rng.chance(0.8) ? rng.pick(users) : null;
    const history = [];
    if (status !== 'To Do') history.push({ t: started, from: 'To Do', to: 'In Progress', who: assignee ?? reporter });
    if (resolved) history.push({ t: resolved, from: 'In Progress', to: 'Done', who: assignee ?? reporter, resolution: true });
    return {
      id: String(20100 + i), key: `${project.key}-${++seq[project.key]}`, project, type, typeId: types[type], t, updated, resolved, status, statuses,
      summary: rng.pick(summaries[type]), comp, team: comp[2] != null && rng.chance(0.85) ? teams[comp[2]] : null,
      priority: rng.pick([['1', 'Highest'], ['2', 'High'], ['3', 'Medium'], ['4', 'Low']]), labels: type === 'Incident' ? [`sev${rng.int(1, 3)}`] : rng.chance(0.2) ? ['incident'] : [],
      severity: type === 'Incident' ? `Sev ${rng.int(1, 3)}` : null, reporter, assignee, history: history.map((h, k) => ({ ...h, id: String(30000 + i * 10 + k) })),
    };
  });
  return { projects, issues, users };
}

const worlds = new Map();
function world(anchor) {
  if (!worlds.has(anchor)) worlds.set(anchor, { github: buildGithub(anchor), gitlab: buildGitlab(anchor), pagerduty: buildPagerduty(anchor), opsgenie: buildOpsgenie(anchor), jira: buildJira(anchor) });
  return worlds.get(anchor);
}

// ---------------------------------------------------------------------------------------------
// Shared request plumbing

class HttpError extends Error {
  constructor(status, body, headers = {}) { super(`HTTP ${status}`); Object.assign(this, { status, body, headers }); }
}
const intParam = (v, def, min, max = Infinity) => { const n = /^\s*-?\d+\s*$/.test(v ?? '') ? Number(v) : NaN; return Number.isFinite(n) ? clamp(n, min, max) : def; };
const laterPage = (q, json = {}) => intParam(q.get('page'), 1, 1) > 1 || intParam(q.get('offset'), 0, 0) > 0 || intParam(String(json.startAt ?? q.get('startAt') ?? ''), 0, 0) > 0 || q.has('nextPageToken') || json.nextPageToken != null;
function parseTime(v, what, fail) {
  const ms = /^\d{12,13}$/.test(v) ? Number(v) : Date.parse(v);
  if (!Number.isFinite(ms)) throw fail(`${what} is invalid`);
  return ms;
}

// ---------------------------------------------------------------------------------------------
// GitHub REST

const GH_EXPOSE = 'ETag, Link, Location, Retry-After, X-GitHub-OTP, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Used, X-RateLimit-Resource, X-RateLimit-Reset, X-OAuth-Scopes, X-Accepted-OAuth-Scopes, X-Poll-Interval, X-GitHub-Media-Type, X-GitHub-SSO, X-GitHub-Request-Id, Deprecation, Sunset';
const GH_ALLOW_HEADERS = 'Authorization, Content-Type, If-Match, If-Modified-Since, If-None-Match, If-Unmodified-Since, Accept-Encoding, X-GitHub-OTP, X-Requested-With, User-Agent, GraphQL-Features, X-Github-Next-Global-ID, X-GitHub-Api-Version';
const GH_DOCS = 'https://docs.github.com/rest';
const ghError = (status, message, doc = GH_DOCS, extra = {}) => new HttpError(status, { message, ...extra, documentation_url: doc, status: String(status) });

const ghUser = (ctx, u) => ({ login: u.login, id: u.id, node_id: nodeId(u.type === 'Organization' ? 'Organization' : 'User', u.id), avatar_url: `https://avatars.githubusercontent.com/u/${u.id}?v=4`, gravatar_id: '', url: `${ctx.base}/users/${encodeURIComponent(u.login)}`, html_url: `https://github.com/${u.login}`, type: u.type ?? 'User', site_admin: false });
const ghRepoUrl = (ctx, repo) => `${ctx.base}/repos/${GH_ORG.login}/${repo.name}`;
const ghMiniRepo = (ctx, r) => ({ id: r.id, node_id: nodeId('Repository', r.id), name: r.name, full_name: `${GH_ORG.login}/${r.name}`, private: true, owner: ghUser(ctx, GH_ORG), html_url: `https://github.com/${GH_ORG.login}/${r.name}`, description: `The ${r.name} service`, fork: false, url: ghRepoUrl(ctx, r) });
function ghRepoFull(ctx, r) {
  const at = Date.parse(r.created);
  return { ...ghMiniRepo(ctx, r), deployments_url: `${ghRepoUrl(ctx, r)}/deployments`, releases_url: `${ghRepoUrl(ctx, r)}/releases{/id}`, created_at: iso(at), updated_at: iso(r.pushed), pushed_at: iso(r.pushed), git_url: `git://github.com/${GH_ORG.login}/${r.name}.git`, ssh_url: `git@github.com:${GH_ORG.login}/${r.name}.git`, clone_url: `https://github.com/${GH_ORG.login}/${r.name}.git`, homepage: null, size: 1000 + (r.id % 9000), stargazers_count: r.id % 40, watchers_count: r.id % 40, language: r.language, has_issues: true, has_projects: false, has_downloads: true, has_wiki: false, has_pages: false, has_discussions: false, forks_count: 0, mirror_url: null, archived: !!r.archived, disabled: false, open_issues_count: r.id % 17, license: null, allow_forking: false, is_template: false, web_commit_signoff_required: false, topics: [], visibility: 'private', forks: 0, open_issues: r.id % 17, watchers: r.id % 40, default_branch: 'main', permissions: { admin: false, maintain: false, push: true, triage: true, pull: true } };
}
function ghDeployment(ctx, d) {
  const repoUrl = ghRepoUrl(ctx, d.repo);
  return { url: `${repoUrl}/deployments/${d.id}`, id: d.id, node_id: nodeId('Deployment', d.id), sha: d.c.sha, ref: d.ref, task: 'deploy', payload: {}, original_environment: d.env, environment: d.env, description: d.env === 'preview' ? `Preview of ${d.ref}` : null, creator: ghUser(ctx, d.creator), created_at: iso(d.t), updated_at: iso(d.updated), statuses_url: `${repoUrl}/deployments/${d.id}/statuses`, repository_url: repoUrl, transient_environment: d.env === 'preview', production_environment: d.env === 'production', performed_via_github_app: null };
}
function ghStatus(ctx, s) {
  const repoUrl = ghRepoUrl(ctx, s.d.repo), host = `${s.d.repo.name}.acme.example`;
  const envUrl = s.d.env === 'production' ? `https://${host}` : s.d.env === 'staging' ? `https://staging.${host}` : `https://${s.d.ref.replace(/\W+/g, '-')}.preview.${host}`;
  const log = `https://github.com/${GH_ORG.login}/${s.d.repo.name}/actions/runs/${s.d.id - 1_000_000_000}`;
  return { url: `${repoUrl}/deployments/${s.d.id}/statuses/${s.id}`, id: s.id, node_id: nodeId('DeploymentStatus', s.id), state: s.state, creator: ghUser(ctx, s.creator), description: s.description, environment: s.d.env, target_url: log, created_at: iso(s.t), updated_at: iso(s.t), deployment_url: `${repoUrl}/deployments/${s.d.id}`, repository_url: repoUrl, environment_url: envUrl, log_url: log, performed_via_github_app: null };
}
const gitPerson = (p, ms) => ({ name: p.name, email: p.email, date: iso(ms) });
function ghCommit(ctx, repo, c) {
  const repoUrl = ghRepoUrl(ctx, repo), web = `https://github.com/${GH_ORG.login}/${repo.name}`;
  const files = Array.from({ length: c.files }, (_, i) => ({ sha: sha256(c.sha + i).slice(0, 40), filename: `src/${(TOPICS[repo.name][i % 7] ?? 'misc').replace(/ /g, '_')}${i}.ts`, status: 'modified', additions: Math.ceil(c.additions / c.files), deletions: Math.floor(c.deletions / c.files), changes: Math.ceil(c.additions / c.files) + Math.floor(c.deletions / c.files) }));
  return {
    sha: c.sha, node_id: nodeId('Commit', c.sha.slice(0, 12)),
    commit: { author: gitPerson(c.author, c.authorDate), committer: gitPerson(c.committer, c.commitDate), message: c.message, tree: { sha: c.tree, url: `${repoUrl}/git/trees/${c.tree}` }, url: `${repoUrl}/git/commits/${c.sha}`, comment_count: 0, verification: c.committer === GH_WEB ? { verified: true, reason: 'valid', signature: '-----BEGIN PGP SIGNATURE-----\n(fake)\n-----END PGP SIGNATURE-----\n', payload: '(fake)', verified_at: iso(c.commitDate) } : { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null } },
    url: `${repoUrl}/commits/${c.sha}`, html_url: `${web}/commit/${c.sha}`, comments_url: `${repoUrl}/commits/${c.sha}/comments`,
    author: ghUser(ctx, c.author), committer: c.committer === GH_WEB ? { login: 'web-flow', id: 19864447, node_id: nodeId('User', 19864447), avatar_url: 'https://avatars.githubusercontent.com/u/19864447?v=4', gravatar_id: '', url: `${ctx.base}/users/web-flow`, html_url: 'https://github.com/web-flow', type: 'User', site_admin: false } : ghUser(ctx, c.committer),
    parents: [{ sha: c.parent, url: `${repoUrl}/commits/${c.parent}`, html_url: `${web}/commit/${c.parent}` }],
    stats: { total: c.additions + c.deletions, additions: c.additions, deletions: c.deletions }, files,
  };
}
function ghRun(ctx, r) {
  const repoUrl = ghRepoUrl(ctx, r.repo), runUrl = `${repoUrl}/actions/runs/${r.id}`, actor = ghUser(ctx, r.event === 'schedule' ? GH_BOT : r.c.author);
  return {
    id: r.id, name: r.name, node_id: nodeId('WorkflowRun', r.id), head_branch: r.branch, head_sha: r.c.sha, path: r.path, display_title: r.c.message.replace(/ \(#\d+\)$/, ''), run_number: r.number, event: r.event, status: r.status, conclusion: r.conclusion, workflow_id: r.workflowId, check_suite_id: r.id + 17, check_suite_node_id: nodeId('CheckSuite', r.id + 17),
    url: runUrl, html_url: `https://github.com/${GH_ORG.login}/${r.repo.name}/actions/runs/${r.id}`, pull_requests: [], created_at: iso(r.t), updated_at: iso(r.done), actor, run_attempt: r.attempt, referenced_workflows: [], run_started_at: iso(r.attempt > 1 ? r.done - 6 * MIN : r.t), triggering_actor: actor,
    jobs_url: `${runUrl}/jobs`, logs_url: `${runUrl}/logs`, check_suite_url: `${repoUrl}/check-suites/${r.id + 17}`, artifacts_url: `${runUrl}/artifacts`, cancel_url: `${runUrl}/cancel`, rerun_url: `${runUrl}/rerun`, previous_attempt_url: r.attempt > 1 ? `${runUrl}/attempts/1` : null, workflow_url: `${repoUrl}/actions/workflows/${r.workflowId}`,
    head_commit: { id: r.c.sha, tree_id: r.c.tree, message: r.c.message, timestamp: zoned(r.c.commitDate, r.c.committer.tz ?? 'UTC', { millis: false }).replace(/\+00:00$/, 'Z'), author: { name: r.c.author.name, email: r.c.author.email }, committer: { name: r.c.committer.name, email: r.c.committer.email } },
    repository: ghMiniRepo(ctx, r.repo), head_repository: ghMiniRepo(ctx, r.repo),
  };
}
function ghRelease(ctx, rel) {
  const repoUrl = ghRepoUrl(ctx, rel.repo), web = `https://github.com/${GH_ORG.login}/${rel.repo.name}`;
  const asset = rel.rng < 0.3 && rel.published ? [{ url: `${repoUrl}/releases/assets/${rel.id + 5}`, id: rel.id + 5, node_id: nodeId('ReleaseAsset', rel.id + 5), name: `${rel.repo.name}-${rel.tag}.tar.gz`, label: null, uploader: ghUser(ctx, GH_BOT), content_type: 'application/gzip', state: 'uploaded', size: 184_320 + (rel.id % 5000), download_count: rel.id % 30, created_at: iso(rel.published - 30_000), updated_at: iso(rel.published - 25_000), browser_download_url: `${web}/releases/download/${rel.tag}/${rel.repo.name}-${rel.tag}.tar.gz` }] : [];
  return { url: `${repoUrl}/releases/${rel.id}`, assets_url: `${repoUrl}/releases/${rel.id}/assets`, upload_url: `https://uploads.github.com/repos/${GH_ORG.login}/${rel.repo.name}/releases/${rel.id}/assets{?name,label}`, html_url: `${web}/releases/tag/${rel.tag}`, id: rel.id, author: ghUser(ctx, rel.c.author), node_id: nodeId('Release', rel.id), tag_name: rel.tag, target_commitish: rel.rng < 0.6 ? 'main' : rel.c.sha, name: rel.tag, draft: !!rel.draft, prerelease: rel.prerelease, created_at: iso(rel.created), published_at: rel.published ? iso(rel.published) : null, assets: asset, tarball_url: `${repoUrl}/tarball/${rel.tag}`, zipball_url: `${repoUrl}/zipball/${rel.tag}`, body: `## What's changed\r\n* ${rel.c.message}` };
}

function ghPaginate(ctx, items, linkPath, { per: defPer = 30 } = {}) {
  const per = intParam(ctx.q.get('per_page'), defPer, 1, 100), page = intParam(ctx.q.get('page'), 1, 1);
  const last = Math.max(1, Math.ceil(items.length / per));
  const url = (n) => { const q = new URLSearchParams(ctx.q); q.delete('page'); q.append('page', String(n)); return `<${ctx.base}${linkPath}?${q}>`; };
  const rels = [];
  if (page > 1) rels.push(`${url(Math.min(page - 1, last))}; rel="prev"`);
  if (page < last) rels.push(`${url(page + 1)}; rel="next"`, `${url(last)}; rel="last"`);
  if (page > 1) rels.push(`${url(1)}; rel="first"`);
  return { page: items.slice((page - 1) * per, page * per), headers: rels.length ? { Link: rels.join(', ') } : {} };
}
function ghRepo(ctx, p, doc) {
  const gh = ctx.world.github;
  const repo = p.rid ? gh.byId.get(Number(p.rid)) : p.o.toLowerCase() === GH_ORG.login ? gh.repos.find((r) => r.name === p.r.toLowerCase()) : null;
  if (!repo) throw ghError(404, 'Not Found', doc);
  return repo;
}
function ghCreated(v) { // created=>=2025-01-01, <2025-02-01T10:00:00Z, 2025-01-01..2025-01-07, *..2025-02-01
  const bad = () => ghError(422, 'Validation Failed', 'https://docs.github.com/rest/actions/workflow-runs#list-workflow-runs-for-a-repository', { errors: [{ resource: 'WorkflowRun', field: 'created', code: 'invalid' }] });
  const at = (s, end) => { if (s === '*') return end ? Infinity : -Infinity; const ms = Date.parse(/T/.test(s) || s.length > 10 ? s : `${s}T00:00:00Z`); if (!Number.isFinite(ms)) throw bad(); return end && s.length <= 10 ? ms + DAY - 1 : ms; };
  const m = /^(>=|<=|>|<)?(.+)$/.exec(v.trim());
  if (m[2].includes('..')) { const [a, b] = m[2].split('..'); const lo = at(a, false), hi = at(b, true); return (t) => t >= lo && t <= hi; }
  const x = at(m[2], m[1] === '<=' || m[1] === '>');
  return { '>=': (t) => t >= x, '>': (t) => t > x, '<=': (t) => t <= x, '<': (t) => t < x }[m[1]] ?? ((t) => t >= x && t < x + DAY);
}
const repoRoutes = (suffix, handler, doc, kind) => [
  [`/repos/:o/:r${suffix}`, handler, { doc, key: (ctx, p) => `${kind}:${ghRepo(ctx, p, doc).name}` }],
  [`/repositories/:rid${suffix}`, handler, { doc, key: (ctx, p) => `${kind}:${ghRepo(ctx, p, doc).name}` }],
];
const GITHUB_ROUTES = [
  ['/user', (ctx) => ({ body: { ...ghUser(ctx, PEOPLE[2]), name: PEOPLE[2].name, company: '@acme', created_at: '2011-01-25T18:44:36Z' }, headers: { 'X-OAuth-Scopes': 'repo, read:org' } })],
  ['/rate_limit', (ctx) => { const r = ctx.rate(); const core = { limit: r.limit, used: r.used, remaining: r.limit - r.used, reset: r.reset }; return { body: { resources: { core, search: { limit: 30, used: 0, remaining: 30, reset: r.reset }, graphql: { ...core, used: 0, remaining: 5000 } }, rate: core }, free: true }; }],
  ...[['/orgs/:org/repos'], ['/organizations/:oid/repos']].map(([path]) => [path, (ctx, p) => {
    if ((p.org ?? '').toLowerCase() !== GH_ORG.login && p.oid !== String(GH_ORG.id)) throw ghError(404, 'Not Found', 'https://docs.github.com/rest/repos/repos#list-organization-repositories');
    const type = ctx.q.get('type') ?? 'all', sort = ctx.q.get('sort') ?? 'created';
    let repos = ctx.world.github.repos.filter(() => !['public', 'forks'].includes(type));
    const key = { created: (r) => Date.parse(r.created), updated: (r) => r.pushed, pushed: (r) => r.pushed, full_name: (r) => r.name }[sort] ?? ((r) => Date.parse(r.created));
    const dir = ctx.q.get('direction') ?? (sort === 'full_name' ? 'asc' : 'desc');
    repos = [...repos].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0) * (dir === 'asc' ? 1 : -1));
    const { page, headers } = ghPaginate(ctx, repos, `/organizations/${GH_ORG.id}/repos`);
    return { body: page.map((r) => ghRepoFull(ctx, r)), headers };
  }, { doc: 'https://docs.github.com/rest/repos/repos#list-organization-repositories', key: () => `org-repos:${GH_ORG.login}` }]),
  ['/repos/:o/:r', (ctx, p) => ({ body: ghRepoFull(ctx, ghRepo(ctx, p)) })],
  ...repoRoutes('/deployments', (ctx, p) => {
    const repo = ghRepo(ctx, p);
    const f = Object.fromEntries(['sha', 'ref', 'task', 'environment'].map((k) => [k, ctx.q.get(k)]));
    const list = repo.deployments.filter((d) => (!f.sha || d.c.sha === f.sha) && (!f.ref || d.ref === f.ref) && (!f.task || f.task === 'deploy') && (!f.environment || d.env === f.environment));
    const { page, headers } = ghPaginate(ctx, list, `/repositories/${repo.id}/deployments`);
    return { body: page.map((d) => ghDeployment(ctx, d)), headers };
  }, 'https://docs.github.com/rest/deployments/deployments#list-deployments', 'deployments'),
  ...repoRoutes('/deployments/:id/statuses', (ctx, p) => {
    const doc = 'https://docs.github.com/rest/deployments/statuses#list-deployment-statuses';
    const d = ghRepo(ctx, p, doc).deployments.find((x) => String(x.id) === p.id);
    if (!d) throw ghError(404, 'Not Found', doc);
    const { page, headers } = ghPaginate(ctx, d.st, `/repositories/${d.repo.id}/deployments/${d.id}/statuses`);
    return { body: page.map((s) => ghStatus(ctx, s)), headers };
  }, 'https://docs.github.com/rest/deployments/statuses#list-deployment-statuses', 'statuses'),
  ...repoRoutes('/actions/runs', (ctx, p) => {
    const repo = ghRepo(ctx, p), q = ctx.q;
    const created = q.get('created') ? ghCreated(q.get('created')) : null, status = q.get('status');
    const list = repo.runs.filter((r) => (!q.get('branch') || r.branch === q.get('branch')) && (!q.get('event') || r.event === q.get('event')) && (!q.get('head_sha') || r.c.sha === q.get('head_sha'))
      && (!created || created(r.t)) && (!status || r.status === status || r.conclusion === status));
    const capped = ['actor', 'branch', 'check_suite_id', 'created', 'event', 'head_sha', 'status'].some((k) => q.has(k)) ? list.slice(0, 1000) : list;
    const { page, headers } = ghPaginate(ctx, capped, `/repositories/${repo.id}/actions/runs`);
    return { body: { total_count: list.length, workflow_runs: page.map((r) => ghRun(ctx, r)) }, headers };
  }, 'https://docs.github.com/rest/actions/workflow-runs#list-workflow-runs-for-a-repository', 'runs'),
  ...repoRoutes('/releases', (ctx, p) => {
    const repo = ghRepo(ctx, p), { page, headers } = ghPaginate(ctx, repo.releases, `/repositories/${repo.id}/releases`);
    return { body: page.map((r) => ghRelease(ctx, r)), headers };
  }, 'https://docs.github.com/rest/releases/releases#list-releases', 'releases'),
  ['/repos/:o/:r/commits/:ref', (ctx, p) => {
    const doc = 'https://docs.github.com/rest/commits/commits#get-a-commit', repo = ghRepo(ctx, p, doc);
    const sha = repo.tags.get(p.ref) ?? (p.ref === 'main' ? repo.main.at(-1)?.sha : [...repo.commits.keys()].find((s) => p.ref.length >= 7 && s.startsWith(p.ref.toLowerCase())));
    if (!sha) throw ghError(422, `No commit found for SHA: ${p.ref}`, doc);
    return { body: ghCommit(ctx, repo, repo.commits.get(sha)) };
  }, { doc: 'https://docs.github.com/rest/commits/commits#get-a-commit', key: (ctx, p) => `commits:${ghRepo(ctx, p).name}` }],
];

const github = {
  routes: GITHUB_ROUTES,
  auth(req) { const m = /^(?:bearer|token)\s+(\S+)\s*$/i.exec(req.headers.authorization ?? ''); return !req.headers.authorization ? 'missing' : m && m[1] === TOKENS.github ? 'ok' : 'bad'; },
  unauthorized: () => ghError(401, 'Bad credentials'),
  // Without a token the repositories are private: GitHub answers 404 rather than 401.
  missing: (ctx, route) => (route.path === '/rate_limit' ? null : route.path === '/user' ? ghError(401, 'Requires authentication', 'https://docs.github.com/rest/users/users#get-the-authenticated-user') : ghError(404, 'Not Found', route.opts.doc)),
  notFound: () => ghError(404, 'Not Found'),
  headers(ctx) {
    const r = ctx.rate(), h = { 'Content-Type': 'application/json; charset=utf-8', Server: 'github.com', 'X-GitHub-Media-Type': 'github.v3; format=json', 'X-GitHub-Api-Version-Selected': '2022-11-28', 'X-GitHub-Request-Id': ctx.requestId.toUpperCase().replace(/^(.{4})(.{4})(.{6})(.{6})(.{8}).*/, '$1:$2:$3:$4:$5'), 'Cache-Control': 'private, max-age=60, s-maxage=60', Vary: 'Accept, Authorization, Cookie, X-GitHub-OTP, Accept-Encoding, Accept, X-Requested-With', 'X-Accepted-OAuth-Scopes': 'repo', 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': GH_EXPOSE, 'X-Content-Type-Options': 'nosniff', 'X-Frame-Options': 'deny' };
    if (ctx.auth === 'ok') h['X-OAuth-Scopes'] = 'repo, read:org';
    return { ...h, 'X-RateLimit-Limit': String(r.limit), 'X-RateLimit-Remaining': String(r.limit - r.used), 'X-RateLimit-Reset': String(r.reset), 'X-RateLimit-Used': String(r.used), 'X-RateLimit-Resource': 'core' };
  },
  preflight: () => ({ status: 204, headers: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': GH_ALLOW_HEADERS, 'Access-Control-Allow-Methods': 'GET, POST, PATCH, PUT, DELETE', 'Access-Control-Max-Age': '86400', Vary: 'Accept-Encoding, Accept, X-Requested-With' } }),
  serverError: () => new HttpError(502, { message: 'Server Error' }),
};

// ---------------------------------------------------------------------------------------------
// GitLab REST v4 (under /gitlab/api/v4)

const GL_WEB = 'https://gitlab.example.com';
const GL_EXPOSE = 'Link, X-Total, X-Total-Pages, X-Per-Page, X-Page, X-Next-Page, X-Prev-Page, X-Gitlab-Blob-Id, X-Gitlab-Commit-Id, X-Gitlab-Content-Sha256, X-Gitlab-Encoding, X-Gitlab-File-Name, X-Gitlab-File-Path, X-Gitlab-Last-Commit-Id, X-Gitlab-Ref, X-Gitlab-Size, X-Request-Id, ETag';
const glMessage = (status, message) => new HttpError(status, { message });
const glUser = (p) => ({ id: PEOPLE.indexOf(p) + 1, username: p.login, name: p.name, state: 'active', locked: false, avatar_url: `https://secure.gravatar.com/avatar/${sha256(p.email).slice(0, 32)}?s=80&d=identicon`, web_url: `${GL_WEB}/${p.login}` });
const glPath = (p) => `${p.ns.full_path}/${p.path}`;
function glProject(p, simple) {
  const path = glPath(p), base = { id: p.id, description: `The ${p.name} project`, name: p.name, name_with_namespace: path.split('/').join(' / '), path: p.path, path_with_namespace: path, created_at: p.created, default_branch: 'main', tag_list: [], topics: [], ssh_url_to_repo: `git@gitlab.example.com:${path}.git`, http_url_to_repo: `${GL_WEB}/${path}.git`, web_url: `${GL_WEB}/${path}`, readme_url: `${GL_WEB}/${path}/-/blob/main/README.md`, forks_count: 0, avatar_url: null, star_count: p.id % 7, last_activity_at: isoMs(p.deployments.at(-1)?.updated ?? Date.parse(p.created)), namespace: { id: p.ns.id, name: p.ns.name, path: p.ns.path, kind: 'group', full_path: p.ns.full_path, parent_id: p.ns.parent, avatar_url: null, web_url: `${GL_WEB}/groups/${p.ns.full_path}` } };
  return simple ? base : { ...base, visibility: 'private', archived: !!p.archived, empty_repo: false, issues_enabled: true, merge_requests_enabled: true, jobs_enabled: true, wiki_enabled: false, creator_id: 1, open_issues_count: p.id * 3, updated_at: base.last_activity_at };
}
function glDeployment(p, d) {
  const path = glPath(p), c = d.c, person = c.author;
  const commit = { id: c.sha, short_id: c.sha.slice(0, 8), created_at: zoned(c.committed, person.tz), parent_ids: [c.parent], title: c.title, message: `Merge branch '${d.ref === 'main' ? `mr-${c.mr}` : d.ref}' into 'main'\n\n${c.title}\n\nSee merge request ${path}!${c.mr}`, author_name: person.name, author_email: person.email, authored_date: zoned(c.authored, person.tz), committer_name: person.name, committer_email: person.email, committed_date: zoned(c.committed, person.tz), trailers: {}, extended_trailers: {}, web_url: `${GL_WEB}/${path}/-/commit/${c.sha}` };
  const jobStatus = d.status === 'blocked' ? 'manual' : d.status;
  const deployable = d.job && { id: d.job.id, status: jobStatus, stage: 'deploy', name: d.job.name, ref: d.ref, tag: false, coverage: null, allow_failure: false, created_at: isoMs(d.t), started_at: d.status === 'blocked' ? null : isoMs(d.started), finished_at: d.finished ? isoMs(d.finished) : null, erased_at: null, duration: d.finished ? (d.finished - d.started) / 1000 : null, queued_duration: d.queued / 1000, user: glUser(d.user), commit, pipeline: { id: d.job.pipeline, iid: d.job.pipelineIid, project_id: p.id, sha: c.sha, ref: d.ref, status: jobStatus === 'manual' ? 'manual' : jobStatus, source: 'push', created_at: isoMs(d.t - 4 * MIN), updated_at: isoMs(d.updated), web_url: `${GL_WEB}/${path}/-/pipelines/${d.job.pipeline}` }, web_url: `${GL_WEB}/${path}/-/jobs/${d.job.id}`, project: { ci_job_token_scope_enabled: false }, artifacts: [], runner: d.status === 'blocked' ? null : { id: 12270837, description: '2-green.saas-linux-small-amd64.runners-manager.gitlab.com/default', ip_address: null, active: true, paused: false, is_shared: true, runner_type: 'instance_type', name: 'gitlab-runner', online: true, status: 'online' }, artifacts_expire_at: null, tag_list: [] };
  return { id: d.id, iid: d.iid, ref: d.ref, sha: c.sha, created_at: isoMs(d.t), updated_at: isoMs(d.updated), status: d.status, user: glUser(d.user), environment: { id: d.env.id, name: d.env.name, slug: d.env.name.replace(/[^a-z0-9]+/g, '-').slice(0, 24), external_url: d.env.external_url, created_at: isoMs(d.env.created), updated_at: isoMs(d.env.created) }, deployable: deployable ?? null };
}
function glPaginate(ctx, items) {
  const per = intParam(ctx.q.get('per_page'), 20, 1, 100), page = intParam(ctx.q.get('page'), 1, 1);
  const pages = Math.max(1, Math.ceil(items.length / per)), big = items.length > 10_000;
  const url = (n) => { const q = new URLSearchParams(ctx.q); q.set('page', String(n)); q.set('per_page', String(per)); return `<${ctx.base}${ctx.path}?${q}>`; };
  const link = [page > 1 && `${url(page - 1)}; rel="prev"`, page < pages && `${url(page + 1)}; rel="next"`, `${url(1)}; rel="first"`, !big && `${url(pages)}; rel="last"`].filter(Boolean);
  const headers = { Link: link.join(', '), 'X-Page': String(page), 'X-Per-Page': String(per), 'X-Next-Page': page < pages ? String(page + 1) : '', 'X-Prev-Page': page > 1 ? String(page - 1) : '' };
  if (!big) Object.assign(headers, { 'X-Total': String(items.length), 'X-Total-Pages': String(pages) });
  return { page: items.slice((page - 1) * per, page * per), headers };
}
function glFind(ctx, list, id, what) { // numeric id or URL-encoded full path (group%2Fsub%2Fproject)
  const x = /^\d+$/.test(id) ? list.find((p) => p.id === Number(id)) : list.find((p) => (p.full_path ?? glPath(p)) === id.toLowerCase());
  if (!x || ctx.auth !== 'ok') throw glMessage(404, `404 ${what} Not Found`);
  return x;
}
const GITLAB_ROUTES = [
  ['/user', () => ({ body: { ...glUser(PEOPLE[0]), created_at: '2015-12-21T13:14:24.077Z', email: PEOPLE[0].email } })],
  ['/projects/:id', (ctx, p) => ({ body: glProject(glFind(ctx, ctx.world.gitlab.projects, p.id, 'Project')) })],
  ['/projects/:id/deployments', (ctx, p) => {
    const project = glFind(ctx, ctx.world.gitlab.projects, p.id, 'Project'), q = ctx.q, bad = (m) => glMessage(400, `400 Bad request - ${m}`);
    const orderBy = q.get('order_by') ?? 'id', sort = q.get('sort') ?? 'asc';
    if (!['id', 'iid', 'created_at', 'updated_at', 'finished_at'].includes(orderBy)) throw new HttpError(400, { error: 'order_by does not have a valid value' });
    if (!['asc', 'desc'].includes(sort)) throw new HttpError(400, { error: 'sort does not have a valid value' });
    const status = q.get('status');
    if (status && !['created', 'running', 'success', 'failed', 'canceled', 'skipped', 'blocked'].includes(status)) throw new HttpError(400, { error: 'status does not have a valid value' });
    const time = (k) => (q.has(k) ? parseTime(q.get(k), k, (m) => new HttpError(400, { error: m })) : null);
    const [ua, ub, fa, fb] = ['updated_after', 'updated_before', 'finished_after', 'finished_before'].map(time);
    const byUpdated = ua != null || ub != null, byFinished = fa != null || fb != null;
    if (byUpdated && byFinished) throw bad('Both `updated_at` filter and `finished_at` filter can not be specified');
    if (byUpdated && orderBy !== 'updated_at') throw bad('`updated_at` filter requires `updated_at` sort');
    if (byFinished && orderBy !== 'finished_at') throw bad('`finished_at` filter requires `finished_at` sort.');
    if (orderBy === 'finished_at' && !['success', 'failed', 'canceled'].includes(status)) throw bad('`finished_at` sort requires `finished_at` filter or a filter with at least one of the finished statuses');
    if (byFinished && status !== 'success') throw bad('`finished_at` filter must be combined with `success` status filter.');
    const env = q.get('environment');
    const fin = (d) => d.finished ?? Infinity;
    const list = project.deployments.filter((d) => (!env || d.env.name === env) && (!status || d.status === status) && (ua == null || d.updated >= ua) && (ub == null || d.updated <= ub) && (fa == null || fin(d) >= fa) && (fb == null || fin(d) <= fb));
    const key = { id: (d) => d.id, iid: (d) => d.iid, created_at: (d) => d.t, updated_at: (d) => d.updated, finished_at: fin }[orderBy];
    list.sort((a, b) => (key(a) - key(b) || a.id - b.id) * (sort === 'desc' ? -1 : 1));
    const { page, headers } = glPaginate(ctx, list);
    return { body: page.map((d) => glDeployment(project, d)), headers };
  }, { key: (ctx, p) => `deployments:${glFind(ctx, ctx.world.gitlab.projects, p.id, 'Project').id}` }],
  ['/groups/:id/projects', (ctx, p) => {
    const gl = ctx.world.gitlab, group = glFind(ctx, gl.groups, p.id, 'Group'), q = ctx.q;
    const within = (g) => g.id === group.id || (q.get('include_subgroups') === 'true' && g.parent === group.id);
    let list = gl.projects.filter((x) => within(x.ns) && (q.get('archived') == null || String(!!x.archived) === q.get('archived')));
    const orderBy = q.get('order_by') ?? 'created_at', dir = (q.get('sort') ?? 'desc') === 'asc' ? 1 : -1;
    const key = { id: (x) => x.id, name: (x) => x.name, path: (x) => x.path, created_at: (x) => x.created, updated_at: (x) => x.created, last_activity_at: (x) => x.id }[orderBy];
    if (!key) throw new HttpError(400, { error: 'order_by does not have a valid value' });
    list = [...list].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0) * dir);
    const { page, headers } = glPaginate(ctx, list);
    return { body: page.map((x) => glProject(x, q.get('simple') === 'true')), headers };
  }, { key: (ctx, p) => `group-projects:${glFind(ctx, ctx.world.gitlab.groups, p.id, 'Group').id}` }],
];
const gitlab = {
  routes: GITLAB_ROUTES,
  auth(req) {
    const t = req.headers['private-token'] ?? /^bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1] ?? (req.headers.authorization ? '' : undefined);
    return t === undefined ? 'missing' : t === TOKENS.gitlab ? 'ok' : 'bad';
  },
  unauthorized: () => glMessage(401, '401 Unauthorized'),
  missing: (ctx, route) => (route.path === '/user' ? glMessage(401, '401 Unauthorized') : null), // else: projects are private -> 404
  notFound: () => new HttpError(404, { error: '404 Not Found' }),
  headers(ctx) {
    const r = ctx.window('gitlab', 2000, 60);
    const h = { 'Content-Type': 'application/json', 'Cache-Control': 'max-age=0, private, must-revalidate', Vary: 'Origin, Accept-Encoding', 'X-Request-Id': ctx.requestId, 'X-Runtime': '0.081337', 'X-Content-Type-Options': 'nosniff', 'X-Frame-Options': 'SAMEORIGIN', 'GitLab-LB': 'haproxy-main-27-lb-gprd', 'GitLab-SV': 'api-gke-us-east1-b', 'RateLimit-Name': 'throttle_authenticated_api', 'RateLimit-Limit': String(r.limit), 'RateLimit-Observed': String(r.observed), 'RateLimit-Remaining': String(Math.max(0, r.limit - r.observed)), 'RateLimit-Reset': String(r.reset), 'RateLimit-ResetTime': new Date(r.reset * 1000).toUTCString() };
    if (ctx.req.headers.origin) Object.assign(h, { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': GL_EXPOSE, 'Access-Control-Allow-Methods': 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS', 'Access-Control-Max-Age': '7200' });
    return h;
  },
  // rack-cors: any origin without credentials, any method, the requested headers echoed; 200 with an empty body.
  preflight: (ctx) => (ctx.req.headers.origin ? { status: 200, headers: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS', 'Access-Control-Allow-Headers': ctx.req.headers['access-control-request-headers'] ?? '', 'Access-Control-Max-Age': '7200', 'Content-Type': 'text/plain' } } : null),
  serverError: () => new HttpError(502, '<!DOCTYPE html>\n<html><head><title>GitLab is not responding (502)</title></head><body><h1>502</h1><p>Whoops, GitLab is taking too much time to respond.</p></body></html>\n', { 'Content-Type': 'text/html; charset=utf-8' }),
  rateLimited: () => new HttpError(429, 'Rate limit exceeded; see https://docs.gitlab.com/ee/user/gitlab_com/#gitlabcom-specific-rate-limits for more details\n', { 'Content-Type': 'text/plain', 'Retry-After': '1', 'RateLimit-Remaining': '0', 'RateLimit-Reset': String(Math.ceil(Date.now() / 1000) + 1) }),
};

// ---------------------------------------------------------------------------------------------
// PagerDuty REST v2

const PD_WEB = 'https://acme.pagerduty.com';
const pdError = (status, code, message, errors) => new HttpError(status, { error: { message, code, ...(errors ? { errors } : {}) } });
const pdRef = (ctx, type, x, path) => ({ id: x.id, type, summary: x.name, self: `${ctx.base}/${path}/${x.id}`, html_url: `${PD_WEB}/${path}/${x.id}` });
function pdIncident(ctx, x) {
  const pd = ctx.world.pagerduty, self = `${ctx.base}/incidents/${x.id}`, html = `${PD_WEB}/incidents/${x.id}`;
  const user = { ...pdRef(ctx, 'user_reference', { id: `PU${x.id.slice(3, 8)}`, name: x.who.name }, 'users') };
  return {
    id: x.id, type: 'incident', summary: `[#${x.number}] ${x.title}`, self, html_url: html, incident_number: x.number, title: x.title, description: x.title, created_at: iso(x.t), updated_at: iso(x.updated), status: x.status, incident_key: x.key,
    service: pdRef(ctx, 'service_reference', x.svc, 'services'), assignments: x.status === 'resolved' ? [] : [{ at: iso(x.t + 30_000), assignee: user }], assigned_via: 'escalation_policy',
    last_status_change_at: iso(x.updated), last_status_change_by: x.status === 'triggered' ? pdRef(ctx, 'service_reference', x.svc, 'services') : user, resolved_at: x.resolved ? iso(x.resolved) : null,
    first_trigger_log_entry: { id: x.log, type: 'trigger_log_entry_reference', summary: 'Triggered through the API', self: `${ctx.base}/log_entries/${x.log}?incident_id=${x.id}`, html_url: `${html}/log_entries/${x.log}` },
    alert_counts: { all: x.alerts, triggered: x.status === 'resolved' ? 0 : x.alerts, resolved: x.status === 'resolved' ? x.alerts : 0 }, is_mergeable: true,
    escalation_policy: pdRef(ctx, 'escalation_policy_reference', pd.ep, 'escalation_policies'), teams: x.svc.team ? [pdRef(ctx, 'team_reference', x.svc.team, 'teams')] : [], pending_actions: [],
    acknowledgements: x.status === 'acknowledged' ? [{ at: iso(x.acked), acknowledger: user }] : [], alert_grouping: null,
    priority: x.priority ? { id: pd.prio[x.priority], type: 'priority_reference', summary: x.priority, self: `${ctx.base}/priorities/${pd.prio[x.priority]}` } : null,
    resolve_reason: null, conference_bridge: null, incidents_responders: [], responder_requests: [], urgency: x.urgency,
  };
}
const pdService = (ctx, s) => ({ ...pdRef(ctx, 'service', s, 'services'), name: s.name, description: `${s.name} (production)`, auto_resolve_timeout: 14400, acknowledgement_timeout: 1800, created_at: iso(s.created), status: 'active', last_incident_timestamp: null, teams: s.team ? [pdRef(ctx, 'team_reference', s.team, 'teams')] : [], escalation_policy: pdRef(ctx, 'escalation_policy_reference', ctx.world.pagerduty.ep, 'escalation_policies'), incident_urgency_rule: { type: 'constant', urgency: 'high' }, integrations: [], alert_creation: 'create_alerts_and_incidents' });
const pdTeam = (ctx, t) => ({ ...pdRef(ctx, 'team', t, 'teams'), name: t.name, description: t.description, default_role: 'manager', parent: null });
function pdPage(ctx, items, key, render) {
  const limit = intParam(ctx.q.get('limit'), 25, 1, 100), offset = intParam(ctx.q.get('offset'), 0, 0);
  if (offset + limit > 10_000) throw pdError(400, 2001, 'Invalid Input Provided', ['Offset must be less than or equal to 9900 for limit 100 (offset + limit <= 10000).']);
  const page = items.slice(offset, offset + limit);
  return { body: { [key]: page.map((x) => render(ctx, x)), limit, offset, total: ctx.q.get('total') === 'true' ? items.length : null, more: offset + page.length < items.length } };
}
const arr = (q, k) => [...q.getAll(`${k}[]`), ...q.getAll(k)].flatMap((v) => v.split(',')).filter(Boolean);
const PAGERDUTY_ROUTES = [
  ['/incidents', (ctx) => {
    const q = ctx.q, pd = ctx.world.pagerduty;
    let list = pd.incidents;
    if (q.get('date_range') !== 'all') {
      const bad = () => pdError(400, 2004, "Invalid time values in 'since' and/or 'until' parameters");
      const until = q.has('until') ? parseTime(q.get('until'), 'until', bad) : ctx.anchor, since = q.has('since') ? parseTime(q.get('since'), 'since', bad) : until - 30 * DAY;
      const six = new Date(since); six.setUTCMonth(six.getUTCMonth() + 6);
      if (until <= since || until > six.getTime()) throw pdError(400, 2005, 'Invalid Query Date Range', ['The maximum range between since and until is 6 months.']);
      list = list.filter((x) => x.t >= since && x.t < until);
    }
    const [statuses, services, teams, urgencies] = ['statuses', 'service_ids', 'team_ids', 'urgencies'].map((k) => arr(q, k));
    list = list.filter((x) => (!statuses.length || statuses.includes(x.status)) && (!services.length || services.includes(x.svc.id)) && (!teams.length || teams.includes(x.svc.team?.id)) && (!urgencies.length || urgencies.includes(x.urgency)));
    const [field, dir] = (arr(q, 'sort_by')[0] ?? 'created_at:asc').split(':');
    const key = { created_at: (x) => x.t, resolved_at: (x) => x.resolved ?? Infinity, incident_number: (x) => x.number, urgency: (x) => (x.urgency === 'high' ? 1 : 0) }[field];
    if (!key) throw pdError(400, 2001, 'Invalid Input Provided', [`Sort by ${field} is not supported.`]);
    list = [...list].sort((a, b) => (key(a) - key(b) || a.number - b.number) * (dir === 'desc' ? -1 : 1));
    return pdPage(ctx, list, 'incidents', pdIncident);
  }, { key: () => 'incidents' }],
  ['/incidents/:id', (ctx, p) => {
    const x = ctx.world.pagerduty.incidents.find((i) => i.id === p.id || String(i.number) === p.id);
    if (!x) throw pdError(404, 2100, 'Not Found');
    return { body: { incident: pdIncident(ctx, x) } };
  }],
  ['/services', (ctx) => pdPage(ctx, ctx.world.pagerduty.services, 'services', pdService), { key: () => 'services' }],
  ['/teams', (ctx) => pdPage(ctx, ctx.world.pagerduty.teams, 'teams', pdTeam), { key: () => 'teams' }],
];
const pagerduty = {
  routes: PAGERDUTY_ROUTES,
  auth(req) { const a = req.headers.authorization; if (!a) return 'missing'; return /^token\s+token=(\S+)\s*$/i.exec(a)?.[1] === TOKENS.pagerduty ? 'ok' : 'bad'; },
  unauthorized: () => pdError(401, 2006, 'Authentication failed'),
  notFound: () => pdError(404, 2100, 'Not Found'),
  headers(ctx) { const r = ctx.window('pagerduty', 960, 60); return { 'Content-Type': 'application/json; charset=utf-8', 'X-Request-Id': ctx.requestId, 'ratelimit-limit': String(r.limit), 'ratelimit-remaining': String(Math.max(0, r.limit - r.observed)), 'ratelimit-reset': String(Math.max(1, r.reset - Math.floor(Date.now() / 1000))) }; },
  serverError: () => pdError(500, 2000, 'Internal Error'),
  rateLimited: () => pdError(429, 2020, 'Rate Limit Exceeded'), // body shape only; see README
  rateHeaders: { 'Retry-After': '1', 'ratelimit-remaining': '0', 'ratelimit-reset': '1' },
};

// ---------------------------------------------------------------------------------------------
// Opsgenie

const ogMeta = (ctx) => ({ took: 0.042, requestId: ctx.requestId });
const ogError = (ctx, status, message, extra = {}) => new HttpError(status, { message, ...extra, ...ogMeta(ctx) });
function ogIncident(ctx, x) {
  return { id: x.id, serviceId: x.svc.id, tinyId: x.tinyId, message: x.message, status: x.status, tags: x.tags, createdAt: isoMs(x.t), updatedAt: isoMs(x.updated), priority: x.priority, ownerTeam: x.svc.team.id, responders: [{ type: 'team', id: x.svc.team.id }], extraProperties: {}, impactedServices: [x.svc.id], impactStartDate: isoMs(x.impactStart), ...(x.impactEnd ? { impactEndDate: isoMs(x.impactEnd) } : {}), actions: [], links: { web: `https://acme.app.opsgenie.com/incident/detail/${x.id}/details`, api: `${ctx.base}/v1/incidents/${x.id}` } };
}
function ogQuery(ctx, text) { // createdAt>1700000000000 AND status:resolved AND priority:P1
  const terms = text.trim() ? text.trim().split(/\s+and\s+/i) : [];
  return terms.map((term) => {
    const m = /^(\w+)\s*(>=|<=|>|<|:|=)\s*(.+)$/.exec(term.trim());
    const fail = () => ogError(ctx, 422, `Invalid query: ${term}`, { errors: { query: `could not parse '${term}'` } });
    if (!m) throw fail();
    const [, field, op, raw] = m, value = raw.replace(/^["']|["']$/g, '');
    if (field === 'createdAt' || field === 'updatedAt') {
      const dm = /^(\d\d)-(\d\d)-(\d{4})T(\d\d):(\d\d):(\d\d)$/.exec(value); // dd-MM-yyyyTHH:mm:ss
      const at = /^\d+$/.test(value) ? (value.length <= 10 ? Number(value) * 1000 : Number(value)) : dm ? Date.UTC(dm[3], dm[2] - 1, dm[1], dm[4], dm[5], dm[6]) : Date.parse(value);
      if (!Number.isFinite(at)) throw fail();
      const get = field === 'createdAt' ? (x) => x.t : (x) => x.updated;
      return { '>': (x) => get(x) > at, '>=': (x) => get(x) >= at, '<': (x) => get(x) < at, '<=': (x) => get(x) <= at, ':': (x) => get(x) === at, '=': (x) => get(x) === at }[op];
    }
    const get = { status: (x) => [x.status], priority: (x) => [x.priority], tag: (x) => x.tags, tags: (x) => x.tags, tinyId: (x) => [x.tinyId], message: (x) => [x.message] }[field];
    if (!get || !(op === ':' || op === '=')) throw fail();
    return (x) => get(x).some((v) => (field === 'message' ? v.toLowerCase().includes(value.toLowerCase()) : v.toLowerCase() === value.toLowerCase()));
  });
}
const OPSGENIE_ROUTES = [
  ['/v1/incidents', (ctx) => {
    const q = ctx.q, preds = ogQuery(ctx, q.get('query') ?? '');
    const limit = intParam(q.get('limit'), 20, 1, 100), offset = intParam(q.get('offset'), 0, 0);
    const sort = q.get('sort') ?? 'createdAt', order = q.get('order') ?? 'desc';
    const key = { createdAt: (x) => x.t, updatedAt: (x) => x.updated, tinyId: (x) => Number(x.tinyId), priority: (x) => x.priority }[sort];
    if (!key || !['asc', 'desc'].includes(order)) throw ogError(ctx, 422, 'Invalid sort or order', { errors: { sort: 'must be one of createdAt, updatedAt, tinyId, priority' } });
    const list = ctx.world.opsgenie.incidents.filter((x) => preds.every((f) => f(x))).sort((a, b) => ((key(a) > key(b)) - (key(a) < key(b)) || a.t - b.t) * (order === 'asc' ? 1 : -1));
    const url = (o) => { const u = new URLSearchParams(q); u.set('offset', String(o)); u.set('limit', String(limit)); u.set('sort', sort); u.set('order', order); return `${ctx.base}/v1/incidents?${u}`; };
    const paging = {};
    if (offset + limit < list.length) paging.next = url(offset + limit);
    if (offset > 0) paging.prev = url(Math.max(0, offset - limit));
    Object.assign(paging, { first: url(0), last: url(Math.max(0, Math.floor((list.length - 1) / limit) * limit)) });
    const headers = Object.fromEntries(Object.entries(paging).map(([k, v]) => [`X-Paging-${k[0].toUpperCase()}${k.slice(1)}`, v]));
    return { body: { data: list.slice(offset, offset + limit).map((x) => ogIncident(ctx, x)), paging, totalCount: list.length, ...ogMeta(ctx) }, headers };
  }, { key: () => 'incidents' }],
  ['/v2/teams', (ctx) => ({ body: { data: ctx.world.opsgenie.teams.map((t) => ({ id: t.id, name: t.name, description: `${t.name} on-call`, links: { web: `https://acme.app.opsgenie.com/teams/dashboard/${t.id}/main`, api: `${ctx.base}/v2/teams/${t.id}` } })), ...ogMeta(ctx) } })],
];
const opsgenie = {
  routes: OPSGENIE_ROUTES,
  auth(req) { const a = req.headers.authorization; if (!a) return 'missing'; return /^geniekey\s+(\S+)\s*$/i.exec(a)?.[1] === TOKENS.opsgenie ? 'ok' : 'bad'; },
  unauthorized: (ctx) => ogError(ctx, 401, 'Could not authenticate'),
  notFound: (ctx) => ogError(ctx, 404, 'Requested resource is not found'),
  headers: (ctx) => ({ 'Content-Type': 'application/json', 'X-Request-Id': ctx.requestId, 'X-Response-Time': '0.042', 'X-RateLimit-State': 'OK' }),
  serverError: (ctx) => ogError(ctx, 500, 'Internal Server Error'),
  rateLimited: (ctx) => ogError(ctx, 429, 'You are making too much request! To avoid errors, we recommend you limit requests.'),
  rateHeaders: { 'Retry-After': '1', 'X-RateLimit-State': 'THROTTLED', 'X-RateLimit-Reason': 'INTEGRATION', 'X-RateLimit-Period-In-Sec': '1', 'X-Opsgenie-Errortype': 'RateLimitExceeded' },
};

// ---------------------------------------------------------------------------------------------
// Jira: Cloud search (/rest/api/3/search/jql, nextPageToken) and Data Center search (/rest/api/2/search, startAt/total)

const JIRA_TZ = 'Europe/Berlin'; // the API user's time zone: times are written and JQL dates read in it
const jz = (ms) => zoned(ms, JIRA_TZ, { colon: false }); // 2025-12-22T14:38:00.000+0100
const jiraError = (status, ...messages) => new HttpError(status, { errorMessages: messages, errors: {} });
const JIRA_NAMES = { summary: 'Summary', issuetype: 'Issue Type', created: 'Created', updated: 'Updated', resolutiondate: 'Resolved', resolution: 'Resolution', status: 'Status', priority: 'Priority', components: 'Component/s', labels: 'Labels', project: 'Project', assignee: 'Assignee', reporter: 'Reporter', customfield_10001: 'Team', customfield_10040: 'Severity' };
function jiraIssue(ctx, x, ver, fields, expand) {
  if (!fields) return { id: x.id };
  const api = `${ctx.base}/rest/api/${ver}`, user = (u) => u && { self: `${api}/user?accountId=${u.accountId}`, accountId: u.accountId, displayName: u.displayName, active: true, timeZone: u.tz, accountType: 'atlassian' };
  const [sid, skey, sname, scid, color] = x.statuses[x.status];
  const all = {
    summary: x.summary, issuetype: { self: `${api}/issuetype/${x.typeId}`, id: x.typeId, description: '', iconUrl: `${ctx.base}/images/icons/issuetypes/${x.type.toLowerCase()}.svg`, name: x.type, subtask: false, hierarchyLevel: 0 },
    created: jz(x.t), updated: jz(x.updated), resolutiondate: x.resolved ? jz(x.resolved) : null, resolution: x.resolved ? { self: `${api}/resolution/10000`, id: '10000', description: 'Work has been completed on this issue.', name: 'Done' } : null,
    status: { self: `${api}/status/${sid}`, description: '', iconUrl: `${ctx.base}/`, name: sname, id: sid, statusCategory: { self: `${api}/statuscategory/${scid}`, id: scid, key: skey, colorName: color, name: skey === 'new' ? 'To Do' : sname } },
    priority: { self: `${api}/priority/${x.priority[0]}`, iconUrl: `${ctx.base}/images/icons/priorities/${x.priority[1].toLowerCase()}.svg`, name: x.priority[1], id: x.priority[0] },
    components: [{ self: `${api}/component/${x.comp[0]}`, id: x.comp[0], name: x.comp[1] }], labels: x.labels,
    project: { self: `${api}/project/${x.project.id}`, id: x.project.id, key: x.project.key, name: x.project.name, projectTypeKey: 'software', simplified: false },
    assignee: user(x.assignee), reporter: user(x.reporter), customfield_10001: x.team ? { id: x.team.id, name: x.team.name, title: x.team.name, isShared: true } : null,
    customfield_10040: x.severity ? { self: `${api}/customFieldOption/${10100 + Number(x.severity.slice(-1))}`, value: x.severity, id: String(10100 + Number(x.severity.slice(-1))) } : null,
  };
  const out = { expand: 'operations,versionedRepresentations,editmeta,changelog,renderedFields', id: x.id, self: `${api}/issue/${x.id}`, key: x.key };
  out.fields = fields === '*' ? all : Object.fromEntries([...fields].filter((f) => f in all).map((f) => [f, all[f]]));
  if (expand.has('changelog')) {
    const st = (name) => x.statuses[name][0];
    const histories = [...x.history].reverse().map((h) => ({ id: h.id, author: user(h.who), created: jz(h.t), items: [{ field: 'status', fieldtype: 'jira', fieldId: 'status', from: st(h.from), fromString: h.from, to: st(h.to), toString: h.to }, ...(h.resolution ? [{ field: 'resolution', fieldtype: 'jira', fieldId: 'resolution', from: null, fromString: null, to: '10000', toString: 'Done' }] : [])] }));
    out.changelog = { startAt: 0, maxResults: histories.length, total: histories.length, histories };
  }
  return out;
}
function jiraDate(v) { // "2025-03-01", "2025/03/01 10:00", epoch ms, "-30d" (relative to the real clock, as Jira's)
  const rel = /^([-+]?\d+)\s*([wdhm])$/.exec(v);
  if (rel) return Date.now() + Number(rel[1]) * { w: 7 * DAY, d: DAY, h: HOUR, m: MIN }[rel[2]];
  if (/^\d{12,13}$/.test(v)) return Number(v);
  const m = /^(\d{4})[-/](\d\d)[-/](\d\d)(?:\s+(\d\d?):(\d\d))?$/.exec(v);
  if (!m) throw jiraError(400, `Date value '${v}' for field is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.`);
  return fromLocal(+m[1], +m[2], +m[3], +(m[4] ?? 0), +(m[5] ?? 0), JIRA_TZ);
}
const JQL_FIELDS = {
  project: (x) => [x.project.key, x.project.id, x.project.name], issuetype: (x) => [x.type, x.typeId], status: (x) => [x.status, x.statuses[x.status][0]],
  priority: (x) => [x.priority[1], x.priority[0]], labels: (x) => x.labels, key: (x) => [x.key, x.id], resolution: (x) => (x.resolved ? ['Done'] : []),
  created: (x) => x.t, updated: (x) => x.updated, resolved: (x) => x.resolved,
};
const JQL_ALIAS = { type: 'issuetype', issuekey: 'key', id: 'key', createddate: 'created', updateddate: 'updated', resolutiondate: 'resolved' };
function parseJql(ctx, src) {
  const toks = [], re = /\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|(>=|<=|!=|=|>|<|~|\(|\)|,)|([^\s=!<>~(),"']+))/y;
  const text = src.trim();
  let pos = 0;
  for (let m; pos < text.length && (m = re.exec(text)); pos = re.lastIndex) toks.push(m[3] ? { op: m[3] } : { v: (m[1] ?? m[2] ?? m[4]).replace(/\\(.)/g, '$1'), word: m[4] != null });
  if (pos < text.length) throw jiraError(400, `Error in the JQL Query: The character '${text[pos]}' is a reserved JQL character. (line 1, character ${pos + 1})`);
  let i = 0;
  const word = (w) => toks[i]?.word && toks[i].v.toLowerCase() === w;
  const fail = (m) => jiraError(400, `Error in the JQL Query: ${m}`);
  const preds = [], order = [];
  while (i < toks.length) {
    if (word('order') && toks[i + 1]?.v.toLowerCase() === 'by') {
      for (i += 2; i < toks.length;) {
        const f = JQL_ALIAS[toks[i].v.toLowerCase()] ?? toks[i].v.toLowerCase();
        if (!['created', 'updated', 'resolved', 'key'].includes(f)) throw jiraError(400, `Not able to sort using field '${toks[i].v}'.`);
        i++; let dir = 'asc';
        if (word('asc') || word('desc')) dir = toks[i++].v.toLowerCase();
        order.push([f, dir === 'desc' ? -1 : 1]);
        if (toks[i]?.op === ',') i++;
      }
      break;
    }
    if (preds.length) { if (word('and')) i++; else throw fail(word('or') || word('not') ? `the fake Jira server supports only AND between clauses (found '${toks[i].v}').` : `Expecting either 'OR' or 'AND' but got '${toks[i].v ?? toks[i].op}'.`); }
    const name = toks[i++]?.v?.toLowerCase() ?? '', field = JQL_ALIAS[name] ?? name, get = JQL_FIELDS[field];
    if (!get) throw jiraError(400, `Field '${name}' does not exist or you do not have permission to view it.`);
    let op = toks[i]?.op ?? toks[i]?.v?.toLowerCase(); i++;
    if ((op === 'not' && word('in')) || (op === 'is' && word('not'))) op += ` ${toks[i++].v.toLowerCase()}`;
    let values;
    if (op === 'in' || op === 'not in') {
      if (toks[i++]?.op !== '(') throw fail(`Expecting '(' after '${op}'.`);
      for (values = []; toks[i] && toks[i].op !== ')'; i++) if (toks[i].op !== ',') values.push(toks[i].v);
      i++;
    } else if (toks[i]) values = [toks[i++].v]; else throw fail(`Expecting a value after '${op}'.`);
    if (field === 'project') for (const v of values) if (!ctx.world.jira.projects.some((p) => [p.key, p.id, p.name].some((k) => k.toLowerCase() === v.toLowerCase()))) throw jiraError(400, `The value '${v}' does not exist for the field 'project'.`);
    const dateField = ['created', 'updated', 'resolved'].includes(field), lower = values.map((v) => v.toLowerCase());
    if (op === 'is' || op === 'is not') {
      if (!['empty', 'null'].includes(lower[0])) throw fail(`Expecting 'EMPTY' or 'NULL' after '${op}'.`);
      const empty = (x) => { const v = get(x); return v == null || (Array.isArray(v) && !v.length); };
      preds.push(op === 'is' ? empty : (x) => !empty(x));
    } else if (dateField) {
      const at = jiraDate(values[0]), cmp = { '>=': (t) => t >= at, '>': (t) => t > at, '<=': (t) => t <= at, '<': (t) => t < at, '=': (t) => Math.floor(t / MIN) === Math.floor(at / MIN), '!=': (t) => Math.floor(t / MIN) !== Math.floor(at / MIN) }[op];
      if (!cmp) throw fail(`The operator '${op}' is not supported by the '${name}' field.`);
      preds.push((x) => get(x) != null && cmp(get(x)));
    } else {
      const has = (x) => get(x).some((v) => lower.includes(String(v).toLowerCase()));
      const f = { '=': has, in: has, '!=': (x) => !has(x), 'not in': (x) => !has(x) }[op];
      if (!f) throw fail(`The operator '${op}' is not supported by the '${name}' field.`);
      preds.push(f);
    }
  }
  return { preds, order: order.length ? order : [['created', -1]] };
}
function jiraSearch(ctx, ver) {
  const q = ctx.q, body = ctx.json ?? {};
  const param = (k) => body[k] ?? q.get(k) ?? undefined;
  const list = (v) => (Array.isArray(v) ? v : v == null ? [] : String(v).split(',')).map((s) => s.trim()).filter(Boolean);
  const jql = String(param('jql') ?? ''), { preds, order } = parseJql(ctx, jql);
  if (ver === '3' && !preds.length) throw jiraError(400, 'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.');
  const fl = list(param('fields')), expand = new Set(list(param('expand')));
  const fields = ver === '2' && !fl.length ? '*' : !fl.length ? null : fl.some((f) => f === '*all' || f === '*navigable') ? '*' : new Set(fl);
  const issues = ctx.anonymous ? [] : ctx.world.jira.issues.filter((x) => preds.every((p) => p(x)))
    .sort((a, b) => order.reduce((r, [f, dir]) => r || (f === 'key' ? a.project.key.localeCompare(b.project.key) || Number(a.key.split('-')[1]) - Number(b.key.split('-')[1]) : (JQL_FIELDS[f](a) ?? Infinity) - (JQL_FIELDS[f](b) ?? Infinity)) * dir, 0) || Number(a.id) - Number(b.id));
  const names = expand.has('names') ? { names: JIRA_NAMES } : {};
  const render = (x) => jiraIssue(ctx, x, ver, fields, expand);
  if (ver === '2') { // Data Center: startAt/maxResults/total; this instance caps maxResults at 50 (jira.search.views.default.max)
    const startAt = intParam(String(param('startAt') ?? ''), 0, 0), max = intParam(String(param('maxResults') ?? ''), 50, 0, 50);
    return { body: { expand: 'schema,names', startAt, maxResults: max, total: issues.length, issues: issues.slice(startAt, startAt + max).map(render), ...names } };
  }
  const idsOnly = !fields || (fields !== '*' && [...fields].every((f) => f === 'id' || f === 'key'));
  const max = intParam(String(param('maxResults') ?? ''), 50, 1, idsOnly ? 5000 : 100);
  const hash = sha256(jql).slice(0, 8), token = param('nextPageToken');
  let offset = 0;
  if (token != null) {
    try { const t = JSON.parse(Buffer.from(String(token), 'base64url').toString()); if (t.h !== hash || !Number.isInteger(t.o)) throw new Error(); offset = t.o; } catch { throw jiraError(400, 'The provided next page token is invalid or expired.'); }
  }
  const page = issues.slice(offset, offset + max), more = offset + max < issues.length;
  return { body: { issues: page.map(render), ...(more ? { nextPageToken: Buffer.from(JSON.stringify({ o: offset + max, h: hash })).toString('base64url') } : {}), isLast: !more, ...names } };
}
const jiraMyself = (ctx, ver) => {
  if (ctx.anonymous) throw new HttpError(401, 'Client must be authenticated to access this resource.', { 'Content-Type': 'text/html;charset=UTF-8' });
  return { body: { self: `${ctx.base}/rest/api/${ver}/user?accountId=5b10a2844c20165700ede210a`, accountId: '5b10a2844c20165700ede210a', accountType: 'atlassian', emailAddress: 'mona@acme.example', displayName: PEOPLE[0].name, active: true, timeZone: JIRA_TZ, locale: 'en_US' } };
};
const JIRA_ROUTES = [
  ['/rest/api/3/search/jql', (ctx) => jiraSearch(ctx, '3'), { key: () => 'search-v3', methods: ['GET', 'POST'] }],
  ['/rest/api/2/search', (ctx) => jiraSearch(ctx, '2'), { key: () => 'search-v2', methods: ['GET', 'POST'] }],
  ['/rest/api/3/search', () => { throw jiraError(410, 'The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046'); }, { methods: ['GET', 'POST'] }],
  ['/rest/api/3/myself', (ctx) => jiraMyself(ctx, '3')],
  ['/rest/api/2/myself', (ctx) => jiraMyself(ctx, '2')],
];
const jira = {
  routes: JIRA_ROUTES,
  auth(req) {
    const a = req.headers.authorization; if (!a) return 'missing';
    const m = /^basic\s+(\S+)\s*$/i.exec(a), [user, ...rest] = m ? Buffer.from(m[1], 'base64').toString().split(':') : [];
    return user && rest.join(':') === TOKENS.jira ? 'ok' : 'bad';
  },
  missing: (ctx) => { ctx.anonymous = true; return null; }, // Jira Cloud treats a request without credentials as anonymous
  unauthorized: () => new HttpError(401, 'Client must be authenticated to access this resource.', { 'Content-Type': 'text/html;charset=UTF-8' }),
  notFound: () => jiraError(404, 'null for uri: the fake Jira server has no such resource'),
  headers: (ctx) => ({ 'Content-Type': 'application/json;charset=UTF-8', 'X-AREQUESTID': ctx.requestId.slice(0, 12), 'ATL-TraceId': ctx.requestId, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-cache, no-store, no-transform', Vary: 'Accept-Encoding' }),
  serverError: () => jiraError(500, 'Internal server error'),
  rateLimited: () => jiraError(429, 'Rate limit exceeded.'), // body shape only; see README
  rateHeaders: () => ({ 'Retry-After': '1', 'X-RateLimit-Limit': '350', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': new Date(Math.ceil((Date.now() + 1000) / MIN) * MIN).toISOString().slice(0, 16) + 'Z', 'RateLimit-Reason': 'jira-burst-based' }),
};

const VENDOR_IMPL = { github, gitlab, pagerduty, opsgenie, jira };
for (const v of Object.values(VENDOR_IMPL)) { // compile '/repos/:o/:r' patterns
  v.routes = v.routes.map(([path, handler, opts = {}]) => ({ path, handler, opts, re: new RegExp(`^${path.replace(/:(\w+)/g, '(?<$1>[^/]+)')}$`) }));
}

// ---------------------------------------------------------------------------------------------
// Scenarios: faults per listing (vendor + resource + repository/project), in the order a client meets them

function faultFor(ctx, key) {
  const s = ctx.state, v = (s.vendors[ctx.vendor] ??= { blockedUntil: 0, block: null, dropped: false });
  const k = `${ctx.vendor}:${key}`, stage = s.keys.get(k) ?? 0, now = Date.now();
  if (ctx.scenario === 'ratelimit') {
    if (now < v.blockedUntil) return { ...v.block, fault: `${v.block.fault} (retried too early)` };
    if (ctx.vendor === 'github' && stage < 2) {
      s.keys.set(k, stage + 1);
      if (stage === 0) { // primary limit: 403, remaining 0, reset two seconds ahead (epoch seconds)
        const reset = Math.floor(now / 1000) + 2;
        v.blockedUntil = reset * 1000;
        v.block = { fault: 'primary-rate-limit', error: ghError(403, `API rate limit exceeded for user ID 1. If you reach out to GitHub Support for help, please include the request ID ${ctx.requestId.slice(0, 8).toUpperCase()} and timestamp ${new Date(now).toISOString().replace('T', ' ').slice(0, 19)} UTC.`, 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api'), headers: { 'X-RateLimit-Remaining': '0', 'X-RateLimit-Used': '5000', 'X-RateLimit-Reset': String(reset) } };
      } else { // then a secondary limit: 429 with retry-after
        v.blockedUntil = now + 950;
        v.block = { fault: 'secondary-rate-limit', error: ghError(429, 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID ' + ctx.requestId.slice(0, 8).toUpperCase() + '.', 'https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits'), headers: { 'Retry-After': '1' } };
      }
      return v.block;
    }
    if (ctx.vendor !== 'github' && stage === 0) {
      s.keys.set(k, 1);
      v.blockedUntil = now + 950;
      const rh = VENDOR_IMPL[ctx.vendor].rateHeaders ?? {};
      v.block = { fault: 'rate-limit', error: VENDOR_IMPL[ctx.vendor].rateLimited(ctx), headers: typeof rh === 'function' ? rh() : rh };
      return v.block;
    }
  }
  if (ctx.scenario === 'flaky') {
    if (stage === 0) { s.keys.set(k, 1); return { fault: 'server-error', error: VENDOR_IMPL[ctx.vendor].serverError(ctx) }; }
    if (!v.dropped && laterPage(ctx.q, ctx.json)) { v.dropped = true; return { fault: 'dropped-connection', drop: true }; }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// The server

function createApp({ scenario = 'normal', anchor = DEFAULT_ANCHOR, log = false } = {}) {
  if (!SCENARIOS.includes(scenario)) throw new Error(`unknown scenario ${scenario} (known: ${SCENARIOS.join(', ')})`);
  const anchorMs = anchor === 'now' ? Math.floor(Date.now() / DAY) * DAY : Date.parse(anchor); // 'now': today 00:00 UTC
  if (!Number.isFinite(anchorMs)) throw new Error(`--anchor ${anchor} is not a time`);
  const data = world(anchorMs), started = Date.now();
  let requests = [], states = new Map(), seq = 0;
  const gh = { used: 0, reset: Math.floor(started / 1000) + 3600 }, windows = new Map();
  const reset = () => { requests = []; states = new Map(); seq = 0; gh.used = 0; windows.clear(); };

  function send(ctx, status, body, headers = {}, { drop = false } = {}) {
    const text = body == null ? '' : typeof body === 'string' ? body : JSON.stringify(body);
    const h = { ...headers };
    if (ctx.vendor === 'github' && status === 200 && text) { // ETag and conditional requests (a 304 costs no rate limit)
      h.ETag = `W/"${sha256(text).slice(0, 32)}"`;
      if (ctx.req.headers['if-none-match'] === h.ETag) { ctx.entry.status = 304; if (ctx.auth === 'ok') gh.used -= 1; ctx.res.writeHead(304, h); return ctx.res.end(); }
    }
    const buf = Buffer.from(text);
    h['Content-Length'] = String(buf.length);
    ctx.entry.status = status;
    ctx.res.writeHead(status, h);
    if (drop) { ctx.res.write(buf.subarray(0, Math.floor(buf.length / 3)), () => ctx.req.socket.destroy()); return; }
    ctx.res.end(ctx.req.method === 'HEAD' ? undefined : buf);
  }
  const sendError = (ctx, e, extra = {}) => send(ctx, e.status, e.body, { ...ctx.vendorHeaders(), ...e.headers, ...extra });

  async function handle(req, res) {
    const url = new URL(req.url, 'http://fake');
    let path = url.pathname;
    const admin = (status, body) => { res.writeHead(status, { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*' }); res.end(JSON.stringify(body)); };
    if (path === '/__requests') return admin(200, requests);
    if (path === '/__reset' && req.method === 'POST') { reset(); return admin(200, { ok: true }); }
    if (path === '/__info') return admin(200, { scenario, scenarios: SCENARIOS, anchor: new Date(anchorMs).toISOString(), tokens: TOKENS, counts: { github: Object.fromEntries(data.github.repos.map((r) => [r.name, { deployments: r.deployments.length, runs: r.runs.length, releases: r.releases.length }])), gitlab: data.gitlab.projects.find((p) => p.id === 7).deployments.length, pagerduty: data.pagerduty.incidents.length, opsgenie: data.opsgenie.incidents.length, jira: data.jira.issues.length } });
    let scen = scenario, prefix = '';
    const sm = /^\/s\/([^/]+)(\/.*)$/.exec(path);
    if (sm) {
      if (!SCENARIOS.includes(sm[1])) { res.writeHead(404, { 'Content-Type': 'text/plain' }); return res.end(`fake-api: unknown scenario ${sm[1]} (known: ${SCENARIOS.join(', ')})\n`); }
      [scen, prefix, path] = [sm[1], `/s/${sm[1]}`, sm[2]];
    }
    const vendor = VENDORS.find((v) => path === `/${v}` || path.startsWith(`/${v}/`));
    if (!vendor) { res.writeHead(404, { 'Content-Type': 'text/plain' }); return res.end(`fake-api: no vendor at ${path}; use /github, /gitlab/api/v4, /pagerduty, /opsgenie or /jira\n`); }
    let rest = path.slice(vendor.length + 1);
    if (vendor === 'gitlab') { if (!rest.startsWith('/api/v4/')) rest = '/\0'; else rest = rest.slice(7); }
    const impl = VENDOR_IMPL[vendor], origin = `http://${req.headers.host ?? '127.0.0.1'}`;
    const q = new URLSearchParams(url.search);
    const redacted = Object.fromEntries([...new Set(q.keys())].map((k) => { const all = q.getAll(k).map((v) => (/token/i.test(k) ? '<redacted>' : v)); return [k, all.length > 1 ? all : all[0]]; }));
    const entry = { seq: ++seq, at: new Date().toISOString(), ms: Date.now() - started, method: req.method, vendor, scenario: scen, path: prefix + path, query: redacted, auth: !!(req.headers.authorization || req.headers['private-token']), origin: req.headers.origin ?? null, status: null, fault: null };
    requests.push(entry);
    const state = states.get(scen) ?? states.set(scen, { keys: new Map(), vendors: {} }).get(scen);
    const ctx = {
      req, res, q, vendor, scenario: scen, state, entry, anchor: anchorMs, world: data, path: rest, base: `${origin}${prefix}/${vendor}${vendor === 'gitlab' ? '/api/v4' : ''}`,
      requestId: sha256(`request ${seq}`).slice(0, 32), auth: impl.auth(req),
      rate: () => { const now = Math.floor(Date.now() / 1000); if (now >= gh.reset) Object.assign(gh, { used: 0, reset: now + 3600 }); return { limit: ctx.auth === 'ok' ? 5000 : 60, ...gh }; },
      window: (name, limit, secs) => { const now = Math.floor(Date.now() / 1000), w = windows.get(name); if (!w || now >= w.reset) windows.set(name, { observed: 0, reset: now + secs }); const cur = windows.get(name); return { limit, observed: cur.observed, reset: cur.reset }; },
    };
    ctx.vendorHeaders = () => impl.headers(ctx);
    if (log) process.stderr.write(`fake-api ${req.method} ${req.url}\n`);
    try {
      if (req.method === 'OPTIONS') { // CORS preflight: GitHub and GitLab answer it; the others send no CORS headers
        const pre = impl.preflight?.(ctx);
        entry.fault = pre ? 'preflight' : 'preflight (no CORS)';
        return pre ? send(ctx, pre.status, null, pre.headers) : send(ctx, 404, null, {});
      }
      if (vendor === 'jira' && req.method === 'POST') {
        const chunks = []; for await (const c of req) chunks.push(c);
        const raw = Buffer.concat(chunks).toString();
        if (raw) try { ctx.json = JSON.parse(raw); } catch { throw new HttpError(400, { errorMessages: ['Invalid request payload. Refer to the REST API documentation and try again.'], errors: {} }); }
      }
      if (scen === 'unauthorized') { entry.fault = 'unauthorized'; throw impl.unauthorized(ctx); }
      let route, params;
      for (const r of impl.routes) { const m = r.re.exec(rest); if (m) { route = r; params = Object.fromEntries(Object.entries(m.groups ?? {}).map(([k, v]) => [k, (() => { try { return decodeURIComponent(v); } catch { return v; } })()])); break; } }
      if (!route) throw impl.notFound(ctx);
      if (!(route.opts.methods ?? ['GET', 'HEAD']).includes(req.method)) throw impl.notFound(ctx);
      if (ctx.auth === 'bad') throw impl.unauthorized(ctx);
      if (ctx.auth === 'missing') { const e = impl.missing ? impl.missing(ctx, route) : impl.unauthorized(ctx); if (e) throw e; }
      if (vendor === 'github' && ctx.auth === 'ok' && !route.opts.free) ctx.rate() && (gh.used += 1);
      if (vendor === 'gitlab' || vendor === 'pagerduty') { ctx.window(vendor, 0, 60); windows.get(vendor).observed += 1; }
      const fault = route.opts.key ? faultFor(ctx, route.opts.key(ctx, params)) : null;
      if (fault) entry.fault = fault.fault;
      if (fault?.error) return sendError(ctx, fault.error, fault.headers);
      const out = route.handler(ctx, params);
      return send(ctx, out.status ?? 200, out.body, { ...ctx.vendorHeaders(), ...out.headers }, { drop: !!fault?.drop });
    } catch (e) {
      if (!(e instanceof HttpError)) { process.stderr.write(`fake-api: ${e.stack}\n`); e = new HttpError(500, { message: `fake-api bug: ${e.message}` }); }
      return sendError(ctx, e);
    }
  }
  return { handle, requests: () => requests.map((r) => ({ ...r })), reset };
}

/** Starts the fake API on 127.0.0.1. Resolves to { url, port, close(), requests(), reset() }. */
export async function startFakeApi({ scenario = 'normal', port = 0, anchor = DEFAULT_ANCHOR, log = false } = {}) {
  const app = createApp({ scenario, anchor, log });
  const server = http.createServer((req, res) => { app.handle(req, res).catch((e) => { process.stderr.write(`fake-api: ${e.stack}\n`); res.destroy(); }); });
  server.keepAliveTimeout = 5000;
  return new Promise((resolveStart, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const { port: p } = server.address();
      resolveStart({ url: `http://127.0.0.1:${p}`, port: p, requests: app.requests, reset: app.reset, close: () => new Promise((r) => { server.close(() => r()); server.closeAllConnections(); }) });
    });
  });
}

async function main(args) {
  const opt = { port: 0, scenario: 'normal', anchor: DEFAULT_ANCHOR, log: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i], [flag, inline] = a.split(/=(.*)/s), value = () => inline ?? args[++i];
    if (flag === '--port') opt.port = Number(value());
    else if (flag === '--scenario') opt.scenario = value();
    else if (flag === '--anchor') opt.anchor = value();
    else if (flag === '--log') opt.log = true;
    else if (flag === '--help' || flag === '-h') { process.stdout.write('usage: node tests/fake-api/server.mjs [--port 0] [--scenario normal|ratelimit|flaky|unauthorized] [--anchor ISO|now] [--log]\n'); return; }
    else { process.stderr.write(`fake-api: unknown argument ${a}\n`); process.exit(2); }
  }
  let api;
  try { api = await startFakeApi(opt); } catch (e) { process.stderr.write(`fake-api: ${e.message}\n`); process.exit(2); }
  process.stdout.write(`${JSON.stringify({ url: api.url })}\n`);
  const stop = () => api.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  let piped = false;
  try { const st = fstatSync(0); piped = st.isFIFO() || st.isSocket(); } catch { /* no stdin */ }
  if (piped) { process.stdin.on('end', stop); process.stdin.on('close', stop); process.stdin.resume(); } // a parent's pipe: stop when it closes
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
