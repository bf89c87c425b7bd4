/**
 * The core's Store port over Prisma. Works unchanged on SQLite and PostgreSQL: the two generated
 * clients have the same models (see connection.ts).
 */
import type { Member, Platform, ShiftPattern } from '../../core/domain.ts';
import { isLocale, type Locale } from '../../core/i18n/index.ts';
import type { MemberWithShifts, RosterEntry, Store } from '../../core/ports.ts';
import type { DbClient } from './connection.ts';

type MemberRow = {
  id: string;
  orgId: string;
  name: string;
  email: string;
  role: Member['role'];
  teamId: string | null;
  team: { name: string } | null;
  timezone: string;
  locale: string;
  active: boolean;
};

const memberSelect = {
  id: true, orgId: true, name: true, email: true, role: true, teamId: true, team: { select: { name: true } },
  timezone: true, locale: true, active: true,
} as const;

function toLocale(value: string): Locale {
  return isLocale(value) ? value : 'en';
}

function toMember(row: MemberRow): Member {
  return {
    id: row.id, orgId: row.orgId, name: row.name, email: row.email, role: row.role, teamId: row.teamId,
    teamName: row.team?.name ?? null, timezone: row.timezone, locale: toLocale(row.locale), active: row.active,
  };
}

const shiftKey = (s: ShiftPattern) => `${s.days}/${s.startMinute}/${s.endMinute}`;
const sameShifts = (a: ShiftPattern[], b: ShiftPattern[]) =>
  a.map(shiftKey).sort().join(',') === b.map(shiftKey).sort().join(',');

export function createPrismaStore(db: DbClient): Store {
  return {
    async ping() {
      await db.$queryRawUnsafe('SELECT 1');
    },

    async ensureOrganization(defaults) {
      const existing = await db.organization.findFirst({ orderBy: { createdAt: 'asc' } });
      let row = existing ?? (await db.organization.create({ data: defaults }));
      if (defaults.currency && row.currency !== defaults.currency) {
        row = await db.organization.update({ where: { id: row.id }, data: { currency: defaults.currency } });
      }
      return { id: row.id, name: row.name, timezone: row.timezone, locale: toLocale(row.locale), currency: row.currency };
    },

    async ensureWorkspace(orgId, platform, externalId, name) {
      const row = await db.workspace.upsert({
        where: { platform_externalId: { platform, externalId } },
        create: { orgId, platform, externalId, name },
        update: {},
        select: { id: true },
      });
      return row;
    },

    async findMemberByIdentity(platform, workspace, userId) {
      const identity = await db.platformIdentity.findFirst({
        where: { externalId: userId, workspace: { platform, externalId: workspace } },
        select: { member: { select: memberSelect } },
      });
      return identity ? toMember(identity.member) : null;
    },

    async findMemberByEmail(orgId, email) {
      const row = await db.member.findUnique({ where: { orgId_email: { orgId, email: email.toLowerCase() } }, select: memberSelect });
      return row ? toMember(row) : null;
    },

    async findMemberById(id) {
      const row = await db.member.findUnique({ where: { id }, select: memberSelect });
      return row ? toMember(row) : null;
    },

    /**
     * Idempotent, also when several requests link the same person at once (two first commands,
     * or a kudos naming someone while they send their own first command): the link already there
     * is never deleted, and losing the race to create it (P2002) means re-reading, not failing.
     * Re-pointing is deliberate: a platform user id belongs to whoever the roster says now.
     */
    async linkIdentity(memberId, workspaceId, userId) {
      for (let attempt = 1; ; attempt++) {
        const current = await db.platformIdentity.findUnique({
          where: { workspaceId_externalId: { workspaceId, externalId: userId } }, select: { memberId: true },
        });
        if (current?.memberId === memberId) return;
        try {
          await db.platformIdentity.deleteMany({
            where: { workspaceId, OR: [{ memberId, NOT: { externalId: userId } }, { externalId: userId, NOT: { memberId } }] },
          });
          await db.platformIdentity.create({ data: { memberId, workspaceId, externalId: userId } });
          return;
        } catch (error) {
          if ((error as { code?: string }).code !== 'P2002' || attempt === 5) throw error;
        }
      }
    },

    async identitiesOf(memberId) {
      const rows = await db.platformIdentity.findMany({
        where: { memberId },
        select: { externalId: true, workspace: { select: { platform: true, externalId: true } } },
      });
      return rows.map((r) => ({ platform: r.workspace.platform as Platform, workspace: r.workspace.externalId, userId: r.externalId }));
    },

    async listTeams(orgId) {
      const rows = await db.team.findMany({ where: { orgId }, orderBy: { name: 'asc' } });
      return rows.map((r) => ({ id: r.id, name: r.name, timezone: r.timezone }));
    },

    async listMembers(orgId, filter = {}) {
      const rows = await db.member.findMany({
        where: { orgId, ...(filter.teamId ? { teamId: filter.teamId } : {}), ...(filter.activeOnly ? { active: true } : {}) },
        select: { ...memberSelect, shifts: { select: { days: true, startMinute: true, endMinute: true } } },
        orderBy: [{ name: 'asc' }],
      });
      return rows.map((r): MemberWithShifts => ({ ...toMember(r), shifts: r.shifts }));
    },

    async countMembers(orgId) {
      return db.member.count({ where: { orgId } });
    },

    async updatePreferences(memberId, { locale, timezone }) {
      const row = await db.$transaction(async (tx) => {
        const updated = await tx.member.update({ where: { id: memberId }, data: { locale, timezone }, select: memberSelect });
        await tx.auditLog.create({
          data: { orgId: updated.orgId, actorId: memberId, action: 'member.preferences', target: memberId, detail: JSON.stringify({ locale, timezone }) },
        });
        return updated;
      });
      return toMember(row);
    },

    async setRole(memberId, { role, teamId }, actorId) {
      const row = await db.$transaction(async (tx) => {
        const before = await tx.member.findUniqueOrThrow({ where: { id: memberId }, select: { role: true, teamId: true } });
        const updated = await tx.member.update({ where: { id: memberId }, data: { role, teamId }, select: memberSelect });
        await tx.auditLog.create({
          data: { orgId: updated.orgId, actorId, action: 'member.role', target: memberId, detail: JSON.stringify({ from: before, to: { role, teamId } }) },
        });
        return updated;
      });
      return toMember(row);
    },

    async importRoster(orgId, entries: RosterEntry[], actorId, defaultLocale) {
      return db.$transaction(
        async (tx) => {
          const result = { created: 0, updated: 0, unchanged: 0, teamsCreated: 0 };
          const teams = new Map((await tx.team.findMany({ where: { orgId } })).map((t) => [t.name, t.id]));
          for (const name of new Set(entries.map((e) => e.team).filter((t): t is string => t !== null))) {
            if (teams.has(name)) continue;
            teams.set(name, (await tx.team.create({ data: { orgId, name } })).id);
            result.teamsCreated += 1;
          }
          const existing = new Map(
            (await tx.member.findMany({ where: { orgId }, include: { shifts: true } })).map((m) => [m.email, m]),
          );
          for (const entry of entries) {
            const before = existing.get(entry.email);
            const data = {
              name: entry.name, role: entry.role, teamId: entry.team ? teams.get(entry.team)! : null,
              timezone: entry.timezone, locale: entry.locale ?? before?.locale ?? defaultLocale, active: true,
            };
            if (!before) {
              await tx.member.create({ data: { ...data, orgId, email: entry.email, shifts: { create: entry.shifts } } });
              result.created += 1;
              continue;
            }
            const fieldsSame = (Object.keys(data) as Array<keyof typeof data>).every((k) => before[k] === data[k]);
            const shiftsSame = sameShifts(before.shifts, entry.shifts);
            if (fieldsSame && shiftsSame) {
              result.unchanged += 1;
              continue;
            }
            await tx.member.update({ where: { id: before.id }, data });
            if (!shiftsSame) {
              await tx.shift.deleteMany({ where: { memberId: before.id } });
              await tx.shift.createMany({ data: entry.shifts.map((s) => ({ ...s, memberId: before.id })) });
            }
            result.updated += 1;
          }
          await tx.auditLog.create({
            data: { orgId, actorId, action: 'roster.import', target: 'roster', detail: JSON.stringify({ rows: entries.length, ...result }) },
          });
          return result;
        },
        { timeout: 120_000, maxWait: 10_000 },
      );
    },

    async firstReceipt(eventId, now) {
      try {
        await db.inboundReceipt.create({ data: { id: eventId, createdAt: now } });
        return true;
      } catch (error) {
        if ((error as { code?: string }).code === 'P2002') return false;
        throw error;
      }
    },

    async audit(entry) {
      await db.auditLog.create({
        data: { orgId: entry.orgId, actorId: entry.actorId, action: entry.action, target: entry.target, detail: JSON.stringify(entry.detail ?? {}) },
      });
    },

    async auditExists(orgId, action, target) {
      return (await db.auditLog.count({ where: { orgId, action, target } })) > 0;
    },

    async recentAudit(orgId, limit) {
      const rows = await db.auditLog.findMany({ where: { orgId }, orderBy: { createdAt: 'desc' }, take: limit });
      return rows.map((r) => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> }));
    },
  };
}
