/** The messages between the edge (main thread) and the core (worker), and a request's shape on the wire. */
import type { HttpRequest } from './core/ports.ts';
import type { SlackPayload } from '../adapters/slack/receiver.ts';

/** An HTTP request as plain data: the query as its string, the body as bytes. */
export interface WireRequest extends Omit<HttpRequest, 'query' | 'body'> {
  query: string;
  body: Uint8Array;
}

/**
 * The nice value of every thread but the edge's: when they and the edge both want the CPU, the
 * edge, with its 3-second deadline, goes first.
 */
export const corePriority = 10;

export type ToCore =
  | { t: 'serve'; id: number; request: WireRequest; requestId: string }
  /** Without an id for what needs no answer: everything but a modal's submission. */
  | { t: 'slack'; id?: number; payload: SlackPayload; requestId: string }
  | { t: 'stop'; id: number }
  /** The responses the edge sent since the last batch, for the metrics. */
  | { t: 'observed'; batch: Array<{ route: string; method: string; status: number; seconds: number }> }
  | { t: 'listening'; url: string };

export type FromCore =
  | { t: 'ready'; playground: boolean; database: string }
  | { t: 'failed'; message: string }
  | { t: 'reply'; id: number; ok: true; value: unknown }
  | { t: 'reply'; id: number; ok: false; error: string };

export function toWire(request: HttpRequest): WireRequest {
  return { ...request, query: request.query.toString(), body: request.body };
}

export function fromWire(request: WireRequest): HttpRequest {
  return { ...request, query: new URLSearchParams(request.query), body: Buffer.from(request.body.buffer, request.body.byteOffset, request.body.byteLength) };
}

