/**
 * forms.md "More about an indicator": type / unit / direction / note on a 三级指标 are
 * accepted (enums checked), kept by fmt in the form's order, compared by diff, not printed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../review/helpers.js';
import { scratchDir } from '../helpers/scratch.js';

const base = readFileSync('test/fixtures/rules/valid-precision-4.yaml', 'utf8');
const withAttributes = base.replace(
  '      - name: 居民满意度\n        period: 不低于90%\n        annual: 不低于90%\n',
  '      - note: 抽样调查满意的人数占调查总人数的比例\n        direction: 正向\n        unit: "%"\n        type: 定量\n        name: 居民满意度\n        period: 不低于90%\n        annual: 不低于90%\n',
);
const write = (text: string) => {
  const file = path.join(scratchDir('declare-attrs-'), 'x.yaml');
  writeFileSync(file, text);
  return file;
};

describe('indicator attributes', () => {
  it('are accepted; a type or direction outside its values is S001 naming them', () => {
    expect(withAttributes).not.toBe(base);
    expect(run(['validate', write(withAttributes)]).code).toBe(0);
    const r = run(['validate', write(withAttributes.replace('type: 定量', 'type: 数量'))]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('S001');
    expect(r.stdout).toContain('定量、定性');
  });

  it('fmt writes them after name, period, annual in the form\'s order', () => {
    const file = write(withAttributes);
    expect(run(['fmt', file]).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('      - name: 居民满意度\n        period: 不低于90%\n        annual: 不低于90%\n        type: 定量\n        unit: "%"\n        direction: 正向\n        note: 抽样调查满意的人数占调查总人数的比例\n');
  });

  it('diff compares them and JSON carries them', () => {
    const r = run(['diff', '--format', 'json', write(withAttributes), write(withAttributes.replace('direction: 正向', 'direction: 反向'))]);
    const json = JSON.parse(r.stdout) as { indicators: { changed: { name: string; direction: string; texts: { field: string; old: string; new: string }[] }[] } };
    expect(json.indicators.changed).toHaveLength(1);
    expect(json.indicators.changed[0]!.direction).toBe('反向');
    expect(json.indicators.changed[0]!.texts).toEqual([{ field: 'direction', old: '正向', new: '反向' }]);
  });

  it('are not printed (the Guangzhou layout has no columns for them)', () => {
    const file = write(withAttributes);
    const out = path.dirname(file);
    expect(run(['render', '-o', out, file]).code).toBe(0);
    expect(readFileSync(path.join(out, 'x.html'), 'utf8')).not.toContain('抽样调查满意的人数');
  });
});
