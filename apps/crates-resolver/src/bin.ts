#!/usr/bin/env node
import { quietDependencyWarnings } from './quietDependencyWarnings.js';

// Installed before anything loads nodegit, whose own code triggers the warning.
quietDependencyWarnings();
const { main } = await import('./main.js');
process.exitCode = await main(process.argv.slice(2));
