/**
 * `declare preview FILE [--port N]` (issue 16): a local web page with the rendered form
 * beside the file's diagnostics, redrawn within a second of every save.
 *
 * - Listens on 127.0.0.1 only (never another interface), on a free port unless --port.
 * - Every request goes through src/preview/guard.ts (Host header, traversal, routes):
 *   nothing is served from the disk.
 * - The file is watched through its directory (rename-saves are seen); each change is
 *   checked like `validate` (configuration, suppressions) and, when the schema passes,
 *   rendered with render's HTML (src/render/html.ts; marked 「未通过校验」 when it has
 *   errors, as `render --force` does). While the file cannot be rendered, the last good
 *   form stays with a banner saying why.
 * - Ctrl-C (SIGINT) or SIGTERM stops the server and exits 0.
 */
import { watch, type FSWatcher } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import path from 'node:path';
import { check } from '../check.js';
import type { Lang } from '../diagnostic.js';
import type { Encoding } from '../load/load.js';
import { lspMessages } from '../messages/lsp.js';
import { judgeRequest } from '../preview/guard.js';
import { APP_CSS, APP_JS, pageWords, placeholderHtml, shellHtml, type PreviewState } from '../preview/page.js';
import { FONT_ORIGIN, FontStore, loadFontSet } from '../render/fonts.js';
import { renderHtml } from '../render/html.js';
import { settingsOf } from './check-files.js';
import { configFor } from './config.js';
import { CliError } from './errors.js';
import { readInput } from './io.js';
import type { CliIo } from './main.js';

/** Options of `declare preview`. */
export interface PreviewOptions {
  port?: number;
  lang: Lang;
  encoding?: Encoding;
  /** --no-inline-config */
  inlineConfig?: boolean;
  /** --strict */
  strict?: boolean;
  config?: string;
}

/** Quiet time after a change before checking (an editor writes a file in several steps). */
const DEBOUNCE_MS = 50;

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
  'Cross-Origin-Resource-Policy': 'same-origin',
};
const SHELL_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; frame-src 'self'; img-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
/** The form is render's standalone HTML: its own inline CSS and the fonts, no script. */
const FORM_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

/** Serve the preview until interrupted; returns 0. */
export async function runPreview(file: string, opts: PreviewOptions, io: CliIo, version: string): Promise<number> {
  const m = lspMessages(opts.lang);
  const abs = path.resolve(io.cwd, file);
  const strict = opts.strict === true;
  let state: PreviewState = { version: 0, file, diagnostics: [], source: [], words: pageWords(opts.lang) };
  let formHtml: string | undefined;
  const clients = new Set<ServerResponse>();
  // render's own fonts (the PDF's), served from this server: the page looks like the PDF
  // on a machine without CJK fonts too
  const fontSet = loadFontSet();
  const fonts = new FontStore(fontSet);
  const fontCss = fontSet.css.split(FONT_ORIGIN).join('');

  const refresh = async (): Promise<void> => {
    let banner: string | undefined;
    let diagnostics: PreviewState['diagnostics'] = state.diagnostics;
    let source = state.source;
    try {
      const bytes = await readInput(abs, opts.lang);
      const config = await configFor(abs, io.cwd, opts.config, opts.lang, new Map(), strict);
      const out = check(bytes, file, settingsOf(config, opts, strict));
      const shown = out.result.diagnostics.filter((d) => !d.suppression);
      diagnostics = shown.map((d) => ({ rule: d.rule, severity: d.severity, message: d.message, line: d.line, column: d.column }));
      source = (out.result.source ?? '').split(/\r?\n/);
      if (out.declaration) {
        formHtml = renderHtml(out.declaration, { version, unchecked: shown.some((d) => d.severity === 'error'), fontCss, ...(out.form ? { layout: out.form.render } : {}) });
      } else {
        const first = shown.find((d) => d.severity === 'error');
        banner = m.previewBroken({ where: first ? `${first.line}:${first.column} ${first.rule} ${first.message}` : file });
      }
    } catch (err) {
      if (!(err instanceof CliError)) throw err;
      banner = m.previewBroken({ where: err.message });
    }
    state = { version: state.version + 1, file, diagnostics, source, words: state.words, ...(banner ? { banner } : {}) };
    for (const res of clients) res.write(`event: update\ndata: ${JSON.stringify({ version: state.version })}\n\n`);
  };

  await readInput(abs, opts.lang); // a file that cannot be read at the start is exit 2
  await refresh();

  const server = createServer((req, res) => {
    const port = (server.address() as { port: number }).port;
    const verdict = judgeRequest(req.method, req.url, req.headers.host, port);
    if (!verdict.ok) {
      res.writeHead(verdict.status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`${verdict.status} ${verdict.reason}\n`);
      return;
    }
    const send = (type: string, body: string, csp?: string) => {
      res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': type, ...(csp ? { 'Content-Security-Policy': csp } : {}) });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    switch (verdict.route) {
      case '/':
        return send('text/html; charset=utf-8', shellHtml(file, opts.lang), SHELL_CSP);
      case '/app.js':
        return send('text/javascript; charset=utf-8', APP_JS);
      case '/app.css':
        return send('text/css; charset=utf-8', `${fontCss}\n${APP_CSS}`);
      case '/fonts/': {
        const name = fonts.match(`${FONT_ORIGIN}/fonts/${verdict.font}`);
        if (!name) {
          res.writeHead(404, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
          res.end('404 not found\n');
          return undefined;
        }
        void fonts.read(name).then(
          (bytes) => {
            res.writeHead(200, { ...SECURITY_HEADERS, 'Cache-Control': 'max-age=3600', 'Content-Type': 'font/woff2' });
            res.end(req.method === 'HEAD' ? undefined : bytes);
          },
          () => {
            res.writeHead(404, SECURITY_HEADERS);
            res.end();
          },
        );
        return undefined;
      }
      case '/form':
        return send('text/html; charset=utf-8', formHtml ?? placeholderHtml(opts.lang), FORM_CSP);
      case '/state':
        return send('application/json; charset=utf-8', JSON.stringify(state));
      case '/events':
        res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive' });
        res.write(`retry: 500\n\n`);
        clients.add(res);
        req.on('close', () => clients.delete(res));
        return undefined;
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(err.code === 'EADDRINUSE' ? new CliError(m.previewPortInUse({ port: opts.port ?? 0 })) : new CliError(`127.0.0.1:${opts.port ?? 0}: ${err.code ?? err.message}`, { cause: err }));
    });
    // loopback only: never 0.0.0.0 or ::
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  io.stdout(m.previewUrl({ url: `http://127.0.0.1:${port}/`, file }));

  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> = Promise.resolve();
  const base = path.basename(abs);
  let watcher: FSWatcher;
  try {
    watcher = watch(path.dirname(abs), { persistent: true }, (_e, name) => {
      if (name !== null && String(name) !== base && !/^declare\.config\.ya?ml$/.test(String(name))) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = undefined;
        running = running.then(refresh).catch((err: unknown) => io.stderr(`declare: ${err instanceof Error ? err.message : String(err)}\n`));
      }, DEBOUNCE_MS);
    });
    watcher.on('error', () => undefined);
  } catch (err) {
    server.close();
    throw new CliError(`${path.dirname(file) || '.'}: ${(err as { code?: string }).code ?? String(err)}`, { cause: err });
  }
  const heartbeat = setInterval(() => {
    for (const res of clients) res.write(': keep-alive\n\n');
  }, 15_000);

  return new Promise<number>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      if (timer) clearTimeout(timer);
      clearInterval(heartbeat);
      watcher.close();
      for (const res of clients) res.end();
      server.closeAllConnections();
      server.close(() => {
        io.stderr(m.previewStopped);
        resolve(0);
      });
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
