import type { Problem } from '@meshplan/api';
import { formatError, type ModelError } from '@meshplan/model';
import type { Response } from 'express';

/** An RFC 9457 problem document; `errors` lists each place that is wrong, by JSON path. */
export type { Problem };

export class HttpProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.title);
  }
}

export function sendProblem(res: Response, problem: Problem): void {
  res
    .status(problem.status)
    .type('application/problem+json')
    .send(JSON.stringify({ type: 'about:blank', ...problem }));
}

export const invalidModel = (errors: ModelError[]): HttpProblem =>
  new HttpProblem({
    type: 'https://meshplan.dev/problems/invalid-model',
    title: 'The model is not valid',
    status: 422,
    detail: `${errors.length} ${errors.length === 1 ? 'error' : 'errors'}: ${errors
      .slice(0, 3)
      .map(formatError)
      .join('; ')}${errors.length > 3 ? '; …' : ''}`,
    errors: errors.slice(0, 200),
  });

export const notFound = (what = 'model'): HttpProblem =>
  new HttpProblem({
    title: 'Not found',
    status: 404,
    detail: `No ${what} here, or the token does not open it.`,
  });
