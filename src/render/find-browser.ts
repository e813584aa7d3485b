/**
 * Which browser prints the PDF (issue 4), first match wins:
 *
 * 1. `--chrome PATH`
 * 2. `DECLARE_CHROME`
 * 3. `PUPPETEER_EXECUTABLE_PATH`
 * 4. an installed Chrome, Chromium or Edge at the usual Linux, macOS and Windows paths
 * 5. the Chromium inside the npm package @sparticuz/chromium (linux-x64), extracted once
 *    into a private cache directory (bundled-chromium.ts)
 *
 * A path given explicitly (1–3) that does not exist is an error, not a reason to look
 * further: the user asked for that browser.
 */
import { accessSync, constants, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Lang } from '../diagnostic.js';
import { CliError } from '../errors.js';
import { bundledPackage, bundledSupported, ensureBundledChromium, type ExtractProgress } from './bundled-chromium.js';

/** Where the chosen browser came from. */
export type BrowserSource = 'option' | 'DECLARE_CHROME' | 'PUPPETEER_EXECUTABLE_PATH' | 'system' | 'bundled';

/** A browser to launch. */
export interface BrowserChoice {
  /** the executable */
  executablePath: string;
  /** how it was found */
  source: BrowserSource;
  /** extra environment for the browser process (bundled: libraries, fontconfig) */
  env: Record<string, string>;
}

/** What the search looks at (all injectable for tests). */
export interface FindBrowserInput {
  /** --chrome PATH */
  chrome?: string | undefined;
  /** the environment (DECLARE_CHROME, PUPPETEER_EXECUTABLE_PATH, cache location) */
  env: NodeJS.ProcessEnv;
  /** base for a relative --chrome path */
  cwd: string;
  /** message language */
  lang: Lang;
  /** process.platform */
  platform?: NodeJS.Platform;
  /** look at installed browsers (step 4); tests turn it off */
  system?: boolean;
  /** use the bundled Chromium (step 5); tests turn it off */
  bundled?: boolean;
  /** where to say that the bundled Chromium is being extracted (stderr); silent when absent */
  report?: (text: string) => void;
  /** `report` is a terminal: one updating line instead of a start and a finish line */
  tty?: boolean;
}

/** Usual install locations of Chrome, Chromium and Edge, in order of preference. */
export function systemCandidates(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[] {
  if (platform === 'darwin') {
    const apps = [
      'Google Chrome.app/Contents/MacOS/Google Chrome',
      'Chromium.app/Contents/MacOS/Chromium',
      'Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
      'Google Chrome Canary.app/Contents/MacOS/Google Chrome Canary',
    ];
    const roots = ['/Applications', ...(env['HOME'] ? [path.join(env['HOME'], 'Applications')] : [])];
    return roots.flatMap((root) => apps.map((app) => path.join(root, app)));
  }
  if (platform === 'win32') {
    const roots = [env['PROGRAMFILES'], env['PROGRAMFILES(X86)'], env['LOCALAPPDATA']].filter((r): r is string => !!r);
    const rel = [
      'Google\\Chrome\\Application\\chrome.exe',
      'Chromium\\Application\\chrome.exe',
      'Microsoft\\Edge\\Application\\msedge.exe',
    ];
    return rel.flatMap((r) => roots.map((root) => path.win32.join(root, r)));
  }
  return [
    '/usr/bin/google-chrome-stable',
    '/usr/bin/google-chrome',
    '/opt/google/chrome/chrome',
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/snap/bin/chromium',
    '/usr/bin/microsoft-edge-stable',
    '/usr/bin/microsoft-edge',
    '/opt/microsoft/msedge/msedge',
  ];
}

function isExecutable(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The how-to text of the "no browser" error (cli.md exit 2: says how to fix it). */
export function noBrowserMessage(lang: Lang): string {
  const bundled = bundledSupported()
    ? ''
    : lang === 'zh'
      ? '（随 npm 包附带的 Chromium 只支持 Linux x64。）'
      : ' (the Chromium bundled with the npm package is for Linux x64 only.)';
  return lang === 'zh'
    ? `找不到可用于生成 PDF 的浏览器${bundled}。请任选其一：\n` +
        '  • 安装 Google Chrome、Chromium 或 Microsoft Edge；\n' +
        '  • 用 --chrome /path/to/chrome 或环境变量 DECLARE_CHROME 指定浏览器；\n' +
        '  • 在 Linux x64 上运行 npm ci（或 npm install），使附带的 @sparticuz/chromium 可用。\n' +
        '只生成 HTML（--html）不需要浏览器。'
    : `no browser found to print the PDF${bundled}. Either:\n` +
        '  • install Google Chrome, Chromium or Microsoft Edge;\n' +
        '  • point --chrome /path/to/chrome or DECLARE_CHROME at one;\n' +
        '  • on Linux x64, run npm ci (or npm install) so that the bundled @sparticuz/chromium is present.\n' +
        'Rendering HTML only (--html) needs no browser.';
}

/** A path in a message, control characters shown as \u{…} (a newline in TMPDIR stays one line). */
function shownPath(p: string): string {
  return p.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
}

/**
 * The first-use extraction as stderr text (issue 10.22): on a terminal one line that
 * counts up; otherwise a start and a finish line, so that a log shows why the first PDF
 * took longer.
 */
export function extractionText(p: ExtractProgress, lang: Lang, tty: boolean): string {
  const percent = Math.floor(p.fraction * 100);
  const where = shownPath(p.dir);
  const starting = lang === 'zh'
    ? `declare: 首次使用：正在解压内置的 Chromium（约 200 MB）到 ${where}…`
    : `declare: first use: extracting the bundled Chromium (about 200 MB) to ${where}…`;
  if (p.phase === 'done') {
    const s = Math.max(1, Math.round((p.ms ?? 0) / 1000));
    const line = lang === 'zh' ? `declare: 内置的 Chromium 已解压（用时 ${s} 秒），以后不再需要解压。\n` : `declare: the bundled Chromium is extracted (${s} s); later runs reuse it.\n`;
    return tty ? `\r\x1b[K${line}` : line;
  }
  if (tty) return `\r\x1b[K${starting} ${percent}%`;
  return p.phase === 'start' ? `${starting}\n` : '';
}

/** The "could not extract" error: a full disk named as such (issue 10.15), else the reason. */
function extractionFailure(error: unknown, lang: Lang): CliError {
  const e = error as NodeJS.ErrnoException;
  if (e.code === 'ENOSPC' || e.code === 'EDQUOT') {
    const where = shownPath(e.path ?? os.tmpdir());
    return new CliError(lang === 'zh'
      ? `磁盘已满：无法把附带的 Chromium（约 200 MB）解压到 ${where}。\n请腾出空间，或把 TMPDIR / XDG_CACHE_HOME 指向有空间的目录，或用 --chrome 指定已安装的浏览器。`
      : `the disk is full: cannot extract the bundled Chromium (about 200 MB) to ${where}.\nFree some space, point TMPDIR / XDG_CACHE_HOME at a directory with room, or pick an installed browser with --chrome.`,
    { cause: error });
  }
  return new CliError(lang === 'zh'
    ? `无法解压附带的 Chromium（@sparticuz/chromium）：${e.message}。\n` +
        '请确认缓存目录可写（$XDG_CACHE_HOME 或 ~/.cache），或用 --chrome 指定浏览器。'
    : `could not extract the bundled Chromium (@sparticuz/chromium): ${e.message}.\n` +
        'Check that the cache directory ($XDG_CACHE_HOME or ~/.cache) is writable, or pick a browser with --chrome.',
  { cause: error });
}

/** Find a browser, or throw a CliError that says how to get one. */
export async function findBrowser(input: FindBrowserInput): Promise<BrowserChoice> {
  const { env, lang } = input;
  const explicit: [BrowserSource, string | undefined][] = [
    ['option', input.chrome],
    ['DECLARE_CHROME', env['DECLARE_CHROME']],
    ['PUPPETEER_EXECUTABLE_PATH', env['PUPPETEER_EXECUTABLE_PATH']],
  ];
  for (const [source, value] of explicit) {
    if (!value) continue;
    const file = path.resolve(input.cwd, value);
    if (!isExecutable(file)) {
      const what = source === 'option' ? '--chrome' : source;
      throw new CliError(lang === 'zh'
        ? `${what} 指定的浏览器 ${value} 不存在或不可执行。请检查路径，或去掉它让 declare 自己查找浏览器。`
        : `the browser given by ${what}, ${value}, does not exist or is not executable; check the path, or drop it to let declare find one.`);
    }
    return { executablePath: file, source, env: {} };
  }
  if (input.system !== false) {
    for (const file of systemCandidates(input.platform ?? process.platform, env)) {
      if (isExecutable(file)) return { executablePath: file, source: 'system', env: {} };
    }
  }
  if (input.bundled !== false && bundledSupported() && bundledPackage()) {
    let bundled;
    const report = input.report;
    const tty = input.tty ?? false;
    try {
      bundled = await ensureBundledChromium(env, report ? { onProgress: (p) => {
        const text = extractionText(p, lang, tty);
        if (text) report(text);
      } } : {});
    } catch (error) {
      if (report && tty) report('\n');
      throw extractionFailure(error, lang);
    }
    if (bundled) {
      const ld = env['LD_LIBRARY_PATH'];
      return {
        executablePath: bundled.executablePath,
        source: 'bundled',
        env: {
          // The package's libnss3/libnspr4/libexpat, for machines that lack them; the
          // system's own are still found after these.
          LD_LIBRARY_PATH: ld ? `${bundled.libDir}:${ld}` : bundled.libDir,
          FONTCONFIG_FILE: bundled.fontconfigFile,
        },
      };
    }
  }
  throw new CliError(noBrowserMessage(lang));
}
