import { LIMITS } from '@meshplan/api';
import { count, formatError, parseModel } from '@meshplan/model';
import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { ApiError, api } from '../api/client.js';
import {
  displayName,
  forgetModel,
  type KnownModel,
  keepImportReport,
  knownModels,
  ownerToken,
  rememberModel,
  setDisplayName,
  updateKnown,
} from '../api/local.js';
import { VerdictBadge } from '../review/VerdictBadge.js';
import { filesFromDrop, filesFromInput, type PickedFile } from './files.js';
import { importTracesInWorker, traceFileOf } from './traces.js';

/** Remembers a model the server just created (with its owner token) and opens it. */
function openCreated(created: { id: string; token: string; model: { name: string } }): void {
  rememberModel({
    id: created.id,
    token: created.token,
    name: created.model.name,
    updatedAt: new Date().toISOString(),
  });
  location.hash = `#/m/${created.id}`;
}

/** The models this browser can open, newest first; create, open a file, rename, delete. */
export function Home() {
  const [models, setModels] = useState<KnownModel[]>(knownModels);
  const [error, setError] = useState<string | undefined>();
  const templates = useQuery({ queryKey: ['templates'], queryFn: api.templates });
  const create = useMutation({
    mutationFn: api.create,
    onSuccess: openCreated,
    onError: (e) =>
      setError(e instanceof ApiError ? `${e.problem.title}: ${e.problem.detail ?? ''}` : String(e)),
  });
  const queries = useQueryClient();
  const refresh = () => {
    setModels(knownModels());
    void queries.invalidateQueries({ queryKey: ['home-row'] });
  };
  const rows = useFreshRows(models);
  const [dragging, setDragging] = useState(false);
  const importing = useMutation({
    mutationFn: api.importFiles,
    onSuccess: (created) => {
      keepImportReport(created.id, created.report);
      openCreated(created);
    },
    onError: (e) =>
      setError(
        e instanceof ApiError ? `Could not import: ${e.problem.detail ?? e.problem.title}` : String(e),
      ),
  });
  const importFiles = async (read: Promise<{ path: string; text: string }[]>) => {
    setError(undefined);
    const files = await read.catch((e: Error) => {
      setError(`Could not read the files: ${e.message}`);
      return [];
    });
    if (files.length === 0) return setError('No YAML or JSON files to import.');
    importing.mutate(files);
  };

  // A trace export is read here, in a worker, streamed from the file: it may be far larger than
  // what the server takes as documents. The model it gives is created like any other.
  const [readingTraces, setReadingTraces] = useState(false);
  const importPicked = async (picked: File[], read: Promise<PickedFile[]>) => {
    const traces = await traceFileOf(picked).catch(() => undefined);
    if (traces === undefined) return importFiles(read);
    read.catch(() => undefined);
    setError(undefined);
    setReadingTraces(true);
    try {
      const { model, report } = await importTracesInWorker(traces);
      const created = await api.create(model);
      keepImportReport(created.id, report);
      openCreated(created);
    } catch (e) {
      setError(
        e instanceof ApiError
          ? `Could not import: ${e.problem.detail ?? e.problem.title}`
          : `Could not import: ${(e as Error).message}`,
      );
    } finally {
      setReadingTraces(false);
    }
  };

  const openFile = async (file: File) => {
    const result = parseModel(await file.text());
    if (!result.ok) {
      setError(
        `${file.name} is not a Meshplan model: ${result.errors.slice(0, 3).map(formatError).join('; ')}`,
      );
      return;
    }
    create.mutate(result.model);
  };

  return (
    <main
      className={`home${dragging ? ' dropping' : ''}`}
      onDragOver={(e) => {
        if (!e.dataTransfer.types.includes('Files')) return;
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(e) => {
        if (e.currentTarget === e.target) setDragging(false);
      }}
      onDrop={(e) => {
        if (!e.dataTransfer.types.includes('Files')) return;
        e.preventDefault();
        setDragging(false);
        // The drop's items are readable only now: start reading them before looking at the files.
        const picked = [...e.dataTransfer.files];
        void importPicked(picked, filesFromDrop(e.dataTransfer));
      }}
    >
      <header>
        <h1>Meshplan</h1>
        <p>Design microservice architectures; see their anti-patterns as you draw.</p>
        <YourName />
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
        <h2>Import what you have</h2>
        <p className="muted">
          docker-compose files, Kubernetes manifests, OpenAPI or AsyncAPI documents, or a trace export (OTLP,
          Jaeger or Zipkin JSON): pick files or a folder, or drop them anywhere on this page. Meshplan draws
          the services, datastores and calls they describe and tells you what it guessed.
        </p>
        <div className="templates">
          <label className="file-button">
            Import files
            <input
              type="file"
              multiple
              accept=".yml,.yaml,.json,.jsonl,.ndjson,application/json,application/yaml"
              data-testid="import-files"
              disabled={importing.isPending || readingTraces}
              onChange={(e) =>
                e.target.files && void importPicked([...e.target.files], filesFromInput(e.target.files))
              }
            />
          </label>
          <label className="file-button">
            Import a folder
            <input
              type="file"
              // @ts-expect-error: not in React's types, supported by every current browser
              webkitdirectory=""
              data-testid="import-folder"
              disabled={importing.isPending}
              onChange={(e) => e.target.files && void importFiles(filesFromInput(e.target.files))}
            />
          </label>
          {importing.isPending ? <output>Importing…</output> : null}
          {readingTraces ? <output>Reading the traces…</output> : null}
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
          {rows.map((model) => (
            <ModelRow key={model.id} model={model} onChange={refresh} onError={setError} />
          ))}
        </ul>
      </section>
    </main>
  );
}

/**
 * The name this person's changes, comments and reviews are shown with (and the owner's name on
 * the landing page of a link they share): kept in this browser, sent with every write.
 */
function YourName() {
  const [name, setName] = useState(displayName() ?? '');
  return (
    <div className="your-name">
      <label htmlFor="your-name">Your name</label>{' '}
      <input
        id="your-name"
        data-testid="your-name"
        value={name}
        maxLength={LIMITS.authorName}
        placeholder="shown with your changes"
        onChange={(e) => {
          setName(e.target.value);
          if (e.target.value.trim() !== '') setDisplayName(e.target.value);
        }}
      />
    </div>
  );
}

/**
 * The known models as the server has them now: a live session (this tab's or another person's)
 * changes name, findings and time without this browser's cache knowing. Fetched when the page
 * opens and again whenever it comes back into view (React Query refetches on focus and on
 * visibility); until an answer comes, and for a model the server no longer answers for, the row
 * shows what was kept here. Fresh answers are kept, newest first.
 */
function useFreshRows(models: KnownModel[]): KnownModel[] {
  const answers = useQueries({
    queries: models.map((model) => ({
      queryKey: ['home-row', model.id, model.token],
      queryFn: async () => {
        const summary = await api.summary(model.id, model.token);
        updateKnown(model.id, summary);
        return summary;
      },
      retry: false,
      // Coming back within a few seconds asks nothing again: two requests a model add up.
      staleTime: 5000,
    })),
  });
  return models
    .map((model, i) => {
      const answer = answers[i]?.data;
      if (answer === undefined) return model;
      // What this browser did since the answer (a rename here) wins until the next answer.
      const newer = answer.updatedAt === undefined || answer.updatedAt >= model.updatedAt.slice(0, 19);
      return newer ? { ...model, ...answer } : { ...answer, ...model };
    })
    .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
}

/** One known model: open it, rename it in place, delete it after an inline confirmation. */
function ModelRow({
  model,
  onChange,
  onError,
}: {
  model: KnownModel;
  onChange: () => void;
  onError: (message: string) => void;
}) {
  const [mode, setMode] = useState<'view' | 'rename' | 'delete'>('view');
  const [name, setName] = useState(model.name);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (mode === 'rename') input.current?.select();
  }, [mode]);

  const owner = ownerToken(model);
  const rename = async () => {
    const trimmed = name.trim();
    if (trimmed === '' || trimmed === model.name) return setMode('view');
    try {
      const current = await api.get(model.id, owner ?? model.token);
      await api.put(model.id, owner ?? model.token, { ...current.model, name: trimmed }, current.revision);
      updateKnown(model.id, { name: trimmed, updatedAt: new Date().toISOString() });
      setMode('view');
      onChange();
    } catch (e) {
      onError(e instanceof ApiError ? `Could not rename: ${e.problem.detail ?? e.problem.title}` : String(e));
    }
  };

  const remove = async () => {
    if (owner !== undefined) {
      try {
        await api.remove(model.id, owner);
      } catch (e) {
        // A model the server no longer has (deleted elsewhere) is still forgotten here; any
        // other refusal keeps it, and its owner token, in this browser.
        if (!(e instanceof ApiError && e.problem.status === 404)) {
          onError(
            e instanceof ApiError ? `Could not delete: ${e.problem.detail ?? e.problem.title}` : String(e),
          );
          return setMode('view');
        }
      }
    }
    forgetModel(model.id);
    onChange();
  };

  if (mode === 'rename') {
    return (
      <li data-testid="model-row">
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            void rename();
          }}
        >
          <label htmlFor={`rename-${model.id}`} className="visually-hidden">
            New name for {model.name}
          </label>
          <input
            id={`rename-${model.id}`}
            ref={input}
            value={name}
            maxLength={200}
            onChange={(e) => setName(e.target.value)}
            onKeyDown={(e) => e.key === 'Escape' && setMode('view')}
          />
          <button type="submit">Save</button>
          <button type="button" onClick={() => setMode('view')}>
            Cancel
          </button>
        </form>
      </li>
    );
  }
  return (
    <li data-testid="model-row">
      <a href={`#/m/${model.id}`}>{model.name}</a> <VerdictBadge id={model.id} token={model.token} />
      <span className="muted"> changed {new Date(model.updatedAt).toLocaleString()}</span>
      {model.counts ? (
        <span className="counts">
          {count(model.counts.error, 'error')}, {count(model.counts.warning, 'warning')},{' '}
          {count(model.counts.info, 'info')}
        </span>
      ) : null}
      {mode === 'delete' ? (
        <fieldset className="confirm">
          <legend className="visually-hidden">Delete {model.name}?</legend>
          {owner !== undefined
            ? `Delete “${model.name}” and all its revisions?`
            : `Forget “${model.name}” in this browser (it stays on the server)?`}{' '}
          <button type="button" className="danger" onClick={() => void remove()}>
            {owner !== undefined ? 'Delete' : 'Forget'}
          </button>
          <button type="button" onClick={() => setMode('view')}>
            Keep
          </button>
        </fieldset>
      ) : (
        <>
          <button
            type="button"
            onClick={() => {
              setName(model.name);
              setMode('rename');
            }}
          >
            Rename
          </button>
          <button type="button" onClick={() => setMode('delete')}>
            {owner !== undefined ? 'Delete' : 'Forget'}
          </button>
        </>
      )}
    </li>
  );
}
