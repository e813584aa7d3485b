/**
 * Messages of the command line (src/cli): reading and writing files, inputs, the
 * configuration file, fmt, diff, rules, init and the top-level errors. Help texts are in
 * help.ts.
 */
import { defineMessages } from './catalogue.js';

type Special = 'fifo' | 'socket' | 'device';
const SPECIAL_ZH: Record<Special, string> = { fifo: '命名管道（FIFO）', socket: '套接字', device: '设备文件' };
const SPECIAL_EN: Record<Special, string> = { fifo: 'a named pipe (FIFO)', socket: 'a socket', device: 'a device' };

/** io.ts: reading inputs, writing outputs. */
export const ioMessages = defineMessages({
  zh: {
    readMissing: (a: { file: string }) => `无法读取 ${a.file}：文件不存在（可能在读取前被删除或移动）`,
    readDirectory: (a: { file: string }) => `无法读取 ${a.file}：这是一个目录，不是文件`,
    readDenied: (a: { file: string }) => `无法读取 ${a.file}：没有读取权限`,
    readLoop: (a: { file: string }) => `无法读取 ${a.file}：符号链接形成了循环`,
    readSpecial: (a: { file: string; kind: Special }) =>
      `拒绝读取 ${a.file}：它是${SPECIAL_ZH[a.kind]}，不是普通文件（读取可能永远等待）。要从管道读取，请用 - 表示标准输入，例如 declare validate - < ${a.file}`,
    readOther: (a: { file: string; reason: string }) => `无法读取 ${a.file}：${a.reason}`,
    writeNoSpace: (a: { file: string; code: string }) => `无法完整写入 ${a.file}（${a.code}）：磁盘空间不足，报告未写出`,
    writeDirectory: (a: { file: string }) => `无法写入 ${a.file}：这是一个目录，请给出文件名`,
    writeReadOnly: (a: { file: string }) => `无法写入 ${a.file}（EROFS）：文件系统是只读的`,
    writeOther: (a: { file: string; code: string }) => `无法写入 ${a.file}（${a.code}）：请检查目录是否存在、是否有写权限`,
    standardOutput: '标准输出',
  },
  en: {
    readMissing: (a) => `cannot read ${a.file}: it does not exist (removed or moved?)`,
    readDirectory: (a) => `cannot read ${a.file}: it is a directory`,
    readDenied: (a) => `cannot read ${a.file}: permission denied`,
    readLoop: (a) => `cannot read ${a.file}: symbolic link loop`,
    readSpecial: (a) =>
      `refusing to read ${a.file}: it is ${SPECIAL_EN[a.kind]}, not a regular file (reading it may wait forever); to read from a pipe use - for standard input, e.g. declare validate - < ${a.file}`,
    readOther: (a) => `cannot read ${a.file}: ${a.reason}`,
    writeNoSpace: (a) => `cannot write ${a.file} in full (${a.code}): no space left on the device; the report was not written`,
    writeDirectory: (a) => `cannot write ${a.file}: it is a directory; name a file`,
    writeReadOnly: (a) => `cannot write ${a.file} (EROFS): the file system is read-only`,
    writeOther: (a) => `cannot write ${a.file} (${a.code}): check that the directory exists and is writable`,
    standardOutput: 'standard output',
  },
});

/** files.ts: expanding inputs, guarding -o. */
export const filesMessages = defineMessages({
  zh: {
    emptyDirectory: (a: { input: string }) => `目录 ${a.input} 下没有 .yaml / .yml 文件。请检查路径。`,
    globNoMatch: (a: { input: string }) => `通配符 ${a.input} 没有匹配到任何文件。请检查模式（记得加引号，例如 "examples/**/*.yaml"）。`,
    notFound: (a: { input: string }) => `找不到文件 ${a.input}。请检查路径是否正确。`,
    outputIsInput: (a: { shown: string; isConfig: boolean; name: string }) =>
      `-o ${a.shown} 指向${a.isConfig ? '配置文件' : '输入文件'} ${a.name}：报告会覆盖它。请把报告写到另一个文件。`,
  },
  en: {
    emptyDirectory: (a) => `no .yaml/.yml files under directory ${a.input}; check the path.`,
    globNoMatch: (a) => `the glob ${a.input} matches no file; check the pattern (quote it, e.g. "examples/**/*.yaml").`,
    notFound: (a) => `file not found: ${a.input}; check the path.`,
    outputIsInput: (a) =>
      `-o ${a.shown} names the ${a.isConfig ? 'configuration file' : 'input'} ${a.name}: the report would overwrite it; write the report to another file.`,
  },
});

/** config.ts: the configuration file. */
export const configMessages = defineMessages({
  zh: {
    notRegular: (a: { file: string; directory: boolean }) => `无法读取配置文件 ${a.file}：它不是普通文件（${a.directory ? '目录' : '管道、套接字或设备'}）`,
    unreadable: (a: { file: string; code: string }) => `无法读取配置文件 ${a.file}（${a.code}）`,
    /** prefix of every error about the configuration's content */
    error: (a: { text: string }) => `配置错误：${a.text}`,
    notYaml: '配置文件不是有效的 YAML',
    topLevel: '顶层必须是映射（rules / options / overrides）',
    overridesList: 'overrides 必须是列表',
    unknownKey: (a: { key: string }) => `未知的键「${a.key}」，可用：rules、options、overrides`,
    rulesMapping: 'rules 必须是 “规则编号: off | warning | error” 的映射',
    noRule: (a: { id: string }) => `没有规则 ${a.id}`,
    badSeverity: (a: { id: string }) => `${a.id} 的级别必须是 off、warning 或 error`,
    fixedSeverity: (a: { id: string }) => `${a.id} 是 YAML / 结构规则，始终是错误，不能修改`,
    lockedRule: (a: { id: string; key: string }) =>
      `${a.id} 是算术规则（支出与收入、资金分配），算术错误会使申报表本身错误，不能关闭或降为警告：请删除 rules 中的 ${a.key}`,
    optionsMapping: 'options 必须是映射',
    unknownOption: (a: { key: string }) => `未知的选项「${a.key}」，可用：satisfactionThreshold`,
    badThreshold: 'satisfactionThreshold 必须是 0 到 100 之间的数（百分比）',
    overrideMapping: 'overrides 的每一项必须是映射（files、rules、options）',
    filesGlobs: 'files 必须是通配符或通配符列表',
    unknownOverrideKey: (a: { key: string }) => `未知的键「${a.key}」，可用：files、rules、options`,
    overrideNeedsFiles: '每个 override 都需要 files',
  },
  en: {
    notRegular: (a) => `cannot read configuration ${a.file}: not a regular file (${a.directory ? 'a directory' : 'a pipe, socket or device'})`,
    unreadable: (a) => `cannot read configuration ${a.file} (${a.code})`,
    error: (a) => `configuration error: ${a.text}`,
    notYaml: 'the configuration is not valid YAML',
    topLevel: 'the top level must be a mapping (rules / options / overrides)',
    overridesList: 'overrides must be a list',
    unknownKey: (a) => `unknown key "${a.key}"; use rules, options, overrides`,
    rulesMapping: 'rules must map rule IDs to off | warning | error',
    noRule: (a) => `no rule ${a.id}`,
    badSeverity: (a) => `the severity of ${a.id} must be off, warning or error`,
    fixedSeverity: (a) => `${a.id} is a YAML/structure rule and always an error`,
    lockedRule: (a) =>
      `${a.id} is an arithmetic rule: an arithmetic error makes the form itself wrong, so it cannot be turned off or lowered; remove ${a.key} from rules`,
    optionsMapping: 'options must be a mapping',
    unknownOption: (a) => `unknown option "${a.key}"; use satisfactionThreshold`,
    badThreshold: 'satisfactionThreshold must be a number from 0 to 100 (percent)',
    overrideMapping: 'each override must be a mapping (files, rules, options)',
    filesGlobs: 'files must be a glob or a list of globs',
    unknownOverrideKey: (a) => `unknown key "${a.key}"; use files, rules, options`,
    overrideNeedsFiles: 'each override needs files',
  },
});

/** fmt.ts */
export const fmtMessages = defineMessages({
  zh: {
    utf8Only: (a: { encoding: string }) => `fmt 只写 UTF-8：要把 ${a.encoding} 文件转换为 UTF-8 并格式化，请加 --to-utf8`,
    notYaml: (a: { where: string; message: string }) => `declare: ${a.where} 不是有效的 YAML，未格式化（Y001 ${a.message}）`,
    wouldChangeMeaning: (a: { name: string }) => `内部错误：格式化会改变 ${a.name} 的内容，文件未改动（请报告此问题）`,
    notCanonical: (a: { count: number }) => `declare: ${a.count} 个文件不是规范格式（运行 declare fmt 改写）\n`,
    allCanonical: (a: { count: number }) => `declare: ${a.count} 个文件都是规范格式\n`,
  },
  en: {
    utf8Only: (a) => `fmt writes UTF-8 only: add --to-utf8 to convert ${a.encoding} files to UTF-8 and format them`,
    notYaml: (a) => `declare: ${a.where} is not valid YAML, left as is (Y001 ${a.message})`,
    wouldChangeMeaning: (a) => `internal error: formatting would change what ${a.name} says; the file was left as is (please report it)`,
    notCanonical: (a) => `declare: ${a.count} file(s) not in canonical form (run declare fmt)\n`,
    allCanonical: (a) => `declare: all ${a.count} file(s) in canonical form\n`,
  },
});

/** cli/diff.ts: the command's arguments, reading a side, git. */
export const diffCliMessages = defineMessages({
  zh: {
    revOneFile: '--rev 只能与一个文件一起使用：declare diff FILE --rev REV',
    needTwo: '需要两个文件（declare diff OLD NEW），或一个文件加 --rev REV',
    stdinBoth: '标准输入（-）只能用于一边',
    notYaml: (a: { label: string; line: number; column: number; message: string }) =>
      `无法比较：${a.label}:${a.line}:${a.column} 不是有效的 YAML（Y001 ${a.message}）。先修正它（declare validate ${a.label}）。`,
    revStdin: '--rev 不能用于标准输入',
    badRev: (a: { rev: string }) => `无效的 git 版本：${JSON.stringify(a.rev)}`,
    noGit: '找不到 git 命令：--rev 需要安装 git',
    noDirectory: (a: { file: string; dir: string }) => `无法读取 ${a.file}：目录 ${a.dir} 不存在`,
    notInRepo: (a: { file: string; detail: string }) => `${a.file} 不在 git 仓库中，不能用 --rev（${a.detail}）`,
    unknownRev: (a: { rev: string }) => `未知的 git 版本 ${a.rev}（可以是提交、分支或标签，例如 HEAD~1、main）`,
    notInRev: (a: { file: string; rev: string; detail: string }) => `版本 ${a.rev} 中没有 ${a.file}（${a.detail}）`,
  },
  en: {
    revOneFile: '--rev takes one file: declare diff FILE --rev REV',
    needTwo: 'give two files (declare diff OLD NEW), or one file and --rev REV',
    stdinBoth: 'standard input (-) can be only one side',
    notYaml: (a) => `cannot compare: ${a.label}:${a.line}:${a.column} is not valid YAML (Y001 ${a.message}); fix it first (declare validate ${a.label}).`,
    revStdin: '--rev cannot be used with standard input',
    badRev: (a) => `invalid git revision: ${JSON.stringify(a.rev)}`,
    noGit: 'git not found: --rev needs git installed',
    noDirectory: (a) => `cannot read ${a.file}: directory ${a.dir} does not exist`,
    notInRepo: (a) => `${a.file} is not in a git repository, so --rev cannot be used (${a.detail})`,
    unknownRev: (a) => `unknown git revision ${a.rev} (a commit, branch or tag, e.g. HEAD~1, main)`,
    notInRev: (a) => `${a.file} does not exist in revision ${a.rev} (${a.detail})`,
  },
});

/** rules.ts: the rule catalogue listing. */
export const rulesCliMessages = defineMessages({
  zh: {
    noRule: (a: { id: string; ids: string }) => `没有规则 ${a.id}。可用的规则：${a.ids}`,
    headId: '编号',
    headSeverity: '默认级别',
    headChecks: '检查内容',
    error: '错误',
    warning: '警告',
    footer: '\n用 declare rules <编号> 查看一条规则的说明。\n',
  },
  en: {
    noRule: (a) => `no rule ${a.id}. Rules: ${a.ids}`,
    headId: 'ID',
    headSeverity: 'severity',
    headChecks: 'checks',
    error: 'error',
    warning: 'warning',
    footer: '\nRun declare rules <ID> for a rule\'s documentation.\n',
  },
});

/** main.ts: commander's usage errors reworded (usageMessage), internal errors. */
export const usageMessages = defineMessages({
  zh: {
    didYouMean: (a: { options: string[] }) => `（是不是要写 ${a.options.join(' 或 ')}？）`,
    fileNameHint: (a: { flag: string }) => `。若这是文件名，请写成 ./${a.flag}，或放在 -- 之后（declare validate -- ${a.flag}）`,
    unknownOption: (a: { flag: string; mean: string; hint: string }) => `未知选项 ${a.flag}${a.mean}${a.hint}`,
    unknownCommand: (a: { command: string; mean: string }) => `未知命令 ${a.command}${a.mean}`,
    missingArgument: (a: { name: string }) => `缺少必需的参数 <${a.name}>`,
    optionMissingArgument: (a: { option: string }) => `选项 ${a.option} 缺少值`,
    allowedChoices: (a: { choices: string }) => `可选值：${a.choices}`,
    invalidArgument: (a: { option: string; value: string; why: string }) => `选项 ${a.option} 的值「${a.value}」无效：${a.why}`,
    excessArguments: (a: { command: string | undefined; expected: string; got: string }) =>
      `参数太多：${a.command ? `命令 ${a.command} ` : ''}最多接受 ${a.expected} 个参数，收到 ${a.got} 个`,
    internalError: (a: { message: string; stack: string | undefined }) =>
      `declare: 内部错误：${a.message}\n${a.stack !== undefined ? `${a.stack}\n` : '（加 --verbose 查看调用栈，并请报告此问题）\n'}`,
  },
  en: {
    didYouMean: (a) => ` (did you mean ${a.options.join(' or ')}?)`,
    fileNameHint: (a) => `; if it is a file name, write ./${a.flag} or put it after -- (declare validate -- ${a.flag})`,
    unknownOption: (a) => `unknown option '${a.flag}'${a.mean}${a.hint}`,
    unknownCommand: (a) => `unknown command '${a.command}'${a.mean}`,
    missingArgument: (a) => `missing required argument <${a.name}>`,
    optionMissingArgument: (a) => `option ${a.option} needs a value`,
    allowedChoices: (a) => `allowed: ${a.choices}`,
    invalidArgument: (a) => `option ${a.option}: invalid value '${a.value}': ${a.why}`,
    excessArguments: (a) => `too many arguments${a.command ? ` for ${a.command}` : ''}: expected at most ${a.expected}, got ${a.got}`,
    internalError: (a) =>
      `declare: internal error: ${a.message}\n${a.stack !== undefined ? `${a.stack}\n` : '(add --verbose for the stack trace, and please report it)\n'}`,
  },
});

/** init.ts */
export const initMessages = defineMessages({
  zh: {
    badLevel: (a: { levels: string }) => `--level 必须是 ${a.levels} 之一`,
    badYear: '--year 必须在 2000 到 2100 之间',
    controlInDepartment: (a: { department: string }) => `--department 含有控制字符（如换行）：${a.department}。部门名称只能是一行文字`,
    exists: (a: { file: string }) => `${a.file} 已存在，未覆盖。要覆盖请加 --force`,
    wrote: (a: { shown: string }) => `已生成 ${a.shown}。填写后运行：npx declare validate ${a.shown}\n`,
    schemaMissing: (a: { at: string }) => `编辑器提示：第一行引用 ${a.at}，它还不存在。运行 npx declare schema > ${a.at} 生成它（提交到仓库，同事的编辑器也能用）\n`,
  },
  en: {
    badLevel: (a) => `--level must be one of ${a.levels}`,
    badYear: '--year must be from 2000 to 2100',
    controlInDepartment: (a) => `--department contains a control character (such as a newline): ${a.department}; a department name is one line of text`,
    exists: (a) => `${a.file} exists and was not overwritten; add --force to overwrite`,
    wrote: (a) => `wrote ${a.shown}. Fill it in, then run: npx declare validate ${a.shown}\n`,
    schemaMissing: (a) =>
      `editor help: the first line refers to ${a.at}, which does not exist yet. Run npx declare schema > ${a.at} to create it (commit it, so colleagues' editors use it too)\n`,
  },
});

/** validate.ts */
export const validateMessages = defineMessages({
  zh: {
    tooManyWarnings: (a: { warnings: number; max: number }) => `declare: 警告 ${a.warnings} 个，超过 --max-warnings ${a.max}\n`,
  },
  en: {
    tooManyWarnings: (a) => `declare: ${a.warnings} warnings exceed --max-warnings ${a.max}\n`,
  },
});

/** cli/render.ts: the render command (the renderer's own messages are in render.ts). */
export const renderCliMessages = defineMessages({
  zh: {
    badEpoch: (a: { max: number; epoch: string }) => `SOURCE_DATE_EPOCH 应为 0 到 ${a.max} 之间的整数秒（Unix 时间，最晚 9999-12-31），而不是 ${JSON.stringify(a.epoch)}`,
    badTimeout: (a: { min: number; max: number; default: number; seconds: number }) =>
      `--timeout 应为 ${a.min} 到 ${a.max} 之间的整数秒（默认 ${a.default}），而不是 ${a.seconds}`,
    outDir: (a: { shown: string; code: string }) => `无法写入输出目录 ${a.shown}（${a.code}）：请检查路径是否是可写的目录，或换一个 --out。`,
    outputClosed: 'declare: 标准输出已关闭，已停止生成（已写出的文件是完整的）\n',
    noInputs: '请指定要生成的文件，例如 declare render examples/x.yaml --pdf',
    noStdin: 'render 不读标准输入：请给出文件路径（输出文件按输入文件命名）。',
    sameOutput: (a: { other: string; file: string; shown: string }) =>
      `${a.other} 和 ${a.file} 会写到同一个输出文件 ${a.shown}，${a.file} 未生成：请分开运行，或用不同的 --out。`,
    outputIsInput: (a: { file: string; shown: string }) => `${a.file} 的输出 ${a.shown} 会覆盖本次的一个输入文件，未生成：请用 --out 指定其他目录。`,
    refused: (a: { count: number }) => `declare: ${a.count} 个文件有错误，未生成（用 --force 可强制生成，每页将标注「未通过校验」）\n`,
    cannotRender: (a: { file: string; reason: string }) => `declare: 无法生成 ${a.file}：${a.reason}\n`,
    cannotWrite: (a: { shown: string; code: string }) => `无法写入 ${a.shown}（${a.code}）：请检查目录是否存在、是否可写`,
    timedOut: (a: { seconds: number }) => `超过 ${a.seconds} 秒仍未完成（可用 --timeout 调整）`,
    browserDidNotStart: (a: { browser: string; reason: string }) => `浏览器 ${a.browser} 无法启动：${a.reason}\n可用 --chrome 指定其他浏览器。`,
  },
  en: {
    badEpoch: (a) => `SOURCE_DATE_EPOCH must be whole seconds since the Unix epoch from 0 to ${a.max} (9999-12-31 at the latest), not ${JSON.stringify(a.epoch)}`,
    badTimeout: (a) => `--timeout must be whole seconds from ${a.min} to ${a.max} (default ${a.default}), not ${a.seconds}`,
    outDir: (a) => `cannot write to the output directory ${a.shown} (${a.code}): check that it is a writable directory, or pick another --out.`,
    outputClosed: 'declare: standard output was closed; rendering stopped (the files already written are complete)\n',
    noInputs: 'name the files to render, e.g. declare render examples/x.yaml --pdf',
    noStdin: 'render does not read standard input: give a file path (outputs are named after the input).',
    sameOutput: (a) => `${a.other} and ${a.file} would write the same output ${a.shown}; ${a.file} not rendered: render them separately or with different --out directories.`,
    outputIsInput: (a) => `the output ${a.shown} of ${a.file} would overwrite an input of this run; not rendered: pick another --out.`,
    refused: (a) => `declare: ${a.count} file(s) with errors not rendered (--force renders them, marked 「未通过校验」 on every page)\n`,
    cannotRender: (a) => `declare: cannot render ${a.file}: ${a.reason}\n`,
    cannotWrite: (a) => `cannot write ${a.shown} (${a.code}): check that the directory exists and is writable`,
    timedOut: (a) => `not done after ${a.seconds} s (see --timeout)`,
    browserDidNotStart: (a) => `the browser ${a.browser} did not start: ${a.reason}\nPick another one with --chrome.`,
  },
});
