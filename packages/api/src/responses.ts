import { modelSchema, SEVERITIES } from '@meshplan/model';
import { z } from 'zod';
import { LINK_ROLES, REVIEW_STATUSES, ROLES, TEMPLATE_IDS } from './constants.js';
import { anchor } from './requests.js';

const dateTime = z.string().meta({ format: 'date-time' });
const integer = z.number().int();

export const role = z.enum(ROLES);

/** `GET /templates`. */
export const templateInfo = z.object({ id: z.enum(TEMPLATE_IDS), name: z.string(), description: z.string() });
export const templateList = z.object({ templates: z.array(templateInfo) });

/** `POST /models` (201): the owner token is shown here only. */
export const created = z.object({ id: z.string(), token: z.string(), revision: integer, model: modelSchema });

/** `PUT /models/:id` and a restore: the new revision. */
export const saved = z.object({ id: z.string(), revision: integer });

/**
 * `GET /models/:id/access`: the role, and what a share link's landing page tells the person who
 * opens it (which model, shared by whom, until when).
 */
export const access = z.object({
  role,
  modelName: z.string().meta({ description: 'The name of the model the credential opens' }),
  sharedBy: z
    .string()
    .nullable()
    .meta({ description: "The owner's display name, as the owner last wrote with it; null if never given" }),
  expiresAt: dateTime.nullable().meta({ description: 'When a share link stops working; null: never' }),
});

/** A share link as listed: no secret. */
export const shareLink = z.object({
  id: z.string(),
  role: z.enum(LINK_ROLES),
  createdAt: dateTime,
  expiresAt: dateTime.nullable(),
  revokedAt: dateTime.nullable(),
});
export const linkList = z.object({ links: z.array(shareLink) });

/** `POST /models/:id/links` (201): the credential `ml_<id>_<secret>` is shown here only. */
export const createdLink = shareLink.omit({ revokedAt: true }).extend({ credential: z.string() });

/**
 * Who wrote something: the display name they gave (free text), the role of the credential they
 * used (null for what was written before credentials were recorded), and whether it was the owner.
 */
const written = {
  role: z.enum(ROLES).nullable(),
  byOwner: z.boolean(),
};

export const review = z.object({
  author: z.string(),
  ...written,
  status: z.enum(REVIEW_STATUSES),
  summary: z.string(),
  createdAt: dateTime,
  mine: z.boolean().meta({ description: 'Made with the credential of this request' }),
  acknowledgedBreaking: integer
    .optional()
    .meta({ description: 'An approval: how many breaking contract changes the reviewer acknowledged' }),
});

/** `PUT /models/:id/revisions/:n/review`: the reviews of that revision. */
export const revisionReviews = z.object({ revision: integer, reviews: z.array(review) });

/**
 * `GET /models/:id/review-status`: the model's latest review verdict, on whichever revision (a
 * later review replaces an earlier one: "changes requested" stands until someone approves).
 */
export const modelReviewStatus = z.object({
  status: z
    .enum(REVIEW_STATUSES)
    .nullable()
    .meta({ description: 'The verdict of the latest review; null: never reviewed' }),
  revision: integer.nullable(),
  author: z.string().nullable(),
  ...written,
  createdAt: dateTime.nullable(),
});

export const revisionInfo = z.object({
  number: integer,
  createdAt: dateTime,
  author: z.string().nullable(),
  ...written,
  summary: z.string().meta({ description: 'Like "added 2 nodes, changed 1 edge"' }),
  reviews: z.array(review),
});
export const revisionList = z.object({ revisions: z.array(revisionInfo) });

/** `GET /models/:id/revisions/:n`. */
export const revision = revisionInfo.omit({ reviews: true }).extend({ model: modelSchema });

export const comment = z.object({
  id: z.string(),
  author: z.string(),
  ...written,
  text: z.string(),
  createdAt: dateTime,
  editedAt: dateTime.nullable(),
  mine: z.boolean().meta({ description: 'Written with the credential of this request' }),
});
export const thread = z.object({
  id: z.string(),
  anchor,
  resolved: z.boolean(),
  createdAt: dateTime,
  createdBy: z.string(),
  createdByRole: z.enum(ROLES).nullable(),
  byOwner: z.boolean().meta({ description: 'Started with the owner token' }),
  mine: z.boolean().meta({ description: 'Started with the credential of this request' }),
  resolvedBy: z.object({ author: z.string().nullable(), ...written }).nullable(),
  comments: z.array(comment),
});
export const threadList = z.object({ threads: z.array(thread) });

/** One step of a fix: a JSON Patch (RFC 6902) operation on the model. */
const patchOperation = z.discriminatedUnion('op', [
  z.object({ op: z.enum(['add', 'replace', 'test']), path: z.string(), value: z.unknown() }),
  z.object({ op: z.literal('remove'), path: z.string() }),
  z.object({ op: z.enum(['move', 'copy']), from: z.string(), path: z.string() }),
]);
/** A mechanical repair a finding offers (the editor's quick fix, the CLI's `--fix`). */
const fix = z.object({ title: z.string(), patch: z.array(patchOperation) });

export const finding = z.object({
  rule: z.string(),
  severity: z.enum(SEVERITIES),
  message: z.string(),
  elements: z.array(z.string()),
  fix: fix.optional(),
});
/** `POST /lint`. */
export const lintResult = z.object({ findings: z.array(finding) });
/** `GET /models/:id/findings`: of the current revision. */
export const modelFindings = lintResult.extend({ revision: integer });

export const reportItem = z.object({
  message: z.string(),
  source: z.object({
    path: z.string(),
    line: integer.optional(),
    column: integer.optional(),
    pointer: z.string().optional(),
  }),
});
/** What an import does not know (every import report ends with it). */
export const importCoverage = z.object({
  services: integer,
  withoutCallers: integer.meta({ description: 'Services that no known sync or route edge calls' }),
  withoutCallees: integer.meta({ description: 'Services with no known call, publish or data access' }),
  unconnected: integer.meta({ description: 'Services with no edge at all' }),
  unconnectedNames: z.array(z.string()).meta({ description: 'The first 20 of them, sorted' }),
  edges: z.object({ total: integer, fromEvidence: integer, guessed: integer }),
  sources: z
    .array(z.object({ source: z.enum(['traces', 'manifests', 'api-documents']), adds: z.string() }))
    .meta({ description: 'Which sources would add what is missing' }),
});
/** `POST /import` (201): created like `POST /models`, with what the importer guessed and left out. */
export const imported = created.extend({
  report: z.object({
    guesses: z.array(reportItem),
    unmapped: z.array(reportItem),
    traces: z
      .object({
        format: z.enum(['otlp', 'jaeger', 'zipkin']),
        traces: integer,
        spans: integer,
        dropped: integer,
      })
      .optional()
      .meta({
        description: 'Trace imports: the format read, and how many traces and spans (and spans dropped)',
      }),
    coverage: importCoverage.optional(),
  }),
});

const driftStatus = z.enum(['both', 'design-only', 'observed-only']);
const driftCounts = z.object({ both: integer, 'design-only': integer, 'observed-only': integer });

/** `POST /models/:id/drift`: the design against the observation, as drift.md prints it. */
export const driftResult = z.object({
  nodes: z.array(
    z.object({
      id: z.string().nullable().meta({ description: "The design node's id; null when only observed" }),
      observed: z
        .string()
        .nullable()
        .meta({ description: "The observed node's name; null when only designed" }),
      status: driftStatus,
      unobservable: z
        .literal(true)
        .optional()
        .meta({ description: "A design-only node of a kind the observation's source cannot show" }),
    }),
  ),
  edges: z.array(
    z.object({
      from: z
        .string()
        .meta({ description: 'The design node id where the end matched, else the observed name' }),
      to: z.string(),
      kind: z.enum(['sync', 'route', 'publish', 'subscribe', 'data']),
      status: driftStatus,
      edge: z.string().nullable().meta({ description: "The design edge's id; null when only observed" }),
      observed: z
        .object({
          calls: z.number().optional(),
          errors: z.number().optional(),
          p50Ms: z.number().optional(),
          p99Ms: z.number().optional(),
          from: z.string().optional(),
          to: z.string().optional(),
        })
        .optional(),
      breaks: z
        .array(z.string())
        .optional()
        .meta({ description: "Ids of the design's rules this observed-only edge breaks" }),
      unobservable: z.literal(true).optional(),
    }),
  ),
  summary: z.object({ nodes: driftCounts, edges: driftCounts }),
});

/** `GET /models/:id/revisions/:a/diff/:b`: contract changes between two revisions, as diff.md prints them. */
export const contractDiff = z.object({
  changes: z.array(
    z.object({
      kind: z
        .string()
        .meta({ description: 'A stable kebab-case identifier: response-property-removed, ...' }),
      severity: z.enum(['breaking', 'non-breaking', 'info']),
      element: z.string().meta({ description: 'The node that owns the contract' }),
      contract: z
        .string()
        .meta({ description: 'METHOD /path, the path for gRPC/GraphQL, topicId/MessageName, or a node id' }),
      location: z
        .string()
        .meta({ description: 'Where in the contract: response.properties.totalAmount, ...' }),
      message: z.string(),
      consumers: z.array(z.string()).meta({ description: 'The elements the change breaks' }),
      impacted: z
        .array(z.string())
        .meta({ description: 'The consumers, then whoever reaches them by sync, route or subscribe edges' }),
    }),
  ),
  summary: z.object({ breaking: integer, nonBreaking: integer, info: integer }),
});

/** Each wrong place of a body or model, by JSON path (`edges[3].to`). */
export const problemError = z.object({ path: z.string(), message: z.string() });

/** An RFC 9457 problem document; members beyond these are extensions. */
export const problem = z.looseObject({
  type: z.string().optional(),
  title: z.string(),
  status: integer,
  detail: z.string().optional(),
  errors: z.array(problemError).optional(),
  currentRevision: integer.optional().meta({ description: 'With 412 and 428: the current revision' }),
});

export type TemplateInfo = z.infer<typeof templateInfo>;
export type TemplateList = z.infer<typeof templateList>;
export type Created = z.infer<typeof created>;
export type Saved = z.infer<typeof saved>;
export type Access = z.infer<typeof access>;
export type ShareLink = z.infer<typeof shareLink>;
export type LinkList = z.infer<typeof linkList>;
export type CreatedLink = z.infer<typeof createdLink>;
export type Review = z.infer<typeof review>;
export type RevisionReviews = z.infer<typeof revisionReviews>;
export type ModelReviewStatus = z.infer<typeof modelReviewStatus>;
export type RevisionInfo = z.infer<typeof revisionInfo>;
export type RevisionList = z.infer<typeof revisionList>;
export type Revision = z.infer<typeof revision>;
export type Comment = z.infer<typeof comment>;
export type Thread = z.infer<typeof thread>;
export type ThreadList = z.infer<typeof threadList>;
export type Finding = z.infer<typeof finding>;
export type LintResult = z.infer<typeof lintResult>;
export type ModelFindings = z.infer<typeof modelFindings>;
export type ReportItem = z.infer<typeof reportItem>;
export type Imported = z.infer<typeof imported>;
export type DriftResultBody = z.infer<typeof driftResult>;
export type ContractDiffBody = z.infer<typeof contractDiff>;
export type ProblemError = z.infer<typeof problemError>;
export type Problem = z.infer<typeof problem>;
