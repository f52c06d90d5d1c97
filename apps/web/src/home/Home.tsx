import { parseModel } from '@meshplan/model';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, api } from '../api/client.js';
import { forgetModel, type KnownModel, knownModels, rememberModel, updateKnown } from '../api/local.js';

/** The models this browser can open, newest first; create, open a file, rename, delete. */
export function Home() {
  const [models, setModels] = useState<KnownModel[]>(knownModels);
  const [error, setError] = useState<string | undefined>();
  const templates = useQuery({ queryKey: ['templates'], queryFn: api.templates });
  const create = useMutation({
    mutationFn: api.create,
    onSuccess: (created) => {
      rememberModel({
        id: created.id,
        token: created.token,
        name: created.model.name,
        updatedAt: new Date().toISOString(),
      });
      location.hash = `#/m/${created.id}`;
    },
    onError: (e) =>
      setError(e instanceof ApiError ? `${e.problem.title}: ${e.problem.detail ?? ''}` : String(e)),
  });
  const refresh = () => setModels(knownModels());

  const openFile = async (file: File) => {
    const result = parseModel(await file.text());
    if (!result.ok) {
      setError(
        `${file.name} is not a Meshplan model: ${result.errors
          .slice(0, 3)
          .map((e) => (e.path ? `${e.path}: ${e.message}` : e.message))
          .join('; ')}`,
      );
      return;
    }
    create.mutate(result.model);
  };

  return (
    <main className="home">
      <header>
        <h1>Meshplan</h1>
        <p>Design microservice architectures; see their anti-patterns as you draw.</p>
      </header>
      <section aria-label="New model">
        <h2>New model</h2>
        <div className="templates">
          {(templates.data ?? []).map((template) => (
            <button
              type="button"
              key={template.id}
              onClick={() => create.mutate({ template: template.id })}
              data-testid={`template-${template.id}`}
              disabled={create.isPending}
            >
              <strong>{template.id === 'blank' ? 'Blank' : template.name}</strong>
              <span>{template.description || 'Start from an empty canvas'}</span>
            </button>
          ))}
          <label className="file-button">
            Open a Meshplan JSON file
            <input
              type="file"
              accept="application/json,.json"
              onChange={(e) => e.target.files?.[0] && void openFile(e.target.files[0])}
            />
          </label>
        </div>
        {error ? (
          <p role="alert" className="field-error">
            {error}
          </p>
        ) : null}
      </section>
      <section aria-label="Your models">
        <h2>Your models</h2>
        {models.length === 0 ? <p className="muted">None yet in this browser.</p> : null}
        <ul className="models">
          {models.map((model) => (
            <li key={model.id} data-testid="model-row">
              <a href={`#/m/${model.id}`}>{model.name}</a>
              <span className="muted"> changed {new Date(model.updatedAt).toLocaleString()}</span>
              {model.counts ? (
                <span className="counts">
                  {model.counts.error} errors, {model.counts.warning} warnings, {model.counts.info} infos
                </span>
              ) : null}
              <button
                type="button"
                onClick={async () => {
                  const name = prompt('New name', model.name);
                  if (!name) return;
                  const current = await api.get(model.id, model.token);
                  await api.put(model.id, model.token, { ...current.model, name }, current.revision);
                  updateKnown(model.id, { name, updatedAt: new Date().toISOString() });
                  refresh();
                }}
              >
                Rename
              </button>
              <button
                type="button"
                onClick={async () => {
                  if (!confirm(`Delete "${model.name}" and all its revisions?`)) return;
                  await api.remove(model.id, model.token).catch(() => undefined);
                  forgetModel(model.id);
                  refresh();
                }}
              >
                Delete
              </button>
            </li>
          ))}
        </ul>
      </section>
    </main>
  );
}
