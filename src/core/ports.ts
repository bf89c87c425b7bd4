/**
 * The ports the core needs from the outside world. Infrastructure implements them (Prisma, pino,
 * node:http); tests and benchmarks can implement them too. Nothing here names a library.
 */
import type { Member, Organization, Platform, PlatformUser, Role, ShiftPattern, Team } from './domain.ts';
import type { Locale } from './i18n/index.ts';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Message } from './message.ts';

export interface Logger {
  trace(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

/** One validated roster line, ready to upsert. */
export interface RosterEntry {
  name: string;
  email: string;
  role: Role;
  team: string | null;
  timezone: string;
  /** Null when the file does not say: a new member gets the default, an existing one keeps theirs. */
  locale: Locale | null;
  shifts: ShiftPattern[];
}

export interface RosterImportResult {
  created: number;
  updated: number;
  unchanged: number;
  teamsCreated: number;
}

export interface AuditEntry {
  orgId: string;
  actorId: string | null;
  action: string;
  target: string;
  detail?: Record<string, unknown>;
}

export interface MemberWithShifts extends Member {
  shifts: ShiftPattern[];
}

/** Persistence, as the core sees it. */
export interface Store {
  /** Throws when the database cannot be reached. */
  ping(): Promise<void>;
  /** The organisation, created from `defaults` on first start; its currency follows the configuration. */
  ensureOrganization(defaults: { name: string; timezone: string; locale: Locale; currency?: string }): Promise<Organization>;
  ensureWorkspace(orgId: string, platform: Platform, externalId: string, name: string): Promise<{ id: string }>;
  findMemberByIdentity(platform: Platform, workspace: string, userId: string): Promise<Member | null>;
  findMemberByEmail(orgId: string, email: string): Promise<Member | null>;
  findMemberById(id: string): Promise<Member | null>;
  /** Remembers that this platform user is this member. */
  linkIdentity(memberId: string, workspaceId: string, userId: string): Promise<void>;
  /** The platform user ids of a member, per platform workspace. */
  identitiesOf(memberId: string): Promise<Array<{ platform: Platform; workspace: string; userId: string }>>;
  listTeams(orgId: string): Promise<Team[]>;
  listMembers(orgId: string, filter?: { teamId?: string; activeOnly?: boolean }): Promise<MemberWithShifts[]>;
  countMembers(orgId: string): Promise<number>;
  /** A member's own language and time zone, audited as their change. */
  updatePreferences(memberId: string, preferences: { locale: Locale; timezone: string }): Promise<Member>;
  /** A member's role and team, set by an admin in chat, audited as theirs. */
  setRole(memberId: string, change: { role: Role; teamId: string | null }, actorId: string): Promise<Member>;
  /** An idempotent upsert of the whole file, in one transaction, audited. */
  importRoster(orgId: string, entries: RosterEntry[], actorId: string | null, defaultLocale: Locale): Promise<RosterImportResult>;
  /** True the first time an inbound event id is seen, false for a redelivery. */
  firstReceipt(eventId: string, now: Date): Promise<boolean>;
  audit(entry: AuditEntry): Promise<void>;
  /** Whether an audit entry with this action and target exists: for "tell the admin once". */
  auditExists(orgId: string, action: string, target: string): Promise<boolean>;
  recentAudit(orgId: string, limit: number): Promise<Array<AuditEntry & { createdAt: Date }>>;
}

export interface Holiday {
  /** Local calendar date, YYYY-MM-DD. */
  date: string;
  name: string;
  /** Null for the whole organisation. */
  teamId: string | null;
}

/** When a team's prompts may arrive, as supervisors set them (`HH:MM-HH:MM` text, null for none). */
export interface TeamHours {
  quietHours: string | null;
  breakWindows: string | null;
}

/** Days off and prompt hours: what every schedule and every prompt consults. */
export interface Calendar {
  /** The organisation's days off and, with `teamId`, that team's too; `'all'` lists every team's. */
  holidays(orgId: string, teamId: string | null | 'all'): Promise<Holiday[]>;
  /** False when that day is already a holiday for the same team (or the organisation). */
  addHoliday(orgId: string, holiday: Holiday, actorId: string): Promise<boolean>;
  removeHoliday(orgId: string, date: string, teamId: string | null, actorId: string): Promise<boolean>;
  teamHours(teamId: string): Promise<TeamHours>;
  setTeamHours(orgId: string, teamId: string, hours: TeamHours, actorId: string): Promise<void>;
  shiftsOf(memberId: string): Promise<ShiftPattern[]>;
}

/** Conversation references kept for platforms that need one to write first (Teams). */
export interface ConversationRefs {
  save(platform: Platform, workspace: string, key: string, reference: string): Promise<void>;
  find(platform: Platform, workspace: string, key: string): Promise<string | null>;
}

/** Where a message goes. Platform addresses are resolved by the core before an adapter sees them. */
export type Destination =
  | { kind: 'dm'; userId: string; workspace: string }
  | { kind: 'channel'; channel: string; workspace: string; threadId?: string };

/**
 * A chat platform, as the core sees it. Inbound traffic reaches the core through the
 * `EventHandler` given at start; outbound goes through `send`.
 */
export interface PlatformAdapter {
  readonly platform: Platform;
  /** The platform workspace this adapter serves (Slack team id, Teams tenant id, `local`). */
  readonly workspace: string;
  readonly workspaceName: string;
  /** HTTP routes this adapter serves on Hearth's port. */
  readonly routes: HttpRoute[];
  start(handler: EventHandler): Promise<void>;
  /**
   * Sends one message. `key` is the delivery's idempotency key and `attempt` counts from 1: on a
   * later attempt the message may already have gone before a crash, and a platform that can check
   * (Slack, by the key in the message's metadata) does so before sending again. Throws DeliveryError to say when to retry.
   */
  send(destination: Destination, message: Message, options: { key: string; attempt: number }): Promise<void>;
  /** Directory lookup, where the platform has one; null when nobody has that email. */
  lookupUserByEmail?(email: string): Promise<string | null>;
  /** A platform user's email, where the platform shares it; used to match the roster once. */
  emailOf?(userId: string): Promise<string | null>;
  /**
   * Whether the link to the platform is up, for `/readyz`. Only an adapter that holds a
   * connection (Slack's Socket Mode) can lose it; one that is called over HTTP has none.
   */
  connection?(): PlatformConnection;
  /**
   * Reads a file a person sent, refusing one over `maxBytes` (FileReadError `too_large`). A platform
   * without file uploads leaves it out, and commands that need a file say how to send one.
   */
  readFile?(file: InboundFile, maxBytes: number): Promise<Buffer>;
  stop(): Promise<void>;
}

export type PlatformConnection = 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

/**
 * Runs work as one traceable unit: every log line it writes carries one id. Infrastructure gives
 * each unit a new id unless the work already belongs to one (a Slack listener behind Hearth's
 * own HTTP server keeps the request's id).
 */
export type Traced = <T>(work: () => Promise<T>) => Promise<T>;

/** For tests and tools without logs to correlate: the work, as it is. */
export const untraced: Traced = (work) => work();

export interface HttpRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  /** The raw body; adapters parse it (Slack must verify signatures over the exact bytes). */
  body: Buffer;
}

export interface HttpResponse {
  status: number;
  headers?: Record<string, string>;
  body: string | Buffer;
}

/** A route on Hearth's port, served by the core from the buffered request. */
export interface HttpRoute {
  method: 'GET' | 'POST';
  path: string;
  handle(request: HttpRequest): Promise<HttpResponse>;
}

/**
 * A route served on the edge itself, from Node's request and response untouched, for an SDK that
 * owns its HTTP handling (Bolt's receiver), with the id the edge gave the request.
 */
export interface RawRoute {
  method: 'POST';
  path: string;
  raw(request: IncomingMessage, response: ServerResponse, requestId: string): void;
}

/** What every inbound event may carry besides its kind. */
interface EventBase {
  user: PlatformUser;
  /** The platform's event id, when it redelivers: a repeat is handled once. */
  id?: string;
  /**
   * Where replies go as ordinary messages (a DM, a thread), through the delivery queue. Without
   * it replies are returned for the adapter to show only to the sender (ephemeral).
   */
  replyTo?: Destination;
}

/**
 * A file sent with a command (a roster CSV attached to a DM). The event only says where it is;
 * the adapter that received it reads it (`readFile`), with the platform's credentials.
 */
export interface InboundFile {
  name: string;
  /** In bytes, when the platform says; null when it does not (Teams). */
  size: number | null;
  url: string;
}

/** An event from a platform, parsed at the edge into this union. */
export type InboundEvent =
  | (EventBase & { kind: 'command'; text: string; files?: InboundFile[] })
  | (EventBase & { kind: 'action'; actionId: string; value: string })
  /** A form was submitted: field id → value. */
  | (EventBase & { kind: 'submit'; formId: string; values: Record<string, string> })
  /** The person opened their home view (Slack App Home). */
  | (EventBase & { kind: 'home' })
  /** The person installed Hearth or opened a chat with it: link them and greet them. */
  | (EventBase & { kind: 'hello' })
  | { kind: 'unsupported'; platform: Platform; description: string };

/** What the person who caused an event sees at once (ephemeral, in Slack's terms). */
export interface EventResult {
  replies: Message[];
  /** For a button: the new version of the card it was on, for adapters that can replace it. */
  update?: Message;
  /** For a rejected form: field id → what is wrong, shown on the field. */
  errors?: Record<string, string>;
}

export type EventHandler = (event: InboundEvent) => Promise<EventResult>;
