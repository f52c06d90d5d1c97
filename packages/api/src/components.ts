import { modelSchema } from '@meshplan/model';
import { z } from 'zod';
import * as requests from './requests.js';
import * as responses from './responses.js';

/**
 * Every named schema of the API, as the OpenAPI document's `components.schemas` names it. A
 * schema used inside another is referenced by name (`#/components/schemas/Model`).
 */
export const COMPONENT_SCHEMAS = {
  Model: modelSchema,
  Role: responses.role,
  TemplateRequest: requests.templateRequest,
  CreateModelRequest: requests.createModelRequest,
  CreateLinkRequest: requests.createLinkRequest,
  ImportFormat: requests.importFormat,
  ImportFile: requests.importFile,
  ImportRequest: requests.importRequest,
  DriftRequest: requests.driftRequest,
  Anchor: requests.anchor,
  CreateThreadRequest: requests.createThreadRequest,
  ReplyRequest: requests.replyRequest,
  EditCommentRequest: requests.editCommentRequest,
  ResolveThreadRequest: requests.resolveThreadRequest,
  ReviewRequest: requests.reviewRequest,
  TemplateInfo: responses.templateInfo,
  TemplateList: responses.templateList,
  Created: responses.created,
  Saved: responses.saved,
  Access: responses.access,
  ShareLink: responses.shareLink,
  LinkList: responses.linkList,
  CreatedLink: responses.createdLink,
  Review: responses.review,
  RevisionReviews: responses.revisionReviews,
  ModelReviewStatus: responses.modelReviewStatus,
  RevisionInfo: responses.revisionInfo,
  RevisionList: responses.revisionList,
  Revision: responses.revision,
  Comment: responses.comment,
  Thread: responses.thread,
  ThreadList: responses.threadList,
  Finding: responses.finding,
  LintResult: responses.lintResult,
  ModelFindings: responses.modelFindings,
  ReportItem: responses.reportItem,
  Imported: responses.imported,
  DriftResult: responses.driftResult,
  ContractDiff: responses.contractDiff,
  ProblemError: responses.problemError,
  Problem: responses.problem,
} as const satisfies Record<string, z.ZodType>;

export type ComponentName = keyof typeof COMPONENT_SCHEMAS;

/** The name `schema` has among the components, if it is one of them. */
export function componentName(schema: z.ZodType): ComponentName | undefined {
  for (const [name, named] of Object.entries(COMPONENT_SCHEMAS))
    if (named === schema) return name as ComponentName;
  return undefined;
}

/**
 * The components as JSON Schema (draft 2020-12, what OpenAPI 3.1 uses), each referring to the
 * others by `#/components/schemas/<name>`. Requests are described as they are sent (zod's
 * `input` side: a field with a default is optional).
 */
export function componentSchemas(): Record<ComponentName, Record<string, unknown>> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(COMPONENT_SCHEMAS)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    io: 'input',
    target: 'draft-2020-12',
    unrepresentable: 'any',
    uri: (id) => `#/components/schemas/${id}`,
    // zod states the safe-integer range on every integer: noise in a document for people.
    override: ({ jsonSchema }) => {
      if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
      if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
    },
  });
  const out: Record<string, Record<string, unknown>> = {};
  for (const [name, schema] of Object.entries(schemas)) {
    // Each is a part of one document, not a document of its own.
    const { $schema: _, $id: __, ...rest } = schema as Record<string, unknown>;
    out[name] = rest;
  }
  return out as Record<ComponentName, Record<string, unknown>>;
}
