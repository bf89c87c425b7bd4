/**
 * A lunch round's life: invitations go out days before (as prompts that wait for a shift's
 * edge), groups are formed the day before from those who said yes (that message is the
 * reminder), a late yes joins a group, a drop-out's group is repaired rather than reshuffled, and
 * after the lunch people who ignored three invitations in a row are paused and told how to come
 * back. Every step is keyed on the round, so a job that runs twice does nothing twice.
 */
import { DateTime } from 'luxon';
import type { FeatureDeps } from '../../app.ts';
import type { Member } from '../../core/domain.ts';
import { translatorFor } from '../../core/i18n/index.ts';
import { textMessage } from '../../core/message.ts';
import { localToInstant } from '../../core/recurrence.ts';
import type { JobSpec } from '../../core/scheduler.ts';
import { formGroups } from './grouping.ts';
import { groupMessage, joinInvitation, roundInvitation } from './messages.ts';
import type { LunchRepo, Programme, Round } from './repo.ts';

const hour = 3_600_000;
/** Invitations unanswered in a row before someone is paused rather than nagged. */
const ignoreLimit = 3;

export function createLunchRounds(repo: LunchRepo, deps: FeatureDeps) {
  const { store, messenger, jobs, logger } = deps;

  async function membersById(ids: string[]): Promise<Map<string, Member>> {
    const out = new Map<string, Member>();
    for (const id of ids) {
      const member = await store.findMemberById(id);
      if (member?.active) out.set(id, member);
    }
    return out;
  }

  /** Everyone in a group, each told who they eat with. */
  async function announceGroup(round: Round, programme: Programme, group: string[], people: Map<string, Member>, keySuffix: string): Promise<void> {
    for (const id of group) {
      const member = people.get(id);
      if (!member) continue;
      const others = group.filter((x) => x !== id).map((x) => people.get(x)?.name ?? '?');
      await messenger.toMember(member, groupMessage(translatorFor(member.locale), round, programme.place, others), `lunch.group:${round.id}:${id}:${keySuffix}`);
    }
  }

  async function invite(key: string, programme: Programme, payload: { localDate: string; time: string; at: string }): Promise<string> {
    const { round } = await repo.ensureRound({ key, scheduleId: programme.id, date: payload.localDate, time: payload.time, at: new Date(payload.at), groupSize: programme.groupSize });
    const invitees: Member[] = [];
    const sittingOut: string[] = [];
    for (const p of await repo.participants(programme.id)) {
      if (p.status === 'left') continue;
      if (p.status === 'paused') {
        if (!p.pausedUntil || p.pausedUntil > round.date) continue;
        await repo.setParticipant(programme.id, p.memberId, { status: 'active', pausedUntil: null });
      }
      const member = await store.findMemberById(p.memberId);
      // Someone who left the team (or Hearth) is no longer invited to its lunches.
      if (!member?.active || (programme.teamId && member.teamId !== programme.teamId)) continue;
      if (p.skipNext) {
        await repo.setParticipant(programme.id, p.memberId, { skipNext: false });
        sittingOut.push(member.id);
        continue;
      }
      invitees.push(member);
    }
    await repo.addRsvps(round.id, sittingOut, 'no');
    await repo.addRsvps(round.id, invitees.map((m) => m.id), 'pending');
    for (const member of invitees) {
      await messenger.prompt(member, roundInvitation(translatorFor(member.locale), round, programme.place), `lunch.invite:${round.id}:${member.id}`);
    }
    const dayBefore = DateTime.fromISO(round.date, { zone: programme.timezone }).minus({ days: 1 }).toISODate()!;
    const groupAt = new Date(Math.min(localToInstant(dayBefore, '10:00', programme.timezone).getTime(), round.at.getTime() - 2 * hour));
    await jobs.schedule([
      { key: `lunch.group:${round.id}`, orgId: programme.orgId, kind: 'lunch.group', dueAt: groupAt, payload: { roundId: round.id } },
      { key: `lunch.close:${round.id}`, orgId: programme.orgId, kind: 'lunch.close', dueAt: new Date(round.at.getTime() + 3 * hour), payload: { roundId: round.id } },
    ]);
    return `invited ${invitees.length}, ${sittingOut.length} sitting out`;
  }

  async function group(roundId: string): Promise<string> {
    const round = await repo.round(roundId);
    if (!round || round.status !== 'inviting') return 'already grouped';
    const programme = await repo.programmeById(round.scheduleId);
    if (!programme?.active) {
      await repo.setStatus(round.id, 'cancelled');
      return 'programme cancelled';
    }
    const yes = (await repo.rsvps(round.id)).filter((r) => r.answer === 'yes').map((r) => r.memberId);
    const people = await membersById(yes);
    const ids = yes.filter((id) => people.has(id));
    if (ids.length === 1) {
      const only = people.get(ids[0]!)!;
      await repo.setGroups(round.id, [ids]);
      await messenger.toMember(only, textMessage(translatorFor(only.locale)('lunch.alone', { date: round.date })), `lunch.alone:${round.id}:${only.id}`);
      return 'one person: told';
    }
    const result = formGroups({
      people: ids.map((id) => ({ id, manager: people.get(id)!.role !== 'agent' })),
      groupSize: round.groupSize,
      history: await repo.history(programme.id, 12),
      avoid: await repo.avoidPairs(ids),
      seed: round.key,
    });
    await repo.setGroups(round.id, result.groups);
    for (const g of result.groups) await announceGroup(round, programme, g, people, 'formed');
    if (result.withoutManager > 0) logger.info({ roundId: round.id, withoutManager: result.withoutManager }, 'lunch groups without a manager: too few managers said yes');
    return `${result.groups.length} groups, ${result.repeats} repeats, ${result.avoidViolations} avoid violations`;
  }

  async function close(roundId: string): Promise<string> {
    const round = await repo.round(roundId);
    if (!round || round.status === 'done' || round.status === 'cancelled') return 'already closed';
    let paused = 0;
    for (const r of await repo.rsvps(round.id)) {
      const participant = await repo.participant(round.scheduleId, r.memberId);
      if (!participant) continue;
      if (r.answer !== 'pending') {
        if (participant.ignored > 0) await repo.setParticipant(round.scheduleId, r.memberId, { ignored: 0 });
        continue;
      }
      const ignored = participant.ignored + 1;
      if (ignored < ignoreLimit || participant.status !== 'active') {
        await repo.setParticipant(round.scheduleId, r.memberId, { ignored });
        continue;
      }
      await repo.setParticipant(round.scheduleId, r.memberId, { ignored, status: 'paused', pausedUntil: null });
      const member = await store.findMemberById(r.memberId);
      if (member?.active) await messenger.toMember(member, textMessage(translatorFor(member.locale)('lunch.paused_for_silence')), `lunch.paused:${round.id}:${member.id}`);
      paused += 1;
    }
    await repo.setStatus(round.id, 'done');
    return `closed; ${paused} paused after ${ignoreLimit} unanswered invitations`;
  }

  /**
   * Someone said yes after the groups were formed: they join the smallest group (one with a
   * manager if any has), and that group is told.
   */
  async function lateYes(round: Round, memberId: string): Promise<void> {
    const programme = await repo.programmeById(round.scheduleId);
    if (!programme) return;
    const rsvps = (await repo.rsvps(round.id)).filter((r) => r.groupNo !== null && r.answer === 'yes');
    const people = await membersById([...rsvps.map((r) => r.memberId), memberId]);
    const groups = groupsOf(rsvps);
    const target = pickGroup(groups, people)?.no ?? groups.length + 1;
    await repo.setGroup(round.id, memberId, target);
    const members = [...(groups.find((g) => g.no === target)?.ids ?? []), memberId];
    await announceGroup(round, programme, members, people, `joined-${memberId}`);
  }

  /**
   * Someone dropped out after groups were formed. Their group keeps going when it still has two
   * people and its manager; otherwise those left join other groups, and everyone affected is told.
   */
  async function dropOut(round: Round, memberId: string, groupNo: number): Promise<void> {
    const programme = await repo.programmeById(round.scheduleId);
    if (!programme) return;
    const rsvps = (await repo.rsvps(round.id)).filter((r) => r.groupNo !== null && r.answer === 'yes');
    const people = await membersById([...rsvps.map((r) => r.memberId), memberId]);
    const groups = groupsOf(rsvps);
    const left = groups.find((g) => g.no === groupNo)?.ids ?? [];
    const others = groups.filter((g) => g.no !== groupNo);
    const hadManager = [...left, memberId].some((id) => isManager(people.get(id)));
    const hasManager = left.some((id) => isManager(people.get(id)));
    const name = people.get(memberId)?.name ?? '?';
    if (left.length >= 2 && (hasManager || !hadManager)) {
      for (const id of left) {
        const member = people.get(id);
        if (!member) continue;
        const t = translatorFor(member.locale);
        await messenger.toMember(member, textMessage(t('lunch.dropped_other', { name, names: left.filter((x) => x !== id).map((x) => people.get(x)?.name ?? '?').join(', ') })), `lunch.dropped:${round.id}:${memberId}:${id}`);
      }
      return;
    }
    if (others.length === 0) {
      for (const id of left) {
        const member = people.get(id);
        if (member) await messenger.toMember(member, textMessage(translatorFor(member.locale)('lunch.off', { name, date: round.date })), `lunch.off:${round.id}:${id}`);
      }
      return;
    }
    for (const id of left) {
      const target = pickGroup(others, people)!;
      target.ids.push(id);
      await repo.setGroup(round.id, id, target.no);
      await announceGroup(round, programme, target.ids, people, `regroup-${memberId}`);
    }
  }

  /** Who a programme's invitation to join is for: its people who have not joined, but `by`. */
  async function notJoined(programme: Programme, by: string): Promise<Member[]> {
    const members = await store.listMembers(programme.orgId, { activeOnly: true, ...(programme.teamId ? { teamId: programme.teamId } : {}) });
    const joined = new Set((await repo.participants(programme.id)).filter((p) => p.status !== 'left').map((p) => p.memberId));
    return members.filter((m) => !joined.has(m.id) && m.id !== by);
  }

  /**
   * Asks those who have not joined a programme to join. A job of its own, run at once when the
   * programme is set up (a site is thousands of people): a restart mid-way leaves it to a tick.
   * Each person is asked once per programme, however often it is changed.
   */
  async function inviteToJoin(programmeId: string, by: string, signal: AbortSignal): Promise<string> {
    const programme = await repo.programmeById(programmeId);
    if (!programme?.active) return 'programme inactive';
    const team = programme.teamId ? (await store.listTeams(programme.orgId)).find((t) => t.id === programme.teamId)?.name : undefined;
    const people = await notJoined(programme, by);
    for (const member of people) {
      signal.throwIfAborted();
      const t = translatorFor(member.locale);
      await messenger.prompt(member, joinInvitation(t, programme, team ?? t('holiday.everyone')), `lunch.join-invite:${programme.id}:${member.id}`);
    }
    return `invited ${people.length}`;
  }

  /** Who hears that a programme was cancelled: its active participants. */
  async function toTell(programmeId: string): Promise<Member[]> {
    const ids = (await repo.participants(programmeId)).filter((x) => x.status !== 'left').map((x) => x.memberId);
    return [...(await membersById(ids)).values()];
  }

  const jobsSpecs: JobSpec[] = [
    {
      kind: 'lunch.tell-cancelled',
      maxLatenessMs: 7 * 24 * hour,
      async run(ctx) {
        const { programmeId, team } = ctx.payload as { programmeId: string; team: string };
        const people = await toTell(programmeId);
        for (const member of people) {
          ctx.signal.throwIfAborted();
          await messenger.toMember(member, textMessage(translatorFor(member.locale)('lunch.cancelled_dm', { team })), `lunch.cancelled:${programmeId}:${member.id}`);
        }
        return `told ${people.length}`;
      },
    },
    {
      kind: 'lunch.join-invite',
      maxLatenessMs: 24 * hour,
      run: (ctx) => {
        const { programmeId, by } = ctx.payload as { programmeId: string; by: string };
        return inviteToJoin(programmeId, by, ctx.signal);
      },
    },
    {
      kind: 'lunch.round',
      maxLatenessMs: 48 * hour,
      async run(ctx) {
        const programme = ctx.schedule ? await repo.programmeById(ctx.schedule.id) : null;
        if (!programme?.active) return 'programme inactive';
        return invite(ctx.key, programme, ctx.payload as { localDate: string; time: string; at: string });
      },
    },
    { kind: 'lunch.group', maxLatenessMs: 20 * hour, run: (ctx) => group((ctx.payload as { roundId: string }).roundId) },
    { kind: 'lunch.close', maxLatenessMs: 14 * 24 * hour, run: (ctx) => close((ctx.payload as { roundId: string }).roundId) },
  ];

  return { jobs: jobsSpecs, lateYes, dropOut, notJoined, toTell };
}

const isManager = (member: Member | undefined): boolean => member !== undefined && member.role !== 'agent';

interface GroupRef {
  no: number;
  ids: string[];
}

function groupsOf(rsvps: Array<{ memberId: string; groupNo: number | null }>): GroupRef[] {
  const groups = new Map<number, string[]>();
  for (const r of rsvps) groups.set(r.groupNo!, [...(groups.get(r.groupNo!) ?? []), r.memberId]);
  return [...groups.entries()].map(([no, ids]) => ({ no, ids })).sort((a, b) => a.no - b.no);
}

/** The smallest group, preferring one with a manager at the table. */
function pickGroup(groups: GroupRef[], people: Map<string, Member>): GroupRef | undefined {
  const withManager = groups.filter((g) => g.ids.some((id) => isManager(people.get(id))));
  return [...(withManager.length > 0 ? withManager : groups)].sort((a, b) => a.ids.length - b.ids.length || a.no - b.no)[0];
}
