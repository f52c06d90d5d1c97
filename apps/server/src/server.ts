import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { createApp } from './app.js';
import type { ServerConfig } from './config.js';
import { type Authorize, attachLive, type LiveServer, recoverLive } from './live/socket.js';
import { ModelStore } from './store.js';
import { createValidator } from './validation.js';

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
  const validator = createValidator();
  const app = createApp({
    store,
    validator,
    logger,
    writeRateLimit: config.writeRateLimit,
    bodyLimit: config.bodyLimit,
    webDir: config.webDir,
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(config.port, config.host, (error?: Error) =>
      error ? reject(error) : resolve(listening),
    );
  });
  const live = attachLive(server, store, liveAccess(store), logger);
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
      .then(() => live.close())
      .then(() => Promise.all([store.close(), validator.close()]).then(() => undefined));
    return closing;
  };
  logger.info({ port, dataDir: config.dataDir }, 'meshplan server listening');
  return { url: `http://${host}:${port}`, store, server, live, close };
}

/** Who may join a model's live room: its owner token (share links: see access.ts). */
function liveAccess(store: ModelStore): Authorize {
  return async (modelId, credential) =>
    (await store.open(modelId, credential)) ? { role: 'owner' } : { status: 404 };
}
