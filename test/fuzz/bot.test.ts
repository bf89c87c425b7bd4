/**
 * Issue 8, on a whole Hearth (demo roster, real database): every command in the catalogue, every
 * button and every form, given hostile arguments, answers with exactly one reply that says
 * something, is not "Something went wrong", and holds no stack trace. What Hearth sends, to the
 * person or anyone else, is then rendered for Slack and Teams and must not ping a channel or a
 * person because someone typed `<!channel>` or `<at>`.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FeatureDeps } from '../../src/app.ts';
import { createDataLayer, createFeatures } from '../../src/data.ts';
import type { Message } from '../../src/core/message.ts';
import { hearthFeature } from '../../src/features/hearth/commands.ts';
import { renderMessage as renderSlack } from '../../adapters/slack/render.ts';
import { renderActivity } from '../../adapters/teams/render.ts';
import { createTestBot, type TestBot } from '../support/bot.ts';
import { describeEachDatabase } from '../support/db.ts';
import { anyText, argumentText, fragment, wrongType } from './inputs.ts';

/** Whole-bot runs touch the database: a modest number by default keeps the suite quick; HEARTH_FC_RUNS hunts longer. */
const runs = Number(process.env.HEARTH_FC_RUNS) || 80;
const timeout = Math.max(30_000, runs * 150);
const people = ['ana.souza@example.com', 'sofia.reyes@example.com', 'morgan.blake@example.com', 'admin@example.com', 'wang.fang@example.com'];
const person = fc.constantFrom(...people);
const internal = /Something went wrong|出了点问题|\n\s+at |Error:|TypeError|undefined|\[object Object\]|NaN/;

/** Everything typed so far: a suggestion's text typed earlier may come back in a later list. */
const typedSoFar: string[] = [];

/** A reply a person can act on: one message, with text, never an internal error or a stack trace. */
function expectClearReply(replies: Message[], typed: string): void {
  typedSoFar.push(typed);
  expect(replies).toHaveLength(1);
  const text = replies[0]!.text;
  expect(text.trim()).not.toBe('');
  const leaked = internal.exec(text)?.[0];
  // What people typed may come back quoted; anything else matching is Hearth's own leak.
  if (leaked !== undefined) expect(typedSoFar.some((t) => t.includes(leaked)), `"${leaked}" in: ${text}`).toBe(true);
}

/** Slack pings `<!channel>`, `<!here>`, `<@U…>` and links `<#C…>` only when they arrive unescaped in mrkdwn. */
function expectNoPing(message: Message): void {
  const slack = renderSlack(message);
  const mrkdwn = [slack.text, ...Array.from(JSON.stringify(slack.blocks).matchAll(/"type":"mrkdwn","text":"((?:[^"\\]|\\.)*)"/g), (m) => JSON.parse(`"${m[1]}"`) as string)];
  for (const text of mrkdwn) expect(text).not.toMatch(/<[!@#]/);
  // Teams turns `<at>…</at>` into a mention only with a mention entity; Hearth's cards carry none.
  const activity = renderActivity(message);
  expect(activity).not.toHaveProperty('entities');
  expect(JSON.stringify(activity)).not.toContain('"msteams"');
}

describeEachDatabase('hostile input to a whole Hearth', (provider) => {
  let bot: TestBot;
  let commands: Array<{ name: string; subs: string[] }>;
  let actionIds: string[];
  let formIds: string[];
  let seen = 0;

  beforeAll(async () => {
    bot = await createTestBot(provider, { demoRoster: true });
    commands = bot.app.router.commands.map((c) => ({ name: c.name, subs: Object.keys(c.subcommands ?? {}) }));
    const deps: FeatureDeps = {
      org: bot.app.org, store: bot.store, calendar: createDataLayer(bot.db.client).calendar, messenger: bot.app.messenger,
      jobs: bot.app.scheduler.jobs, clock: bot.clock, logger: bot.logger,
    };
    const features = [hearthFeature, ...createFeatures(bot.db.client).map((build) => build(deps))];
    actionIds = features.flatMap((f) => f.actions ?? []).map((a) => a.id);
    formIds = features.flatMap((f) => f.forms ?? []).map((f) => f.id);
  });
  afterAll(async () => bot?.close());

  /** Everything sent since the last look, to anyone, must not ping. */
  async function expectNothingSentPings(): Promise<void> {
    await bot.app.deliveries.drain();
    for (const sent of bot.adapter.sent.slice(seen)) expectNoPing(sent.message);
    seen = bot.adapter.sent.length;
  }

  let logged = 0;
  /** Nothing logged as failed since the last look: a crash caught by the core is still a crash. */
  function expectNoInternalErrors(): void {
    const failures = bot.logger.lines.slice(logged).filter((l) => l.level === 'error');
    logged = bot.logger.lines.length;
    expect(failures.map((l) => `${l.msg}: ${String((l.err as Error | undefined)?.stack ?? '')}`)).toEqual([]);
  }

  it('knows the whole catalogue it is fuzzing', () => {
    expect(commands.map((c) => c.name)).toEqual(expect.arrayContaining(['hearth', 'rotation', 'lunch', 'gathering', 'pulse', 'kudos', 'suggest', 'digest']));
    expect(actionIds.length).toBeGreaterThan(5);
    expect(formIds.length).toBeGreaterThan(3);
  });

  it.each(['hearth', 'rotation', 'lunch', 'gathering', 'pulse', 'kudos', 'suggest', 'digest'])(
    'answers `%s` with any subcommand and any arguments clearly, for anyone',
    async (name) => {
      const { subs } = commands.find((c) => c.name === name)!;
      const text = fc.tuple(fc.constantFrom('', '/'), fc.constantFrom(...subs, '', 'help', 'nonsense'), argumentText).map(([slash, sub, args]) => `${slash}${name} ${sub} ${args}`);
      await fc.assert(
        fc.asyncProperty(person, text, async (who, typed) => {
          const replies = await bot.as(who).asks(typed);
          expectClearReply(replies, typed);
          for (const reply of replies) expectNoPing(reply);
        }),
        { numRuns: runs },
      );
      await expectNothingSentPings();
      expectNoInternalErrors();
    },
    timeout,
  );

  it('answers anything at all typed as a command, even 100 KB of it', async () => {
    await fc.assert(
      fc.asyncProperty(person, anyText, async (who, typed) => {
        const replies = await bot.as(who).asks(typed);
        expectClearReply(replies, typed);
        for (const reply of replies) expectNoPing(reply);
      }),
      { numRuns: runs },
    );
    expectNoInternalErrors();
  }, timeout);

  it('answers any button, with any value, clearly', async () => {
    const value = fc.oneof(anyText, fc.constantFrom('1:yes', '1:no', '0', '-1', '99999999999:yes', 'x:y:z', ':', ''), fc.integer().map(String));
    await fc.assert(
      fc.asyncProperty(person, fc.oneof(fc.constantFrom(...actionIds), fragment), value, async (who, actionId, v) => {
        const result = await bot.app.handle({ kind: 'action', user: { platform: 'playground', workspace: 'local', userId: who, email: who }, actionId, value: v });
        expectClearReply(result.replies, `${actionId} ${v}`);
        for (const message of [...result.replies, ...(result.update ? [result.update] : [])]) expectNoPing(message);
      }),
      { numRuns: runs },
    );
    await expectNothingSentPings();
    expectNoInternalErrors();
  }, timeout);

  it('answers any form, with any fields, by field errors or one clear reply', async () => {
    const fieldNames = fc.constantFrom('text', 'to', 'value', 'message', 'idea', 'anonymous', 'comment', 'learned', 'change', 'locale', 'timezone', 'x');
    const values = fc.dictionary(fieldNames, fc.oneof(anyText, wrongType.map((v) => JSON.stringify(v) ?? '')), { maxKeys: 5 });
    await fc.assert(
      fc.asyncProperty(person, fc.oneof(fc.constantFrom(...formIds), fragment), values, async (who, formId, fields) => {
        const result = await bot.app.handle({ kind: 'submit', user: { platform: 'playground', workspace: 'local', userId: who, email: who }, formId, values: fields });
        if (result.errors) {
          expect(result.replies).toEqual([]);
          for (const error of Object.values(result.errors)) expect(error).toMatch(/\S/);
        } else {
          expectClearReply(result.replies, Object.values(fields).join(' '));
          for (const reply of result.replies) expectNoPing(reply);
        }
      }),
      { numRuns: runs },
    );
    await expectNothingSentPings();
    expectNoInternalErrors();
  }, timeout);

  it('keeps the counterexamples it found: a suggestion number beyond the database’s integers', async () => {
    const reply = await bot.as('admin@example.com').says('suggest review 99999999999999999999999');
    expect(reply).toContain('There is no suggestion #');
    expect(await bot.as('admin@example.com').says('suggest implement 2147483648')).toContain('There is no suggestion #2147483648');
    // PostgreSQL cannot store NUL in text: it is dropped before any feature sees it.
    expect(await bot.as('ana.souza@example.com').says('suggest nonsense about the break room \u0000')).toMatch(/^Thank you! Suggestion #\d+ is with the oversight group/);
    const list = await bot.as('ana.souza@example.com').says('suggest list mine');
    expect(list).toContain('nonsense about the break room');
    expect(list).not.toContain('\u0000');
    expect((await bot.as('ana.souza@example.com').submits('suggest.form', { text: 'a quieter\u0000 room, please' })).text).toMatch(/^Thank you! Suggestion #\d+/);
    expectNoInternalErrors();
  });

  it('still answers a plain command after all that', async () => {
    expect(await bot.as('ana.souza@example.com').says('/hearth whoami')).toContain('You are *Ana Souza*');
  });
});
