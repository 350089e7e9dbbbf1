/**
 * Benchmark: findRegistryResolution vs a straightforward port of the reference loop
 * (test/referenceSearch.ts) on the real Cargo.lock cases over the 2020 crates.io index bundle.
 *
 *   pnpm --filter @registry-miners/crates-resolution bench
 *
 * The bundle branches are cloned once into a cache under the OS temp dir (reused while the
 * bundle is unchanged). After a warm-up pass, every case runs the reference once and ours five
 * times on the same open repositories ("warm repos": libgit2's own object cache is shared by both;
 * ours keeps no cache of its own between calls), and three more times on freshly opened
 * Repository objects (cold libgit2 caches, only the OS page cache carries over). The table shows
 * medians. Targets: the largest case ≤ 1 s, ≥ 5× overall (both on the warm repositories).
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import NodeGit from 'nodegit';
import type { Repository } from 'nodegit';
import { cratesIoPackages, readCargoLock } from '@registry-miners/cargolock-parser';
import { bareCloneFromBundle, cratesCasesDir, cratesIndexBundle } from '@registry-miners/testkit';
import { findRegistryResolution } from '../src/index.js';
import type { LockPackage } from '@registry-miners/cargolock-parser';
import type { Resolution } from '../src/index.js';
import { referenceFindRegistryResolution } from '../test/referenceSearch.js';

const run = promisify(execFile);
const OURS_RUNS = 5;
const FRESH_RUNS = 3;

interface Case {
  name: string;
  published: string;
  refs: string[];
  expected: { commit: string; time: string; found: number; total: number };
  packages: LockPackage[];
}

async function cachedClones(branches: readonly string[]): Promise<Map<string, string>> {
  const stat = statSync(cratesIndexBundle);
  const cache = join(tmpdir(), `crates-resolution-bench-${stat.size}-${Math.floor(stat.mtimeMs)}`);
  await mkdir(cache, { recursive: true });
  const heads = new Map(
    (await run('git', ['bundle', 'list-heads', cratesIndexBundle])).stdout
      .trim()
      .split('\n')
      .map((line) => line.split(' ') as [string, string])
      .map(([oid, ref]) => [ref.replace('refs/heads/', ''), oid]),
  );
  const paths = new Map<string, string>();
  for (const branch of branches) {
    const path = join(cache, `${branch}.git`);
    let valid = false;
    if (existsSync(path)) {
      try {
        valid = (await run('git', ['rev-parse', 'HEAD'], { cwd: path })).stdout.trim() === heads.get(branch);
      } catch {
        valid = false;
      }
    }
    if (!valid) {
      await rm(path, { recursive: true, force: true });
      const started = performance.now();
      await bareCloneFromBundle(branch, path);
      console.error(`cloned ${branch} into ${path} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
    paths.set(branch, path);
  }
  return paths;
}

async function openAll(paths: Map<string, string>): Promise<Map<string, Repository>> {
  const repos = new Map<string, Repository>();
  for (const [branch, path] of paths) repos.set(branch, await NodeGit.Repository.openBare(path));
  return repos;
}

function same(a: Resolution, b: Resolution): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main(): Promise<void> {
  const cases: Case[] = [];
  for (const entry of readdirSync(cratesCasesDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const spec = JSON.parse(readFileSync(join(cratesCasesDir, entry.name, 'case.json'), 'utf8'));
    const packages = cratesIoPackages(await readCargoLock(join(cratesCasesDir, entry.name, 'Cargo.lock')));
    cases.push({ name: entry.name, ...spec, packages });
  }
  const paths = await cachedClones([...new Set(cases.flatMap((c) => c.refs))]);
  const shared = await openAll(paths);
  const repositoriesOf = (c: Case, repos: Map<string, Repository>) => c.refs.map((ref) => repos.get(ref)!);

  // Warm-up: the OS page cache and the JIT, one pass of ours over every case.
  for (const c of cases) await findRegistryResolution(repositoriesOf(c, await openAll(paths)), c.packages, new Date(c.published));

  const rows: string[][] = [];
  let oursTotal = 0;
  let freshTotal = 0;
  let referenceTotal = 0;
  let allSame = true;
  let largest = { packages: 0, ms: 0, name: '' };
  for (const c of cases) {
    const published = new Date(c.published);
    let reads = 0;
    const times: number[] = [];
    const cpus: number[] = [];
    let ours: Resolution | undefined;
    for (let i = 0; i < OURS_RUNS; i += 1) {
      const repos = shared;
      const cpu = process.cpuUsage();
      const started = performance.now();
      reads = 0;
      ours = await findRegistryResolution(repositoriesOf(c, repos), c.packages, published, {
        onEvent: (event) => {
          if (event.type === 'repository-done') reads += event.objectReads;
        },
      });
      times.push(performance.now() - started);
      const used = process.cpuUsage(cpu);
      cpus.push((used.user + used.system) / 1000);
    }
    const fresh: number[] = [];
    for (let i = 0; i < FRESH_RUNS; i += 1) {
      const repos = await openAll(paths);
      const begin = performance.now();
      const answer = await findRegistryResolution(repositoriesOf(c, repos), c.packages, published);
      fresh.push(performance.now() - begin);
      if (!same(answer, ours!)) throw new Error(`${c.name}: fresh repositories gave another answer`);
    }
    const started = performance.now();
    const reference = await referenceFindRegistryResolution(repositoriesOf(c, shared), c.packages, published);
    const referenceMs = performance.now() - started;
    const oursMs = median(times);
    const expected = ours!.commit === c.expected.commit && ours!.found === c.expected.found && ours!.total === c.expected.total;
    const agree = same(ours!, reference) && expected;
    allSame &&= agree;
    oursTotal += oursMs;
    freshTotal += median(fresh);
    referenceTotal += referenceMs;
    if (c.packages.length > largest.packages) largest = { packages: c.packages.length, ms: oursMs, name: c.name };
    rows.push([
      c.name,
      String(c.packages.length),
      oursMs.toFixed(0),
      median(cpus).toFixed(0),
      String(reads),
      median(fresh).toFixed(0),
      referenceMs.toFixed(0),
      `${(referenceMs / oursMs).toFixed(1)}×`,
      agree ? 'yes' : 'NO',
    ]);
  }
  const header = ['case', 'packages', 'ours ms', 'ours cpu ms', 'object reads', 'ours fresh-repo ms', 'reference ms', 'speedup', 'same answer'];
  rows.push(['total', '', oursTotal.toFixed(0), '', '', freshTotal.toFixed(0), referenceTotal.toFixed(0), `${(referenceTotal / oursTotal).toFixed(1)}×`, allSame ? 'yes' : 'NO']);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
  for (const row of rows) console.log(line(row));
  console.log(
    `\nours: median of ${OURS_RUNS} runs on the open repositories (cpu = process CPU time, all threads; reads = git objects read);` +
      ` fresh-repo: median of ${FRESH_RUNS} runs on newly opened Repository objects; reference: one run of test/referenceSearch.ts on the open repositories.`,
  );

  const speedup = referenceTotal / oursTotal;
  const checks = [
    [`largest case (${largest.name}, ${largest.packages} packages) ≤ 1000 ms: ${largest.ms.toFixed(0)} ms`, largest.ms <= 1000],
    [`overall speedup ≥ 5×: ${speedup.toFixed(1)}×`, speedup >= 5],
    [`identical answers (ours = reference = case.json)`, allSame],
  ] as const;
  for (const [label, ok] of checks) console.log(`${ok ? 'PASS' : 'FAIL'} ${label}`);
}

await main();
