/**
 * The weekly digest over a seeded year of a 300-person centre (ten teams of thirty) with known
 * answers: each risk flag raised for the team built to raise it and no other, the anonymity rules
 * kept, and the signed page and CSV serving the same figures.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/db.ts';
import { createTestBot, type TestBot } from '../support/bot.ts';
import { importRoster } from '../../src/features/roster/import.ts';
import { questionsForRound } from '../../src/features/pulse/questions.ts';

const teams = Array.from({ length: 10 }, (_, i) => `Team ${i}`);
const week = 7 * 86_400_000;
/** Monday 23 November 2026, 09:00 in London: the digest covers 16–22 November. */
const digestTime = new Date('2026-11-23T09:00:00Z');

function rosterCsv(): string {
  const rows = ['name,email,role,team,timezone,shift', 'Lee Leader,leader@example.com,leader,,Europe/London,', 'Ada Admin,admin@example.com,admin,,Europe/London,'];
  teams.forEach((team, t) => {
    rows.push(`Supervisor ${t},sup${t}@example.com,supervisor,${team},Europe/London,`);
    for (let a = 0; a < 29; a++) rows.push(`Agent ${t}-${a},agent${t}.${a}@example.com,agent,${team},Europe/London,`);
  });
  return rows.join('\n') + '\n';
}

/** How each team's rounds went, newest first for the last few weeks; every other round: 20 of 29, all 4s. */
function plan(team: number, weeksAgo: number): { answered: number; value: number } {
  if (team === 0 && weeksAgo < 4) return { answered: 20, value: [2, 3, 4, 5][weeksAgo]! };
  if (team === 1 && weeksAgo === 0) return { answered: 20, value: 3 };
  if (team === 2 && weeksAgo === 0) return { answered: 8, value: 4 };
  if (team === 3 && weeksAgo === 0) return { answered: 4, value: 1 };
  return { answered: 20, value: 4 };
}

describeEachDatabase('the weekly digest over a seeded year', (provider) => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await createTestBot(provider);
    bot.clock.set(digestTime);
    expect((await importRoster(bot.store, bot.app.org, rosterCsv(), null)).ok).toBe(true);
    const db = bot.db.client;
    const orgId = bot.app.org.id;
    const teamRows = await db.team.findMany({ orderBy: { name: 'asc' } });
    const members = await db.member.findMany();
    const agentsOf = (teamId: string) => members.filter((m) => m.teamId === teamId && m.role === 'agent');
    const answers: Array<{ roundId: string; questionId: string; value: number }> = [];
    const kudos: Array<{ id: string; orgId: string; giverId: string; value: string; message: string; createdAt: Date }> = [];
    const recipients: Array<{ kudosId: string; memberId: string; createdAt: Date }> = [];
    for (const [t, team] of teamRows.entries()) {
      for (let k = 51; k >= 0; k--) {
        const closesAt = new Date(digestTime.getTime() - 3 * 86_400_000 - k * week);
        const { answered, value } = plan(t, k);
        const questions = questionsForRound(51 - k, 3).filter((q) => q.scale === 'agree5');
        const round = await db.pulseRound.create({
          data: { key: `seed:${team.id}:${k}`, orgId, teamId: team.id, openedOn: closesAt.toISOString().slice(0, 10), closesAt, questions: JSON.stringify(questions.map((q) => q.id)), status: 'closed', invited: 29, answered, threshold: 5 },
        });
        for (const q of questions) for (let a = 0; a < answered; a++) answers.push({ roundId: round.id, questionId: q.id, value });
        // Everyone but Team 4 is thanked every week; Team 4 not for the last six.
        if (t !== 4 || k >= 6) {
          const [giver, recipient] = agentsOf(team.id);
          const id = `seed-kudos-${t}-${k}`;
          kudos.push({ id, orgId, giverId: giver!.id, value: 'stepped-up', message: 'thanks', createdAt: new Date(closesAt.getTime() - 86_400_000) });
          recipients.push({ kudosId: id, memberId: recipient!.id, createdAt: new Date(closesAt.getTime() - 86_400_000) });
        }
      }
    }
    for (let i = 0; i < answers.length; i += 5000) await db.pulseAnswer.createMany({ data: answers.slice(i, i + 5000) });
    await db.kudos.createMany({ data: kudos });
    await db.kudosRecipient.createMany({ data: recipients });
    await db.suggestion.create({ data: { orgId, teamId: teamRows[5]!.id, text: 'A second screen for every agent', status: 'adopted', dueDate: '2026-11-01', adoptedAt: new Date('2026-10-01T10:00:00Z'), createdAt: new Date('2026-09-20T10:00:00Z') } });
    await db.rotationTurn.create({ data: { orgId, teamId: teamRows[6]!.id, kind: 'manager-for-a-day', month: '2026-11', memberId: agentsOf(teamRows[6]!.id)[0]!.id, date: '2026-11-18', learned: 'Forecasting drives the whole day', change: 'Share the forecast with agents' } });
    const gathering = await db.gathering.create({ data: { orgId, teamId: teamRows[7]!.id, title: 'Autumn hotpot', date: '2026-11-20', time: '19:00', timezone: 'Europe/London', at: new Date('2026-11-20T19:00:00Z'), createdBy: agentsOf(teamRows[7]!.id)[0]!.id, currency: 'USD' } });
    await db.gatheringRsvp.createMany({ data: agentsOf(teamRows[7]!.id).slice(0, 6).map((m) => ({ gatheringId: gathering.id, memberId: m.id, answer: 'yes' })) });
  }, 300_000);
  afterAll(async () => bot?.close());

  let digest = '';

  it('raises each risk flag for the team built to raise it, and no other', async () => {
    digest = await bot.as('leader@example.com').says('/digest');
    const lines = digest.split('\n');
    expect(lines[0]).toBe('Weekly digest for Test Centre, 2026-11-16 – 2026-11-22');
    expect(lines.filter((l) => l.startsWith('⚠️')).sort()).toEqual([
      '⚠️ *Team 0*: the pulse fell three rounds in a row (5.0 → 4.0 → 3.0 → 2.0).',
      '⚠️ *Team 1*: the pulse dropped 1.0 in the last round (4.0 → 3.0).',
      '⚠️ *Team 2*: pulse participation fell from 69% to 28%.',
      '⚠️ *Team 3*: pulse participation fell from 69% to 14%.',
      '⚠️ *Team 4*: nobody was recognised this week, and 29 agents have not been thanked for 3 weeks.',
      '⚠️ *Team 5*: 1 adopted suggestion is past its due date.',
    ]);
  });

  it('keeps the anonymity rules: the small team hidden, and the next smallest with it', async () => {
    const section = (team: string) => digest.split('\n').slice(digest.split('\n').indexOf(`*${team}*`) + 1)[0];
    expect(section('Team 3')).toBe('Pulse: hidden this week (too few answers to keep them anonymous)');
    expect(section('Team 2')).toBe('Pulse: hidden this week (too few answers to keep them anonymous)');
    expect(section('Team 8')).toMatch(/^Pulse 4\.0 \/ 5 \(by round: 4\.0 → 4\.0 → 4\.0 → 4\.0 → 4\.0\) · eNPS – · participation 69%$/);
    // Every team's latest round counts in the total, hidden ones included (never on their own):
    // (20×2 + 20×3 + 8×4 + 4×1 + 6×20×4) / 172 people = 3.58.
    const expected = (20 * 2 + 20 * 3 + 8 * 4 + 4 * 1 + 6 * 20 * 4) / 172;
    expect(digest).toContain(`Pulse across all teams: ${expected.toFixed(1)} / 5 (172 people answered).`);
  });

  it('reports the activities, the reflections and the coming week', async () => {
    expect(digest).toContain('From a role swap: learned “Forecasting drives the whole day”; would change “Share the forecast with agents”');
    expect(digest).toContain('Gatherings: 1 (6 going)');
    expect(digest).toContain('Suggestions: 0 new, 0 adopted, 0 implemented, 1 overdue');
  });

  it('gives a supervisor their own team only', async () => {
    const own = await bot.as('sup0@example.com').says('/digest');
    expect(own.split('\n')[0]).toBe('Weekly digest for Team 0, 2026-11-16 – 2026-11-22');
    expect(own).not.toContain('*Team 1*');
    expect(await bot.as('agent0.1@example.com').says('/digest')).toBe('⚠️ `digest` is for supervisors; you are agent.\nAsk Supervisor 0.');
    // Team 2 is hidden to protect Team 3 in the organisation's digest, so on its own as well:
    // otherwise the all-teams figure minus the others would give Team 3 away.
    const two = await bot.as('sup2@example.com').says('/digest');
    expect(two.split('\n')[two.split('\n').indexOf('*Team 2*') + 1]).toBe('Pulse: hidden this week (too few answers to keep them anonymous)');
  });

  it('serves the same figures on a signed page and as CSV, and refuses a changed or expired link', async () => {
    const link = /Charts and CSV: (\S+)/.exec(digest)![1]!;
    const url = new URL(link);
    const route = (path: string) => bot.app.routes.find((r) => r.path === path)! as { handle(req: { method: string; path: string; query: URLSearchParams; headers: Record<string, string>; body: Buffer }): Promise<{ status: number; body: string | Buffer; headers?: Record<string, string> }> };
    const get = (path: string, query: URLSearchParams) => route(path).handle({ method: 'GET', path, query, headers: {}, body: Buffer.alloc(0) });
    const page = await get('/digest', url.searchParams);
    expect(page.status).toBe(200);
    expect(String(page.body)).toContain('<svg');
    expect(String(page.body)).toContain('the pulse fell three rounds in a row');
    const csv = String((await get('/digest.csv', url.searchParams)).body).trim().split('\n');
    expect(csv).toHaveLength(11);
    expect(csv[0]).toBe('week,team,pulse_mean,enps,pulse_participation,lunch_invited,lunch_yes,role_swaps,gatherings,gathering_going,suggestions_made,suggestions_adopted,suggestions_implemented,suggestions_overdue,kudos_given,kudos_received,unrecognised_agents');
    expect(csv.find((r) => r.includes(',Team 3,'))).toMatch(/^2026-11-16,Team 3,,,14,/);
    expect(csv.find((r) => r.includes(',Team 8,'))).toMatch(/^2026-11-16,Team 8,4,,69,/);
    const tampered = new URLSearchParams(url.searchParams);
    tampered.set('scope', (await bot.db.client.team.findFirstOrThrow({ where: { name: 'Team 3' } })).id);
    expect((await get('/digest', tampered)).status).toBe(403);
    bot.clock.set(new Date(digestTime.getTime() + 15 * 86_400_000));
    expect((await get('/digest', url.searchParams)).status).toBe(410);
    bot.clock.set(digestTime);
  });
});
