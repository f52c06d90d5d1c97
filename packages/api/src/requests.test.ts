import { formatPath } from '@meshplan/model';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  createLinkRequest,
  createThreadRequest,
  importRequest,
  LIMITS,
  replyRequest,
  resolveThreadRequest,
  reviewRequest,
  templateRequest,
} from './index.js';

/** Each wrong place as `path: message`, as the server's problem documents list them. */
function errorsOf(schema: z.ZodType, value: unknown): string[] {
  const result = schema.safeParse(value);
  return result.success
    ? []
    : result.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
}
const paths = (schema: z.ZodType, value: unknown) => errorsOf(schema, value).map((e) => e.split(':')[0]);

describe('comment bodies', () => {
  it.each<[unknown, string[]]>([
    [{ anchor: {}, text: '' }, ['text']],
    [{ anchor: {}, text: 'x'.repeat(LIMITS.commentText + 1) }, ['text']],
    [{ anchor: {}, text: 3 }, ['text']],
    [{ text: 'hi' }, ['anchor']],
    [{ anchor: { element: 7 }, text: 'hi' }, ['anchor.element']],
    [{ anchor: { element: 'x'.repeat(LIMITS.anchorElement + 1) }, text: 'hi' }, ['anchor.element']],
    [{ anchor: { point: { x: 'a' } }, text: 'hi' }, ['anchor.point.x', 'anchor.point.y']],
    [[], ['']],
    [{ anchor: { element: 'svc', point: { x: 1.5, y: -2 } }, text: 'ok' }, []],
  ])('a thread %j is refused at %j', (body, expected) => {
    expect(paths(createThreadRequest, body)).toEqual(expected);
  });

  it('counts characters, not UTF-16 units: 5,000 emoji pass, one more does not', () => {
    const emoji = '🚀'.repeat(LIMITS.commentText);
    expect(errorsOf(replyRequest, { text: emoji })).toEqual([]);
    expect(errorsOf(replyRequest, { text: `${emoji}🚀` })).toEqual([
      `text: at most ${LIMITS.commentText} characters`,
    ]);
  });

  it('resolves with true or false only', () => {
    expect(errorsOf(resolveThreadRequest, { resolved: 'yes' })).toEqual(['resolved: expected true or false']);
    expect(resolveThreadRequest.parse({ resolved: false })).toEqual({ resolved: false });
  });
});

describe('review bodies', () => {
  it('names a bad status and a long summary together', () => {
    expect(paths(reviewRequest, { status: 'lgtm', summary: 'x'.repeat(LIMITS.reviewSummary + 1) })).toEqual([
      'status',
      'summary',
    ]);
    expect(errorsOf(reviewRequest, { status: 'approved' })).toEqual([]);
    expect(errorsOf(reviewRequest, { status: 'approved', summary: null })).toEqual([]);
  });
});

describe('link bodies', () => {
  const future = new Date(Date.now() + 86_400_000).toISOString();
  it.each<[unknown, string[]]>([
    [{ role: 'owner' }, ['role: expected one of "view", "comment", "edit"']],
    [
      { role: 'view', expiresAt: 'next tuesday' },
      ['expiresAt: expected an ISO-8601 date and time, like 2030-01-31T12:00:00Z'],
    ],
    ...['2030-02-31T00:00:00Z', '2030-01-31T25:00:00Z'].map((expiresAt): [unknown, string[]] => [
      { role: 'view', expiresAt },
      ['expiresAt: expected an ISO-8601 date and time, like 2030-01-31T12:00:00Z'],
    ]),
    [
      { role: 'view', expiresAt: 7 },
      ['expiresAt: expected an ISO-8601 date and time, like 2030-01-31T12:00:00Z'],
    ],
    [{ role: 'view', expiresAt: '2001-01-01T00:00:00Z' }, ['expiresAt: must be in the future']],
    [{ role: 'edit', expiresAt: future }, []],
    [{ role: 'comment', expiresAt: '2999-01-31T12:00+02:00' }, []],
    [{ role: 'comment', expiresAt: null }, []],
  ])('%j: %j', (body, expected) => {
    expect(errorsOf(createLinkRequest, body)).toEqual(expected);
  });
});

describe('import and template bodies', () => {
  it('names every wrong file and an unknown format at once', () => {
    expect(
      errorsOf(importRequest, {
        files: [
          { path: '', text: 1 },
          { path: 'b.yml', text: '' },
        ],
        from: 'excel',
      }),
    ).toEqual([
      'files[0].path: expected a file name',
      'files[0].text: expected the file text',
      'from: expected one of compose, k8s, openapi, asyncapi, meshplan, traces',
    ]);
    expect(paths(importRequest, { files: [] })).toEqual(['files']);
    expect(paths(importRequest, 'compose.yml')).toEqual(['']);
  });

  it('knows the templates', () => {
    expect(errorsOf(templateRequest, { template: 'bank' })).toEqual([
      'template: expected one of "blank", "ecommerce", "healthcare"',
    ]);
    expect(templateRequest.parse({ template: 'ecommerce' })).toEqual({ template: 'ecommerce' });
  });
});
