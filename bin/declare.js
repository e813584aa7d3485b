#!/usr/bin/env node
// Shim: all behaviour lives in src/cli (compiled to dist/cli). Exit codes: see README.
import { main, outputClosed } from '../dist/bundle/main.js';

// A closed pipe (EPIPE, `declare … | head`) is never a crash. The command decides what it
// means (src/cli/closed-output.ts): render stops, cleans up and exits 2; the others finish
// and exit with their own code (what is lost is output the reader did not want).
for (const [name, stream] of [['stdout', process.stdout], ['stderr', process.stderr]]) {
  stream.on('error', (err) => {
    if (err.code !== 'EPIPE') throw err;
    outputClosed(name);
  });
}

process.exitCode = await main(process.argv.slice(2));
