import type { ImportFile, ImportReport } from '@meshplan/importers';
import type { Model } from '@meshplan/model';

/** What the server says when it refuses: an RFC 9457 problem. */
export interface Problem {
  title: string;
  status: number;
  detail?: string;
  currentRevision?: number;
  errors?: { path: string; message: string }[];
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
  }
}

async function call<T>(
  path: string,
  init: RequestInit & { token?: string } = {},
): Promise<{ body: T; etag: string | null }> {
  const headers = new Headers(init.headers);
  if (init.token !== undefined) headers.set('authorization', `Bearer ${init.token}`);
  const name = localStorage.getItem('meshplan.name');
  if (name !== null && !headers.has('x-author-name')) headers.set('x-author-name', encodeURIComponent(name));
  if (init.body !== undefined) headers.set('content-type', 'application/json');
  const res = await fetch(`/api/v1${path}`, { ...init, headers });
  const text = await res.text();
  const body = text === '' ? undefined : JSON.parse(text);
  if (!res.ok) throw new ApiError(body ?? { title: res.statusText, status: res.status });
  return { body: body as T, etag: res.headers.get('etag') };
}

export type Role = 'owner' | 'edit' | 'comment' | 'view';

export interface ShareLink {
  id: string;
  role: Exclude<Role, 'owner'>;
  createdAt: string;
  expiresAt: string | null;
  revokedAt?: string | null;
  /** Only when just created: shown once. */
  credential?: string;
}

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
}

export interface RevisionInfo extends Written {
  number: number;
  createdAt: string;
  summary: string;
  reviews: ReviewInfo[];
}

export interface TemplateInfo {
  id: string;
  name: string;
  description: string;
}

export const api = {
  templates: async () => (await call<{ templates: TemplateInfo[] }>('/templates')).body.templates,
  create: async (body: Model | { template: string }) =>
    (
      await call<{ id: string; token: string; revision: number; model: Model }>('/models', {
        method: 'POST',
        body: JSON.stringify(body),
      })
    ).body,
  get: async (id: string, token: string) => {
    const { body, etag } = await call<Model>(`/models/${encodeURIComponent(id)}`, { token });
    return { model: body, revision: Number(/r(\d+)/.exec(etag ?? '')?.[1] ?? 0) };
  },
  put: async (id: string, token: string, model: Model, revision: number | '*') =>
    (
      await call<{ revision: number }>(`/models/${encodeURIComponent(id)}`, {
        method: 'PUT',
        token,
        body: JSON.stringify(model),
        headers: { 'if-match': revision === '*' ? '*' : `"r${revision}"` },
      })
    ).body.revision,
  /** Creates a model from compose, Kubernetes, OpenAPI, AsyncAPI or Meshplan files (the server reads them). */
  importFiles: async (files: ImportFile[]) =>
    (
      await call<{ id: string; token: string; revision: number; model: Model; report: ImportReport }>(
        '/import',
        { method: 'POST', body: JSON.stringify({ files }) },
      )
    ).body,
  access: async (id: string, token: string) =>
    (await call<{ role: Role }>(`/models/${encodeURIComponent(id)}/access`, { token })).body.role,
  links: async (id: string, token: string) =>
    (await call<{ links: ShareLink[] }>(`/models/${encodeURIComponent(id)}/links`, { token })).body.links,
  createLink: async (id: string, token: string, role: ShareLink['role'], expiresAt?: string) =>
    (
      await call<ShareLink>(`/models/${encodeURIComponent(id)}/links`, {
        method: 'POST',
        token,
        body: JSON.stringify(expiresAt === undefined ? { role } : { role, expiresAt }),
      })
    ).body,
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
  ) =>
    (
      await call<{ revision: number }>(`/models/${encodeURIComponent(id)}/revisions/${n}/review`, {
        method: 'PUT',
        token,
        body: JSON.stringify({ status, summary }),
      })
    ).body,
  remove: async (id: string, token: string) => {
    await call(`/models/${encodeURIComponent(id)}`, { method: 'DELETE', token });
  },
};
