import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../support/db.ts';
import type { Database } from '../../src/infra/db/connection.ts';
import { createPulseRepo } from '../../src/infra/db/pulse-store.ts';
import { ballotToken, roundBallot } from '../../src/features/pulse/ballot.ts';

describeEachDatabase('pulse ballots', (provider) => {
  let database: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    database = await createTestDatabase(provider);
    db = await database.open();
  });
  afterAll(async () => {
    await db.close();
    await database.drop();
  });

  it('counts a person once when their first two answers arrive at the same moment, and keeps both', async () => {
    const repo = createPulseRepo(db.client);
    const org = await db.client.organization.create({ data: { name: 'Ballots' } });
    const team = await db.client.team.create({ data: { orgId: org.id, name: 'T' } });
    const secret = 'f'.repeat(64);
    const { round } = await repo.openRound({ key: 'k', orgId: org.id, teamId: team.id, openedOn: '2026-12-04', closesAt: new Date('2026-12-07T16:00:00Z'), questions: ['workload-1', 'heard-1'], secret, threshold: 5 });
    const cast = (member: string, q: string) => repo.answer(round.id, ballotToken(secret, member, q), roundBallot(secret, member), q, 4);
    // Thirty people each tap their two answers at once.
    const people = Array.from({ length: 30 }, (_, i) => `member-${i}`);
    const first = await Promise.all(people.flatMap((m) => [cast(m, 'workload-1'), cast(m, 'heard-1')]));
    expect(first.every((o) => o === 'recorded')).toBe(true);
    expect(await Promise.all([cast('member-0', 'workload-1'), cast('member-0', 'heard-1')])).toEqual(['already', 'already']);
    expect((await repo.round(round.id))!.answered).toBe(30);
    expect(await db.client.pulseAnswer.count({ where: { roundId: round.id } })).toBe(60);
    expect(await repo.close(round.id)).toBe(true);
    expect(await repo.secretOf(round.id)).toBeNull();
    expect(await cast('member-31', 'workload-1')).toBe('closed');
  });
});
