#!/usr/bin/env node
// Shim: all behaviour lives in src/cli (compiled to dist/cli). Exit codes: see README.
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
