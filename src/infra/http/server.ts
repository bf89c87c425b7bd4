/**
 * Hearth's one HTTP port, in two parts. The edge (`startHttpServer`) owns the socket: it gives
 * each request an id, serves raw routes in place (Slack's receiver, which must acknowledge within
 * 3 seconds), and reads every other request's body and hands it to the core. The core
 * (`createRouteTable`) answers those from its routes: health, metrics, the playground, Teams'
 * messages, digest pages. Plain node:http, so Bolt gets the exact raw body its signature check
 * needs.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HttpRequest, HttpResponse, HttpRoute, Logger, RawRoute } from '../../core/ports.ts';
import { requestIdFrom } from '../request-context.ts';

/** A response, with the route that gave it (as registered, or `unmatched`) for the metrics. */
export interface RoutedResponse extends HttpResponse {
  route: string;
}

/** Answers a buffered request from the core's routes. */
export type ServeRequest = (request: HttpRequest, requestId: string) => Promise<RoutedResponse>;

export function json(status: number, value: unknown): HttpResponse {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(value) };
}

/** The core's side: the route for a request's method and path, or 404 (no such path) or 405. */
export function createRouteTable(routes: HttpRoute[], logger: Logger): (request: HttpRequest) => Promise<RoutedResponse> {
  const table = new Map(routes.map((r) => [`${r.method} ${r.path}`, r]));
  return async (request) => {
    const route = table.get(`${request.method} ${request.path}`);
    if (!route) {
      const pathKnown = [...table.keys()].some((k) => k.endsWith(` ${request.path}`));
      return { ...(pathKnown ? json(405, { error: 'method not allowed' }) : json(404, { error: 'not found' })), route: 'unmatched' };
    }
    try {
      return { ...(await route.handle(request)), route: route.path };
    } catch (error) {
      logger.error({ err: error, path: request.path }, 'http handler failed');
      return { ...json(500, { error: 'internal error' }), route: route.path };
    }
  };
}

export interface HttpServerConfig {
  host: string;
  port: number;
  /** Routes served on the edge from Node's own request and response. */
  raw: RawRoute[];
  /** Everything else, answered by the core. */
  serve: ServeRequest;
  logger: Logger;
  /** Bodies larger than this are refused with 413. */
  maxBodyBytes?: number;
  /** Told when each response has gone: its route, method, status and how long it took. */
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

export async function startHttpServer(config: HttpServerConfig): Promise<HttpServer> {
  const { logger } = config;
  const limit = config.maxBodyBytes ?? 1_000_000;
  const raw = new Map(config.raw.map((r) => [`${r.method} ${r.path}`, r]));
  const server: Server = createServer((req, res) => {
    const requestId = requestIdFrom(req.headers['x-request-id']);
    res.setHeader('x-request-id', requestId);
    serve(req, res, requestId).catch((error: unknown) => logger.error({ err: error, path: req.url, requestId }, 'http request failed'));
  });

  async function serve(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const began = process.hrtime.bigint();
    let route = 'unmatched';
    res.once('finish', () => config.onResponse?.(route, req.method ?? '?', res.statusCode, Number(process.hrtime.bigint() - began) / 1e9));
    const own = raw.get(`${req.method} ${url.pathname}`);
    if (own) {
      route = own.path;
      own.raw(req, res, requestId);
      return;
    }
    let response: HttpResponse;
    try {
      const request: HttpRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: req.method === 'POST' ? await readBody(req, limit) : Buffer.alloc(0),
      };
      const routed = await config.serve(request, requestId);
      route = routed.route;
      response = routed;
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        response = json(413, { error: `request body is larger than ${limit} bytes` });
      } else {
        logger.error({ err: error, path: url.pathname, requestId }, 'http request failed');
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
