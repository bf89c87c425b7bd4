import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/db.ts';
import { createTestBot, type TestBot } from '../support/bot.ts';
import { importRoster } from '../../src/features/roster/import.ts';
import { demoRosterCsv } from '../../src/features/roster/demo.ts';

describeEachDatabase('talking to Hearth', (provider) => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await createTestBot(provider);
    const outcome = await importRoster(bot.store, bot.app.org, demoRosterCsv(), null);
    expect(outcome.ok).toBe(true);
  });
  afterAll(async () => bot?.close());

  const agent = 'ana.souza@example.com';
  const supervisor = 'sofia.reyes@example.com';
  const otherSupervisor = 'james.park@example.com';
  const leader = 'morgan.blake@example.com';
  const chineseAgent = 'wang.fang@example.com';

  it('tells a person who they are', async () => {
    expect(await bot.as(agent).says('/hearth whoami')).toBe(
      'You are *Ana Souza* (ana.souza@example.com), agent in Support A. Time zone Europe/London, language en.',
    );
  });

  it('answers a Chinese-speaking agent in Chinese', async () => {
    expect(await bot.as(chineseAgent).says('hearth whoami')).toBe(
      '你是 *王芳*（wang.fang@example.com），上海热线 Shanghai Hotline 的坐席。时区 Asia/Shanghai，语言 zh-CN。',
    );
  });

  it('lets a supervisor see their own team roster, with shifts, and no other team', async () => {
    const roster = await bot.as(supervisor).says('hearth roster');
    expect(roster.split('\n')[0]).toBe('Roster of Support A');
    expect(roster).toContain('Ana Souza · agent · ana.souza@example.com · shifts Mon-Fri 08:00-16:30');
    expect(roster).not.toContain('Ben Carter');
    expect(await bot.as(supervisor).says('hearth roster Billing')).toBe('⚠️ You can only do that for your own team (Support A).');
    expect(await bot.as(otherSupervisor).says('hearth roster team:Billing')).toContain('Ben Carter');
  });

  it('lets a leader see every team, and says which teams exist when one is misspelt', async () => {
    expect((await bot.as(leader).says('hearth roster')).split('\n')[0]).toBe('Roster (35 people)');
    const reply = await bot.as(leader).says('hearth roster "Suport A"');
    expect(reply).toContain('There is no team called `Suport A`. Teams: Billing, Support A, 上海热线 Shanghai Hotline.');
    expect(reply).toContain('Usage:');
  });

  it('refuses the roster to an agent, saying why', async () => {
    expect(await bot.as(agent).says('hearth roster')).toBe('⚠️ `hearth roster` is for supervisors; you are agent.\nAsk Sofia Reyes.');
  });

  it('lists teams with their supervisors', async () => {
    expect(await bot.as(agent).says('hearth teams')).toContain('*Support A*: 11 people, supervised by Sofia Reyes');
  });

  it('runs buttons through the same core: the welcome card’s profile button', async () => {
    expect(await bot.as(agent).clicks('hearth.whoami')).toContain('You are *Ana Souza*');
    expect(await bot.as(agent).clicks('core.help')).toContain('Hearth: what you can do');
  });

  it('explains to someone not on the roster, and tells the admin once', async () => {
    const stranger = 'stranger@example.com';
    const reply = await bot.as(stranger).says('help');
    expect(reply).toBe("I can't find you on Hearth's roster (stranger@example.com). Ask your Hearth admin to add you; they have been told.");
    await bot.as(stranger).says('hearth whoami');
    const told = (await bot.dmsTo('admin@example.com')).filter((t) => t.includes('stranger@example.com'));
    expect(told).toEqual(['stranger@example.com (stranger@example.com) on playground tried to use Hearth but is not on the roster. Add them with a roster import.']);
  });

  it('handles a redelivered event once (Slack retries, Teams redeliveries)', async () => {
    const replyTo = { kind: 'dm' as const, userId: agent, workspace: 'local' };
    expect(await bot.as(agent).says('hearth whoami', { id: 'Ev0FAKE1', replyTo })).toBe('');
    expect(await bot.as(agent).says('hearth whoami', { id: 'Ev0FAKE1', replyTo })).toBe('');
    const answers = (await bot.dmsTo(agent)).filter((t) => t.startsWith('You are *Ana Souza*'));
    expect(answers).toHaveLength(1);
  });

  it('shows a home view with the person’s profile, in their language', async () => {
    const home = await bot.as(chineseAgent).opensHome();
    expect(home.split('\n')[0]).toBe('王芳 的 Hearth');
    expect(home).toContain('上海热线 Shanghai Hotline 的坐席');
  });

  it('lets a person change their language and time zone with a form, rejecting bad values on the field', async () => {
    const [form] = await bot.as('ben.carter@example.com').asks('hearth settings');
    expect(form?.form).toEqual({ id: 'hearth.settings', title: 'Your Hearth settings', submitLabel: 'Save', cancelLabel: 'Cancel' });
    expect(form?.blocks.filter((b) => b.type === 'input').map((b) => b.type === 'input' && [b.id, b.initial])).toEqual([
      ['locale', 'en'],
      ['timezone', 'Europe/London'],
    ]);
    const rejected = await bot.as('ben.carter@example.com').submits('hearth.settings', { locale: 'fr', timezone: 'Mars/Olympus' });
    expect(rejected).toEqual({
      text: '',
      errors: {
        locale: 'language `fr` is not one of en, zh-CN',
        timezone: 'time zone `Mars/Olympus` is not an IANA zone such as Europe/London',
      },
    });
    const saved = await bot.as('ben.carter@example.com').submits('hearth.settings', { locale: 'zh-CN', timezone: 'Asia/Shanghai' });
    expect(saved).toEqual({ text: '已保存：语言 简体中文，时区 Asia/Shanghai。' });
    expect(await bot.as('ben.carter@example.com').says('hearth whoami')).toContain('时区 Asia/Shanghai，语言 zh-CN');
    // A roster import without a language column keeps the choice.
    await importRoster(bot.store, bot.app.org, demoRosterCsv().replace(/,(en|zh-CN)\n/g, ',\n'), null);
    expect(await bot.as('ben.carter@example.com').says('hearth whoami')).toContain('语言 zh-CN');
    const audit = await bot.store.recentAudit(bot.app.org.id, 5);
    expect(audit.some((a) => a.action === 'member.preferences' && a.detail?.locale === 'zh-CN')).toBe(true);
  });

  it('never shows a stack trace: an internal failure gets a reference and is logged with it', async () => {
    const original = bot.store.listTeams;
    bot.store.listTeams = async () => {
      throw new Error('connection reset by peer');
    };
    try {
      const reply = await bot.as(agent).says('hearth teams');
      const ref = /\(ref ([0-9a-f]{8})\)/.exec(reply)?.[1];
      expect(reply).toMatch(/^Something went wrong on my side/);
      expect(reply).not.toContain('connection reset');
      expect(bot.logger.lines.find((l) => l.level === 'error' && l.ref === ref)).toBeDefined();
    } finally {
      bot.store.listTeams = original;
    }
  });
});
