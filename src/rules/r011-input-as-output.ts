import { defineMessages } from '../messages/catalogue.js';
import { indicatorsOf } from './text.js';
import { defineRule, type FindingOf } from './rule.js';

/** Words that say the indicator is about money (the budget's own funds). */
const MONEY = /资金|经费|预算|支出|款项|拨款|财政/;
/**
 * How money is spent or how fast: a pace (到位率, 执行率, 支付率, 进度 …) or the amount
 * itself (安排金额, 支出金额 …). Inputs, not what the money produces.
 */
const PACE = /到位率|执行率|支付率|拨付率|支出率|使用率|进度|执行数|到位情况/;
const AMOUNT = /金额|额度|数额|规模|投入/;

/** R011's message arguments (also in `--format json`). */
export type R011Args = { name: string; level2: string };

const messages = defineMessages({
  zh: {
    input: (a: R011Args) => `产出指标「${a.level2}」下的「${a.name}」衡量的是资金投入（钱拨了多少、花得多快），不是产出：请改为这笔钱办成的事（如 完成场次、覆盖人数、验收合格率）`,
  },
  en: {
    input: (a) => `"${a.name}" under 产出指标 → ${a.level2} measures the money put in (how much, how fast), not an output: state what the money achieves (events held, people reached, pass rate)`,
  },
});

export const R011 = defineRule<R011Args>()({
  id: 'R011',
  severity: 'warning',
  title: { zh: '把资金投入当作产出指标', en: 'an input posing as an output' },
  check({ decl }) {
    const out: FindingOf<'R011', R011Args>[] = [];
    for (const ind of indicatorsOf(decl)) {
      if (ind.level1 !== '产出指标' || typeof ind.name !== 'string') continue;
      const name = ind.name;
      if (!MONEY.test(name)) continue;
      // Under 成本指标 an amount is the point (成本控制数 ≤ 50万元); the pace of spending is
      // still an input there (预算执行率 is no cost).
      const input = PACE.test(name) || (ind.level2 !== '成本指标' && AMOUNT.test(name));
      if (input) out.push({ rule: 'R011', path: [...ind.path, 'name'], args: { name, level2: ind.level2 } });
    }
    return out;
  },
  message({ args }, lang) {
    return messages(lang).input(args);
  },
  docs: {
    what: {
      zh: '产出指标下的三级指标衡量的是资金本身或支出进度时提示：名称同时含有资金类词语（资金、经费、预算、支出、拨款……）和到位率、执行率、支付率、拨付率、进度、金额、投入等。成本指标下的金额（成本控制数）不提示，但预算执行率之类的支出进度仍提示。',
      en: 'Flags a level-3 indicator under 产出指标 that measures the money itself or the pace of spending: its name has a money word (资金, 经费, 预算, 支出, 拨款 …) and 到位率, 执行率, 支付率, 拨付率, 进度, 金额, 投入 or the like. An amount under 成本指标 (a cost ceiling) is not flagged; the pace of spending (预算执行率) still is.',
    },
    why: {
      zh: '产出指标要说明用这笔钱提供了什么产品和服务；资金到位率、预算执行率、支出安排金额是投入和过程，不是绩效目标（资金执行情况另有预算执行监控）。',
      en: 'Output indicators say what the money provides; 资金到位率, 预算执行率 or the amount budgeted are inputs and process, not performance targets (budget execution is monitored separately).',
    },
    source: '《中央部门项目支出核心绩效目标和指标设置及取值指引（试行）》（财预〔2021〕101号，绩效目标为“预期达到的产出和效果”，已核对；为中央部门项目支出制定，不是区级部门整体表）；把投入排除在产出指标之外为审核惯例，未找到逐字规定',
    failing: '产出指标:\n  质量指标:\n    - name: 业务工作支出到位率\n      period: 100%\n      annual: 100%\n',
    fixed: '产出指标:\n  质量指标:\n    - name: 价格认定结论采纳率\n      period: 不低于95%\n      annual: 不低于95%\n',
    limits: {
      zh: '只看名称中的词语：把钱发到个人手中本身就是产出的补贴类项目（如 补贴资金发放到位率）也会提示，可用抑制注释说明理由；名称里没有资金类词语的投入指标（如 到位率 单独出现）不会被发现。',
      en: 'Reads only the words of the name: for subsidy programmes, where money reaching people is the output itself (补贴资金发放到位率), it still warns — suppress it with a reason; an input whose name has no money word (到位率 alone) is missed.',
    },
  },
});
