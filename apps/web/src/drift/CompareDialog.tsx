import { type DragEvent, useState } from 'react';
import { Modal } from '../app/Modal.js';
import { filesFromDrop, filesFromInput, type PickedFile } from '../home/files.js';
import { traceFileOf } from '../home/traces.js';
import { useCommands } from '../store/commands.js';

/**
 * "Compare with what runs": the user gives what runs (a trace export, docker-compose files, a
 * folder of Kubernetes manifests, API documents) and the canvas then shows the model against it.
 */
export function CompareDialog({ onClose }: { onClose: () => void }) {
  const commands = useCommands();
  const [busy, setBusy] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();

  // The files are read as soon as they are given (a drop's items are gone after its event); a
  // trace export is not read here but streamed in the worker, and its read here is let go.
  const compare = async (picked: File[], read: Promise<PickedFile[]>) => {
    setError(undefined);
    try {
      // A trace export is streamed from its file in the worker: it may be hundreds of MB.
      const traces = await traceFileOf(picked).catch(() => undefined);
      if (traces !== undefined) read.catch(() => undefined);
      const source =
        traces?.name ?? (picked.length === 1 ? (picked[0]?.name ?? 'the files') : `${picked.length} files`);
      setBusy(`Reading ${source} and comparing…`);
      const failed =
        traces !== undefined
          ? await commands.compareWithRunning({ traces }, traces.name)
          : await commands.compareWithRunning({ files: await read }, source);
      if (failed === undefined) onClose();
      else setError(`Could not compare: ${failed}`);
    } catch (e) {
      setError(`Could not read the files: ${(e as Error).message}`);
    } finally {
      setBusy(undefined);
    }
  };
  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    const transfer = event.dataTransfer;
    void compare([...transfer.files], filesFromDrop(transfer));
  };
  const onPick = (list: FileList | null) => {
    if (list === null || list.length === 0) return;
    void compare([...list], filesFromInput(list));
  };

  return (
    <Modal
      label="Compare with what runs"
      testId="compare-dialog"
      className="compare-dialog"
      onClose={onClose}
    >
      <header>
        <h2>Compare with what runs</h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </header>
      <p>
        Give what runs: a trace export (OTLP, Jaeger or Zipkin JSON), docker-compose files, a folder of
        Kubernetes manifests or API documents. The canvas then shows the model against it: what runs and is
        not designed dashed in its own colour, what is designed and was not seen faded. Nothing changes until
        you adopt something.
      </p>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: the drop target; the inputs below are the keyboard way in */}
      <div
        className="compare-drop"
        data-testid="compare-drop"
        onDragOver={(e) => e.preventDefault()}
        onDrop={onDrop}
      >
        <label>
          Files{' '}
          <input
            type="file"
            multiple
            accept=".json,.jsonl,.ndjson,.yaml,.yml"
            data-testid="compare-files"
            disabled={busy !== undefined}
            onChange={(e) => onPick(e.currentTarget.files)}
          />
        </label>
        <label>
          A folder{' '}
          <input
            type="file"
            data-testid="compare-folder"
            disabled={busy !== undefined}
            // React has no typed prop for it: the browser's folder picker.
            {...{ webkitdirectory: '' }}
            onChange={(e) => onPick(e.currentTarget.files)}
          />
        </label>
        <p className="muted">or drop them here</p>
      </div>
      {busy ? <output className="status">{busy}</output> : null}
      {error ? (
        <p role="alert" className="error" data-testid="compare-error">
          {error}
        </p>
      ) : null}
    </Modal>
  );
}
