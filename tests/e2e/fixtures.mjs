// Small canonical exports with known numbers, built in code (no files to keep in sync).

export const EVIL = '<img src=x onerror=alert(1)>';

/**
 * Two teams over four ISO weeks from Monday 2025-03-03 (to 2025-03-31 exclusive):
 * - EVIL (service web): one deployment every weekday (20), commit 2 h before, d-web-3 flagged failed.
 * - Payments (service api): Mondays and Thursdays (8), commit 30 h before; d-api-4 is a rollback,
 *   so d-api-3 failed (rolled back) and d-api-4 is rework.
 * Incidents: INC-1 caused_by d-web-5 (id link), resolved after 90 min; INC-2 on api without
 * caused_by (inferred), resolved after 3 h; INC-3 on web, open.
 */
export function smallData() {
  const deps = ['id,team,service,environment,status,deployed_at,first_commit_at,failed,kind'];
  const day = (d) => new Date(Date.UTC(2025, 2, 3 + d));
  const iso = (t) => t.toISOString().replace('.000Z', 'Z');
  let web = 0;
  let api = 0;
  for (let d = 0; d < 28; d++) {
    const dow = d % 7;
    if (dow < 5) {
      web += 1;
      const at = day(d);
      at.setUTCHours(10);
      const c = new Date(at.getTime() - 2 * 3600e3);
      deps.push(`d-web-${web},${EVIL},web,production,success,${iso(at)},${iso(c)},${web === 3},deploy`);
    }
    if (dow === 0 || dow === 3) {
      api += 1;
      const at = day(d);
      at.setUTCHours(14);
      const c = new Date(at.getTime() - 30 * 3600e3);
      deps.push(`d-api-${api},Payments,api,production,success,${iso(at)},${iso(c)},false,${api === 4 ? 'rollback' : 'deploy'}`);
    }
  }
  // Rows that are skipped by rule and by error, so the file list has something to show.
  deps.push('s-1,Payments,api,staging,success,2025-03-10T09:00:00Z,,false,deploy');
  deps.push('bad-1,Payments,api,production,success,not a time,,false,deploy');
  const incidents = [
    'id,team,service,started_at,resolved_at,severity,caused_by,title',
    `INC-1,${EVIL},web,2025-03-10T11:00:00Z,2025-03-10T12:30:00Z,SEV2,d-web-6,Checkout errors <b>bold</b>`,
    'INC-2,Payments,api,2025-03-13T15:00:00Z,2025-03-13T18:00:00Z,SEV1,,Card payments failing',
    `INC-3,${EVIL},web,2025-03-27T11:00:00Z,,SEV3,,Slow pages`,
  ];
  return {
    deployments: deps.join('\n') + '\n',
    incidents: incidents.join('\n') + '\n',
    teams: 'service,team\nweb,' + EVIL + '\napi,Payments\n',
    webDeploys: web,
    apiDeploys: api,
    range: { from: '2025-03-03', to: '2025-03-31' },
  };
}

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './server.mjs';

/** The program and arguments that run `doralens ARGS`: the prebuilt binary, else `cargo run`. */
function command(args) {
  const bin = process.env.DORALENS_BIN;
  return bin && existsSync(bin)
    ? [bin, args]
    : ['cargo', ['run', '--quiet', '--offline', '--bin', 'doralens', '--', ...args]];
}

/**
 * Runs the CLI and returns its stdout (throws with its stderr when it fails). The binary is the one
 * scripts/test.sh built (`DORALENS_BIN`); without it, `cargo run` builds it first. A prebuilt
 * binary keeps a journey from waiting on cargo's build-directory lock while something else builds.
 */
export function doralens(args, env = {}) {
  const [cmd, argv] = command(args);
  const r = spawnSync(cmd, argv, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`doralens ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

/**
 * `doralens` without blocking this process: what a journey needs when the CLI talks to a server this
 * same process runs (the fake API), which `spawnSync` would starve (a deadlock: the CLI waits on the
 * server, the server on the event loop). Resolves to stdout; rejects with stderr.
 */
export function doralensAsync(args, env = {}) {
  const [cmd, argv] = command(args);
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { cwd: ROOT, env: { ...process.env, ...env } });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`doralens ${args.join(' ')} failed: ${err}`)),
    );
  });
}

/** `doralens report --format json` over in-memory files ({deployments, incidents, teams}). */
export function cliReport(files, extra = []) {
  return JSON.parse(cliOutput(files, 'json', extra));
}

/** What `doralens report --format FORMAT` prints for these files (deployments, incidents, teams CSV). */
export function cliOutput(files, format, extra = []) {
  const dir = mkdtempSync(join(tmpdir(), 'doralens-e2e-'));
  const args = ['report', '--format', format];
  for (const [flag, key] of [['--deploys', 'deployments'], ['--incidents', 'incidents'], ['--teams', 'teams']]) {
    if (files[key] == null) continue;
    const path = join(dir, `${key}.csv`);
    writeFileSync(path, files[key]);
    args.push(flag, path);
  }
  return doralens([...args, ...extra]);
}

// The dashboard's number formatting (core::view / core::export), in JS, for comparisons. Rust's
// `{:.1}` rounds exact ties to even (2.25 → "2.2"); `toFixed` rounds them up, so ties are handled.
export function fixed(v, digits) {
  const m = v * 10 ** digits;
  const frac = m - Math.floor(m);
  if (frac === 0.5) {
    const down = Math.floor(m);
    return ((down % 2 === 0 ? down : down + 1) / 10 ** digits).toFixed(digits);
  }
  return v.toFixed(digits);
}
export const hours = (h) => (h == null ? '–' : h < 1 ? `${fixed(h * 60, 0)}m` : h < 48 ? `${fixed(h, 1)}h` : `${fixed(h / 24, 1)}d`);
export const percent = (r) => (r == null ? '–' : `${fixed(r * 100, 1)}%`);
export const perWeek = (v) => (v === 0 ? '0' : v < 1 ? fixed(v, 2) : v < 100 ? fixed(v, 1) : Math.round(v).toLocaleString('en-US'));
