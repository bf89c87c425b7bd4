/**
 * The leaders' weekly digest: sent every week (Monday 09:00 by default) in each reader's time
 * zone, the whole organisation for leaders and admins and their own team for supervisors; on
 * demand with `/digest`; and as a signed, expiring web page with charts and a CSV of aggregates.
 */
import { DateTime } from 'luxon';
import type { FeatureFactory } from '../../app.ts';
import type { CommandContext } from '../../core/command.ts';
import { hasRole, type Member, type Team } from '../../core/domain.ts';
import { HearthError } from '../../core/errors.ts';
import { isLocale, translatorFor } from '../../core/i18n/index.ts';
import type { Message } from '../../core/message.ts';
import type { HttpResponse } from '../../core/ports.ts';
import type { ScheduleRepo } from '../common/schedules.ts';
import { ensureManages, teamFor } from '../common/scope.ts';
import { computeDigest, defaultRules, type Digest } from './compute.ts';
import { createSharedFacts, funnelOf, gatherFacts, pastWeek, type DigestWeek, type FactsFor } from './gather.ts';
import { signLink, verifyLink } from './links.ts';
import { digestCsv, digestPage } from './page.ts';
import { digestMessage, type Funnel } from './render.ts';
import type { DigestSource } from './repo.ts';

export interface DigestSettings {
  /** 1 = Monday … 7 = Sunday. */
  day: number;
  time: string;
  /** Where people reach Hearth's pages, for the link in each digest (known once the port is open). */
  publicUrl: () => string;
  nudgeWeeks: number;
  /** How long a digest link works. */
  linkDays: number;
}

/** What one weekly run shares between its readers: each scope's digest, the week's facts and the quarter's funnels. */
interface WeeklyRun {
  computed: Map<string, Promise<[Digest, Funnel]>>;
  factsFor: FactsFor;
  /** The quarter's funnels per team, by quarter start. */
  funnels: Map<string, ReturnType<DigestSource['funnels']>>;
}

const text = (status: number, body: string, type = 'text/plain; charset=utf-8'): HttpResponse => ({ status, headers: { 'content-type': type, 'cache-control': 'no-store', 'x-robots-tag': 'noindex' }, body });

export function createDigestFeature(source: DigestSource, schedules: ScheduleRepo, settings: DigestSettings): FeatureFactory {
  return ({ org, store, messenger, clock, logger }) => {
    /** Computes the digest of some teams for a week. */
    async function build(teams: Team[], week: DigestWeek, factsFor: FactsFor = (t, w) => gatherFacts(source, org.id, t, w, clock.now(), settings.nudgeWeeks)): Promise<Digest> {
      const { facts, everyLatest } = await factsFor(teams, week);
      return computeDigest(facts, { ...defaultRules, nudgeWeeks: settings.nudgeWeeks }, everyLatest);
    }

    async function link(scope: string, week: DigestWeek, lang: string): Promise<string> {
      const exp = Math.floor(clock.now().getTime() / 1000) + settings.linkDays * 86_400;
      return `${settings.publicUrl().replace(/\/$/, '')}/digest?${signLink(await source.linkSecret(org.id), { scope, week: week.from.toISODate()!, lang, exp })}`;
    }

    /** The digest one person gets: everyone's for leaders and admins, their team's for a supervisor. */
    /**
     * `run` lets the weekly run compute each scope's digest once (many leaders read the same
     * organisation's week, and only the language they read it in differs) from facts gathered once.
     */
    async function forMember(member: Member, week: DigestWeek, teamName?: string, run?: WeeklyRun): Promise<Message> {
      const computed = run?.computed ?? new Map<string, Promise<[Digest, Funnel]>>();
      const t = translatorFor(member.locale);
      const all = await store.listTeams(org.id);
      const team = teamName ? all.find((x) => x.name.toLowerCase() === teamName.toLowerCase()) : undefined;
      const teams = team ? [team] : hasRole(member.role, 'leader') ? all : all.filter((x) => x.id === member.teamId);
      const scope = teams.length === 1 ? teams[0]!.id : 'org';
      const title = t('digest.title', { scope: teams.length === 1 ? teams[0]!.name : org.name, week: week.label });
      const key = `${teams.map((x) => x.id).join(',')}|${week.from.toISO()}`;
      if (!computed.has(key)) {
        const quarter = week.from.startOf('quarter');
        const funnels = run?.funnels ?? new Map<string, ReturnType<DigestSource['funnels']>>();
        if (!funnels.has(quarter.toISO()!)) funnels.set(quarter.toISO()!, source.funnels(org.id, quarter.toJSDate()));
        computed.set(key, Promise.all([build(teams, week, run?.factsFor), funnels.get(quarter.toISO()!)!.then((rows) => funnelOf(rows, teams.map((x) => x.id)))]));
      }
      const [digest, funnel] = await computed.get(key)!;
      return digestMessage(t, digest, title, await link(scope, week, member.locale), funnel);
    }

    async function onDemand(ctx: CommandContext, preview: boolean): Promise<Message> {
      const named = ctx.args.options.team;
      if (named) ensureManages(ctx, await teamFor(ctx, named), 'digest');
      if (!hasRole(ctx.actor.role, 'leader') && !ctx.actor.teamId) throw new HearthError('usage', 'error.missing_team', { teams: '-' });
      const zone = ctx.actor.timezone;
      // The past week; a preview is the week under way, as Monday's digest will show it.
      const week = preview ? pastWeek(DateTime.fromJSDate(ctx.clock.now(), { zone }).plus({ weeks: 1 }).toJSDate(), zone) : pastWeek(ctx.clock.now(), zone);
      return forMember(ctx.actor, week, named);
    }

    /** Every reader's zone gets its own weekly schedule, so each reads it at 09:00 their time. */
    async function ensureZones(): Promise<void> {
      const readers = (await store.listMembers(org.id, { activeOnly: true })).filter((m) => m.role !== 'agent');
      for (const zone of new Set(readers.map((m) => m.timezone))) {
        await schedules.ensure({
          orgId: org.id, kind: 'digest.weekly', teamId: null, key: zone,
          rule: { freq: 'weekly', time: settings.time, days: [settings.day], interval: 1, anchor: '2026-01-05' }, timezone: zone, payload: { zone }, startAfter: clock.now(),
        });
      }
    }

    async function page(query: URLSearchParams, csv: boolean): Promise<HttpResponse> {
      const verified = verifyLink(await source.linkSecret(org.id), query, Math.floor(clock.now().getTime() / 1000));
      const t0 = translatorFor(org.locale);
      if (!verified.ok) return text(verified.reason === 'expired' ? 410 : 403, t0(verified.reason === 'expired' ? 'digest.link_expired' : 'digest.link_invalid'));
      const { scope, week: monday, lang } = verified.link;
      const locale = isLocale(lang) ? lang : org.locale;
      const t = translatorFor(locale);
      const all = await store.listTeams(org.id);
      const teams = scope === 'org' ? all : all.filter((x) => x.id === scope);
      if (teams.length === 0) return text(404, t('digest.link_invalid'));
      const from = DateTime.fromISO(monday, { zone: org.timezone });
      const week: DigestWeek = { from, to: from.plus({ weeks: 1 }), label: `${monday} – ${from.plus({ days: 6 }).toISODate()}` };
      const digest = await build(teams, week);
      if (csv) return { ...text(200, digestCsv(monday, digest), 'text/csv; charset=utf-8'), headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="hearth-digest-${monday}.csv"`, 'cache-control': 'no-store' } };
      const quarterStart = from.startOf('quarter').toJSDate();
      const funnel = funnelOf(await source.funnels(org.id, quarterStart), teams.map((x) => x.id));
      const title = t('digest.title', { scope: teams.length === 1 ? teams[0]!.name : org.name, week: week.label });
      return text(200, digestPage(t, locale, digest, title, funnel, `/digest.csv?${query.toString()}`), 'text/html; charset=utf-8');
    }

    return {
      commands: [
        {
          name: 'digest',
          summary: 'digest.summary',
          usage: 'digest.usage',
          minRole: 'supervisor',
          run: (ctx) => onDemand(ctx, false),
          subcommands: { preview: { run: (ctx) => onDemand(ctx, true) } },
        },
      ],
      async start() {
        await ensureZones();
        // A roster imported while Hearth runs brings new zones: looked for every night.
        await schedules.ensure({ orgId: org.id, kind: 'digest.zones', teamId: null, rule: { freq: 'daily', time: '00:05' }, timezone: org.timezone, payload: {}, startAfter: clock.now() });
      },
      routes: [
        { method: 'GET', path: '/digest', handle: (req) => page(req.query, false) },
        { method: 'GET', path: '/digest.csv', handle: (req) => page(req.query, true) },
      ],
      jobs: [
        { kind: 'digest.zones', maxLatenessMs: 24 * 3_600_000, run: async () => (await ensureZones(), 'zones lined up') },
        {
          kind: 'digest.weekly',
          maxLatenessMs: 12 * 3_600_000,
          async run(ctx) {
            const { zone } = ctx.payload as { zone: string };
            const readers = (await store.listMembers(org.id, { activeOnly: true })).filter((m) => m.timezone === zone && (hasRole(m.role, 'leader') || (m.role === 'supervisor' && m.teamId)));
            const run: WeeklyRun = { computed: new Map(), funnels: new Map(), factsFor: createSharedFacts(source, org.id, await store.listTeams(org.id), clock.now(), settings.nudgeWeeks) };
            for (const reader of readers) {
              const message = await forMember(reader, pastWeek(ctx.dueAt, zone), undefined, run);
              await messenger.toMember(reader, message, `${ctx.key}:${reader.id}`);
            }
            // Zones readers moved to since start-up get their own schedule from next week.
            await ensureZones().catch((error: unknown) => logger.warn({ err: error }, 'digest: could not line up new time zones'));
            return `sent ${readers.length} digests`;
          },
        },
      ],
    };
  };
}
