import { describe, expect, it } from 'vitest';
import type { CommandSpec } from '../../src/core/command.ts';
import { createFixedClock } from '../../src/core/clock.ts';
import type { Member, Role } from '../../src/core/domain.ts';
import { HearthError } from '../../src/core/errors.ts';
import { translatorFor } from '../../src/core/i18n/index.ts';
import { textMessage } from '../../src/core/message.ts';
import { closest, createRouter, type RouteContext } from '../../src/core/router.ts';
import { createMemoryLogger } from '../support/logger.ts';

const echo: CommandSpec = {
  name: 'hearth',
  summary: 'hearth.summary',
  usage: 'hearth.usage',
  subcommands: {
    whoami: { run: async (ctx) => textMessage(`whoami ${ctx.args.positional.join(',')}`) },
    roster: { minRole: 'supervisor', run: async (ctx) => textMessage(`roster ${ctx.args.options.team ?? '-'}`) },
    bad: { run: async () => { throw new HearthError('invalid_argument', 'error.missing_argument', { what: 'a team' }); } },
    boom: { run: async () => { throw new Error('database exploded'); } },
  },
};

function ctxFor(role: Role, locale: 'en' | 'zh-CN' = 'en'): RouteContext {
  const actor: Member = { id: 'm1', orgId: 'o1', name: 'Ana', email: 'ana@example.com', role, teamId: 't1', teamName: 'Support A', timezone: 'UTC', locale, active: true };
  return {
    actor, org: { id: 'o1', name: 'Org', timezone: 'UTC', locale: 'en', currency: 'USD' }, locale, t: translatorFor(locale),
    store: { listMembers: async () => [] } as unknown as RouteContext['store'], clock: createFixedClock('2026-01-01T00:00:00Z'),
    messenger: {} as RouteContext['messenger'], logger: createMemoryLogger(),
    calendar: {} as RouteContext['calendar'], jobs: {} as RouteContext['jobs'], findMember: async () => null, files: [],
  };
}

const router = createRouter([echo]);
const say = async (role: Role, text: string, locale: 'en' | 'zh-CN' = 'en') => (await router.command(ctxFor(role, locale), text)).text;

describe('command router', () => {
  it('routes with or without the slash, case-insensitively, passing the remaining words', async () => {
    expect(await say('agent', '/hearth whoami a b')).toBe('whoami a,b');
    expect(await say('agent', 'HEARTH WHOAMI')).toBe('whoami ');
  });

  it('lists the commands a person may use on help', async () => {
    const help = await say('agent', 'help');
    expect(help).toContain('Hearth: what you can do');
    expect(help).toContain('`hearth`');
  });

  it('shows the usage line for `<command> help` and for the bare command', async () => {
    expect(await say('agent', 'hearth help')).toContain('Usage: `/hearth whoami`');
    expect(await say('agent', 'hearth')).toContain('Usage:');
    expect(await say('agent', 'help hearth')).toContain('Usage:');
  });

  it('answers an unknown command with a suggestion and a pointer to help', async () => {
    const reply = await say('agent', 'heart whoami');
    expect(reply).toContain("I don't know the command `heart`");
    expect(reply).toContain('Did you mean `hearth`?');
    expect(reply).toContain('Type `help`');
  });

  it('answers an unknown subcommand with the usage line', async () => {
    const reply = await say('agent', 'hearth rosterz');
    expect(reply).toContain('`hearth` has no `rosterz`');
    expect(reply).toContain('Usage:');
    // Names every object has are not subcommands (the fuzz suite found `pulse __proto__` crashing).
    for (const word of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      expect(await say('agent', `hearth ${word}`)).toContain(`\`hearth\` has no \`${word}\``);
    }
  });

  it('checks roles in the core: agents are refused, supervisors and above allowed', async () => {
    expect(await say('agent', 'hearth roster')).toBe('⚠️ `hearth roster` is for supervisors; you are agent.');
    expect(await say('supervisor', 'hearth roster team:"Support A"')).toBe('roster Support A');
    expect(await say('admin', 'hearth roster')).toBe('roster -');
  });

  it('tells a refused person whom to ask: their own team’s supervisors first', async () => {
    const people = [
      { name: 'Lee Leader', role: 'leader', teamId: null },
      { name: 'Sam Other', role: 'supervisor', teamId: 't2' },
      { name: 'Sofia Own', role: 'supervisor', teamId: 't1' },
    ];
    const ctx = { ...ctxFor('agent'), store: { listMembers: async () => people } as unknown as RouteContext['store'] };
    expect((await router.command(ctx, 'hearth roster')).text).toBe('⚠️ `hearth roster` is for supervisors; you are agent.\nAsk Sofia Own.');
    const teamless = { ...ctx, actor: { ...ctx.actor, teamId: null } };
    expect((await router.command(teamless, 'hearth roster')).text).toBe('⚠️ `hearth roster` is for supervisors; you are agent.\nAsk Lee Leader, Sam Other, Sofia Own.');
  });

  it('adds the usage line to argument errors', async () => {
    const reply = await say('agent', 'hearth bad');
    expect(reply).toContain('Missing a team.');
    expect(reply).toContain('Usage:');
  });

  it('answers in the reader’s language', async () => {
    expect(await say('agent', 'hearth roster', 'zh-CN')).toBe('⚠️ `hearth roster` 仅限主管使用；你的角色是坐席。');
  });

  it('rethrows unexpected errors for the caller to log, rather than replying with their text', async () => {
    await expect(router.command(ctxFor('agent'), 'hearth boom')).rejects.toThrow('database exploded');
  });

  it('answers an empty message and an unknown button', async () => {
    expect(await say('agent', '   ')).toContain('Type a command');
    expect((await router.action(ctxFor('agent'), 'nope.nothing', '')).reply.text).toContain('no longer active');
  });
});

describe('closest', () => {
  it('suggests only within two edits', () => {
    expect(closest('rotaton', ['rotation', 'lunch'])).toBe('rotation');
    expect(closest('xyzzy', ['rotation', 'lunch'])).toBeUndefined();
  });
});
