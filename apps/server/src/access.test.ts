import { describe, expect, it } from 'vitest';
import { type Action, can, type Role } from './access.js';
import { parseLinkCredential } from './links.js';

describe('can', () => {
  it('grants each role its actions and no more', () => {
    const actions: Action[] = ['read', 'comment', 'review', 'edit', 'share'];
    const table: Record<Role, Action[]> = {
      view: ['read'],
      comment: ['read', 'comment', 'review'],
      edit: ['read', 'comment', 'review', 'edit'],
      owner: actions,
    };
    for (const [role, allowed] of Object.entries(table) as [Role, Action[]][])
      expect(actions.filter((action) => can(role, action))).toEqual(allowed);
  });
});

describe('parseLinkCredential', () => {
  const id = '0123456789abcdef0123456789abcdef';

  it('splits on the first two underscores only: the secret may contain more', () => {
    expect(parseLinkCredential(`ml_${id}_a_b-c_`)).toEqual({ id, secret: 'a_b-c_' });
  });

  it('refuses anything else', () => {
    for (const credential of ['', 'ml_', `ml_${id}`, `ml_${id}_`, `xx_${id}_s`, 'ml_NOTHEX_s', `ml_${id}0_s`])
      expect(parseLinkCredential(credential)).toBeUndefined();
  });
});
