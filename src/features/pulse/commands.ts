/**
 * `/pulse`: supervisors schedule anonymous pulse rounds for their team; agents answer with
 * buttons between calls; supervisors (their team) and leaders (everyone) read results in which a
 * group under the anonymity threshold is never shown, nor left computable from the others.
 */
import { DateTime } from 'luxon';
import type { ActionOutcome, CommandContext } from '../../core/command.ts';
import { hasRole, type Team } from '../../core/domain.ts';
import { HearthError } from '../../core/errors.ts';
import { type Message, textMessage } from '../../core/message.ts';
import type { Rule } from '../../core/recurrence.ts';
import type { ScheduleRepo } from '../common/schedules.ts';
import { ensureManages, teamFor, timeOfDay, weekdayNumber } from '../common/scope.ts';
import { aggregate, participation } from './aggregate.ts';
import { disclosure, fewestOnAQuestion } from './disclosure.ts';
import { ballotToken, roundBallot } from './ballot.ts';
import { commentForm, questionsMessage } from './messages.ts';
import { questionById, type Question } from './questions.ts';
import type { PulseRepo, PulseRoundInfo } from './repo.ts';
import { closesText, type createPulseRounds } from './rounds.ts';

const kind = 'pulse.round';

export function createPulseCommands(repo: PulseRepo, schedules: ScheduleRepo, rounds: ReturnType<typeof createPulseRounds>) {
  async function managedTeam(ctx: CommandContext, command: string): Promise<Team> {
    const team = await teamFor(ctx, ctx.args.options.team);
    ensureManages(ctx, team, command);
    return team;
  }

  async function schedule(ctx: CommandContext): Promise<Message> {
    const { t, args } = ctx;
    const team = await managedTeam(ctx, 'pulse schedule');
    const [every = '', day = '', time] = args.positional.map((p) => p.toLowerCase());
    const interval = { weekly: 1, fortnightly: 2, biweekly: 2, 每周: 1, 每两周: 2 }[every];
    const weekday = weekdayNumber(day.slice(0, 3)) ?? weekdayNumber(day);
    if (!interval || !weekday) throw new HearthError('usage', 'pulse.bad_schedule', { value: `${every} ${day}`.trim().slice(0, 40) });
    const at = timeOfDay(time, 'a time (HH:MM)');
    const questions = Number(args.options.questions ?? '3');
    if (!Number.isInteger(questions) || questions < 1 || questions > 6) throw new HearthError('invalid_argument', 'pulse.bad_questions', { value: args.options.questions ?? '' });
    const openHours = Number((args.options.open ?? '72').replace(/h$/, ''));
    if (!Number.isInteger(openHours) || openHours < 4 || openHours > 24 * 14) throw new HearthError('invalid_argument', 'pulse.bad_open', { value: args.options.open ?? '' });
    const zone = team.timezone ?? ctx.org.timezone;
    const today = DateTime.fromJSDate(ctx.clock.now(), { zone }).toISODate()!;
    const rule: Rule = { freq: 'weekly', time: at, days: [weekday], interval, anchor: today };
    await schedules.save({ orgId: ctx.org.id, kind, teamId: team.id, rule, timezone: zone, payload: { questions, openHours }, startAfter: ctx.clock.now() }, ctx.actor.id);
    return textMessage(t('pulse.scheduled', { team: team.name, every: t(interval === 1 ? 'pulse.weekly' : 'pulse.fortnightly'), day: t(`lunch.day_${weekday}` as 'lunch.day_1'), time: at, questions, hours: openHours }));
  }

  async function now(ctx: CommandContext): Promise<Message> {
    const team = await managedTeam(ctx, 'pulse now');
    if (await repo.openRoundOf(team.id)) throw new HearthError('invalid_argument', 'pulse.already_open', { team: team.name });
    const questions = Number(ctx.args.options.questions ?? '3');
    if (!Number.isInteger(questions) || questions < 1 || questions > 6) throw new HearthError('invalid_argument', 'pulse.bad_questions', { value: ctx.args.options.questions ?? '' });
    const round = await rounds.open(`pulse.now:${team.id}:${ctx.clock.now().toISOString().slice(0, 16)}`, ctx.org.id, team.id, ctx.clock.now(), 48, questions);
    return textMessage(ctx.t('pulse.opened', { team: team.name, invited: round.invited }));
  }

  async function stop(ctx: CommandContext): Promise<Message> {
    const team = await managedTeam(ctx, 'pulse stop');
    if (!(await schedules.stop(ctx.org.id, kind, team.id, ctx.actor.id))) throw new HearthError('not_found', 'pulse.no_schedule', { team: team.name });
    return textMessage(ctx.t('pulse.stopped', { team: team.name }));
  }

  async function status(ctx: CommandContext): Promise<Message> {
    const team = await teamFor(ctx, ctx.args.options.team);
    if (team.id !== ctx.actor.teamId) ensureManages(ctx, team, 'pulse status');
    const round = await repo.openRoundOf(team.id);
    if (!round) return textMessage(ctx.t('pulse.none_open', { team: team.name }));
    const zone = team.timezone ?? ctx.org.timezone;
    return textMessage(ctx.t('pulse.status', { team: team.name, answered: round.answered, invited: round.invited, closes: DateTime.fromJSDate(round.closesAt, { zone }).toFormat('yyyy-MM-dd HH:mm') }));
  }

  /** A click on an answer button: recorded under a ballot, never under the person. */
  async function answer(ctx: CommandContext, value: string): Promise<ActionOutcome> {
    const [roundId = '', questionId = '', raw = ''] = value.split('|');
    const round = await repo.round(roundId);
    const question = questionById(questionId);
    const n = Number(raw);
    if (!round || !question || !round.questions.includes(questionId) || !Number.isInteger(n)) throw new HearthError('not_found', 'error.unknown_action');
    if (!validValue(question, n)) throw new HearthError('not_found', 'error.unknown_action');
    if (round.teamId !== ctx.actor.teamId || ctx.actor.role !== 'agent') throw new HearthError('forbidden', 'pulse.not_yours');
    const secret = await repo.secretOf(round.id);
    if (!secret) return { reply: textMessage(ctx.t('pulse.closed')) };
    const outcome = await repo.answer(round.id, ballotToken(secret, ctx.actor.id, questionId), roundBallot(secret, ctx.actor.id), questionId, n);
    const reply = textMessage(ctx.t(outcome === 'recorded' ? 'pulse.thanks' : outcome === 'already' ? 'pulse.already' : 'pulse.closed'));
    if (outcome === 'closed') return { reply };
    const answered = new Set<string>();
    for (const q of round.questions) if (await repo.hasBallot(round.id, ballotToken(secret, ctx.actor.id, q))) answered.add(q);
    return { reply, update: questionsMessage(ctx.t, ctx.locale, round, closesText(round, ctx.actor), false, answered) };
  }

  /** The open round of the person's team, for the comment form. */
  async function openRoundFor(ctx: Pick<CommandContext, 'actor'>): Promise<PulseRoundInfo | null> {
    return ctx.actor.teamId && ctx.actor.role === 'agent' ? repo.openRoundOf(ctx.actor.teamId) : null;
  }

  async function openComment(ctx: CommandContext): Promise<Message> {
    return (await openRoundFor(ctx)) ? commentForm(ctx.t) : textMessage(ctx.t('pulse.closed'));
  }

  async function comment(ctx: CommandContext, values: Record<string, string>) {
    const text = (values.comment ?? '').trim();
    if (!text) return { errors: { comment: ctx.t('pulse.comment_empty') } };
    if (text.length > 1000) return { errors: { comment: ctx.t('error.too_long', { length: text.length, max: 1000 }) } };
    const round = await openRoundFor(ctx);
    const secret = round ? await repo.secretOf(round.id) : null;
    if (!round || !secret) return { done: textMessage(ctx.t('pulse.closed')) };
    const outcome = await repo.comment(round.id, ballotToken(secret, ctx.actor.id, 'comment'), roundBallot(secret, ctx.actor.id), text);
    return { done: textMessage(ctx.t(outcome === 'recorded' ? 'pulse.comment_thanks' : outcome === 'already' ? 'pulse.comment_already' : 'pulse.closed')) };
  }

  async function results(ctx: CommandContext): Promise<Message> {
    const { t, args, actor } = ctx;
    const allTeams = await ctx.store.listTeams(ctx.org.id);
    const teams = args.options.team || !hasRole(actor.role, 'leader') ? [await teamFor(ctx, args.options.team)] : allTeams;
    if (teams.length === 1) ensureManages(ctx, teams[0]!, 'pulse results');
    const depth = Math.min(Math.max(Number(args.options.rounds ?? '4') || 4, 1), 12);
    const closed = await repo.closedRounds(teams.map((x) => x.id), depth);
    if (closed.length === 0) return textMessage(t('pulse.no_results'));
    // What may be shown is decided over every team's latest round, whatever this view shows.
    const everyLatest = await repo.closedRounds(allTeams.map((x) => x.id), 1);
    const answers = await repo.answers([...new Set([...closed, ...everyLatest].map((r) => r.id))]);
    const allowed = disclosure(everyLatest.map((r) => ({ teamId: r.teamId, threshold: r.threshold, people: fewestOnAQuestion(r.questions, answers.filter((a) => a.roundId === r.id)) })));
    const wholeOrganisation = teams.length === allTeams.length;
    const names = new Map(allTeams.map((x) => [x.id, x.name]));
    const latest = new Map<string, PulseRoundInfo>();
    for (const round of closed) if (!latest.has(round.teamId)) latest.set(round.teamId, round);
    const threshold = Math.max(...closed.map((r) => r.threshold));
    const lines: string[] = [t('pulse.results_title', { threshold })];
    // Participation of the latest round per team.
    // Groups are team ids (names need not be unique); names are for display only.
    const name = (teamId: string) => names.get(teamId) ?? '?';
    for (const p of participation([...latest.values()].map((r) => ({ group: r.teamId, invited: r.invited, answered: r.answered })), threshold)) {
      lines.push(p.shown ? t('pulse.participation', { team: name(p.group), answered: p.answered!, invited: p.invited!, rate: Math.round((p.rate ?? 0) * 100) }) : t('pulse.participation_hidden', { team: name(p.group) }));
    }
    // Each question of the latest rounds, compared across teams that asked it, with suppression.
    const questionIds = [...new Set([...latest.values()].flatMap((r) => r.questions))];
    for (const id of questionIds) {
      const question = questionById(id);
      if (!question) continue;
      const groups = [...latest.values()].filter((r) => r.questions.includes(id)).map((r) => ({ group: r.teamId, values: answers.filter((a) => a.roundId === r.id && a.questionId === id).map((a) => a.value) }));
      const result = aggregate(groups, question.scale, threshold);
      lines.push(`*${question.text[ctx.locale]}*`);
      const rows = [
        ...result.groups.map((g) => ({ ...g, shown: g.shown && allowed.shown.has(g.group), label: name(g.group) })),
        ...(groups.length > 1 && wholeOrganisation ? [{ ...result.total, shown: result.total.shown && allowed.totalShown, label: t('pulse.all_teams') }] : []),
      ];
      for (const g of rows) lines.push(`  ${g.label}: ${g.shown ? formatScore(t, question, g) : t('pulse.hidden')}`);
    }
    // The trend of each team's scores over its recent rounds: each round needs enough people on
    // every question, and the latest follows the organisation-wide decision.
    for (const team of teams) {
      const own = closed.filter((r) => r.teamId === team.id).reverse();
      if (own.length < 2) continue;
      const points = own.map((r, i) => {
        const mine = answers.filter((a) => a.roundId === r.id);
        const values = mine.filter((a) => questionById(a.questionId)?.scale === 'agree5').map((a) => a.value);
        const latestHidden = i === own.length - 1 && !allowed.shown.has(team.id);
        const shown = !latestHidden && r.answered >= r.threshold && fewestOnAQuestion(r.questions, mine) >= r.threshold && values.length > 0;
        return shown ? (values.reduce((s, v) => s + v, 0) / values.length).toFixed(1) : '–';
      });
      lines.push(t('pulse.trend', { team: team.name, points: points.join(' → ') }));
    }
    // Comments, only from a single team's latest round that may be shown.
    if (teams.length === 1) {
      const round = latest.get(teams[0]!.id);
      if (round && round.answered >= round.threshold && allowed.shown.has(round.teamId)) {
        const comments = await repo.comments(round.id);
        if (comments.length > 0) lines.push(t('pulse.comments'), ...comments.map((c) => `> ${c}`));
      }
    }
    return { text: lines.join('\n'), blocks: [{ type: 'header', text: lines[0]! }, { type: 'text', text: lines.slice(1).join('\n') }] };
  }

  /** Home-view line: a pulse waiting for this agent's answer (known by their ballot, never by their answers). */
  async function pending(ctx: Pick<CommandContext, 'actor' | 't'>): Promise<string[]> {
    const round = await openRoundFor(ctx);
    const secret = round ? await repo.secretOf(round.id) : null;
    if (!round || !secret || (await repo.hasBallot(round.id, roundBallot(secret, ctx.actor.id)))) return [];
    return [ctx.t('pulse.home_pending', { closes: closesText(round, ctx.actor) })];
  }

  return { schedule, now, stop, status, answer, openComment, comment, results, pending };
}

function validValue(question: Question, n: number): boolean {
  return question.scale === 'enps' ? n >= 0 && n <= 10 : n >= 1 && n <= 5;
}

function formatScore(t: CommandContext['t'], question: Question, g: { count?: number; mean?: number; enps?: number }): string {
  return question.scale === 'enps'
    ? t('pulse.enps_line', { enps: g.enps ?? 0, count: g.count ?? 0 })
    : t('pulse.score_line', { mean: (g.mean ?? 0).toFixed(1), count: g.count ?? 0 });
}
