import {
  ExportError,
  type ExportFile,
  exportModel,
  TARGETS,
  type TargetId,
  zipFiles,
} from '@meshplan/exporters';
import { count, dnsName, type Model } from '@meshplan/model';
import { useMemo, useState } from 'react';
import { ErrorBoundary } from '../app/ErrorBoundary.js';
import { Modal } from '../app/Modal.js';
import { Preview } from './Preview.js';
import { canvasPictures } from './picture.js';

/**
 * The export dialog: every target with its file count, a read-only preview of any file, and a zip
 * of the chosen targets with a PNG and an SVG of the canvas as it is on screen. Everything is
 * generated here in the browser by the same exporters as the CLI and the server.
 */
export default function ExportDialog({ model, onClose }: { model: Model; onClose: () => void }) {
  const exported = useMemo(() => {
    try {
      return { files: exportModel(model).files };
    } catch (error) {
      if (error instanceof ExportError) return { error: error.message };
      throw error;
    }
  }, [model]);
  const files = exported.files ?? [];
  const [chosen, setChosen] = useState<ReadonlySet<TargetId>>(() => new Set(TARGETS.map((t) => t.id)));
  const [previewPath, setPreviewPath] = useState<string | undefined>(files[0]?.path);
  const [status, setStatus] = useState<string | undefined>();

  const counts = new Map<TargetId, number>();
  for (const file of files) counts.set(file.target, (counts.get(file.target) ?? 0) + 1);
  const included = files.filter((file) => chosen.has(file.target));
  const previewed = files.find((file) => file.path === previewPath);

  const download = async () => {
    setStatus('Drawing the canvas…');
    try {
      const pictures = await canvasPictures();
      const zip = zipFiles(included, [
        { path: 'canvas/architecture.png', content: pictures.png },
        { path: 'canvas/architecture.svg', content: pictures.svg },
      ]);
      const url = URL.createObjectURL(new Blob([zip as BlobPart], { type: 'application/zip' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = `${dnsName(model.name) || 'model'}.zip`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setStatus(`Downloaded ${count(included.length + 2, 'file')}.`);
    } catch (error) {
      setStatus(`Could not export: ${(error as Error).message}`);
    }
  };

  return (
    <Modal label="Export" testId="export-dialog" className="export-dialog" onClose={onClose}>
      <header>
        <h2>Export</h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </header>
      {exported.error !== undefined ? (
        <p role="alert" className="field-error" data-testid="export-error">
          {exported.error}
        </p>
      ) : (
        <div className="export-body">
          <div className="export-side">
            <fieldset>
              <legend>Targets</legend>
              {TARGETS.map((target) => (
                <label key={target.id} className="export-target" title={target.description}>
                  <input
                    type="checkbox"
                    checked={chosen.has(target.id)}
                    data-testid={`export-target-${target.id}`}
                    onChange={(e) => {
                      const next = new Set(chosen);
                      if (e.target.checked) next.add(target.id);
                      else next.delete(target.id);
                      setChosen(next);
                    }}
                  />
                  <span>{target.title}</span>
                  <span className="muted" data-testid={`export-count-${target.id}`}>
                    {count(counts.get(target.id) ?? 0, 'file')}
                  </span>
                </label>
              ))}
            </fieldset>
            <FileList files={included} selected={previewPath} onSelect={setPreviewPath} />
          </div>
          <div className="export-preview">
            {previewed ? (
              // One file that cannot be shown leaves the others to choose from (a new file, a new boundary).
              <ErrorBoundary key={previewed.path} name="preview" className="panel">
                <Preview file={previewed} />
              </ErrorBoundary>
            ) : (
              <p className="muted">Choose a file to see it.</p>
            )}
          </div>
        </div>
      )}
      <footer>
        <output data-testid="export-status">{status}</output>
        <button
          type="button"
          className="primary"
          data-testid="export-download"
          disabled={exported.error !== undefined || included.length === 0}
          onClick={() => void download()}
        >
          Download zip ({count(included.length, 'file')} + PNG and SVG of the canvas)
        </button>
      </footer>
    </Modal>
  );
}

function FileList({
  files,
  selected,
  onSelect,
}: {
  files: readonly ExportFile[];
  selected: string | undefined;
  onSelect: (path: string) => void;
}) {
  return (
    <nav aria-label="Files" className="export-files">
      <ul>
        {files.map((file) => (
          <li key={file.path}>
            <button
              type="button"
              aria-current={file.path === selected ? 'true' : undefined}
              onClick={() => onSelect(file.path)}
            >
              {file.path}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
