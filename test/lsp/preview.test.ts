/**
 * `declare preview` in a real browser (issue 16): Chromium (the one render uses,
 * src/render/find-browser.ts) through Puppeteer loads the page of `node bin/declare.js
 * preview`; the page shows the form and the diagnostics, a click on a diagnostic
 * highlights its source line, an edit changes the page within a second, a broken file
 * keeps the last good form under a banner; and raw HTTP requests with a foreign Host
 * header, for `/../`, or for anything but the preview's own pages are refused.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { judgeRequest } from '../../src/preview/guard.js';
import { findBrowser } from '../../src/render/find-browser.js';
import { launchArgs } from '../../src/render/browser.js';
import { BASE, BIN, assertBuilt, replaceOnce, runNode, scratch } from '../authoring/helpers.js';

let browser: Browser;
let page: Page;
let child: ChildProcess;
let done: ReturnType<typeof runNode>;
let url: string;
let port: number;
let profile: string;
const dir = scratch({ 'form.yaml': BASE });
const FILE = path.join(dir.dir, 'form.yaml');

/** One raw HTTP/1.1 request (no client library rewriting the target or the Host). */
function raw(target: string, host: string, method = 'GET'): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(`${method} ${target} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`));
    let data = '';
    socket.on('data', (b) => (data += b.toString('latin1')));
    socket.on('end', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1] ?? 0)));
    socket.on('error', reject);
  });
}

beforeAll(async () => {
  assertBuilt();
  let stdout = '';
  done = runNode(BIN, ['preview', 'form.yaml'], {
    cwd: dir.dir,
    timeoutMs: 120_000,
    onStart: (c) => {
      child = c;
      c.stdout!.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
    },
  });
  const t0 = Date.now();
  while (!/http:\/\/127\.0\.0\.1:\d+\//.test(stdout)) {
    if (Date.now() - t0 > 20_000) throw new Error(`no URL printed: ${stdout}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  url = /http:\/\/127\.0\.0\.1:\d+\//.exec(stdout)![0];
  port = Number(/:(\d+)\//.exec(url)![1]);
  const choice = await findBrowser({ env: process.env, lang: 'en', cwd: process.cwd() });
  profile = mkdtempSync(path.join(os.tmpdir(), 'declare-preview-test-'));
  browser = await puppeteer.launch({
    executablePath: choice.executablePath,
    ignoreDefaultArgs: true,
    args: launchArgs(choice, profile, process.getuid?.() === 0),
    pipe: true,
    headless: true,
    env: { ...process.env, ...choice.env } as Record<string, string>,
    defaultViewport: { width: 1400, height: 900 },
  });
  page = await browser.newPage();
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => Number(document.body.dataset.version) >= 1, { timeout: 20_000 });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  child?.kill('SIGINT');
  const run = await done;
  expect(run.status).toBe(0);
  rmSync(profile, { recursive: true, force: true });
  dir.cleanup();
}, 60_000);

const formText = async (): Promise<string> => {
  const frame = page.frames().find((f) => f.url().includes('/form'));
  // the frame may be navigating to the next version: then there is no text yet
  return frame ? frame.evaluate(() => document.body.innerText).catch(() => '') : '';
};

describe('declare preview in Chromium', () => {
  it('listens on 127.0.0.1 only', () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('shows the rendered form beside the diagnostics and the source', async () => {
    await page.waitForFunction(() => document.querySelectorAll('#problems li').length > 0);
    expect(await formText()).toContain('广州市花都区狮岭镇人民政府');
    expect(await formText()).toContain('部门整体预算绩效目标申报表');
    const problems = await page.$$eval('#problems li', (lis) => lis.map((li) => li.textContent ?? ''));
    expect(problems.some((p) => p.includes('R003'))).toBe(true);
    expect(await page.$eval('#banner', (b) => (b as HTMLElement).hidden)).toBe(true);
    expect(await page.$$eval('#source div', (d) => d.length)).toBe(BASE.split('\n').length);
  });

  it('highlights a diagnostic’s source line when it is clicked', async () => {
    const item = (await page.$$('#problems li'))[0]!;
    const line = Number(await item.evaluate((li) => (li as HTMLElement).dataset.line));
    await item.click();
    await page.waitForFunction((l) => document.body.dataset.selected === String(l), {}, line);
    const hit = await page.$$eval('#source div', (rows) => rows.findIndex((r) => r.classList.contains('hit')) + 1);
    expect(hit).toBe(line);
  });

  // timeouts here are hang guards (15 s), not speed claims: two test workers share 2 cores
  it('shows an edit after the save, without a reload by hand', async () => {
    const before = Number(await page.evaluate(() => document.body.dataset.version));
    writeFileSync(FILE, replaceOnce(BASE, '广州市花都区狮岭镇人民政府', '广州市花都区炭步镇人民政府'));
    await page.waitForFunction((v) => Number(document.body.dataset.version) > v, { timeout: 15_000 }, before);
    await page.waitForFunction(() => {
      const f = document.getElementById('form') as HTMLIFrameElement;
      return f.src.includes('v=');
    });
    // the frame reloads with the new form
    const t0 = Date.now();
    while (!(await formText()).includes('炭步镇') && Date.now() - t0 < 15_000) await new Promise((r) => setTimeout(r, 20));
    expect(await formText()).toContain('炭步镇');
  });

  it('keeps the last good form under a banner while the file is broken', async () => {
    const before = Number(await page.evaluate(() => document.body.dataset.version));
    writeFileSync(FILE, `${BASE}\n  bad: [\n`);
    await page.waitForFunction((v) => Number(document.body.dataset.version) > v, { timeout: 15_000 }, before);
    const banner = await page.$eval('#banner', (b) => ({ hidden: (b as HTMLElement).hidden, text: b.textContent ?? '' }));
    expect(banner.hidden).toBe(false);
    expect(banner.text).toContain('Y001');
    expect(await formText()).toContain('炭步镇');
    const problems = await page.$$eval('#problems li', (lis) => lis.map((li) => li.textContent ?? ''));
    expect(problems.some((p) => p.includes('Y001'))).toBe(true);
    // fixed again: the banner goes
    const v2 = Number(await page.evaluate(() => document.body.dataset.version));
    writeFileSync(FILE, BASE);
    await page.waitForFunction((v) => Number(document.body.dataset.version) > v, { timeout: 15_000 }, v2);
    expect(await page.$eval('#banner', (b) => (b as HTMLElement).hidden)).toBe(true);
  });

  it('refuses a foreign Host header, /../, other paths and methods', async () => {
    expect(await raw('/', `127.0.0.1:${port}`)).toBe(200);
    expect(await raw('/', `localhost:${port}`)).toBe(200);
    expect(await raw('/', 'evil.example')).toBe(403);
    expect(await raw('/', `evil.example:${port}`)).toBe(403);
    expect(await raw('/', `127.0.0.1:${port + 1}`)).toBe(403);
    expect(await raw('/../etc/passwd', `127.0.0.1:${port}`)).toBe(403);
    expect(await raw('/%2e%2e/etc/passwd', `127.0.0.1:${port}`)).toBe(403);
    expect(await raw('/form.yaml', `127.0.0.1:${port}`)).toBe(404);
    expect(await raw('/templates/', `127.0.0.1:${port}`)).toBe(404);
    expect(await raw(`http://127.0.0.1:${port}/`, `127.0.0.1:${port}`)).toBe(403);
    expect(await raw('/', `127.0.0.1:${port}`, 'POST')).toBe(405);
  });
});

describe('declare preview --port', () => {
  it('says so and exits 2 when the port is taken', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', () => resolve()));
    const busy = (taken.address() as net.AddressInfo).port;
    try {
      const run = await runNode(BIN, ['preview', 'form.yaml', '--port', String(busy)], { cwd: dir.dir });
      expect(run.status).toBe(2);
      expect(run.stderr).toContain(`端口 ${busy} 已被占用`);
    } finally {
      taken.close();
    }
  });

  it('exits 2 for a file that cannot be read', async () => {
    const run = await runNode(BIN, ['preview', 'missing.yaml'], { cwd: dir.dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('missing.yaml');
  });
});

describe('judgeRequest', () => {
  it('accepts only its own routes on its own Host', () => {
    expect(judgeRequest('GET', '/form?v=3', '127.0.0.1:8080', 8080)).toEqual({ ok: true, route: '/form' });
    expect(judgeRequest('GET', '/', 'LOCALHOST:8080', 8080)).toEqual({ ok: true, route: '/' });
    expect(judgeRequest('GET', '/', undefined, 8080)).toMatchObject({ ok: false, status: 403 });
    expect(judgeRequest('GET', '/a/..%5c..%5cx', '127.0.0.1:8080', 8080)).toMatchObject({ ok: false, status: 403 });
    expect(judgeRequest('GET', '//evil/', '127.0.0.1:8080', 8080)).toMatchObject({ ok: false, status: 403 });
    expect(judgeRequest('GET', '/%', '127.0.0.1:8080', 8080)).toMatchObject({ ok: false, status: 400 });
  });
});
