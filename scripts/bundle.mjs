// Bundle the CLI with esbuild so that `declare validate` starts fast (issue 6): one file
// for our code and the validate path's dependencies instead of hundreds of module loads.
// Render-only dependencies stay external and load lazily with the render chunk; paths
// that code resolves relative to import.meta.url (templates/, schema/, package.json)
// still work because the bundle sits two levels below the package root, like dist/cli.
import { createRequire } from 'node:module';
import { rm } from 'node:fs/promises';
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
  // exceljs, docx and SheetJS load only for render --xlsx/--docx and import.
  external: ['puppeteer-core', '@sparticuz/chromium', 'handlebars', 'yaml-language-server', 'exceljs', 'docx', '@e965/xlsx'],
  // CommonJS dependencies (yaml, commander) call require() for Node built-ins.
  banner: { js: "import { createRequire as __declareCreateRequire } from 'node:module'; const require = __declareCreateRequire(import.meta.url);" },
  logLevel: 'warning',
  plugins: [zodWithoutLocales],
});
