/** Files the user picked or dropped, as the `{ path, text }` list the importers take. */
export interface PickedFile {
  path: string;
  text: string;
}

const IMPORTABLE = /\.(ya?ml|json)$/i;
/** The server refuses more than this in one request; say so before sending. */
const MAX_TOTAL_BYTES = 5 * 1024 * 1024;

/** From a file input (with `webkitdirectory`, every file of the folder, with its relative path). */
export async function filesFromInput(list: FileList): Promise<PickedFile[]> {
  const files = [...list].filter((file) => IMPORTABLE.test(file.name));
  checkSize(files);
  return Promise.all(
    files.map(async (file) => ({ path: file.webkitRelativePath || file.name, text: await file.text() })),
  );
}

/** From a drop: files, and folders walked through the entries API. */
export async function filesFromDrop(transfer: DataTransfer): Promise<PickedFile[]> {
  const entries = [...transfer.items]
    .map((item) => item.webkitGetAsEntry?.())
    .filter((entry): entry is FileSystemEntry => entry !== null && entry !== undefined);
  if (entries.length === 0) return filesFromInput(transfer.files);
  const found: { path: string; file: File }[] = [];
  const visit = async (entry: FileSystemEntry): Promise<void> => {
    if (entry.isFile) {
      if (!IMPORTABLE.test(entry.name)) return;
      const file = await new Promise<File>((resolve, reject) =>
        (entry as FileSystemFileEntry).file(resolve, reject),
      );
      found.push({ path: entry.fullPath.replace(/^\//, ''), file });
    } else if (entry.isDirectory && !entry.name.startsWith('.') && entry.name !== 'node_modules') {
      for (const child of await readAll(entry as FileSystemDirectoryEntry)) await visit(child);
    }
  };
  for (const entry of entries) await visit(entry);
  found.sort((a, b) => a.path.localeCompare(b.path));
  checkSize(found.map((f) => f.file));
  return Promise.all(found.map(async ({ path, file }) => ({ path, text: await file.text() })));
}

/** A directory reader returns its entries in batches until an empty one. */
async function readAll(directory: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = directory.createReader();
  const all: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) =>
      reader.readEntries(resolve, reject),
    );
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}

function checkSize(files: File[]): void {
  const total = files.reduce((sum, file) => sum + file.size, 0);
  if (total > MAX_TOTAL_BYTES) {
    throw new Error(
      `${(total / 1024 / 1024).toFixed(1)} MB in ${files.length} files: at most 5 MB can be imported at once.`,
    );
  }
}
