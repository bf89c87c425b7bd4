/**
 * A TCP proxy between Hearth and its database, for fault tests: what a PostgreSQL restart looks
 * like from Hearth's side (every connection cut, new ones refused for a while, then accepted
 * again) without restarting the PostgreSQL server other suites are using.
 */
import { createServer, createConnection, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface TcpProxy {
  /** The port the proxy listens on (the same after `accept`). */
  readonly port: number;
  /** Connections open through the proxy now. */
  readonly open: number;
  /** Connections accepted since the proxy started. */
  readonly accepted: number;
  /** `url` with its host and port replaced by the proxy's. */
  rewrite(url: string): string;
  /** A restart going down: every connection is reset and the port refuses new ones. */
  refuse(): Promise<void>;
  /** A restart coming back: the port accepts connections again. */
  accept(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const pairs = new Set<[Socket, Socket]>();
  let accepted = 0;
  let port = 0;
  let server: Server | undefined;

  function listen(): Promise<void> {
    const next = createServer((client) => {
      accepted += 1;
      const upstream = createConnection(target);
      const pair: [Socket, Socket] = [client, upstream];
      pairs.add(pair);
      const drop = () => {
        pairs.delete(pair);
        client.destroy();
        upstream.destroy();
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
      client.pipe(upstream);
      upstream.pipe(client);
    });
    server = next;
    return new Promise((resolve, reject) => {
      next.once('error', reject);
      next.listen(port, '127.0.0.1', () => {
        port = (next.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  async function refuse(): Promise<void> {
    const closing = server;
    server = undefined;
    // A reset, as when the server process goes away, not a polite FIN.
    for (const [client, upstream] of pairs) {
      client.resetAndDestroy();
      upstream.destroy();
    }
    pairs.clear();
    if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()));
  }

  await listen();
  return {
    get port() {
      return port;
    },
    get open() {
      return pairs.size;
    },
    get accepted() {
      return accepted;
    },
    rewrite(url) {
      const u = new URL(url);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    refuse,
    accept: () => (server ? Promise.resolve() : listen()),
    close: refuse,
  };
}
