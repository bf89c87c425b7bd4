/** The digest as a chat message: risk flags first, then each team, in the reader's language. */
import type { Translate } from '../../core/i18n/index.ts';
import type { Block, Message } from '../../core/message.ts';
import type { Digest, Flag, TeamDigest } from './compute.ts';

const pct = (n: number) => `${Math.round(n * 100)}%`;

export function flagText(t: Translate, flag: Flag): string {
  const what = flag.params.what === 'lunch' ? t('digest.what_lunch') : t('digest.what_pulse');
  return t(`digest.flag_${flag.kind}`, { team: flag.team, ...flag.params, what });
}

/** The lines about one team, shared by the chat message and the page. */
export function teamLines(t: Translate, team: TeamDigest): string[] {
  const lines: string[] = [];
  const latest = team.pulse.at(-1);
  if (!latest) lines.push(t('digest.pulse_none'));
  else if (latest.mean === null) lines.push(t('digest.pulse_hidden'));
  else {
    const trend = team.pulse.map((p) => (p.mean === null ? '–' : p.mean.toFixed(1))).join(' → ');
    lines.push(t('digest.pulse', { mean: latest.mean.toFixed(1), trend, enps: latest.enps ?? '–', participation: latest.participation === null ? '–' : pct(latest.participation) }));
  }
  const activity: string[] = [];
  if (team.lunch) {
    const before = team.lunchBefore && team.lunchBefore.invited > 0 ? pct(team.lunchBefore.yes / team.lunchBefore.invited) : '–';
    activity.push(t('digest.lunch', { yes: team.lunch.yes, invited: team.lunch.invited, before }));
  }
  if (team.rotations.length > 0) activity.push(t('digest.rotations', { count: team.rotations.length }));
  if (team.gatherings.length > 0) activity.push(t('digest.gatherings', { count: team.gatherings.length, going: team.gatherings.reduce((s, g) => s + g.going, 0) }));
  lines.push(activity.length > 0 ? activity.join(' · ') : t('digest.no_activity'));
  for (const r of team.rotations.filter((x) => x.learned)) {
    lines.push(t('digest.learned', { learned: r.learned!, change: r.change || '–' }));
  }
  lines.push(t('digest.suggestions', team.suggestions));
  lines.push(t('digest.kudos', { given: team.kudos.given, received: team.kudos.received }));
  if (team.unrecognised.length > 0) lines.push(t('digest.unrecognised', { names: team.unrecognised.join(', ') }));
  for (const u of team.upcoming) lines.push(t(`digest.upcoming_${u.what}`, { when: u.when, title: u.title }));
  return lines;
}

/** The quarter's suggestions so far, for the adoption rate. */
export interface Funnel {
  made: number;
  adopted: number;
  implemented: number;
}

export function digestMessage(t: Translate, digest: Digest, title: string, link: string | null, funnel: Funnel): Message {
  const flagLines = digest.flags.map((f) => `⚠️ ${flagText(t, f)}`);
  const blocks: Block[] = [
    { type: 'header', text: title },
    { type: 'text', text: flagLines.length > 0 ? [`*${t('digest.flags_title')}*`, ...flagLines].join('\n') : t('digest.no_flags') },
  ];
  const text: string[] = [title, ...(flagLines.length > 0 ? flagLines : [t('digest.no_flags')])];
  if (digest.teams.length > 1 && digest.orgPulse.mean !== null) {
    const line = t('digest.org_pulse', { mean: digest.orgPulse.mean.toFixed(1), count: digest.orgPulse.count ?? 0 });
    blocks.push({ type: 'context', text: line });
    text.push(line);
  }
  const quarter = t('digest.quarter', { ...funnel, rate: funnel.made > 0 ? Math.round((funnel.adopted / funnel.made) * 100) : 0 });
  blocks.push({ type: 'context', text: quarter });
  text.push(quarter);
  for (const team of digest.teams) {
    const lines = teamLines(t, team);
    blocks.push({ type: 'divider' }, { type: 'text', text: [`*${team.name}*`, ...lines].join('\n') });
    text.push(`*${team.name}*`, ...lines);
  }
  if (link) {
    blocks.push({ type: 'context', text: t('digest.link', { link }) });
    text.push(t('digest.link', { link }));
  }
  // A platform that must cut a long digest (many teams) points to the page for the rest.
  return { text: text.join('\n'), blocks, ...(link ? { moreUrl: link } : {}) };
}
