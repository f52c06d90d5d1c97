import { timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { modelJsonSchema } from '@meshplan/model';
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { redactRequest, redactResponse } from './log-redaction.js';
import { createMetrics, type Metrics } from './metrics.js';
import { apiDocsPage, openApiDocument } from './openapi.js';
import { HttpProblem, sendProblem } from './problems.js';
import { isStorageFull, storageFull } from './quotas.js';
import { commentRoutes } from './routes/comments.js';
import { driftRoutes } from './routes/drift.js';
import { importRoutes, traceImportRoute } from './routes/import.js';
import { linkRoutes } from './routes/links.js';
import { modelRoutes } from './routes/models.js';
import { reviewRoutes } from './routes/reviews.js';
import type { ModelStore } from './store.js';
import type { Validator } from './validation.js';
import { registerPoolMetrics, WorkerJobError } from './worker-pool.js';
import { writeByteBudget } from './write-budget.js';

export interface AppOptions {
  store: ModelStore;
  validator: Validator;
  logger: Logger;
  writeRateLimit: number;
  /** Exports and findings per client per minute. */
  readRateLimit: number;
  bodyLimit: number;
  /** The built web app, served at `/` when the folder exists. */
  webDir?: string;
  /** Details for `/readyz` beyond the database (live rooms, what was set aside); `unready`: why not ready. */
  readiness?: () => Promise<Record<string, unknown>>;
  /** Proxies whose X-Forwarded-For is believed (express `trust proxy`); none when empty. */
  trustProxy?: string[];
  /** Body bytes of writes per client address per minute. */
  writeBytesPerMinute?: number;
  /** `/metrics` on this app needs this bearer token; without one it is a 404 here. */
  metricsToken?: string;
  /**
   * Folds a model's live changes into a revision before a review is recorded, so that the review
   * names the revision holding what was reviewed; resolves with that revision (none: no live room).
   */
  foldLive?: (modelId: string) => Promise<number | undefined>;
  /** The metrics registry, shared with a separate metrics listener when there is one. */
  metrics?: Metrics;
}

const DOCS_CSS =
  'body{font:15px/1.5 system-ui,sans-serif;margin:0;background:#f7f7f9;color:#1d1d24}main{max-width:60rem;margin:auto;padding:2rem}section{background:#fff;border:1px solid #ddd;border-radius:6px;padding:.5rem 1rem;margin:1rem 0}h2{font-size:1rem}code{font-size:.95rem}';

/** The Express app: API under /api/v1, operations endpoints, and the web app at `/`. */
export function createApp({
  store,
  validator,
  logger,
  writeRateLimit,
  readRateLimit,
  bodyLimit,
  webDir,
  readiness,
  trustProxy = [],
  writeBytesPerMinute = 100 * 1024 * 1024,
  metricsToken,
  metrics = createMetrics(),
  foldLive = async () => undefined,
}: AppOptions): Express {
  const app = express();
  registerPoolMetrics(metrics.registry, () => validator.stats());
  const openapi = openApiDocument();
  app.disable('x-powered-by');
  app.set('etag', false);
  // req.ip is the TCP peer unless that peer is a configured proxy: otherwise anyone could pick
  // their own address with X-Forwarded-For and pass every per-address limit.
  try {
    app.set('trust proxy', trustProxy.length === 0 ? false : trustProxy);
  } catch (error) {
    throw new Error(
      `TRUST_PROXY: ${(error as Error).message} (expected addresses, CIDRs or loopback, linklocal, uniquelocal)`,
    );
  }
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          connectSrc: ["'self'"],
          workerSrc: ["'self'", 'blob:'],
          fontSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          frameAncestors: ["'none'"],
          formAction: ["'self'"],
        },
      },
    }),
  );
  app.use(
    pinoHttp({
      logger,
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/metrics' },
      // Credentials (Authorization, cookies, secret-looking query parameters) never reach the log.
      serializers: { req: redactRequest, res: redactResponse },
    }),
  );
  app.use(metrics.middleware);

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const ready = await store.ping().catch(() => false);
    // Below the free-space floor every write is refused: not ready, and the reason says so.
    const storage = store.quotas.storage();
    const status = !ready
      ? 'database unreachable'
      : storage.ok
        ? 'ready'
        : 'disk nearly full: writes are refused';
    const { unready, ...details } = ((await readiness?.().catch((error: unknown) => ({
      error: String(error),
    }))) ?? {}) as Record<string, unknown>;
    // A part beyond the database that cannot serve (the live fan-out channel) says why in `unready`.
    const reason = typeof unready === 'string' ? unready : undefined;
    res
      .status(ready && storage.ok && reason === undefined ? 200 : 503)
      .json({ status: ready && storage.ok && reason !== undefined ? reason : status, storage, ...details });
  });
  if (metricsToken !== undefined) {
    const expected = Buffer.from(`Bearer ${metricsToken}`);
    app.get('/metrics', async (req, res) => {
      const sent = Buffer.from(req.get('authorization') ?? '');
      if (sent.length !== expected.length || !timingSafeEqual(sent, expected)) {
        res.set('WWW-Authenticate', 'Bearer realm="metrics"');
        return sendProblem(res, {
          title: 'Unauthorized',
          status: 401,
          detail: 'Send the metrics token (MESHPLAN_METRICS_TOKEN) as Authorization: Bearer <token>.',
        });
      }
      res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
    });
  } else {
    // Not public: served on METRICS_PORT's own listener, or here with a token.
    app.get('/metrics', (_req, res) => sendProblem(res, { title: 'Not found', status: 404 }));
  }
  app.get('/api/docs', (_req, res) => {
    res.type('html').send(apiDocsPage(openapi));
  });
  app.get('/api/docs.css', (_req, res) => {
    res.type('css').send(DOCS_CSS);
  });

  const writes: RequestHandler = rateLimit({
    windowMs: 60_000,
    limit: writeRateLimit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skip: (req) => req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS',
    // X-Forwarded-For from a peer that is not a configured proxy is ignored on purpose, not a mistake.
    validate: { xForwardedForHeader: false },
    handler: (_req, res) =>
      sendProblem(res, {
        title: 'Too many writes',
        status: 429,
        detail: `At most ${writeRateLimit} writes a minute; wait and try again.`,
      }),
  });
  // Exports and findings run on the worker threads for seconds on a large model: a client gets a
  // budget of them, so one view link cannot keep the read queue full.
  const heavyReads: RequestHandler = rateLimit({
    windowMs: 60_000,
    limit: readRateLimit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skip: (req) => req.method !== 'GET' || !/^\/models\/[^/]+\/(?:findings|export\.zip)$/.test(req.path),
    handler: (_req, res) =>
      sendProblem(res, {
        title: 'Too many exports',
        status: 429,
        detail: `At most ${readRateLimit} exports and findings a minute; wait and try again.`,
      }),
  });
  const api = express.Router();
  api.use(writes);
  api.use(writeByteBudget(writeBytesPerMinute));
  api.use(heavyReads);
  // Trace exports are streamed, not buffered: before the body parser (see routes/import.ts).
  api.use(traceImportRoute(store));
  // Bodies stay text: they are validated (and stored) as sent, on the validator's threads.
  api.use(express.text({ limit: bodyLimit, type: ['application/json', 'application/*+json'] }));

  api.get('/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  api.get('/schema/model.json', (_req, res) => {
    res.type('application/schema+json').send(JSON.stringify(modelJsonSchema(), null, 2));
  });
  api.use(importRoutes(store, validator, bodyLimit));
  api.use(driftRoutes(store, validator, bodyLimit));
  api.use(modelRoutes(store, validator));
  api.use(linkRoutes(store));
  api.use(commentRoutes(store));
  api.use(reviewRoutes(store, foldLive));
  api.use((req, res) =>
    sendProblem(res, {
      type: 'https://meshplan.dev/problems/no-route',
      title: 'No such endpoint',
      status: 404,
      detail: `${req.method} ${req.baseUrl}${req.path} is not part of the API; see /api/v1/openapi.json.`,
    }),
  );
  app.use('/api/v1', api);

  if (webDir !== undefined && existsSync(join(webDir, 'index.html'))) {
    app.use(express.static(webDir, { index: 'index.html' }));
    app.get(/^\/(?!api\/).*/, (_req, res) => res.sendFile(join(webDir, 'index.html')));
  } else {
    app.get('/', (_req, res) => {
      res
        .type('html')
        .send(
          '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Meshplan</title><link rel="stylesheet" href="/api/docs.css"></head><body><main><h1>Meshplan</h1><p>The API is running. See <a href="/api/docs">the API documentation</a>.</p></main></body></html>',
        );
    });
  }

  const errors: ErrorRequestHandler = (error, req, res, _next) => {
    if (error instanceof HttpProblem) return sendProblem(res, error.problem);
    if (error instanceof WorkerJobError) {
      if (error.retryAfterSeconds !== undefined) res.set('Retry-After', String(error.retryAfterSeconds));
      return sendProblem(res, {
        type: 'https://meshplan.dev/problems/worker-unavailable',
        title: error.status === 504 ? 'The job took too long' : 'Busy, try again',
        status: error.status,
        detail: `${error.message}.`,
      });
    }
    if (isStorageFull(error)) {
      req.log.error({ err: error }, 'storage full');
      return sendProblem(res, storageFull().problem);
    }
    const status = typeof error?.status === 'number' ? error.status : 500;
    if (error?.type === 'entity.too.large') {
      return sendProblem(res, {
        title: 'Body too large',
        status: 413,
        detail: `The body is larger than ${Math.round(bodyLimit / 1024 / 1024)} MB.`,
      });
    }
    if (error?.type === 'entity.parse.failed') {
      return sendProblem(res, {
        title: 'Body is not valid JSON',
        status: 400,
        detail: String(error.message).slice(0, 300),
      });
    }
    if (status >= 400 && status < 500)
      return sendProblem(res, {
        title: 'Bad request',
        status,
        detail: String(error?.message ?? '').slice(0, 300),
      });
    req.log.error({ err: error }, 'request failed');
    return sendProblem(res, {
      title: 'Internal error',
      status: 500,
      detail: 'The server failed; the error is logged.',
    });
  };
  app.use(errors);
  return app;
}
