/** Holidays, team prompt hours and shifts: the Calendar port over Prisma, audited like every admin change. */
import type { Calendar } from '../../core/ports.ts';
import type { DbClient } from './connection.ts';

export function createCalendar(db: DbClient): Calendar {
  return {
    async holidays(orgId, teamId) {
      const where = teamId === 'all' ? { orgId } : { orgId, OR: [{ teamId: null }, ...(teamId ? [{ teamId }] : [])] };
      const rows = await db.holiday.findMany({ where, orderBy: [{ date: 'asc' }], select: { date: true, name: true, teamId: true } });
      return rows;
    },

    async addHoliday(orgId, holiday, actorId) {
      const existing = await db.holiday.findFirst({ where: { orgId, date: holiday.date, teamId: holiday.teamId } });
      if (existing) return false;
      await db.$transaction([
        db.holiday.create({ data: { orgId, ...holiday } }),
        db.auditLog.create({ data: { orgId, actorId, action: 'holiday.add', target: holiday.date, detail: JSON.stringify(holiday) } }),
      ]);
      return true;
    },

    async removeHoliday(orgId, date, teamId, actorId) {
      const { count } = await db.holiday.deleteMany({ where: { orgId, date, teamId } });
      if (count > 0) {
        await db.auditLog.create({ data: { orgId, actorId, action: 'holiday.remove', target: date, detail: JSON.stringify({ teamId }) } });
      }
      return count > 0;
    },

    async teamHours(teamId) {
      const row = await db.team.findUnique({ where: { id: teamId }, select: { quietHours: true, breakWindows: true } });
      return { quietHours: row?.quietHours ?? null, breakWindows: row?.breakWindows ?? null };
    },

    async setTeamHours(orgId, teamId, hours, actorId) {
      await db.$transaction([
        db.team.update({ where: { id: teamId }, data: hours }),
        db.auditLog.create({ data: { orgId, actorId, action: 'team.hours', target: teamId, detail: JSON.stringify(hours) } }),
      ]);
    },

    async shiftsOf(memberId) {
      return db.shift.findMany({ where: { memberId }, select: { days: true, startMinute: true, endMinute: true } });
    },
  };
}
