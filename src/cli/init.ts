import { existsSync } from 'node:fs';
import { access } from 'node:fs/promises';
import { stringify } from 'yaml';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Lang } from '../diagnostic.js';
import { DEPARTMENT_FORM } from '../forms/department/definition.js';
import { LEVELS, type Level } from '../model/framework.js';
import { escapeText } from '../report/escape.js';
import { CliError } from './errors.js';
import { initMessages } from '../messages/cli.js';
import { writeAtomic } from './io.js';
import type { CliIo } from './main.js';

/** Where the committed JSON Schema lives in the package. */
export const SCHEMA_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'schema', 'declaration.schema.json');

/** Control characters (escape.ts's set): never part of a department name. */
const CONTROL = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/;

/**
 * The `$schema` reference the modeline gets (docs/editor.md "The modeline"). A path into
 * the installation directory works for the author only, so: the package's own schema when
 * it lies in the same repository as the file (this repository, or the package installed in
 * the project's node_modules); otherwise the documented copy at the repository's root,
 * `schema/declaration.schema.json` (created with `declare schema`). The repository is the
 * nearest directory with `.git` above the file, else the working directory. Either way the
 * path is relative to the file and never leaves the repository, so it works for everyone
 * who checks the repository out. `missing` names the copy when it does not exist yet.
 */
export function schemaReference(fileDir: string, cwd: string): { ref: string; missing?: string } {
  const root = repositoryRoot(fileDir) ?? (isInside(fileDir, cwd) ? cwd : fileDir);
  const rel = (to: string) => path.relative(fileDir, to).split(path.sep).join('/');
  if (isInside(SCHEMA_FILE, root)) return { ref: rel(SCHEMA_FILE) };
  const copy = path.join(root, 'schema', 'declaration.schema.json');
  return existsSync(copy) ? { ref: rel(copy) } : { ref: rel(copy), missing: copy };
}

function repositoryRoot(dir: string): string | undefined {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (existsSync(path.join(d, '.git'))) return d;
    if (path.dirname(d) === d) return undefined;
  }
}

function isInside(p: string, dir: string): boolean {
  const r = path.relative(dir, p);
  return r === '' || (!r.startsWith('..') && !path.isAbsolute(r));
}

/** Options of `declare init`. */
export interface InitOptions {
  year?: number;
  department?: string;
  level?: string;
  force?: boolean;
  lang: Lang;
}

/** A YAML scalar as `declare fmt` would write it: plain when that reads back as the same text. */
const q = (s: string) => (s === '' ? '""' : stringify(s, { lineWidth: 0 }).trimEnd());

/**
 * A commented template to complete (issue 4). Fields to fill are left empty, so that
 * validating the untouched template lists exactly what remains to be filled in.
 */
export function initTemplate(opts: { year: number; department?: string; level?: Level; schemaRef: string }): string {
  return `# yaml-language-server: $schema=${opts.schemaRef}
# ${DEPARTMENT_FORM.title}（declare init 生成）
# 填写所有标「填写」的项，然后运行：npx declare validate 本文件
# 金额单位：万元，最多两位小数，可写 1499.73 或 "1,499.73"。
version: 1
year: ${opts.year}                      # 预算年度
department: ${q(opts.department ?? '')}  # 部门名称${opts.department ? '' : '（填写）'}
level: ${opts.level ?? '区'}                        # 预算级次：省 市 区 县 镇
budget:                         # 预算整体情况
  expenditure:                  # 部门预算支出
    basic:                      # 基本支出（填写）
    project:                    # 项目支出（填写）
  development:                  # 事业发展性支出
    special: 0.00               # 财政专项资金
    other:                      # 其他事业发展性支出（填写，没有则写 0.00）
  income:                       # 收入来源（收入合计 = 支出合计）
    appropriation:              # 财政拨款（填写）
    other: 0.00                 # 其他资金
  allocation:                   # 按预算级次划分（合计 = 收入合计）
    own:                        # ${opts.level ?? '区'}本级使用资金（填写）
    transfer: 0.00              # 拟用于对下转移支付资金
goals:                          # 总体绩效目标：每项一段，打印时自动编号
  - ""                          # 填写
tasks:                          # 年度重点工作任务：每项一个任务
  - name: ""                    # 名称（填写）
    content: ""                 # 主要实施内容（填写）
    funds:                      # 拟投入的资金（万元）（填写；确无资金可留空，校验时会提示 M004）
    expected: ""                # 期望达到的目标（概述）（填写）
# other_tasks:                  # 其他需完成的任务（可选填）
#   - ……
indicators:                     # 绩效指标：一级指标 → 二级指标 → 三级指标
  产出指标:                     # 必填：数量、质量、时效、成本指标
    数量指标:
      - name: ""                # 三级指标（填写）
        period: ""              # 实施周期指标值，要有数字，如 不少于10场（填写）
        annual: ""              # 年度指标值（填写）
  效益指标:                     # 必填：经济效益、社会效益、生态效益、可持续影响指标
    社会效益指标:
      - name: ""
        period: ""
        annual: ""
  满意度指标:
    服务对象满意度指标:
      - name: 服务对象满意度
        period: 不低于90%
        annual: 不低于90%
`;
}

/** `declare init [FILE]`: write the template (never over an existing file without --force). */
export async function runInit(file: string | undefined, opts: InitOptions, io: CliIo): Promise<number> {
  const m = initMessages(opts.lang);
  if (opts.level !== undefined && !(LEVELS as readonly string[]).includes(opts.level)) {
    throw new CliError(m.badLevel({ levels: LEVELS.join(' ') }));
  }
  if (opts.year !== undefined && (opts.year < 2000 || opts.year > 2100)) {
    throw new CliError(m.badYear);
  }
  if (opts.department !== undefined && CONTROL.test(opts.department)) {
    // A newline (or any control character) has no place in a name and would break the file.
    throw new CliError(m.controlInDepartment({ department: opts.department }));
  }
  const year = opts.year ?? new Date().getFullYear() + 1;
  const target = file === undefined ? undefined : path.resolve(io.cwd, file);
  const schema = schemaReference(target ? path.dirname(target) : io.cwd, io.cwd);
  const text = initTemplate({ year, department: opts.department, level: opts.level as Level | undefined, schemaRef: schema.ref });
  if (!target) {
    io.stdout(text);
    return 0;
  }
  const exists = await access(target).then(() => true, () => false);
  if (exists && !opts.force) {
    throw new CliError(m.exists({ file: file! }));
  }
  await writeAtomic(target, text, opts.lang);
  const shown = escapeText(file!);
  io.stderr(m.wrote({ shown }));
  if (schema.missing !== undefined) {
    const at = escapeText(path.relative(io.cwd, schema.missing) || schema.missing);
    io.stderr(m.schemaMissing({ at }));
  }
  return 0;
}
