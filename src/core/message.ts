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
  | { type: 'divider' }
  | InputBlock;

/** A field of a form; only meaningful in a message that has `form`. */
export interface InputBlock {
  type: 'input';
  /** The key of this field's value on submit, and where its error is shown. */
  id: string;
  label: string;
  kind: 'text' | 'textarea' | 'select';
  options?: Array<{ value: string; label: string }>;
  initial?: string;
  placeholder?: string;
  optional?: boolean;
  maxLength?: number;
}

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
  /**
   * Makes the message a form: its input blocks are the fields, submitted together as a `submit`
   * event with this id. Slack opens it as a modal; the playground and Teams show it inline.
   */
  form?: { id: string; title: string; submitLabel: string; cancelLabel: string };
  /**
   * Says something that must not stay on Hearth's side once delivered (the code that follows an
   * anonymous suggestion): the delivery queue erases it after sending.
   */
  sensitive?: boolean;
  /** Where the whole of a long message can be read, for a platform that must cut it (the digest's page). */
  moreUrl?: string;
}

/**
 * A form: its fields, then its submit button (the playground and Teams show the form inline and
 * submit it with that button; Slack opens it as a modal with its own).
 */
export function formMessage(form: NonNullable<Message['form']>, fields: Block[]): Message {
  return { text: form.title, form, blocks: [...fields, { type: 'actions', actions: [{ id: form.id, label: form.submitLabel, value: '', style: 'primary' }] }] };
}

/** A message of plain text only. */
export function textMessage(text: string): Message {
  return { text, blocks: [{ type: 'text', text }] };
}
