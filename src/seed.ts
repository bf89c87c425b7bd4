/** Seeds the demo call centre into an empty database and greets everyone in the playground. */
import type { HearthApp } from './app.ts';
import type { Logger, Store } from './core/ports.ts';
import { demoRosterCsv } from './features/roster/demo.ts';
import { importRoster } from './features/roster/import.ts';
import { welcomeMessage } from './features/hearth/welcome.ts';

export async function seedDemo(app: HearthApp, store: Store, logger: Logger): Promise<void> {
  const outcome = await importRoster(store, app.org, demoRosterCsv(), null);
  if (!outcome.ok) throw new Error(`the demo roster is invalid: ${JSON.stringify(outcome.problems)}`);
  for (const member of await store.listMembers(app.org.id, { activeOnly: true })) {
    await app.messenger.toMember(member, welcomeMessage(member), `welcome:${member.id}`);
  }
  // Greetings are in the playground before anyone opens it.
  await app.deliveries.drain();
  logger.info({ members: outcome.result.created, teams: outcome.result.teamsCreated }, 'demo call centre seeded');
}
