import { describe, expect, it } from 'vitest';
import { hostMentions } from './hosts.js';

describe('hostMentions', () => {
  it.each([
    ['http://orders:8080/v1', [{ host: 'orders', port: 8080, scheme: 'http', explicit: true }]],
    ['orders:7070', [{ host: 'orders', port: 7070, explicit: true }]],
    ['orders', [{ host: 'orders', explicit: false }]],
    [
      'mongodb://user:secret@orders-db:27017/orders',
      [{ host: 'orders-db', port: 27017, scheme: 'mongodb', explicit: true }],
    ],
    ['amqp://rabbit', [{ host: 'rabbit', scheme: 'amqp', explicit: true }]],
    ['kafka:9092', [{ host: 'kafka', port: 9092, explicit: true }]],
    [
      'kafka-1:9092,kafka-2:9092',
      [
        { host: 'kafka-1', port: 9092, explicit: true },
        { host: 'kafka-2', port: 9092, explicit: true },
      ],
    ],
    ['orders.shop.svc.cluster.local', [{ host: 'orders.shop.svc.cluster.local', explicit: true }]],
    [
      '-Dspring.data.mongodb.uri=mongodb://carts-db/data',
      [{ host: 'carts-db', scheme: 'mongodb', explicit: true }],
    ],
  ])('%s', (value, expected) => {
    expect(hostMentions(value)).toEqual(expected);
  });

  it('ignores values that are not hosts', () => {
    for (const value of [
      'true',
      '0',
      '8080',
      'localhost:8080',
      '127.0.0.1:80',
      '-Xms64m -XX:+UseG1GC',
      'file:/dev/urandom',
      '',
    ]) {
      expect(hostMentions(value)).toEqual([]);
    }
  });
});
