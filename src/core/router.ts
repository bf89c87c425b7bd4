/**
 * The command router: every platform's text commands, slash commands and buttons end here, so a
 * feature added to the core is on every platform at once. Roles are checked here, not in
 * adapters. Every wrong input gets a short, specific reply with the usage line that fixes it.
 */
import { parseArgs, tokenize, withoutNul } from './args.ts';
import type { ActionOutcome, ActionSpec, CommandContext, CommandSpec, FormOutcome, FormSpec } from './command.ts';
import { hasRole, type Role } from './domain.ts';
import { HearthError, isHearthError } from './errors.ts';
import type { Translate } from './i18n/index.ts';
import { type Message, textMessage } from './message.ts';

export type RouteContext = Omit<CommandContext, 'args'>;

/** Told what was handled and how it went: a known name (or `unknown`), and `ok`, a HearthError code or `error`. */
export type Observe = (name: string, outcome: string) => void;

export interface Router {
  /** Runs a typed command; HearthErrors become replies, anything else is rethrown. */
  command(ctx: RouteContext, text: string, observe?: Observe): Promise<Message>;
  action(ctx: RouteContext, actionId: string, value: string, observe?: Observe): Promise<ActionOutcome>;
  submit(ctx: RouteContext, formId: string, values: Record<string, string>, observe?: Observe): Promise<FormOutcome>;
  readonly commands: readonly CommandSpec[];
}

export function createRouter(commands: CommandSpec[], actions: ActionSpec[] = [], forms: FormSpec[] = []): Router {
  const byName = new Map(commands.map((c) => [c.name, c]));
  const actionsById = new Map(actions.map((a) => [a.id, a]));
  const formsById = new Map(forms.map((f) => [f.id, f]));

  function visibleTo(role: Role): CommandSpec[] {
    return commands.filter((c) => hasRole(role, c.minRole ?? 'agent'));
  }

  function usageOf(t: Translate, spec: CommandSpec): Message {
    return {
      text: `${spec.name}: ${t(spec.summary)}\n${t('help.usage', { usage: t(spec.usage) })}`,
      blocks: [
        { type: 'header', text: t('help.command_title', { command: spec.name }) },
        { type: 'text', text: t(spec.summary) },
        { type: 'context', text: t('help.usage', { usage: t(spec.usage) }) },
      ],
    };
  }

  function helpFor(ctx: RouteContext): Message {
    const { t } = ctx;
    const lines = visibleTo(ctx.actor.role).map((c) => `\`${c.name}\` ${t(c.summary)}`);
    return {
      text: [t('help.title'), ...lines, t('help.footer')].join('\n'),
      blocks: [
        { type: 'header', text: t('help.title') },
        { type: 'text', text: lines.join('\n') },
        { type: 'context', text: t('help.footer') },
      ],
    };
  }

  /** Refuses a command above the person's role, naming who they can ask instead. */
  async function ensureRole(ctx: RouteContext, name: string, required: Role | undefined): Promise<void> {
    if (required && !hasRole(ctx.actor.role, required)) {
      throw new HearthError('forbidden', 'error.forbidden', {
        command: name,
        role: ctx.t(`role.${required}`),
        actual: ctx.t(`role.${ctx.actor.role}`),
        ask: await whoCan(ctx, required),
      });
    }
  }

  /** Up to three people who may do it: from the person's own team first, else anyone. */
  async function whoCan(ctx: RouteContext, required: Role): Promise<string> {
    const everyone = (await ctx.store.listMembers(ctx.org.id, { activeOnly: true })).filter((m) => hasRole(m.role, required));
    const own = everyone.filter((m) => m.teamId !== null && m.teamId === ctx.actor.teamId);
    return (own.length > 0 ? own : everyone).slice(0, 3).map((m) => m.name).join(', ');
  }

  async function dispatch(ctx: RouteContext, text: string, found: (name: string) => void): Promise<Message> {
    const tokens = tokenize(text.trim().replace(/^\//, ''));
    const name = tokens.shift()?.toLowerCase();
    if (!name) throw new HearthError('usage', 'error.empty');
    if (name === 'help') {
      found('help');
      const topic = tokens[0]?.toLowerCase().replace(/^\//, '');
      const spec = topic ? byName.get(topic) : undefined;
      if (topic && !spec) throw unknownCommand(ctx, topic);
      return spec ? usageOf(ctx.t, spec) : helpFor(ctx);
    }
    const spec = byName.get(name);
    if (!spec) throw unknownCommand(ctx, name);
    found(spec.name);
    await ensureRole(ctx, name, spec.minRole);
    const first = tokens[0]?.toLowerCase();
    if (first === 'help' || (first === undefined && !spec.run)) return usageOf(ctx.t, spec);
    const sub = subcommand(spec.subcommands, first);
    if (sub) {
      await ensureRole(ctx, `${name} ${first}`, sub.minRole);
      const second = tokens[1]?.toLowerCase();
      const nested = subcommand(sub.subcommands, second);
      if (nested) {
        await ensureRole(ctx, `${name} ${first} ${second}`, nested.minRole);
        return nested.run({ ...ctx, args: parseArgs(tokens.slice(2)) });
      }
      return sub.run({ ...ctx, args: parseArgs(tokens.slice(1)) });
    }
    if (!spec.run) {
      throw new HearthError('usage', 'error.unknown_subcommand', { command: name, sub: tokens[0] ?? '' });
    }
    return spec.run({ ...ctx, args: parseArgs(tokens) });
  }

  function unknownCommand(ctx: RouteContext, name: string): HearthError {
    const candidates = ['help', ...visibleTo(ctx.actor.role).map((c) => c.name)];
    const suggestion = closest(name, candidates);
    return new HearthError('unknown_command', 'error.unknown_command', {
      command: name.slice(0, 40),
      ...(suggestion ? { suggestion } : {}),
    });
  }

  /** Turns an expected error into the reply, with the usage line of the command it concerns. */
  function explain(ctx: RouteContext, error: HearthError, text: string): Message {
    const { t } = ctx;
    const lines = [`⚠️ ${t(error.key, error.params)}`];
    if (error.code === 'forbidden' && error.params.ask) lines.push(t('error.ask', { names: String(error.params.ask) }));
    if (error.code === 'unknown_command') {
      if (error.params.suggestion) lines.push(t('error.did_you_mean', { suggestion: String(error.params.suggestion) }));
      lines.push(t('error.try_help'));
    }
    const name = text.trim().replace(/^\//, '').split(/\s+/)[0]?.toLowerCase() ?? '';
    const spec = byName.get(name);
    if (spec && (error.code === 'usage' || error.code === 'invalid_argument' || error.code === 'not_found')) {
      lines.push(t('help.usage', { usage: t(spec.usage) }));
    }
    return textMessage(lines.join('\n'));
  }

  return {
    commands,
    async command(ctx, text, observe = () => {}) {
      // Only a known command's name is ever reported, never what was typed.
      let name = 'unknown';
      try {
        const reply = await dispatch(ctx, withoutNul(text), (found) => (name = found));
        observe(name, 'ok');
        return reply;
      } catch (error) {
        observe(name, isHearthError(error) ? error.code : 'error');
        if (isHearthError(error)) return explain(ctx, error, text);
        throw error;
      }
    },
    async action(ctx, actionId, value, observe = () => {}) {
      const spec = actionsById.get(actionId);
      const name = spec ? actionId : 'unknown';
      try {
        if (!spec) throw new HearthError('not_found', 'error.unknown_action');
        await ensureRole(ctx, actionId, spec.minRole);
        const outcome = await spec.run({ ...ctx, args: { positional: [], options: {} } }, withoutNul(value));
        observe(name, 'ok');
        return 'reply' in outcome ? outcome : { reply: outcome };
      } catch (error) {
        observe(name, isHearthError(error) ? error.code : 'error');
        if (isHearthError(error)) return { reply: explain(ctx, error, '') };
        throw error;
      }
    },
    async submit(ctx, formId, values, observe = () => {}) {
      const spec = formsById.get(formId);
      const name = spec ? formId : 'unknown';
      try {
        if (!spec) throw new HearthError('not_found', 'error.unknown_action');
        await ensureRole(ctx, formId, spec.minRole);
        const outcome = await spec.submit({ ...ctx, args: { positional: [], options: {} } }, Object.fromEntries(Object.entries(values).map(([k, v]) => [k, withoutNul(v)])));
        observe(name, 'errors' in outcome ? 'invalid_form' : 'ok');
        return outcome;
      } catch (error) {
        observe(name, isHearthError(error) ? error.code : 'error');
        if (isHearthError(error)) return { done: explain(ctx, error, '') };
        throw error;
      }
    },
  };
}

/**
 * The subcommand a word names: the table's own entries only, so `__proto__` or `constructor`
 * typed as a subcommand is unknown, not the object's prototype or its constructor.
 */
function subcommand<T>(table: Record<string, T> | undefined, word: string | undefined): T | undefined {
  return table && word !== undefined && Object.hasOwn(table, word) ? table[word] : undefined;
}

/** The candidate within edit distance 2 of `word`, if one is clearly closest. */
export function closest(word: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const d = editDistance(word, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const saved = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = saved;
    }
  }
  return row[b.length]!;
}
