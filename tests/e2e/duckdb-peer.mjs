// The browser benchmark's peer: DuckDB-WASM (npm @duckdb/duckdb-wasm, the EH bundle, one thread) in
// the same Chromium, running scripts/bench/peer.sql (the work `doralens report` does) on the same
// bytes the dashboard loaded. Not a test.
//
// The package is large (150 MB with apache-arrow) and only the benchmark needs it, so it is
// installed on first use from the npm registry into bench-data/.duckdb-wasm/ (git-ignored), not
// with the test dependencies. Offline it cannot load extensions: autoloading is off and read_csv
// is given every column's type (timestamps included), so ICU is never asked for.

import { execFileSync } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { serveDist, ROOT } from './server.mjs';

const VERSION = '1.32.0';
const PREFIX = join(ROOT, 'bench-data', '.duckdb-wasm');
const MODULES = join(PREFIX, 'node_modules');

async function install() {
  try {
    await stat(join(MODULES, '@duckdb', 'duckdb-wasm', 'dist', 'duckdb-eh.wasm'));
  } catch {
    console.log(`installing @duckdb/duckdb-wasm@${VERSION} into ${PREFIX} (the peer) …`);
    execFileSync('npm', ['install', '--prefix', PREFIX, '--no-audit', '--no-fund', '--loglevel=error',
      `@duckdb/duckdb-wasm@${VERSION}`], { stdio: 'inherit' });
  }
}

/**
 * Runs the peer SQL on `files` (deployments first, incidents second) in a new page of `browser`,
 * `runs` times; returns { times: [ms…], counted, version }. Each run registers the files' bytes
 * (fetched from 127.0.0.1 beforehand, outside the timing) and runs the whole script.
 */
export async function duckdbPeer(browser, deployments, incidents, runs = 1) {
  await install();
  const modules = await serveDist({ dir: MODULES, base: '/nm/' });
  const data = await serveDist({ dir: join(ROOT), base: '/data/' });
  const sql = await readFile(join(ROOT, 'scripts', 'bench', 'peer.sql'), 'utf8');
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  try {
    await page.goto(`${modules.url}@duckdb/duckdb-wasm/package.json`);
    const rel = (f) => f.slice(ROOT.length + 1);
    const result = await page.evaluate(async ({ base, dataBase, files, sql, runs }) => {
      const map = document.createElement('script');
      map.type = 'importmap';
      map.textContent = JSON.stringify({ imports: {
        'apache-arrow': `${base}apache-arrow/Arrow.dom.mjs`,
        flatbuffers: `${base}flatbuffers/mjs/flatbuffers.js`,
        tslib: `${base}tslib/tslib.es6.mjs`,
      } });
      document.head.append(map);
      const duckdb = await import(`${base}@duckdb/duckdb-wasm/dist/duckdb-browser.mjs`);
      const dist = `${base}@duckdb/duckdb-wasm/dist/`;
      const workerUrl = URL.createObjectURL(new Blob([`importScripts("${dist}duckdb-browser-eh.worker.js");`], { type: 'text/javascript' }));
      const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), new Worker(workerUrl));
      await db.instantiate(`${dist}duckdb-eh.wasm`);
      const version = await db.getVersion();
      const bytes = [];
      for (const f of files) bytes.push(new Uint8Array(await (await fetch(dataBase + f.path)).arrayBuffer()));
      const times = [];
      let counted = null;
      for (let run = 0; run < runs; run++) {
        const t = performance.now();
        for (let k = 0; k < files.length; k++) await db.registerFileBuffer(files[k].name, bytes[k].slice());
        const conn = await db.connect();
        const q = sql.replaceAll('{deploys}', `'${files[0].name}'`).replaceAll('{incidents}', `'${files[1].name}'`);
        const table = await conn.query(q);
        counted = Object.fromEntries(Object.entries(table.toArray()[0].toJSON()).map(([k, v]) => [k, Number(String(v).replaceAll('"', ''))]));
        times.push(performance.now() - t);
        await conn.close();
        for (const f of files) await db.dropFile(f.name);
      }
      await db.terminate();
      return { times, counted, version };
    }, {
      base: modules.url,
      dataBase: data.url,
      files: [deployments, incidents].map((f) => ({ path: rel(f), name: basename(f) })),
      sql,
      runs,
    });
    if (errors.length) result.errors = errors;
    return result;
  } finally {
    await page.close();
    await modules.close();
    await data.close();
  }
}

// `node tests/e2e/duckdb-peer.mjs DEPLOYS.csv INCIDENTS.csv`: the peer alone.
if (process.argv[1] && process.argv[1].endsWith('duckdb-peer.mjs')) {
  const { launch } = await import('./server.mjs');
  const browser = await launch();
  const [d, i] = process.argv.slice(2).map((f) => join(process.cwd(), f));
  const r = await duckdbPeer(browser, d, i, 1);
  console.log(r);
  await browser.close();
}
