#!/usr/bin/env node
import { main } from './main.js';

// `pnpm --filter go-miner start -- <args>` passes the `--` through: drop it.
const args = process.argv.slice(2);
if (args[0] === '--') args.shift();
process.exitCode = await main(args);
