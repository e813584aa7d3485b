import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { formOption, formOptionHelp } from './form-option.js';
import type { FileResult, Lang } from '../diagnostic.js';
import { escapeText } from '../report/escape.js';
import { CliError } from './errors.js';
import { usageMessages } from '../messages/cli.js';
import { helpMessages } from '../messages/help.js';
import { ENCODINGS } from '../load/encodings.js';
import { perfMessages } from '../messages/perf.js';
import { stdoutWriter } from './io.js';
import { lspMessages } from '../messages/lsp.js';

/** For bin/declare.js: who handles a closed stdout/stderr (EPIPE). */
export { outputClosed } from './closed-output.js';

import { VERSION } from './version.js';
export { VERSION };

/** What the CLI touches of the outside world; tests and the shim pass the real ones. */
export interface CliIo {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: (s: string) => void;
  /** standard output for bytes that are UTF-8 text already (validate --cache); else stdout gets them decoded */
  stdoutBytes?: (b: Uint8Array) => void;
  stderr: (s: string) => void;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  stdin: AsyncIterable<Buffer | string>;
}

export function processIo(): CliIo {
  // A file or device on stdout is written synchronously: a full disk is exit 2, not a cut report.
  const stdout = stdoutWriter(earlyLang(process.argv.slice(2), process.env));
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout,
    stdoutBytes: stdout,
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
  const u = usageMessages(lang);
  const m = message.replace(/^error: /, '');
  const e = escapeText;
  const mean = (s: string): string => {
    const hit = /\n\(Did you mean (?:one of )?(.*)\?\)$/.exec(s);
    if (!hit) return '';
    const options = hit[1]!.split(', ').map(e);
    return u.didYouMean({ options });
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
        ? u.fileNameHint({ flag: e(flag) })
        : '';
      return u.unknownOption({ flag: e(flag), mean: mean(m), hint });
    }
    case 'commander.unknownCommand': {
      r = /^unknown command '([\s\S]*?)'(?:\n|$)/.exec(m);
      if (!r) break;
      return u.unknownCommand({ command: e(r[1]!), mean: mean(m) });
    }
    case 'commander.missingArgument': {
      r = /^missing required argument '(.*)'$/.exec(m);
      if (!r) break;
      return u.missingArgument({ name: r[1]! });
    }
    case 'commander.optionMissingArgument': {
      r = /^option '(.*)' argument missing$/.exec(m);
      if (!r) break;
      return u.optionMissingArgument({ option: r[1]! });
    }
    case 'commander.invalidArgument': {
      r = /^option '(.*)' argument '([\s\S]*)' is invalid\. ([\s\S]*)$/.exec(m);
      if (!r) break;
      const choices = /^Allowed choices are (.*)\.$/.exec(r[3]!);
      const why = choices ? u.allowedChoices({ choices: choices[1]! }) : r[3]!;
      return u.invalidArgument({ option: r[1]!, value: e(r[2]!), why });
    }
    case 'commander.excessArguments': {
      r = /^too many arguments(?: for '(.*)')?\. Expected (\d+) arguments? but got (\d+)\.$/.exec(m);
      if (!r) break;
      return u.excessArguments({ command: r[1], expected: r[2]!, got: r[3]! });
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
  const h = helpMessages(lang0);
  const program = root
    .description(h.program)
    .version(VERSION, '-V, --version', h.version)
    .helpOption('-h, --help', h.help)
    .helpCommand('help [command]', h.helpCommand)
    .showHelpAfterError(h.helpAfterError)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });

  // When the first argument names a command, only that command is set up (issue 17: a
  // one-file validate builds one command, not eleven and their options). The
  // others cannot change what it does: commander looks at sibling commands only for a
  // command it does not know, and then every command is set up.
  const names = ['validate', 'render', 'rules', 'init', 'schema', 'summary', 'diff', 'fmt', 'lsp', 'preview', 'import'] as const;
  const only = names.find((n) => n === argv[0]);
  const command = (name: (typeof names)[number], define: () => void) => {
    if (only === undefined || only === name) define();
  };

  // Accepted by every command that prints for people (some never colour: then it is a no-op,
  // so scripts can pass it everywhere).
  const noColorOption = () => new Option('--no-color', h.noColor);
  const encodingOption = () => new Option('--encoding <encoding>', h.encoding).choices([...ENCODINGS]);
  // For reviewers (docs/SECURITY.md "Who may silence a check"): what the file's author may not decide.
  const noInlineOption = () => new Option('--no-inline-config', h.noInlineConfig);
  const strictOption = () => new Option('--strict', h.strict);
  const langOption = () => new Option('--lang <lang>', h.lang).argParser(parseLang).default(lang0);

  command('validate', () =>
    program
      .command('validate')
      .description(h.validate)
      .argument('<inputs...>', h.inputs)
      .addOption(new Option('-f, --format <format>', h.format).choices(['stylish', 'json', 'sarif', 'junit', 'github']))
      .option('-o, --output <file>', h.validateOutput)
      .option('--max-warnings <n>', h.maxWarnings, parseCount)
      .option('-q, --quiet', h.quiet)
      .option('--stdin-filepath <name>', h.stdinFilepath)
      .addOption(encodingOption())
      .option('-c, --config <file>', h.config)
      .addOption(noColorOption())
      .addOption(noInlineOption())
      .addOption(strictOption())
      .addOption(langOption())
      .option('--cache', perfMessages(lang0).cacheOption)
      .option('--cache-location <file>', perfMessages(lang0).cacheLocationOption)
      .option('--verbose', h.verbose)
      .option('-w, --watch', lspMessages(lang0).helpWatch)
      .action(async (inputs: string[], opts) => {
        // Each command's code is loaded when it runs (issue 17): `--version` and usage errors load no checker.
        // --watch (issue 16): src/cli/watch.ts, loaded only then
        if (opts.watch) exitCode = await (await import('./watch.js')).runWatch(inputs, opts, io, VERSION);
        else exitCode = await (await import('./validate.js')).runValidate(inputs, opts, io, VERSION);
      }));

  command('render', () =>
    program
      .command('render')
      .description(h.render)
      .argument('<inputs...>', h.inputs)
      .option('--html', h.html)
      .option('--pdf', h.pdf)
      .option('--xlsx', h.xlsx)
      .option('--docx', h.docx)
      .option('-o, --out <dir>', h.out)
      .option('--force', h.renderForce)
      .option('--combine <file>', h.combine)
      .addOption(encodingOption())
      .option('--chrome <path>', h.chrome)
      .option('--concurrency <n>', h.concurrency, parseCount)
      .option('--timeout <seconds>', h.timeout, parseCount)
      .addOption(noColorOption())
      .addOption(noInlineOption())
      .addOption(strictOption())
      .addOption(langOption())
      .option('--verbose', h.verbose)
      .action(async (inputs: string[], opts) => {
        // Loaded only here: validate never pays for Handlebars or Puppeteer.
        const { renderCommand } = await import('./render.js');
        const { makePrinter } = await import('./validate.js');
        exitCode = await renderCommand(
          {
            inputs,
            // With --combine only the volume, unless --html/--pdf ask for the files too.
            html: opts.html === true || (opts.pdf !== true && opts.xlsx !== true && opts.docx !== true && opts.combine === undefined),
            pdf: opts.pdf === true,
            xlsx: opts.xlsx === true,
            docx: opts.docx === true,
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
      }));

  command('rules', () =>
    program
      .command('rules')
      .description(h.rules)
      .argument('[id]', h.ruleId)
      .option('--markdown', h.markdown)
      .addOption(noColorOption())
      .addOption(langOption())
      .action(async (id: string | undefined, opts) => {
        const { runRules } = await import('./rules.js');
        exitCode = runRules(id, opts, io);
      }));

  command('init', () =>
    program
      .command('init')
      .description(h.init)
      .argument('[file]', h.initFile)
      .option('--year <year>', h.year, parseCount)
      .option('--department <name>', h.department)
      .option('--level <level>', h.level)
      .option('--force', h.initForce)
      .option('--form <id>', formOptionHelp(lang0))
      .addOption(noColorOption())
      .addOption(langOption())
      .action(async (file: string | undefined, opts) => {
        const { runInit } = await import('./init.js');
        exitCode = await runInit(file, opts, io);
      }));

  command('schema', () =>
    program
      .command('schema')
      .description(h.schema)
      .option('--form <id>', formOptionHelp(lang0))
      .addOption(langOption())
      .action(async (opts: { form?: string; lang: Lang }) => {
        const { declarationJsonSchema } = await import('../forms/json-schema.js');
        const form = opts.form === undefined ? undefined : formOption(opts.form, opts.lang);
        io.stdout(`${JSON.stringify(declarationJsonSchema(form), null, 2)}\n`);
        exitCode = 0;
      }));

  // Review at scale (issue 7); each module is loaded only when its command runs.
  command('summary', () =>
    program
      .command('summary')
      .description(h.summary)
      .argument('<inputs...>', h.inputs)
      .addOption(new Option('-f, --format <format>', h.format).choices(['table', 'csv', 'json', 'markdown']).default('table'))
      .option('-o, --output <file>', h.summaryOutput)
      .addOption(encodingOption())
      .option('-c, --config <file>', h.config)
      .addOption(noColorOption())
      .addOption(noInlineOption())
      .addOption(strictOption())
      .addOption(langOption())
      .action(async (inputs: string[], opts) => {
        const { runSummary } = await import('./summary.js');
        exitCode = await runSummary(inputs, opts, io);
      }));

  command('diff', () =>
    program
      .command('diff')
      .description(h.diff)
      .argument('<old>', h.diffOld)
      .argument('[new]', h.diffNew)
      .option('--rev <rev>', h.rev)
      .addOption(encodingOption())
      .addOption(new Option('-f, --format <format>', h.format).choices(['text', 'markdown', 'json']).default('text'))
      .addOption(noColorOption())
      .addOption(langOption())
      .action(async (oldFile: string, newFile: string | undefined, opts) => {
        const { runDiff } = await import('./diff.js');
        exitCode = await runDiff(oldFile, newFile, opts, io);
      }));

  command('fmt', () =>
    program
      .command('fmt')
      .description(h.fmt)
      .argument('<inputs...>', h.inputs)
      .option('--check', h.check)
      .option('--to-utf8', h.toUtf8)
      .addOption(encodingOption())
      .addOption(noColorOption())
      .addOption(langOption())
      .action(async (inputs: string[], opts) => {
        const { runFmt } = await import('./fmt.js');
        exitCode = await runFmt(inputs, opts, io);
      }));

  // While writing (issue 16): loaded only when run, so validate never loads the protocol code.
  command('lsp', () =>
    program
      .command('lsp')
      .description(lspMessages(lang0).helpLsp)
      .option('--stdio', lspMessages(lang0).helpStdio)
      .option('--debounce <ms>', lspMessages(lang0).helpDebounce, parseCount)
      // clients add their own flags (e.g. --clientProcessId=N); they are not ours to refuse
      .allowUnknownOption()
      .action(async (opts) => {
        const { runLsp } = await import('./lsp.js');
        exitCode = await runLsp({ debounce: opts.debounce }, io.cwd, VERSION);
      }));

  command('preview', () =>
    program
      .command('preview')
      .description(lspMessages(lang0).helpPreview)
      .argument('<file>', lspMessages(lang0).helpPreviewFile)
      .option('--port <n>', lspMessages(lang0).helpPort, parseCount)
      .addOption(encodingOption())
      .option('-c, --config <file>', h.config)
      .addOption(noInlineOption())
      .addOption(strictOption())
      .addOption(langOption())
      .action(async (file: string, opts) => {
        const { runPreview } = await import('./preview.js');
        exitCode = await runPreview(file, opts, io, VERSION);
      }));

  command('import', () =>
    program
      .command('import')
      .description(h.import)
      .argument('<file>', h.importFile)
      .option('-o, --output <file>', h.importOutput)
      .option('--form <id>', formOptionHelp(lang0))
      .option('--force', h.initForce)
      .addOption(noColorOption())
      .addOption(langOption())
      .option('--verbose', h.verbose)
      .action(async (file: string, opts) => {
        const { runImport } = await import('./import.js');
        exitCode = await runImport(file, { output: opts.output, force: opts.force === true, lang: opts.lang, color: opts.color, form: opts.form }, io);
      }));


  for (const c of program.commands) c.helpOption('-h, --help', h.help);

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
    io.stderr(usageMessages(lang0).internalError({ message: escapeText(e?.message ?? String(err)), stack: verbose ? e?.stack ?? '' : undefined }));
    return 2;
  }
}
