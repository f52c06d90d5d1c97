import type { NextFunction, Request, Response } from 'express';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export type Metrics = ReturnType<typeof createMetrics>;

/** Prometheus metrics of one app: request counts and latencies by method, route and status. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({
    name: 'meshplan_http_requests_total',
    help: 'HTTP requests',
    labelNames,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'meshplan_http_request_duration_seconds',
    help: 'HTTP request latency',
    labelNames,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  function middleware(req: Request, res: Response, next: NextFunction): void {
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      // The route pattern, not the URL: ids must not explode the label set.
      const route = req.route?.path === undefined ? 'unmatched' : `${req.baseUrl}${String(req.route.path)}`;
      const labels = { method: req.method, route, status: String(res.statusCode) };
      requests.inc(labels);
      duration.observe(labels, Number(process.hrtime.bigint() - start) / 1e9);
    });
    next();
  }
  return { registry, middleware };
}

/**
 * This instance's live rooms and sockets, its PostgreSQL pool and fan-out channel. Each instance
 * serves its own `/metrics`: the scraper's `instance` label tells them apart, and
 * `meshplan_instance_info` names the instance as its fold leases and pg_stat_activity do.
 */
export function registerInstanceMetrics(
  registry: Registry,
  sources: {
    instanceId: string;
    live: () => { sockets: number; rooms: number; holding: number } | undefined;
    pool: () => { total: number; idle: number; waiting: number } | undefined;
    fanout: { status: string; counts: { received: number; sent: number; reconnects: number } };
  },
): void {
  new Gauge({
    name: 'meshplan_instance_info',
    help: 'This instance: its id in fold leases and pg_stat_activity (application_name meshplan/<id>)',
    labelNames: ['instance_id'],
    registers: [registry],
  }).set({ instance_id: sources.instanceId }, 1);
  new Gauge({
    name: 'meshplan_live_rooms',
    help: 'Live rooms open on this instance, and of them those whose fold lease it holds',
    labelNames: ['lease'],
    registers: [registry],
    collect() {
      const counts = sources.live();
      if (counts === undefined) return;
      this.set({ lease: 'held' }, counts.holding);
      this.set({ lease: 'other' }, counts.rooms - counts.holding);
    },
  });
  new Gauge({
    name: 'meshplan_live_sockets',
    help: 'Live WebSocket connections open on this instance',
    registers: [registry],
    collect() {
      const counts = sources.live();
      if (counts !== undefined) this.set(counts.sockets);
    },
  });
  new Gauge({
    name: 'meshplan_db_pool_connections',
    help: 'PostgreSQL pool: connections open (total), idle, and callers waiting for one (waiting)',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const figures = sources.pool();
      if (figures === undefined) return;
      this.set({ state: 'total' }, figures.total);
      this.set({ state: 'idle' }, figures.idle);
      this.set({ state: 'waiting' }, figures.waiting);
    },
  });
  new Gauge({
    name: 'meshplan_live_fanout_up',
    help: 'Whether the live fan-out channel listens (1), or is down (0); 1 on SQLite (one process)',
    registers: [registry],
    collect() {
      this.set(sources.fanout.status === 'down' ? 0 : 1);
    },
  });
  new Gauge({
    name: 'meshplan_live_fanout_messages',
    help: 'Fan-out messages sent to and received from other instances, and reconnections of the channel',
    labelNames: ['kind'],
    registers: [registry],
    collect() {
      const { counts } = sources.fanout;
      this.set({ kind: 'sent' }, counts.sent);
      this.set({ kind: 'received' }, counts.received);
      this.set({ kind: 'reconnects' }, counts.reconnects);
    },
  });
}
