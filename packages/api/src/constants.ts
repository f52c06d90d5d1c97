// No imports: the editor takes limits and roles from here without the schemas (and zod).

/** The roles a share link can grant, weakest first (the owner's token grants everything). */
export const LINK_ROLES = ['view', 'comment', 'edit'] as const;
export type LinkRole = (typeof LINK_ROLES)[number];

/** Every role a credential can have on a model, weakest first. */
export const ROLES = [...LINK_ROLES, 'owner'] as const;
export type Role = (typeof ROLES)[number];

export const REVIEW_STATUSES = ['approved', 'changes-requested'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/** The starting models of `POST /models {"template": …}`. */
export const TEMPLATE_IDS = ['blank', 'ecommerce', 'healthcare'] as const;
export type TemplateId = (typeof TEMPLATE_IDS)[number];

/** Limits of request fields. Lengths count characters (code points), as JSON Schema does. */
export const LIMITS = {
  /** A comment or reply. */
  commentText: 5000,
  /** The element id a comment thread is anchored to. */
  anchorElement: 200,
  /** The summary of a review. */
  reviewSummary: 2000,
  /** `X-Author-Name`, and the display name the editor keeps; longer ones are cut. */
  authorName: 100,
  /** The path of an imported file; longer ones are cut. */
  importPath: 200,
} as const;

/** `"view", "comment", "edit"`: a list of choices for an error message. */
export const quotedList = (values: readonly string[]): string => values.map((v) => `"${v}"`).join(', ');
