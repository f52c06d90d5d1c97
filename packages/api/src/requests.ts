import { IMPORT_FORMATS } from '@meshplan/importers';
import { modelSchema } from '@meshplan/model';
import { z } from 'zod';
import { LIMITS, LINK_ROLES, quotedList, REVIEW_STATUSES, TEMPLATE_IDS } from './constants.js';

/** Characters (code points), so that one emoji counts as one: what JSON Schema's maxLength counts. */
export const characters = (text: string): number => [...text].length;

/**
 * A string of at most `max` characters. zod's own `.max` counts UTF-16 units, so the check is
 * ours; `maxLength` is stated for the JSON Schema.
 */
const atMostCharacters = (schema: z.ZodString, max: number) =>
  schema.refine((text) => characters(text) <= max, `at most ${max} characters`).meta({ maxLength: max });

/** A JSON object body; anything else (an array, a string) is refused at its root with `message`. */
const body = <Shape extends z.ZodRawShape>(shape: Shape, message = 'expected an object') =>
  z.object(shape, { error: message });

/** `POST /models {"template": …}`: a starting model instead of a model body. */
export const templateRequest = body({
  template: z.enum(TEMPLATE_IDS, { error: `expected one of ${quotedList(TEMPLATE_IDS)}` }),
}).meta({ description: 'A starting model instead of a model body' });

/** `POST /models`: a model, or a template request. */
export const createModelRequest = z.union([modelSchema, templateRequest]);

/** 2030-01-31T12:00:00Z, with or without seconds and fraction, Z or an offset. */
const ISO_8601 = /^\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:\d\d)$/;
const NOT_A_DATE = 'expected an ISO-8601 date and time, like 2030-01-31T12:00:00Z';

/** Whether the day exists: Date.parse rolls 2030-02-31 over to March 3 instead of refusing it. */
function dayExists(value: string): boolean {
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(5, 7));
  const day = Number(value.slice(8, 10));
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** `POST /models/:id/links`. */
export const createLinkRequest = body({
  role: z.enum(LINK_ROLES, { error: `expected one of ${quotedList(LINK_ROLES)}` }),
  expiresAt: z
    .string({ error: NOT_A_DATE })
    .regex(ISO_8601, { error: NOT_A_DATE, abort: true })
    .refine((value) => dayExists(value) && !Number.isNaN(Date.parse(value)), {
      error: NOT_A_DATE,
      abort: true,
    })
    .refine((value) => Date.parse(value) > Date.now(), 'must be in the future')
    .meta({ format: 'date-time', description: 'In the future; the link never expires when absent' })
    .nullish(),
});

/** One document of `POST /import`. */
export const importFile = body(
  {
    path: z.string({ error: 'expected a file name' }).min(1, 'expected a file name'),
    text: z.string({ error: 'expected the file text' }),
  },
  'expected {"path", "text"}',
);

/** What `POST /import` reads (`from`); guessed from the content when not given. */
export const importFormat = z.enum(IMPORT_FORMATS, { error: `expected one of ${IMPORT_FORMATS.join(', ')}` });

/** `POST /import` as JSON (one document may also come as YAML or plain text). */
export const importRequest = body(
  {
    files: z
      .array(importFile, { error: 'expected a non-empty array of {"path", "text"}' })
      .min(1, 'expected a non-empty array of {"path", "text"}'),
    from: importFormat
      .optional()
      .meta({ description: 'The format of the files; guessed from their content when absent' }),
  },
  'expected an object {"files": [...]}',
);

/**
 * `POST /models/:id/drift` as JSON: the observation as for `POST /import`, and `map` for names the
 * automatic matching cannot pair (its ids are checked against the model: 422 naming the entry).
 */
export const driftRequest = body(
  {
    files: importRequest.shape.files,
    from: importRequest.shape.from,
    map: z
      .record(z.string(), z.string({ error: 'expected a node id (a string)' }), {
        error: 'expected an object { "observed name": "node id" }',
      })
      .optional()
      .meta({ description: '{ "observed name": "node id" } for names that do not match' }),
  },
  'expected an object {"files": [...]}',
);

const commentText = atMostCharacters(
  z.string({ error: 'expected a string' }).min(1, 'must not be empty'),
  LIMITS.commentText,
).meta({ description: 'Plain text, stored and returned as sent (no HTML processing)' });

const ELEMENT = `expected an element id (1 to ${LIMITS.anchorElement} characters)`;
const coordinate = z.number({ error: 'expected a finite number' });

/** Where a thread is pinned: an element id, a point on the canvas, or both; {} for the whole model. */
export const anchor = body(
  {
    element: z.string({ error: ELEMENT }).min(1, ELEMENT).max(LIMITS.anchorElement, ELEMENT).optional(),
    point: body({ x: coordinate, y: coordinate }, 'expected a point { x, y }').optional(),
  },
  'expected an object: { element } or { point: { x, y } }',
);

/** `POST /models/:id/comments`: start a thread. */
export const createThreadRequest = body({ anchor, text: commentText });

/** `POST /models/:id/comments/:threadId/replies`. */
export const replyRequest = body({ text: commentText });

/** `PATCH /models/:id/comments/:threadId/comments/:commentId`: new text for one's own comment. */
export const editCommentRequest = body({ text: commentText });

/** `PATCH /models/:id/comments/:threadId`: resolve a thread, or open it again. */
export const resolveThreadRequest = body({ resolved: z.boolean({ error: 'expected true or false' }) });

/** `PUT /models/:id/revisions/:n/review`. */
export const reviewRequest = body({
  status: z.enum(REVIEW_STATUSES, { error: `expected one of ${quotedList(REVIEW_STATUSES)}` }),
  summary: atMostCharacters(z.string({ error: 'expected a string' }), LIMITS.reviewSummary).nullish(),
  acknowledgeBreaking: z.boolean({ error: 'expected true or false' }).optional().meta({
    description:
      'An approval of a revision with breaking contract changes (against the revision before) must say true: the reviewer has seen what it breaks',
  }),
});

export type TemplateRequest = z.infer<typeof templateRequest>;
export type CreateLinkRequest = z.input<typeof createLinkRequest>;
export type ImportRequest = z.infer<typeof importRequest>;
export type DriftRequest = z.infer<typeof driftRequest>;
export type Anchor = z.infer<typeof anchor>;
export type CreateThreadRequest = z.infer<typeof createThreadRequest>;
export type EditCommentRequest = z.infer<typeof editCommentRequest>;
export type ReviewRequest = z.infer<typeof reviewRequest>;
