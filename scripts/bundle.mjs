// Bundle the CLI with esbuild so that `declare validate` starts fast (issue 6): one file
// for our code and the validate path's dependencies instead of hundreds of module loads.
// Render-only dependencies stay external and load lazily with the render chunk; paths
// that code resolves relative to import.meta.url (templates/, schema/)
// still work because the bundle sits two levels below the package root, like dist/cli.
import { createRequire } from 'node:module';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';

// The GitHub Action installs production dependencies only and esbuild on its own, outside
// the package (docs/ci.md "What the action installs"): DECLARE_ESBUILD_PREFIX names the
// npm prefix it was installed into. Otherwise the devDependency.
const prefix = process.env.DECLARE_ESBUILD_PREFIX;
const { build } = prefix ? createRequire(path.join(path.resolve(prefix), 'package.json'))('esbuild') : await import('esbuild');

/**
 * zod's classic entry re-exports its ~60 message locales (`z.locales`), about half of its
 * code, all parsed at every start; declare never uses them (zod's English messages are
 * configured from locales/en.js directly, and declare words its own). The re-export is
 * resolved to an empty module (issue 17: part of the cold start).
 */
const zodWithoutLocales = {
  name: 'zod-without-locales',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]/.test(args.importer) ? { path: 'zod-locales', namespace: 'declare-empty' } : undefined);
    b.onLoad({ filter: /.*/, namespace: 'declare-empty' }, () => ({ contents: 'export {};', loader: 'js' }));
  },
};

/**
 * fdir (tinyglobby's crawler) loads picomatch at start with its own createRequire, for
 * its `glob()` method, which tinyglobby never calls: at run time that is a module lookup
 * through node_modules and four files compiled outside the bundle and its code cache
 * (issue 17). The plugin hands fdir the bundled picomatch instead (the same package), and
 * fails the build when fdir's code no longer has that statement.
 */
const fdirBundledPicomatch = {
  name: 'fdir-bundled-picomatch',
  setup(b) {
    b.onLoad({ filter: /[\\/]fdir[\\/]dist[\\/]index\.mjs$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const load = /try \{\s*__require\.resolve\("picomatch"\);\s*pm = __require\("picomatch"\);\s*\} catch \{\}/;
      if (!load.test(source)) throw new Error(`${args.path}: fdir no longer loads picomatch as scripts/bundle.mjs expects`);
      return { contents: `import __declarePicomatch from "picomatch";\n${source.replace(load, 'pm = __declarePicomatch;')}`, loader: 'js', resolveDir: path.dirname(args.path) };
    });
  },
};

/**
 * puppeteer-core is bundled into the render chunks (issue 17, the first PDF from a cold
 * process): loaded from node_modules it is a tree of small ES modules resolved, read and
 * compiled one by one: a script that only imports it took 0.59 s of CPU, 0.20 s with the
 * bundled chunk (a bare node 0.15 s), before the browser could even be started. Two parts
 * of it that a PDF never reaches stay out:
 *
 * - @puppeteer/browsers' entry re-exports its downloader and CLI (proxy agents with a
 *   QuickJS build, zip and tar readers, yargs): puppeteer-core imports it for `launch`,
 *   the browser data and a few names of its cache commands. Its imports resolve to a
 *   module of just what a launch uses; the cache commands (trimCache) throw if called.
 *   Its HTTP helper (the downloader's, imported by the browser data for version lookups
 *   we never make) is replaced by functions that throw.
 * - WebDriver BiDi (chromium-bidi) and WebSockets (ws) are loaded only for protocols and
 *   transports declare does not use (it talks CDP over a pipe): left external, behind
 *   puppeteer-core's own dynamic imports.
 */
const puppeteerLean = {
  name: 'puppeteer-lean',
  setup(b) {
    // (its CommonJS entry, lib/cjs/main.js, is what require.resolve finds; the ES build is beside it)
    const browsersDir = path.join(path.dirname(createRequire(createRequire(import.meta.url).resolve('puppeteer-core')).resolve('@puppeteer/browsers')), '..', 'esm');
    b.onResolve({ filter: /^@puppeteer\/browsers$/ }, () => ({ path: 'browsers-lean', namespace: 'declare-browsers-lean' }));
    b.onLoad({ filter: /.*/, namespace: 'declare-browsers-lean' }, () => ({
      contents: [
        "export { launch, computeExecutablePath, computeSystemExecutablePath, TimeoutError, CDP_WEBSOCKET_ENDPOINT_REGEX, WEBDRIVER_BIDI_WEBSOCKET_ENDPOINT_REGEX, Process } from './launch.js';",
        "export { detectBrowserPlatform } from './detectPlatform.js';",
        "export { resolveBuildId, Browser, BrowserPlatform, ChromeReleaseChannel, createProfile, getVersionComparator, resolveDefaultUserDataDir } from './browser-data/browser-data.js';",
        "const absent = (name) => () => { throw new Error(`declare: internal error: @puppeteer/browsers ${name} is not bundled`); };",
        "export const getInstalledBrowsers = absent('getInstalledBrowsers');",
        "export const uninstall = absent('uninstall');",
        "export const install = absent('install');",
      ].join('\n'),
      loader: 'js',
      resolveDir: browsersDir,
    }));
    b.onLoad({ filter: /[\\/]@puppeteer[\\/]browsers[\\/]lib[\\/]esm[\\/]httpUtil\.js$/ }, () => ({
      contents: ['headHttpRequest', 'httpRequest', 'downloadFile', 'getJSON', 'getText']
        .map((name) => `export function ${name}() { throw new Error('declare: internal error: @puppeteer/browsers ${name} is not bundled'); }`).join('\n'),
      loader: 'js',
    }));
  },
};

// The version is built in (src/cli/version.ts): a start reads no package.json.
const versionDefine = { __DECLARE_VERSION__: JSON.stringify(JSON.parse(await readFile('package.json', 'utf8')).version) };

await rm('dist/bundle', { recursive: true, force: true });
await build({
  entryPoints: { main: 'src/cli/main.ts' },
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  sourcemap: false,
  legalComments: 'linked',
  chunkNames: 'chunk-[hash]',
  define: versionDefine,
  // exceljs, docx and SheetJS load only for render --xlsx/--docx and import; subset-font only for the self-contained HTML.
  external: ['chromium-bidi', 'ws', '@sparticuz/chromium', 'handlebars', 'yaml-language-server', 'exceljs', 'docx', '@e965/xlsx', 'subset-font', 'fontverter'],
  // CommonJS dependencies (yaml, commander) call require() for Node built-ins.
  banner: { js: "import { createRequire as __declareCreateRequire } from 'node:module'; const require = __declareCreateRequire(import.meta.url);" },
  logLevel: 'warning',
  plugins: [zodWithoutLocales, fdirBundledPicomatch, puppeteerLean],
});

// ---------------------------------------------------------------------------------------
// Cold start, third round (issue 17): `declare validate` and `--version` run from ONE
// CommonJS-shaped script, dist/bundle/validate.cjs, that bin/declare.js compiles with
// node:vm and a V8 code cache (src/cli/code-cache.ts). Node 20 has no compile cache for
// ES modules; for a vm.Script V8 keeps the compiled code, lazily compiled functions
// included, so a second start skips parsing and compiling what the first one ran.
// Every other command keeps the ES-module bundle above. The validate script never loads
// render, import or LSP code, so their external packages are stubs that throw if reached.
// ---------------------------------------------------------------------------------------
const renderOnly = ['puppeteer-core', '@sparticuz/chromium', 'handlebars', 'yaml-language-server', 'exceljs', 'docx', '@e965/xlsx', 'subset-font', 'fontverter'];
const notOnValidatePath = {
  name: 'not-on-validate-path',
  setup(b) {
    const names = new RegExp(`^(${renderOnly.map((n) => n.replace(/[/.]/g, '\\$&')).join('|')})(/.*)?$`);
    b.onResolve({ filter: names }, (args) => ({ path: `${args.path}#absent`, namespace: 'declare-absent' }));
    b.onLoad({ filter: /.*/, namespace: 'declare-absent' }, (args) => ({
      contents: `module.exports = (() => { throw new Error(${JSON.stringify(`declare: internal error: ${args.path} is not part of the validate script`.replace('#absent', ''))}); })();`,
      loader: 'js',
    }));
  },
};
// Only `validate` (with --watch) and `--version` ever run from this script (bin/declare.js
// chooses it by the first argument), so the other commands' modules, which main.ts
// imports dynamically in their actions, are stubs here too: left in, their code (render,
// sheets, LSP, review) was about half of the script, read and deserialised at every start.
const VALIDATE_COMMANDS = new Set(['./validate.js', './watch.js']);
const otherCommandsAbsent = {
  name: 'other-commands-absent',
  setup(b) {
    b.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (args.kind !== 'dynamic-import' || !/[\\/]src[\\/]cli[\\/]main\.ts$/.test(args.importer) || VALIDATE_COMMANDS.has(args.path)) return undefined;
      return { path: args.path, namespace: 'declare-other-command' };
    });
    b.onLoad({ filter: /.*/, namespace: 'declare-other-command' }, (args) => ({
      contents: `throw new Error(${JSON.stringify(`declare: internal error: ${args.path} is not part of the validate script`)});`,
      loader: 'js',
    }));
  },
};
/**
 * Built-ins the validate script imports but a one-file validate never calls: node:crypto
 * (temporary names for -o, the --cache digest) and node:child_process (commander's
 * executable subcommands, which declare has none). Loading them costs about thirty of
 * Node's internal modules at every start (issue 17), so here each is a module of
 * functions that require the real one on their first call. Only functions are
 * forwarded: an ES import of anything else fails the build, and commander uses `spawn`.
 */
const LAZY_BUILTINS = ['crypto', 'child_process'];
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(b) {
    const names = new RegExp(`^(node:)?(${LAZY_BUILTINS.join('|')})$`);
    b.onResolve({ filter: names }, (args) => (args.namespace === 'declare-lazy-builtin'
      ? { path: args.path, external: true }
      : { path: args.path.replace(/^node:/, ''), namespace: 'declare-lazy-builtin' }));
    b.onLoad({ filter: /.*/, namespace: 'declare-lazy-builtin' }, async (args) => {
      const real = await import(`node:${args.path}`);
      const functions = Object.keys(real).filter((k) => k !== 'default' && /^[A-Za-z_$][\w$]*$/.test(k) && typeof real[k] === 'function');
      return {
        contents: [
          `let m; const load = () => (m ??= require(${JSON.stringify(`node:${args.path}`)}));`,
          ...functions.map((k) => `export function ${k}(...a) { return new.target ? new (load().${k})(...a) : load().${k}(...a); }`),
        ].join('\n'),
        loader: 'js',
      };
    });
  },
};
await build({
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/bundle/validate.cjs',
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: true,
  sourcemap: false,
  legalComments: 'linked',
  // The file is one function expression: code-cache.ts runs it with these arguments.
  // import.meta.url is the script's own URL (it sits where the ES-module bundle does).
  banner: { js: '(function (exports, require, module, __declareImportMetaUrl) {' },
  footer: { js: '})' },
  define: { 'import.meta.url': '__declareImportMetaUrl', ...versionDefine },
  logLevel: 'warning',
  plugins: [zodWithoutLocales, fdirBundledPicomatch, notOnValidatePath, otherCommandsAbsent, lazyBuiltins],
});
// The loader itself: small, no dependencies, required by bin/declare.js (CommonJS, so that
// validate never starts the ES-module loader).
await build({
  entryPoints: ['src/cli/code-cache.ts'],
  outfile: 'dist/bundle/code-cache.cjs',
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: true,
  logLevel: 'warning',
});
