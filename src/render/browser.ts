/**
 * HTML ─browser─▶ PDF. The only module that imports Puppeteer, and only when a PDF is
 * asked for (src/cli/render.ts imports it lazily), so `validate` and `render --html`
 * never load it.
 *
 * Safety with untrusted text (issue 5): page JavaScript is off; the HTML is handed over
 * with setContent (never a file:// URL); request interception answers the font URLs of
 * fonts.ts from node_modules and refuses every other request, so nothing in a
 * declaration can make the browser fetch anything. The browser gets a fresh profile
 * directory, no network services (sync, component updates, QUIC …) and a pipe instead
 * of a debugging port.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, HTTPRequest, Page } from 'puppeteer-core';
import puppeteer from 'puppeteer-core';
import { FontStore } from './fonts.js';
import type { BrowserChoice } from './find-browser.js';

/** Options of a browser session. */
export interface EngineOptions {
  /** time allowed for one document (load + print), in ms */
  timeoutMs: number;
  /** time allowed for the browser to start, in ms */
  launchTimeoutMs?: number;
}

/** Why a document failed: the browser died under it, it took too long, or other. */
export type RenderFailureKind = 'crash' | 'timeout' | 'other';

/** A document that could not be printed. */
export class RenderFailure extends Error {
  /** see RenderFailureKind */
  readonly kind: RenderFailureKind;
  constructor(kind: RenderFailureKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RenderFailure';
    this.kind = kind;
  }
}

/** The launch flags: ours only, none of Puppeteer's defaults (issue 4). */
export function launchArgs(choice: BrowserChoice, userDataDir: string, isRoot: boolean): string[] {
  const args = [
    '--headless',
    '--disable-gpu',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    '--disable-extensions',
    '--disable-default-apps',
    '--disable-domain-reliability',
    '--disable-breakpad',
    '--disable-client-side-phishing-detection',
    '--disable-features=Translate,OptimizationHints,MediaRouter,DialMediaRouteProvider,AutofillServerCommunication,CertificateTransparencyComponentUpdater,InterestFeedContentSuggestions',
    '--metrics-recording-only',
    '--no-pings',
    '--no-service-autorun',
    '--password-store=basic',
    '--use-mock-keychain',
    '--mute-audio',
    '--hide-scrollbars',
    '--font-render-hinting=none',
    `--user-data-dir=${userDataDir}`,
  ];
  // Chromium's sandbox cannot run as root, and the bundled build ships no setuid
  // sandbox helper; with JavaScript off and every request refused, the page has no
  // way to reach the sandbox anyway.
  if (isRoot || choice.source === 'bundled') args.push('--no-sandbox');
  args.push('about:blank');
  return args;
}

function withTimeout<T>(work: Promise<T>, ms: number, onTimeout: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new RenderFailure('timeout', `timed out after ${ms} ms`));
    }, ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * One browser, many documents. Pages are reused from document to document, so a font
 * slice that one document loaded is in the renderer's memory cache for the next; the
 * font bytes themselves are read from disk once per process (FontStore).
 */
export class PdfEngine {
  private browser: Browser | undefined;
  private launching: Promise<Browser> | undefined;
  private readonly idle: Page[] = [];
  private userDataDir: string | undefined;
  private generation = 0;
  private closed = false;
  /** every URL the pages asked for that was refused (for --verbose and tests) */
  readonly refused: string[] = [];

  constructor(
    private readonly choice: BrowserChoice,
    private readonly options: EngineOptions,
    private readonly env: NodeJS.ProcessEnv,
    private readonly fonts: FontStore = new FontStore(),
  ) {}

  /** Start the browser now (otherwise the first render does). */
  async start(): Promise<void> {
    await this.ensureBrowser();
  }

  private async ensureBrowser(): Promise<Browser> {
    if (this.closed) throw new RenderFailure('other', 'the browser has been closed');
    if (this.browser?.connected) return this.browser;
    if (!this.launching) {
      this.launching = this.launch().finally(() => {
        this.launching = undefined;
      });
    }
    return this.launching;
  }

  private async launch(): Promise<Browser> {
    await this.dropBrowser();
    const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'declare-chrome-'));
    this.userDataDir = userDataDir;
    const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(this.env)) if (v !== undefined) env[k] = v;
    Object.assign(env, this.choice.env);
    try {
      const browser = await puppeteer.launch({
        executablePath: this.choice.executablePath,
        ignoreDefaultArgs: true,
        args: launchArgs(this.choice, userDataDir, isRoot),
        pipe: true,
        headless: true,
        env,
        // We close the browser ourselves on SIGINT/SIGTERM (src/cli/render.ts), after
        // removing partial files; Puppeteer's handlers would exit first.
        handleSIGINT: false,
        handleSIGTERM: false,
        handleSIGHUP: false,
        timeout: this.options.launchTimeoutMs ?? 60_000,
        protocolTimeout: this.options.timeoutMs + 15_000,
        defaultViewport: null,
      });
      this.browser = browser;
      this.generation++;
      return browser;
    } catch (error) {
      await rm(userDataDir, { recursive: true, force: true }).catch(() => {});
      this.userDataDir = undefined;
      throw error;
    }
  }

  private async newPage(browser: Browser): Promise<Page> {
    const page = await browser.newPage();
    await page.setJavaScriptEnabled(false);
    await page.setBypassServiceWorker(true);
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      void this.answer(request);
    });
    return page;
  }

  private async answer(request: HTTPRequest): Promise<void> {
    if (request.isInterceptResolutionHandled()) return;
    const url = request.url();
    const name = request.method() === 'GET' ? this.fonts.match(url) : undefined;
    try {
      if (name === undefined) {
        this.refused.push(url);
        await request.abort('blockedbyclient');
        return;
      }
      const body = await this.fonts.read(name);
      await request.respond({
        status: 200,
        contentType: 'font/woff2',
        headers: {
          'access-control-allow-origin': '*',
          'cache-control': 'public, max-age=31536000, immutable',
        },
        body,
      });
    } catch {
      // The page went away meanwhile; nothing to answer.
    }
  }

  /** Print one HTML document to PDF bytes (Chromium's own metadata; see pdf-info.ts). */
  async render(html: string): Promise<Uint8Array> {
    let browser: Browser;
    try {
      browser = await this.ensureBrowser();
    } catch (error) {
      if (error instanceof RenderFailure) throw error;
      throw new RenderFailure('crash', `the browser could not start: ${(error as Error).message}`, { cause: error });
    }
    const generation = this.generation;
    let page: Page | undefined;
    const timeoutMs = this.options.timeoutMs;
    try {
      page = this.idle.pop() ?? (await this.newPage(browser));
      const p = page;
      const pdf = await withTimeout(
        (async () => {
          await p.setContent(html, { waitUntil: 'load', timeout: timeoutMs });
          return p.pdf({
            preferCSSPageSize: true,
            printBackground: true,
            displayHeaderFooter: false,
            // Untagged: a tagged PDF's structure tree carries the renderer's DOM node IDs,
            // which differ from one document to the next in a reused page, and the same
            // input must give the same bytes (issue 2).
            tagged: false,
            outline: false,
            waitForFonts: true,
            timeout: timeoutMs,
          });
        })(),
        timeoutMs,
        () => {
          // A hung renderer: take the whole browser down; the batch restarts it.
          this.kill();
        },
      );
      if (generation === this.generation && browser.connected) {
        this.idle.push(p);
        page = undefined;
      }
      return pdf;
    } catch (error) {
      if (error instanceof RenderFailure) throw error;
      const crashed = generation !== this.generation || !browser.connected;
      throw new RenderFailure(crashed ? 'crash' : 'other', (error as Error).message, { cause: error });
    } finally {
      if (page) await page.close().catch(() => {});
    }
  }

  private async dropBrowser(): Promise<void> {
    const browser = this.browser;
    const dir = this.userDataDir;
    this.browser = undefined;
    this.userDataDir = undefined;
    this.idle.length = 0;
    if (browser) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        browser.close().catch(() => {}),
        new Promise((resolve) => {
          timer = setTimeout(resolve, 5_000);
        }),
      ]);
      clearTimeout(timer);
      killProcess(browser);
    }
    if (dir) await rm(dir, { recursive: true, force: true, maxRetries: 3 }).catch(() => {});
  }

  /** Kill the browser at once (hangs). Its profile is removed by close() or the next launch. */
  kill(): void {
    if (!this.browser) return;
    killProcess(this.browser);
    // Forget it now: its connection may still look open for a moment.
    this.browser = undefined;
    this.idle.length = 0;
  }

  /**
   * Kill the browser and remove its profile synchronously: for a SIGINT/SIGTERM handler
   * that is about to end the process.
   */
  killNow(): void {
    this.closed = true;
    this.kill();
    // A browser still being launched is not this.browser yet: end it through /proc.
    if (this.launching) killOwnChildrenSync();
    if (this.userDataDir) {
      try {
        rmSync(this.userDataDir, { recursive: true, force: true, maxRetries: 3 });
      } catch {
        // best effort: the process is going away
      }
    }
  }

  /** Close the browser and remove its profile; the engine cannot be used afterwards. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.launching) await this.launching.catch(() => {});
    await this.dropBrowser();
  }
}

/**
 * Kill every child process of this process (and their process groups), synchronously.
 * Linux only (reads /proc); elsewhere a browser still starting exits by itself when its
 * pipe closes with our process.
 */
function killOwnChildrenSync(): void {
  if (process.platform !== 'linux') return;
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return;
  }
  for (const entry of entries) {
    if (!/^[0-9]+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid …: comm may contain spaces and parentheses, so split after the last ')'
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== process.pid) continue;
      const pid = Number(entry);
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        process.kill(pid, 'SIGKILL');
      }
    } catch {
      // the process is gone, or not ours to read
    }
  }
}

function killProcess(browser: Browser): void {
  const child = browser.process();
  if (!child || child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  try {
    // Puppeteer starts Chromium as a process-group leader on POSIX: end the whole group
    // (zygote, renderers, GPU process) so that no Chromium process is left behind.
    if (process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL');
    else child.kill('SIGKILL');
  } catch {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
}
