/**
 * The playground's inbound requests, validated with zod at the edge and handed to the core as
 * its tagged union. A malformed body becomes a specific error, never a crash.
 */
import { z } from 'zod';
import type { InboundEvent } from '../../src/core/ports.ts';
import { maxCommandLength } from '../../src/core/args.ts';

export const playgroundWorkspace = 'local';

const who = z.string().trim().toLowerCase().email().max(320);

/** A file attached in the page (📎), as base64: the page's stand-in for a chat upload. */
const attachedFile = z.object({ name: z.string().min(1).max(255), content: z.string().max(1_400_000).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64') });
const commandBody = z.object({ as: who, text: z.string().max(maxCommandLength), files: z.array(attachedFile).max(5).optional() });
const actionBody = z.object({
  as: who,
  actionId: z.string().min(1).max(255),
  value: z.string().max(2000).default(''),
  messageId: z.number().int().nullable().optional(),
});

const submitBody = z.object({
  as: who,
  formId: z.string().min(1).max(255),
  values: z.record(z.string().max(100), z.string().max(4000)),
});

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

function decode(body: Buffer): Parsed<unknown> {
  try {
    return { ok: true, value: JSON.parse(body.toString('utf8')) as unknown };
  } catch {
    return { ok: false, error: 'the body is not JSON' };
  }
}

function explain(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
}

function user(email: string) {
  return { platform: 'playground' as const, workspace: playgroundWorkspace, userId: email, email };
}

export function parseCommand(body: Buffer): Parsed<InboundEvent> {
  const decoded = decode(body);
  if (!decoded.ok) return decoded;
  const result = commandBody.safeParse(decoded.value);
  if (!result.success) return { ok: false, error: explain(result.error) };
  const files = (result.data.files ?? []).map((f) => ({ name: f.name, size: Math.floor((f.content.length * 3) / 4), url: `data:application/octet-stream;base64,${f.content}` }));
  return { ok: true, value: { kind: 'command', user: user(result.data.as), text: result.data.text, ...(files.length > 0 ? { files } : {}) } };
}

/** A button click, with the id of the message it was on (so that card can be replaced). */
export function parseAction(body: Buffer): Parsed<InboundEvent & { messageId?: number }> {
  const decoded = decode(body);
  if (!decoded.ok) return decoded;
  const result = actionBody.safeParse(decoded.value);
  if (!result.success) return { ok: false, error: explain(result.error) };
  const { as, actionId, value, messageId } = result.data;
  return { ok: true, value: { kind: 'action', user: user(as), actionId, value, ...(typeof messageId === 'number' ? { messageId } : {}) } };
}

export function parseSubmit(body: Buffer): Parsed<InboundEvent> {
  const decoded = decode(body);
  if (!decoded.ok) return decoded;
  const result = submitBody.safeParse(decoded.value);
  if (!result.success) return { ok: false, error: explain(result.error) };
  const { as, formId, values } = result.data;
  return { ok: true, value: { kind: 'submit', user: user(as), formId, values } };
}
