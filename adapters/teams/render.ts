/**
 * The message model as an Adaptive Card 1.5, which Teams renders natively. Buttons are
 * `Action.Execute` (Universal Actions: Teams sends an `adaptiveCard/action` invoke, and the card
 * Hearth answers with replaces this one for the person at once), falling back to `Action.Submit`
 * in clients without them; both carry `{ hearth: { action, value } }`. A form's inputs are real
 * card inputs submitted with `{ hearth: { form } }` by `Action.Submit`, whose errors come back as
 * a message. Teams refuses a message larger than its limit (413 MessageSizeTooBig), counted over
 * the whole payload in UTF-16, so a card that would be larger is cut, with a note, rather than
 * rejected.
 */
import type { Block, InputBlock, Message } from '../../src/core/message.ts';

export const adaptiveCardContentType = 'application/vnd.microsoft.card.adaptive';
/**
 * A card's size in UTF-16 bytes, as Teams counts a message: two per UTF-16 code unit, whatever
 * the language. Microsoft has documented the limit as 28 KB, then 40 KB, now 100 KB; the card
 * stays under the 40 KB that older documentation and tenants give, with room for the activity
 * around it (a summary of at most 300 characters, the attachment's wrapper).
 */
export const maxCardBytes = 38_000;
export const utf16Bytes = (value: unknown): number => JSON.stringify(value).length * 2;
/** The card's plain-text fallback, for clients that cannot show cards: the start of the text. */
const maxFallbackChars = 2_000;

type Element = Record<string, unknown>;

/** Our `*bold*` is Adaptive Card markdown's `**bold**`; `_italic_` is the same. */
export function toCardMarkdown(text: string): string {
  return text.replace(/(^|[^*\w])\*([^*\n]+)\*(?=[^*\w]|$)/g, '$1**$2**');
}

function input(block: InputBlock, error?: string): Element[] {
  const common = { id: block.id, label: block.label, isRequired: !block.optional, ...(error ? { errorMessage: error } : {}) };
  const element =
    block.kind === 'select'
      ? {
          type: 'Input.ChoiceSet', ...common, style: 'compact',
          choices: (block.options ?? []).map((o) => ({ title: o.label, value: o.value })),
          ...(block.initial !== undefined ? { value: block.initial } : {}),
        }
      : {
          type: 'Input.Text', ...common, isMultiline: block.kind === 'textarea',
          ...(block.initial !== undefined ? { value: block.initial } : {}),
          ...(block.placeholder ? { placeholder: block.placeholder } : {}),
          ...(block.maxLength !== undefined ? { maxLength: block.maxLength } : {}),
        };
  // Shown under the field when the submission was rejected: Teams has no modal with field errors.
  return error ? [element, { type: 'TextBlock', text: `⚠️ ${error}`, color: 'Attention', size: 'Small', wrap: true, spacing: 'None' }] : [element];
}

function body(block: Block, errors: Record<string, string>): { elements: Element[]; actions: Element[] } {
  switch (block.type) {
    case 'header':
      return { elements: [{ type: 'TextBlock', text: block.text, size: 'Medium', weight: 'Bolder', wrap: true }], actions: [] };
    case 'text':
      return { elements: [{ type: 'TextBlock', text: toCardMarkdown(block.text), wrap: true }], actions: [] };
    case 'context':
      return { elements: [{ type: 'TextBlock', text: toCardMarkdown(block.text), size: 'Small', isSubtle: true, wrap: true }], actions: [] };
    case 'divider':
      return { elements: [{ type: 'Container', separator: true, items: [] }], actions: [] };
    case 'fields':
      return { elements: [{ type: 'FactSet', facts: block.fields.map((f) => ({ title: f.label, value: f.value })) }], actions: [] };
    case 'input':
      return { elements: input(block, errors[block.id]), actions: [] };
    case 'actions':
      return {
        elements: [],
        actions: block.actions.map((b) => {
          const submit = {
            type: 'Action.Submit',
            title: b.label,
            data: { hearth: { action: b.id, value: b.value } },
            ...(b.style === 'primary' ? { style: 'positive' } : b.style === 'danger' ? { style: 'destructive' } : {}),
          };
          return { ...submit, type: 'Action.Execute', verb: b.id, fallback: submit };
        }),
      };
  }
}

export interface CardOptions {
  /** Field errors to show on a re-rendered form. */
  errors?: Record<string, string>;
  /** The delivery this card is sent under, carried unseen so a read-back can find it (see `deliveryKeyOf`). */
  deliveryKey?: string;
}

/**
 * A delivery's key rides in the card as the id of an empty, hidden container: people never see
 * it, and Microsoft Graph returns the card's JSON (the attachment's `content`) with it, so after
 * a crash Hearth can tell whether a message it may have sent is already in the conversation.
 */
const deliveryMarker = 'hearth-delivery:';

/** The delivery key a card (as Graph returns it: parsed from the attachment's `content`) was sent under. */
export function deliveryKeyOf(card: unknown): string | undefined {
  const body = (card as { body?: unknown } | null)?.body;
  if (!Array.isArray(body)) return undefined;
  for (const element of body) {
    const id = (element as { id?: unknown } | null)?.id;
    if (typeof id === 'string' && id.startsWith(deliveryMarker)) return id.slice(deliveryMarker.length);
  }
  return undefined;
}

export function renderCard(message: Message, options: CardOptions = {}): Element {
  const errors = options.errors ?? {};
  const elements: Element[] = [];
  let actions: Element[] = [];
  for (const block of message.blocks) {
    const part = body(block, errors);
    elements.push(...part.elements);
    actions.push(...part.actions);
  }
  if (message.form) {
    // The form's own button submits its inputs; Teams sends input values alongside `data`.
    actions = [
      ...actions.filter((a) => (a.data as { hearth: { action: string } }).hearth.action !== message.form!.id),
      { type: 'Action.Submit', title: message.form.submitLabel, style: 'positive', data: { hearth: { form: message.form.id } } },
    ];
  }
  const card = { type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: '1.5', fallbackText: message.text.length > maxFallbackChars ? `${message.text.slice(0, maxFallbackChars - 1)}…` : message.text, body: elements, ...(actions.length ? { actions } : {}) };
  while (utf16Bytes(card) > maxCardBytes && card.body.length > 1) {
    card.body.splice(card.body.length - 2, 1);
    const last = card.body[card.body.length - 1];
    if (!(last && (last as { id?: string }).id === 'hearth-cut')) {
      // What was cut can still be read where the message says (the digest's page).
      card.body.push({ type: 'TextBlock', id: 'hearth-cut', text: message.moreUrl ? `… [read the whole message](${message.moreUrl})` : '…', isSubtle: true, wrap: true });
    }
  }
  // After the cut, so it is never what gets cut; a key is a few dozen bytes under Teams' limit's margin.
  if (options.deliveryKey !== undefined) card.body.push({ type: 'Container', id: `${deliveryMarker}${options.deliveryKey}`, isVisible: false, items: [] });
  return card;
}

/** The Bot Framework activity for a message: the card, with the plain text as its summary. */
export function renderActivity(message: Message, options: CardOptions = {}): Record<string, unknown> {
  return {
    type: 'message',
    summary: message.text.slice(0, 300),
    attachments: [{ contentType: adaptiveCardContentType, content: renderCard(message, options) }],
  };
}
