import type { YamlProblemCode } from '../load/load.js';
import { MAX_ALIAS_CHARS, MAX_ALIAS_NODES, MAX_DEPTH, MAX_ENTRIES, MAX_FILE_BYTES, MAX_NODES } from '../load/load.js';
import { defineMessages } from '../messages/catalogue.js';
import { grouped } from '../messages/grouped.js';
import { defineRule } from './rule.js';

/** What is wrong, by the loader's problem code (every code has its sentence). */
const WHAT = defineMessages({
  zh: {
    TOO_LARGE: `文件超过 ${MAX_FILE_BYTES / 1024 / 1024} MB 上限，不像一份申报表`,
    NOT_UTF8: '文件不是 UTF-8 编码（请用 UTF-8 另存，例如在记事本中选择“UTF-8”）',
    UTF16: '文件是 UTF-16 编码，请另存为 UTF-8',
    UTF16_NO_BOM: '文件看起来是没有 BOM 的 UTF-16 编码（每隔一个字节是 0），请另存为 UTF-8',
    UTF32: '文件是 UTF-32 编码，请另存为 UTF-8',
    GBK: '文件看起来是 GBK 编码（中文 Windows 的默认编码），不是 UTF-8：加 --encoding gbk 读取，或用 declare fmt --to-utf8 转换为 UTF-8',
    LONE_CR: '文件用单独的 CR 换行（旧 Mac 格式），请改为 LF 或 CRLF 换行（在编辑器中选择“LF”或“CRLF”后另存）',
    BINARY: '文件含有 NUL 字节，不是文本文件',
    TOO_DEEP: `嵌套层数超过 ${MAX_DEPTH} 层`,
    TOO_MANY: `内容过多：一个列表或映射最多 ${grouped(MAX_ENTRIES)} 项，全文件最多 ${grouped(MAX_NODES)} 个值，不像一份申报表（已在解析前拒绝；请检查是否误粘贴了大量内容）`,
    ALIAS_LIMIT: `别名（*alias）展开后超过 ${MAX_ALIAS_NODES} 个节点或 ${MAX_ALIAS_CHARS} 个字符，已拒绝（防止“十亿笑声”攻击）`,
    UNSUPPORTED_TAG: '不支持的 YAML 标签（如 !!js/function、!!binary、!自定义），请删除标签',
    COMPLEX_KEY: '键必须是简单文字，不能是列表或映射',
    DUPLICATE_KEY: '同一层级出现重复的键，请删除或合并其中一个',
    MULTIPLE_DOCS: '一个文件只能有一份文档，请删除多余的 “---” 及其后内容，或拆分为多个文件',
    FULLWIDTH_COLON: '键后面用了全角冒号「：」，请改为半角冒号加空格「: 」（切换到英文标点输入）',
    FULLWIDTH_SPACE: '用了全角空格「　」缩进，请改用半角空格',
    TAB_AS_INDENT: '不能用 Tab 缩进，请改用空格',
    SYNTAX: 'YAML 语法错误（检查缩进、冒号后的空格、引号和括号是否成对）',
  } satisfies Record<YamlProblemCode, string>,
  en: {
    TOO_LARGE: `the file exceeds the ${MAX_FILE_BYTES / 1024 / 1024} MB limit`,
    NOT_UTF8: 'the file is not UTF-8 (save it as UTF-8)',
    UTF16: 'the file is UTF-16; save it as UTF-8',
    UTF16_NO_BOM: 'the file looks like UTF-16 without a BOM (every other byte is 0); save it as UTF-8',
    UTF32: 'the file is UTF-32; save it as UTF-8',
    GBK: 'the file looks GBK-encoded (the default of Chinese Windows), not UTF-8: use --encoding gbk, or convert it with `declare fmt --to-utf8`',
    LONE_CR: 'the file ends lines with a lone CR (classic Mac OS); save it with LF or CRLF line endings',
    BINARY: 'the file contains NUL bytes; it is not a text file',
    TOO_DEEP: `nesting deeper than ${MAX_DEPTH} levels`,
    TOO_MANY: `too many entries: at most ${grouped(MAX_ENTRIES)} per list or mapping and ${grouped(MAX_NODES)} values per file (refused before parsing; check for a mass paste)`,
    ALIAS_LIMIT: `alias expansion exceeds ${MAX_ALIAS_NODES} nodes or ${MAX_ALIAS_CHARS} characters (billion laughs guard)`,
    UNSUPPORTED_TAG: 'unsupported YAML tag (e.g. !!js/function, !!binary, !custom); remove it',
    COMPLEX_KEY: 'keys must be plain text, not lists or mappings',
    DUPLICATE_KEY: 'a key appears twice in the same mapping; remove or merge one',
    MULTIPLE_DOCS: 'a file must hold one document; remove the extra "---" or split the file',
    FULLWIDTH_COLON: 'a key is followed by a full-width colon "："; use ": " (ASCII colon and a space)',
    FULLWIDTH_SPACE: 'indented with full-width spaces (U+3000); use ASCII spaces',
    TAB_AS_INDENT: 'tabs cannot be used for indentation; use spaces',
    SYNTAX: 'YAML syntax error (check indentation, the space after colons, paired quotes and brackets)',
  },
});

/** Y001's sentence around it. */
const m = defineMessages({
  zh: { message: (a: { what: string; detail: string }) => `YAML 错误：${a.what}${a.detail ? `（${a.detail}）` : ''}` },
  en: { message: (a) => `invalid YAML: ${a.what}${a.detail ? ` (${a.detail})` : ''}` },
});

/** Y001's message arguments (also in `--format json`): the loader's problem code and detail. */
export type Y001Args = { code: YamlProblemCode; detail: string };

export const Y001 = defineRule<Y001Args>()({
  id: 'Y001',
  severity: 'error',
  title: { zh: '不是有效的 YAML 文件', en: 'not a valid YAML file' },
  message({ args }, lang) {
    return m(lang).message({ what: WHAT(lang)[args.code], detail: args.detail });
  },
  docs: {
    what: {
      zh: '文件必须是一份有效的 UTF-8 YAML 文档：语法正确、没有重复的键、用半角空格缩进、键后用半角冒号（中文输入法打出的全角「：」和全角空格「　」会被指出）、只有一份文档，且大小、嵌套深度和别名展开都在上限之内。',
      en: 'The file must be one valid UTF-8 YAML document: correct syntax, no duplicate keys, ASCII-space indentation and ASCII colons after keys (the full-width ： and 　 a Chinese input method types are pointed out), a single document, and size, nesting and alias expansion within limits.',
    },
    why: {
      zh: '无法读取的文件无法审核。出现此错误时不再报告结构错误，以免一连串误报。',
      en: 'A file that cannot be read cannot be reviewed. When this fires, no structure errors are reported, to avoid a cascade of false alarms.',
    },
    source: 'YAML 1.2.2 规范（https://yaml.org/spec/1.2.2/）；format.md',
    failing: 'year: 2023\nyear: 2024\n',
    fixed: 'year: 2023\n',
    limits: {
      zh: '每个文件只报告第一个语法问题（解析器在那里停下），改正后再运行才会看到下一个；编码问题只区分 UTF-8 与 --encoding 指定的编码。',
      en: 'Reports only the first syntax problem of a file (where the parser stops); the next shows once it is fixed. Encoding problems are told apart only as UTF-8 or the --encoding given.',
    },
  },
});
