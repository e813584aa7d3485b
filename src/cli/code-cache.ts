/**
 * Cold start of `declare validate` (issue 17, third round): run the validate script
 * (dist/bundle/validate.cjs, one CommonJS-shaped function built by scripts/bundle.mjs)
 * through node:vm with a V8 code cache, so that a second start deserialises the compiled
 * code instead of parsing and compiling ~1 MB of JavaScript again. Node 20 has no compile
 * cache for ES modules (module.enableCompileCache is 22.1+); a vm.Script takes one.
 *
 * The cache is data V8 produced from this very script: V8 checks it against the source,
 * the V8 version and its flags and rejects it otherwise (`cachedDataRejected`); the file
 * name also carries the script's size, mtime and path and the Node version, so another
 * build or install never reads it. Every failure (no cache directory, read-only, corrupt
 * or foreign file) falls back to compiling without a cache, silently: the cache only ever
 * changes how fast the same code starts, never what it does.
 *
 * Where: $XDG_CACHE_HOME/declare, else ~/.cache/declare; DECLARE_CODE_CACHE=0 turns it off.
 * Written once, after the first run (so that the functions that run compiled lazily are in
 * it too), atomically (a temporary file renamed over the old one), and again when V8 rejected it.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync, unlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';

/** What the validate script exports (the same names as src/cli/main.ts). */
export interface ValidateScript {
  /** src/cli/main.ts `main` */
  main: (argv: readonly string[]) => Promise<number>;
  /** src/cli/main.ts `outputClosed` */
  outputClosed: (stream: 'stdout' | 'stderr') => void;
}

/** The cache directory for an environment (undefined: no cache). */
export function cacheDir(env: NodeJS.ProcessEnv): string | undefined {
  if (env.DECLARE_CODE_CACHE === '0') return undefined;
  if (env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME)) return path.join(env.XDG_CACHE_HOME, 'declare');
  let home: string;
  try {
    home = homedir();
  } catch {
    return undefined;
  }
  return home ? path.join(home, '.cache', 'declare') : undefined;
}

/** FNV-1a, 32 bits, as 8 hex digits: names the cache file (not a security check; V8 checks the data). */
function fnv(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/**
 * Load the validate script at `file`, with the code cache of `env`'s cache directory.
 * `afterRun` is what the shim calls once the command finished: it writes the cache when
 * there was none or V8 rejected it.
 */
export function loadValidateScript(file: string, env: NodeJS.ProcessEnv): ValidateScript & { afterRun: () => void } {
  const source = readFileSync(file, 'utf8');
  const dir = cacheDir(env);
  let cacheFile: string | undefined;
  let cachedData: Buffer | undefined;
  if (dir) {
    try {
      const st = statSync(file);
      cacheFile = path.join(dir, `validate-${fnv(file)}-${fnv(`${st.size}\0${st.mtimeMs}\0${process.version}\0${process.arch}`)}.v8`);
      cachedData = readFileSync(cacheFile);
    } catch {
      cachedData = undefined;
    }
  }
  const script = new vm.Script(source, { filename: file, cachedData });
  const needsWrite = cacheFile !== undefined && (cachedData === undefined || script.cachedDataRejected === true);
  const fn = script.runInThisContext() as (exports: object, require: NodeJS.Require, module: { exports: object }, url: string) => void;
  const module = { exports: {} as Partial<ValidateScript> };
  fn(module.exports, createRequire(file), module, pathToFileURL(file).href);
  const { main, outputClosed } = module.exports as ValidateScript;
  const afterRun = () => {
    if (!needsWrite || !cacheFile || !dir) return;
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    try {
      mkdirSync(dir, { recursive: true });
      writeFileSync(tmp, script.createCachedData());
      renameSync(tmp, cacheFile);
      // The caches of this script's earlier builds (another size or mtime) are never read again.
      const mine = path.basename(cacheFile);
      const prefix = mine.slice(0, mine.lastIndexOf('-') + 1);
      for (const f of readdirSync(dir)) if (f.startsWith(prefix) && f.endsWith('.v8') && f !== mine) unlinkSync(path.join(dir, f));
    } catch {
      try {
        unlinkSync(tmp);
      } catch {
        // nothing was written
      }
    }
  };
  return { main, outputClosed, afterRun };
}
