#!/usr/bin/env node
/**
 * The physical floor of `declare render --pdf` (issue 6, second round issue 17):
 * Puppeteer driven directly, the same browser and launch flags as declare, ONE warm page
 * whose font slices are already loaded (every document is printed once before timing),
 * then per document only page.setContent(html) + page.pdf() of the very HTML declare
 * prints (the paged document of src/render/pdf.ts printForm, made once before timing by
 * declare's own engine) with declare's very pdf() options (browser.ts printPdf: tagged,
 * with an outline). Not timed: reading and checking the YAML, laying the form out in
 * pages, building the HTML, writing files.
 *
 *   node bench/floor.mjs SNAP LISTFILE
 * SNAP is a snapshot from lib/snapshot.mjs; LISTFILE names one YAML file per line.
 * After the warm-up it prints one JSON line { ready, docs, chromium, … }; then each line
 * read on stdin starts one timed pass over all the documents, answered by a JSON line
 * { perDocMs, perDocCpuMs } (CPU: this process and the browser's processes, from
 * /proc), so that bench/run.mjs can interleave passes with declare's runs while the page
 * stays warm. End of stdin closes the browser.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';

import { createInterface } from 'node:readline';

const [snap, listFile] = process.argv.slice(2);
const lib = await import(path.join(snap, 'dist', 'bench', 'lib.js'));
const files = readFileSync(listFile, 'utf8').split('\n').filter(Boolean);
const version = lib.packageVersion();
const choice = await lib.findBrowser({ env: process.env, cwd: process.cwd(), lang: 'en' });
// The paged HTML declare prints, made by declare's own engine (not timed).
const htmls = [];
{
  const engine = new lib.PdfEngine(choice, { timeoutMs: 120_000, lang: 'en' }, process.env);
  try {
    for (const file of files) {
      const out = lib.check(readFileSync(file), file);
      htmls.push((await lib.printForm(engine, out.declaration ?? out.partial, { version, date: new Date(0) })).html);
    }
  } finally {
    await engine.close();
  }
}

/** CPU ms so far of this process and every descendant (the browser's processes), from /proc. */
function treeCpuMs() {
  const tick = 1000 / 100; // USER_HZ
  const kids = new Map();
  const stat = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const text = readFileSync(`/proc/${name}/stat`, 'utf8');
      const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
      const ppid = Number(f[1]);
      stat.set(Number(name), (Number(f[11]) + Number(f[12])) * tick);
      if (!kids.has(ppid)) kids.set(ppid, []);
      kids.get(ppid).push(Number(name));
    } catch {
      // gone
    }
  }
  let ms = 0;
  const todo = [process.pid];
  while (todo.length) {
    const pid = todo.pop();
    ms += stat.get(pid) ?? 0;
    todo.push(...(kids.get(pid) ?? []));
  }
  return ms;
}
const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'declare-floor-'));
const isRoot = process.getuid?.() === 0;
const browser = await puppeteer.launch({
  executablePath: choice.executablePath,
  ignoreDefaultArgs: true,
  args: lib.launchArgs(choice, userDataDir, isRoot),
  pipe: true,
  headless: true,
  env: { ...process.env, ...choice.env },
  defaultViewport: null,
  protocolTimeout: 120_000,
});
try {
  const fonts = new lib.FontStore();
  const page = await browser.newPage();
  await page.setJavaScriptEnabled(false);
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    const name = request.method() === 'GET' ? fonts.match(request.url()) : undefined;
    if (name === undefined) return void request.abort('blockedbyclient').catch(() => {});
    void fonts.read(name).then((body) => request.respond({
      status: 200, contentType: 'font/woff2',
      headers: { 'access-control-allow-origin': '*', 'cache-control': 'public, max-age=31536000, immutable' }, body,
    })).catch(() => {});
  });
  const print = async (html) => {
    await page.setContent(html, { waitUntil: 'load' });
    return lib.printPdf(page, 120_000);
  };
  // Warm-up: every document once, so every font slice any of them needs is loaded.
  let bytes = 0;
  for (const html of htmls) bytes = (await print(html)).length;
  const say = (o) => process.stdout.write(`${JSON.stringify(o)}\n`);
  say({ ready: true, docs: htmls.length, chromium: await browser.version(), executable: choice.executablePath, source: choice.source, lastBytes: bytes });
  for await (const _ of createInterface({ input: process.stdin })) {
    const t0 = performance.now();
    const c0 = treeCpuMs();
    for (const html of htmls) await print(html);
    say({ perDocMs: (performance.now() - t0) / htmls.length, perDocCpuMs: (treeCpuMs() - c0) / htmls.length });
  }
} finally {
  await browser.close().catch(() => {});
  browser.process()?.kill('SIGKILL');
  await rm(userDataDir, { recursive: true, force: true });
}
