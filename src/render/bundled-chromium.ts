/**
 * The Chromium that `npm ci` brings: @sparticuz/chromium ships a brotli-compressed
 * headless Chromium for linux-x64 inside the npm package. Its own `executablePath()`
 * extracts to a shared /tmp/chromium that anyone can replace and that a killed
 * extraction leaves half-written, so we extract it ourselves, once, into a private
 * versioned cache directory: $XDG_CACHE_HOME/declare/chromium-<version> (default
 * ~/.cache/declare/…). Extraction goes to a temporary sibling directory that is renamed
 * into place when complete, so concurrent runs and interrupted runs are safe.
 */
import { createReadStream, createWriteStream, existsSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { brotliDecompress, createBrotliDecompress } from 'node:zlib';
import { promisify } from 'node:util';
import { makeDir } from './make-dir.js';
import { extractTar } from './tar.js';

const PACKAGE = '@sparticuz/chromium';
const COMPLETE = '.declare-complete';

/** A ready bundled Chromium. */
export interface BundledChromium {
  /** the chromium executable */
  executablePath: string;
  /** directory of the shared libraries it needs (libnss3 …), for LD_LIBRARY_PATH */
  libDir: string;
  /** a fontconfig file that sees only the package's own fonts, never the system's */
  fontconfigFile: string;
  /** the package version, e.g. "147.0.0" */
  version: string;
}

/** Whether this platform can use the bundled Chromium at all. */
export function bundledSupported(platform: NodeJS.Platform = process.platform, arch: string = process.arch): boolean {
  return platform === 'linux' && arch === 'x64';
}

/** Where the package's brotli files are, and its version; undefined when not installed. */
export function bundledPackage(): { binDir: string; version: string } | undefined {
  try {
    // The package exports no ./package.json: resolve its entry point and walk up.
    const require = createRequire(import.meta.url);
    // (build/cjs has a package.json of its own, without a name.)
    for (let dir = path.dirname(require.resolve(PACKAGE)); path.dirname(dir) !== dir; dir = path.dirname(dir)) {
      const file = path.join(dir, 'package.json');
      if (!existsSync(file)) continue;
      const { name, version } = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (name !== PACKAGE || !version) continue;
      const binDir = path.join(dir, 'bin');
      return existsSync(path.join(binDir, 'chromium.br')) ? { binDir, version } : undefined;
    }
    return undefined;
  } catch {
    return undefined;
  }
}

/** The cache root: $XDG_CACHE_HOME/declare, else ~/.cache/declare. */
export function cacheRoot(env: NodeJS.ProcessEnv): string {
  const xdg = env['XDG_CACHE_HOME'];
  if (xdg && path.isAbsolute(xdg)) return path.join(xdg, 'declare');
  const home = env['HOME'] || os.homedir();
  return path.join(home, '.cache', 'declare');
}

/** The directory a given version is (or will be) extracted to. */
export function bundledDir(env: NodeJS.ProcessEnv, version: string): string {
  return path.join(cacheRoot(env), `chromium-${version}`);
}

function fontsConf(dir: string): string {
  // Only the package's fonts directory: the page gets its CJK fonts from us (fonts.ts),
  // so what the system has installed cannot change the PDF.
  return `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <dir>${path.join(dir, 'fonts')}</dir>
  <cachedir>${path.join(dir, 'fontconfig-cache')}</cachedir>
</fontconfig>
`;
}

function ready(dir: string, version: string): BundledChromium | undefined {
  if (!existsSync(path.join(dir, COMPLETE))) return undefined;
  return {
    executablePath: path.join(dir, 'chromium'),
    libDir: path.join(dir, 'lib'),
    fontconfigFile: path.join(dir, 'fonts.conf'),
    version,
  };
}

const brotli = promisify(brotliDecompress);

/**
 * The bundled Chromium, extracted on first use (about 200 MB, a few seconds).
 * Returns undefined when the package is missing or the platform is not linux-x64.
 */
export async function ensureBundledChromium(env: NodeJS.ProcessEnv): Promise<BundledChromium | undefined> {
  if (!bundledSupported()) return undefined;
  const pkg = bundledPackage();
  if (!pkg) return undefined;
  const dir = bundledDir(env, pkg.version);
  const existing = ready(dir, pkg.version);
  if (existing) return existing;
  try {
    return await extract(pkg, dir);
  } catch (error) {
    // A read-only or missing home (containers, CI sandboxes): fall back to a private
    // directory under the system's temporary directory.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EACCES' && code !== 'EROFS' && code !== 'EPERM' && code !== 'ENOENT') throw error;
    const uid = typeof process.getuid === 'function' ? process.getuid() : 'user';
    const fallback = path.join(os.tmpdir(), `declare-cache-${uid}`, `chromium-${pkg.version}`);
    return ready(fallback, pkg.version) ?? (await extract(pkg, fallback));
  }
}

async function extract(pkg: { binDir: string; version: string }, dir: string): Promise<BundledChromium | undefined> {
  const parent = path.dirname(dir);
  await makeDir(parent, 0o700);
  const tmp = await mkdtemp(path.join(parent, `.chromium-${pkg.version}-`));
  try {
    const exe = path.join(tmp, 'chromium');
    await pipeline(
      createReadStream(path.join(pkg.binDir, 'chromium.br')),
      createBrotliDecompress({ chunkSize: 2 ** 21 }),
      createWriteStream(exe, { mode: 0o700 }),
    );
    await chmod(exe, 0o755);
    // Fonts (a fontconfig default), SwiftShader (software GL) and the shared libraries
    // (libnss3, libnspr4, libexpat …) that a minimal Debian or Ubuntu may lack.
    for (const archive of ['fonts.tar.br', 'swiftshader.tar.br', 'al2023.tar.br']) {
      const file = path.join(pkg.binDir, archive);
      if (!existsSync(file)) continue;
      await extractTar(await brotli(await readFile(file)), tmp);
    }
    await writeFile(path.join(tmp, 'fonts.conf'), fontsConf(dir));
    await writeFile(path.join(tmp, COMPLETE), `${PACKAGE}@${pkg.version}\n`);
    try {
      await rename(tmp, dir);
    } catch (error) {
      // Another run finished first (ENOTEMPTY/EEXIST): use its copy. A stale incomplete
      // directory (no marker) is replaced.
      if (!ready(dir, pkg.version)) {
        await rm(dir, { recursive: true, force: true });
        await rename(tmp, dir);
      } else if ((error as NodeJS.ErrnoException).code !== 'ENOTEMPTY' && (error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw error;
      }
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  return ready(dir, pkg.version);
}
