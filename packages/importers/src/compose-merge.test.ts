// biome-ignore-all lint/suspicious/noTemplateCurlyInString: compose templates (`${VAR}`) are the data under test
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeService, normalizeService } from './compose-merge.js';
import { importModel } from './index.js';
import { edgeList, nodeNamed } from './test-support.js';
import type { ImportFile } from './types.js';

const merge = (base: Record<string, unknown>, override: Record<string, unknown>) =>
  mergeService(normalizeService(base), normalizeService(override));

// Cases written from the text of the Compose specification's "Merge" section.
describe('compose merge rules', () => {
  it('mappings merge key by key, the later file winning', () => {
    expect(merge({ key1: 'value1', key2: 'value2' }, { key2: 'VALUE', key3: 'value3' })).toEqual({
      key1: 'value1',
      key2: 'VALUE',
      key3: 'value3',
    });
  });

  it('sequences append', () => {
    expect(merge({ dns: ['1.1.1.1'] }, { dns: ['8.8.8.8'] })).toEqual({ dns: ['1.1.1.1', '8.8.8.8'] });
    expect(merge({ expose: ['80'] }, { expose: ['80', '443'] })).toEqual({ expose: ['80', '443'] });
  });

  it('command, entrypoint and healthcheck.test are replaced', () => {
    expect(merge({ command: ['echo', 'foo'] }, { command: ['echo', 'bar'] })).toEqual({
      command: ['echo', 'bar'],
    });
    expect(merge({ entrypoint: ['a', 'b'] }, { entrypoint: ['c'] })).toEqual({ entrypoint: ['c'] });
    expect(
      merge({ healthcheck: { test: ['CMD', 'a'], interval: '5s' } }, { healthcheck: { test: ['CMD', 'b'] } }),
    ).toEqual({ healthcheck: { test: ['CMD', 'b'], interval: '5s' } });
  });

  it('volumes keep one entry per target, ports one per ip/target/published/protocol', () => {
    expect(merge({ volumes: ['foo:/work'] }, { volumes: ['bar:/work'] })).toEqual({ volumes: ['bar:/work'] });
    expect(merge({ ports: ['8080:80'] }, { ports: ['8080:80', '8443:443'] })).toEqual({
      ports: ['8080:80', '8443:443'],
    });
    expect(merge({ ports: ['80'] }, { ports: ['80/udp'] })).toEqual({ ports: ['80', '80/udp'] });
    expect(merge({ ports: [{ target: 80, published: 8080 }] }, { ports: ['8080:80'] })).toEqual({
      ports: ['8080:80'],
    });
  });

  it('environment, labels and depends_on merge by key whatever their form', () => {
    expect(
      merge(
        { environment: ['A=1', 'B=2'], labels: { x: '1' }, depends_on: ['db'] },
        {
          environment: { B: '3', C: '4' },
          labels: ['y=2'],
          depends_on: { cache: { condition: 'service_healthy' } },
        },
      ),
    ).toEqual({
      environment: { A: '1', B: '3', C: '4' },
      labels: { x: '1', y: '2' },
      depends_on: { db: { condition: 'service_started' }, cache: { condition: 'service_healthy' } },
    });
  });

  const scalar = fc.oneof(fc.string(), fc.integer(), fc.boolean());
  const key = fc.constantFrom('image', 'hostname', 'restart', 'user', 'working_dir');
  const service = fc.dictionary(key, scalar);
  const environment = fc.dictionary(fc.stringMatching(/^[A-Z_]{1,6}$/), fc.string());

  it('property: merging nothing, or a definition onto itself, changes nothing', () => {
    fc.assert(
      fc.property(service, environment, (spec, env) => {
        const full = { ...spec, environment: env, expose: ['80'] };
        expect(mergeService(full, {})).toEqual(full);
        expect(mergeService({}, full)).toEqual(full);
        expect(mergeService(full, full)).toEqual(full);
      }),
    );
  });

  it('property: scalars of the later file win; environment merges like Object.assign', () => {
    fc.assert(
      fc.property(service, service, environment, environment, (base, override, baseEnv, overrideEnv) => {
        const merged = mergeService(
          { ...base, environment: baseEnv },
          { ...override, environment: overrideEnv },
        );
        expect(merged).toEqual({
          ...base,
          ...override,
          environment: { ...baseEnv, ...overrideEnv },
        });
      }),
    );
  });
});

const files = (entries: Record<string, string>): ImportFile[] =>
  Object.entries(entries).map(([path, text]) => ({ path, text }));

describe('compose projects: override files, -f order, extends, include, .env', () => {
  // An eShopOnContainers-like pair: images and ports in the base file, connection strings in the override.
  const base = `services:
  sqldata:
    image: mcr.microsoft.com/mssql/server:2019-latest
  ordering-api:
    image: \${REGISTRY:-eshop}/ordering.api:\${TAG:-latest}
    build:
      context: .
    depends_on:
      - sqldata
  basket-api:
    image: eshop/basket.api
    ports: ["5103:80"]
  webspa:
    image: eshop/webspa
    depends_on: [basket-api]
`;
  const override = `services:
  sqldata:
    environment:
      - SA_PASSWORD=Pass@word
    ports:
      - "5433:1433"
  ordering-api:
    environment:
      - ConnectionString=\${ESHOP_AZURE_ORDERING_DB:-Server=sqldata;Database=Microsoft.eShopOnContainers.Services.OrderingDb;User Id=sa}
      - EventBusConnection=\${ESHOP_AZURE_SERVICE_BUS:-rabbitmq}
    ports:
      - "5102:80"
  basket-api:
    ports: ["5103:80", "5104:81"]
`;

  it('merges docker-compose.override.yml onto docker-compose.yml, though it sorts first', () => {
    const { model, report } = importModel({
      files: files({ 'src/docker-compose.override.yml': override, 'src/docker-compose.yml': base }),
    });
    expect(report.unmapped.some((item) => /defined again/.test(item.message))).toBe(false);
    // The base file's image and the override's environment are both there.
    expect(nodeNamed(model, 'ordering-api')).toMatchObject({
      kind: 'service',
      runtime: {
        image: 'eshop/ordering.api:latest',
        port: 80,
        env: {
          ConnectionString:
            'Server=sqldata;Database=Microsoft.eShopOnContainers.Services.OrderingDb;User Id=sa',
        },
      },
    });
    expect(nodeNamed(model, 'basket-api')).toMatchObject({
      runtime: { image: 'eshop/basket.api', port: 80 },
    });
    expect(edgeList(model).filter((edge) => edge.startsWith('ordering-api '))).toEqual([
      'ordering-api -data-> sqldata',
    ]);
    // A setting is located in the file that wrote it last.
    const connection = report.guesses.find((item) => item.message.includes('ConnectionString'));
    expect(connection?.source).toMatchObject({ path: 'src/docker-compose.override.yml', line: 9 });
    const dependsOn = report.guesses.find((item) => item.message.startsWith('depends_on basket-api'));
    expect(dependsOn?.source).toMatchObject({ path: 'src/docker-compose.yml', line: 15 });
  });

  it('leaves out the folder’s other compose files, as docker compose does without -f, and says so', () => {
    const { model, report } = importModel({
      files: files({
        'docker-compose.override.yml': override,
        'docker-compose.prod.yml': 'services:\n  prod-only:\n    image: x\n',
        'docker-compose.yml': base,
      }),
    });
    expect(nodeNamed(model, 'prod-only')).toBeUndefined();
    expect(report.unmapped).toContainEqual({
      message: expect.stringContaining(
        'docker compose reads docker-compose.prod.yml only when named with -f',
      ),
      source: { path: 'docker-compose.prod.yml' },
    });
  });

  it('with files named one by one (-f), merges every file given, in that order', () => {
    const { model, report } = importModel(
      {
        files: [
          { path: 'docker-compose.yml', text: base },
          {
            path: 'docker-compose.prod.yml',
            text: 'services:\n  basket-api:\n    image: eshop/basket.api:prod\n',
          },
        ],
      },
      { filesAsGiven: true },
    );
    expect(nodeNamed(model, 'basket-api')).toMatchObject({ runtime: { image: 'eshop/basket.api:prod' } });
    expect(report.unmapped.some((item) => item.message.startsWith('skipped'))).toBe(false);
  });

  it('merges other files in the order given (-f order): the later wins', () => {
    const first = 'services:\n  web:\n    image: web:1\n    environment: { MODE: a, KEEP: yes }\n';
    const second = 'services:\n  web:\n    image: web:2\n    environment: { MODE: b }\n';
    const forward = importModel({ files: files({ 'a.yml': first, 'b.yml': second }) }, { from: 'compose' });
    expect(nodeNamed(forward.model, 'web')).toMatchObject({
      runtime: { image: 'web:2', env: { MODE: 'b', KEEP: 'yes' } },
    });
    const backward = importModel(
      {
        files: [
          { path: 'b.yml', text: second },
          { path: 'a.yml', text: first },
        ],
      },
      { from: 'compose' },
    );
    expect(nodeNamed(backward.model, 'web')).toMatchObject({
      runtime: { image: 'web:1', env: { MODE: 'a' } },
    });
  });

  it('!reset removes and !override replaces', () => {
    const { model } = importModel({
      files: files({
        'compose.yaml':
          'services:\n  app:\n    image: myapp\n    ports: ["8080:80"]\n    environment: { FOO: BAR, KEEP: x }\n',
        'compose.override.yaml':
          'services:\n  app:\n    ports: !override ["8443:443"]\n    environment:\n      FOO: !reset null\n',
      }),
    });
    expect(nodeNamed(model, 'app')).toMatchObject({ runtime: { port: 443, env: { KEEP: 'x' } } });
    const app = nodeNamed(model, 'app');
    expect(app?.kind === 'service' && app.runtime?.env).toEqual({ KEEP: 'x' });
  });

  it('follows extends in the same file and in another file', () => {
    const { model, report } = importModel({
      files: files({
        'common.yml':
          'services:\n  java:\n    environment: { JAVA_OPTS: -Xmx256m, CONFIG_URL: "http://config:8888" }\n',
        'docker-compose.yml': `services:
  config:
    build: ./config
  base:
    image: app
    environment: { LOG: info }
  orders:
    extends: { file: common.yml, service: java }
    build: ./orders
  payments:
    extends: base
    environment: { LOG: debug }
  broken:
    extends: { file: missing.yml, service: java }
    image: other
`,
      }),
    });
    expect(nodeNamed(model, 'orders')).toMatchObject({
      runtime: { env: { JAVA_OPTS: '-Xmx256m', CONFIG_URL: 'http://config:8888' } },
    });
    expect(edgeList(model)).toContain('orders -sync-> config');
    expect(nodeNamed(model, 'payments')).toMatchObject({ runtime: { image: 'app', env: { LOG: 'debug' } } });
    // The inherited setting is located where it was written.
    expect(report.guesses.find((item) => item.message.includes('CONFIG_URL'))?.source.path).toBe(
      'common.yml',
    );
    // common.yml is read through extends, so it is not reported as skipped; the missing file is.
    expect(report.unmapped.some((item) => item.source.path === 'common.yml')).toBe(false);
    expect(report.unmapped).toContainEqual({
      message: expect.stringContaining('missing.yml is not among the files read'),
      source: expect.objectContaining({ path: 'docker-compose.yml', line: 14 }),
    });
  });

  it('stops at a cycle of extends', () => {
    const { report } = importModel({
      files: files({
        'compose.yaml': 'services:\n  a: { extends: b, image: a }\n  b: { extends: a, image: b }\n',
      }),
    });
    expect(report.unmapped.some((item) => /a cycle/.test(item.message))).toBe(true);
  });

  it('follows include, relative to the including file', () => {
    const { model, report } = importModel({
      files: files({
        'app/compose.yaml':
          'include:\n  - ../infra/compose.yaml\n  - path: [missing.yaml]\nservices:\n  web:\n    image: web\n    environment: { DB: "postgres://db:5432/app" }\n',
        'infra/compose.yaml': 'name: infra\nservices:\n  db:\n    image: postgres:16\n',
      }),
    });
    expect(edgeList(model)).toEqual(['web -data-> db']);
    // infra/compose.yaml is read once, through the include, not again as a project of its own
    // (whose name would then be the model's).
    expect(model.name).toBe('app');
    expect(report.unmapped).toContainEqual({
      message: expect.stringContaining('app/missing.yaml is not among the files read'),
      source: expect.objectContaining({ path: 'app/compose.yaml', line: 3 }),
    });
  });

  it('interpolates with the folder’s .env and reports what stays unresolved at file:line', () => {
    const { model, report } = importModel({
      files: files({
        '.env': 'DB_HOST=orders-db\nTAG=7\n',
        'docker-compose.yml': `services:
  orders:
    image: shop/orders:\${TAG}
    environment:
      DATABASE_URL: postgres://\${DB_HOST}:5432/orders
      PRICE: $$5
      SECRET: \${API_SECRET}
      TOKEN: \${API_TOKEN:?set it in .env}
  orders-db:
    image: postgres:\${PG_VERSION:-16}
`,
      }),
    });
    expect(nodeNamed(model, 'orders')).toMatchObject({
      runtime: {
        image: 'shop/orders:7',
        env: { DATABASE_URL: 'postgres://orders-db:5432/orders', PRICE: '$5', SECRET: '', TOKEN: '' },
      },
    });
    expect(edgeList(model)).toEqual(['orders -data-> orders-db']);
    expect(report.unmapped).toContainEqual({
      message: 'variable API_SECRET is not set (no .env value, no default): read as empty',
      source: expect.objectContaining({ path: 'docker-compose.yml', line: 7 }),
    });
    expect(report.unmapped).toContainEqual({
      message: 'required variable API_TOKEN is missing a value: set it in .env',
      source: expect.objectContaining({ path: 'docker-compose.yml', line: 8 }),
    });
    // The .env file is read, not skipped as another format.
    expect(report.unmapped.some((item) => item.source.path === '.env')).toBe(false);
  });

  it('hostile names stay data', () => {
    const { model } = importModel({
      files: files({
        'compose.yaml':
          'services:\n  "<script>":\n    image: x\n    environment: { __proto__: "${__proto__:-../x}" }\n',
      }),
    });
    expect(nodeNamed(model, '<script>')).toMatchObject({ runtime: { env: { __proto__: '../x' } } });
  });
});

describe('hostile interpolation', () => {
  it('refuses values that interpolation would grow past the budget, naming the place', () => {
    const big = 'x'.repeat(200_000);
    const uses = Array.from({ length: 60 }, (_, index) => `      V${index}: \${BIG}`).join('\n');
    expect(() =>
      importModel({
        files: [
          { path: '.env', text: `BIG=${big}\n` },
          { path: 'compose.yaml', text: `services:\n  web:\n    image: web\n    environment:\n${uses}\n` },
        ],
      }),
    ).toThrow(/compose\.yaml:\d+:\d+: interpolated values add up to more than [\d,]+ characters/);
  });
});
