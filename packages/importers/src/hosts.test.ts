import { describe, expect, it } from 'vitest';
import { hostMentions } from './hosts.js';

describe('hostMentions', () => {
  it.each([
    ['http://orders:8080/v1', [{ host: 'orders', port: 8080, scheme: 'http', explicit: true }]],
    ['orders:7070', [{ host: 'orders', port: 7070, explicit: true }]],
    ['orders', [{ host: 'orders', explicit: false }]],
    [
      'mongodb://user:secret@orders-db:27017/orders',
      [{ host: 'orders-db', port: 27017, scheme: 'mongodb', explicit: true, database: 'orders' }],
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
      [{ host: 'carts-db', scheme: 'mongodb', explicit: true, database: 'data' }],
    ],
    // Connection strings of every common shape: the host is the server, the database its own field.
    [
      'jdbc:mysql://mysql/ftgo_order_service',
      [{ host: 'mysql', scheme: 'mysql', explicit: true, database: 'ftgo_order_service' }],
    ],
    [
      'jdbc:postgresql://orders-db:5432/orders?sslmode=disable',
      [{ host: 'orders-db', port: 5432, scheme: 'postgresql', explicit: true, database: 'orders' }],
    ],
    [
      'jdbc:sqlserver://sqldata:1433;databaseName=Catalog;encrypt=false',
      [{ host: 'sqldata', port: 1433, scheme: 'sqlserver', explicit: true, database: 'Catalog' }],
    ],
    [
      'Server=sqldata;Database=Microsoft.eShopOnContainers.Services.OrderingDb;User Id=sa;Password=Pass@word',
      [
        {
          host: 'sqldata',
          scheme: 'sqlserver',
          explicit: true,
          database: 'Microsoft.eShopOnContainers.Services.OrderingDb',
        },
      ],
    ],
    [
      'Data Source=tcp:sql-server,1433;Initial Catalog=Identity;',
      [{ host: 'sql-server', port: 1433, scheme: 'sqlserver', explicit: true, database: 'Identity' }],
    ],
    [
      'Host=postgres;Port=5432;Database=catalog;Username=app',
      [{ host: 'postgres', port: 5432, scheme: 'postgres', explicit: true, database: 'catalog' }],
    ],
    ['redis://cache:6379/0', [{ host: 'cache', port: 6379, scheme: 'redis', explicit: true }]],
    ['basketdata:6379,abortConnect=false', [{ host: 'basketdata', port: 6379, explicit: true }]],
    ['tcp://activemq:61616', [{ host: 'activemq', port: 61616, scheme: 'tcp', explicit: true }]],
    [
      'mongodb://nosql-a:27017,nosql-b:27017/orders',
      [
        { host: 'nosql-a', port: 27017, scheme: 'mongodb', explicit: true },
        { host: 'nosql-b', port: 27017, explicit: true },
      ],
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
