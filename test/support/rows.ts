/**
 * Row counts of every table, so a test can say "nothing was written" without naming the tables a
 * request might have touched (a conversation reference, an inbound receipt, a queued reply…).
 */
import { Prisma } from '../../src/infra/db/generated/sqlite/client.ts';
import type { DbClient } from '../../src/infra/db/connection.ts';

type Counter = { count(): Promise<number> };

export async function rowCounts(client: DbClient): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const model of Object.values(Prisma.ModelName)) {
    const delegate = (client as unknown as Record<string, Counter>)[model.charAt(0).toLowerCase() + model.slice(1)]!;
    counts[model] = await delegate.count();
  }
  return counts;
}
