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
import { lstat, mkdtemp, readdir, rm, statfs } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, CDPSession, Page, Protocol } from 'puppeteer-core';
import puppeteer from 'puppeteer-core';
import type { Lang } from '../diagnostic.js';
import { renderMessages } from '../messages/render.js';
import { FontStore } from './fonts.js';
import type { BrowserChoice } from './find-browser.js';

/** Options of a browser session. */
export interface EngineOptions {
  /** time allowed for one document (load + print), in ms */
  timeoutMs: number;
  /** time allowed for the browser to start, in ms */
  launchTimeoutMs?: number;
  /** language of the failure messages that tell the user what to do */
  lang?: Lang;
}

/**
 * Why a document failed: the browser or its renderer died under it (worth one more
 * try), it took too long, the browser stopped answering altogether, or other.
 */
export type RenderFailureKind = 'crash' | 'timeout' | 'unresponsive' | 'other';

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

/** Profiles are TMPDIR/declare-chrome-<pid>-XXXXXX: the pid says whose (stale-profile cleanup). */
const PROFILE_PREFIX = 'declare-chrome-';

/** Below this much free space in TMPDIR, a failing browser is said to lack room there. */
const LOW_SPACE_BYTES = 32 * 1024 * 1024;

/**
 * `work`, or undefined when it takes longer than `ms` (never rejects). The timer is a
 * referenced one, cleared as soon as `work` settles: an unreferenced timer let the process
 * run out of work (exit 13, "unsettled top-level await", no clean-up) when `work` waited
 * on a browser that had just been killed and nothing else was pending.
 */
function within<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  return Promise.race([work.catch(() => undefined), late]).finally(() => clearTimeout(timer));
}

function withTimeout<T>(work: Promise<T>, ms: number, onTimeout: () => Promise<RenderFailure>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      void onTimeout().then(reject);
    }, ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Free bytes in `dir` when it is nearly full (Chromium writes its profile and the PDF there), else undefined. */
export async function lowSpace(dir: string): Promise<number | undefined> {
  try {
    const st = await statfs(dir);
    const free = Number(st.bavail) * Number(st.bsize);
    return free < LOW_SPACE_BYTES ? free : undefined;
  } catch {
    return undefined;
  }
}

/** The message for a browser that failed because TMPDIR is (nearly) full (issue 10.15). */
export function fullTmpdirMessage(dir: string, free: number, lang: Lang = 'en'): string {
  const mb = (free / 1024 / 1024).toFixed(1);
  const where = dir.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
  return renderMessages(lang).fullTmpdir({ where, mb });
}

/** The message for a browser that stopped answering (issue 10.13): what happened, what to do. */
export function unresponsiveMessage(timeoutMs: number, lang: Lang = 'en'): string {
  const s = Math.round(timeoutMs / 1000);
  return renderMessages(lang).unresponsive({ seconds: s });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, someone else's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Remove the browser profiles that killed runs (SIGKILL, power loss) left in `dir`:
 * only TMPDIR/declare-chrome-<pid>-* directories (never a link) that are ours and whose
 * pid is not running. A profile of a live process, of another user or of a name we did
 * not make is left alone. Returns what was removed.
 */
export async function removeStaleProfiles(dir: string = os.tmpdir()): Promise<string[]> {
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  if (uid === undefined) return [];
  const removed: string[] = [];
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const m = /^declare-chrome-(\d+)-[A-Za-z0-9]{6}$/.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || alive(pid)) continue;
    const file = path.join(dir, name);
    try {
      const st = await lstat(file);
      if (!st.isDirectory() || st.uid !== uid) continue;
      // fs.rm does not follow symbolic links inside the tree: it removes the links.
      await rm(file, { recursive: true, force: true, maxRetries: 2 });
      removed.push(file);
    } catch {
      // gone meanwhile, or not ours to remove
    }
  }
  return removed;
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
  /**
   * The tab the browser opened at start (about:blank), until a document takes it: its
   * renderer process is already running, where browser.newPage() starts another one
   * (about 0.1 s of CPU for the first PDF, issue 17).
   */
  private initialPage: Page | undefined;
  private closed = false;
  private cleaned = false;
  /** a document failed for want of space in TMPDIR: later ones fail at once while it lasts */
  private tmpdirFull = false;
  /** each page's protocol session of our own (newPage: it answers the page's requests) */
  private readonly sessions = new WeakMap<Page, CDPSession>();
  /** pages whose renderer crashed: never reused */
  private readonly crashedPages = new WeakSet<Page>();
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
    const tmpdir = os.tmpdir();
    if (!this.cleaned) {
      this.cleaned = true;
      await removeStaleProfiles(tmpdir);
    }
    let userDataDir: string;
    try {
      userDataDir = await mkdtemp(path.join(tmpdir, `${PROFILE_PREFIX}${process.pid}-`));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOSPC' || code === 'EDQUOT') throw new RenderFailure('other', fullTmpdirMessage(tmpdir, (await lowSpace(tmpdir)) ?? 0, this.options.lang), { cause: error });
      throw error;
    }
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
      this.initialPage = (await browser.pages().catch(() => []))[0];
      return browser;
    } catch (error) {
      await rm(userDataDir, { recursive: true, force: true }).catch(() => {});
      this.userDataDir = undefined;
      const free = await lowSpace(tmpdir);
      if (free !== undefined) throw new RenderFailure('other', fullTmpdirMessage(tmpdir, free, this.options.lang), { cause: error });
      throw error;
    }
  }

  private async newPage(browser: Browser): Promise<Page> {
    const initial = this.initialPage;
    this.initialPage = undefined;
    const page = initial && !initial.isClosed() ? initial : await browser.newPage();
    await page.setJavaScriptEnabled(false);
    await page.setBypassServiceWorker(true);
    // Requests are held and answered on a protocol session of our own (Fetch domain)
    // rather than through Puppeteer's request interception: the same answers, but a
    // font's body goes out as base64 made once per process (Buffer's encoder), where
    // Puppeteer's respond() re-encoded it for every request with a JavaScript loop that
    // cost the first PDF about 0.5 s of CPU (node --cpu-prof, issue 17).
    const session = await page.createCDPSession();
    session.on('Fetch.requestPaused', (event) => {
      void this.answer(session, event);
    });
    await session.send('Fetch.enable', { patterns: [{ urlPattern: '*', requestStage: 'Request' }] });
    this.sessions.set(page, session);
    // The renderer process died (Inspector.targetCrashed): this page is done for, and
    // the idle pages may have shared that renderer (their own crash event may still be
    // on its way), so they go too: a retry must get a fresh page.
    page.on('error', () => {
      this.crashedPages.add(page);
      for (const idle of this.idle.splice(0)) void within(idle.close(), 2_000);
    });
    return page;
  }

  private async answer(session: CDPSession, event: Protocol.Fetch.RequestPausedEvent): Promise<void> {
    const { requestId, request } = event;
    const url = request.url;
    const name = request.method === 'GET' ? this.fonts.match(url) : undefined;
    try {
      // A font carried inside the document (the self-contained HTML, fonts.ts
      // embeddedFontCss) is no request to anywhere: let it load.
      if (name === undefined && request.method === 'GET' && url.startsWith('data:font/woff;base64,')) {
        await session.send('Fetch.continueRequest', { requestId });
        return;
      }
      if (name === undefined) {
        this.refused.push(url);
        await session.send('Fetch.failRequest', { requestId, errorReason: 'BlockedByClient' });
        return;
      }
      const { base64, length } = await this.fonts.readBase64(name);
      await session.send('Fetch.fulfillRequest', {
        requestId,
        responseCode: 200,
        responsePhrase: 'OK',
        responseHeaders: [
          { name: 'access-control-allow-origin', value: '*' },
          { name: 'cache-control', value: 'public, max-age=31536000, immutable' },
          { name: 'content-type', value: 'font/ttf' },
          { name: 'content-length', value: String(length) },
        ],
        body: base64,
      });
    } catch {
      // A font that cannot be read fails its request (the page falls back; never hangs);
      // a page that went away meanwhile has nothing to answer.
      await session.send('Fetch.failRequest', { requestId, errorReason: 'Failed' }).catch(() => {});
    }
  }

  /**
   * Print the document loaded on `page` (a page of this engine, inside `run`) as printPdf
   * does, once its fonts are known to be loaded (the caller waited for them, as
   * measure.ts layOutOnPage does): one protocol call whose answer carries the PDF,
   * instead of printPdf's font wait, print to a stream and reads of it (four round trips
   * more). Same options, same bytes (test/render/pdf.test.ts).
   */
  async printLoaded(page: Page): Promise<Uint8Array> {
    const session = this.sessions.get(page);
    if (!session) return printPdf(page, this.options.timeoutMs);
    const { data } = await session.send('Page.printToPDF', { ...PRINT_TO_PDF, transferMode: 'ReturnAsBase64' });
    return Buffer.from(data, 'base64');
  }

  /** Print one HTML document to PDF bytes (Chromium's own metadata; see pdf-info.ts). */
  async render(html: string): Promise<Uint8Array> {
    return this.run(async (page) => {
      await page.setContent(html, { waitUntil: 'load', timeout: this.options.timeoutMs });
      return printPdf(page, this.options.timeoutMs);
    });
  }

  /**
   * Do one document's work on a page of the browser (set content, measure, print …),
   * within --timeout, with the crash and restart handling of a render. The page is
   * reused by the next document.
   */
  async run<T>(work: (page: Page) => Promise<T>, timeoutOverrideMs?: number): Promise<T> {
    if (this.tmpdirFull) {
      const free = await lowSpace(os.tmpdir());
      if (free !== undefined) throw new RenderFailure('other', fullTmpdirMessage(os.tmpdir(), free, this.options.lang));
      this.tmpdirFull = false;
    }
    let browser: Browser;
    try {
      browser = await this.ensureBrowser();
    } catch (error) {
      if (error instanceof RenderFailure) throw error;
      throw new RenderFailure('crash', `the browser could not start: ${(error as Error).message}`, { cause: error });
    }
    const generation = this.generation;
    let page: Page | undefined;
    const timeoutMs = timeoutOverrideMs ?? this.options.timeoutMs;
    let stopCrashWatch = (): void => {};
    try {
      const result = await withTimeout(
        (async () => {
          // Getting a page talks to the browser too: inside the time limit, so that a
          // browser that stopped answering is bounded by --timeout like the rest.
          let p: Page | undefined;
          while ((p = this.idle.pop()) && this.crashedPages.has(p)) void within(p.close(), 2_000);
          p ??= await this.newPage(browser);
          page = p;
          // A renderer that dies mid-document is known at once (not after the timeout).
          const crashed = new Promise<never>((_, reject) => {
            const onError = (): void => reject(new RenderFailure('crash', 'the page crashed (its renderer process ended)'));
            p.once('error', onError);
            stopCrashWatch = () => p.off('error', onError);
          });
          crashed.catch(() => {});
          return Promise.race([work(p), crashed]);
        })(),
        timeoutMs,
        async () => {
          // Too long. Does the browser itself still answer? (A stopped or wedged browser
          // does not; a hung renderer leaves it answering.) Either way take the whole
          // browser down; the batch restarts it.
          const answers = (await within(browser.version(), 1_000)) !== undefined;
          this.kill();
          return answers
            ? new RenderFailure('timeout', `timed out after ${timeoutMs} ms`)
            : new RenderFailure('unresponsive', unresponsiveMessage(timeoutMs, this.options.lang));
        },
      );
      if (generation === this.generation && browser.connected && page && !this.crashedPages.has(page)) {
        this.idle.push(page);
        page = undefined;
      }
      return result;
    } catch (error) {
      if (error instanceof RenderFailure) throw error;
      // A renderer killed mid-print fails the protocol call ("Printing failed", "Target
      // closed") a moment before its crash event arrives: give the event that moment, so
      // a crash is retried as a crash and not reported as a failure of the document.
      // (A referenced timer: `within`'s is unreferenced, and with the browser gone nothing
      // else may keep the process alive while we wait.)
      if (page !== undefined && !this.crashedPages.has(page) && browser.connected && generation === this.generation) {
        const seen = page;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 500);
          seen.once('error', () => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      const crashed = generation !== this.generation || !browser.connected || (page !== undefined && this.crashedPages.has(page));
      const free = await lowSpace(os.tmpdir());
      if (free !== undefined) {
        this.tmpdirFull = true;
        throw new RenderFailure('other', fullTmpdirMessage(os.tmpdir(), free, this.options.lang), { cause: error });
      }
      throw new RenderFailure(crashed ? 'crash' : 'other', cleanMessage((error as Error).message), { cause: error });
    } finally {
      stopCrashWatch();
      // Bounded: closing a page of a browser that does not answer must not hang the batch.
      if (page) await within((page as Page).close(), 2_000);
    }
  }

  private async dropBrowser(): Promise<void> {
    const browser = this.browser;
    const dir = this.userDataDir;
    this.browser = undefined;
    this.userDataDir = undefined;
    this.idle.length = 0;
    this.initialPage = undefined;
    if (browser) {
      // Every document is printed and the profile is thrown away, so nothing of a polite
      // close (about 1 s: Chromium saving a profile no one reads) is needed: the whole
      // process group is killed, and the profile removed once the browser has exited
      // (so that no process is left writing into it).
      const child = browser.process();
      const running = child !== null && child.exitCode === null && child.signalCode === null;
      const exited = running ? new Promise<void>((resolve) => child.once('exit', () => resolve())) : Promise.resolve();
      killProcess(browser);
      await within(exited, 5_000);
      await within(browser.disconnect(), 1_000);
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
    this.initialPage = undefined;
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

/**
 * Print the page's document: A4 from the CSS, tagged (a structure tree for screen
 * readers) with an outline (PDF bookmarks) made from its headings: the form's title (h1)
 * and each section's label (h2).
 */
export function printPdf(page: Page, timeoutMs: number): Promise<Uint8Array> {
  return page.pdf({
    preferCSSPageSize: true,
    printBackground: true,
    displayHeaderFooter: false,
    tagged: true,
    outline: true,
    waitForFonts: true,
    timeout: timeoutMs,
  });
}

/**
 * The Page.printToPDF parameters Puppeteer sends for printPdf's options (its
 * parsePDFOptions defaults: US Letter paper and no margins, which preferCSSPageSize
 * overrides with form.css's A4 and margins).
 */
const PRINT_TO_PDF = {
  landscape: false,
  displayHeaderFooter: false,
  headerTemplate: '',
  footerTemplate: '',
  printBackground: true,
  scale: 1,
  paperWidth: 8.5,
  paperHeight: 11,
  marginTop: 0,
  marginBottom: 0,
  marginLeft: 0,
  marginRight: 0,
  pageRanges: '',
  preferCSSPageSize: true,
  generateTaggedPDF: true,
  generateDocumentOutline: true,
} as const;

/** Puppeteer's wording for its own timeouts names a setting users cannot change: drop it. */
function cleanMessage(message: string): string {
  return message.replace(/\s*Increase the 'protocolTimeout' setting[^.]*\./, '').replace(/\btimed out\b/, 'got no answer from the browser');
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
