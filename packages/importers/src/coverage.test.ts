import { describe, expect, it } from 'vitest';
import { coverageLines } from './coverage.js';
import { importModel } from './index.js';

describe('coverage at the end of every import report', () => {
  it('counts services without callers or callees, and edges stated against edges guessed', () => {
    const { report } = importModel(
      {
        files: [
          {
            path: 'docker-compose.yml',
            text: `services:
  web:
    build: ./web
    ports: ["80:80"]
    environment: { ORDERS_URL: "http://orders:8080" }
  orders:
    build: ./orders
  orders-db:
    image: postgres:16
  rabbit:
    image: rabbitmq:3
  mailer:
    build: ./mailer
    environment: { AMQP: "amqp://rabbit" }
  lonely:
    build: ./lonely
`,
          },
        ],
      },
      { from: 'compose' },
    );
    // web → orders is stated; orders → orders-db is paired by name; mailer → rabbit's direction is a guess.
    expect(report.coverage).toEqual({
      services: 4,
      withoutCallers: 3,
      withoutCallees: 1,
      unconnected: 1,
      unconnectedNames: ['lonely'],
      edges: { total: 3, fromEvidence: 1, guessed: 2 },
      sources: [
        { source: 'traces', adds: expect.stringContaining('a check of 2 guessed edges') },
        { source: 'api-documents', adds: expect.stringContaining('(AsyncAPI)') },
        { source: 'manifests', adds: expect.stringContaining('readiness probes') },
      ],
    });
  });

  it('an API document asks for deployment files and traces', () => {
    const { report } = importModel({
      files: [
        {
          path: 'openapi.yaml',
          text: 'openapi: 3.0.3\ninfo: { title: Orders, version: "1" }\npaths:\n  /v1/orders:\n    get:\n      responses: { "200": { description: ok } }\n',
        },
      ],
    });
    expect(report.coverage?.services).toBe(1);
    expect(report.coverage?.sources.map((source) => source.source)).toEqual(['manifests', 'traces']);
  });

  it('in words, for the CLI and the editor', () => {
    expect(
      coverageLines({
        services: 25,
        withoutCallers: 3,
        withoutCallees: 1,
        unconnected: 22,
        unconnectedNames: ['a', 'b'],
        edges: { total: 1, fromEvidence: 0, guessed: 1 },
        sources: [{ source: 'api-documents', adds: 'operations' }],
      }),
    ).toEqual([
      'Coverage: 25 services.',
      '3 with no known callers, 1 with no known callees; 22 joined to nothing (a, b, …).',
      '1 edge: 0 read from the files, 1 guessed.',
      'What would add the rest:',
      '  API documents: operations',
    ]);
  });
});
