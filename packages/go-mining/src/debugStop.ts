/**
 * Test support for "kill -9 at a precise point": with `GO_MINER_DEBUG_STOP_AT=<phase>:<n>` (phase `crawl`
 * = pages committed, `merge` = chunks of the final crawl merge written, `lookup` = results committed, `export` = rows written), the process announces
 * `go-miner: debug stop at <phase> <count>` on stderr and stops itself with SIGSTOP the first time the
 * count reaches n, so a test can SIGKILL it there. Does nothing when the variable is unset.
 */
const spec = parseSpec(process.env.GO_MINER_DEBUG_STOP_AT);
let fired = false;

function parseSpec(value: string | undefined): { phase: string; at: number } | undefined {
  const match = value ? /^(crawl|merge|lookup|export):(\d+)$/.exec(value) : null;
  return match ? { phase: match[1]!, at: Number(match[2]) } : undefined;
}

export function debugStop(phase: 'crawl' | 'merge' | 'lookup' | 'export', count: number): void {
  if (!spec || fired || spec.phase !== phase || count < spec.at) return;
  fired = true;
  process.stderr.write(`go-miner: debug stop at ${phase} ${count}\n`);
  process.kill(process.pid, 'SIGSTOP');
}
