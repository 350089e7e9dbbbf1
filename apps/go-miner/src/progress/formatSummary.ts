import type { HttpStats } from '@registry-miners/http-pool';
import { describeCounts } from '@registry-miners/go-mining';
import type { JobSummary } from '@registry-miners/go-mining';
import { formatDuration, formatRate } from '@registry-miners/progress';

/** Resource use of this process, for the summary. */
export interface ResourceFigures {
  cpuUserMs: number;
  cpuSystemMs: number;
  maxRssBytes: number;
}

export function resourceFigures(): ResourceFigures {
  const usage = process.resourceUsage();
  return { cpuUserMs: usage.userCPUTime / 1000, cpuSystemMs: usage.systemCPUTime / 1000, maxRssBytes: usage.maxRSS * 1024 };
}

function n(value: number): string {
  return value.toLocaleString('en-US');
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(bytes >= 100 * 1024 * 1024 ? 0 : 1)} MB`;
}

function httpLine(name: string, stats: HttpStats): string {
  const statuses = Object.entries(stats.statuses)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([status, count]) => `${status}×${n(count)}`)
    .join(' ');
  return (
    `  http ${name}: ${n(stats.requests)} requests, ${n(stats.retries)} retries, ${n(stats.failures)} failed; ` +
    `latency p50 ${stats.latencyMs.p50.toFixed(0)} ms p99 ${stats.latencyMs.p99.toFixed(0)} ms; ${mb(stats.bytes)}` +
    (statuses ? `; ${statuses}` : '')
  );
}

/** The final report on stderr: what each phase did, lookup statuses, time, rates, HTTP stats, resources. */
export function formatSummary(summary: JobSummary, resources: ResourceFigures): string {
  const lines = [`go-miner: ${summary.phases.join(' + ')} finished in ${formatDuration(summary.durationMs)} (state: ${summary.stateDir})`];
  const { crawl, ids, lookup } = summary;
  if (crawl) {
    const mode = crawl.refresh ? ' (refresh: entries after the last cursor only)' : crawl.resumed ? ' (resumed)' : '';
    lines.push(
      `  crawl: ${n(crawl.pages)} pages (${n(crawl.commits)} commits), ${n(crawl.entries)} new entries, ${n(crawl.newModules)} new modules, ` +
        `${n(crawl.changedModules)} with a newer version, in ${formatDuration(crawl.durationMs)} ` +
        `(${formatRate((crawl.entries * 1000) / Math.max(1, crawl.durationMs))} entries)${mode}`,
    );
  }
  if (ids) {
    lines.push(ids.assigned > 0 ? `  ids: ${n(ids.assigned)} assigned (${n(ids.firstId)}..${n(ids.lastId)})` : `  ids: none new (highest ${n(ids.lastId)})`);
  }
  if (lookup) {
    const done = Object.values(lookup.byStatus).reduce((a, b) => a + b, 0);
    lines.push(
      `  lookup: ${n(done)} looked up in ${formatDuration(lookup.durationMs)} ` +
        `(${formatRate((done * 1000) / Math.max(1, lookup.durationMs))}): ${describeCounts(lookup.byStatus) || 'nothing to do'}; ` +
        `${n(lookup.current)} of ${n(lookup.modules)} modules were current`,
    );
  }
  // An export alone reports what it wrote, not the live state: a job running beside it may be changing that.
  const exportOnly = summary.phases.length === 1 && summary.phases[0] === 'export';
  if (!exportOnly) {
    lines.push(
      `  modules: ${n(summary.modules)}; ${describeCounts(summary.lookupCounts) || 'none looked up'}; ` +
        `${n(summary.unresolved)} without a result${summary.unresolved > 0 ? ' (the next run retries them)' : ''}`,
    );
  }
  if (summary.export) {
    const e = summary.export;
    lines.push(`  export: ${n(e.rows)} rows (${e.format}) → ${e.out} in ${formatDuration(e.durationMs)}`);
    const sources = Object.entries(e.bySource).map(([source, count]) => `${source} ${n(count)}`);
    lines.push(`  repositories by source: ${sources.join(', ')}`);
  }
  if (summary.goGet) {
    const g = summary.goGet;
    lines.push(
      `  go-get: ${n(g.requests)} requests, ${n(g.cached)} answered from the state, at most ${n(g.maxInFlightPerHost)} in flight per host, ` +
        `${n(g.skippedHosts)} hosts skipped after a timeout or connection failure`,
    );
  }
  if (summary.http.index) lines.push(httpLine('index', summary.http.index));
  if (summary.http.proxy) lines.push(httpLine('proxy', summary.http.proxy));
  if (summary.http.goGet) lines.push(httpLine('go-get', summary.http.goGet));
  const phases = Object.entries(summary.phaseResources)
    .map(([phase, figures]) => `${phase} ${formatDuration(figures.cpuMs)}`)
    .join(', ');
  lines.push(
    `  cpu: ${formatDuration(resources.cpuUserMs)} user + ${formatDuration(resources.cpuSystemMs)} sys${phases ? ` (${phases})` : ''}; ` +
      `peak RSS ${mb(resources.maxRssBytes)}`,
  );
  return lines.join('\n');
}
