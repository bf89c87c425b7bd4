/**
 * The database side of the composition root: the core's persistence ports and every feature,
 * each built with its own repository, over one Prisma client. `server.ts` and the tests' bot use
 * this, so they run the same Hearth.
 */
import type { DataLayer, FeatureFactory } from './app.ts';
import type { DbClient } from './infra/db/connection.ts';
import { createCalendar } from './infra/db/calendar-store.ts';
import { createDeliveryQueue } from './infra/db/delivery-queue.ts';
import { createSchedulerStore } from './infra/db/scheduler-store.ts';
import { createPrismaStore } from './infra/db/store.ts';
import { createRotationRepo } from './infra/db/rotation-store.ts';
import { createRotationFeature } from './features/rotation/index.ts';
import { createGatheringRepo } from './infra/db/gathering-store.ts';
import { createGatheringFeature } from './features/gathering/index.ts';
import { createLunchRepo } from './infra/db/lunch-store.ts';
import { createLunchFeature } from './features/lunch/index.ts';
import { createPulseRepo } from './infra/db/pulse-store.ts';
import { createScheduleRepo } from './infra/db/schedule-store.ts';
import { createPulseFeature } from './features/pulse/index.ts';
import { createKudosRepo } from './infra/db/kudos-store.ts';
import { createKudosFeature, type RecognitionSettings } from './features/kudos/index.ts';
import { defaultValues } from './features/kudos/commands.ts';
import { createSuggestionRepo } from './infra/db/suggestion-store.ts';
import { createSuggestFeature } from './features/suggest/index.ts';
import type { SuggestSettings } from './features/suggest/commands.ts';
import { createDigestSource } from './infra/db/digest-store.ts';
import { createDigestFeature, type DigestSettings } from './features/digest/index.ts';
import { createMemberDataRepo } from './infra/db/member-data-store.ts';
import { createMemberData, type MemberData } from './features/privacy/member-data.ts';
import { systemClock, type Clock } from './core/clock.ts';

export function createDataLayer(client: DbClient): DataLayer {
  return {
    store: createPrismaStore(client),
    calendar: createCalendar(client),
    queue: createDeliveryQueue(client),
    scheduler: createSchedulerStore(client),
  };
}

/** Data rights (export, erasure) over the same client: the command line's, and the tests'. */
export function createMemberDataService(client: DbClient, clock: Clock = systemClock): MemberData {
  return createMemberData({ store: createPrismaStore(client), repo: createMemberDataRepo(client), clock });
}

/** What features take from the configuration. */
export interface FeatureSettings {
  anonymityThreshold: number;
  kudos: RecognitionSettings;
  suggest: SuggestSettings;
  digest: DigestSettings;
}

export const defaultFeatureSettings: FeatureSettings = {
  anonymityThreshold: 5,
  kudos: { values: defaultValues, dailyLimit: 5, points: 1, nudgeWeeks: 3 },
  suggest: { adoptionPoints: 50 },
  digest: { day: 1, time: '09:00', publicUrl: () => 'http://127.0.0.1:3000', nudgeWeeks: 3, linkDays: 14 },
};

export function createFeatures(client: DbClient, settings: FeatureSettings = defaultFeatureSettings): FeatureFactory[] {
  return [
    createRotationFeature(createRotationRepo(client)), createGatheringFeature(createGatheringRepo(client)),
    createLunchFeature(createLunchRepo(client)),
    createPulseFeature(createPulseRepo(client), createScheduleRepo(client), { threshold: settings.anonymityThreshold }),
    createKudosFeature(createKudosRepo(client), createScheduleRepo(client), settings.kudos),
    createSuggestFeature(createSuggestionRepo(client), createKudosRepo(client), createScheduleRepo(client), settings.suggest),
    createDigestFeature(createDigestSource(client), createScheduleRepo(client), settings.digest),
  ];
}
