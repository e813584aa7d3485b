import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import picomatch from 'picomatch';
import { isMap, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import type { Lang, Severity } from '../diagnostic.js';
import { Positions } from '../load/positions.js';
import { LOCKED_RULES, isFixedSeverity, ruleById } from '../rules/index.js';
import type { RuleOptions } from '../rules/rule.js';
import { CliError } from './errors.js';
import { configMessages } from '../messages/cli.js';

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
      throw new CliError(configMessages(lang).notRegular({ file, directory: st.isDirectory() }));
    }
    text = await readFile(absolute, 'utf8');
  } catch (err) {
    if (err instanceof CliError) throw err;
    const code = (err as { code?: string }).code ?? '';
    throw new CliError(configMessages(lang).unreadable({ file, code }), { cause: err });
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const positions = new Positions(text);
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const cm = configMessages(lang);
  const fail: Fail = (node, text) => {
    const r = (node as { range?: [number, number] } | null)?.range ?? [0, 0];
    const at = positions.at(r[0]);
    throw new CliError(`${file}:${at.line}:${at.column}: ${cm.error({ text: text(cm) })}`);
  };
  const err = doc.errors[0];
  if (err) {
    const at = positions.at(err.pos[0]);
    throw new CliError(`${file}:${at.line}:${at.column}: ${cm.notYaml} (${err.message.split('\n')[0]})`);
  }
  const root = doc.contents;
  const dir = path.dirname(absolute);
  if (root === null || (isScalar(root) && root.value === null)) return { dir, shown: file, base: EMPTY, overrides: [] };
  if (!isMap(root)) fail(root, (m) => m.topLevel);
  const base: LoadedConfig = { severities: {}, ruleOptions: {} };
  const overrides: ConfigFile['overrides'] = [];
  for (const pair of (root as { items: { key: unknown; value: unknown }[] }).items) {
    const k = keyOf(pair.key);
    if (k === 'rules') base.severities = readRules(pair.value, fail);
    else if (k === 'options') base.ruleOptions = readOptions(pair.value, fail);
    else if (k === 'overrides') {
      if (!isSeq(pair.value)) fail(pair.value ?? pair.key, (m) => m.overridesList);
      for (const item of (pair.value as { items: unknown[] }).items) overrides.push(readOverride(item, fail));
    } else fail(pair.key, (m) => m.unknownKey({ key: k }));
  }
  void (doc as Document);
  return { dir, shown: file, base, overrides };
}

/** Fail at a node of the configuration, with a message of configMessages. */
type Fail = (node: unknown, text: (m: ReturnType<typeof configMessages>) => string) => never;

function keyOf(node: unknown): string {
  return isScalar(node) ? String(node.value) : '';
}

function readRules(node: unknown, fail: Fail): Record<string, Severity | 'off'> {
  const out: Record<string, Severity | 'off'> = {};
  if (node === null || (isScalar(node) && node.value === null)) return out;
  if (!isMap(node)) fail(node, (m) => m.rulesMapping);
  for (const pair of (node as { items: { key: unknown; value: unknown }[] }).items) {
    const id = keyOf(pair.key).toUpperCase();
    if (!ruleById(id)) fail(pair.key, (m) => m.noRule({ id: keyOf(pair.key) }));
    const raw = isScalar(pair.value) ? String(pair.value.value) : '';
    const v = raw === 'warn' ? 'warning' : raw;
    if (v !== 'off' && v !== 'warning' && v !== 'error') fail(pair.value ?? pair.key, (m) => m.badSeverity({ id }));
    if (isFixedSeverity(id) && v !== 'error') fail(pair.value, (m) => m.fixedSeverity({ id }));
    if (LOCKED_RULES.includes(id) && v !== 'error') {
      fail(pair.value, (m) => m.lockedRule({ id, key: keyOf(pair.key) }));
    }
    out[id] = v as Severity | 'off';
  }
  return out;
}

function readOptions(node: unknown, fail: Fail): Partial<RuleOptions> {
  const out: Partial<RuleOptions> = {};
  if (node === null || (isScalar(node) && node.value === null)) return out;
  if (!isMap(node)) fail(node, (m) => m.optionsMapping);
  for (const pair of (node as { items: { key: unknown; value: unknown }[] }).items) {
    const k = keyOf(pair.key);
    if (k !== 'satisfactionThreshold') fail(pair.key, (m) => m.unknownOption({ key: k }));
    const v = isScalar(pair.value) ? pair.value.value : undefined;
    if (typeof v !== 'number' || !(v >= 0 && v <= 100)) fail(pair.value ?? pair.key, (m) => m.badThreshold);
    out.satisfactionThreshold = v as number;
  }
  return out;
}

function readOverride(node: unknown, fail: Fail): ConfigFile['overrides'][number] {
  if (!isMap(node)) fail(node, (m) => m.overrideMapping);
  let globs: string[] | undefined;
  const config: LoadedConfig = { severities: {}, ruleOptions: {} };
  for (const pair of (node as { items: { key: unknown; value: unknown }[] }).items) {
    const k = keyOf(pair.key);
    if (k === 'files') {
      const v = pair.value as Node;
      if (isScalar(v) && typeof v.value === 'string') globs = [v.value];
      else if (isSeq(v) && v.items.every((i) => isScalar(i) && typeof i.value === 'string')) globs = v.items.map((i) => String((i as { value: unknown }).value));
      else fail(v ?? pair.key, (m) => m.filesGlobs);
    } else if (k === 'rules') config.severities = readRules(pair.value, fail);
    else if (k === 'options') config.ruleOptions = readOptions(pair.value, fail);
    else fail(pair.key, (m) => m.unknownOverrideKey({ key: k }));
  }
  if (!globs || globs.length === 0) fail(node, (m) => m.overrideNeedsFiles);
  const match = picomatch(globs!, { dot: true });
  return { match, config };
}
