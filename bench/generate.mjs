#!/usr/bin/env node
/**
 * Synthetic declarations for the benchmarks (issue 6): realistic 部门整体预算绩效目标申报表
 * YAML files from the size of the seed (examples/huadu-propaganda-2023.yaml: 4 tasks,
 * 7 三级指标, ~11 KB) up to ten times it (40 tasks, 70+ 三级指标, long texts, ~110 KB).
 *
 * Deterministic: the same (index, options) give the same bytes, so every run of the
 * bench measures the same corpus. Every generated file validates with 0 errors (the
 * budget arithmetic holds exactly, in cents; task funds stay within 项目支出 +
 * 事业发展性支出; names are unique), so `declare render` prints them all; the usual
 * warnings of real files (a task without funds, no 满意度指标) appear in some.
 *
 *   node bench/generate.mjs OUTDIR COUNT [--scale N]   # N fixed, else the mix below
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** mulberry32: a small, fast, seedable PRNG. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PLACES = ['花都', '狮岭', '新华', '秀全', '新雅', '花城', '花东', '炭步', '赤坭', '梯面', '从化', '增城', '番禺', '南沙', '白云', '黄埔'];
const DEPTS = [
  ['中国共产党广州市花都区委员会宣传部', '区'],
  ['广州市花都区文化广电旅游体育局', '区'],
  ['广州市花都区教育局', '区'],
  ['广州市花都区卫生健康局', '区'],
  ['广州市体育局', '市'],
  ['广州市民政局', '市'],
  ['广东省农业农村厅', '省'],
  ['广州市花都区狮岭镇人民政府', '镇'],
  ['广州市花都区炭步镇人民政府', '镇'],
  ['从化县交通运输局', '县'],
];
const VERBS = ['持续深化', '扎实推进', '全面加强', '积极开展', '加快推进', '统筹做好', '不断完善', '大力实施', '深入开展', '认真落实', '稳步推进', '着力提升'];
const OBJECTS = [
  '文明城市、文明村镇、文明单位建设', '新时代文明实践中心（所、站）建设', '公共文化服务体系建设', '全民健身设施建设',
  '农村人居环境整治提升', '基层综合治理和安全生产', '网络文明传播活动', '红色革命遗址保护利用', '重点文旅项目建设',
  '社区体育公园建设', '青少年体育联赛', '公共图书馆评估定级工作', '文物平安工程', '融媒体中心建设',
  '志愿服务项目大赛', '意识形态领域风险防控', '“我们的节日”主题活动', '群众性精神文明创建', '理论政策宣讲',
  '农村生活污水治理', '垃圾分类和村道路灯建设', '电商直播培训', '皮革皮具产业转型升级', '版权社会服务',
];
const CLAUSES = [
  '加大日常巡查督查力度，解决重点难点问题', '形成一批可复制可推广的经验做法', '广泛动员社会力量参与',
  '完善工作机制和考核办法', '推动资源向基层倾斜', '提升群众的获得感和幸福感', '强化资金使用绩效管理',
  '做好宣传报道和舆论引导', '加强部门协同和上下联动', '建立问题清单和整改台账', '按期完成年度建设任务',
  '邀请专业机构开展第三方评估', '统筹户内户外、线上线下载体', '推出一批重头报道和精品力作',
];
const UNITS = ['场', '个', '次', '篇', '人次', '家', '公里', '期', '项'];
const KEYS = [
  ['产出指标', ['数量指标', '质量指标', '时效指标', '成本指标']],
  ['成本指标', ['经济成本指标', '社会成本指标', '生态环境成本指标']],
  ['效益指标', ['经济效益指标', '社会效益指标', '生态效益指标', '可持续影响指标']],
  ['满意度指标', ['服务对象满意度指标']],
];

/** The size mix of a corpus: mostly seed-sized files, some up to 10× (mean ≈ 2.6×). */
export function scaleFor(index) {
  const k = index % 20;
  if (k < 10) return 1;
  if (k < 14) return 2;
  if (k < 16) return 3;
  if (k < 17) return 4;
  if (k < 18) return 6;
  if (k < 19) return 8;
  return 10;
}

function pick(r, list) {
  return list[Math.floor(r() * list.length)];
}

function int(r, lo, hi) {
  return lo + Math.floor(r() * (hi - lo + 1));
}

function money(cents) {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

/** A YAML scalar: plain when that is safe for this text, else double-quoted (JSON). */
function scalar(text) {
  return /^[\p{Script=Han}0-9（“][\p{Script=Han}0-9%，。、；（）“”《》·\-.]*$/u.test(text) ? text : JSON.stringify(text);
}

/** A sentence of 30–60 characters in the style of the seed. */
function sentence(r) {
  const parts = [pick(r, VERBS), pick(r, OBJECTS)];
  if (r() < 0.8) parts.push('，', pick(r, CLAUSES));
  if (r() < 0.5) parts.push('，全年开展活动不少于', String(int(r, 5, 200)), pick(r, UNITS));
  parts.push('。');
  return parts.join('');
}

function paragraph(r, sentences) {
  let s = '';
  for (let i = 0; i < sentences; i++) s += sentence(r);
  return s;
}

/**
 * One declaration as YAML text.
 * @param {number} index which file of the corpus (seeds the PRNG)
 * @param {{ scale?: number }} [options] size relative to the seed (1–10); default scaleFor(index)
 */
export function generateDeclaration(index, options = {}) {
  const scale = Math.max(1, Math.min(10, Math.round(options.scale ?? scaleFor(index))));
  const r = rng(0x9e3779b9 ^ (index * 2654435761) ^ (scale * 97));
  const [department, level] = DEPTS[index % DEPTS.length];
  const year = 2023 + (index % 3);
  const lines = [
    '# yaml-language-server: $schema=../schema/declaration.schema.json',
    `# 部门整体预算绩效目标申报表（${year}年度）: synthetic, bench/generate.mjs #${index}, scale ${scale}`,
    'version: 1',
    `year: ${year}`,
    `department: ${department}`,
    `level: ${level}`,
    '',
  ];

  // Budget, in cents, so that every sum is exact.
  const basic = int(r, 50_000, 500_000) * scale;
  const project = int(r, 50_000, 500_000) * scale;
  const special = r() < 0.3 ? 0 : int(r, 0, 100_000) * scale;
  const devOther = int(r, 10_000, 200_000) * scale;
  const total = basic + project + special + devOther;
  const incomeOther = r() < 0.5 ? 0 : int(r, 0, Math.floor(total / 10));
  const transfer = r() < 0.3 ? 0 : int(r, 0, Math.floor(total / 20));
  lines.push(
    '# 预算整体情况（万元）',
    'budget:',
    '  expenditure:',
    `    basic: ${money(basic)}`,
    `    project: ${money(project)}`,
    '  development:',
    `    special: ${money(special)}`,
    `    other: ${money(devOther)}`,
    '  income:',
    `    appropriation: ${money(total - incomeOther)}`,
    `    other: ${money(incomeOther)}`,
    '  allocation:',
    `    own: ${money(total - transfer)}`,
    `    transfer: ${money(transfer)}`,
    '',
    '# 总体绩效目标',
    'goals:',
  );
  const goals = 3 + 2 * scale;
  for (let i = 0; i < goals; i++) lines.push(`  - ${scalar(sentence(r))}`);

  // Tasks: 4 per unit of scale; long content (the seed's run 150–350 characters).
  lines.push('', '# 年度重点工作任务', 'tasks:');
  const tasks = 4 * scale;
  let budgetLeft = project + special + devOther;
  const names = new Set();
  for (let i = 0; i < tasks; i++) {
    let name = `${pick(r, VERBS)}${pick(r, OBJECTS)}`;
    while (names.has(name)) name = `${name}（${pick(r, PLACES)}）`;
    names.add(name);
    const text = paragraph(r, int(r, 7, 11));
    lines.push(`  - name: ${scalar(name)}`, `    content: ${scalar(text)}`);
    if (r() < 0.85) {
      const funds = Math.min(budgetLeft, int(r, 1_000, Math.max(1_000, Math.floor((project + special + devOther) / (tasks + 1)))));
      budgetLeft -= funds;
      lines.push(`    funds: ${money(funds)}`);
    }
    lines.push(`    expected: ${scalar(r() < 0.5 ? text : paragraph(r, int(r, 5, 9)))}`);
  }
  if (r() < 0.4) {
    lines.push('', '# 其他需完成的任务（可选填）', 'other_tasks:');
    for (let i = 0, n = int(r, 1, 1 + scale); i < n; i++) lines.push(`  - ${scalar(sentence(r))}`);
  }

  // Indicators: 7 per unit of scale (the seed has 7), spread over the framework.
  lines.push('', '# 绩效指标', 'indicators:');
  const wanted = 7 * scale;
  const satisfaction = r() < 0.7;
  const slots = [];
  for (const [first, seconds] of KEYS) {
    if (first === '满意度指标' && !satisfaction) continue;
    if (first === '成本指标' && r() < 0.5 && scale < 3) continue;
    for (const second of seconds) if (first === '产出指标' || first === '满意度指标' || r() < 0.6 || second === '社会效益指标') slots.push([first, second]);
  }
  const perSlot = new Map(slots.map((s) => [s.join('/'), 1]));
  for (let i = slots.length; i < wanted; i++) {
    const [first, second] = slots[Math.floor(r() * slots.length)];
    perSlot.set(`${first}/${second}`, perSlot.get(`${first}/${second}`) + 1);
  }
  const indicatorNames = new Set();
  let lastFirst = '';
  for (const [first, second] of slots) {
    if (first !== lastFirst) lines.push(`  ${first}:`);
    lastFirst = first;
    lines.push(`    ${second}:`);
    for (let i = 0, n = perSlot.get(`${first}/${second}`); i < n; i++) {
      let name = first === '满意度指标' ? `${pick(r, PLACES)}群众对${pick(r, OBJECTS)}的满意度` : `${pick(r, OBJECTS)}${pick(r, ['数量', '完成率', '覆盖率', '合格率', '参与人次', '完成时间', '单位成本'])}`;
      while (indicatorNames.has(name)) name = `${name}（${pick(r, PLACES)}）`;
      indicatorNames.add(name);
      let period;
      let annual;
      if (first === '满意度指标') {
        period = annual = `不低于${int(r, 85, 98)}%`;
      } else if (r() < 0.08) {
        const v = paragraph(r, int(r, 1, 2));
        period = annual = v;
      } else {
        const a = int(r, 2, 500);
        const unit = pick(r, UNITS);
        annual = `不少于${a}${unit}`;
        period = `不少于${a * 3}${unit}`;
      }
      lines.push(`      - name: ${scalar(name)}`, `        period: ${scalar(period)}`, `        annual: ${scalar(annual)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Write COUNT files into DIR as decl-0000.yaml …; returns their paths.
 * @param {string} dir
 * @param {number} count
 * @param {{ scale?: number, start?: number }} [options]
 */
export function generateCorpus(dir, count, options = {}) {
  mkdirSync(dir, { recursive: true });
  const files = [];
  const start = options.start ?? 0;
  for (let i = start; i < start + count; i++) {
    const file = path.join(dir, `decl-${String(i).padStart(4, '0')}.yaml`);
    writeFileSync(file, generateDeclaration(i, options.scale === undefined ? {} : { scale: options.scale }));
    files.push(file);
  }
  return files;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [dir, count, ...rest] = process.argv.slice(2);
  if (!dir || !count) {
    process.stderr.write('usage: node bench/generate.mjs OUTDIR COUNT [--scale N]\n');
    process.exit(2);
  }
  const i = rest.indexOf('--scale');
  const scale = i >= 0 ? Number(rest[i + 1]) : undefined;
  const files = generateCorpus(dir, Number(count), scale === undefined ? {} : { scale });
  process.stdout.write(`${files.length} files in ${dir}\n`);
}
