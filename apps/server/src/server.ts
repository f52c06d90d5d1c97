import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { resolveAccess } from './access.js';
import { createApp } from './app.js';
import { DEFAULT_READ_RATE_LIMIT, type ServerConfig } from './config.js';
import { modelEvents } from './events.js';
import { type Authorize, attachLive, type LiveServer, recoverLive } from './live/socket.js';
import { HttpProblem } from './problems.js';
import { ModelStore } from './store.js';
import { createValidator } from './validation.js';
import { DEFAULT_POOL_SETTINGS } from './worker-pool.js';

export interface RunningServer {
  url: string;
  store: ModelStore;
  live: LiveServer;
  server: Server;
  /** Stops accepting, finishes requests in flight, closes the database. */
  close(): Promise<void>;
}

/** Opens the store and listens; port 0 picks a free port. */
export async function startServer(config: ServerConfig): Promise<RunningServer> {
  const logger = pino({ level: config.logLevel });
  const store = await ModelStore.open(config.dataDir);
  await recoverLive(store, logger);
  const validator = createValidator(config.pool ?? DEFAULT_POOL_SETTINGS, {
    onWorkerLost: (reason) => logger.warn({ reason }, 'worker replaced'),
  });
  const app = createApp({
    store,
    validator,
    logger,
    writeRateLimit: config.writeRateLimit,
    readRateLimit: config.readRateLimit ?? DEFAULT_READ_RATE_LIMIT,
    bodyLimit: config.bodyLimit,
    webDir: config.webDir,
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(config.port, config.host, (error?: Error) =>
      error ? reject(error) : resolve(listening),
    );
  });
  const live = attachLive(server, store, liveAccess(store), logger);
  // What the REST API changes, everyone in the room hears at once.
  const onComments = (modelId: string) => live.notify(modelId, { type: 'comments' });
  const onReviews = (modelId: string) => live.notify(modelId, { type: 'reviews' });
  const onRevision = (modelId: string, number: number) => live.notify(modelId, { type: 'revision', number });
  const onLinks = (modelId: string) => live.revoked(modelId);
  modelEvents
    .on('comments', onComments)
    .on('reviews', onReviews)
    .on('revision', onRevision)
    .on('links', onLinks);
  const { port } = server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= new Promise<void>((resolve) => {
      // Keep-alive connections go as soon as they are idle; requests in flight finish first.
      const sweep = setInterval(() => server.closeIdleConnections(), 50);
      // Live sockets end first: each room writes its last revision before the database closes.
      void live.close();
      server.close(() => {
        clearInterval(sweep);
        resolve();
      });
      server.closeIdleConnections();
    })
      .then(() => {
        modelEvents
          .off('comments', onComments)
          .off('reviews', onReviews)
          .off('revision', onRevision)
          .off('links', onLinks);
        return live.close();
      })
      .then(() => Promise.all([store.close(), validator.close()]).then(() => undefined));
    return closing;
  };
  logger.info({ port, dataDir: config.dataDir }, 'meshplan server listening');
  return { url: `http://${host}:${port}`, store, server, live, close };
}

/** Who may join a model's live room, and in what role: the owner token or a share link (access.ts). */
function liveAccess(store: ModelStore): Authorize {
  return async (modelId, credential) => {
    try {
      return { role: (await resolveAccess(store, modelId, credential)).role };
    } catch (error) {
      if (error instanceof HttpProblem) return { status: error.problem.status };
      throw error;
    }
  };
}
