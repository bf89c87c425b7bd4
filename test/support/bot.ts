/**
 * A whole Hearth in-process, on a real database, with a recording adapter: tests read like
 * conversations (`await bot.as('ana@example.com').says('hearth whoami')`).
 */
import type { Database, Provider } from '../../src/infra/db/connection.ts';
import { createApp, type HearthApp } from '../../src/app.ts';
import { createFixedClock } from '../../src/core/clock.ts';
import type { Destination, InboundEvent, InboundFile, PlatformAdapter, Store } from '../../src/core/ports.ts';
import { FileReadError } from '../../src/core/errors.ts';
import { fetchFile } from '../../adapters/fetch-file.ts';
import type { Message } from '../../src/core/message.ts';
import { createDataLayer, createFeatures } from '../../src/data.ts';
import { importRoster } from '../../src/features/roster/import.ts';
import { demoRosterCsv } from '../../src/features/roster/demo.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';
import { createMemoryLogger, type MemoryLogger } from './logger.ts';

export interface Sent {
  destination: Destination;
  message: Message;
  /** The delivery key it was sent under. */
  key: string;
}

/** A platform that records what it is asked to send; every roster email is a user on it. */
export function createRecordingAdapter(): PlatformAdapter & { sent: Sent[] } {
  const sent: Sent[] = [];
  return {
    platform: 'playground',
    workspace: 'local',
    workspaceName: 'Test',
    routes: [],
    sent,
    async start() {},
    async send(destination, message, { key }) {
      sent.push({ destination, message, key });
    },
    async lookupUserByEmail(email) {
      return email;
    },
    // Test files travel as data: URLs (see `fileFrom`); an http(s) one is fetched, as Teams does.
    async readFile(file, maxBytes) {
      const inline = /^data:[^,]*;base64,(.*)$/.exec(file.url);
      if (!inline) return fetchFile(file.url, maxBytes);
      const bytes = Buffer.from(inline[1]!, 'base64');
      if (bytes.length > maxBytes) throw new FileReadError('too_large');
      return bytes;
    },
    async stop() {},
  };
}

/** A file as a person would attach it to a command. */
export function fileFrom(name: string, content: string | Buffer): InboundFile {
  const bytes = Buffer.from(content);
  return { name, size: bytes.length, url: `data:text/csv;base64,${bytes.toString('base64')}` };
}

export interface TestBot {
  app: HearthApp;
  store: Store;
  db: Database;
  adapter: ReturnType<typeof createRecordingAdapter>;
  logger: MemoryLogger;
  clock: ReturnType<typeof createFixedClock>;
  as(email: string): {
    says(text: string, extra?: Pick<InboundEvent & { kind: 'command' }, 'id' | 'replyTo' | 'files'>): Promise<string>;
    clicks(actionId: string, value?: string): Promise<string>;
    opensHome(): Promise<string>;
    submits(formId: string, values: Record<string, string>): Promise<{ text: string; errors?: Record<string, string> }>;
    /** The whole reply messages to a command, for forms and buttons. */
    asks(text: string): Promise<Message[]>;
  };
  /** Delivers what is queued, then returns the text of every DM sent to this email. */
  dmsTo(email: string): Promise<string[]>;
  close(): Promise<void>;
}

export async function createTestBot(provider: Provider, options: { locale?: 'en' | 'zh-CN'; currency?: string; demoRoster?: boolean } = {}): Promise<TestBot> {
  const database: TestDatabase = await createTestDatabase(provider);
  const db = await database.open();
  const data = createDataLayer(db.client);
  const { store } = data;
  const adapter = createRecordingAdapter();
  const logger = createMemoryLogger();
  const clock = createFixedClock('2026-12-01T09:00:00Z');
  const app = await createApp({
    data,
    features: createFeatures(db.client),
    clock,
    logger,
    adapters: [adapter],
    deliverInBackground: false,
    organization: { name: 'Test Centre', timezone: 'Europe/London', locale: options.locale ?? 'en', currency: options.currency ?? 'USD' },
  });
  // The roster first, as on a first start with the demo seed: features line up their schedules at start.
  if (options.demoRoster) {
    const outcome = await importRoster(store, app.org, demoRosterCsv(), null);
    if (!outcome.ok) throw new Error('the demo roster did not import');
  }
  await app.start();
  const user = (email: string) => ({ platform: 'playground' as const, workspace: 'local', userId: email, email });
  const text = (replies: Message[]) => replies.map((m) => m.text).join('\n');
  return {
    app,
    store,
    db,
    adapter,
    logger,
    clock,
    as: (email) => ({
      says: async (t, extra = {}) => text((await app.handle({ kind: 'command', user: user(email), text: t, ...extra })).replies),
      clicks: async (actionId, value = '') => text((await app.handle({ kind: 'action', user: user(email), actionId, value })).replies),
      opensHome: async () => text((await app.handle({ kind: 'home', user: user(email) })).replies),
      submits: async (formId, values) => {
        const result = await app.handle({ kind: 'submit', user: user(email), formId, values });
        return { text: text(result.replies), ...(result.errors ? { errors: result.errors } : {}) };
      },
      asks: async (t) => (await app.handle({ kind: 'command', user: user(email), text: t })).replies,
    }),
    dmsTo: async (email) => {
      await app.deliveries.drain();
      return adapter.sent.filter((s) => s.destination.kind === 'dm' && s.destination.userId === email).map((s) => s.message.text);
    },
    async close() {
      await app.stop();
      await db.close();
      await database.drop();
    },
  };
}
