#!/usr/bin/env node
// Shim: all behaviour lives in src/cli (compiled to dist/cli). Exit codes: see README.
const argv = process.argv.slice(2);

// `validate` and `--version` start from one script compiled with a V8 code cache
// (src/cli/code-cache.ts, issue 17); the other commands from the ES-module bundle. Both
// are built from the same src/cli/main.ts.
let cli;
if (argv[0] === 'validate' || argv[0] === '--version' || argv[0] === '-V') {
  const { loadValidateScript } = await import('../dist/bundle/code-cache.js');
  cli = loadValidateScript(new URL('../dist/bundle/validate.cjs', import.meta.url).pathname, process.env);
} else {
  cli = await import('../dist/bundle/main.js');
}

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
