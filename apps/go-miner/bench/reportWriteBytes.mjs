// Preloaded into a benchmarked miner (NODE_OPTIONS=--import): on exit, prints the bytes the process caused
// to be written to storage (write_bytes of /proc/self/io: its files, the SQLite WAL and database, the output).
import { readFileSync } from 'node:fs';

process.on('exit', () => {
  try {
    const match = /write_bytes: (\d+)/.exec(readFileSync('/proc/self/io', 'utf8'));
    if (match) process.stderr.write(`go-miner-bench write_bytes=${match[1]}\n`);
  } catch {
    // Not Linux: no figure.
  }
});
