/**
 * Roster administration from chat: an admin sends the roster CSV with `hearth roster import`
 * (the command line's import, validation and replies) and sets roles with `hearth roles set`.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/db.ts';
import { createTestBot, fileFrom, type TestBot } from '../support/bot.ts';

const admin = 'admin@example.com';
const supervisor = 'sofia.reyes@example.com';
const agent = 'ana.souza@example.com';
const header = 'name,email,role,team,timezone,shift\n';

describeEachDatabase('roster administration from chat', (provider) => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await createTestBot(provider, { demoRoster: true });
  });
  afterAll(async () => bot?.close());

  const count = async () => bot.store.countMembers(bot.app.org.id);

  it('says how to send the file when none came with the command', async () => {
    const reply = await bot.as(admin).says('hearth roster import');
    expect(reply.split('\n')[0]).toBe(
      '⚠️ Send me the roster CSV in a direct message, with `hearth roster import` as the message (in the playground, attach it with 📎 first). From a terminal: `npm run hearth -- import roster.csv`.',
    );
    expect(reply).toContain('Usage: ');
  });

  it('imports an attached CSV for an admin, audited as theirs', async () => {
    const before = await count();
    const csv = `${header}Nadia Noor,nadia.noor@example.com,agent,Support A,Europe/London,Mon-Fri 08:00-16:30\nOmar Ortiz,omar.ortiz@example.com,坐席,New Desk,,Mon-Fri 09:00-17:00\n`;
    const reply = await bot.as(admin).says('hearth roster import', { files: [fileFrom('roster.csv', `\uFEFF${csv}`)] });
    expect(reply).toBe('Roster imported: 2 added, 0 updated, 0 unchanged, 1 new team.');
    expect(await count()).toBe(before + 2);
    const adminId = (await bot.store.findMemberByEmail(bot.app.org.id, admin))!.id;
    const audit = await bot.store.recentAudit(bot.app.org.id, 5);
    expect(audit.find((a) => a.action === 'roster.import')).toMatchObject({ actorId: adminId });
  });

  it('lists every bad row and writes nothing, as the command line does', async () => {
    const before = await count();
    const csv = `${header}Pat Park,pat@example,agent,Support A,,Mon-Fri 08:00-16:30\nQuinn Quo,quinn@example.com,agent,Support A,,Mon-Fri 8-4\n`;
    expect(await bot.as(admin).says('hearth roster import', { files: [fileFrom('roster.csv', csv)] })).toBe(
      [
        'Nothing was imported: 2 rows have problems.',
        'line 2: email `pat@example` is not an email address',
        'line 3: shift `Mon-Fri 8-4`: times must look like 08:00-16:30',
      ].join('\n'),
    );
    expect(await count()).toBe(before);
  });

  it('refuses what is not a roster file, with the reason', async () => {
    const says = (...files: ReturnType<typeof fileFrom>[]) => bot.as(admin).says('hearth roster import', { files });
    expect(await says(fileFrom('roster.xlsx', 'PK\u0003\u0004'))).toMatch(/^⚠️ `roster.xlsx` is not a CSV file\. Export the roster as CSV \(UTF-8\)/);
    expect(await says(fileFrom('a.csv', header), fileFrom('b.csv', header))).toMatch(/^⚠️ Send one roster file at a time, not 2\./);
    expect(await says(fileFrom('big.csv', Buffer.alloc(2_000_001, 'a')))).toMatch(/^⚠️ `big.csv` is larger than 2 MB/);
    expect(await says(fileFrom('gbk.csv', Buffer.from([0xd5, 0xc5, 0xc8, 0xfd, 0x2c, 0x0a])))).toMatch(/^⚠️ `gbk.csv` is not UTF-8 text\. Save it as "CSV UTF-8"/);
    expect(await says({ name: 'gone.csv', size: null, url: 'http://127.0.0.1:9/gone.csv' })).toMatch(/^⚠️ I couldn't read `gone.csv` from the chat\./);
  });

  it('is for admins only', async () => {
    expect(await bot.as(supervisor).says('hearth roster import', { files: [fileFrom('roster.csv', header)] })).toMatch(
      /^⚠️ `hearth roster import` is for admins; you are supervisor\./,
    );
  });

  it('shows everyone who holds which role', async () => {
    const roles = (await bot.as(agent).says('hearth roles')).split('\n');
    expect(roles[0]).toBe('Who holds which role');
    expect(roles).toContain('Admins: Alex Admin');
    expect(roles).toContain('Leaders: Morgan Blake');
    expect(roles).toContain('Supervisors of Support A: Sofia Reyes');
  });

  it('lets an admin make an agent a supervisor, tells them, and audits it', async () => {
    expect(await bot.as(admin).says('hearth roles set ana.souza@example.com supervisor')).toBe(
      'Ana Souza is now supervisor of Support A. A roster file import sets roles from the file again.',
    );
    expect(await bot.as(agent).says('hearth whoami')).toContain('supervisor in Support A');
    expect((await bot.dmsTo(agent)).at(-1)).toBe('Your role in Hearth is now supervisor of Support A (set by Alex Admin).');
    const audit = (await bot.store.recentAudit(bot.app.org.id, 5)).find((a) => a.action === 'member.role');
    expect(audit?.detail).toMatchObject({ from: { role: 'agent' }, to: { role: 'supervisor' } });
    expect(await bot.as(admin).says('hearth roles set ana.souza@example.com manager')).toBe('Ana Souza is already supervisor; nothing changed.');
    expect(await bot.as(admin).says('hearth roles set ana.souza@example.com agent team:Billing')).toBe(
      'Ana Souza is now agent of Billing. A roster file import sets roles from the file again.',
    );
  });

  it('answers wrong role changes with the reason', async () => {
    const says = (text: string) => bot.as(admin).says(text).then((r) => r.split('\n')[0]);
    expect(await says('hearth roles set ana.souza@example.com')).toBe(
      '⚠️ Name the person and the role: `/hearth roles set @name supervisor [team:"Support A"]`.',
    );
    expect(await says('hearth roles set nobody@example.com agent')).toBe(
      "⚠️ I can't find `nobody@example.com` on the roster. Mention them (@name) or use their email.",
    );
    expect(await says('hearth roles set ana.souza@example.com boss')).toBe('⚠️ role `boss` is not one of agent, supervisor, leader, admin');
    expect(await says('hearth roles set ana.souza@example.com agent team:Nowhere')).toMatch(/^⚠️ .*Nowhere/);
    expect(await says('hearth roles set morgan.blake@example.com supervisor')).toBe('⚠️ Every supervisor needs a team: add `team:"…"`.');
    expect(await says('hearth roles set admin@example.com leader')).toBe('⚠️ Alex Admin is the only admin: make someone else admin first.');
    expect(await bot.as(supervisor).says('hearth roles set ana.souza@example.com agent')).toMatch(/^⚠️ `hearth roles set` is for admins; you are supervisor\./);
  });
});
