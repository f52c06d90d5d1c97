import { beforeEach, describe, expect, it } from 'vitest';
import {
  credentialsOf,
  forgetCredential,
  knownModels,
  ownerToken,
  rememberModel,
  SHARED_NAME,
  switchCredential,
} from './local.js';

/** The browser's localStorage, in memory: the store under test reads and writes it as it does in a page. */
class MemoryStorage implements Storage {
  private items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  clear() {
    this.items.clear();
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  key(index: number) {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  setItem(key: string, value: string) {
    this.items.set(key, String(value));
  }
}

const OWNER = 'aT0k3n-of-the-owner_base64url-32-bytes-xxxxxxx';
const VIEW = `ml_${'a'.repeat(32)}_viewSecret`;
const EDIT = `ml_${'b'.repeat(32)}_editSecret`;
const at = '2030-01-01T00:00:00.000Z';

beforeEach(() => {
  Object.defineProperty(globalThis, 'localStorage', { value: new MemoryStorage(), configurable: true });
});

const entry = () => knownModels().find((k) => k.id === 'm');
const kept = () => {
  const found = entry();
  if (found === undefined) throw new Error('model m is not kept');
  return found;
};

describe('the credentials kept for a model', () => {
  it('an owner who opens their own view link keeps the owner token and still opens as owner', () => {
    rememberModel({ id: 'm', token: OWNER, name: 'Shop', updatedAt: at });
    rememberModel({ id: 'm', token: VIEW, name: SHARED_NAME, updatedAt: at }, 'view');
    expect(kept().token).toBe(OWNER);
    expect(kept().name).toBe('Shop');
    expect(credentialsOf(kept())).toEqual([
      { credential: OWNER, role: 'owner' },
      { credential: VIEW, role: 'view' },
    ]);
    expect(ownerToken(kept())).toBe(OWNER);
  });

  it('a stronger credential opened later becomes the one the model opens with; the weaker is kept', () => {
    rememberModel({ id: 'm', token: VIEW, name: SHARED_NAME, updatedAt: at }, 'view');
    rememberModel({ id: 'm', token: EDIT, name: SHARED_NAME, updatedAt: at }, 'edit');
    expect(entry()?.token).toBe(EDIT);
    expect(credentialsOf(kept()).map((h) => h.role)).toEqual(['edit', 'view']);
  });

  it('the same credential twice is kept once', () => {
    rememberModel({ id: 'm', token: VIEW, name: SHARED_NAME, updatedAt: at }, 'view');
    rememberModel({ id: 'm', token: VIEW, name: SHARED_NAME, updatedAt: at }, 'view');
    expect(entry()?.credentials).toHaveLength(1);
  });

  it('switches between held credentials only, and forgets one without losing the others', () => {
    rememberModel({ id: 'm', token: OWNER, name: 'Shop', updatedAt: at });
    rememberModel({ id: 'm', token: VIEW, name: SHARED_NAME, updatedAt: at }, 'view');
    expect(switchCredential('m', VIEW)).toBe(true);
    expect(entry()?.token).toBe(VIEW);
    expect(ownerToken(kept())).toBe(OWNER);
    expect(switchCredential('m', 'ml_not-held')).toBe(false);
    expect(entry()?.token).toBe(VIEW);
    forgetCredential('m', VIEW);
    expect(entry()?.token).toBe(OWNER);
    expect(entry()?.credentials).toEqual([{ credential: OWNER, role: 'owner' }]);
    forgetCredential('m', OWNER);
    expect(entry()).toBeUndefined();
  });

  it('reads entries kept before credentials were listed: their token stays, a link ranks below the owner', () => {
    localStorage.setItem(
      'meshplan.models',
      JSON.stringify([{ id: 'm', token: OWNER, name: 'Old', updatedAt: at }]),
    );
    rememberModel({ id: 'm', token: EDIT, name: SHARED_NAME, updatedAt: at }, 'edit');
    expect(entry()?.token).toBe(OWNER);
    expect(entry()?.name).toBe('Old');
    expect(credentialsOf(kept()).map((h) => h.role)).toEqual(['owner', 'edit']);
  });
});
