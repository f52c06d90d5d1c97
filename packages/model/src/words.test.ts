import { describe, expect, it } from 'vitest';
import { count, pluralOf, withArticle } from './words.js';

describe('count', () => {
  it('says one thing in the singular and every other number in the plural', () => {
    expect(count(1, 'warning')).toBe('1 warning');
    expect(count(0, 'warning')).toBe('0 warnings');
    expect(count(2, 'topic')).toBe('2 topics');
    expect(count(1, 'topic')).toBe('1 topic');
    expect(count(1, 'error')).toBe('1 error');
  });

  it('knows the plurals that do not just add an s', () => {
    expect(count(3, 'guess')).toBe('3 guesses');
    expect(count(2, 'info')).toBe('2 info');
    expect(count(2, 'reply')).toBe('2 replies');
    expect(count(2, 'box')).toBe('2 boxes');
    expect(pluralOf(1, 'guess')).toBe('guess');
  });
});

describe('withArticle', () => {
  it('says "an" before a vowel sound, "a" before anything else', () => {
    expect(withArticle('external')).toBe('an external');
    expect(withArticle('service')).toBe('a service');
    expect(withArticle('datastore')).toBe('a datastore');
    expect(withArticle('API gateway')).toBe('an API gateway');
    expect(withArticle('gateway')).toBe('a gateway');
  });
});
