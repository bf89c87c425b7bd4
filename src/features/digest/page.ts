/**
 * The digest as a web page: the same content as the chat message, with trend lines of pulse and
 * participation and the quarter's adoption funnel drawn as inline SVG, readable on a phone and
 * printable; and the aggregates as CSV (never a raw pulse answer).
 */
import type { Translate } from '../../core/i18n/index.ts';
import type { Digest, TeamDigest } from './compute.ts';
import { flagText, teamLines } from './render.ts';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const inline = (s: string) => esc(s).replace(/\*([^*\n]+)\*/g, '<strong>$1</strong>').replace(/`([^`\n]+)`/g, '<code>$1</code>');
const palette = ['#b4532a', '#2a6fb4', '#3f8f4a', '#8a4fb0', '#c28a12', '#1f8a8a', '#a83a5b', '#5a6b7b'];

/** A small line chart: one line per team, gaps where a round was hidden. */
function lineChart(title: string, series: Array<{ name: string; points: Array<number | null> }>, min: number, max: number, unit: string): string {
  const width = 640;
  const height = 200;
  const pad = 32;
  const longest = Math.max(2, ...series.map((s) => s.points.length));
  const x = (i: number) => pad + (i * (width - 2 * pad)) / (longest - 1);
  const y = (v: number) => height - pad - ((v - min) * (height - 2 * pad)) / (max - min);
  const grid = [min, (min + max) / 2, max].map((v) => `<line x1="${pad}" x2="${width - pad}" y1="${y(v)}" y2="${y(v)}" class="grid"/><text x="4" y="${y(v) + 4}" class="axis">${v}${unit}</text>`).join('');
  const lines = series
    .map((s, i) => {
      const colour = palette[i % palette.length];
      const segments: string[] = [];
      let current: string[] = [];
      s.points.forEach((p, j) => {
        if (p === null) {
          if (current.length > 1) segments.push(current.join(' '));
          current = [];
        } else current.push(`${x(j).toFixed(1)},${y(p).toFixed(1)}`);
      });
      if (current.length > 1) segments.push(current.join(' '));
      const dots = s.points.map((p, j) => (p === null ? '' : `<circle cx="${x(j).toFixed(1)}" cy="${y(p).toFixed(1)}" r="3.5" fill="${colour}"/>`)).join('');
      return segments.map((pts) => `<polyline points="${pts}" fill="none" stroke="${colour}" stroke-width="2.5"/>`).join('') + dots;
    })
    .join('');
  const legend = series.map((s, i) => `<span class="key"><i style="background:${palette[i % palette.length]}"></i>${esc(s.name)}</span>`).join('');
  return `<figure><figcaption>${esc(title)}</figcaption><svg viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(title)}">${grid}${lines}</svg><div class="legend">${legend}</div></figure>`;
}

function funnel(t: Translate, f: { made: number; adopted: number; implemented: number }): string {
  const rows = [
    [t('digest.funnel_made'), f.made],
    [t('digest.funnel_adopted'), f.adopted],
    [t('digest.funnel_implemented'), f.implemented],
  ] as const;
  const top = Math.max(1, f.made);
  const bars = rows
    .map(([label, n], i) => `<div class="bar"><span>${esc(label)}</span><b style="width:${Math.max(2, (n / top) * 100)}%;background:${palette[i]}"></b><em>${n}</em></div>`)
    .join('');
  return `<figure><figcaption>${esc(t('digest.funnel_title'))}</figcaption><div class="funnel">${bars}</div></figure>`;
}

export function digestPage(t: Translate, lang: string, digest: Digest, title: string, quarter: { made: number; adopted: number; implemented: number }, csvHref: string): string {
  const flags = digest.flags.length > 0 ? `<ul class="flags">${digest.flags.map((f) => `<li>⚠️ ${inline(flagText(t, f))}</li>`).join('')}</ul>` : `<p class="ok">${esc(t('digest.no_flags'))}</p>`;
  const pulse = lineChart(t('digest.chart_pulse'), digest.teams.map((team) => ({ name: team.name, points: team.pulse.map((p) => p.mean) })), 1, 5, '');
  const participation = lineChart(
    t('digest.chart_participation'),
    digest.teams.map((team) => ({ name: team.name, points: team.pulse.map((p) => (p.participation === null ? null : Math.round(p.participation * 100))) })),
    0, 100, '%',
  );
  const teams = digest.teams.map((team: TeamDigest) => `<section><h2>${esc(team.name)}</h2><ul>${teamLines(t, team).map((l) => `<li>${inline(l)}</li>`).join('')}</ul></section>`).join('');
  return `<!doctype html><html lang="${esc(lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${esc(title)}</title><style>
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","PingFang SC",sans-serif;margin:0;background:#faf7f4;color:#2b2118}
main{max-width:760px;margin:0 auto;padding:20px 16px 48px}
header h1{font-size:1.5rem;margin:.2em 0;color:#7a2e12}header p{margin:0;color:#6b5a4d}
.flags{background:#fff3e8;border-left:4px solid #c2410c;padding:12px 16px 12px 32px;border-radius:6px}.ok{background:#eef7ee;padding:12px 16px;border-radius:6px}
figure{margin:20px 0;background:#fff;border-radius:8px;padding:12px;box-shadow:0 1px 3px #0001}figcaption{font-weight:600;margin-bottom:6px}
svg{width:100%;height:auto}.grid{stroke:#e8e0d8}.axis{font-size:11px;fill:#8a7a6d}
.legend{display:flex;flex-wrap:wrap;gap:12px;font-size:.85rem}.key i{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:4px;vertical-align:-1px}
.funnel .bar{display:grid;grid-template-columns:9em 1fr 3em;align-items:center;gap:8px;margin:6px 0}.funnel b{display:block;height:18px;border-radius:3px}.funnel em{font-style:normal;text-align:right}
section{background:#fff;border-radius:8px;padding:4px 16px 8px;margin:16px 0;box-shadow:0 1px 3px #0001}section h2{font-size:1.1rem;color:#7a2e12}section li{margin:4px 0}
a.csv{display:inline-block;margin-top:12px;color:#7a2e12}
@media print{body{background:#fff}figure,section{box-shadow:none;break-inside:avoid}a.csv{display:none}}
</style></head><body><main><header><h1>${esc(title)}</h1><p>${esc(t('digest.page_note'))}</p></header>
${flags}${pulse}${participation}${funnel(t, quarter)}${teams}<a class="csv" href="${esc(csvHref)}">${esc(t('digest.csv'))}</a></main></body></html>`;
}

/** The aggregates, one row per team: never a raw answer, and hidden figures stay empty. */
export function digestCsv(week: string, digest: Digest): string {
  const header = ['week', 'team', 'pulse_mean', 'enps', 'pulse_participation', 'lunch_invited', 'lunch_yes', 'role_swaps', 'gatherings', 'gathering_going', 'suggestions_made', 'suggestions_adopted', 'suggestions_implemented', 'suggestions_overdue', 'kudos_given', 'kudos_received', 'unrecognised_agents'];
  const cell = (v: string | number | null) => {
    const s = v === null ? '' : String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const rows = digest.teams.map((team) => {
    const p = team.pulse.at(-1);
    return [
      week, team.name, p?.mean ?? null, p?.enps ?? null, p?.participation === null || !p ? null : Math.round(p.participation * 100),
      team.lunch?.invited ?? 0, team.lunch?.yes ?? 0, team.rotations.length, team.gatherings.length, team.gatherings.reduce((s, g) => s + g.going, 0),
      team.suggestions.made, team.suggestions.adopted, team.suggestions.implemented, team.suggestions.overdue, team.kudos.given, team.kudos.received, team.unrecognised.length,
    ].map(cell).join(',');
  });
  return [header.join(','), ...rows].join('\n') + '\n';
}
