import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { type DestinationStream, pino } from 'pino';
import { resolveAccess } from './access.js';
import { createApp } from './app.js';
import { DEFAULT_READ_RATE_LIMIT, type ServerConfig } from './config.js';
import { ModelEvents } from './events.js';
import { type Authorize, attachLive, type LiveServer, recoverLive } from './live/socket.js';
import { createMetrics } from './metrics.js';
import { HttpProblem } from './problems.js';
import { ModelStore } from './store.js';
import { createValidator } from './validation.js';
import { DEFAULT_POOL_SETTINGS } from './worker-pool.js';

export interface RunningServer {
  url: string;
  store: ModelStore;
  live: LiveServer;
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
  const store = await ModelStore.open(config.dataDir, {
    limits: config.limits,
    retention: config.retention,
    events,
    databaseUrl: config.databaseUrl,
    postgres: config.postgres,
  });
  if (store.autoVacuum.startsWith('skipped'))
    logger.warn({ dataDir: config.dataDir }, `auto_vacuum = INCREMENTAL not set: ${store.autoVacuum}`);
  else if (store.autoVacuum === 'vacuumed')
    logger.info('database vacuumed once to set auto_vacuum = INCREMENTAL');
  await recoverLive({ store, logger, limits: config.live });
  const validator = createValidator(config.pool ?? DEFAULT_POOL_SETTINGS, {
    onWorkerLost: (reason) => logger.warn({ reason }, 'worker replaced'),
  });
  const metrics = createMetrics();
  let live: LiveServer | undefined;
  const app = createApp({
    store,
    validator,
    logger,
    writeRateLimit: config.writeRateLimit,
    readRateLimit: config.readRateLimit ?? DEFAULT_READ_RATE_LIMIT,
    bodyLimit: config.bodyLimit,
    webDir: config.webDir,
    readiness: async () => ({ live: await live?.health() }),
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
      .then(() => {
        events
          .off('comments', onComments)
          .off('reviews', onReviews)
          .off('revision', onRevision)
          .off('links', onLinks)
          .off('deleted', onDeleted);
        return rooms.close();
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
