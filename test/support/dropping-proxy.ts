/**
 * Between Hearth and the fake Bot Connector: the window a crash falls into, as Hearth sees it.
 * Everything is passed through, but an activity Hearth posts can be taken by the connector and
 * its answer never come back (the connection is cut), or come back late, so a process killed
 * meanwhile never learns the message went.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface DroppingProxy {
  /** The serviceUrl to give Hearth in place of the connector's. */
  url: string;
  /** Activities the connector took whose answer was then cut off. */
  dropped: number;
  /** Cuts the connection after the connector took the next `count` activities. */
  dropNext(count?: number): void;
  close(): Promise<void>;
}

export async function startDroppingProxy(target: string, options: { responseDelayMs?: number } = {}): Promise<DroppingProxy> {
  let toDrop = 0;
  let dropped = 0;
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([k, v]) => typeof v === 'string' && !['host', 'content-length', 'connection'].includes(k))) as Record<string, string>;
    const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
    const answer = await fetch(new URL((req.url ?? '/').replace(/^\//, ''), target), { method: req.method, headers, ...(body ? { body } : {}) });
    const payload = Buffer.from(await answer.arrayBuffer());
    const posted = req.method === 'POST' && /\/activities(\/[^/]+)?$/.test(req.url ?? '') && answer.ok;
    if (posted && toDrop > 0) {
      toDrop -= 1;
      dropped += 1;
      req.socket.destroy();
      return;
    }
    if (posted && options.responseDelayMs) await new Promise((resolve) => setTimeout(resolve, options.responseDelayMs));
    const forwarded = Object.fromEntries([...answer.headers].filter(([k]) => !['content-length', 'content-encoding', 'transfer-encoding', 'connection'].includes(k)));
    res.writeHead(answer.status, forwarded).end(payload);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    get dropped() {
      return dropped;
    },
    dropNext: (count = 1) => {
      toDrop += count;
    },
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
