import { LIMITS } from '@meshplan/api';
import type { ImportReport } from '@meshplan/importers';
/**
 * What this browser keeps: the models it can open (their owner tokens), and edits not yet saved
 * (kept while offline). localStorage, one key each.
 */
export interface KnownModel {
  id: string;
  /** The owner token, or a share link's credential (`ml_…`). */
  token: string;
  name: string;
  updatedAt: string;
  counts?: { error: number; warning: number; info: number };
}

const KNOWN = 'meshplan.models';
const pendingKey = (id: string) => `meshplan.pending.${id}`;

export function knownModels(): KnownModel[] {
  try {
    const list = JSON.parse(localStorage.getItem(KNOWN) ?? '[]') as KnownModel[];
    return list.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  } catch {
    return [];
  }
}

export function rememberModel(entry: KnownModel): void {
  const rest = knownModels().filter((known) => known.id !== entry.id);
  localStorage.setItem(KNOWN, JSON.stringify([entry, ...rest]));
}

export function updateKnown(id: string, patch: Partial<KnownModel>): void {
  const list = knownModels();
  const entry = list.find((known) => known.id === id);
  if (entry === undefined) return;
  Object.assign(entry, patch);
  localStorage.setItem(KNOWN, JSON.stringify(list));
}

export function forgetModel(id: string): void {
  localStorage.setItem(KNOWN, JSON.stringify(knownModels().filter((known) => known.id !== id)));
  localStorage.removeItem(pendingKey(id));
}

export function pendingEdit(id: string): { model: unknown; baseRevision: number } | undefined {
  const text = localStorage.getItem(pendingKey(id));
  return text === null ? undefined : JSON.parse(text);
}

export function keepPendingEdit(id: string, model: unknown, baseRevision: number): void {
  localStorage.setItem(pendingKey(id), JSON.stringify({ model, baseRevision }));
}

export function clearPendingEdit(id: string): void {
  localStorage.removeItem(pendingKey(id));
}

const reportKey = (id: string) => `meshplan.import-report.${id}`;

/** The report of an import, kept for the editor to show once when it opens the new model. */
export function keepImportReport(id: string, report: ImportReport): void {
  sessionStorage.setItem(reportKey(id), JSON.stringify(report));
}

/** The report of the import that created `id`, until the user dismisses it. */
export function importReport(id: string): ImportReport | undefined {
  const text = sessionStorage.getItem(reportKey(id));
  if (text === null) return undefined;
  try {
    return JSON.parse(text) as ImportReport;
  } catch {
    return undefined;
  }
}

export function dismissImportReport(id: string): void {
  sessionStorage.removeItem(reportKey(id));
}

const NAME = 'meshplan.name';

/** The name this person goes by in live sessions, comments and reviews (picked once). */
export function displayName(): string | undefined {
  return localStorage.getItem(NAME) ?? undefined;
}

export function setDisplayName(name: string): void {
  localStorage.setItem(NAME, name.trim().slice(0, LIMITS.authorName));
}

/** Whether a credential is a share link's rather than the owner's token. */
export const isLinkCredential = (token: string) => token.startsWith('ml_');
