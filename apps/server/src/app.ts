import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { modelJsonSchema } from '@meshplan/model';
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { createMetrics } from './metrics.js';
import { apiDocsPage, openApiDocument } from './openapi.js';
import { HttpProblem, sendProblem } from './problems.js';
import { commentRoutes } from './routes/comments.js';
import { importRoutes } from './routes/import.js';
import { linkRoutes } from './routes/links.js';
import { modelRoutes } from './routes/models.js';
import { reviewRoutes } from './routes/reviews.js';
import type { ModelStore } from './store.js';
import type { Validator } from './validation.js';
import { registerPoolMetrics, WorkerJobError } from './worker-pool.js';

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
}: AppOptions): Express {
  const app = express();
  const metrics = createMetrics();
  registerPoolMetrics(metrics.registry, () => validator.stats());
  const openapi = openApiDocument();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('trust proxy', 'loopback');
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
    pinoHttp({ logger, autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/metrics' } }),
  );
  app.use(metrics.middleware);

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const ready = await store.ping().catch(() => false);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'database unreachable' });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
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
  api.use(heavyReads);
  // Bodies stay text: they are validated (and stored) as sent, on the validator's threads.
  api.use(express.text({ limit: bodyLimit, type: ['application/json', 'application/*+json'] }));

  api.get('/openapi.json', (_req, res) => {
    res.json(openapi);
  });
  api.get('/schema/model.json', (_req, res) => {
    res.type('application/schema+json').send(JSON.stringify(modelJsonSchema(), null, 2));
  });
  api.use(importRoutes(store, validator, bodyLimit));
  api.use(modelRoutes(store, validator));
  api.use(linkRoutes(store));
  api.use(commentRoutes(store));
  api.use(reviewRoutes(store));
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
