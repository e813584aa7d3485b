#!/usr/bin/env node
/**
 * The physical floor of `declare render --pdf` (issue 6): Puppeteer driven directly,
 * the same browser and launch flags as declare, ONE warm page whose font slices are
 * already loaded (every document is printed once before timing), then per document
 * only page.setContent(html) + page.pdf() of the very HTML declare produces
 * (src/render/pdf.ts pdfHtml, with the same served fonts and pdf() options). Not
 * timed: reading and checking the YAML, building the HTML, writing files.
 *
 *   node bench/floor.mjs SNAP LISTFILE
 * SNAP is a snapshot from lib/snapshot.mjs; LISTFILE names one YAML file per line.
 * After the warm-up it prints one JSON line { ready, docs, chromium, … }; then each line
 * read on stdin starts one timed pass over all the documents, answered by a JSON line
 * { perDocMs }, so that bench/run.mjs can interleave passes with declare's runs while the
 * page stays warm. End of stdin closes the browser.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';

import { createInterface } from 'node:readline';

const [snap, listFile] = process.argv.slice(2);
const lib = await import(path.join(snap, 'dist', 'bench', 'lib.js'));
const files = readFileSync(listFile, 'utf8').split('\n').filter(Boolean);
const version = lib.packageVersion();
const htmls = files.map((file) => {
  const out = lib.check(readFileSync(file), file);
  return lib.pdfHtml(out.declaration ?? out.partial, { version });
});

const choice = await lib.findBrowser({ env: process.env, cwd: process.cwd(), lang: 'en' });
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
    return page.pdf({ preferCSSPageSize: true, printBackground: true, displayHeaderFooter: false, tagged: false, outline: false, waitForFonts: true });
  };
  // Warm-up: every document once, so every font slice any of them needs is loaded.
  let bytes = 0;
  for (const html of htmls) bytes = (await print(html)).length;
  const say = (o) => process.stdout.write(`${JSON.stringify(o)}\n`);
  say({ ready: true, docs: htmls.length, chromium: await browser.version(), executable: choice.executablePath, source: choice.source, lastBytes: bytes });
  for await (const _ of createInterface({ input: process.stdin })) {
    const t0 = performance.now();
    for (const html of htmls) await print(html);
    say({ perDocMs: (performance.now() - t0) / htmls.length });
  }
} finally {
  await browser.close().catch(() => {});
  browser.process()?.kill('SIGKILL');
  await rm(userDataDir, { recursive: true, force: true });
}
