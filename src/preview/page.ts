/**
 * The preview page (issue 16): the rendered form (render's own HTML, in a frame whose
 * Content-Security-Policy allows no script) beside the file's diagnostics and its source. Pure strings: the page shell, its
 * script and stylesheet, and the state the script fetches. User text (file name,
 * messages, source lines) reaches the page only as JSON and is set with `textContent`;
 * the shell itself holds no user text but the escaped title.
 *
 * The script listens to `/events` (Server-Sent Events): on `update` it fetches `/state`,
 * redraws the list and the source, and reloads the frame. A click on a diagnostic
 * scrolls the source to its line and highlights it.
 */
import type { Diagnostic, Lang } from '../diagnostic.js';
import { lspMessages } from '../messages/lsp.js';

/** The page's `lang` attribute. */
const HTML_LANG: Record<Lang, string> = { zh: 'zh-CN', en: 'en' };

/** What `/state` returns. */
export interface PreviewState {
  /** increases with every check */
  version: number;
  /** the file as given */
  file: string;
  /** the banner while the file cannot be rendered (the last good form is shown); absent when fine */
  banner?: string;
  /** the diagnostics validate reports (suppressed ones left out) */
  diagnostics: Pick<Diagnostic, 'rule' | 'severity' | 'message' | 'line' | 'column'>[];
  /** the source lines */
  source: string[];
  /** words of the page in the user's language */
  words: { problems: string; none: string; source: string; form: string };
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The page shell. */
export function shellHtml(file: string, lang: Lang): string {
  const m = lspMessages(lang);
  return `<!doctype html>
<html lang="${HTML_LANG[lang]}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(m.previewTitle({ file }))}</title>
<link rel="stylesheet" href="/app.css">
<script src="/app.js" defer></script>
</head>
<body data-version="0">
<header><h1 id="title"></h1><p id="banner" hidden></p></header>
<main>
<section id="form-pane"><iframe id="form" title="${escapeHtml(m.previewForm)}" src="/form"></iframe></section>
<section id="side">
<h2 id="problems-title"></h2>
<ol id="problems"></ol>
<h2 id="source-title"></h2>
<pre id="source"></pre>
</section>
</main>
</body>
</html>
`;
}

/** The page's stylesheet. */
export const APP_CSS = `
*{box-sizing:border-box}
body{margin:0;font-family:"Noto Serif SC","Noto Serif HK",system-ui,sans-serif;color:#222;background:#f4f4f4;height:100vh;display:flex;flex-direction:column}
header{padding:6px 12px;background:#fff;border-bottom:1px solid #ccc}
h1{font-size:15px;margin:0}
#banner{margin:6px 0 0;padding:6px 10px;background:#fff3cd;border:1px solid #e0b252;color:#6b4b00;font-size:14px}
main{flex:1;display:grid;grid-template-columns:minmax(0,3fr) minmax(280px,2fr);min-height:0}
#form-pane{min-height:0}
#form{width:100%;height:100%;border:0;background:#fff}
#side{display:flex;flex-direction:column;min-height:0;border-left:1px solid #ccc;background:#fff}
h2{font-size:13px;font-weight:600;margin:0;padding:6px 10px;background:#eee;border-bottom:1px solid #ddd}
#problems{margin:0;padding:0;list-style:none;max-height:40%;overflow:auto;font-size:13px}
#problems li{padding:4px 10px;border-bottom:1px solid #eee;cursor:pointer}
#problems li:hover{background:#eef4ff}
#problems li.error .rule{color:#b00020}
#problems li.warning .rule{color:#8a5a00}
#problems li.none{cursor:default;color:#2e7d32}
.rule{font-weight:600;margin-right:6px}
.where{color:#666;margin-right:6px;font-variant-numeric:tabular-nums}
#source{flex:1;margin:0;overflow:auto;font:12px/1.5 ui-monospace,"Noto Sans Mono CJK SC","Noto Serif SC","Noto Serif HK",monospace;counter-reset:line}
#source div{padding:0 8px;white-space:pre-wrap}
#source div::before{counter-increment:line;content:counter(line);display:inline-block;width:3em;margin-right:8px;color:#999;text-align:right}
#source div.flagged{background:#fff8e1}
#source div.hit{background:#ffe082;outline:2px solid #e0a800}
`;

/** The page's script (no user text: it reads everything from /state). */
export const APP_JS = `'use strict';
(() => {
  const $ = (id) => document.getElementById(id);
  let shown = -1;
  function select(line) {
    const rows = $('source').children;
    for (const r of rows) r.classList.remove('hit');
    const row = rows[line - 1];
    if (!row) return;
    row.classList.add('hit');
    row.scrollIntoView({ block: 'center' });
    document.body.dataset.selected = String(line);
  }
  function draw(s) {
    $('title').textContent = s.file;
    $('problems-title').textContent = s.words.problems + ' (' + s.diagnostics.length + ')';
    $('source-title').textContent = s.words.source;
    const banner = $('banner');
    banner.hidden = !s.banner;
    banner.textContent = s.banner || '';
    const list = $('problems');
    list.replaceChildren();
    if (s.diagnostics.length === 0) {
      const li = document.createElement('li');
      li.className = 'none';
      li.textContent = s.words.none;
      list.append(li);
    }
    const flagged = new Set();
    for (const d of s.diagnostics) {
      flagged.add(d.line);
      const li = document.createElement('li');
      li.className = d.severity;
      li.dataset.line = String(d.line);
      const where = document.createElement('span');
      where.className = 'where';
      where.textContent = d.line + ':' + d.column;
      const rule = document.createElement('span');
      rule.className = 'rule';
      rule.textContent = d.rule;
      li.append(where, rule, document.createTextNode(d.message));
      li.addEventListener('click', () => select(d.line));
      list.append(li);
    }
    const source = $('source');
    source.replaceChildren(...s.source.map((text, i) => {
      const row = document.createElement('div');
      row.textContent = text === '' ? ' ' : text;
      if (flagged.has(i + 1)) row.className = 'flagged';
      return row;
    }));
    $('form').src = '/form?v=' + s.version;
    document.body.dataset.version = String(s.version);
  }
  async function refresh() {
    const r = await fetch('/state', { cache: 'no-store' });
    const s = await r.json();
    if (s.version !== shown) {
      shown = s.version;
      draw(s);
    }
  }
  const events = new EventSource('/events');
  events.addEventListener('update', () => { refresh().catch(() => undefined); });
  refresh().catch(() => undefined);
})();
`;

/** The frame's page when there has never been a good form. */
export function placeholderHtml(lang: Lang): string {
  return `<!doctype html><html><head><meta charset="utf-8"></head><body style="font-family:sans-serif;padding:2em;color:#555">${escapeHtml(lspMessages(lang).previewNever)}</body></html>`;
}

/** The words of the page. */
export function pageWords(lang: Lang): PreviewState['words'] {
  const m = lspMessages(lang);
  return { problems: m.previewProblems, none: m.previewNoProblems, source: m.previewSource, form: m.previewForm };
}
