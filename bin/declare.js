#!/usr/bin/env node
// Shim: all behaviour lives in src/cli (compiled to dist/cli). Exit codes: see README.
import { main } from '../dist/bundle/main.js';

// `declare validate … | head` closes the pipe early: that is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

process.exitCode = await main(process.argv.slice(2));
