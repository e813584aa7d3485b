import type { z } from 'zod';
import type { DataPath } from '../diagnostic.js';
import { isScalarValue } from '../load/scalar.js';
import type { Finding } from './rule.js';
import type { Declaration, PartialDeclaration } from '../model/declaration.js';
import { childKeys, patternOf } from '../model/fields.js';
import { FRAMEWORK, LEVEL1, LEVEL2_PARENT, isLevel1 } from '../model/framework.js';
import { readValid, strictSchemaOf, toDeclaration, toPartial, type FieldTable, type IssueParams } from '../model/schema.js';
import { suggest } from '../model/suggest.js';

/**
 * The schema step (load → schema → rules): the form's strict schema over the loader's tree,
 * its issues turned into S001 / S002 / S003 findings, and the valid parts for the M and R
 * rules. In rules/ because it makes rule findings (model/ knows no rules).
 */

/** The schema step's result. */
export interface Structure {
  /** S001 / S002 / S003 findings, all of them */
  findings: Finding[];
  /** the declaration, when the schema passed completely */
  declaration?: Declaration;
  /** the valid parts, always */
  partial: PartialDeclaration;
  /** top-level keys whose whole subtree passed */
  complete: Set<string>;
}

/** Validate the loader's tree against a form's field table (format.md, forms.md). */
export function validateStructure(value: unknown, table: FieldTable): Structure {
  if (value === undefined || (isScalarValue(value) && value.value === null)) {
    return { findings: [{ rule: 'S001', path: [], args: { kind: 'empty-file' } }], partial: {}, complete: new Set() };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value) || isScalarValue(value)) {
    return { findings: [{ rule: 'S001', path: [], args: { kind: 'root-type' } }], partial: {}, complete: new Set() };
  }
  const strict = strictSchemaOf(table).safeParse(value);
  const complete = new Set(Object.keys(value));
  if (strict.success) {
    // A valid file is its own partial declaration: no second (lenient) pass needed.
    const declaration = toDeclaration(strict.data);
    return { findings: [], declaration, partial: declaration as PartialDeclaration, complete };
  }
  const partial = toPartial(readValid(table, value));
  const findings: Finding[] = [];
  // The row 「<level>本级使用资金」 is named after the level (format.md), in messages too.
  const level = typeof partial.level === 'string' ? partial.level : undefined;
  for (const iss of strict.error.issues) {
    const first = iss.path[0];
    if (first !== undefined) complete.delete(String(first));
    else complete.clear();
    for (const f of toFindings(iss, value, table)) findings.push(!level ? f : f.rule === 'S001' ? { ...f, args: { ...f.args, level } } : f.rule === 'S002' ? { ...f, args: { ...f.args, level } } : f);
  }
  // A misspelt 二级指标 that is the only child: S003 says it all; "needs at least one
  // 二级指标" on top would be the same mistake twice.
  const misplaced = new Set(findings.filter((f) => f.rule === 'S003').map((f) => f.path.slice(0, -1).join('\u0000')));
  return {
    findings: findings.filter((f) => !(f.rule === 'S001' && f.args.kind === 'empty-level1' && misplaced.has(f.path.join('\u0000')))),
    partial,
    complete,
  };
}

function rawAt(root: unknown, path: DataPath): { exists: boolean; value: unknown } {
  let cur: unknown = root;
  for (const seg of path) {
    if (Array.isArray(cur) && typeof seg === 'number' && seg < cur.length) cur = cur[seg];
    else if (cur && typeof cur === 'object' && !Array.isArray(cur) && !isScalarValue(cur) && Object.hasOwn(cur, seg)) {
      cur = (cur as Record<string, unknown>)[String(seg)];
    } else return { exists: false, value: undefined };
  }
  return { exists: true, value: cur };
}

function toFindings(iss: z.core.$ZodIssue, root: unknown, table: FieldTable): Finding[] {
  const path = iss.path.map((p) => (typeof p === 'number' ? p : String(p)));
  if (iss.code === 'unrecognized_keys') {
    return iss.keys.map((key) => unknownKey(path, key, table));
  }
  const raw = rawAt(root, path);
  if (!raw.exists) return [{ rule: 'S001', path, args: { kind: 'missing' } }];
  const isNull = isScalarValue(raw.value) && raw.value.value === null;
  if (iss.code === 'custom') {
    const params = (iss.params ?? {}) as Partial<IssueParams>;
    switch (params.kind) {
      case 'amount':
        return [{ rule: 'S002', path, args: { problem: params.problem ?? 'not-a-number', source: params.source ?? '' } }];
      case 'empty-text':
        return [{ rule: 'S001', path, args: { kind: 'empty-text' } }];
      case 'version':
      case 'year':
        return [{ rule: 'S001', path, args: { kind: params.kind, source: params.source ?? '' } }];
      case 'enum':
        return [{ rule: 'S001', path, args: { kind: 'enum', source: params.source ?? '', allowed: params.allowed ?? '' } }];
      case 'empty-mapping':
        return [{ rule: 'S001', path, atKey: true, args: { kind: 'empty-level1' } }];
      default:
        if (isNull) return [params.expect === 'amount' ? { rule: 'S002', path, args: { problem: 'empty', source: '' } } : { rule: 'S001', path, args: { kind: 'empty', expect: params.expect ?? 'text' } }];
        return [{ rule: 'S001', path, args: { kind: 'type', expect: params.expect ?? 'text', actual: describe(raw.value) } }];
    }
  }
  if (iss.code === 'too_small') return [{ rule: 'S001', path, atKey: true, args: { kind: 'empty-list' } }];
  if (iss.code === 'invalid_type') {
    const expect = iss.expected === 'array' ? 'list' : iss.expected === 'object' ? 'mapping' : 'text';
    if (isNull) return [{ rule: 'S001', path, atKey: true, args: { kind: 'empty', expect } }];
    return [{ rule: 'S001', path, atKey: true, args: { kind: 'type', expect, actual: describe(raw.value) } }];
  }
  return [{ rule: 'S001', path, args: { kind: 'type', expect: 'text', actual: describe(raw.value) } }];
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return 'list';
  if (isScalarValue(v)) return v.value === null ? 'empty' : typeof v.value === 'string' ? 'text' : typeof v.value;
  if (v && typeof v === 'object') return 'mapping';
  return 'empty';
}

/** An unknown key: S003 inside the indicator framework, S001 elsewhere; with a hint. */
function unknownKey(parent: DataPath, key: string, table: FieldTable): Finding {
  const path = [...parent, key];
  if (parent.length === 1 && parent[0] === 'indicators') {
    const belongs = LEVEL2_PARENT.get(key);
    if (belongs) return { rule: 'S003', path, atKey: true, args: { kind: 'level2-at-top', key, belongs } };
    const hint = suggest(key, LEVEL1) ?? suggest(key, [...LEVEL2_PARENT.keys()]);
    return { rule: 'S003', path, atKey: true, args: { kind: 'unknown-level1', key, ...(hint ? { suggestion: hint } : {}) } };
  }
  if (parent.length === 2 && parent[0] === 'indicators' && typeof parent[1] === 'string' && isLevel1(parent[1])) {
    const l1 = parent[1];
    const belongs = LEVEL2_PARENT.get(key);
    if (belongs && belongs !== l1) return { rule: 'S003', path, atKey: true, args: { kind: 'wrong-level1', key, level1: l1, belongs } };
    const hint = suggest(key, FRAMEWORK[l1]) ?? suggest(key, [...LEVEL2_PARENT.keys()]);
    return { rule: 'S003', path, atKey: true, args: { kind: 'unknown-level2', key, level1: l1, ...(hint ? { suggestion: hint } : {}) } };
  }
  const pattern = patternOf(parent);
  const hint = suggest(key, childKeys(table.fields, pattern), table.fields, pattern);
  return { rule: 'S001', path, atKey: true, args: { kind: 'unknown-key', key, ...(hint ? { suggestion: hint } : {}) } };
}
