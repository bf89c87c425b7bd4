/**
 * The message model as Slack Block Kit, within Slack's limits: at most 50 blocks a message,
 * 3,000 characters a section, 150 a header, 10 fields a section, 25 buttons an actions block,
 * 75 characters a button label. Long text is split at line breaks, not rejected by Slack; what
 * still does not fit is cut with a note (and a link, when the caller has one).
 */
import type { Block, InputBlock, Message } from '../../src/core/message.ts';

export const slackLimits = {
  blocksPerMessage: 50,
  blocksPerView: 100,
  sectionText: 3000,
  headerText: 150,
  fieldsPerSection: 10,
  fieldText: 2000,
  buttonsPerBlock: 25,
  buttonText: 75,
  buttonValue: 2000,
  fallbackText: 40_000,
} as const;

export type SlackBlock = Record<string, unknown> & { type: string };

/** Slack's three control characters; everything else in mrkdwn is ours to use. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function cut(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : chars.slice(0, max - 1).join('') + '…';
}

/** Splits text into pieces of at most `max` characters, preferring line breaks, then spaces. */
export function splitText(text: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (Array.from(rest).length > max) {
    const window = Array.from(rest).slice(0, max).join('');
    let at = window.lastIndexOf('\n');
    if (at < max / 2) at = window.lastIndexOf(' ');
    if (at < max / 2) at = window.length;
    pieces.push(window.slice(0, at));
    rest = rest.slice(at).replace(/^[\n ]/, '');
  }
  if (rest.length > 0 || pieces.length === 0) pieces.push(rest);
  return pieces;
}

const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });
const plain = (text: string, max: number) => ({ type: 'plain_text', text: cut(text, max), emoji: true });

function renderBlock(block: Block): SlackBlock[] {
  switch (block.type) {
    case 'header':
      return [{ type: 'header', text: plain(block.text, slackLimits.headerText) }];
    case 'text':
      return splitText(escapeMrkdwn(block.text), slackLimits.sectionText).map((piece) => ({ type: 'section', text: mrkdwn(piece) }));
    case 'context':
      return [{ type: 'context', elements: [mrkdwn(cut(escapeMrkdwn(block.text), slackLimits.sectionText))] }];
    case 'divider':
      return [{ type: 'divider' }];
    case 'fields': {
      const out: SlackBlock[] = [];
      for (let i = 0; i < block.fields.length; i += slackLimits.fieldsPerSection) {
        out.push({
          type: 'section',
          fields: block.fields.slice(i, i + slackLimits.fieldsPerSection).map((f) =>
            mrkdwn(cut(`*${escapeMrkdwn(f.label)}*\n${escapeMrkdwn(f.value)}`, slackLimits.fieldText)),
          ),
        });
      }
      return out;
    }
    case 'actions': {
      const out: SlackBlock[] = [];
      for (let i = 0; i < block.actions.length; i += slackLimits.buttonsPerBlock) {
        out.push({
          type: 'actions',
          elements: block.actions.slice(i, i + slackLimits.buttonsPerBlock).map((b, j) => ({
            type: 'button',
            // Slack wants action ids unique within a message; the suffix is stripped on the way back.
            action_id: `${b.id}#${i + j}`,
            text: plain(b.label, slackLimits.buttonText),
            value: cut(b.value, slackLimits.buttonValue) || '-',
            ...(b.style ? { style: b.style } : {}),
          })),
        });
      }
      return out;
    }
    case 'input':
      return [renderInput(block)];
  }
}

/** An input block, for a modal: `block_id` is the field id, so errors land on the field. */
function renderInput(block: InputBlock): SlackBlock {
  const element =
    block.kind === 'select'
      ? {
          type: 'static_select',
          action_id: 'value',
          options: (block.options ?? []).slice(0, 100).map((o) => ({ text: plain(o.label, 75), value: o.value })),
          ...(block.initial !== undefined && block.options?.some((o) => o.value === block.initial)
            ? { initial_option: { text: plain(block.options.find((o) => o.value === block.initial)!.label, 75), value: block.initial } }
            : {}),
        }
      : {
          type: 'plain_text_input',
          action_id: 'value',
          multiline: block.kind === 'textarea',
          ...(block.initial !== undefined ? { initial_value: block.initial } : {}),
          ...(block.maxLength !== undefined ? { max_length: Math.min(block.maxLength, 3000) } : {}),
          ...(block.placeholder ? { placeholder: plain(block.placeholder, 150) } : {}),
        };
  return { type: 'input', block_id: block.id, label: plain(block.label, 2000), optional: Boolean(block.optional), element };
}

/** A form message as a modal view (views.open): inputs and text, its submit button as the modal's. */
export function renderModal(message: Message, privateMetadata = ''): Record<string, unknown> {
  const form = message.form!;
  const blocks = renderBlocks({ ...message, blocks: message.blocks.filter((b) => b.type !== 'actions') }, { maxBlocks: slackLimits.blocksPerView });
  return {
    type: 'modal',
    callback_id: form.id,
    title: plain(form.title, 24),
    submit: plain(form.submitLabel, 24),
    close: plain(form.cancelLabel, 24),
    private_metadata: privateMetadata,
    blocks,
  };
}

/**
 * A modal's submitted state (`view.state.values`) as field id → value. The state arrives as
 * unvalidated JSON, so a block or value of the wrong shape reads as an empty field, never a crash.
 */
export function valuesOf(state: unknown): Record<string, string> {
  const values: Record<string, string> = {};
  const field = (from: unknown, key: string): unknown => (typeof from === 'object' && from !== null ? (from as Record<string, unknown>)[key] : undefined);
  const blocks = field(state, 'values');
  for (const [blockId, actions] of Object.entries(typeof blocks === 'object' && blocks !== null ? blocks : {})) {
    const input = field(actions, 'value') ?? (typeof actions === 'object' && actions !== null ? Object.values(actions)[0] : undefined);
    const value = field(field(input, 'selected_option'), 'value') ?? field(input, 'value');
    values[blockId] = typeof value === 'string' ? value : '';
  }
  return values;
}

export interface RenderOptions {
  /** At most this many blocks (50 for a message, 100 for a view). */
  maxBlocks?: number;
  /** Where the whole content can be read when it had to be cut. */
  moreUrl?: string;
}

export function renderBlocks(message: Message, options: RenderOptions = {}): SlackBlock[] {
  const max = options.maxBlocks ?? slackLimits.blocksPerMessage;
  const blocks = message.blocks.flatMap(renderBlock);
  if (blocks.length <= max) return blocks;
  const kept = blocks.slice(0, max - 1);
  const moreUrl = options.moreUrl ?? message.moreUrl;
  const note = moreUrl
    ? `… ${blocks.length - kept.length} more parts: <${moreUrl}|read the whole message>`
    : `… ${blocks.length - kept.length} more parts were left out to fit Slack's limits.`;
  return [...kept, { type: 'context', elements: [mrkdwn(note)] }];
}

/** The arguments of chat.postMessage / chat.postEphemeral / respond for a message. */
export function renderMessage(message: Message, options: RenderOptions = {}): { text: string; blocks: SlackBlock[] } {
  return { text: cut(escapeMrkdwn(message.text), slackLimits.fallbackText), blocks: renderBlocks(message, options) };
}

/** `hearth.whoami#3` → `hearth.whoami`. */
export function actionIdOf(slackActionId: string): string {
  const at = slackActionId.lastIndexOf('#');
  return at === -1 ? slackActionId : slackActionId.slice(0, at);
}
