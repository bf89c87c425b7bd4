import type { ParsedArgs } from './args.ts';
import type { Member, Organization, Role } from './domain.ts';
import type { Locale, MessageKey, Translate } from './i18n/index.ts';
import type { Message } from './message.ts';
import type { Messenger } from './messenger.ts';
import type { Clock } from './clock.ts';
import type { Calendar, Logger, Store } from './ports.ts';
import type { Jobs } from './scheduler.ts';

/** What a command handler may use. Built per event by the core; never a global. */
export interface CommandContext {
  actor: Member;
  org: Organization;
  locale: Locale;
  t: Translate;
  args: ParsedArgs;
  store: Store;
  clock: Clock;
  messenger: Messenger;
  logger: Logger;
  calendar: Calendar;
  /** One-off scheduled work: reminders, follow-ups. */
  jobs: Jobs;
  /**
   * The roster member a person typed: a platform mention (`<@U123>`, as Slack and Teams send
   * them), an email, or a name; null when there is no such member.
   */
  findMember(token: string): Promise<Member | null>;
  /** Files sent with the command, readable at most `maxBytes` at a time; empty for most. */
  files: AttachedFile[];
}

export interface AttachedFile {
  name: string;
  read(maxBytes: number): Promise<Buffer>;
}

export type CommandHandler = (ctx: CommandContext) => Promise<Message>;

export interface SubcommandSpec {
  /** At least this role; the parent's role applies too. */
  minRole?: Role;
  run: CommandHandler;
  /** A further word (`/hearth roster import`), with its own role; the rest is this one's. */
  subcommands?: Record<string, SubcommandSpec>;
}

/**
 * A chat command. `name` is what people type (with or without the slash); `usage` is the
 * one-line usage shown with `help` and with every argument error.
 */
export interface CommandSpec {
  name: string;
  summary: MessageKey;
  usage: MessageKey;
  minRole?: Role;
  /** Runs when no subcommand matches (or when there are none). */
  run?: CommandHandler;
  subcommands?: Record<string, SubcommandSpec>;
}

/** A form's answer: the fields to fix, or the confirmation to show. */
export type FormOutcome = { errors: Record<string, string> } | { done: Message };

/** Handles the submission of the form a command opened (a message with `form.id === id`). */
export interface FormSpec {
  id: string;
  minRole?: Role;
  submit(ctx: CommandContext, values: Record<string, string>): Promise<FormOutcome>;
}

/**
 * What a button does: the reply for the person who clicked, and optionally the new version of
 * the card the button was on (an answer marked as taken, a count that went up). Platforms that
 * can, replace the card; on a shared card the new version must suit everyone who sees it.
 */
export interface ActionOutcome {
  reply: Message;
  update?: Message;
}

/** A button handler, by its exact id (`<command>.<name>`). */
export interface ActionSpec {
  id: string;
  minRole?: Role;
  run(ctx: CommandContext, value: string): Promise<Message | ActionOutcome>;
}
