import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { FileResult, Lang } from '../diagnostic.js';
import { escapeText } from '../report/escape.js';
import { CliError } from './errors.js';
import { ENCODINGS } from '../load/load.js';
import { runValidate } from './validate.js';
import { runRules } from './rules.js';
import { stdoutWriter } from './io.js';

/** For bin/declare.js: who handles a closed stdout/stderr (EPIPE). */
export { outputClosed } from './closed-output.js';

import { VERSION } from './version.js';
export { VERSION };

/** What the CLI touches of the outside world; tests and the shim pass the real ones. */
export interface CliIo {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  stdin: AsyncIterable<Buffer | string>;
}

export function processIo(): CliIo {
  return {
    cwd: process.cwd(),
    env: process.env,
    // A file or device on stdout is written synchronously: a full disk is exit 2, not a cut report.
    stdout: stdoutWriter(earlyLang(process.argv.slice(2), process.env)),
    stderr: (s) => void process.stderr.write(s),
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    stdin: process.stdin,
  };
}

const parseLang = (v: string): Lang => {
  if (v !== 'zh' && v !== 'en') throw new InvalidArgumentError('zh | en');
  return v;
};

const parseCount = (v: string): number => {
  if (!/^[0-9]+$/.test(v)) throw new InvalidArgumentError('一个非负整数 (a non-negative integer)');
  return Number(v);
};

/**
 * Commander's own messages (unknown option, missing argument, invalid choice, unknown
 * command, too many arguments), reworded in the user's language. Commander builds them in
 * English with stable wording; each code is matched here and anything not recognised is
 * passed on as it is. Every quoted value is made printable (escape.ts).
 */
export function usageMessage(message: string, code: string | undefined, lang: Lang): string {
  const zh = lang === 'zh';
  const m = message.replace(/^error: /, '');
  const e = escapeText;
  const mean = (s: string): string => {
    const hit = /\n\(Did you mean (?:one of )?(.*)\?\)$/.exec(s);
    if (!hit) return '';
    const options = hit[1]!.split(', ').map(e);
    return zh ? `（是不是要写 ${options.join(' 或 ')}？）` : ` (did you mean ${options.join(' or ')}?)`;
  };
  let r: RegExpExecArray | null;
  switch (code) {
    case 'commander.unknownOption': {
      r = /^unknown option '([\s\S]*?)'(?:\n|$)/.exec(m);
      if (!r) break;
      const flag = r[1]!;
      // `-x.yaml`: a file whose name starts with '-' is read as an option.
      const looksLikeFile = /[./\\]/.test(flag) && !flag.startsWith('--') || /\.ya?ml$/i.test(flag);
      const hint = looksLikeFile
        ? (zh ? `。若这是文件名，请写成 ./${e(flag)}，或放在 -- 之后（declare validate -- ${e(flag)}）` : `; if it is a file name, write ./${e(flag)} or put it after -- (declare validate -- ${e(flag)})`)
        : '';
      return zh ? `未知选项 ${e(flag)}${mean(m)}${hint}` : `unknown option '${e(flag)}'${mean(m)}${hint}`;
    }
    case 'commander.unknownCommand': {
      r = /^unknown command '([\s\S]*?)'(?:\n|$)/.exec(m);
      if (!r) break;
      return zh ? `未知命令 ${e(r[1]!)}${mean(m)}` : `unknown command '${e(r[1]!)}'${mean(m)}`;
    }
    case 'commander.missingArgument': {
      r = /^missing required argument '(.*)'$/.exec(m);
      if (!r) break;
      return zh ? `缺少必需的参数 <${r[1]}>` : `missing required argument <${r[1]}>`;
    }
    case 'commander.optionMissingArgument': {
      r = /^option '(.*)' argument missing$/.exec(m);
      if (!r) break;
      return zh ? `选项 ${r[1]} 缺少值` : `option ${r[1]} needs a value`;
    }
    case 'commander.invalidArgument': {
      r = /^option '(.*)' argument '([\s\S]*)' is invalid\. ([\s\S]*)$/.exec(m);
      if (!r) break;
      const choices = /^Allowed choices are (.*)\.$/.exec(r[3]!);
      const why = choices ? (zh ? `可选值：${choices[1]}` : `allowed: ${choices[1]}`) : r[3]!;
      return zh ? `选项 ${r[1]} 的值「${e(r[2]!)}」无效：${why}` : `option ${r[1]}: invalid value '${e(r[2]!)}': ${why}`;
    }
    case 'commander.excessArguments': {
      r = /^too many arguments(?: for '(.*)')?\. Expected (\d+) arguments? but got (\d+)\.$/.exec(m);
      if (!r) break;
      return zh
        ? `参数太多：${r[1] ? `命令 ${r[1]} ` : ''}最多接受 ${r[2]} 个参数，收到 ${r[3]} 个`
        : `too many arguments${r[1] ? ` for ${r[1]}` : ''}: expected at most ${r[2]}, got ${r[3]}`;
    }
    default:
      break;
  }
  return e(m);
}

/** A Command whose usage errors speak the user's language (and whose subcommands do too). */
class DeclareCommand extends Command {
  lang: Lang = 'zh';
  override createCommand(name?: string): DeclareCommand {
    const c = new DeclareCommand(name);
    c.lang = this.lang;
    return c;
  }
  override error(message: string, errorOptions?: { code?: string; exitCode?: number }): never {
    // exit code 2 for every usage error (cli.md)
    return super.error(`declare: ${usageMessage(message, errorOptions?.code, this.lang)}`, { ...errorOptions, exitCode: 2 });
  }
}

/** Language before the command is parsed: for messages about the command line itself. */
function earlyLang(argv: readonly string[], env: NodeJS.ProcessEnv): Lang {
  const i = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  const v = i < 0 ? env.DECLARE_LANG : argv[i]!.includes('=') ? argv[i]!.split('=')[1] : argv[i + 1];
  return v === 'en' ? 'en' : 'zh';
}

/**
 * The whole CLI: parse, run, return the exit code (cli.md: 0 ok, 1 invalid declarations,
 * 2 the tool could not do its job). The only function bin/declare.js calls.
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const lang0 = earlyLang(argv, io.env);
  const verbose = argv.includes('--verbose');
  let exitCode = 0;
  const root = new DeclareCommand('declare');
  root.lang = lang0;
  const program = root
    .description(lang0 === 'zh'
      ? '部门整体预算绩效目标申报表：校验 YAML 申报文件，生成正式表格（HTML / PDF）'
      : 'Validate 部门整体预算绩效目标申报表 declarations kept as YAML and render the official form')
    .version(VERSION, '-V, --version', lang0 === 'zh' ? '显示版本号' : 'print the version')
    .helpOption('-h, --help', lang0 === 'zh' ? '显示帮助' : 'show help')
    .helpCommand('help [command]', lang0 === 'zh' ? '显示某个命令的帮助' : 'show help for a command')
    .showHelpAfterError(lang0 === 'zh' ? '（用 --help 查看用法）' : '(add --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  // Accepted by every command that prints for people (some never colour: then it is a no-op,
  // so scripts can pass it everywhere).
  const noColorOption = () => new Option('--no-color', lang0 === 'zh' ? '不使用颜色' : 'no colours');
  const encodingOption = () => new Option('--encoding <encoding>', lang0 === 'zh' ? '输入文件的编码（默认 utf-8；中文 Windows 另存的文件用 gbk）' : 'the inputs\' encoding (default utf-8; gbk for files saved by Chinese Windows)').choices([...ENCODINGS]);
  // For reviewers (docs/SECURITY.md "Who may silence a check"): what the file's author may not decide.
  const noInlineOption = () => new Option('--no-inline-config', lang0 === 'zh' ? '忽略文件中的 # declare-disable 抑制注释' : 'ignore # declare-disable suppression comments in the files');
  const strictOption = () => new Option('--strict', lang0 === 'zh' ? '不接受任何抑制：忽略抑制注释和自动找到的配置文件（只用 -c 指定的配置）' : 'accept no suppression: ignore suppression comments and every configuration file but the one named with -c');
  const langOption = () => new Option('--lang <lang>', lang0 === 'zh' ? '消息语言 zh | en' : 'message language zh | en').argParser(parseLang).default(lang0);

  program
    .command('validate')
    .description(lang0 === 'zh' ? '校验申报文件（文件、目录、带引号的通配符，- 表示标准输入）' : 'check declarations (files, directories, quoted globs, - for stdin)')
    .argument('<inputs...>', lang0 === 'zh' ? '文件、目录或通配符' : 'files, directories or globs')
    .addOption(new Option('-f, --format <format>', lang0 === 'zh' ? '输出格式' : 'output format').choices(['stylish', 'json', 'sarif', 'junit', 'github']))
    .option('-o, --output <file>', lang0 === 'zh' ? '把报告写入文件' : 'write the report to a file')
    .option('--max-warnings <n>', lang0 === 'zh' ? '警告超过 n 个时以 1 退出' : 'exit 1 when there are more than n warnings', parseCount)
    .option('-q, --quiet', lang0 === 'zh' ? '只报告错误' : 'report errors only')
    .option('--stdin-filepath <name>', lang0 === 'zh' ? '标准输入在报告中的文件名' : 'name of stdin in reports')
    .addOption(encodingOption())
    .option('-c, --config <file>', lang0 === 'zh' ? '配置文件（默认向上查找 declare.config.yaml）' : 'configuration file (default: declare.config.yaml found upwards)')
    .addOption(noColorOption())
    .addOption(noInlineOption())
    .addOption(strictOption())
    .addOption(langOption())
    .option('--verbose', lang0 === 'zh' ? '出错时显示调用栈' : 'show stack traces on internal errors')
    .action(async (inputs: string[], opts) => {
      exitCode = await runValidate(inputs, opts, io, VERSION);
    });

  program
    .command('render')
    .description(lang0 === 'zh' ? '生成正式申报表（HTML / PDF）' : 'render the official form (HTML / PDF)')
    .argument('<inputs...>', lang0 === 'zh' ? '文件、目录或通配符' : 'files, directories or globs')
    .option('--html', lang0 === 'zh' ? '生成 HTML（默认）' : 'write HTML (default)')
    .option('--pdf', lang0 === 'zh' ? '生成 PDF（需要 Chromium）' : 'write PDF (needs Chromium)')
    .option('-o, --out <dir>', lang0 === 'zh' ? '输出目录（默认与输入文件同目录）' : 'output directory (default: beside each input)')
    .option('--force', lang0 === 'zh' ? '有错误也生成，并在每页标注「未通过校验」' : 'render files with errors, marked 「未通过校验」 on every page')
    .option('--combine <file>', lang0 === 'zh' ? '把所有文件编成一份 PDF 汇编（封面、目录、书签、连续页码）' : 'bind all files into one PDF volume (cover, contents, bookmarks, running page numbers)')
    .addOption(encodingOption())
    .option('--chrome <path>', lang0 === 'zh' ? '浏览器可执行文件（或环境变量 DECLARE_CHROME）' : 'browser executable (or DECLARE_CHROME)')
    .option('--concurrency <n>', lang0 === 'zh' ? '同时渲染的文件数（默认 CPU 核数，最多 4）' : 'documents rendered at once (default: cores, at most 4)', parseCount)
    .option('--timeout <seconds>', lang0 === 'zh' ? '单个文件的超时（秒，默认 60）' : 'per-document timeout in seconds (default 60)', parseCount)
    .addOption(noColorOption())
    .addOption(noInlineOption())
    .addOption(strictOption())
    .addOption(langOption())
    .option('--verbose', lang0 === 'zh' ? '出错时显示调用栈' : 'show stack traces on internal errors')
    .action(async (inputs: string[], opts) => {
      // Loaded only here: validate never pays for Handlebars or Puppeteer.
      const { renderCommand } = await import('./render.js');
      const { makePrinter } = await import('./validate.js');
      exitCode = await renderCommand(
        {
          inputs,
          // With --combine only the volume, unless --html/--pdf ask for the files too.
          html: opts.html === true || (opts.pdf !== true && opts.combine === undefined),
          pdf: opts.pdf === true,
          out: opts.out,
          force: opts.force === true,
          chrome: opts.chrome,
          lang: opts.lang,
          encoding: opts.encoding,
          verbose: opts.verbose === true,
          concurrency: opts.concurrency,
          timeoutMs: opts.timeout === undefined ? undefined : opts.timeout * 1000,
          strict: opts.strict === true,
          inlineConfig: opts.inlineConfig !== false,
          combine: opts.combine,
        },
        {
          cwd: io.cwd,
          env: io.env,
          stdout: io.stdout,
          stderr: io.stderr,
          isTTY: io.stderrIsTTY,
          printDiagnostics: (results: FileResult[]) => makePrinter(io, opts.lang, VERSION, opts.color)(results),
        },
      );
    });

  program
    .command('rules')
    .description(lang0 === 'zh' ? '列出规则目录，或显示一条规则的说明' : 'list the rule catalogue, or show one rule\'s documentation')
    .argument('[id]', lang0 === 'zh' ? '规则编号，如 M001' : 'rule ID, e.g. M001')
    .option('--markdown', lang0 === 'zh' ? '输出 Markdown' : 'print Markdown')
    .addOption(noColorOption())
    .addOption(langOption())
    .action((id: string | undefined, opts) => {
      exitCode = runRules(id, opts, io);
    });

  program
    .command('init')
    .description(lang0 === 'zh' ? '生成带注释的申报表模板（不指定文件时输出到标准输出）' : 'write a commented template (to stdout without FILE)')
    .argument('[file]', lang0 === 'zh' ? '要生成的文件' : 'file to write')
    .option('--year <year>', lang0 === 'zh' ? '预算年度' : 'budget year', parseCount)
    .option('--department <name>', lang0 === 'zh' ? '部门名称' : 'department name')
    .option('--level <level>', lang0 === 'zh' ? '预算级次：省 市 区 县 镇' : 'budget level: 省 市 区 县 镇')
    .option('--force', lang0 === 'zh' ? '覆盖已有文件' : 'overwrite an existing file')
    .addOption(noColorOption())
    .addOption(langOption())
    .action(async (file: string | undefined, opts) => {
      const { runInit } = await import('./init.js');
      exitCode = await runInit(file, opts, io);
    });

  program
    .command('schema')
    .description(lang0 === 'zh' ? '输出申报文件格式的 JSON Schema（供编辑器补全和提示）' : 'print the JSON Schema of the format (for editors)')
    .action(async () => {
      const { declarationJsonSchema } = await import('../model/json-schema.js');
      io.stdout(`${JSON.stringify(declarationJsonSchema(), null, 2)}\n`);
      exitCode = 0;
    });

  // Review at scale (issue 7); each module is loaded only when its command runs.
  program
    .command('summary')
    .description(lang0 === 'zh' ? '汇总多份申报表：每份一行，附合计' : 'one row per declaration, with totals')
    .argument('<inputs...>', lang0 === 'zh' ? '文件、目录或通配符' : 'files, directories or globs')
    .addOption(new Option('-f, --format <format>', lang0 === 'zh' ? '输出格式' : 'output format').choices(['table', 'csv', 'json', 'markdown']).default('table'))
    .option('-o, --output <file>', lang0 === 'zh' ? '写入文件' : 'write to a file')
    .addOption(encodingOption())
    .option('-c, --config <file>', lang0 === 'zh' ? '配置文件（默认向上查找 declare.config.yaml）' : 'configuration file (default: declare.config.yaml found upwards)')
    .addOption(noColorOption())
    .addOption(noInlineOption())
    .addOption(strictOption())
    .addOption(langOption())
    .action(async (inputs: string[], opts) => {
      const { runSummary } = await import('./summary.js');
      exitCode = await runSummary(inputs, opts, io);
    });

  program
    .command('diff')
    .description(lang0 === 'zh' ? '比较两份申报表（或与 git 版本比较）的实际变化' : 'semantic diff of two declarations (or against a git revision)')
    .argument('<old>', lang0 === 'zh' ? '旧文件（或与 --rev 一起：要比较的文件）' : 'old file (or, with --rev, the file)')
    .argument('[new]', lang0 === 'zh' ? '新文件' : 'new file')
    .option('--rev <rev>', lang0 === 'zh' ? '与该 git 版本中的同一文件比较' : 'compare with the same file at this git revision')
    .addOption(encodingOption())
    .addOption(new Option('-f, --format <format>', lang0 === 'zh' ? '输出格式' : 'output format').choices(['text', 'markdown', 'json']).default('text'))
    .addOption(noColorOption())
    .addOption(langOption())
    .action(async (oldFile: string, newFile: string | undefined, opts) => {
      const { runDiff } = await import('./diff.js');
      exitCode = await runDiff(oldFile, newFile, opts, io);
    });

  program
    .command('fmt')
    .description(lang0 === 'zh' ? '把申报文件改写为规范格式（保留注释）' : 'rewrite declarations in canonical form (comments kept)')
    .argument('<inputs...>', lang0 === 'zh' ? '文件、目录或通配符' : 'files, directories or globs')
    .option('--check', lang0 === 'zh' ? '只检查：需要改写的文件以 1 退出' : 'only check: exit 1 and list files that would change')
    .option('--to-utf8', lang0 === 'zh' ? '把 GBK 等编码的文件转换为 UTF-8（原地改写，解析成功后才写）' : 'convert GBK (or --encoding) files to UTF-8 in place (written only after a successful parse)')
    .addOption(encodingOption())
    .addOption(noColorOption())
    .addOption(langOption())
    .action(async (inputs: string[], opts) => {
      const { runFmt } = await import('./fmt.js');
      exitCode = await runFmt(inputs, opts, io);
    });

  for (const c of program.commands) c.helpOption('-h, --help', lang0 === 'zh' ? '显示帮助' : 'show help');

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return 0;
      // `declare help …` asked for help; a bare `declare` is a usage error.
      if (err.code === 'commander.help') return argv[0] === 'help' ? 0 : 2;
      if (err.code === 'commander.executeSubCommandAsync') return 0;
      // commander already printed the message and the help hint
      return 2;
    }
    if (err instanceof CliError) {
      io.stderr(`declare: ${err.message}\n`);
      if (verbose && err.cause instanceof Error) io.stderr(`${err.cause.stack ?? ''}\n`);
      return err.exitCode;
    }
    const e = err as Error;
    io.stderr(lang0 === 'zh'
      ? `declare: 内部错误：${escapeText(e?.message ?? String(err))}\n${verbose ? `${e?.stack ?? ''}\n` : '（加 --verbose 查看调用栈，并请报告此问题）\n'}`
      : `declare: internal error: ${escapeText(e?.message ?? String(err))}\n${verbose ? `${e?.stack ?? ''}\n` : '(add --verbose for the stack trace, and please report it)\n'}`);
    return 2;
  }
}
