import { LIMITS } from '@meshplan/api';
import type { ImportReport } from '@meshplan/importers';
import { forgetUnacknowledged } from '../live/offline.js';
import type { Role } from './client.js';

/**
 * What this browser keeps: the models it can open (their credentials), names and import reports.
 * localStorage, one key each. Changes not yet on the server are the live session's, in IndexedDB
 * (live/offline.ts).
 */
export interface KnownModel {
  id: string;
  /** The credential the editor opens the model with: the strongest held, unless the user picked another. */
  token: string;
  /**
   * Every credential this browser holds for the model, with its role: the owner token and the
   * share links opened here. Absent in entries kept before there could be more than one.
   */
  credentials?: HeldCredential[];
  name: string;
  updatedAt: string;
  counts?: { error: number; warning: number; info: number };
}

const KNOWN = 'meshplan.models';

export function knownModels(): KnownModel[] {
  try {
    const list = JSON.parse(localStorage.getItem(KNOWN) ?? '[]') as KnownModel[];
    return list.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  } catch {
    return [];
  }
}

export interface HeldCredential {
  credential: string;
  role: Role;
}

/** Owner token first, then edit, comment and view links. */
const STRENGTH: Record<Role, number> = { owner: 3, edit: 2, comment: 1, view: 0 };

/** The credentials held for a model, strongest first (an entry of one token before they were listed). */
export function credentialsOf(entry: KnownModel): HeldCredential[] {
  const held = entry.credentials ?? [
    // Kept before roles were: a link's role is unknown, so it ranks lowest until it is opened again.
    { credential: entry.token, role: isLinkCredential(entry.token) ? ('view' as const) : ('owner' as const) },
  ];
  return [...held].sort((a, b) => STRENGTH[b.role] - STRENGTH[a.role]);
}

/** The owner token of a model, when this browser holds it. */
export function ownerToken(entry: KnownModel): string | undefined {
  return credentialsOf(entry).find((held) => held.role === 'owner')?.credential;
}

/**
 * Remembers a model with one more credential (whose role the server confirmed). Nothing already
 * held is replaced or lost: a weaker credential is kept beside the stronger one, and the model
 * opens with the strongest.
 */
export function rememberModel(entry: KnownModel, role: Role = 'owner'): void {
  const list = knownModels();
  const known = list.find((k) => k.id === entry.id);
  const held = known === undefined ? [] : credentialsOf(known);
  const others = held.filter((h) => h.credential !== entry.token);
  const credentials = [...others, { credential: entry.token, role }].sort(
    (a, b) => STRENGTH[b.role] - STRENGTH[a.role],
  );
  const merged: KnownModel = {
    ...known,
    ...entry,
    name: known !== undefined && entry.name === SHARED_NAME ? known.name : entry.name,
    counts: entry.counts ?? known?.counts,
    credentials,
    token: (credentials[0] as HeldCredential).credential,
  };
  const rest = list.filter((k) => k.id !== entry.id);
  localStorage.setItem(KNOWN, JSON.stringify([merged, ...rest]));
}

/** What a model opened from a share link is called until the editor loads its name. */
export const SHARED_NAME = 'Shared model';

/** Opens the model with another credential this browser holds (false when it holds no such one). */
export function switchCredential(id: string, credential: string): boolean {
  const list = knownModels();
  const entry = list.find((k) => k.id === id);
  if (entry === undefined || !credentialsOf(entry).some((h) => h.credential === credential)) return false;
  entry.credentials = credentialsOf(entry);
  entry.token = credential;
  localStorage.setItem(KNOWN, JSON.stringify(list));
  return true;
}

/**
 * Drops one credential (revoked, expired); the model opens with the strongest left, and is
 * forgotten when none is.
 */
export function forgetCredential(id: string, credential: string): void {
  const list = knownModels();
  const entry = list.find((k) => k.id === id);
  if (entry === undefined) return;
  const left = credentialsOf(entry).filter((h) => h.credential !== credential);
  if (left.length === 0) {
    forgetModel(id);
    return;
  }
  entry.credentials = left;
  if (entry.token === credential) entry.token = (left[0] as HeldCredential).credential;
  localStorage.setItem(KNOWN, JSON.stringify(list));
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
  void forgetUnacknowledged(id);
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
