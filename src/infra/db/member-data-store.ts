/**
 * Data rights over Prisma: a member's records for export, and erasure, each table handled as
 * `src/features/privacy/policy.ts` decides. Works unchanged on SQLite and PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import { erasedMark, erasedName } from '../../features/privacy/policy.ts';
import type { ErasureCounts, ExportRow, MemberDataRepo, MemberRecords } from '../../features/privacy/repo.ts';
import { formatShift } from '../../features/roster/shifts.ts';
import type { DbClient } from './connection.ts';

type Tx = Parameters<Parameters<DbClient['$transaction']>[0]>[0];

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** Thrown to roll a preview's transaction back, carrying what it counted. */
class PreviewRollback extends Error {
  constructor(readonly counts: ErasureCounts) {
    super('erasure preview rolled back');
  }
}

export function createMemberDataRepo(db: DbClient): MemberDataRepo {
  return {
    recordsOf: (memberId) => recordsOf(db, memberId),

    async erase(memberId, { apply, at }) {
      try {
        return await db.$transaction(
          async (tx) => {
            const counts = await eraseIn(tx, memberId, at);
            if (!apply) throw new PreviewRollback(counts);
            return counts;
          },
          { timeout: 120_000, maxWait: 10_000 },
        );
      } catch (error) {
        if (error instanceof PreviewRollback) return error.counts;
        throw error;
      }
    },

    async auditExport(orgId, memberId, at) {
      await db.auditLog.create({ data: { orgId, actorId: null, action: 'member.export', target: memberId, createdAt: at } });
    },
  };
}

async function recordsOf(db: DbClient, id: string): Promise<MemberRecords> {
  const member = await db.member.findUniqueOrThrow({
    where: { id },
    include: { team: { select: { name: true } }, shifts: true, identities: { include: { workspace: { select: { platform: true, externalId: true, name: true } } } } },
  });
  const names = new Map((await db.member.findMany({ where: { orgId: member.orgId }, select: { id: true, name: true } })).map((m) => [m.id, m.name]));
  const teams = new Map((await db.team.findMany({ where: { orgId: member.orgId }, select: { id: true, name: true } })).map((t) => [t.id, t.name]));
  const nameOf = (memberId: string | null) => (memberId ? (names.get(memberId) ?? null) : null);
  const teamOf = (teamId: string | null) => (teamId ? (teams.get(teamId) ?? null) : null);
  const gatheringSelect = { select: { title: true, date: true, time: true, currency: true } } as const;

  const [programmes, avoiding, lunchRsvps, turns, organised, paid, rsvps, shares, given, received, points, authored, owned, oversight, schedules, audit] = await Promise.all([
    db.lunchMember.findMany({ where: { memberId: id }, orderBy: { createdAt: 'asc' } }),
    db.lunchAvoid.findMany({ where: { memberId: id }, orderBy: { createdAt: 'asc' } }),
    db.lunchRsvp.findMany({ where: { memberId: id }, include: { round: { select: { date: true, time: true } } } }),
    db.rotationTurn.findMany({ where: { memberId: id }, orderBy: { date: 'asc' } }),
    db.gathering.findMany({ where: { createdBy: id }, orderBy: { at: 'asc' } }),
    db.gathering.findMany({ where: { paidBy: id }, orderBy: { at: 'asc' } }),
    db.gatheringRsvp.findMany({ where: { memberId: id }, include: { gathering: gatheringSelect } }),
    db.gatheringShare.findMany({ where: { memberId: id }, include: { gathering: gatheringSelect } }),
    db.kudos.findMany({ where: { giverId: id }, include: { recipients: { select: { memberId: true } } }, orderBy: { createdAt: 'asc' } }),
    db.kudosRecipient.findMany({ where: { memberId: id }, include: { kudos: { select: { giverId: true, value: true, message: true } } }, orderBy: { createdAt: 'asc' } }),
    db.points.findMany({ where: { memberId: id }, orderBy: { createdAt: 'asc' } }),
    db.suggestion.findMany({ where: { authorId: id }, orderBy: { id: 'asc' } }),
    db.suggestion.findMany({ where: { ownerId: id }, orderBy: { id: 'asc' } }),
    db.oversightMember.findMany({ where: { memberId: id } }),
    db.schedule.findMany({ where: { createdBy: id }, orderBy: { createdAt: 'asc' } }),
    db.auditLog.findMany({ where: { OR: [{ actorId: id }, { target: id }, { detail: { contains: id } }] }, orderBy: { createdAt: 'asc' } }),
  ]);
  const suggestion = (s: (typeof authored)[number]): ExportRow => ({
    id: s.id, text: s.text, status: s.status, team: teamOf(s.teamId), dueDate: s.dueDate, reason: s.reason, createdAt: iso(s.createdAt),
    reviewedAt: iso(s.reviewedAt), adoptedAt: iso(s.adoptedAt), implementedAt: iso(s.implementedAt), declinedAt: iso(s.declinedAt),
  });
  const gathering = (g: (typeof organised)[number]): ExportRow => ({
    title: g.title, team: teamOf(g.teamId), date: g.date, time: g.time, place: g.place, status: g.status, currency: g.currency, totalMinor: g.totalMinor,
  });
  return {
    profile: {
      name: member.name, email: member.email, role: member.role, team: member.team?.name ?? null, timezone: member.timezone, locale: member.locale,
      active: member.active, createdAt: iso(member.createdAt), updatedAt: iso(member.updatedAt),
    },
    identities: member.identities.map((i) => ({ platform: i.workspace.platform, workspace: i.workspace.name, workspaceId: i.workspace.externalId, userId: i.externalId, linkedAt: iso(i.createdAt) })),
    shifts: member.shifts.map((s) => ({ shift: formatShift(s) })),
    lunch: {
      programmes: programmes.map((p) => ({ programme: p.scheduleId, status: p.status, pausedUntil: p.pausedUntil, skipNext: p.skipNext, ignoredInARow: p.ignored, joinedAt: iso(p.createdAt) })),
      avoiding: avoiding.map((a) => ({ name: nameOf(a.avoidId), since: iso(a.createdAt) })),
      rsvps: lunchRsvps.map((r) => ({ date: r.round.date, time: r.round.time, answer: r.answer, group: r.groupNo })),
    },
    rotations: turns.map((t) => ({ kind: t.kind, team: teamOf(t.teamId), month: t.month, date: t.date, status: t.status, learned: t.learned, change: t.change })),
    gatherings: {
      organised: organised.map(gathering),
      paid: paid.map(gathering),
      rsvps: rsvps.map((r) => ({ title: r.gathering.title, date: r.gathering.date, time: r.gathering.time, answer: r.answer })),
      shares: shares.map((s) => ({ title: s.gathering.title, date: s.gathering.date, amountMinor: s.amountMinor, currency: s.gathering.currency, paid: s.paid, paidAt: iso(s.paidAt) })),
    },
    kudos: {
      given: given.map((k) => ({ at: iso(k.createdAt), value: k.value, message: k.message, to: k.recipients.map((r) => nameOf(r.memberId) ?? '?') })),
      received: received.map((r) => ({ at: iso(r.createdAt), value: r.kudos.value, message: r.kudos.message, from: nameOf(r.kudos.giverId) })),
    },
    points: points.map((p) => ({ at: iso(p.createdAt), points: p.points, reason: p.reason })),
    suggestions: { authored: authored.map(suggestion), owned: owned.map(suggestion) },
    oversight: oversight.map((o) => ({ since: iso(o.createdAt) })),
    schedules: schedules.map((s) => ({ kind: s.kind, team: teamOf(s.teamId), active: s.active, createdAt: iso(s.createdAt) })),
    audit: audit.map((a) => ({ at: iso(a.createdAt), action: a.action, target: a.target, as: a.actorId === id ? 'actor' : 'subject', detail: a.detail })),
  };
}

/** Replaces every occurrence of each needle in text. */
function replaceAll(text: string, pairs: Array<[string, string]>): string {
  return pairs.reduce((out, [from, to]) => (from ? out.split(from).join(to) : out), text);
}

async function eraseIn(tx: Tx, id: string, at: Date): Promise<ErasureCounts> {
  const member = await tx.member.findUniqueOrThrow({ where: { id }, include: { identities: { select: { externalId: true } }, org: { select: { timezone: true, locale: true } } } });
  const platformIds = member.identities.map((i) => i.externalId);
  const { email, name } = member;
  const needles = [...new Set([id, email, name, ...platformIds].filter((n) => n.length > 0))];
  const mentions = <K extends string>(field: K) => needles.map((n) => ({ [field]: { contains: n } }) as Record<K, { contains: string }>);

  // The stand-in: keeps the team and role that counts group by, and nothing of the person.
  const stand = await tx.member.create({
    data: { orgId: member.orgId, teamId: member.teamId, role: member.role, name: erasedName, email: `erased-${randomUUID()}@erased.invalid`, timezone: member.org.timezone, locale: member.org.locale, active: false },
  });
  const to = stand.id;

  const deliveries = n(await tx.delivery.deleteMany({ where: { OR: [{ address: { in: platformIds } }, { key: { contains: id } }, ...mentions('payload')] } }));
  const playground = n(await tx.playgroundMessage.deleteMany({ where: { OR: [{ address: `dm:${email}` }, ...platformIds.map((p) => ({ address: `dm:${p}` })), { key: { contains: id } }, ...mentions('payload')] } }));
  const refs = n(await tx.conversationRef.deleteMany({ where: { OR: [{ key: { in: platformIds.map((p) => `user:${p}`) } }, ...mentions('reference')] } }));

  const lunchMembers = n(await tx.lunchMember.deleteMany({ where: { memberId: id } }));
  const avoids = n(await tx.lunchAvoid.deleteMany({ where: { OR: [{ memberId: id }, { avoidId: id }] } }));
  const seats = n(await tx.oversightMember.deleteMany({ where: { memberId: id } }));
  await tx.oversightMember.updateMany({ where: { addedBy: id }, data: { addedBy: to } });

  const openRsvps = n(await tx.lunchRsvp.deleteMany({ where: { memberId: id, round: { status: 'inviting' } } }));
  const lunchRsvps = openRsvps + n(await tx.lunchRsvp.updateMany({ where: { memberId: id }, data: { memberId: to } }));

  // Role swaps still to come (from their own today on) are called off, with their reminder and
  // reflection prompt: the stand-in cannot take a turn, and the team should not wait for one.
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: member.timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
  const upcoming = await tx.rotationTurn.findMany({ where: { memberId: id, status: 'scheduled', date: { gte: today } }, select: { id: true } });
  const calledOff = n(await tx.rotationTurn.updateMany({ where: { id: { in: upcoming.map((t) => t.id) } }, data: { status: 'cancelled' } }));
  if (upcoming.length > 0) {
    await tx.occurrence.updateMany({
      where: { status: 'pending', OR: upcoming.flatMap((turn) => ['rotation.remind', 'rotation.reflect'].map((kind) => ({ key: { startsWith: `${kind}:${turn.id}:` } }))) },
      data: { status: 'skipped', result: 'the member was erased', finishedAt: at },
    });
  }
  const turns = n(await tx.rotationTurn.updateMany({ where: { memberId: id }, data: { memberId: to, learned: null, change: null } }))
    + n(await tx.rotationTurn.updateMany({ where: { createdBy: id }, data: { createdBy: to } }));
  const gatherings = n(await tx.gathering.updateMany({ where: { createdBy: id }, data: { createdBy: to } }))
    + n(await tx.gathering.updateMany({ where: { paidBy: id }, data: { paidBy: to } }));
  const gatheringRsvps = n(await tx.gatheringRsvp.updateMany({ where: { memberId: id }, data: { memberId: to } }));
  const shares = n(await tx.gatheringShare.updateMany({ where: { memberId: id }, data: { memberId: to } }));

  const kudos = n(await tx.kudos.updateMany({ where: { OR: [{ giverId: id }, { recipients: { some: { memberId: id } } }] }, data: { message: '' } }));
  await tx.kudos.updateMany({ where: { giverId: id }, data: { giverId: to } });
  await tx.kudosRecipient.updateMany({ where: { memberId: id }, data: { memberId: to } });
  const points = n(await tx.points.updateMany({ where: { memberId: id }, data: { memberId: to } }));

  const suggestions = n(await tx.suggestion.updateMany({ where: { authorId: id }, data: { authorId: null } }))
    + n(await tx.suggestion.updateMany({ where: { ownerId: id }, data: { ownerId: null } }));
  const schedules = n(await tx.schedule.updateMany({ where: { createdBy: id }, data: { createdBy: to } }));

  const identifiers: Array<[string, string]> = [[id, to], ...[email, name, ...platformIds].map((x): [string, string] => [x, erasedMark])];
  const jsonIdentifiers = identifiers.map(([from, into]): [string, string] => [JSON.stringify(from).slice(1, -1), into]);
  const entries = await tx.auditLog.findMany({ where: { OR: [{ actorId: id }, ...mentions('target'), ...mentions('detail')] } });
  for (const e of entries) {
    await tx.auditLog.update({
      where: { id: e.id },
      data: { actorId: e.actorId === id ? to : e.actorId, target: replaceAll(e.target, identifiers), detail: replaceAll(e.detail, jsonIdentifiers) },
    });
  }

  // A rotation job's result names whom it reminded, by id: the stand-in's from now on.
  const runs = await tx.occurrence.findMany({ where: { OR: [{ result: { contains: id } }, { payload: { contains: id } }] }, select: { id: true, result: true, payload: true } });
  for (const r of runs) await tx.occurrence.update({ where: { id: r.id }, data: { payload: replaceAll(r.payload, [[id, to]]), result: r.result === null ? null : replaceAll(r.result, [[id, to]]) } });

  const freeText = await scrubFreeText(tx, [[email, erasedMark], [name, erasedMark]]);

  const identities = n(await tx.platformIdentity.deleteMany({ where: { memberId: id } }));
  const shifts = n(await tx.shift.deleteMany({ where: { memberId: id } }));
  await tx.member.delete({ where: { id } });

  const counts: ErasureCounts = {
    profile: 1, 'platform identities': identities, shifts, 'conversation references': refs, 'outbound messages': deliveries,
    'playground messages': playground, 'lunch memberships': lunchMembers, 'lunch avoid entries': avoids, 'oversight seats': seats,
    'lunch answers': lunchRsvps, 'role swaps': turns, 'role swaps to come': calledOff, 'gatherings organised or paid': gatherings, 'gathering answers': gatheringRsvps,
    'bill shares': shares, 'kudos given or received': kudos, points, 'suggestions authored or owned': suggestions, 'schedules set up': schedules,
    'audit entries': entries.length, 'job records': runs.length, 'mentions in free text': freeText,
  };
  await tx.auditLog.create({ data: { orgId: member.orgId, actorId: null, action: 'member.erase', target: to, detail: JSON.stringify(counts), createdAt: at } });
  return counts;
}

/** Their name and email where others wrote them: kudos messages, suggestions, reflections, gathering titles. */
async function scrubFreeText(tx: Tx, pairs: Array<[string, string]>): Promise<number> {
  const needles = pairs.map(([from]) => from).filter((x) => x.length > 0);
  const any = <K extends string>(field: K) => needles.map((x) => ({ [field]: { contains: x } }) as Record<K, { contains: string }>);
  const fix = (text: string | null) => (text === null ? null : replaceAll(text, pairs));
  // SQLite's LIKE ignores case, so a row found may need no change: only changed rows count.
  const changes = <T extends Record<string, string | null>>(row: T) => {
    const out: Partial<T> = {};
    for (const [key, value] of Object.entries(row) as Array<[keyof T, T[keyof T]]>) if (fix(value) !== value) out[key] = fix(value) as T[keyof T];
    return Object.keys(out).length > 0 ? out : null;
  };
  let changed = 0;
  for (const { id, ...text } of await tx.kudos.findMany({ where: { OR: any('message') }, select: { id: true, message: true } })) {
    const data = changes(text);
    if (data) changed += n(await tx.kudos.updateMany({ where: { id }, data }));
  }
  for (const { id, ...text } of await tx.suggestion.findMany({ where: { OR: [...any('text'), ...any('reason')] }, select: { id: true, text: true, reason: true } })) {
    const data = changes(text);
    if (data) changed += n(await tx.suggestion.updateMany({ where: { id }, data }));
  }
  for (const { id, ...text } of await tx.rotationTurn.findMany({ where: { OR: [...any('learned'), ...any('change')] }, select: { id: true, learned: true, change: true } })) {
    const data = changes(text);
    if (data) changed += n(await tx.rotationTurn.updateMany({ where: { id }, data }));
  }
  for (const { id, ...text } of await tx.gathering.findMany({ where: { OR: [...any('title'), ...any('place')] }, select: { id: true, title: true, place: true } })) {
    const data = changes(text);
    if (data) changed += n(await tx.gathering.updateMany({ where: { id }, data }));
  }
  return changed;
}

const n = (r: { count: number }) => r.count;
