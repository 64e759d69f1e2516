/**
 * Node-only helpers of both orchestrators (bench/run.ts and its child processes, bench/browser/run.ts):
 * the engines' package versions and the machine description. Never imported by the page.
 * @module
 */

import { readFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

/** The npm package behind each engine id of either bench (`''`: InkDB itself, this project). */
const PACKAGES: Readonly<Record<string, string>> = {
  inkdb: '',
  'inkdb-worker': '',
  'inkdb-noshapes': '',
  'inkdb-baseline': '',
  floor: '',
  sqljs: 'sql.js',
  'sqljs-asm': 'sql.js',
  alasql: 'alasql',
  arquero: 'arquero',
  duckdb: '@duckdb/duckdb-wasm',
  pglite: '@electric-sql/pglite',
  'pglite-worker': '@electric-sql/pglite',
  lovefield: 'lovefield',
};

function readVersion(relative: string): string | undefined {
  try {
    const path = fileURLToPath(new URL(`../${relative}`, import.meta.url));
    return (JSON.parse(readFileSync(path, 'utf8')) as { version?: string }).version ?? '?';
  } catch {
    return undefined;
  }
}

/**
 * The version of an installed package, read from `node_modules/<name>/package.json` of the project
 * (packages' `exports` often hide their package.json from `require`).
 * @param name - package name, e.g. `sql.js` or `@duckdb/duckdb-wasm`
 */
export function packageVersion(name: string): string {
  return readVersion(`node_modules/${name}/package.json`) ?? '?';
}

/**
 * The version reported for an engine: its package's, or for InkDB the project's, as `0.1.0 (src)`.
 * @param engine - engine id, e.g. `sqljs-asm` or `inkdb-worker`
 */
export function engineVersion(engine: string): string {
  const pkg = PACKAGES[engine];
  if (pkg === undefined) return '?';
  if (pkg !== '') return packageVersion(pkg);
  const v = readVersion('package.json');
  return v === undefined ? 'src' : `${v} (src)`;
}

/** The machine, for the JSON and the report's last line: os, cpus, memory, Node version, date. */
export function machineInfo(): Record<string, unknown> {
  const cpus = os.cpus();
  return {
    os: `${os.type()} ${os.release()} (${os.platform()} ${os.arch()})`,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? '?',
    totalMemGB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    date: new Date().toISOString(),
  };
}
