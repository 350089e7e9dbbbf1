#!/usr/bin/env node
import { launchDirectory } from './launchDirectory.js';
import { quietDependencyWarnings } from './quietDependencyWarnings.js';

// Installed before anything loads nodegit, whose own code triggers the warning.
quietDependencyWarnings();
const from = launchDirectory();
if (from !== undefined) process.chdir(from);
const { main } = await import('./main.js');
process.exitCode = await main(process.argv.slice(2));
