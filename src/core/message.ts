/**
 * The one outbound message model. Features build a message once; each adapter's `render.ts`
 * turns it into Block Kit, an Adaptive Card or the playground's JSON, always with `text` as the
 * plain fallback for notifications and screen readers.
 *
 * Inline markup in `text` blocks is deliberately small and common to every platform:
 * `*bold*`, `_italic_`, `` `code` `` and newlines.
 */
export type Block =
  | { type: 'header'; text: string }
  | { type: 'text'; text: string }
  | { type: 'fields'; fields: Array<{ label: string; value: string }> }
  | { type: 'actions'; actions: Button[] }
  | { type: 'context'; text: string }
  | { type: 'divider' };

export interface Button {
  /** Routed back to the core as an `action` event with this id. */
  id: string;
  label: string;
  value: string;
  style?: 'primary' | 'danger';
}

export interface Message {
  text: string;
  blocks: Block[];
}

/** A message of plain text only. */
export function textMessage(text: string): Message {
  return { text, blocks: [{ type: 'text', text }] };
}
