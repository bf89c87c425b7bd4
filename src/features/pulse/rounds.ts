/**
 * A pulse round's life: opened for a team (on its schedule or on demand) with the next questions
 * in the rotation, sent to each agent as a prompt that waits for a shift's edge, one reminder to
 * those who have not answered (known only by their ballot, never by their answers), and closed
 * at its time, which erases the ballot secret. Supervisors hear the participation, never more.
 */
import { DateTime } from 'luxon';
import type { FeatureDeps } from '../../app.ts';
import type { Member, Team } from '../../core/domain.ts';
import { translatorFor } from '../../core/i18n/index.ts';
import { textMessage } from '../../core/message.ts';
import type { JobSpec } from '../../core/scheduler.ts';
import { newSecret, roundBallot } from './ballot.ts';
import { questionsMessage } from './messages.ts';
import { questionsForRound } from './questions.ts';
import type { PulseRepo, PulseRoundInfo } from './repo.ts';

const hour = 3_600_000;

export interface PulseSettings {
  /** Answers a group needs before its results are shown (3–10). */
  threshold: number;
}

/** Who is asked: the team's agents. Supervisors are asked about, not asked. */
async function respondents(deps: Pick<FeatureDeps, 'store'>, orgId: string, teamId: string): Promise<Member[]> {
  return (await deps.store.listMembers(orgId, { teamId, activeOnly: true })).filter((m) => m.role === 'agent');
}

export function closesText(round: PulseRoundInfo, member: Member): string {
  return DateTime.fromJSDate(round.closesAt, { zone: member.timezone }).toFormat('yyyy-MM-dd HH:mm');
}

export function createPulseRounds(repo: PulseRepo, deps: FeatureDeps, settings: PulseSettings) {
  const { store, messenger, jobs } = deps;

  async function teamOf(orgId: string, teamId: string): Promise<Team | undefined> {
    return (await store.listTeams(orgId)).find((t) => t.id === teamId);
  }

  /**
   * Opens a round (once per key) and asks every agent of the team. The asking is a job of its own,
   * run at once: the one who opened the round hears so without waiting for a large team's prompts
   * to be queued, and a restart mid-way leaves the job to a tick, which asks those not yet asked.
   */
  async function open(key: string, orgId: string, teamId: string, at: Date, openHours: number, count: number): Promise<PulseRoundInfo> {
    const team = await teamOf(orgId, teamId);
    const zone = team?.timezone ?? deps.org.timezone;
    const questions = questionsForRound(await repo.roundCount(teamId), count).map((q) => q.id);
    const { round, created } = await repo.openRound({
      key, orgId, teamId, openedOn: DateTime.fromJSDate(at, { zone }).toISODate()!, closesAt: new Date(at.getTime() + openHours * hour),
      questions, secret: newSecret(), threshold: settings.threshold,
    });
    // The close first: a round must never stay open (with its secret) because asking failed.
    const midway = new Date(at.getTime() + (openHours * hour) / 2);
    await jobs.schedule([
      { key: `pulse.close:${round.id}`, orgId, kind: 'pulse.close', dueAt: round.closesAt, payload: { roundId: round.id } },
      { key: `pulse.remind:${round.id}`, orgId, kind: 'pulse.remind', dueAt: midway, payload: { roundId: round.id } },
    ]);
    // Counted once; again only if a restart came between the round and its count.
    if (created || round.invited === 0) {
      const invited = (await respondents(deps, orgId, teamId)).length;
      await repo.setInvited(round.id, invited);
      round.invited = invited;
    }
    await jobs.runNow({ key: `pulse.ask:${round.id}`, orgId, kind: 'pulse.ask', dueAt: at, payload: { roundId: round.id } });
    return round;
  }

  async function ask(roundId: string, signal: AbortSignal): Promise<string> {
    const round = await repo.round(roundId);
    if (!round || !(await repo.secretOf(round.id))) return 'round closed';
    const people = await respondents(deps, round.orgId, round.teamId);
    for (const member of people) {
      signal.throwIfAborted();
      const t = translatorFor(member.locale);
      await messenger.prompt(member, questionsMessage(t, member.locale, round, closesText(round, member)), `pulse.ask:${round.id}:${member.id}`);
    }
    return `asked ${people.length}`;
  }

  async function remind(roundId: string): Promise<string> {
    const round = await repo.round(roundId);
    const secret = round ? await repo.secretOf(round.id) : null;
    if (!round || !secret) return 'round closed';
    let reminded = 0;
    for (const member of await respondents(deps, round.orgId, round.teamId)) {
      if (await repo.hasBallot(round.id, roundBallot(secret, member.id))) continue;
      const t = translatorFor(member.locale);
      await messenger.prompt(member, questionsMessage(t, member.locale, round, closesText(round, member), true), `pulse.remind:${round.id}:${member.id}`);
      reminded += 1;
    }
    return `reminded ${reminded}`;
  }

  async function close(roundId: string): Promise<string> {
    const closed = await repo.close(roundId);
    // Questions still waiting for someone's shift to end would only be answered "closed".
    for (const kind of ['pulse.ask', 'pulse.remind']) await messenger.withdraw(`${kind}:${roundId}:`, 'round closed');
    if (!closed) return 'already closed';
    const round = (await repo.round(roundId))!;
    const supervisors = (await store.listMembers(round.orgId, { teamId: round.teamId, activeOnly: true })).filter((m) => m.role === 'supervisor');
    for (const supervisor of supervisors) {
      const t = translatorFor(supervisor.locale);
      // A team under the threshold hears that the round closed, not how many answered.
      const text = round.invited >= round.threshold ? t('pulse.closed_summary', { answered: round.answered, invited: round.invited }) : t('pulse.closed_small');
      await messenger.toMember(supervisor, textMessage(text), `pulse.closed:${round.id}:${supervisor.id}`);
    }
    return `closed: ${round.answered} of ${round.invited} answered`;
  }

  const specs: JobSpec[] = [
    {
      kind: 'pulse.round',
      maxLatenessMs: 12 * hour,
      async run(ctx) {
        if (!ctx.schedule?.teamId) return 'no team';
        const { questions, openHours } = ctx.payload as { questions: number; openHours: number };
        const round = await open(ctx.key, ctx.orgId, ctx.schedule.teamId, ctx.dueAt, openHours, questions);
        return `round ${round.id} for ${round.invited}`;
      },
    },
    // Past half a day the reminder, due midway, asks those who have not answered.
    { kind: 'pulse.ask', maxLatenessMs: 12 * hour, run: (ctx) => ask((ctx.payload as { roundId: string }).roundId, ctx.signal) },
    { kind: 'pulse.remind', maxLatenessMs: 12 * hour, run: (ctx) => remind((ctx.payload as { roundId: string }).roundId) },
    // Closing can never be too late: a round left open would keep its secret.
    { kind: 'pulse.close', maxLatenessMs: 365 * 24 * hour, run: (ctx) => close((ctx.payload as { roundId: string }).roundId) },
  ];

  return { open, jobs: specs };
}
