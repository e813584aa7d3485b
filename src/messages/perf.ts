import { defineMessages } from './catalogue.js';

/** Messages of the validate cache (issue 17, `--cache`). */
export const perfMessages = defineMessages({
  zh: {
    cacheOption: '只重新校验改动过的文件（结果缓存在 --cache-location，默认 .declarecache）',
    cacheLocationOption: '缓存文件的位置',
    cacheStats: (a: { hits: number; files: number; file: string }) => `缓存：${a.files} 个文件中 ${a.hits} 个未改动，沿用上次结果（${a.file}）`,
  },
  en: {
    cacheOption: 'only check files that changed (results cached in --cache-location, default .declarecache)',
    cacheLocationOption: 'where the cache file is',
    cacheStats: (a) => `cache: ${a.hits} of ${a.files} files unchanged, their results reused (${a.file})`,
  },
});
