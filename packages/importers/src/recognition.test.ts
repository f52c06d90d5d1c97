import { parseModel } from '@meshplan/model';
import { describe, expect, it } from 'vitest';
import { importModel } from './index.js';
import { edgeList, names, nodeNamed } from './test-support.js';

const compose = (text: string) =>
  importModel({ files: [{ path: 'docker-compose.yml', text }] }, { from: 'compose' });

// Small inputs of our own in the shapes of public systems the fixtures do not hold.
describe('recognising datastores, brokers and gateways beyond the image name', () => {
  it('eShopOnContainers shape: SQL Server by its image, one database per service by ADO.NET strings', () => {
    const { model, report } = compose(`services:
  sqldata:
    image: mcr.microsoft.com/mssql/server:2019-latest
    environment: [SA_PASSWORD=Pass@word, ACCEPT_EULA=Y]
  basketdata:
    image: redis:alpine
  catalog-api:
    build: ./catalog
    environment:
      - ConnectionString=Server=sqldata;Database=Microsoft.eShopOnContainers.Services.CatalogDb;User Id=sa;Password=Pass@word
  ordering-api:
    build: ./ordering
    depends_on: [sqldata]
    environment:
      - ConnectionString=Server=sqldata;Database=Microsoft.eShopOnContainers.Services.OrderingDb;User Id=sa
  ordering-backgroundtasks:
    build: ./ordering-bg
    environment:
      - ConnectionString=Server=sqldata;Database=Microsoft.eShopOnContainers.Services.OrderingDb;User Id=sa
  basket-api:
    build: ./basket
    environment: [ConnectionString=basketdata]
`);
    expect(parseModel(model).ok).toBe(true);
    expect(nodeNamed(model, 'sqldata')).toMatchObject({
      kind: 'datastore',
      engine: 'other',
      description: 'SQL Server',
    });
    expect(edgeList(model)).toEqual([
      'basket-api -data-> basketdata',
      'catalog-api -data-> Microsoft.eShopOnContainers.Services.CatalogDb',
      'ordering-api -data-> Microsoft.eShopOnContainers.Services.OrderingDb',
      'ordering-backgroundtasks -data-> Microsoft.eShopOnContainers.Services.OrderingDb',
    ]);
    // Never the host read as a database, nor the database read as a host.
    expect(report.unmapped.some((item) => item.message.includes('host "microsoft.'))).toBe(false);
    const decision = report.guesses.find((item) =>
      item.message.startsWith('Microsoft.eShopOnContainers.Services.OrderingDb: database'),
    );
    expect(decision?.message).toContain('decided by the database name');
    expect(decision?.source).toMatchObject({ path: 'docker-compose.yml', line: 15 });
    expect(report.guesses.some((item) => /^sqldata: a database server holding/.test(item.message))).toBe(
      true,
    );
  });

  it('FTGO shape: a built MySQL by port and server env, per-service schemas by JDBC URLs', () => {
    const { model, report } = compose(`services:
  mysql:
    build: ./mysql
    ports: ["3306:3306"]
    environment: { MYSQL_ROOT_PASSWORD: rootpassword, MYSQL_USER: mysqluser }
  ftgo-order-service:
    build: ./ftgo-order-service
    environment:
      SPRING_DATASOURCE_URL: jdbc:mysql://mysql/ftgo_order_service
  ftgo-consumer-service:
    build: ./ftgo-consumer-service
    environment:
      SPRING_DATASOURCE_URL: jdbc:mysql://mysql/ftgo_consumer_service
  ftgo-accounting-service:
    build: ./ftgo-accounting-service
    environment:
      SPRING_DATASOURCE_URL: jdbc:mysql://mysql:3306/ftgo_order_service
`);
    expect(nodeNamed(model, 'mysql')).toMatchObject({ kind: 'datastore', engine: 'mysql' });
    expect(
      report.guesses.find((item) => item.message.startsWith('mysql: env MYSQL_ROOT_PASSWORD'))?.source,
    ).toMatchObject({ line: 5 });
    // A database named ftgo_order_service would collide with ftgo-order-service in every export:
    // the server's name tells them apart. Two services naming one database share it.
    expect(edgeList(model)).toEqual([
      'ftgo-accounting-service -data-> ftgo_order_service (mysql)',
      'ftgo-consumer-service -data-> ftgo_consumer_service (mysql)',
      'ftgo-order-service -data-> ftgo_order_service (mysql)',
    ]);
    expect(nodeNamed(model, 'ftgo_consumer_service (mysql)')).toMatchObject({
      kind: 'datastore',
      engine: 'mysql',
      description: 'database ftgo_consumer_service on server mysql',
    });
  });

  it('DeathStarBench shape: memcached and a client that names it by host:port', () => {
    const { model } = compose(`services:
  user-memcached:
    image: memcached
  url-shorten-memcached:
    image: memcached:1.6
  user-service:
    image: deathstarbench/social-network-microservices
    command: ["UserService"]
    environment: { MEMCACHED: "user-memcached:11211" }
  cache:
    image: example/cache-build
    expose: ["11211"]
`);
    expect(names(model, 'datastore')).toEqual(['cache', 'url-shorten-memcached', 'user-memcached']);
    expect(nodeNamed(model, 'user-memcached')).toMatchObject({ engine: 'other', description: 'memcached' });
    expect(edgeList(model)).toEqual(['user-service -data-> user-memcached']);
  });

  it('DynamoDB Local, ActiveMQ by tcp://…:61616, Kafka bootstrap lists, gateways by product', () => {
    const { model } = compose(`services:
  dynamo:
    image: amazon/dynamodb-local
  activemq:
    build: ./activemq
    expose: ["61616"]
  kafka-1: { image: confluentinc/cp-kafka }
  kafka-2: { image: confluentinc/cp-kafka }
  orders:
    build: ./orders
    environment:
      AWS_ENDPOINT: http://dynamo:8000
      BROKER_URL: tcp://activemq:61616
      KAFKA_BOOTSTRAP_SERVERS: kafka-1:9092,kafka-2:9092
  edge:
    image: openresty/openresty:alpine
    ports: ["80:80"]
    depends_on: [orders]
  webshoppingapigw:
    build: ./ApiGateways/Envoy
    ports: ["5202:80"]
`);
    expect(nodeNamed(model, 'dynamo')).toMatchObject({ kind: 'datastore', engine: 'dynamodb' });
    expect(nodeNamed(model, 'activemq')).toMatchObject({
      kind: 'topic',
      broker: 'other',
      description: 'ActiveMQ broker',
    });
    expect(nodeNamed(model, 'edge')).toMatchObject({ kind: 'gateway', product: 'openresty' });
    expect(nodeNamed(model, 'webshoppingapigw')).toMatchObject({ kind: 'gateway' });
    const edges = edgeList(model);
    expect(edges).toContain('orders -data-> dynamo');
    expect(edges.filter((edge) => edge.startsWith('orders -publish->'))).toEqual([
      'orders -publish-> activemq',
      'orders -publish-> kafka-1',
      'orders -publish-> kafka-2',
    ]);
    expect(edges).not.toContain('orders -sync-> activemq');
  });

  it('a built broker that declares no port is known by how callers reach it: ActiveMQ on 61616', () => {
    const { model, report } = compose(`services:
  activemq:
    build: ./activemq
  orders:
    build: ./orders
    environment: { BROKER_URL: "tcp://activemq:61616" }
`);
    expect(nodeNamed(model, 'activemq')).toMatchObject({ kind: 'topic', broker: 'other' });
    expect(edgeList(model)).toEqual(['orders -publish-> activemq']);
    expect(report.guesses.some((item) => item.message.includes('callers reach it on port 61616'))).toBe(true);
  });

  it('a client of a database is not the database: MYSQL_HOST and POSTGRES_USER are a client’s', () => {
    const { model } = compose(`services:
  catalogue:
    build: ./catalogue
    environment: { MYSQL_HOST: catalogue-db, MYSQL_USER: app, POSTGRES_USER: app }
    ports: ["8080:80"]
  catalogue-db:
    image: mysql:8
`);
    expect(nodeNamed(model, 'catalogue')).toMatchObject({ kind: 'service' });
    expect(edgeList(model)).toEqual(['catalogue -data-> catalogue-db']);
  });
});
