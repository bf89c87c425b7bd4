/**
 * The playground renders the message model as JSON for its page. The page escapes everything it
 * shows; this copy drops anything that is not part of the model, so what the page sees is exactly
 * what a Block Kit or Adaptive Card renderer would be given.
 */
import type { Block, Message } from '../../src/core/message.ts';

function renderBlock(block: Block): Block {
  switch (block.type) {
    case 'header':
    case 'text':
    case 'context':
      return { type: block.type, text: block.text };
    case 'fields':
      return { type: 'fields', fields: block.fields.map(({ label, value }) => ({ label, value })) };
    case 'actions':
      return {
        type: 'actions',
        actions: block.actions.map(({ id, label, value, style }) => ({ id, label, value, ...(style ? { style } : {}) })),
      };
    case 'divider':
      return { type: 'divider' };
    case 'input': {
      const { id, label, kind, options, initial, placeholder, optional, maxLength } = block;
      return {
        type: 'input', id, label, kind,
        ...(options ? { options: options.map(({ value, label: l }) => ({ value, label: l })) } : {}),
        ...(initial !== undefined ? { initial } : {}),
        ...(placeholder !== undefined ? { placeholder } : {}),
        ...(optional ? { optional } : {}),
        ...(maxLength !== undefined ? { maxLength } : {}),
      };
    }
  }
}

export function renderMessage(message: Message): Message {
  return {
    text: message.text,
    blocks: message.blocks.map(renderBlock),
    ...(message.form ? { form: { ...message.form } } : {}),
  };
}
