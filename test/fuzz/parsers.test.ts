/**
 * Issue 8, at the pure level: the command tokenizer and every platform's payload parser face
 * hostile input (every Unicode plane, 100 KB text, mentions of nobody, impossible dates,
 * injections, JSON of the wrong shape) and never throw. They hand the core a typed event, or
 * `kind: 'unsupported'`; the tokenizer refuses only with a HearthError the router turns into a
 * reply. Shrunk counterexamples found by these properties are kept as fixed examples below them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maxCommandLength, parseArgs, tokenize } from '../../src/core/args.ts';
import { isHearthError } from '../../src/core/errors.ts';
import type { InboundEvent } from '../../src/core/ports.ts';
import { parseBlockAction, parseEvent, parseSlashCommand, parseViewSubmission } from '../../adapters/slack/parse.ts';
import { valuesOf } from '../../adapters/slack/render.ts';
import { mentionsToTokens, parseActivity } from '../../adapters/teams/parse.ts';
import { parseAction, parseCommand, parseSubmit, type Parsed } from '../../adapters/playground/parse.ts';
import { anyBody, anyText, fragment, oversized, plausible, wrongType } from './inputs.ts';

const kinds = ['command', 'action', 'submit', 'home', 'hello', 'unsupported'];

/** What the core may rely on, whatever came in: a known kind, and strings where it reads strings. */
function expectWellTyped(event: InboundEvent): void {
  expect(kinds).toContain(event.kind);
  if (event.kind === 'unsupported') {
    expect(typeof event.description).toBe('string');
    return;
  }
  expect(typeof event.user.userId).toBe('string');
  expect(event.user.userId.length).toBeGreaterThan(0);
  expect(typeof event.user.workspace).toBe('string');
  if (event.kind === 'command') expect(typeof event.text).toBe('string');
  if (event.kind === 'action') {
    expect(typeof event.actionId).toBe('string');
    expect(typeof event.value).toBe('string');
  }
  if (event.kind === 'submit') {
    expect(typeof event.formId).toBe('string');
    for (const value of Object.values(event.values)) expect(typeof value).toBe('string');
  }
}

describe('the command tokenizer', () => {
  it('splits anything into words or refuses it with a HearthError, never another exception', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        try {
          const tokens = tokenize(text);
          expect(tokens.every((t) => typeof t === 'string')).toBe(true);
          const { positional, options } = parseArgs(tokens);
          expect(positional.length + Object.keys(options).length).toBeLessThanOrEqual(tokens.length);
        } catch (error) {
          expect(isHearthError(error)).toBe(true);
        }
      }),
    );
  });

  it('refuses 100 KB of anything with the length error, before looking at it', () => {
    fc.assert(
      fc.property(oversized(), (text) => {
        expect(() => tokenize(text)).toThrowError(/too_long/);
      }),
      { numRuns: 50 },
    );
  });

  it('never lets a typed option key reach an object’s prototype', () => {
    fc.assert(
      fc.property(fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'), fragment, (key, value) => {
        const { options } = parseArgs([`${key}:${value}x`]);
        expect(Object.getPrototypeOf(options)).toBe(Object.prototype);
        expect(typeof String(options.team)).toBe('string');
      }),
    );
  });

  it('keeps the edges of the length limit: exactly the limit is read, one more refused', () => {
    expect(tokenize('x'.repeat(maxCommandLength))).toHaveLength(1);
    expect(() => tokenize('x'.repeat(maxCommandLength + 1))).toThrowError(/too_long/);
  });
});

const slackUser = plausible({ id: fc.constantFrom('U00FAKEANA', 'U0NOBODY', ''), username: anyText, name: anyText, team_id: fc.constantFrom('T0FAKE1', '') });
const slackTeam = fc.oneof(plausible({ id: fc.constantFrom('T0FAKE1', '') }), fc.constant(null));

const slashBody = plausible({
  command: fc.constantFrom('/hearth', '/kudos', '/pulse', '/', '/ x', 'hearth', '/lunch\n'),
  text: anyText,
  user_id: fc.constantFrom('U00FAKEANA', 'U0NOBODY', ''),
  user_name: anyText,
  team_id: fc.constantFrom('T0FAKE1', ''),
  trigger_id: fc.string(),
  response_url: fc.constantFrom('https://hooks.slack.test/x', 'not a url'),
});

const blockActionBody = plausible({
  type: fc.constantFrom('block_actions', 'block_suggestion', 'interactive_message'),
  user: slackUser,
  team: slackTeam,
  actions: fc.array(plausible({ action_id: fc.constantFrom('gathering.rsvp#0', '#', 'x#y#3', ''), value: anyText, action_ts: fc.string() }), { maxLength: 3 }),
});

/** `view.state.values`: block id → action id → `{ value }` or `{ selected_option }`, or anything broken. */
const viewState = plausible({
  values: fc.oneof(
    fc.dictionary(fc.string({ maxLength: 10 }), fc.oneof(fc.dictionary(fc.string({ maxLength: 6 }), plausible({ value: anyText, selected_option: fc.oneof(plausible({ value: anyText }), fc.constant(null)) }), { maxKeys: 2 }), wrongType), { maxKeys: 3 }),
    wrongType,
  ),
});

const viewSubmissionBody = plausible({
  type: fc.constant('view_submission'),
  user: slackUser,
  team: slackTeam,
  view: plausible({ callback_id: fc.constantFrom('kudos.give', 'suggest.form', ''), state: fc.oneof(viewState, wrongType) }),
});

const slackEvent = plausible({
  type: fc.constantFrom('message', 'app_mention', 'app_home_opened', 'reaction_added'),
  channel: fc.constantFrom('D0ANA', 'C0GENERAL', ''),
  channel_type: fc.constantFrom('im', 'channel', 'mpim'),
  user: fc.constantFrom('U00FAKEANA', 'U0NOBODY', 'UBOT', ''),
  text: fc.oneof(anyText, anyText.map((t) => `<@UBOT> ${t}`), anyText.map((t) => `<@UBOT|hearth>: ${t}`)),
  ts: fc.constantFrom('1764579600.000100', ''),
  thread_ts: fc.string(),
  bot_id: fc.constantFrom('B0X', ''),
  subtype: fc.constantFrom('message_changed', 'bot_message', ''),
  tab: fc.constantFrom('home', 'messages'),
});

describe('Slack’s payload parsers', () => {
  it('turn any slash command body into a command or unsupported', () => {
    fc.assert(fc.property(anyBody(slashBody), (body) => expectWellTyped(parseSlashCommand(body))));
  });

  it('turn any interactivity payload (a button, a modal) into an action, a submit or unsupported', () => {
    fc.assert(fc.property(anyBody(blockActionBody), (body) => expectWellTyped(parseBlockAction(body))));
    fc.assert(fc.property(anyBody(viewSubmissionBody), (body) => expectWellTyped(parseViewSubmission(body))));
  });

  it('turn any Events API event into a command, a home view or unsupported', () => {
    const context = fc.record({ teamId: fc.constantFrom('T0FAKE1'), eventId: fc.option(fc.string(), { nil: undefined }), botUserId: fc.constantFrom('UBOT', undefined) });
    fc.assert(
      fc.property(anyBody(slackEvent), context, (event, ctx) => {
        const { eventId, botUserId, teamId } = ctx;
        expectWellTyped(parseEvent(event, { teamId, ...(eventId !== undefined ? { eventId } : {}), ...(botUserId ? { botUserId } : {}) }));
      }),
    );
  });

  it('reads a modal’s state of any shape as strings (found: a null block, and a numeric value)', () => {
    fc.assert(
      fc.property(fc.oneof(viewState, wrongType), (state) => {
        for (const value of Object.values(valuesOf(state))) expect(typeof value).toBe('string');
      }),
    );
    expect(valuesOf({ values: { a: null } })).toEqual({ a: '' });
    expect(valuesOf({ values: { a: { value: { value: 5 } } } })).toEqual({ a: '' });
    expect(valuesOf({ values: { a: { value: { selected_option: { value: 7 } } } } })).toEqual({ a: '' });
    expect(valuesOf({ values: { idea: { value: { value: 'Quieter breaks' } } } })).toEqual({ idea: 'Quieter breaks' });
  });
});

const teamsAccount = plausible({ id: fc.constantFrom('29:1AnaFake', '28:hearth-bot', ''), name: anyText, aadObjectId: fc.constantFrom('00000000-0000-0000-0000-0000000000a1', '') });
const hearthValue = fc.oneof(
  plausible({ hearth: plausible({ action: fc.constantFrom('gathering.rsvp', 'hearth.whoami', ''), value: anyText }) }),
  plausible({ hearth: plausible({ form: fc.constantFrom('kudos.give', '') }), kudos_to: wrongType, message: wrongType }),
  plausible({ action: plausible({ type: fc.constantFrom('Action.Execute', 'Action.Submit'), verb: fc.string(), data: plausible({ hearth: plausible({ action: fc.string(), value: wrongType }) }) }) }),
);
const teamsEntity = plausible({ type: fc.constantFrom('mention', 'clientInfo'), text: fc.constantFrom('<at>Hearth</at>', '<at>Nobody</at>', '<at>', '$&', ''), mentioned: teamsAccount });

const teamsActivity = plausible({
  type: fc.constantFrom('message', 'invoke', 'conversationUpdate', 'installationUpdate', 'typing'),
  id: fc.string(),
  text: fc.oneof(anyText, anyText.map((t) => `<at>Hearth</at> ${t}`), anyText.map((t) => `${t} <at>Nobody</at>&nbsp;`)),
  value: hearthValue,
  from: teamsAccount,
  recipient: teamsAccount,
  conversation: plausible({ id: fc.constantFrom('a:personal-1', '19:channel@thread.tacv2', ''), conversationType: fc.constantFrom('personal', 'channel', 'groupChat'), tenantId: fc.string() }),
  action: fc.constantFrom('add', 'remove', 'add-upgrade'),
  name: fc.constantFrom('adaptiveCard/action', 'composeExtension/query'),
  membersAdded: fc.array(teamsAccount, { maxLength: 2 }),
  entities: fc.array(teamsEntity, { maxLength: 3 }),
});

describe('Teams’ activity parser', () => {
  it('turns any activity into a typed event or unsupported', () => {
    fc.assert(fc.property(anyBody(teamsActivity), (activity) => expectWellTyped(parseActivity(activity, 'tenant-fake'))));
  });

  it('replaces a mention with the person’s token literally, even when their name holds `$` patterns', () => {
    fc.assert(
      fc.property(fc.constantFrom('$&', "$'", '$`', '$1', '$$'), anyText, (pattern, rest) => {
        const text = mentionsToTokens(`hi <at>X</at> ${rest}`, [{ text: '<at>X</at>', mentioned: { id: '29:1', name: `A${pattern}B` } }]);
        expect(text).toContain(`<@29:1|A${pattern}B>`);
      }),
    );
    expect(mentionsToTokens('kudos <at>Ana</at> for help', [{ text: '<at>Ana</at>', mentioned: { id: '29:1', name: "Ana $' Souza" } }])).toBe(
      "kudos <@29:1|Ana $' Souza> for help",
    );
  });
});

/** The playground's bodies as bytes: any bytes, any JSON, or a plausible body with wrong fields. */
function playgroundBody(shape: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<Buffer> {
  return fc.oneof(
    { weight: 3, arbitrary: anyBody(plausible(shape)).map((body) => Buffer.from(JSON.stringify(body) ?? 'undefined')) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)) },
    { weight: 1, arbitrary: anyText.map((text) => Buffer.from(text)) },
  );
}

function expectParsed(parsed: Parsed<InboundEvent>): void {
  if (parsed.ok) expectWellTyped(parsed.value);
  else expect(parsed.error).toMatch(/\S/);
}

describe('the playground’s request parsers', () => {
  const as = fc.constantFrom('ana.souza@example.com', ' ANA.SOUZA@example.com ', 'nobody', '');
  it('answer any body with an event or a specific error', () => {
    fc.assert(fc.property(playgroundBody({ as, text: anyText }), (body) => expectParsed(parseCommand(body))));
    fc.assert(fc.property(playgroundBody({ as, actionId: fc.string(), value: anyText, messageId: fc.oneof(fc.integer(), fc.double()) }), (body) => expectParsed(parseAction(body))));
    fc.assert(fc.property(playgroundBody({ as, formId: fc.string(), values: fc.dictionary(fc.string(), wrongType, { maxKeys: 3 }) }), (body) => expectParsed(parseSubmit(body))));
  });
});
