import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { type DestinationStream, pino } from 'pino';
import { resolveAccess } from './access.js';
import { createApp } from './app.js';
import { DEFAULT_READ_RATE_LIMIT, type ServerConfig } from './config.js';
import { ModelEvents } from './events.js';
import { Fanout, type FanoutMessage, newInstanceId } from './live/fanout.js';
import { type Authorize, attachLive, type LiveServer, recoverLive } from './live/socket.js';
import { createMetrics, registerInstanceMetrics } from './metrics.js';
import { HttpProblem } from './problems.js';
import { ModelStore } from './store.js';
import { createValidator } from './validation.js';
import { DEFAULT_POOL_SETTINGS } from './worker-pool.js';

export interface RunningServer {
  url: string;
  store: ModelStore;
  live: LiveServer;
  /** How this instance hears the others on the same PostgreSQL database (`local` on SQLite). */
  fanout: Fanout;
  /** This instance's name in fold leases and pg_stat_activity. */
  instanceId: string;
  server: Server;
  /** The separate listener of `/metrics` (METRICS_PORT), when configured. */
  metricsUrl?: string;
  /** Stops accepting, finishes requests in flight, closes the database. */
  close(): Promise<void>;
}

/** Opens the store and listens; port 0 picks a free port. Logs go to stdout unless `logDestination` is given. */
export async function startServer(
  config: ServerConfig,
  { logDestination }: { logDestination?: DestinationStream } = {},
): Promise<RunningServer> {
  const logger =
    logDestination === undefined
      ? pino({ level: config.logLevel })
      : pino({ level: config.logLevel }, logDestination);
  // Committed changes are announced here, by the store and its repositories, to the live rooms.
  const events = new ModelEvents();
  const instanceId = config.instanceId ?? newInstanceId();
  const store = await ModelStore.open(config.dataDir, {
    limits: config.limits,
    retention: config.retention,
    events,
    databaseUrl: config.databaseUrl,
    postgres: config.postgres,
    applicationName: `meshplan/${instanceId}`.slice(0, 63),
  });
  // Several instances on one PostgreSQL database hear each other through it (live/fanout.ts).
  const fanout = new Fanout(
    instanceId,
    store.postgresUrl,
    (channel, payload) => store.live.notify(channel, payload),
    logger,
    config.fanout,
  );
  await fanout.start();
  if (store.autoVacuum.startsWith('skipped'))
    logger.warn({ dataDir: config.dataDir }, `auto_vacuum = INCREMENTAL not set: ${store.autoVacuum}`);
  else if (store.autoVacuum === 'vacuumed')
    logger.info('database vacuumed once to set auto_vacuum = INCREMENTAL');
  // On SQLite this is the only process: a lease in the file is one a previous run left.
  if (!fanout.shared) await store.live.clearLeases();
  await recoverLive({ store, logger, limits: config.live, fanout });
  const validator = createValidator(config.pool ?? DEFAULT_POOL_SETTINGS, {
    onWorkerLost: (reason) => logger.warn({ reason }, 'worker replaced'),
  });
  const metrics = createMetrics();
  registerInstanceMetrics(metrics.registry, {
    instanceId,
    live: () => live?.counts(),
    pool: () => store.poolFigures(),
    fanout,
  });
  let live: LiveServer | undefined;
  const app = createApp({
    store,
    validator,
    logger,
    writeRateLimit: config.writeRateLimit,
    readRateLimit: config.readRateLimit ?? DEFAULT_READ_RATE_LIMIT,
    bodyLimit: config.bodyLimit,
    webDir: config.webDir,
    readiness: async () => ({
      live: await live?.health(),
      fanout: { status: fanout.status, instance: instanceId },
      // Not listening, this instance would miss the others' changes: out of the balancer until it is back.
      ...(fanout.status === 'down'
        ? { unready: 'live fan-out channel down: not listening to other instances' }
        : {}),
    }),
    trustProxy: config.trustProxy,
    writeBytesPerMinute: config.writeBytesPerMinute,
    metricsToken: config.metricsToken,
    metrics,
    foldLive: async (modelId) => live?.fold(modelId),
  });
  // /metrics on a listener of its own (METRICS_PORT, bound to METRICS_HOST: loopback by default).
  let metricsServer: Server | undefined;
  const metricsPort = config.metricsPort;
  if (metricsPort !== undefined) {
    const metricsApp = express();
    metricsApp.disable('x-powered-by');
    metricsApp.get('/metrics', async (_req, res) => {
      res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
    });
    metricsServer = await new Promise<Server>((resolve, reject) => {
      const listening = metricsApp.listen(metricsPort, config.metricsHost ?? '127.0.0.1', (error?: Error) =>
        error ? reject(error) : resolve(listening),
      );
    });
  }
  // Revision retention in the background; a full model is also compacted when it is written.
  const retentionMs = config.retention?.intervalMs ?? 0;
  let compacting = false;
  const compaction =
    retentionMs > 0
      ? setInterval(() => {
          // One pass at a time, however long a pass over many models takes.
          if (compacting) return;
          compacting = true;
          store
            .compactAll()
            .then(
              (dropped) => dropped > 0 && logger.info({ dropped }, 'old revisions thinned'),
              (error: unknown) => logger.error({ err: error }, 'revision compaction failed'),
            )
            .finally(() => {
              compacting = false;
            });
        }, retentionMs).unref()
      : undefined;
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(config.port, config.host, (error?: Error) =>
      error ? reject(error) : resolve(listening),
    );
  });
  live = attachLive(server, {
    store,
    authorize: liveAccess(store),
    logger,
    limits: config.live,
    trustProxy: config.trustProxy,
    fanout,
  });
  const rooms = live;
  // What the REST API changes, everyone in the room hears at once.
  const onComments = (modelId: string) => rooms.notify(modelId, { type: 'comments' });
  const onReviews = (modelId: string) => rooms.notify(modelId, { type: 'reviews' });
  // A room announces the revisions it writes itself: only those of the REST API are news to it.
  const onRevision = (modelId: string, number: number, origin: 'rest' | 'live') => {
    if (origin === 'rest') rooms.notify(modelId, { type: 'revision', number });
  };
  const onLinks = (modelId: string) => rooms.revoked(modelId);
  const onDeleted = (modelId: string) => rooms.deleted(modelId);
  events
    .on('comments', onComments)
    .on('reviews', onReviews)
    .on('revision', onRevision)
    .on('links', onLinks)
    .on('deleted', onDeleted);
  // The same news goes to the other instances. Emitted inside a store transaction (a room's fold),
  // the NOTIFY goes out at its commit; otherwise at once, after the commit that caused it.
  const tell = (kind: 'comments' | 'reviews' | 'links' | 'deleted') => (modelId: string) =>
    fanout.tell({ k: 'e', i: instanceId, m: modelId, e: kind });
  const shared = {
    comments: tell('comments'),
    reviews: tell('reviews'),
    links: tell('links'),
    deleted: tell('deleted'),
    revision: (modelId: string, number: number, origin: 'rest' | 'live') =>
      fanout.tell({ k: 'r', i: instanceId, m: modelId, n: number, o: origin }),
  };
  if (fanout.shared)
    events
      .on('comments', shared.comments)
      .on('reviews', shared.reviews)
      .on('links', shared.links)
      .on('deleted', shared.deleted)
      .on('revision', shared.revision);
  // What other instances tell: the same handlers as for this one's own events.
  const onRemote = (message: FanoutMessage) => {
    switch (message.k) {
      case 'e':
        ({ comments: onComments, reviews: onReviews, links: onLinks, deleted: onDeleted })[message.e](
          message.m,
        );
        return;
      case 'r':
        if (message.o === 'rest') onRevision(message.m, message.n, 'rest');
        else rooms.folded(message.m, message.n);
        return;
      default:
        rooms.remote(message);
    }
  };
  const onResync = () => void rooms.resync();
  fanout.on('message', onRemote).on('resync', onResync);
  const { port } = server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= new Promise<void>((resolve) => {
      // Keep-alive connections go as soon as they are idle; requests in flight finish first.
      const sweep = setInterval(() => server.closeIdleConnections(), 50);
      clearInterval(compaction);
      metricsServer?.close();
      metricsServer?.closeAllConnections();
      // Live sockets end first: each room writes its last revision before the database closes.
      void rooms.close();
      server.close(() => {
        clearInterval(sweep);
        resolve();
      });
      server.closeIdleConnections();
    })
      .then(() => rooms.close())
      .then(() => {
        events
          .off('comments', onComments)
          .off('reviews', onReviews)
          .off('revision', onRevision)
          .off('links', onLinks)
          .off('deleted', onDeleted)
          .off('comments', shared.comments)
          .off('reviews', shared.reviews)
          .off('links', shared.links)
          .off('deleted', shared.deleted)
          .off('revision', shared.revision);
        fanout.off('message', onRemote).off('resync', onResync);
        return fanout.close();
      })
      .then(() => Promise.all([store.close(), validator.close()]).then(() => undefined));
    return closing;
  };
  logger.info({ port, dataDir: config.dataDir }, 'meshplan server listening');
  const metricsAddress = metricsServer?.address() as AddressInfo | undefined;
  const metricsUrl = metricsAddress && `http://${config.metricsHost ?? '127.0.0.1'}:${metricsAddress.port}`;
  return {
    url: `http://${host}:${port}`,
    store,
    server,
    live: rooms,
    fanout,
    instanceId,
    close,
    metricsUrl,
  };
}

/** Who may join a model's live room, and in what role: the owner token or a share link (access.ts). */
function liveAccess(store: ModelStore): Authorize {
  return async (modelId, credential) => {
    try {
      const { role, credential: which, expiresAt } = await resolveAccess(store, modelId, credential);
      return { role, credential: which, expiresAt };
    } catch (error) {
      if (error instanceof HttpProblem) return { status: error.problem.status };
      throw error;
    }
  };
}
