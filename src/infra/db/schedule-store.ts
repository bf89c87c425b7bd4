/** Recurring schedules over Prisma: one active schedule per organisation, kind and team. */
import type { ScheduleRepo, ScheduleSpec } from '../../features/common/schedules.ts';
import type { DbClient } from './connection.ts';

type Tx = Parameters<Parameters<DbClient['$transaction']>[0]>[0];

/**
 * Creates or replaces a schedule inside a transaction. A changed schedule drops the occurrences
 * it had lined up (they never ran) and lines them up again from its new rule.
 */
export async function upsertSchedule(tx: Tx, spec: ScheduleSpec, actorId: string) {
  const data = { rule: JSON.stringify(spec.rule), timezone: spec.timezone, active: true, cursor: spec.startAfter, payload: JSON.stringify(spec.payload) };
  const existing = await tx.schedule.findFirst({ where: { orgId: spec.orgId, kind: spec.kind, teamId: spec.teamId, active: true } });
  if (existing) await tx.occurrence.deleteMany({ where: { scheduleId: existing.id, status: 'pending' } });
  const row = existing
    ? await tx.schedule.update({ where: { id: existing.id }, data })
    : await tx.schedule.create({ data: { ...data, orgId: spec.orgId, kind: spec.kind, teamId: spec.teamId, createdBy: actorId } });
  await tx.auditLog.create({ data: { orgId: spec.orgId, actorId, action: `${spec.kind}.schedule`, target: row.id, detail: data.payload } });
  return row;
}

export function createScheduleRepo(db: DbClient): ScheduleRepo {
  return {
    async save(spec, actorId) {
      return (await db.$transaction((tx) => upsertSchedule(tx, spec, actorId))).id;
    },

    async ensure(spec) {
      // A fixed id, so replicas starting together create it once.
      const id = `${spec.kind}:${spec.orgId}:${spec.key ?? spec.teamId ?? 'org'}`;
      const existing = await db.schedule.findUnique({ where: { id } });
      const rule = JSON.stringify(spec.rule);
      const payload = JSON.stringify(spec.payload);
      if (existing) {
        // The configuration changed (another day or time): line it up again from the new rule.
        if (existing.rule !== rule || existing.timezone !== spec.timezone || existing.payload !== payload || !existing.active) {
          await db.$transaction([
            db.occurrence.deleteMany({ where: { scheduleId: id, status: 'pending' } }),
            db.schedule.update({ where: { id }, data: { rule, timezone: spec.timezone, payload, active: true, cursor: spec.startAfter } }),
          ]);
        }
        return;
      }
      try {
        await db.schedule.create({
          data: { id, orgId: spec.orgId, kind: spec.kind, teamId: spec.teamId, rule: JSON.stringify(spec.rule), timezone: spec.timezone, payload: JSON.stringify(spec.payload), cursor: spec.startAfter },
        });
      } catch (error) {
        if ((error as { code?: string }).code !== 'P2002') throw error;
      }
    },

    async stop(orgId, kind, teamId, actorId) {
      const existing = await db.schedule.findFirst({ where: { orgId, kind, teamId, active: true } });
      if (!existing) return false;
      await db.$transaction([
        db.schedule.update({ where: { id: existing.id }, data: { active: false } }),
        db.occurrence.updateMany({ where: { scheduleId: existing.id, status: 'pending' }, data: { status: 'skipped', result: 'schedule stopped' } }),
        db.auditLog.create({ data: { orgId, actorId, action: `${kind}.stop`, target: existing.id } }),
      ]);
      return true;
    },
  };
}
