#!/usr/bin/env node
import { launchDirectory } from './launchDirectory.js';
import { quietDependencyWarnings } from './quietDependencyWarnings.js';
import { keepYoungGenerationSmall } from './server/keepYoungGenerationSmall.js';

// Installed before anything loads nodegit, whose own code triggers the warning.
quietDependencyWarnings();
// The service's young generation is kept small from its first allocation: loading the modules would
// otherwise grow it for good (serve sets it again, for a command given after global flags).
if (process.argv.slice(2).find((arg) => !arg.startsWith('-')) === 'serve') keepYoungGenerationSmall();
const from = launchDirectory();
if (from !== undefined) process.chdir(from);
const { main } = await import('./main.js');
process.exitCode = await main(process.argv.slice(2));
