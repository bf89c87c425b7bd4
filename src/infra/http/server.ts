/**
 * Hearth's one HTTP port: health, and the routes each adapter brings (the playground's page and
 * API, Slack's events, Teams' messages). Plain node:http, so adapters get the exact raw body,
 * which Slack's signature check needs.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HttpRequest, HttpResponse, HttpRoute, Logger } from '../../core/ports.ts';
import { requestIdFrom, withRequest } from '../request-context.ts';

export interface HttpServerConfig {
  host: string;
  port: number;
  routes: HttpRoute[];
  logger: Logger;
  /** Bodies larger than this are refused with 413. */
  maxBodyBytes?: number;
  /** Told when each response has gone: the route as registered (or `unmatched`), and how long it took. */
  onResponse?: (route: string, method: string, status: number, seconds: number) => void;
}

export interface HttpServer {
  readonly url: string;
  close(): Promise<void>;
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    // An oversized body is read to its end and discarded, so the client gets the 413 rather
    // than a reset connection.
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => (size > limit ? reject(new BodyTooLarge()) : resolve(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}

export function json(status: number, value: unknown): HttpResponse {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(value) };
}

export async function startHttpServer(config: HttpServerConfig): Promise<HttpServer> {
  const { logger } = config;
  const limit = config.maxBodyBytes ?? 1_000_000;
  const table = new Map(config.routes.map((r) => [`${r.method} ${r.path}`, r]));
  const server: Server = createServer((req, res) => {
    const requestId = requestIdFrom(req.headers['x-request-id']);
    res.setHeader('x-request-id', requestId);
    withRequest(requestId, () => serve(req, res)).catch((error: unknown) => logger.error({ err: error, path: req.url }, 'http request failed'));
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = table.get(`${req.method} ${url.pathname}`);
    const began = process.hrtime.bigint();
    res.once('finish', () => config.onResponse?.(route?.path ?? 'unmatched', req.method ?? '?', res.statusCode, Number(process.hrtime.bigint() - began) / 1e9));
    let response: HttpResponse;
    try {
      if (route && 'raw' in route) {
        route.raw(req, res);
        return;
      }
      if (!route) {
        const pathKnown = [...table.keys()].some((k) => k.endsWith(` ${url.pathname}`));
        response = pathKnown ? json(405, { error: 'method not allowed' }) : json(404, { error: 'not found' });
      } else {
        const request: HttpRequest = {
          method: req.method ?? 'GET',
          path: url.pathname,
          query: url.searchParams,
          headers: req.headers,
          body: req.method === 'POST' ? await readBody(req, limit) : Buffer.alloc(0),
        };
        response = await route.handle(request);
      }
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        response = json(413, { error: `request body is larger than ${limit} bytes` });
      } else {
        logger.error({ err: error, path: url.pathname }, 'http handler failed');
        response = json(500, { error: 'internal error' });
      }
    }
    res.writeHead(response.status, response.headers ?? {});
    res.end(response.body);
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host === '0.0.0.0' ? 'localhost' : host}:${address.port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
