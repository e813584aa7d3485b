import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CliError } from '../../src/cli/errors.js';
import { bundledDir, cacheRoot } from '../../src/render/bundled-chromium.js';
import { extractionText, findBrowser, systemCandidates } from '../../src/render/find-browser.js';
import { launchArgs, removeStaleProfiles } from '../../src/render/browser.js';
import { extractTar, readTar } from '../../src/render/tar.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'declare-find-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fakeBrowser(name: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, '#!/bin/sh\n');
  chmodSync(file, 0o755);
  return file;
}

describe('findBrowser', () => {
  const off = { system: false, bundled: false, cwd: dir, lang: 'en' as const };

  it('takes --chrome first, then DECLARE_CHROME, then PUPPETEER_EXECUTABLE_PATH', async () => {
    const a = fakeBrowser('a');
    const b = fakeBrowser('b');
    const c = fakeBrowser('c');
    const env = { DECLARE_CHROME: b, PUPPETEER_EXECUTABLE_PATH: c };
    expect(await findBrowser({ ...off, chrome: 'a', env })).toMatchObject({ executablePath: a, source: 'option' });
    expect(await findBrowser({ ...off, env })).toMatchObject({ executablePath: b, source: 'DECLARE_CHROME' });
    expect(await findBrowser({ ...off, env: { PUPPETEER_EXECUTABLE_PATH: c } })).toMatchObject({ executablePath: c, source: 'PUPPETEER_EXECUTABLE_PATH' });
  });

  it('refuses a named browser that does not exist instead of looking further', async () => {
    await expect(findBrowser({ ...off, system: true, bundled: true, env: { DECLARE_CHROME: '/nope/chrome' } })).rejects.toThrow(/DECLARE_CHROME.*\/nope\/chrome/);
  });

  it('says how to get a browser when there is none (exit 2)', async () => {
    const error = await findBrowser({ ...off, env: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(2);
    expect((error as CliError).message).toMatch(/--chrome/);
    expect((error as CliError).message).toMatch(/npm ci/);
    expect((error as CliError).message).toMatch(/--html/);
    const zh = await findBrowser({ ...off, lang: 'zh', env: {} }).catch((e: unknown) => e);
    expect((zh as CliError).message).toMatch(/找不到可用于生成 PDF 的浏览器/);
  });

  it('knows the usual install paths of each platform', () => {
    expect(systemCandidates('linux', {})).toContain('/usr/bin/google-chrome');
    expect(systemCandidates('darwin', { HOME: '/Users/x' })).toContain('/Applications/Google Chrome.app/Contents/MacOS/Google Chrome');
    expect(systemCandidates('win32', { PROGRAMFILES: 'C:\\Program Files' })).toContain('C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe');
  });

  it('extracts the bundled Chromium into a private versioned cache directory', () => {
    expect(cacheRoot({ XDG_CACHE_HOME: '/x/cache', HOME: '/home/u' })).toBe('/x/cache/declare');
    expect(cacheRoot({ HOME: '/home/u' })).toBe('/home/u/.cache/declare');
    expect(bundledDir({ HOME: '/home/u' }, '147.0.0')).toBe('/home/u/.cache/declare/chromium-147.0.0');
  });
});

describe('launchArgs', () => {
  const choice = { executablePath: '/x', source: 'system' as const, env: {} };
  it('uses our own flags, never the unsafe ones', () => {
    const args = launchArgs(choice, '/tmp/profile', false);
    expect(args).toContain('--headless');
    expect(args).toContain('--user-data-dir=/tmp/profile');
    expect(args).toContain('--disable-background-networking');
    expect(args).not.toContain('--no-sandbox');
    for (const bad of ['--disable-web-security', '--single-process', '--remote-debugging-port']) {
      expect(args.some((a) => a.startsWith(bad))).toBe(false);
    }
    expect(launchArgs(choice, '/p', true)).toContain('--no-sandbox');
    expect(launchArgs({ ...choice, source: 'bundled' }, '/p', false)).toContain('--no-sandbox');
  });
});

describe('readTar', () => {
  function header(name: string, size: number, type = '0'): Buffer {
    const h = Buffer.alloc(512);
    h.write(name, 0);
    h.write('0000644\0', 100);
    h.write(size.toString(8).padStart(11, '0') + '\0', 124);
    h.write(type, 156);
    h.write('ustar\0', 257);
    return h;
  }
  const pad = (b: Buffer) => Buffer.concat([b, Buffer.alloc((512 - (b.length % 512)) % 512)]);

  it('reads regular files and refuses entries that leave the target directory', async () => {
    const archive = Buffer.concat([header('fonts/', 0, '5'), header('fonts/a.txt', 5), pad(Buffer.from('hello')), Buffer.alloc(1024)]);
    expect(readTar(archive).map((f) => [f.name, Buffer.from(f.data).toString()])).toEqual([['fonts/a.txt', 'hello']]);
    const evil = Buffer.concat([header('../evil.txt', 1), pad(Buffer.from('x')), Buffer.alloc(1024)]);
    await expect(extractTar(evil, path.join(dir, 'out'))).rejects.toThrow(/outside/);
  });
});

describe('extractionText', () => {
  const p = { dir: '/c/chromium-1', fraction: 0.456 };
  it('is one updating line on a terminal, a start and a finish line otherwise', () => {
    expect(extractionText({ ...p, phase: 'progress' }, 'zh', true)).toBe('\r\x1b[Kdeclare: 首次使用：正在解压内置的 Chromium（约 200 MB）到 /c/chromium-1… 45%');
    expect(extractionText({ ...p, phase: 'progress' }, 'zh', false)).toBe('');
    expect(extractionText({ ...p, phase: 'start' }, 'en', false)).toBe('declare: first use: extracting the bundled Chromium (about 200 MB) to /c/chromium-1…\n');
    expect(extractionText({ ...p, phase: 'done', ms: 11_200 }, 'zh', false)).toBe('declare: 内置的 Chromium 已解压（用时 11 秒），以后不再需要解压。\n');
    expect(extractionText({ ...p, dir: '/t\nmp', phase: 'start' }, 'en', false)).toContain('/t\\u{a}mp');
  });
});

describe('removeStaleProfiles', () => {
  it('removes only our own profile directories whose pid is dead', async () => {
    const tmp = mkdtempSync(path.join(dir, 'profiles-'));
    const dead = 99_999_999; // above any pid_max: never a running process
    const make = (name: string): string => {
      const d = path.join(tmp, name);
      mkdirSync(path.join(d, 'Default'), { recursive: true });
      writeFileSync(path.join(d, 'Default', 'Preferences'), '{}');
      return d;
    };
    const stale = make(`declare-chrome-${dead}-AbC123`);
    const live = make(`declare-chrome-${process.ppid}-AbC123`);
    const other = make(`declare-chrome-${dead}-toolong1`);
    const keep = make('unrelated');
    symlinkSync(keep, path.join(tmp, `declare-chrome-${dead}-Link00`));
    const foreign = typeof process.getuid === 'function' && process.getuid() === 0 ? make(`declare-chrome-${dead}-Other0`) : undefined;
    if (foreign) chownSync(foreign, 65534, 65534);
    expect(await removeStaleProfiles(tmp)).toEqual([stale]);
    expect(existsSync(stale)).toBe(false);
    for (const d of [live, other, keep, path.join(keep, 'Default', 'Preferences'), path.join(tmp, `declare-chrome-${dead}-Link00`), ...(foreign ? [foreign] : [])]) expect(existsSync(d), d).toBe(true);
  });
});
