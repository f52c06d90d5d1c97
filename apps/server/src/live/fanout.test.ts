import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { Fanout, MAX_PAYLOAD_BYTES, newInstanceId, parseMessage } from './fanout.js';

describe('fan-out messages', () => {
  it('reads back what publish sends, of every kind', () => {
    const messages = [
      { k: 'u', i: 'x', m: 'model_1', a: 1, b: 3, d: 'AAEC' },
      { k: 'u', i: 'x', m: 'model_1', a: 1, b: 3 },
      { k: 'p', i: 'x', m: 'model_1', d: 'AAEC' },
      { k: 'r', i: 'x', m: 'model_1', n: 7, o: 'rest' },
      { k: 'e', i: 'x', m: 'model_1', e: 'deleted' },
      { k: 'l', i: 'x', m: 'model_1' },
    ];
    for (const message of messages) expect(parseMessage(JSON.stringify(message))).toEqual(message);
  });

  it('ignores anything else on the channel: not JSON, unknown kinds, bad model ids, wrong fields', () => {
    for (const payload of [
      'not json',
      'null',
      '[]',
      JSON.stringify({ k: 'z', i: 'x', m: 'm' }),
      JSON.stringify({ k: 'l', i: 'x', m: '../etc' }),
      JSON.stringify({ k: 'l', i: 'x', m: 'a'.repeat(65) }),
      JSON.stringify({ k: 'l', m: 'm' }),
      JSON.stringify({ k: 'u', i: 'x', m: 'm', a: '1', b: 2 }),
      JSON.stringify({ k: 'u', i: 'x', m: 'm', a: 1, b: 2, d: 5 }),
      JSON.stringify({ k: 'p', i: 'x', m: 'm' }),
      JSON.stringify({ k: 'r', i: 'x', m: 'm', n: 1.5, o: 'rest' }),
      JSON.stringify({ k: 'r', i: 'x', m: 'm', n: 1, o: 'other' }),
      JSON.stringify({ k: 'e', i: 'x', m: 'm', e: 'toString' }),
    ])
      expect(parseMessage(payload)).toBeUndefined();
  });

  it('never sends a payload PostgreSQL would refuse, and sends nothing on SQLite', async () => {
    const sent: string[] = [];
    const send = async (_channel: string, payload: string) => {
      sent.push(payload);
    };
    const logger = pino({ level: 'silent' });
    const shared = new Fanout('me', 'postgres://nowhere.invalid/db', send, logger);
    await shared.publish({ k: 'p', i: 'me', m: 'm', d: 'x'.repeat(MAX_PAYLOAD_BYTES) });
    await shared.publish({ k: 'p', i: 'me', m: 'm', d: 'x'.repeat(100) });
    expect(sent).toHaveLength(1);
    expect(Buffer.byteLength(sent[0] as string)).toBeLessThan(8000);
    const local = new Fanout('me', undefined, send, logger);
    await local.publish({ k: 'l', i: 'me', m: 'm' });
    expect(sent).toHaveLength(1);
    expect(local.status).toBe('local');
  });

  it('names instances so that meshplan-listen/<id> fits PostgreSQL’s 63 characters', () => {
    expect(`meshplan-listen/${newInstanceId()}`.length).toBeLessThanOrEqual(63);
  });
});
