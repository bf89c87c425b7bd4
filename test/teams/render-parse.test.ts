import { describe, expect, it } from 'vitest';
import { maxCardBytes, renderActivity, renderCard, toCardMarkdown, utf16Bytes } from '../../adapters/teams/render.ts';
import { mentionsToTokens, parseActivity } from '../../adapters/teams/parse.ts';
import { toDeliveryError } from '../../adapters/teams/index.ts';

describe('Adaptive Card rendering', () => {
  it('renders the message model as an Adaptive Card 1.5 with Action.Execute buttons (Action.Submit as fallback) carrying Hearth data', () => {
    const card = renderCard({
      text: 'fallback',
      blocks: [
        { type: 'header', text: 'Lunch' },
        { type: 'fields', fields: [{ label: 'When', value: 'Wed 12:00' }] },
        { type: 'actions', actions: [{ id: 'lunch.rsvp', label: 'Join', value: 'yes', style: 'primary' }, { id: 'lunch.rsvp', label: 'Skip', value: 'no', style: 'danger' }] },
      ],
    });
    expect(card).toEqual({
      type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: '1.5', fallbackText: 'fallback',
      body: [
        { type: 'TextBlock', text: 'Lunch', size: 'Medium', weight: 'Bolder', wrap: true },
        { type: 'FactSet', facts: [{ title: 'When', value: 'Wed 12:00' }] },
      ],
      actions: [
        {
          type: 'Action.Execute', verb: 'lunch.rsvp', title: 'Join', data: { hearth: { action: 'lunch.rsvp', value: 'yes' } }, style: 'positive',
          fallback: { type: 'Action.Submit', title: 'Join', data: { hearth: { action: 'lunch.rsvp', value: 'yes' } }, style: 'positive' },
        },
        {
          type: 'Action.Execute', verb: 'lunch.rsvp', title: 'Skip', data: { hearth: { action: 'lunch.rsvp', value: 'no' } }, style: 'destructive',
          fallback: { type: 'Action.Submit', title: 'Skip', data: { hearth: { action: 'lunch.rsvp', value: 'no' } }, style: 'destructive' },
        },
      ],
    });
  });

  it('turns *bold* into card markdown **bold** without touching lone asterisks', () => {
    expect(toCardMarkdown('You are *Ana* and 2 * 3 = 6')).toBe('You are **Ana** and 2 * 3 = 6');
  });

  it('keeps a card under Teams’ size limit by cutting its tail, with a mark', () => {
    const big = { text: 't', blocks: Array.from({ length: 400 }, (_, i) => ({ type: 'text' as const, text: `line ${i} ${'x'.repeat(200)}` })) };
    const card = renderCard(big) as { body: Array<{ id?: string }> };
    expect(utf16Bytes(card)).toBeLessThanOrEqual(maxCardBytes);
    expect(card.body.at(-1)?.id).toBe('hearth-cut');
    expect(renderActivity(big).summary).toBe('t');
  });

  it('keeps the whole activity under 40 KB as Teams counts it (UTF-16), for a long text in any language', () => {
    // A long Chinese roster: the plain text, which is also the card's fallback, as long as its lines.
    const lines = Array.from({ length: 600 }, (_, i) => `第 ${i} 行：${'客服中心的同事'.repeat(6)}`);
    const message = { text: lines.join('\n'), blocks: lines.map((text) => ({ type: 'text' as const, text })) };
    expect(utf16Bytes(message.text)).toBeGreaterThan(40_000);
    const activity = renderActivity(message) as { attachments: Array<{ content: { fallbackText: string; body: Array<{ id?: string }> } }> };
    expect(utf16Bytes(activity)).toBeLessThanOrEqual(40_000);
    const card = activity.attachments[0]!.content;
    expect(card.body.at(-1)?.id).toBe('hearth-cut');
    expect(card.fallbackText.startsWith('第 0 行')).toBe(true);
    expect(card.fallbackText.endsWith('…')).toBe(true);
  });
});

describe('Teams activity parsing', () => {
  const base = { type: 'message', id: '1', from: { id: '29:a', aadObjectId: 'aad-a', name: 'Ana' }, conversation: { id: 'a:1', conversationType: 'personal' }, recipient: { id: '28:bot' } };

  it('reads an Action.Execute invoke as the button’s action, and refuses one without Hearth data', () => {
    const invoke = (value: unknown) => ({ ...base, type: 'invoke', name: 'adaptiveCard/action', value });
    const execute = { action: { type: 'Action.Execute', verb: 'lunch.rsvp', data: { hearth: { action: 'lunch.rsvp', value: 'r1:yes' } } }, trigger: 'manual' };
    expect(parseActivity(invoke(execute), 'T')).toMatchObject({ kind: 'action', actionId: 'lunch.rsvp', value: 'r1:yes', user: { userId: 'aad-a' } });
    expect(parseActivity(invoke({ action: { type: 'Action.Execute', verb: 'x', data: { other: 1 } } }), 'T')).toEqual({ kind: 'unsupported', platform: 'teams', description: 'card action without hearth data' });
    expect(parseActivity({ ...base, type: 'invoke', name: 'composeExtension/query', value: {} }, 'T')).toMatchObject({ kind: 'unsupported', description: 'invoke activity' });
  });

  it('drops the bot’s @mention, turns other people’s into mention tokens, and uses the Entra object id as the user id', () => {
    expect(mentionsToTokens('<at>Hearth</at>&nbsp; kudos  <at>Ben</at> for help')).toBe('kudos for help');
    const entities = [
      { type: 'mention', text: '<at>Hearth</at>', mentioned: { id: '28:bot', name: 'Hearth' } },
      { type: 'mention', text: '<at>Ben Carter</at>', mentioned: { id: '29:b', name: 'Ben Carter', aadObjectId: 'aad-b' } },
    ];
    expect(parseActivity({ ...base, text: '<at>Hearth</at> rotation swap <at>Ben Carter</at> me', entities }, 'default')).toMatchObject({
      kind: 'command', text: 'rotation swap <@aad-b|Ben Carter> me',
    });
    expect(parseActivity({ ...base, text: '<at>Hearth</at> help' }, 'default')).toEqual({
      kind: 'command', id: '1', user: { platform: 'teams', workspace: 'default', userId: 'aad-a', displayName: 'Ana' }, text: 'help',
    });
  });

  it('reads card submits as actions or form submissions', () => {
    expect(parseActivity({ ...base, value: { hearth: { action: 'hearth.whoami', value: '' } } }, 'd')).toMatchObject({ kind: 'action', actionId: 'hearth.whoami' });
    expect(parseActivity({ ...base, value: { hearth: { form: 'hearth.settings' }, timezone: 'UTC', locale: 'en' } }, 'd')).toMatchObject({
      kind: 'submit', formId: 'hearth.settings', values: { timezone: 'UTC', locale: 'en' },
    });
    expect(parseActivity({ ...base, value: { something: 'else' } }, 'd')).toMatchObject({ kind: 'unsupported' });
  });

  it('answers malformed and unhandled activities as unsupported, never throwing', () => {
    expect(parseActivity({ type: 'message' }, 'd')).toMatchObject({ kind: 'unsupported' });
    expect(parseActivity({ ...base, type: 'messageReaction' }, 'd')).toEqual({ kind: 'unsupported', platform: 'teams', description: 'messageReaction activity' });
  });
});

describe('Teams delivery limits', () => {
  it('retries throttling and gateway errors, honouring Retry-After, and stops on 403/404', () => {
    const withHeader = { statusCode: 429, message: 'throttled', response: { headers: { get: (n: string) => (n === 'retry-after' ? '3' : undefined) } } };
    expect(toDeliveryError(withHeader).options).toEqual({ retryAfterMs: 3000 });
    expect(toDeliveryError({ statusCode: 502 }).options).toEqual({});
    expect(toDeliveryError({ statusCode: 412 }).options).toEqual({});
    expect(toDeliveryError({ statusCode: 403 }).options).toEqual({ permanent: true });
    expect(toDeliveryError({ statusCode: 404 }).options).toEqual({ permanent: true });
  });
});
