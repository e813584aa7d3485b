#!/usr/bin/env node
// Shim: all behaviour lives in src/cli (compiled to dist/cli). Exit codes: see README.
//
// CommonJS (bin/package.json says so): a CommonJS entry is read synchronously, where an
// ES-module entry starts Node's ES-module loader, which reads each module through the
// thread pool and the event loop: about a tenth of a bare `node`'s start (issue 17).
'use strict';
const path = require('node:path');

const argv = process.argv.slice(2);

/** Run the CLI module `cli`: its exit code, and who handles a closed stdout/stderr. */
async function run(cli) {
  // A closed pipe (EPIPE, `declare … | head`) is never a crash. The command decides what it
  // means (src/cli/closed-output.ts): render stops, cleans up and exits 2; the others finish
  // and exit with their own code (what is lost is output the reader did not want).
  for (const [name, stream] of [['stdout', process.stdout], ['stderr', process.stderr]]) {
    stream.on('error', (err) => {
      if (err.code !== 'EPIPE') throw err;
      cli.outputClosed(name);
    });
  }
  process.exitCode = await cli.main(argv);
  cli.afterRun?.();
}

// `validate` and `--version` start from one script compiled with a V8 code cache
// (src/cli/code-cache.ts, issue 17); the other commands from the ES-module bundle. Both
// are built from the same src/cli/main.ts.
if (argv[0] === 'validate' || argv[0] === '--version' || argv[0] === '-V') {
  const { loadValidateScript } = require('../dist/bundle/code-cache.cjs');
  run(loadValidateScript(path.join(__dirname, '..', 'dist', 'bundle', 'validate.cjs'), process.env));
} else {
  import('../dist/bundle/main.js').then(run);
}
