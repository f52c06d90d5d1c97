// The shapes of requests and answers are the server's own schemas.
import type {
  Access,
  ContractDiffBody,
  Created,
  CreatedLink,
  CreateLinkRequest,
  Imported,
  ImportRequest,
  LinkList,
  LinkRole,
  ModelFindings,
  ModelReviewStatus,
  Problem,
  Role,
  Saved,
  TemplateList,
  TemplateRequest,
} from '@meshplan/api';
import type { Model } from '@meshplan/model';
import { takeEarly } from './early.js';

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
  }
}

async function call<T>(
  path: string,
  init: RequestInit & { token?: string } = {},
): Promise<{ body: T; etag: string | null; lastModified: string | null }> {
  const headers = new Headers(init.headers);
  if (init.token !== undefined) headers.set('authorization', `Bearer ${init.token}`);
  const name = localStorage.getItem('meshplan.name');
  if (name !== null && !headers.has('x-author-name')) headers.set('x-author-name', encodeURIComponent(name));
  if (init.body !== undefined) headers.set('content-type', 'application/json');
  // The opened model's request may already be on its way (./early.ts).
  const early = init.method === undefined && init.body === undefined ? takeEarly(path, headers) : undefined;
  const res = await (early ?? fetch(`/api/v1${path}`, { ...init, headers }));
  const text = await res.text();
  const body = text === '' ? undefined : JSON.parse(text);
  if (!res.ok) throw new ApiError(body ?? { title: res.statusText, status: res.status });
  return { body: body as T, etag: res.headers.get('etag'), lastModified: res.headers.get('last-modified') };
}

export type { Role } from '@meshplan/api';

/** Who wrote something: the name they gave, the role of the credential they used (null: not recorded). */
export interface Written {
  author: string | null;
  role: Role | null;
  byOwner: boolean;
}

export interface ThreadComment extends Written {
  id: string;
  author: string;
  text: string;
  createdAt: string;
  editedAt: string | null;
  /** Written with the credential this browser uses now. */
  mine: boolean;
}

export interface Thread {
  id: string;
  anchor: { element?: string; point?: { x: number; y: number } };
  resolved: boolean;
  createdAt: string;
  createdBy: string;
  createdByRole: Role | null;
  byOwner: boolean;
  mine: boolean;
  resolvedBy: Written | null;
  comments: ThreadComment[];
}

export interface ReviewInfo extends Written {
  author: string;
  status: 'approved' | 'changes-requested';
  summary: string;
  createdAt: string;
  mine: boolean;
  /** An approval: how many breaking contract changes it acknowledged. */
  acknowledgedBreaking?: number;
}

export interface RevisionInfo extends Written {
  number: number;
  createdAt: string;
  summary: string;
  reviews: ReviewInfo[];
}

export interface ModelSummary {
  name: string;
  updatedAt?: string;
  counts: { error: number; warning: number; info: number };
}

export const api = {
  templates: async () => (await call<TemplateList>('/templates')).body.templates,
  create: async (body: Model | TemplateRequest) =>
    (await call<Created>('/models', { method: 'POST', body: JSON.stringify(body) })).body,
  get: async (id: string, token: string) => {
    const { body, etag } = await call<Model>(`/models/${encodeURIComponent(id)}`, { token });
    return { model: body, revision: Number(/r(\d+)/.exec(etag ?? '')?.[1] ?? 0) };
  },
  /**
   * What the home page shows of a model, as the server has it now (live edits included): its name,
   * when it last changed, and its findings by severity.
   */
  summary: async (id: string, token: string): Promise<ModelSummary> => {
    const path = `/models/${encodeURIComponent(id)}`;
    const [model, lint] = await Promise.all([
      call<Model>(path, { token }),
      call<ModelFindings>(`${path}/findings`, { token }),
    ]);
    const counts = { error: 0, warning: 0, info: 0 };
    for (const finding of lint.body.findings) counts[finding.severity] += 1;
    const changed = model.lastModified === null ? undefined : new Date(model.lastModified);
    return {
      name: model.body.name,
      ...(changed === undefined || Number.isNaN(changed.getTime())
        ? {}
        : { updatedAt: changed.toISOString() }),
      counts,
    };
  },
  put: async (id: string, token: string, model: Model, revision: number | '*') =>
    (
      await call<Saved>(`/models/${encodeURIComponent(id)}`, {
        method: 'PUT',
        token,
        body: JSON.stringify(model),
        headers: { 'if-match': revision === '*' ? '*' : `"r${revision}"` },
      })
    ).body.revision,
  /** Creates a model from compose, Kubernetes, OpenAPI, AsyncAPI or Meshplan files (the server reads them). */
  importFiles: async (files: ImportRequest['files']) =>
    (
      await call<Imported>('/import', {
        method: 'POST',
        body: JSON.stringify({ files } satisfies ImportRequest),
      })
    ).body,
  access: async (id: string, token: string) =>
    (await call<Access>(`/models/${encodeURIComponent(id)}/access`, { token })).body.role,
  /** The role with what a link's landing page shows: the model's name, who shared it, until when. */
  accessInfo: async (id: string, token: string) =>
    (await call<Access>(`/models/${encodeURIComponent(id)}/access`, { token })).body,
  /** The model's latest review verdict (on whichever revision). */
  reviewStatus: async (id: string, token: string) =>
    (await call<ModelReviewStatus>(`/models/${encodeURIComponent(id)}/review-status`, { token })).body,
  /** Makes revision `n` the model's next revision (edit and owner roles). */
  restore: async (id: string, token: string, n: number) =>
    (await call<Saved>(`/models/${encodeURIComponent(id)}/revisions/${n}/restore`, { method: 'POST', token }))
      .body.revision,
  links: async (id: string, token: string) =>
    (await call<LinkList>(`/models/${encodeURIComponent(id)}/links`, { token })).body.links,
  createLink: async (id: string, token: string, role: LinkRole, expiresAt?: string) => {
    const request: CreateLinkRequest = expiresAt === undefined ? { role } : { role, expiresAt };
    return (
      await call<CreatedLink>(`/models/${encodeURIComponent(id)}/links`, {
        method: 'POST',
        token,
        body: JSON.stringify(request),
      })
    ).body;
  },
  revokeLink: async (id: string, token: string, linkId: string) => {
    await call(`/models/${encodeURIComponent(id)}/links/${encodeURIComponent(linkId)}`, {
      method: 'DELETE',
      token,
    });
  },
  comments: async (id: string, token: string) =>
    (await call<{ threads: Thread[] }>(`/models/${encodeURIComponent(id)}/comments`, { token })).body.threads,
  comment: async (id: string, token: string, anchor: Thread['anchor'], text: string) =>
    (
      await call<Thread>(`/models/${encodeURIComponent(id)}/comments`, {
        method: 'POST',
        token,
        body: JSON.stringify({ anchor, text }),
      })
    ).body,
  reply: async (id: string, token: string, threadId: string, text: string) =>
    (
      await call<Thread>(
        `/models/${encodeURIComponent(id)}/comments/${encodeURIComponent(threadId)}/replies`,
        {
          method: 'POST',
          token,
          body: JSON.stringify({ text }),
        },
      )
    ).body,
  resolve: async (id: string, token: string, threadId: string, resolved: boolean) =>
    (
      await call<Thread>(`/models/${encodeURIComponent(id)}/comments/${encodeURIComponent(threadId)}`, {
        method: 'PATCH',
        token,
        body: JSON.stringify({ resolved }),
      })
    ).body,
  deleteThread: async (id: string, token: string, threadId: string) => {
    await call(`/models/${encodeURIComponent(id)}/comments/${encodeURIComponent(threadId)}`, {
      method: 'DELETE',
      token,
    });
  },
  editComment: async (id: string, token: string, threadId: string, commentId: string, text: string) =>
    (
      await call<Thread>(
        `/models/${encodeURIComponent(id)}/comments/${encodeURIComponent(threadId)}/comments/${encodeURIComponent(commentId)}`,
        { method: 'PATCH', token, body: JSON.stringify({ text }) },
      )
    ).body,
  deleteComment: async (id: string, token: string, threadId: string, commentId: string) => {
    await call(
      `/models/${encodeURIComponent(id)}/comments/${encodeURIComponent(threadId)}/comments/${encodeURIComponent(commentId)}`,
      { method: 'DELETE', token },
    );
  },
  revisions: async (id: string, token: string) =>
    (await call<{ revisions: RevisionInfo[] }>(`/models/${encodeURIComponent(id)}/revisions`, { token })).body
      .revisions,
  revision: async (id: string, token: string, n: number) =>
    (
      await call<RevisionInfo & { model: Model }>(`/models/${encodeURIComponent(id)}/revisions/${n}`, {
        token,
      })
    ).body,
  review: async (
    id: string,
    token: string,
    n: number,
    status: 'approved' | 'changes-requested',
    summary: string,
    acknowledgeBreaking = false,
  ) =>
    (
      await call<{ revision: number }>(`/models/${encodeURIComponent(id)}/revisions/${n}/review`, {
        method: 'PUT',
        token,
        body: JSON.stringify(
          acknowledgeBreaking ? { status, summary, acknowledgeBreaking } : { status, summary },
        ),
      })
    ).body,
  /** Contract changes from revision `a` to `b` (diff.md), as the server computes them. */
  contractDiff: async (id: string, token: string, a: number, b: number) =>
    (
      await call<ContractDiffBody>(`/models/${encodeURIComponent(id)}/revisions/${a}/diff/${b}`, {
        token,
      })
    ).body,
  remove: async (id: string, token: string) => {
    await call(`/models/${encodeURIComponent(id)}`, { method: 'DELETE', token });
  },
  /**
   * The zip of a model's export targets, made by the server from the model sent (what the editor
   * shows): the same files as in the browser, and the diagrams' PNGs, which need resvg (Node only).
   */
  exportZip: async (model: Model, targets: readonly string[]): Promise<Uint8Array> => {
    const res = await fetch(`/api/v1/export.zip?targets=${encodeURIComponent(targets.join(','))}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(model),
    });
    if (!res.ok) {
      const text = await res.text();
      throw new ApiError(text === '' ? { title: res.statusText, status: res.status } : JSON.parse(text));
    }
    return new Uint8Array(await res.arrayBuffer());
  },
};
