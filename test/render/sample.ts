import { Decimal } from 'decimal.js';
import type { Declaration } from '../../src/model/declaration.js';

const d = (s: string) => new Decimal(s);

/** A small complete declaration, built directly (no YAML), indicators deliberately out of order. */
export function sampleDeclaration(): Declaration {
  return {
    version: 1,
    year: 2023,
    department: '中国共产党广州市花都区委员会宣传部',
    level: '区',
    budget: {
      expenditure: { basic: d('1499.73'), project: d('1354.87') },
      development: { special: d('0.00'), other: d('942.46') },
      income: { appropriation: d('3797.06'), other: d('0') },
      allocation: { own: d('3707.06'), transfer: d('90.00') },
    },
    goals: ['高举思想旗帜。', '做好风险防控。'],
    tasks: [
      { name: '任务一', content: '内容一', funds: null, expected: '目标一' },
      { name: '任务二', content: '内容二\n第二行', funds: d('50'), expected: '目标二' },
    ],
    other_tasks: [],
    indicators: {
      满意度指标: { 服务对象满意度指标: [{ name: '满意一', period: '≥90%', annual: '≥90%' }] },
      效益指标: {
        可持续影响指标: [{ name: '持续一', period: 'p', annual: 'a' }],
        社会效益指标: [{ name: '社会一', period: 'p', annual: 'a' }],
      },
      产出指标: {
        时效指标: [{ name: '时效一', period: 'p', annual: 'a' }],
        数量指标: [
          { name: '数量一', period: 'p', annual: 'a' },
          { name: '数量二', period: 'p', annual: 'a' },
        ],
      },
    },
  };
}
