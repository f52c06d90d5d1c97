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
  if (init.body !== undefined) headers.set('content-type', 'application/json');
  const res = await fetch(`/api/v1${path}`, { ...init, headers });
  const text = await res.text();
  const body = text === '' ? undefined : JSON.parse(text);
  if (!res.ok) throw new ApiError(body ?? { title: res.statusText, status: res.status });
  return { body: body as T, etag: res.headers.get('etag') };
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
  remove: async (id: string, token: string) => {
    await call(`/models/${encodeURIComponent(id)}`, { method: 'DELETE', token });
  },
};
