/**
 * Hearth's numbers in Prometheus' text format, with prom-client: what the core reports through
 * its Metrics port, request latency per route (for /slack/events and /api/messages, how long the
 * platform waits for its acknowledgement), database query latency, the delivery queue's depth and
 * oldest waiting message (read from the database at each scrape), and Node's own process metrics.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DeliveryQueue } from '../core/delivery.ts';
import type { Metrics } from '../core/metrics.ts';

export interface PrometheusMetrics extends Metrics {
  readonly registry: Registry;
  /** An HTTP request answered: its route (as registered, or `unmatched`), method and status. */
  request(route: string, method: string, status: number, seconds: number): void;
  /** A database query: its operation (findMany, update, $queryRaw…). */
  query(operation: string, seconds: number): void;
  /** Reads the delivery queue at each scrape. */
  watchQueue(queue: DeliveryQueue, now: () => Date): void;
  render(): Promise<string>;
}

export function createPrometheusMetrics(): PrometheusMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'hearth_' });
  const handled = new Counter({
    name: 'hearth_handled_total', help: 'Commands, buttons and forms handled, by outcome (ok, a refusal such as usage or forbidden, or error)',
    labelNames: ['kind', 'name', 'platform', 'outcome'] as const, registers: [registry],
  });
  const deliveries = new Counter({
    name: 'hearth_deliveries_total', help: 'Delivery attempts by platform and outcome (sent, rate_limited: a 429, retry, failed)',
    labelNames: ['platform', 'outcome'] as const, registers: [registry],
  });
  const occurrences = new Counter({
    name: 'hearth_occurrences_total', help: 'Scheduled occurrences reached, by job kind and outcome (ran, caught_up, missed, holiday, retry, failed)',
    labelNames: ['kind', 'outcome'] as const, registers: [registry],
  });
  const requests = new Histogram({
    name: 'hearth_http_request_duration_seconds', help: 'Time to answer an HTTP request; for /slack/events and /api/messages, the platform’s wait for its acknowledgement',
    labelNames: ['route', 'method', 'status'] as const, buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 3, 5], registers: [registry],
  });
  const queries = new Histogram({
    name: 'hearth_db_query_duration_seconds', help: 'Database query latency by operation',
    labelNames: ['operation'] as const, buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1], registers: [registry],
  });
  let watched: { queue: DeliveryQueue; now: () => Date } | undefined;
  new Gauge({
    name: 'hearth_delivery_queue_messages', help: 'Messages in the delivery queue by status', labelNames: ['status'] as const, registers: [registry],
    async collect() {
      if (!watched) return;
      for (const [status, n] of Object.entries(await watched.queue.counts())) this.set({ status }, n);
    },
  });
  new Gauge({
    name: 'hearth_delivery_oldest_waiting_seconds', help: 'Age of the oldest message due and not yet sent (0 when none waits)', registers: [registry],
    async collect() {
      if (!watched) return;
      const oldest = await watched.queue.oldestWaiting(watched.now());
      this.set(oldest ? Math.max(0, (watched.now().getTime() - oldest.getTime()) / 1000) : 0);
    },
  });
  return {
    registry,
    handled: (kind, name, platform, outcome) => handled.inc({ kind, name, platform, outcome }),
    delivery: (platform, outcome) => deliveries.inc({ platform, outcome }),
    occurrence: (kind, outcome) => occurrences.inc({ kind, outcome }),
    request: (route, method, status, seconds) => requests.observe({ route, method, status: String(status) }, seconds),
    query: (operation, seconds) => queries.observe({ operation }, seconds),
    watchQueue(queue, now) {
      watched = { queue, now };
    },
    render: () => registry.metrics(),
  };
}
