/**
 * What Hearth counts for its operators, as a port: the core says what happened, the
 * infrastructure (src/infra/metrics.ts, Prometheus) keeps the numbers. Label values are always
 * from a closed set (a known command's name, never what someone typed), so a metric cannot grow
 * without bound or carry anyone's words.
 */
import type { Platform } from './domain.ts';

export type HandledKind = 'command' | 'action' | 'form';
export type DeliveryOutcome = 'sent' | 'rate_limited' | 'retry' | 'failed';
export type OccurrenceOutcome = 'ran' | 'caught_up' | 'missed' | 'holiday' | 'retry' | 'failed';

export interface Metrics {
  /** A command, button or form handled; `outcome` is `ok`, a HearthError code, or `error`. */
  handled(kind: HandledKind, name: string, platform: Platform, outcome: string): void;
  delivery(platform: Platform, outcome: DeliveryOutcome): void;
  /** A scheduled occurrence reached; `caught_up` ran late, after Hearth was down. */
  occurrence(kind: string, outcome: OccurrenceOutcome): void;
}

export const noMetrics: Metrics = { handled() {}, delivery() {}, occurrence() {} };
