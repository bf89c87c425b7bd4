/**
 * Pulse rounds over Prisma. Answers, comments and ballots carry random ids and no timestamps;
 * closing a round erases its ballot secret and rewrites its answers in a random order, so not
 * even the order rows were written in survives.
 */
import { randomInt } from 'node:crypto';
import type { BallotOutcome, PulseRepo, PulseRoundInfo } from '../../features/pulse/repo.ts';
import type { DbClient } from './connection.ts';

const select = { id: true, key: true, orgId: true, teamId: true, openedOn: true, closesAt: true, questions: true, status: true, invited: true, answered: true, threshold: true } as const;
type Row = Omit<PulseRoundInfo, 'questions' | 'status'> & { questions: string; status: string };
const toRound = (r: Row): PulseRoundInfo => ({ ...r, questions: JSON.parse(r.questions) as string[], status: r.status as PulseRoundInfo['status'] });
const isUnique = (error: unknown) => (error as { code?: string }).code === 'P2002';

function shuffled<T>(items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export function createPulseRepo(db: DbClient): PulseRepo {
  /**
   * Inserts the ballot and `write` atomically; then the round ballot, which counts the person
   * once. That is a separate step, so two first answers clicked at once cannot make one of them
   * fail: the second round ballot is simply refused, and the count goes up once.
   */
  async function cast(roundId: string, ballot: string, roundBallot: string, write: (tx: DbClient) => Promise<unknown>): Promise<BallotOutcome> {
    try {
      await db.$transaction(async (tx) => {
        const round = await tx.pulseRound.findUnique({ where: { id: roundId }, select: { status: true } });
        if (round?.status !== 'open') throw Object.assign(new Error('closed'), { code: 'CLOSED' });
        await tx.pulseBallot.create({ data: { roundId, token: ballot } });
        await write(tx as unknown as DbClient);
      });
    } catch (error) {
      if (isUnique(error)) return 'already';
      if ((error as { code?: string }).code === 'CLOSED') return 'closed';
      throw error;
    }
    try {
      await db.$transaction([db.pulseBallot.create({ data: { roundId, token: roundBallot } }), db.pulseRound.update({ where: { id: roundId }, data: { answered: { increment: 1 } } })]);
    } catch (error) {
      if (!isUnique(error)) throw error;
    }
    return 'recorded';
  }

  return {
    async openRound(round) {
      const existing = await db.pulseRound.findUnique({ where: { key: round.key }, select });
      if (existing) return { round: toRound(existing), created: false };
      try {
        const row = await db.pulseRound.create({ data: { ...round, questions: JSON.stringify(round.questions) }, select });
        return { round: toRound(row), created: true };
      } catch (error) {
        if (!isUnique(error)) throw error;
        return { round: toRound((await db.pulseRound.findUnique({ where: { key: round.key }, select }))!), created: false };
      }
    },

    async setInvited(roundId, invited) {
      await db.pulseRound.update({ where: { id: roundId }, data: { invited } });
    },

    async round(id) {
      const row = await db.pulseRound.findUnique({ where: { id }, select });
      return row ? toRound(row) : null;
    },

    async secretOf(roundId) {
      return (await db.pulseRound.findUnique({ where: { id: roundId }, select: { secret: true } }))?.secret ?? null;
    },

    answer: (roundId, ballot, roundBallot, questionId, value) => cast(roundId, ballot, roundBallot, (tx) => tx.pulseAnswer.create({ data: { roundId, questionId, value } })),

    comment: (roundId, ballot, roundBallot, text) => cast(roundId, ballot, roundBallot, (tx) => tx.pulseComment.create({ data: { roundId, text } })),

    async hasBallot(roundId, token) {
      return (await db.pulseBallot.count({ where: { roundId, token } })) > 0;
    },

    async close(roundId) {
      return db.$transaction(async (tx) => {
        const { count } = await tx.pulseRound.updateMany({ where: { id: roundId, status: 'open' }, data: { status: 'closed', secret: null } });
        if (count === 0) return false;
        const answers = await tx.pulseAnswer.findMany({ where: { roundId }, select: { questionId: true, value: true } });
        const comments = await tx.pulseComment.findMany({ where: { roundId }, select: { text: true } });
        await tx.pulseAnswer.deleteMany({ where: { roundId } });
        await tx.pulseComment.deleteMany({ where: { roundId } });
        if (answers.length > 0) await tx.pulseAnswer.createMany({ data: shuffled(answers).map((a) => ({ roundId, ...a })) });
        if (comments.length > 0) await tx.pulseComment.createMany({ data: shuffled(comments).map((c) => ({ roundId, ...c })) });
        return true;
      });
    },

    async openRoundOf(teamId) {
      const row = await db.pulseRound.findFirst({ where: { teamId, status: 'open' }, orderBy: { closesAt: 'desc' }, select });
      return row ? toRound(row) : null;
    },

    async closedRounds(teamIds, limit) {
      const out: PulseRoundInfo[] = [];
      for (const teamId of teamIds) {
        const rows = await db.pulseRound.findMany({ where: { teamId, status: 'closed' }, orderBy: { closesAt: 'desc' }, take: limit, select });
        out.push(...rows.map(toRound));
      }
      return out;
    },

    async answers(roundIds) {
      return db.pulseAnswer.findMany({ where: { roundId: { in: roundIds } }, select: { roundId: true, questionId: true, value: true } });
    },

    async comments(roundId) {
      return (await db.pulseComment.findMany({ where: { roundId }, select: { text: true } })).map((c) => c.text);
    },

    async roundCount(teamId) {
      return db.pulseRound.count({ where: { teamId } });
    },
  };
}
