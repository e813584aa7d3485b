/**
 * Messages of the renderer (src/render): the browser (full TMPDIR, no answer), finding
 * and extracting Chromium. Paths arrive already made printable.
 */
import { defineMessages } from './catalogue.js';

export const renderMessages = defineMessages({
  zh: {
    fullTmpdir: (a: { where: string; mb: string }) =>
      `临时目录已满：${a.where} 只剩 ${a.mb} MB，而 Chromium 要在那里写入配置目录和每个 PDF。请腾出空间，或把 TMPDIR 指向有空间的目录（例如 TMPDIR=$HOME/tmp）`,
    unresponsive: (a: { seconds: number }) =>
      `浏览器超过 ${a.seconds} 秒没有响应，已将其结束（其余文件换新的浏览器继续）。若反复出现：检查机器的负载和内存，用 --timeout 放宽时限，或用 --chrome 换一个浏览器`,
    bundledLinuxOnly: '（随 npm 包附带的 Chromium 只支持 Linux x64。）',
    noBrowser: (a: { bundled: string }) =>
      `找不到可用于生成 PDF 的浏览器${a.bundled}。请任选其一：\n` +
      '  • 安装 Google Chrome、Chromium 或 Microsoft Edge；\n' +
      '  • 用 --chrome /path/to/chrome 或环境变量 DECLARE_CHROME 指定浏览器；\n' +
      '  • 在 Linux x64 上运行 npm ci（或 npm install），使附带的 @sparticuz/chromium 可用。\n' +
      '只生成 HTML（--html）不需要浏览器。',
    extracting: (a: { where: string }) => `declare: 首次使用：正在解压内置的 Chromium（约 200 MB）到 ${a.where}…`,
    extracted: (a: { seconds: number }) => `declare: 内置的 Chromium 已解压（用时 ${a.seconds} 秒），以后不再需要解压。\n`,
    extractDiskFull: (a: { where: string }) =>
      `磁盘已满：无法把附带的 Chromium（约 200 MB）解压到 ${a.where}。\n请腾出空间，或把 TMPDIR / XDG_CACHE_HOME 指向有空间的目录，或用 --chrome 指定已安装的浏览器。`,
    extractFailed: (a: { reason: string }) =>
      `无法解压附带的 Chromium（@sparticuz/chromium）：${a.reason}。\n` +
      '请确认缓存目录可写（$XDG_CACHE_HOME 或 ~/.cache），或用 --chrome 指定浏览器。',
    badBrowser: (a: { what: string; value: string }) =>
      `${a.what} 指定的浏览器 ${a.value} 不存在或不可执行。请检查路径，或去掉它让 declare 自己查找浏览器。`,
  },
  en: {
    fullTmpdir: (a) =>
      `TMPDIR is full: ${a.where} has ${a.mb} MB free, and Chromium writes its profile and each PDF there. ` +
      'Free some space, or point TMPDIR at a directory with room (e.g. TMPDIR=$HOME/tmp)',
    unresponsive: (a) =>
      `the browser did not answer for ${a.seconds} s and was ended (the other files go on with a new one). ` +
      'If this keeps happening: check the machine\'s load and memory, allow more time with --timeout, or pick another browser with --chrome',
    bundledLinuxOnly: ' (the Chromium bundled with the npm package is for Linux x64 only.)',
    noBrowser: (a) =>
      `no browser found to print the PDF${a.bundled}. Either:\n` +
      '  • install Google Chrome, Chromium or Microsoft Edge;\n' +
      '  • point --chrome /path/to/chrome or DECLARE_CHROME at one;\n' +
      '  • on Linux x64, run npm ci (or npm install) so that the bundled @sparticuz/chromium is present.\n' +
      'Rendering HTML only (--html) needs no browser.',
    extracting: (a) => `declare: first use: extracting the bundled Chromium (about 200 MB) to ${a.where}…`,
    extracted: (a) => `declare: the bundled Chromium is extracted (${a.seconds} s); later runs reuse it.\n`,
    extractDiskFull: (a) =>
      `the disk is full: cannot extract the bundled Chromium (about 200 MB) to ${a.where}.\nFree some space, point TMPDIR / XDG_CACHE_HOME at a directory with room, or pick an installed browser with --chrome.`,
    extractFailed: (a) =>
      `could not extract the bundled Chromium (@sparticuz/chromium): ${a.reason}.\n` +
      'Check that the cache directory ($XDG_CACHE_HOME or ~/.cache) is writable, or pick a browser with --chrome.',
    badBrowser: (a) =>
      `the browser given by ${a.what}, ${a.value}, does not exist or is not executable; check the path, or drop it to let declare find one.`,
  },
});
