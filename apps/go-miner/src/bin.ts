#!/usr/bin/env -S node --max-old-space-size=320 --max-semi-space-size=32 --initial-old-space-size=96 --single-threaded-gc
// The heap cap keeps V8 from letting garbage grow the process past ~450 MB: go-miner's live data stays
// around 100 MB (it streams modules from the state), but V8 collects lazily when memory is plentiful.
import { main } from './main.js';

// A reader that goes away (`go-miner status | head -1`) ends stdout with EPIPE: not an error of ours. The
// commands see it on their own writes; this keeps a late one from crashing the process.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});
process.exitCode = await main(process.argv.slice(2));
