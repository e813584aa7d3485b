/**
 * The validate curve as an SVG (issue 17), drawn from the numbers with no plotting
 * dependency: files on a log x axis; left, wall time (and CPU) per call on a log axis;
 * right, peak RSS on a linear axis; ajv-cli's points where measured. Deterministic for
 * the same numbers.
 */

const W = 760;
const H = 420;
const M = { left: 70, right: 80, top: 48, bottom: 56 };
const PW = W - M.left - M.right;
const PH = H - M.top - M.bottom;

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const fmtMs = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(ms >= 10_000 ? 0 : 1)} s` : `${Math.round(ms)} ms`);
const fmtMiB = (kb) => `${Math.round(kb / 1024)} MiB`;

/** points: [{ n, ms, cpuMs?, rssKb, ajvMs?, ajvRssKb? }] sorted by n. */
export function curveSvg(points, { title }) {
  const ns = points.map((p) => p.n);
  const times = points.flatMap((p) => [p.ms, p.cpuMs, p.ajvMs].filter((x) => x > 0));
  const rss = points.flatMap((p) => [p.rssKb, p.ajvRssKb].filter((x) => x > 0));
  const lx0 = Math.log10(Math.min(...ns));
  const lx1 = Math.max(Math.log10(Math.max(...ns)), lx0 + 1);
  const ly0 = Math.floor(Math.log10(Math.min(...times)));
  const ly1 = Math.ceil(Math.log10(Math.max(...times)));
  const r1 = Math.ceil(Math.max(...rss) / 1024 / 50) * 50; // MiB, to the next 50
  const x = (n) => M.left + ((Math.log10(n) - lx0) / (lx1 - lx0)) * PW;
  const yT = (ms) => M.top + PH - ((Math.log10(ms) - ly0) / Math.max(ly1 - ly0, 1)) * PH;
  const yR = (kb) => M.top + PH - (kb / 1024 / r1) * PH;
  const out = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`);
  out.push(`<rect width="${W}" height="${H}" fill="#fff"/>`);
  out.push(`<text x="${W / 2}" y="22" text-anchor="middle" font-size="13">${esc(title)}</text>`);
  // grid and axes
  for (let e = ly0; e <= ly1; e++) {
    const y = yT(10 ** e).toFixed(1);
    out.push(`<line x1="${M.left}" y1="${y}" x2="${M.left + PW}" y2="${y}" stroke="#ddd"/>`);
    out.push(`<text x="${M.left - 6}" y="${y}" text-anchor="end" dominant-baseline="middle">${esc(fmtMs(10 ** e))}</text>`);
  }
  for (const n of ns) {
    const xx = x(n).toFixed(1);
    out.push(`<line x1="${xx}" y1="${M.top}" x2="${xx}" y2="${M.top + PH}" stroke="#eee"/>`);
    out.push(`<text x="${xx}" y="${M.top + PH + 16}" text-anchor="middle">${n.toLocaleString('en')}</text>`);
  }
  for (let m = 0; m <= r1; m += r1 / 5) {
    out.push(`<text x="${M.left + PW + 6}" y="${yR(m * 1024).toFixed(1)}" dominant-baseline="middle" fill="#b35900">${m} MiB</text>`);
  }
  out.push(`<rect x="${M.left}" y="${M.top}" width="${PW}" height="${PH}" fill="none" stroke="#333"/>`);
  out.push(`<text x="${M.left + PW / 2}" y="${H - 14}" text-anchor="middle">files in one call (log scale)</text>`);
  out.push(`<text x="16" y="${M.top + PH / 2}" text-anchor="middle" transform="rotate(-90 16 ${M.top + PH / 2})">time per call (log scale)</text>`);
  out.push(`<text x="${W - 14}" y="${M.top + PH / 2}" text-anchor="middle" fill="#b35900" transform="rotate(90 ${W - 14} ${M.top + PH / 2})">peak RSS</text>`);
  // series
  const series = [
    { key: 'ms', y: yT, color: '#1f5fbf', label: 'declare wall', dash: '' },
    { key: 'cpuMs', y: yT, color: '#1f5fbf', label: 'declare CPU', dash: '5 4' },
    { key: 'rssKb', y: yR, color: '#b35900', label: 'declare peak RSS', dash: '' },
    { key: 'ajvMs', y: yT, color: '#2e8b57', label: 'ajv-cli wall', dash: '' },
    { key: 'ajvRssKb', y: yR, color: '#8b2e6b', label: 'ajv-cli peak RSS', dash: '' },
  ];
  let legendY = M.top + 14;
  for (const s of series) {
    const pts = points.filter((p) => p[s.key] > 0);
    if (pts.length === 0) continue;
    const d = pts.map((p, i) => `${i ? 'L' : 'M'}${x(p.n).toFixed(1)},${s.y(p[s.key]).toFixed(1)}`).join(' ');
    if (pts.length > 1) out.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`);
    for (const p of pts) {
      const cx = x(p.n).toFixed(1);
      const cy = s.y(p[s.key]).toFixed(1);
      out.push(`<circle cx="${cx}" cy="${cy}" r="3.5" fill="${s.color}"/>`);
      const label = s.key.endsWith('Kb') ? fmtMiB(p[s.key]) : fmtMs(p[s.key]);
      out.push(`<text x="${(Number(cx) + 6).toFixed(1)}" y="${(Number(cy) - 6).toFixed(1)}" fill="${s.color}" font-size="10">${esc(label)}</text>`);
    }
    out.push(`<line x1="${M.left + 10}" y1="${legendY}" x2="${M.left + 34}" y2="${legendY}" stroke="${s.color}" stroke-width="2"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`);
    out.push(`<text x="${M.left + 40}" y="${legendY}" dominant-baseline="middle">${esc(s.label)}</text>`);
    legendY += 16;
  }
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
