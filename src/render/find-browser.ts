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
import { renderMessages } from '../messages/render.js';
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
  const m = renderMessages(lang);
  const bundled = bundledSupported() ? '' : m.bundledLinuxOnly;
  return m.noBrowser({ bundled });
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
  const m = renderMessages(lang);
  const starting = m.extracting({ where });
  if (p.phase === 'done') {
    const s = Math.max(1, Math.round((p.ms ?? 0) / 1000));
    const line = m.extracted({ seconds: s });
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
    return new CliError(renderMessages(lang).extractDiskFull({ where }), { cause: error });
  }
  return new CliError(renderMessages(lang).extractFailed({ reason: e.message }), { cause: error });
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
      throw new CliError(renderMessages(lang).badBrowser({ what, value }));
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
