import { ExportError, type ExportFile, exportModel, TARGETS, type TargetId } from '@meshplan/exporters';
import { count, dnsName, type Model } from '@meshplan/model';
import { useEffect, useState } from 'react';
import { api } from '../api/client.js';
import { ErrorBoundary } from '../app/ErrorBoundary.js';
import { Modal } from '../app/Modal.js';
import { Preview } from './Preview.js';

type Exported = { files: ExportFile[]; error?: undefined } | { files?: undefined; error: string };

/**
 * The export dialog: every target with its file count, a read-only preview of any file (the
 * diagrams as pictures), and a zip of the chosen targets. The files are generated here in the
 * browser by the same exporters as the CLI and the server; the zip comes from the server
 * (`POST /api/v1/export.zip` with this model), because the diagrams' PNGs are drawn with resvg,
 * which runs in Node only.
 */
export default function ExportDialog({ model, onClose }: { model: Model; onClose: () => void }) {
  const [exported, setExported] = useState<Exported | undefined>();
  useEffect(() => {
    let current = true;
    exportModel(model).then(
      ({ files }) => current && setExported({ files }),
      (error: unknown) => {
        if (!current) return;
        if (error instanceof ExportError) setExported({ error: error.message });
        else setExported({ error: `Could not export: ${(error as Error).message}` });
      },
    );
    return () => {
      current = false;
    };
  }, [model]);
  const files = exported?.files ?? [];
  const [chosen, setChosen] = useState<ReadonlySet<TargetId>>(() => new Set(TARGETS.map((t) => t.id)));
  const [previewPath, setPreviewPath] = useState<string | undefined>();
  const [status, setStatus] = useState<string | undefined>();

  // Each SVG diagram has a PNG beside it in the zip, drawn by the server.
  const pngs = files.filter((file) => file.path.endsWith('.svg')).map((file) => pngPath(file.path));
  const counts = new Map<TargetId, number>();
  for (const file of files) counts.set(file.target, (counts.get(file.target) ?? 0) + 1);
  counts.set('diagrams', (counts.get('diagrams') ?? 0) + pngs.length);
  const included = files.filter((file) => chosen.has(file.target));
  const includedPngs = chosen.has('diagrams') ? pngs : [];
  const total = included.length + includedPngs.length;
  const previewed = files.find((file) => file.path === (previewPath ?? files[0]?.path));

  const download = async () => {
    setStatus('Drawing the diagrams…');
    try {
      const zip = await api.exportZip(model, [...chosen]);
      const url = URL.createObjectURL(new Blob([zip as BlobPart], { type: 'application/zip' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = `${dnsName(model.name) || 'model'}.zip`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setStatus(`Downloaded ${count(total, 'file')}.`);
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
      {exported === undefined ? (
        <p className="muted" data-testid="export-pending">
          Preparing the files…
        </p>
      ) : exported.error !== undefined ? (
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
            <FileList
              files={included}
              pictures={includedPngs}
              selected={previewed?.path}
              onSelect={setPreviewPath}
            />
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
          disabled={exported?.files === undefined || included.length === 0}
          onClick={() => void download()}
        >
          Download zip ({count(total, 'file')})
        </button>
      </footer>
    </Modal>
  );
}

function pngPath(svgPath: string): string {
  return svgPath.replace(/\.svg$/, '.png');
}

function FileList({
  files,
  pictures,
  selected,
  onSelect,
}: {
  files: readonly ExportFile[];
  /** PNG paths the server draws into the zip: listed, not previewable here. */
  pictures: readonly string[];
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
        {pictures.map((path) => (
          // Drawn by the server into the zip: listed (and counted), previewed as its SVG above.
          <li key={path} className="muted export-drawn" title="Drawn by the server when you download">
            {path}
          </li>
        ))}
      </ul>
    </nav>
  );
}
