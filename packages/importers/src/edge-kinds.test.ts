import { parseModel } from '@meshplan/model';
import { describe, expect, it } from 'vitest';
import { importModel } from './index.js';
import { edgeList, nodeNamed } from './test-support.js';

const compose = (text: string) =>
  importModel({ files: [{ path: 'docker-compose.yml', text }] }, { from: 'compose' });

describe('edge kinds from what the files say', () => {
  it('Robot Shop shape: payment publishes, dispatch consumes (by its name), both marked with their evidence', () => {
    const { model, report } = compose(`services:
  rabbitmq:
    image: rabbitmq:3.7-management-alpine
  payment:
    image: robotshop/rs-payment
    environment: { AMQP_HOST: rabbitmq }
  dispatch:
    image: robotshop/rs-dispatch
    environment: { AMQP_HOST: rabbitmq }
  orders:
    build: ./orders
    environment: { ORDER_QUEUE_URL: "amqp://rabbitmq/orders", EVENTS_PUBLISH_URL: "amqp://rabbitmq/events" }
  billing:
    build: ./billing
    environment: { KAFKA_CONSUMER_BOOTSTRAP: "kafka:9092" }
  catalog:
    build: ./catalog
    environment: { PRODUCT_EVENTS_KAFKA: "kafka:9092" }
  kafka:
    image: bitnami/kafka
    environment: { KAFKA_CFG_ZOOKEEPER_CONNECT: "zookeeper:2181" }
  zookeeper:
    image: bitnami/zookeeper
`);
    expect(parseModel(model).ok).toBe(true);
    expect(edgeList(model)).toEqual([
      'catalog -publish-> kafka',
      'kafka -subscribe-> billing',
      'orders -publish-> rabbitmq',
      'payment -publish-> rabbitmq',
      'rabbitmq -subscribe-> dispatch',
      // ORDER_QUEUE_URL consumes, EVENTS_PUBLISH_URL publishes: both edges.
      'rabbitmq -subscribe-> orders',
    ]);
    const message = (start: string) => report.guesses.find((item) => item.message.startsWith(start))?.message;
    expect(message('env AMQP_HOST=rabbitmq names rabbitmq: publish edge payment')).toContain(
      'a guess: nothing says whether it publishes or consumes',
    );
    expect(message('env AMQP_HOST=rabbitmq names rabbitmq: subscribe edge rabbitmq → dispatch')).toContain(
      'the name dispatch reads as a consumer',
    );
    expect(message('env KAFKA_CONSUMER_BOOTSTRAP')).toContain('consumes: variable KAFKA_CONSUMER_BOOTSTRAP');
    // PRODUCT_… names a product, not a producer: the direction stays a guess.
    expect(message('env PRODUCT_EVENTS_KAFKA')).toContain('a guess: nothing says');
    // kafka → zookeeper: kept as the broker's infrastructure, not dropped.
    expect(nodeNamed(model, 'kafka')).toMatchObject({ kind: 'topic', description: 'needs zookeeper' });
    expect(
      report.guesses.some((item) => item.message.includes('zookeeper is infrastructure of the broker kafka')),
    ).toBe(true);
  });

  it('tracing, metrics and health-check targets are the caller’s observability, not business calls', () => {
    const { model, report } = compose(`services:
  jaeger-agent:
    image: jaegertracing/jaeger-agent
  otel-collector:
    image: otel/opentelemetry-collector-contrib
  admin-server:
    build: ./admin
  orders:
    build: ./orders
    environment:
      JAEGER_AGENT_HOST: jaeger-agent
      OTEL_EXPORTER_OTLP_ENDPOINT: http://otel-collector:4317
      SPRING_BOOT_ADMIN_CLIENT_URL: http://admin-server:9090
      ZIPKIN_URL: http://zipkin.tracing.svc:9411
      PAYMENTS_URL: http://payments:8080
  payments:
    build: ./payments
  webstatus:
    build: ./webstatus
    environment:
      - HealthChecksUI__HealthChecks__0__Uri=http://orders/hc
      - HealthChecksUI__HealthChecks__1__Uri=http://payments/hc
`);
    expect(edgeList(model)).toEqual(['orders -sync-> payments']);
    expect(nodeNamed(model, 'orders')).toMatchObject({ observability: { tracing: true, metrics: true } });
    expect(nodeNamed(model, 'webstatus')).not.toHaveProperty('observability');
    expect(
      report.guesses.filter((item) =>
        item.message.includes('a health-check URL, a monitoring call of webstatus'),
      ),
    ).toHaveLength(2);
    expect(report.unmapped.some((item) => item.message.includes('zipkin.tracing.svc'))).toBe(false);
  });

  it('names that only contain a monitoring word are business: hotel-service is no otel collector', () => {
    const { model } = compose(`services:
  hotel-service:
    build: ./hotel
  booking:
    build: ./booking
    environment: { HOTEL_URL: "http://hotel-service:8080", HOTEL_SERVICE_HOST: hotel-service }
`);
    expect(edgeList(model)).toEqual(['booking -sync-> hotel-service']);
    expect(nodeNamed(model, 'booking')).not.toHaveProperty('observability');
  });

  it('a host name that several containers answer to is reported as ambiguous', () => {
    const { report } = compose(`services:
  api-a:
    build: ./a
    networks: { default: { aliases: [api] } }
  api-b:
    build: ./b
    networks: { default: { aliases: [api] } }
  web:
    build: ./web
    environment: { API_URL: "http://api:80" }
`);
    expect(report.unmapped).toContainEqual({
      message:
        'host name api is ambiguous: both api-a and api-b answer to it; calls to it are drawn to api-a',
      source: expect.objectContaining({ path: 'docker-compose.yml', line: 7 }),
    });
  });
});
