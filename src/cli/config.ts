import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import picomatch from 'picomatch';
import { isMap, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import type { Lang, Severity } from '../diagnostic.js';
import { Positions } from '../load/positions.js';
import { LOCKED_RULES, isFixedSeverity, ruleById } from '../rules/index.js';
import type { RuleOptions } from '../rules/rule.js';
import { CliError } from './errors.js';

/**
 * declare.config.yaml (issue 4): per-rule severity, rule options, per-path overrides.
 *
 *   rules:
 *     R002: off              # off | warning | error (Y, S, M001, M002 stay errors)
 *   options:
 *     satisfactionThreshold: 90   # R004, percent
 *   overrides:
 *     - files: ["legacy/**\/*.yaml"]   # globs relative to this file's directory
 *       rules: { R007: off }
 *
 * Found from each checked file's directory upwards; `--config FILE` replaces the search;
 * `--strict` skips the search (only `--config FILE` is read). A rule set to `off` still
 * runs and its diagnostics are reported as suppressed, naming this file. A bad
 * configuration is a tool failure (exit 2) with its own file:line:column; so is one that
 * tries to turn off or lower M001/M002 (docs/SECURITY.md "Who may silence a check").
 */

/** Effective configuration for one file. */
export interface LoadedConfig {
  /** per-rule severity */
  severities: Record<string, Severity | 'off'>;
  /** rule thresholds */
  ruleOptions: Partial<RuleOptions>;
  /** the configuration file, as shown to the user; absent when none applies */
  file?: string;
}

/** A parsed configuration file. */
interface ConfigFile {
  dir: string;
  shown: string;
  base: LoadedConfig;
  overrides: { match: (rel: string) => boolean; config: LoadedConfig }[];
}

export const CONFIG_NAMES = ['declare.config.yaml', 'declare.config.yml'];

const EMPTY: LoadedConfig = { severities: {}, ruleOptions: {} };

/** Configuration for one checked file (absolute path). */
export async function configFor(
  file: string,
  cwd: string,
  explicit: string | undefined,
  lang: Lang,
  cache: Map<string, unknown>,
  strict = false,
): Promise<LoadedConfig> {
  let configPath: string | undefined;
  if (explicit !== undefined) configPath = path.resolve(cwd, explicit);
  // --strict: a configuration found beside the file is written by whoever wrote the file.
  else if (strict) return EMPTY;
  else configPath = await findUp(path.dirname(file), cache);
  if (!configPath) return EMPTY;
  const key = `file:${configPath}`;
  let parsed = cache.get(key) as ConfigFile | undefined;
  if (!parsed) {
    parsed = await readConfig(configPath, path.relative(cwd, configPath) || configPath, lang);
    cache.set(key, parsed);
  }
  const rel = path.relative(parsed.dir, file).split(path.sep).join('/');
  let result: LoadedConfig = { ...parsed.base, file: parsed.shown };
  for (const o of parsed.overrides) {
    if (o.match(rel)) {
      result = {
        severities: { ...result.severities, ...o.config.severities },
        ruleOptions: { ...result.ruleOptions, ...o.config.ruleOptions },
        file: parsed.shown,
      };
    }
  }
  return result;
}

async function findUp(dir: string, cache: Map<string, unknown>): Promise<string | undefined> {
  const key = `dir:${dir}`;
  if (cache.has(key)) return cache.get(key) as string | undefined;
  let found: string | undefined;
  for (const name of CONFIG_NAMES) {
    const candidate = path.join(dir, name);
    // stat, not open: opening a FIFO named declare.config.yaml would wait forever.
    if (await stat(candidate).then(() => true, () => false)) {
      found = candidate;
      break;
    }
  }
  if (!found) {
    const parent = path.dirname(dir);
    found = parent === dir ? undefined : await findUp(parent, cache);
  }
  cache.set(key, found);
  return found;
}

async function readConfig(absolute: string, file: string, lang: Lang): Promise<ConfigFile> {
  let text: string;
  try {
    const st = await stat(absolute);
    // `--config /dev/null` is the usual way to say "no configuration".
    if (!st.isFile() && !(st.isCharacterDevice() && (await realpath(absolute)) === '/dev/null')) {
      throw new CliError(lang === 'zh'
        ? `无法读取配置文件 ${file}：它不是普通文件（${st.isDirectory() ? '目录' : '管道、套接字或设备'}）`
        : `cannot read configuration ${file}: not a regular file (${st.isDirectory() ? 'a directory' : 'a pipe, socket or device'})`);
    }
    text = await readFile(absolute, 'utf8');
  } catch (err) {
    if (err instanceof CliError) throw err;
    const code = (err as { code?: string }).code ?? '';
    throw new CliError(lang === 'zh' ? `无法读取配置文件 ${file}（${code}）` : `cannot read configuration ${file} (${code})`, { cause: err });
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const positions = new Positions(text);
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const fail = (node: unknown, zh: string, en: string): never => {
    const r = (node as { range?: [number, number] } | null)?.range ?? [0, 0];
    const at = positions.at(r[0]);
    throw new CliError(`${file}:${at.line}:${at.column}: ${lang === 'zh' ? `配置错误：${zh}` : `configuration error: ${en}`}`);
  };
  const err = doc.errors[0];
  if (err) {
    const at = positions.at(err.pos[0]);
    throw new CliError(`${file}:${at.line}:${at.column}: ${lang === 'zh' ? '配置文件不是有效的 YAML' : 'the configuration is not valid YAML'} (${err.message.split('\n')[0]})`);
  }
  const root = doc.contents;
  const dir = path.dirname(absolute);
  if (root === null || (isScalar(root) && root.value === null)) return { dir, shown: file, base: EMPTY, overrides: [] };
  if (!isMap(root)) fail(root, '顶层必须是映射（rules / options / overrides）', 'the top level must be a mapping (rules / options / overrides)');
  const base: LoadedConfig = { severities: {}, ruleOptions: {} };
  const overrides: ConfigFile['overrides'] = [];
  for (const pair of (root as { items: { key: unknown; value: unknown }[] }).items) {
    const k = keyOf(pair.key);
    if (k === 'rules') base.severities = readRules(pair.value, fail);
    else if (k === 'options') base.ruleOptions = readOptions(pair.value, fail);
    else if (k === 'overrides') {
      if (!isSeq(pair.value)) fail(pair.value ?? pair.key, 'overrides 必须是列表', 'overrides must be a list');
      for (const item of (pair.value as { items: unknown[] }).items) overrides.push(readOverride(item, fail));
    } else fail(pair.key, `未知的键「${k}」，可用：rules、options、overrides`, `unknown key "${k}"; use rules, options, overrides`);
  }
  void (doc as Document);
  return { dir, shown: file, base, overrides };
}

type Fail = (node: unknown, zh: string, en: string) => never;

function keyOf(node: unknown): string {
  return isScalar(node) ? String(node.value) : '';
}

function readRules(node: unknown, fail: Fail): Record<string, Severity | 'off'> {
  const out: Record<string, Severity | 'off'> = {};
  if (node === null || (isScalar(node) && node.value === null)) return out;
  if (!isMap(node)) fail(node, 'rules 必须是 “规则编号: off | warning | error” 的映射', 'rules must map rule IDs to off | warning | error');
  for (const pair of (node as { items: { key: unknown; value: unknown }[] }).items) {
    const id = keyOf(pair.key).toUpperCase();
    if (!ruleById(id)) fail(pair.key, `没有规则 ${keyOf(pair.key)}`, `no rule ${keyOf(pair.key)}`);
    const raw = isScalar(pair.value) ? String(pair.value.value) : '';
    const v = raw === 'warn' ? 'warning' : raw;
    if (v !== 'off' && v !== 'warning' && v !== 'error') fail(pair.value ?? pair.key, `${id} 的级别必须是 off、warning 或 error`, `the severity of ${id} must be off, warning or error`);
    if (isFixedSeverity(id) && v !== 'error') fail(pair.value, `${id} 是 YAML / 结构规则，始终是错误，不能修改`, `${id} is a YAML/structure rule and always an error`);
    if (LOCKED_RULES.includes(id) && v !== 'error') {
      fail(pair.value,
        `${id} 是算术规则（支出与收入、资金分配），算术错误会使申报表本身错误，不能关闭或降为警告：请删除 rules 中的 ${keyOf(pair.key)}`,
        `${id} is an arithmetic rule: an arithmetic error makes the form itself wrong, so it cannot be turned off or lowered; remove ${keyOf(pair.key)} from rules`);
    }
    out[id] = v as Severity | 'off';
  }
  return out;
}

function readOptions(node: unknown, fail: Fail): Partial<RuleOptions> {
  const out: Partial<RuleOptions> = {};
  if (node === null || (isScalar(node) && node.value === null)) return out;
  if (!isMap(node)) fail(node, 'options 必须是映射', 'options must be a mapping');
  for (const pair of (node as { items: { key: unknown; value: unknown }[] }).items) {
    const k = keyOf(pair.key);
    if (k !== 'satisfactionThreshold') fail(pair.key, `未知的选项「${k}」，可用：satisfactionThreshold`, `unknown option "${k}"; use satisfactionThreshold`);
    const v = isScalar(pair.value) ? pair.value.value : undefined;
    if (typeof v !== 'number' || !(v >= 0 && v <= 100)) fail(pair.value ?? pair.key, 'satisfactionThreshold 必须是 0 到 100 之间的数（百分比）', 'satisfactionThreshold must be a number from 0 to 100 (percent)');
    out.satisfactionThreshold = v as number;
  }
  return out;
}

function readOverride(node: unknown, fail: Fail): ConfigFile['overrides'][number] {
  if (!isMap(node)) fail(node, 'overrides 的每一项必须是映射（files、rules、options）', 'each override must be a mapping (files, rules, options)');
  let globs: string[] | undefined;
  const config: LoadedConfig = { severities: {}, ruleOptions: {} };
  for (const pair of (node as { items: { key: unknown; value: unknown }[] }).items) {
    const k = keyOf(pair.key);
    if (k === 'files') {
      const v = pair.value as Node;
      if (isScalar(v) && typeof v.value === 'string') globs = [v.value];
      else if (isSeq(v) && v.items.every((i) => isScalar(i) && typeof i.value === 'string')) globs = v.items.map((i) => String((i as { value: unknown }).value));
      else fail(v ?? pair.key, 'files 必须是通配符或通配符列表', 'files must be a glob or a list of globs');
    } else if (k === 'rules') config.severities = readRules(pair.value, fail);
    else if (k === 'options') config.ruleOptions = readOptions(pair.value, fail);
    else fail(pair.key, `未知的键「${k}」，可用：files、rules、options`, `unknown key "${k}"; use files, rules, options`);
  }
  if (!globs || globs.length === 0) fail(node, '每个 override 都需要 files', 'each override needs files');
  const match = picomatch(globs!, { dot: true });
  return { match, config };
}
