import { describe, expect, it } from 'vitest';
import { NODE_WIDTH, nameLines, nameWidth, nodeBox } from './size.js';

describe('node boxes follow their names', () => {
  it('measures in Arial Bold metrics: a wider letter takes more room', () => {
    expect(nameWidth('iiii')).toBeLessThan(nameWidth('MMMM'));
    // "Orders" in Arial Bold: 778 + 389 + 611 + 556 + 389 + 556 = 3.279 em, 42.6 px at 13 px.
    expect(nameWidth('Orders')).toBeCloseTo(42.6, 1);
  });

  it('a short name gets the smallest box, a longer one a wider box on one line', () => {
    expect(nodeBox('DB')).toMatchObject({ width: NODE_WIDTH.min, height: 64, lines: ['DB'] });
    const catalog = nodeBox('Product Catalog Service');
    expect(catalog.lines).toEqual(['Product Catalog Service']);
    expect(catalog.width).toBeGreaterThan(NODE_WIDTH.min);
    expect(catalog.width).toBeLessThanOrEqual(NODE_WIDTH.max);
  });

  it('a name wider than the widest box wraps at word breaks, and the box grows a line', () => {
    const box = nodeBox('ts-admin-basic-information-service-with-a-long-tail');
    expect(box.width).toBe(NODE_WIDTH.max);
    expect(box.lines.length).toBe(2);
    expect(box.lines.join('')).toBe('ts-admin-basic-information-service-with-a-long-tail');
    expect(box.height).toBe(64 + 16);
    for (const line of box.lines) expect(nameWidth(line)).toBeLessThanOrEqual(NODE_WIDTH.max);
  });

  it('a word too long for a line is cut inside; past three lines the rest stays on the third', () => {
    const lines = nameLines('x'.repeat(200), 100);
    expect(lines).toHaveLength(3);
    expect(lines.join('')).toBe('x'.repeat(200));
    expect(nameWidth(lines[0] as string)).toBeLessThanOrEqual(100);
  });

  it('from afar a name is drawn as large as its box holds, and the longer the name the smaller', () => {
    const short = nodeBox('Orders').overview;
    const long = nodeBox('ts-admin-basic-information-service-with-a-long-tail').overview;
    expect(short).toEqual({ fontSize: 22, lines: ['Orders'] });
    expect(long.fontSize).toBeLessThan(short.fontSize);
    expect(long.fontSize).toBeGreaterThanOrEqual(13);
    expect(long.lines.join('')).toBe('ts-admin-basic-information-service-with-a-long-tail');
    const box = nodeBox('ts-admin-basic-information-service-with-a-long-tail');
    for (const line of long.lines) expect(nameWidth(line, long.fontSize)).toBeLessThanOrEqual(box.width - 16);
    expect(long.lines.length * long.fontSize * 1.15).toBeLessThanOrEqual(box.height - 8);
  });

  it('hostile and non-Latin names are only text: measured, never dropped', () => {
    expect(nodeBox('<script>alert(1)</script>').lines.join('')).toBe('<script>alert(1)</script>');
    expect(nameWidth('注文サービス')).toBeGreaterThan(nameWidth('abcdef'));
    expect(nodeBox('').lines).toEqual([]);
  });
});
