/**
 * Issue 8, on the way out: whatever people typed, once it is inside one of Hearth's messages, is
 * rendered so that it cannot ping (`<!channel>` in Slack, `<at>` in Teams) or break the card
 * (Adaptive Card JSON, mrkdwn control characters): it stays text inside the block it was put in.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Block, Message } from '../../src/core/message.ts';
import { renderMessage as renderSlack } from '../../adapters/slack/render.ts';
import { unescapeSlack } from '../../adapters/slack/parse.ts';
import { renderActivity } from '../../adapters/teams/render.ts';
import { anyText, mentions } from './inputs.ts';

/** A message carrying typed text in every kind of block a feature may echo it into. */
const echoed = fc.tuple(anyText.map((t) => t.slice(0, 4000)), fc.constantFrom(...mentions)).map(([typed, mention]): Message => {
  const text = `${typed} ${mention}`;
  const blocks: Block[] = [
    { type: 'header', text },
    { type: 'text', text: `Thanks for *${text}*` },
    { type: 'fields', fields: [{ label: text, value: text }] },
    { type: 'context', text },
    { type: 'actions', actions: [{ id: 'x.y', label: text, value: text }] },
  ];
  return { text, blocks };
});

/** Every mrkdwn string of a Block Kit message: where Slack would turn `<!channel>` into a ping. */
function mrkdwnOf(rendered: { text: string; blocks: unknown[] }): string[] {
  const found: string[] = [rendered.text];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (typeof node === 'object' && node !== null) {
      const record = node as Record<string, unknown>;
      if (record.type === 'mrkdwn' && typeof record.text === 'string') found.push(record.text);
      Object.values(record).forEach(walk);
    }
  };
  walk(rendered.blocks);
  return found;
}

describe('typed text in rendered messages', () => {
  it('never reaches Slack as a mention, a channel ping or a link, and reads back as typed', () => {
    fc.assert(
      fc.property(echoed, (message) => {
        const rendered = renderSlack(message);
        for (const text of mrkdwnOf(rendered)) expect(text).not.toMatch(/<[!@#]|<https?:/);
        expect(unescapeSlack(rendered.text)).toBe(message.text);
      }),
    );
  });

  it('never reaches Teams as a mention, and cannot add to or break the Adaptive Card', () => {
    fc.assert(
      fc.property(echoed, (message) => {
        const activity = renderActivity(message);
        expect(activity).not.toHaveProperty('entities');
        const card = (activity.attachments as Array<{ content: { body: Array<Record<string, unknown>>; actions?: unknown[] } }>)[0]!.content;
        // The typed JSON fragments stay strings: the card has exactly the elements Hearth built.
        expect(JSON.parse(JSON.stringify(card))).toEqual(card);
        // A card over Teams' size is cut from the end, with a note; what stays is what Hearth built.
        const kept = card.body.filter((e) => e.id !== 'hearth-cut').map((e) => e.type);
        expect(['TextBlock', 'TextBlock', 'FactSet', 'TextBlock'].slice(0, kept.length)).toEqual(kept);
        expect(card.actions).toHaveLength(1);
        expect(JSON.stringify(card)).not.toContain('"msteams"');
      }),
    );
  });
});
