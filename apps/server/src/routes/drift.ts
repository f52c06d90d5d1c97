import { type DriftResultBody, driftRequest } from '@meshplan/api';
import express, { Router } from 'express';
import { HttpProblem } from '../problems.js';
import type { ModelStore } from '../store.js';
import type { Validator } from '../validation.js';
import { DOCUMENT_TYPES, importInput } from './import.js';
import { access, withBody } from './request.js';

/**
 * POST /models/:id/drift: the model's current revision against an observation sent as to
 * `POST /import` (JSON `{files, from?, map?}`, or one document with `?filename=` and `?from=`).
 * Whoever may read the model may ask; nothing is stored. The answer is drift.md's JSON.
 */
export function driftRoutes(store: ModelStore, validator: Validator, bodyLimit: number): Router {
  const router = Router();
  const route = withBody(driftRequest, async (req, res, readBody) => {
    const { stored } = await access(store, req, 'read');
    const { files, from, body } = importInput(req, readBody);
    const outcome = await validator.drift(stored.body, files, from, body?.map);
    if (!outcome.ok) {
      throw new HttpProblem({
        title: outcome.tooLarge ? 'The observation would be too large' : 'Cannot compare',
        status: outcome.tooLarge ? 413 : 422,
        detail: outcome.message,
        errors: outcome.errors,
      });
    }
    res.json(outcome.result satisfies DriftResultBody);
  });
  router.post('/models/:id/drift', express.text({ limit: bodyLimit, type: DOCUMENT_TYPES }), route);
  return router;
}
