import { describe, expect, it } from 'vitest';
import { hashFor, isModelAddress, viewInHash } from './ViewsPanel.js';

describe('a view in the URL', () => {
  it('reads #/m/<model>/v/<view>, ids with dots included, and nothing that is no id', () => {
    expect(viewInHash('#/m/abc/v/ctx-ordering')).toBe('ctx-ordering');
    expect(viewInHash('#/m/abc/v/view.1_x')).toBe('view.1_x');
    expect(viewInHash('#/m/abc')).toBeUndefined();
    expect(viewInHash('#/m/abc/v/')).toBeUndefined();
    expect(viewInHash('#/m/abc/v/../x')).toBeUndefined();
    expect(viewInHash('#/m/abc/v/%3Cscript%3E')).toBeUndefined();
    expect(viewInHash(`#/m/abc/v/${'a'.repeat(65)}`)).toBeUndefined();
  });

  it('writes the model’s address with the view on show, or without one', () => {
    expect(hashFor('abc', 'view-1')).toBe('#/m/abc/v/view-1');
    expect(hashFor('abc', undefined)).toBe('#/m/abc');
  });

  it('tells the model’s own addresses from other pages’, which the editor leaves alone', () => {
    expect(isModelAddress('#/m/abc', 'abc')).toBe(true);
    expect(isModelAddress('#/m/abc/v/ctx-1', 'abc')).toBe(true);
    expect(isModelAddress('#/m/abcd', 'abc')).toBe(false);
    expect(isModelAddress('#/m/xyz', 'abc')).toBe(false);
    expect(isModelAddress(`#/s/abc/ml_${'0'.repeat(32)}_x`, 'abc')).toBe(false);
    expect(isModelAddress('#/', 'abc')).toBe(false);
    expect(isModelAddress('', 'abc')).toBe(false);
  });
});
