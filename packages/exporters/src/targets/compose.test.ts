import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { allModels, ecommerceTemplate, exportedYaml } from '../test-support.js';

const require = createRequire(import.meta.url);
// The compose-spec schema as the dclint package ships it (no download at test time).
// Its exports map hides the folder, so the path is found from its package.json.
const dclint = dirname(require.resolve('dclint/package.json'));
const schema = JSON.parse(readFileSync(join(dclint, 'schemas/compose.schema.json'), 'utf8'));
// It names draft-07 by an https URI Ajv does not know; Ajv's default dialect is draft-07 anyway.
delete schema.$schema;
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

interface ComposeFile {
  services: Record<string, { depends_on?: Record<string, unknown>; environment?: Record<string, string> }>;
}

async function composeOf(model: Parameters<typeof exportedYaml>[0]): Promise<ComposeFile> {
  const [file] = await exportedYaml(model, 'compose');
  expect(file?.path).toBe('docker-compose.yml');
  return file?.value as ComposeFile;
}

describe.each(allModels())('docker-compose.yml of $name', ({ model, path }) => {
  it.skipIf(model === undefined)(`is valid by the compose-spec schema (${path})`, async () => {
    if (model === undefined) return;
    const compose = await composeOf(model);
    expect(validate(compose), JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
  });

  it.skipIf(model === undefined)('depends only on services it defines, without cycles', async () => {
    if (model === undefined) return;
    const { services } = await composeOf(model);
    const names = new Set(Object.keys(services));
    for (const [name, service] of Object.entries(services)) {
      for (const dependency of Object.keys(service.depends_on ?? {})) {
        expect(names.has(dependency), `${name} depends on ${dependency}`).toBe(true);
      }
    }
    // Kahn's algorithm: a graph with a cycle leaves services behind.
    const remaining = new Map(
      Object.entries(services).map(([name, service]) => [
        name,
        new Set(Object.keys(service.depends_on ?? {})),
      ]),
    );
    let progress = true;
    while (progress) {
      progress = false;
      for (const [name, dependencies] of remaining) {
        if ([...dependencies].every((dependency) => !remaining.has(dependency))) {
          remaining.delete(name);
          progress = true;
        }
      }
    }
    expect([...remaining.keys()]).toEqual([]);
  });
});

describe('docker-compose.yml of the e-commerce template', () => {
  it('runs each datastore and broker with its usual image, wired into the services', async () => {
    const { services } = (await composeOf(ecommerceTemplate())) as unknown as {
      services: Record<string, { image: string; environment?: Record<string, string> }>;
    };
    expect(services['orders-database']?.image).toMatch(/^postgres:/);
    expect(services['cart-store']?.image).toMatch(/^redis:/);
    expect(services.kafka?.image).toMatch(/kafka/);
    expect(services['order-service']?.environment).toMatchObject({
      PAYMENT_SERVICE_URL: 'http://payment-service:8080',
      ORDERS_DATABASE_URL: 'postgres://orders-database:5432',
      KAFKA_BROKERS: 'kafka:9092',
    });
  });

  it('the schema check does reject a malformed file', () => {
    expect(validate({ services: { x: { image: 1, depends_on: 'y' } } })).toBe(false);
  });
});
