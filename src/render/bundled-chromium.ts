/**
 * The Chromium that `npm ci` brings: @sparticuz/chromium ships a brotli-compressed
 * headless Chromium for linux-x64 inside the npm package. Its own `executablePath()`
 * extracts to a shared /tmp/chromium that anyone can replace and that a killed
 * extraction leaves half-written, so we extract it ourselves, once, into a private
 * versioned cache directory: $XDG_CACHE_HOME/declare/chromium-<version> (default
 * ~/.cache/declare/…), or, when that cannot be written, $TMPDIR/declare-cache-<uid>/….
 *
 * We never execute from a directory we did not create ourselves (issue 10.1,
 * docs/SECURITY.md "The browser binary and its profile"):
 *
 * - every directory is created mode 0700; the cache root and each of its ancestors must
 *   be owned by us or root and not writable by others (a sticky /tmp is fine), and the
 *   TMPDIR root must be ours and 0700;
 * - every entry of the extracted tree must be ours, not group/world-writable, and a
 *   regular file or directory (no links, no FIFOs);
 * - the marker written at extraction is a manifest: SHA-256, size and a stat fingerprint
 *   (inode, mtime, ctime) of every file. A file whose fingerprint still matches is taken
 *   as is; any other is hashed again and must match. ctime cannot be set by an
 *   unprivileged process, so a change of content is always seen, and the 200 MB
 *   executable is not hashed on every run (it costs 0.3–0.5 s of CPU, 1.5 s under load).
 *
 * A copy that fails any check is never used: one that is entirely ours is removed and
 * extracted again; one with anything of another user's in it is left alone, and we
 * extract afresh into a new private directory (mkdtemp) beside it. Extraction goes to a
 * temporary sibling directory renamed into place when complete, so concurrent and
 * interrupted runs are safe.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, readFileSync } from 'node:fs';
import type { BigIntStats } from 'node:fs';
import { chmod, lstat, mkdtemp, readdir, readFile, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { brotliDecompress, createBrotliDecompress } from 'node:zlib';
import { promisify } from 'node:util';
import { makeDir } from './make-dir.js';
import { extractTar } from './tar.js';

const PACKAGE = '@sparticuz/chromium';
const COMPLETE = '.declare-complete';
/** The marker's format; a marker of another format (or the plain text of old versions) is not trusted. */
const MARKER_FORMAT = 2;
/** Written by Chromium's fontconfig at run time, so not in the manifest (ownership and mode still checked). */
const FONT_CACHE = 'fontconfig-cache';

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

/** How far a first-use extraction has come (for a progress line on stderr). */
export interface ExtractProgress {
  /** start: about to extract; progress: `fraction` done; done: complete */
  phase: 'start' | 'progress' | 'done';
  /** 0 … 1, by compressed bytes read */
  fraction: number;
  /** the directory being extracted to */
  dir: string;
  /** for 'done': how long it took, ms */
  ms?: number;
}

/** Options of ensureBundledChromium. */
export interface BundledOptions {
  /** told about a first-use extraction (nothing is reported when a verified copy exists) */
  onProgress?: (progress: ExtractProgress) => void;
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

/** The root used when the cache root cannot be written: $TMPDIR/declare-cache-<uid>. */
export function fallbackRoot(tmpdir: string, uid: number): string {
  return path.join(tmpdir, `declare-cache-${uid}`);
}

function myUid(): number {
  return typeof process.getuid === 'function' ? process.getuid() : -1;
}

function fontsConf(dir: string): string {
  // Only the package's fonts directory: the page gets its CJK fonts from us (fonts.ts),
  // so what the system has installed cannot change the PDF.
  return `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <dir>${path.join(dir, 'fonts')}</dir>
  <cachedir>${path.join(dir, FONT_CACHE)}</cachedir>
</fontconfig>
`;
}

function describe(dir: string, version: string): BundledChromium {
  return {
    executablePath: path.join(dir, 'chromium'),
    libDir: path.join(dir, 'lib'),
    fontconfigFile: path.join(dir, 'fonts.conf'),
    version,
  };
}

/** One file of the manifest. */
interface ManifestFile {
  /** SHA-256 of the content, hex */
  sha256: string;
  /** size in bytes */
  size: string;
  /** inode, mtime and ctime (ns) when the manifest was written: unchanged means unchanged content */
  fingerprint: string;
}

/** The marker of a complete extraction. */
interface Marker {
  format: number;
  package: string;
  version: string;
  /** every file of the tree but the marker and the font cache, by '/'-separated path */
  files: Record<string, ManifestFile>;
}

function fingerprint(st: BigIntStats): string {
  return `${st.dev}:${st.ino}:${st.mtimeNs}:${st.ctimeNs}`;
}

async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 2 ** 21 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Why a path may not be trusted, or undefined. `mask`: permission bits that must be clear. */
function badOwnerOrMode(st: { uid: number | bigint; mode: number | bigint }, uid: number, mask: number): string | undefined {
  if (Number(st.uid) !== uid) return `owned by uid ${st.uid}, not ${uid}`;
  const mode = Number(st.mode) & 0o7777;
  if ((mode & mask) !== 0) return `mode ${mode.toString(8).padStart(4, '0')}`;
  return undefined;
}

/**
 * Why `dir` (which exists) is not a safe place for a browser, or undefined. It must be a
 * real directory, ours, with none of `mask`'s permission bits; every ancestor must be
 * ours or root's and not writable by others unless sticky (so nobody else can rename
 * or replace what we rely on).
 */
export async function unsafeRoot(dir: string, uid: number, mask: number): Promise<string | undefined> {
  const st = await lstat(dir);
  if (!st.isDirectory()) return `${dir} is not a directory`;
  const own = badOwnerOrMode(st, uid, mask);
  if (own) return `${dir} is ${own}`;
  for (let p = path.dirname(dir); ; p = path.dirname(p)) {
    const a = await stat(p);
    if (a.uid !== uid && a.uid !== 0) return `${p} is owned by uid ${a.uid}`;
    if ((a.mode & 0o022) !== 0 && (a.mode & 0o1000) === 0) return `${p} is writable by others and not sticky`;
    if (path.dirname(p) === p) return undefined;
  }
}

/** The outcome of checking an extracted copy. */
type Verdict = { ok: BundledChromium; reason?: undefined } | { ok?: undefined; reason: string; foreign: boolean };

/**
 * Check an extracted copy: the directory, every entry of its tree, and the manifest.
 * `foreign` says whether anything in it belongs to another user (then we must not
 * remove it).
 */
export async function verifyBundled(dir: string, version: string, uid: number = myUid()): Promise<Verdict> {
  let foreign = false;
  const fail = (reason: string): Verdict => ({ reason, foreign });
  const top = await lstat(dir, { bigint: true }).catch(() => undefined);
  if (!top) return fail('missing');
  if (!top.isDirectory()) return { reason: 'not a directory', foreign: Number(top.uid) !== uid };
  const own = badOwnerOrMode(top, uid, 0o077);
  if (own) return { reason: `${dir} is ${own}`, foreign: Number(top.uid) !== uid };

  // The tree: ours, nothing writable by others, only files and directories.
  const files = new Map<string, BigIntStats>();
  let problem: string | undefined;
  const walk = async (rel: string): Promise<void> => {
    for (const name of await readdir(path.join(dir, rel))) {
      const relPath = rel ? `${rel}/${name}` : name;
      const st = await lstat(path.join(dir, relPath), { bigint: true });
      if (Number(st.uid) !== uid) foreign = true;
      if (!st.isDirectory() && !st.isFile()) {
        // A link could point anywhere; a FIFO could block us.
        problem ??= `${relPath} is neither a file nor a directory`;
        continue;
      }
      const bad = badOwnerOrMode(st, uid, 0o022);
      if (bad) problem ??= `${relPath} is ${bad}`;
      if (st.isDirectory()) await walk(relPath);
      else files.set(relPath, st);
    }
  };
  await walk('');
  if (problem) return fail(problem);

  let marker: Marker;
  try {
    marker = JSON.parse(await readFile(path.join(dir, COMPLETE), 'utf8')) as Marker;
  } catch {
    return fail('no complete marker');
  }
  if (marker.format !== MARKER_FORMAT || marker.package !== PACKAGE || marker.version !== version || typeof marker.files !== 'object' || marker.files === null) {
    return fail('a marker of another format or version');
  }
  for (const rel of files.keys()) {
    if (rel === COMPLETE || rel.startsWith(`${FONT_CACHE}/`)) continue;
    if (!Object.hasOwn(marker.files, rel)) return fail(`${rel} is not in the manifest`);
  }
  let changed = false;
  for (const [rel, want] of Object.entries(marker.files)) {
    const st = files.get(rel);
    if (!st) return fail(`${rel} is missing`);
    if (String(st.size) !== want.size) return fail(`${rel} has another size`);
    if (fingerprint(st) === want.fingerprint) continue;
    // Touched since extraction (or copied, restored from a backup): hash it again.
    if ((await sha256File(path.join(dir, rel))) !== want.sha256) return fail(`${rel} does not match its SHA-256`);
    want.fingerprint = fingerprint(st);
    changed = true;
  }
  if (changed) await writeMarker(dir, marker).catch(() => {});
  return { ok: describe(dir, version) };
}

async function writeMarker(dir: string, marker: Marker): Promise<void> {
  const tmp = path.join(dir, `${COMPLETE}.${process.pid}.tmp`);
  await writeFile(tmp, `${JSON.stringify(marker)}\n`, { mode: 0o600, flag: 'wx' });
  await rename(tmp, path.join(dir, COMPLETE));
}

/**
 * Write the marker of `dir` from what is there now (hashing every file). Extraction
 * records the digests as it writes instead; tests use this to plant a copy whose
 * manifest matches, so that only the check under test can refuse it.
 */
export async function recordManifest(dir: string, version: string): Promise<void> {
  const files: Record<string, ManifestFile> = {};
  const walk = async (rel: string): Promise<void> => {
    for (const name of (await readdir(path.join(dir, rel))).sort()) {
      const relPath = rel ? `${rel}/${name}` : name;
      if (relPath === COMPLETE || relPath === FONT_CACHE) continue;
      const st = await lstat(path.join(dir, relPath), { bigint: true });
      if (st.isDirectory()) await walk(relPath);
      else files[relPath] = { sha256: await sha256File(path.join(dir, relPath)), size: String(st.size), fingerprint: fingerprint(st) };
    }
  };
  await walk('');
  await rm(path.join(dir, COMPLETE), { force: true });
  await writeMarker(dir, { format: MARKER_FORMAT, package: PACKAGE, version, files });
}

const brotli = promisify(brotliDecompress);

/** File-system errors that make a root unusable (try the next one), rather than a bug. */
const UNUSABLE = new Set(['EACCES', 'EROFS', 'EPERM', 'ENOENT', 'ENOTDIR', 'ENOSPC', 'EDQUOT', 'ELOOP']);

function unusable(error: unknown): boolean {
  return UNUSABLE.has((error as NodeJS.ErrnoException).code ?? '');
}

/**
 * The bundled Chromium, verified, extracted on first use (about 200 MB, a few seconds).
 * Returns undefined when the package is missing or the platform is not linux-x64.
 */
export async function ensureBundledChromium(env: NodeJS.ProcessEnv, options: BundledOptions = {}): Promise<BundledChromium | undefined> {
  if (!bundledSupported()) return undefined;
  const pkg = bundledPackage();
  if (!pkg) return undefined;
  const uid = myUid();
  const tmpdir = os.tmpdir();
  // 1. The cache root, then 2. $TMPDIR/declare-cache-<uid> (a read-only or missing home:
  // containers, CI sandboxes).
  for (const [root, mask] of [[cacheRoot(env), 0o022], [fallbackRoot(tmpdir, uid), 0o077]] as const) {
    try {
      const found = await inRoot(root, mask, pkg, uid, options);
      if (found) return found;
    } catch (error) {
      if (!unusable(error)) throw error;
    }
  }
  // 3. Neither root can be trusted: a new private root of our own under TMPDIR, or one
  // that an earlier run made so and that still verifies.
  const prefix = `${path.basename(fallbackRoot(tmpdir, uid))}-`;
  for (const name of (await readdir(tmpdir)).filter((n) => n.startsWith(prefix)).sort()) {
    const root = path.join(tmpdir, name);
    if (await unsafeRoot(root, uid, 0o077).catch(() => 'unreadable')) continue;
    const verdict = await verifyBundled(path.join(root, `chromium-${pkg.version}`), pkg.version, uid);
    if (verdict.ok) return verdict.ok;
  }
  const root = await mkdtemp(path.join(tmpdir, prefix));
  try {
    return await extract(pkg, path.join(root, `chromium-${pkg.version}`), 'rename', options);
  } catch (error) {
    await rm(root, { recursive: true, force: true }).catch(() => {});
    throw error;
  }
}

/**
 * Use or make the copy under one root; undefined when the root is not safe (it is then
 * left alone).
 */
async function inRoot(
  wanted: string,
  mask: number,
  pkg: { binDir: string; version: string },
  uid: number,
  options: BundledOptions,
): Promise<BundledChromium | undefined> {
  await makeDir(wanted, 0o700);
  // From here on the real path: a symbolic link in the way cannot be swapped later.
  const root = await realpath(wanted);
  if (await unsafeRoot(root, uid, mask)) return undefined;
  const name = `chromium-${pkg.version}`;
  const dir = path.join(root, name);
  // The usual copy, then any private one an earlier run had to make beside it.
  const candidates = [name, ...(await readdir(root)).filter((n) => n.startsWith(`${name}-`)).sort()];
  let usual: Exclude<Verdict, { ok: BundledChromium }> | undefined;
  for (const candidate of candidates) {
    const verdict = await verifyBundled(path.join(root, candidate), pkg.version, uid);
    if (verdict.ok) return verdict.ok;
    if (candidate === name) usual = verdict;
  }
  if (!usual || usual.reason === 'missing') return extract(pkg, dir, 'rename', options);
  if (!usual.foreign) {
    // Our own copy, broken or of an older format: replace it.
    await rm(dir, { recursive: true, force: true });
    return extract(pkg, dir, 'rename', options);
  }
  // Someone else's files: never use, never remove; a new private directory beside it.
  const fresh = await mkdtemp(path.join(root, `${name}-`));
  return extract(pkg, fresh, 'in-place', options);
}

/** Counts compressed bytes read, for the progress line. */
function counter(onBytes: (n: number) => void): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      onBytes(chunk.length);
      done(null, chunk);
    },
  });
}

/**
 * Extract into `dir`: 'rename' builds a temporary sibling and renames it to `dir` when
 * complete; 'in-place' fills `dir`, a directory that we have just made with mkdtemp.
 */
async function extract(
  pkg: { binDir: string; version: string },
  dir: string,
  how: 'rename' | 'in-place',
  options: BundledOptions,
): Promise<BundledChromium> {
  const parent = path.dirname(dir);
  await makeDir(parent, 0o700);
  const tmp = how === 'rename' ? await mkdtemp(path.join(parent, `.chromium-${pkg.version}-`)) : dir;
  const started = performance.now();
  const sources = ['chromium.br', 'fonts.tar.br', 'swiftshader.tar.br', 'al2023.tar.br']
    .map((f) => path.join(pkg.binDir, f))
    .filter((f) => existsSync(f));
  let total = 0;
  for (const f of sources) total += (await stat(f)).size;
  let read = 0;
  let shown = -1;
  const report = options.onProgress;
  const advance = (n: number): void => {
    read += n;
    const percent = Math.floor((100 * read) / Math.max(total, 1));
    if (percent !== shown && report) {
      shown = percent;
      report({ phase: 'progress', fraction: Math.min(read / Math.max(total, 1), 1), dir });
    }
  };
  report?.({ phase: 'start', fraction: 0, dir });
  try {
    const digests = new Map<string, string>();
    const exe = path.join(tmp, 'chromium');
    const hash = createHash('sha256');
    await pipeline(
      createReadStream(sources[0]!),
      counter(advance),
      createBrotliDecompress({ chunkSize: 2 ** 21 }),
      new Transform({
        transform(chunk: Buffer, _encoding, done) {
          hash.update(chunk);
          done(null, chunk);
        },
      }),
      createWriteStream(exe, { mode: 0o700, flags: 'wx' }),
    );
    await chmod(exe, 0o755);
    digests.set('chromium', hash.digest('hex'));
    // Fonts (a fontconfig default), SwiftShader (software GL) and the shared libraries
    // (libnss3, libnspr4, libexpat …) that a minimal Debian or Ubuntu may lack.
    for (const file of sources.slice(1)) {
      const compressed = await readFile(file);
      for (const f of await extractTar(await brotli(compressed), tmp)) digests.set(f.name, f.sha256);
      advance(compressed.length);
    }
    // (fonts.tar has a fonts.conf of its own, for /var/task: ours replaces it.)
    const conf = fontsConf(dir);
    await rm(path.join(tmp, 'fonts.conf'), { force: true });
    await writeFile(path.join(tmp, 'fonts.conf'), conf, { mode: 0o644, flag: 'wx' });
    digests.set('fonts.conf', createHash('sha256').update(conf).digest('hex'));
    const files: Record<string, ManifestFile> = {};
    for (const [rel, sha256] of [...digests].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const st = await lstat(path.join(tmp, rel), { bigint: true });
      files[rel] = { sha256, size: String(st.size), fingerprint: fingerprint(st) };
    }
    await writeMarker(tmp, { format: MARKER_FORMAT, package: PACKAGE, version: pkg.version, files });
    if (how === 'rename') {
      try {
        await rename(tmp, dir);
      } catch (error) {
        // Another run finished first (ENOTEMPTY/EEXIST): use its copy if it verifies,
        // replace it if it is our own broken one.
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error;
        const verdict = await verifyBundled(dir, pkg.version);
        if (verdict.ok) return verdict.ok;
        if (verdict.foreign) throw new Error(`${dir} holds another user's files`);
        await rm(dir, { recursive: true, force: true });
        await rename(tmp, dir);
      }
    }
  } catch (error) {
    if (how === 'in-place') await rm(tmp, { recursive: true, force: true }).catch(() => {});
    throw error;
  } finally {
    if (how === 'rename') await rm(tmp, { recursive: true, force: true }).catch(() => {});
  }
  const verdict = await verifyBundled(dir, pkg.version);
  if (!verdict.ok) throw new Error(`the extracted Chromium in ${dir} does not verify: ${verdict.reason}`);
  report?.({ phase: 'done', fraction: 1, dir, ms: performance.now() - started });
  return verdict.ok;
}
