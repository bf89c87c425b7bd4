import { describe, expect, it } from 'vitest';
import { actionIdOf, escapeMrkdwn, renderBlocks, renderMessage, slackLimits, splitText } from '../../adapters/slack/render.ts';
import { parseBlockAction, parseEvent, parseSlashCommand, unescapeSlack } from '../../adapters/slack/parse.ts';
import { toDeliveryError } from '../../adapters/slack/errors.ts';
import type { Message } from '../../src/core/message.ts';

describe('Block Kit rendering', () => {
  it('renders every block of the message model', () => {
    const message: Message = {
      text: 'fallback <b>',
      blocks: [
        { type: 'header', text: 'Title' },
        { type: 'text', text: 'Hello *Ana* & <team>' },
        { type: 'fields', fields: [{ label: 'Team', value: 'Support A' }] },
        { type: 'actions', actions: [{ id: 'pulse.answer', label: 'Yes', value: '5', style: 'primary' }, { id: 'pulse.answer', label: 'No', value: '' }] },
        { type: 'context', text: 'small' },
        { type: 'divider' },
      ],
    };
    expect(renderMessage(message)).toEqual({
      text: 'fallback &lt;b&gt;',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'Title', emoji: true } },
        { type: 'section', text: { type: 'mrkdwn', text: 'Hello *Ana* &amp; &lt;team&gt;' } },
        { type: 'section', fields: [{ type: 'mrkdwn', text: '*Team*\nSupport A' }] },
        {
          type: 'actions',
          elements: [
            { type: 'button', action_id: 'pulse.answer#0', text: { type: 'plain_text', text: 'Yes', emoji: true }, value: '5', style: 'primary' },
            { type: 'button', action_id: 'pulse.answer#1', text: { type: 'plain_text', text: 'No', emoji: true }, value: '-' },
          ],
        },
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'small' }] },
        { type: 'divider' },
      ],
    });
  });

  it('keeps within Slack’s limits: headers cut at 150, long text split at line breaks under 3,000', () => {
    const long = Array.from({ length: 200 }, (_, i) => `line ${i} ${'x'.repeat(30)}`).join('\n');
    const blocks = renderBlocks({ text: long, blocks: [{ type: 'header', text: 'h'.repeat(400) }, { type: 'text', text: long }] });
    const header = blocks[0] as unknown as { text: { text: string } };
    expect(Array.from(header.text.text)).toHaveLength(slackLimits.headerText);
    const sections = blocks.slice(1) as unknown as Array<{ text: { text: string } }>;
    expect(sections.length).toBeGreaterThan(1);
    expect(sections.every((s) => s.text.text.length <= slackLimits.sectionText)).toBe(true);
    expect(sections.map((s) => s.text.text).join('\n')).toBe(long);
  });

  it('never sends more than 50 blocks: the rest is summarised, with a link when there is one', () => {
    const many: Message = { text: 't', blocks: Array.from({ length: 80 }, (_, i) => ({ type: 'text' as const, text: `item ${i}` })) };
    const blocks = renderBlocks(many, { moreUrl: 'https://hearth.example.com/d/1' });
    expect(blocks).toHaveLength(50);
    expect(blocks[49]).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: '… 31 more parts: <https://hearth.example.com/d/1|read the whole message>' }] });
    expect(renderBlocks(many, { maxBlocks: 100 })).toHaveLength(80);
  });

  it('splits text without losing characters, including astral-plane ones', () => {
    const text = '😀'.repeat(7000);
    const pieces = splitText(text, 3000);
    expect(pieces.every((p) => Array.from(p).length <= 3000)).toBe(true);
    expect(pieces.join('')).toBe(text);
    expect(escapeMrkdwn('a&b<c>')).toBe('a&amp;b&lt;c&gt;');
    expect(actionIdOf('hearth.whoami#12')).toBe('hearth.whoami');
  });
});

describe('Slack payload parsing', () => {
  it('turns a slash command into the core’s command text, unescaping Slack’s entities', () => {
    expect(parseSlashCommand({ command: '/kudos', text: 'Ana &amp; Ben for &lt;great&gt; work', user_id: 'U1', team_id: 'T1', user_name: 'sofia' })).toEqual({
      kind: 'command', user: { platform: 'slack', workspace: 'T1', userId: 'U1', displayName: 'sofia' }, text: 'kudos Ana & Ben for <great> work',
    });
    expect(unescapeSlack('&amp;lt;')).toBe('&lt;');
  });

  it('reports malformed payloads as unsupported rather than throwing', () => {
    expect(parseSlashCommand({ command: 'hearth' })).toMatchObject({ kind: 'unsupported' });
    expect(parseBlockAction({ type: 'block_actions', user: { id: 'U1' }, actions: [] })).toMatchObject({ kind: 'unsupported' });
    expect(parseEvent(null, { teamId: 'T1' })).toMatchObject({ kind: 'unsupported' });
    expect(parseEvent({ type: 'reaction_added' }, { teamId: 'T1' })).toEqual({ kind: 'unsupported', platform: 'slack', description: 'event reaction_added not handled' });
  });

  it('strips the bot mention from an app_mention and threads the reply', () => {
    expect(parseEvent({ type: 'app_mention', channel: 'C1', user: 'U1', text: '<@U0BOT|hearth>: kudos', ts: '1.2' }, { teamId: 'T1', eventId: 'Ev1' })).toEqual({
      kind: 'command', id: 'Ev1', user: { platform: 'slack', workspace: 'T1', userId: 'U1' }, text: 'kudos',
      replyTo: { kind: 'channel', channel: 'C1', workspace: 'T1', threadId: '1.2' },
    });
  });

  it('ignores edits, bot messages and messages outside DMs', () => {
    const base = { type: 'message', channel: 'D1', channel_type: 'im', user: 'U1', text: 'help', ts: '1.1' };
    expect(parseEvent(base, { teamId: 'T1' })).toMatchObject({ kind: 'command', text: 'help' });
    expect(parseEvent({ ...base, subtype: 'message_changed' }, { teamId: 'T1' })).toMatchObject({ kind: 'unsupported' });
    expect(parseEvent({ ...base, user: 'U0BOT' }, { teamId: 'T1', botUserId: 'U0BOT' })).toMatchObject({ kind: 'unsupported' });
    expect(parseEvent({ ...base, channel_type: 'channel' }, { teamId: 'T1' })).toMatchObject({ kind: 'unsupported' });
  });
});

describe('delivery to Slack', () => {
  it('translates Web API errors into delivery decisions', () => {
    expect(toDeliveryError({ code: 'slack_webapi_rate_limited_error', retryAfter: 7 }).options).toEqual({ retryAfterMs: 7000 });
    expect(toDeliveryError({ code: 'slack_webapi_platform_error', data: { error: 'channel_not_found' } }).options).toEqual({ permanent: true });
    expect(toDeliveryError({ code: 'slack_webapi_platform_error', data: { error: 'internal_error' } }).options).toEqual({ permanent: false });
    expect(toDeliveryError(new Error('ECONNRESET')).options).toEqual({});
  });
});
