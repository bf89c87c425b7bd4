/**
 * Opens Hearth's database from a `DATABASE_URL`: SQLite (`file:`) for the embedded default,
 * PostgreSQL (`postgres://`, `postgresql://`) for more than one replica.
 *
 * Each provider has its own generated Prisma client (a Prisma 7 client is bound to its schema's
 * provider). The two are identical model for model, but TypeScript cannot see that, so the
 * PostgreSQL client is cast to the SQLite client's type here, once, and nowhere else.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { PrismaClient as SqliteClient } from './generated/sqlite/client.ts';
import { PrismaClient as PostgresClient } from './generated/postgresql/client.ts';
import { HearthError } from '../../core/errors.ts';

export type DbClient = SqliteClient;
export type Provider = 'sqlite' | 'postgresql';

export interface Database {
  readonly provider: Provider;
  readonly client: DbClient;
  /** The driver adapter factory, for the schema engine. */
  readonly factory: SqlMigrationAwareDriverAdapterFactory;
  /** The URL with any password removed, safe to log. */
  readonly displayUrl: string;
  close(): Promise<void>;
}

export function providerOf(url: string): Provider {
  if (/^postgres(ql)?:\/\//.test(url)) return 'postgresql';
  if (url.startsWith('file:')) return 'sqlite';
  throw new Error(`DATABASE_URL must start with file:, postgres:// or postgresql://`);
}

/** Removes credentials from a URL for logs and messages. */
export function redactUrl(url: string): string {
  return url.replace(/^(\w+:\/\/)([^@/]*)@/, (_all, scheme: string, auth: string) =>
    auth.includes(':') ? `${scheme}${auth.split(':')[0]}:***@` : `${scheme}${auth}@`,
  );
}

/**
 * Every SQLite connection Hearth (or the schema engine) opens:
 * - WAL with synchronous NORMAL: a commit is one write to the log, not several fsyncs, so a
 *   fan-out marking thousands of messages sent is not held up by the disk; a killed process loses
 *   no committed transaction (a power cut may lose the last few, never consistency);
 * - secure_delete: deleted rows (an erased pulse secret, answers rewritten at a round's close)
 *   are overwritten on disk, not just unlinked.
 */
const sqlitePragmas = 'PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA secure_delete = ON;';

function withPragmas(factory: PrismaBetterSqlite3): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    async connect() {
      const connection = await factory.connect();
      await connection.executeScript(sqlitePragmas);
      return connection;
    },
    // The schema engine's scratch database, in memory: nothing to tune.
    connectToShadowDb: () => factory.connectToShadowDb(),
  };
}

/**
 * How long SQLite work may hold the event loop before it lets timers and the network in. One
 * command's queries take a few milliseconds, and a Slack command arriving meanwhile waits for the
 * slice to end: at 25 commands a second, Hearth's acknowledgements were 2.2× a bare Bolt app's at
 * p90 with 10 ms slices, 1.4–1.6× with 1 ms (bench/ack.ts, open loop).
 */
const sqliteSliceMs = 1;

/**
 * better-sqlite3 answers synchronously, so a job that runs thousands of queries in a row (a pulse
 * round asking 10,000 people) never gives the event loop a turn: no HTTP request is answered, no
 * Slack command acknowledged, no message sent until it ends. Every query first checks how long
 * the loop has been held and, past a slice, yields it for a moment. The turn is shared: while one
 * is pending every query waits for it, since the loop only gets its turn once no query can run
 * (with 50 commands in flight, parking one at a time held Slack's acknowledgements for up to
 * 50 slices; bench/ack.ts).
 */
function yieldingClient(client: SqliteClient): DbClient {
  let since = performance.now();
  let pending: Promise<void> | undefined;
  const turn = () =>
    (pending ??= new Promise<void>((resolve) =>
      setImmediate(() => {
        pending = undefined;
        since = performance.now();
        resolve();
      }),
    ));
  return client.$extends({
    query: {
      async $allOperations({ args, query }) {
        if (pending || performance.now() - since > sqliteSliceMs) await turn();
        return query(args);
      },
    },
  }) as unknown as DbClient;
}

export interface DatabaseOptions {
  /** Told the operation and duration of every query (for metrics). */
  onQuery?: (operation: string, seconds: number) => void;
}

/** Times every query for `onQuery`, on either provider. */
function timed(client: DbClient, onQuery: DatabaseOptions['onQuery']): DbClient {
  if (!onQuery) return client;
  return client.$extends({
    query: {
      async $allOperations({ operation, args, query }) {
        const began = process.hrtime.bigint();
        try {
          return await query(args);
        } finally {
          onQuery(operation, Number(process.hrtime.bigint() - began) / 1e9);
        }
      },
    },
  }) as unknown as DbClient;
}

/**
 * A pg client whose server goes away (a restart, an administrator ending sessions) emits 'error',
 * and an 'error' with no listener ends the Node process. The pool listens while a client is idle
 * and a query while it runs, but not in every gap between: so every client of every pool the
 * adapter opens keeps a listener for its whole life. The query or transaction that was using it
 * fails on its own, and the pool drops the broken client.
 */
function keepingErrorListeners(factory: PrismaPg): SqlMigrationAwareDriverAdapterFactory {
  const guarded = async (adapter: ReturnType<PrismaPg['connect']>) => {
    const connected = await adapter;
    connected.underlyingDriver().on('connect', (client) => client.on('error', () => {}));
    return connected;
  };
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: () => guarded(factory.connect()),
    connectToShadowDb: () => guarded(factory.connectToShadowDb()),
  };
}

/** PostgreSQL error classes meaning the server went away or is not accepting work yet (restart, failover). */
const unreachableSqlStates = /^(08|57P0[1-3])/;
const unreachableKinds = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
const unreachableCodes = new Set(['P1001', 'P1002', 'P1017', 'P2024']);

/**
 * Whether an error says the database could not be reached or dropped the connection (a restart,
 * a failover, an administrator ending sessions), as opposed to a query the database refused.
 */
function isUnreachable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  type Cause = { kind?: unknown; code?: unknown };
  const e = error as { name?: unknown; code?: unknown; message?: unknown; cause?: Cause; meta?: { driverAdapterError?: { cause?: Cause } } };
  // The adapter's error comes wrapped in the client's (queries) or bare (a transaction's begin or
  // commit on a connection the server has just ended).
  const cause = e.name === 'DriverAdapterError' ? e.cause : e.meta?.driverAdapterError?.cause;
  return (
    (typeof e.code === 'string' && (unreachableCodes.has(e.code) || /^E(CONNREFUSED|CONNRESET|PIPE|TIMEDOUT)$/.test(e.code))) ||
    (typeof cause?.kind === 'string' && unreachableKinds.has(cause.kind)) ||
    (typeof cause?.code === 'string' && unreachableSqlStates.test(cause.code)) ||
    // pg's own words for a pooled connection that broke under a transaction.
    (typeof e.message === 'string' && /connection error and is not queryable|Connection terminated/.test(e.message))
  );
}

/**
 * Turns "the database is away" into the core's `unavailable` error, so the person who asked is
 * told to try again in a moment (not "something went wrong"), and loops know to carry on later.
 * Queries go through the extension; interactive transactions fail before their first query when
 * no connection can be had, so `$transaction` is wrapped as well.
 */
function unavailableWhenUnreachable(client: DbClient): DbClient {
  const translate = (error: unknown) => (isUnreachable(error) ? new HearthError('unavailable', 'error.unavailable', {}, { cause: error }) : error);
  const extended = client.$extends({
    query: {
      async $allOperations({ args, query }) {
        try {
          return await query(args);
        } catch (error) {
          throw translate(error);
        }
      },
    },
  }) as unknown as DbClient;
  return new Proxy(extended, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property);
      if (typeof value !== 'function') return value;
      // The client's own methods run on the client itself, never on this wrapper.
      if (property !== '$transaction') return (value as (...a: unknown[]) => unknown).bind(target);
      return (...args: unknown[]) =>
        (value as (...a: unknown[]) => Promise<unknown>).apply(target, args).catch((error: unknown) => {
          throw translate(error);
        });
    },
  });
}

export function openDatabase(url: string, options: DatabaseOptions = {}): Database {
  const provider = providerOf(url);
  if (provider === 'sqlite') {
    const path = url.replace(/^file:/, '');
    if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
    // The schema engine (migrations) gets the plain factory: it opens its own connection, in
    // exclusive locking mode, and Hearth's connection steps aside for it (migrate.ts).
    const factory = new PrismaBetterSqlite3({ url: path, timeout: 5000 });
    const client = timed(yieldingClient(new SqliteClient({ adapter: withPragmas(factory) })), options.onQuery);
    return {
      provider,
      client,
      factory,
      displayUrl: url,
      close: () => client.$disconnect(),
    };
  }
  // A connection that cannot be made in 5 s fails the request instead of holding it open for as
  // long as the database is away (pg waits forever by default).
  const factory = keepingErrorListeners(new PrismaPg({ connectionString: url, max: 10, connectionTimeoutMillis: 5000 }));
  // The one cast between the two generated clients (see the module comment).
  const client = unavailableWhenUnreachable(timed(new PostgresClient({ adapter: factory }) as unknown as DbClient, options.onQuery));
  return {
    provider,
    client,
    factory,
    displayUrl: redactUrl(url),
    close: () => client.$disconnect(),
  };
}
