import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DestinationRule } from '@kubernetes-models/istio/networking.istio.io/v1/DestinationRule';
import { VirtualService } from '@kubernetes-models/istio/networking.istio.io/v1/VirtualService';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Service } from 'kubernetes-models/v1/Service';
import { describe, expect, it } from 'vitest';
import { allModels, ecommerceTemplate, exportedTexts, exportedYaml, fixtures } from '../test-support.js';

interface Validatable {
  validate(): void;
}
type Constructor = new (data: never) => Validatable;

const KINDS: Record<string, Constructor> = {
  'v1/Namespace': Namespace,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'networking.k8s.io/v1/Ingress': Ingress,
  'networking.istio.io/v1/VirtualService': VirtualService,
  'networking.istio.io/v1/DestinationRule': DestinationRule,
};

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  spec?: Record<string, unknown>;
}

function validateAll(values: { path: string; value: unknown }[]): Manifest[] {
  const manifests: Manifest[] = [];
  for (const { path, value } of values) {
    const manifest = value as Manifest;
    if (manifest.kind === 'Kustomization') continue;
    const Model = KINDS[`${manifest.apiVersion}/${manifest.kind}`];
    expect(Model, `${path}: ${manifest.apiVersion} ${manifest.kind}`).toBeDefined();
    if (Model === undefined) continue;
    expect(() => new Model(manifest as never).validate(), `${path}: ${manifest.kind}`).not.toThrow();
    manifests.push(manifest);
  }
  return manifests;
}

function kubectlAvailable(): boolean {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe.each(allModels())('Kubernetes and Istio of $name', ({ model, path }) => {
  it.skipIf(model === undefined)(`every object passes kubernetes-models validate() (${path})`, async () => {
    if (model === undefined) return;
    const manifests = validateAll(await exportedYaml(model, 'kubernetes'));
    const services = model.nodes.filter((node) => node.kind === 'service').length;
    const count = (kind: string) => manifests.filter((m) => m.kind === kind).length;
    expect(count('Namespace')).toBe(1);
    expect(count('Deployment')).toBe(services);
    expect(count('Service')).toBe(services);
    expect(count('NetworkPolicy')).toBe(services);
  });

  it.skipIf(model === undefined)(
    'every Istio object passes @kubernetes-models/istio validate()',
    async () => {
      if (model === undefined) return;
      validateAll(await exportedYaml(model, 'istio'));
    },
  );

  it.skipIf(model === undefined || !kubectlAvailable())(
    'kubectl kustomize builds the k8s folder',
    async () => {
      if (model === undefined) return;
      const root = mkdtempSync(join(tmpdir(), 'meshplan-k8s-'));
      try {
        for (const file of await exportedTexts(model, 'kubernetes')) {
          mkdirSync(dirname(join(root, file.path)), { recursive: true });
          writeFileSync(join(root, file.path), file.text);
        }
        const output = execFileSync('kubectl', ['kustomize', join(root, 'k8s')], { encoding: 'utf8' });
        const services = model.nodes.filter((node) => node.kind === 'service').length;
        expect(output.match(/^kind: Deployment$/gm)).toHaveLength(services);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  );
});

const ecommerceManifests = (await exportedYaml(ecommerceTemplate(), 'kubernetes')).map(
  ({ value }) => value as Manifest,
);
const ecommerceIstio = (await exportedYaml(ecommerceTemplate(), 'istio')).map(
  ({ value }) => value as Manifest,
);

describe('Kubernetes of the e-commerce template', () => {
  const manifests = ecommerceManifests;
  const find = (kind: string, name: string) =>
    manifests.find((m) => m.kind === kind && m.metadata.name === name) as Manifest;

  it('wires each callee URL, datastore and broker into the environment', () => {
    const deployment = find('Deployment', 'order-service') as unknown as {
      spec: { template: { spec: { containers: { env: { name: string; value: string }[] }[] } } };
    };
    const env = Object.fromEntries(
      deployment.spec.template.spec.containers[0]?.env.map((v) => [v.name, v.value]) ?? [],
    );
    expect(env).toMatchObject({
      PAYMENT_SERVICE_URL: 'http://payment-service.ecommerce.svc:8080',
      INVENTORY_SERVICE_URL: 'http://inventory-service.ecommerce.svc:8080',
      ORDERS_DATABASE_URL: 'postgres://orders-database.ecommerce.svc:5432',
      KAFKA_BROKERS: 'kafka.ecommerce.svc:9092',
    });
  });

  it('admits ingress only from drawn callers', () => {
    const policy = find('NetworkPolicy', 'payment-service');
    expect(JSON.stringify(policy.spec)).toContain('"order-service"');
    expect(JSON.stringify(policy.spec)).not.toContain('"cart-service"');
    // Nobody calls the search service but the gateway.
    const search = find('NetworkPolicy', 'search-service');
    expect(JSON.stringify(search.spec)).toContain('"api-gateway"');
  });

  it('adds a disruption budget from two replicas, an Ingress for the gateway routes', () => {
    expect(find('PodDisruptionBudget', 'order-service')).toBeDefined();
    const ingress = find('Ingress', 'api-gateway');
    expect(JSON.stringify(ingress.spec)).toContain('/v1/orders');
  });

  it('lists every manifest in the kustomization', async () => {
    const texts = await exportedTexts(ecommerceTemplate(), 'kubernetes');
    const kustomization = (await exportedYaml(ecommerceTemplate(), 'kubernetes')).find(
      ({ path }) => path === 'k8s/kustomization.yaml',
    )?.value as { resources: string[] };
    expect(kustomization.resources.map((r) => `k8s/${r}`).sort()).toEqual(
      texts.map((t) => t.path).filter((p) => p !== 'k8s/kustomization.yaml'),
    );
  });

  // The shared example is the model that asks for an autoscaler; without ../shared this is skipped
  // (and counted so), never passed without running.
  const sharedExample = fixtures()[2]?.model;
  it.skipIf(sharedExample === undefined)(
    `adds an autoscaler where the model asks for one${sharedExample === undefined ? ' (skipped: ../shared is missing)' : ''}`,
    async () => {
      if (sharedExample === undefined) return;
      const kinds = (await exportedYaml(sharedExample, 'kubernetes')).map(
        ({ value }) => (value as Manifest).kind,
      );
      expect(kinds).toContain('HorizontalPodAutoscaler');
    },
  );
});

describe('Istio of the e-commerce template', () => {
  const manifests = ecommerceIstio;

  it('turns the caller edge resilience into timeouts, retries and outlier detection', () => {
    const virtualService = manifests.find(
      (m) => m.kind === 'VirtualService' && m.metadata.name === 'payment-service',
    );
    expect(JSON.stringify(virtualService?.spec)).toContain('"timeout":"2000ms"');
    expect(JSON.stringify(virtualService?.spec)).toContain('"attempts":2');
    const rule = manifests.find((m) => m.kind === 'DestinationRule' && m.metadata.name === 'payment-service');
    expect(rule?.spec).toHaveProperty('trafficPolicy.outlierDetection');
  });
});

describe('the kubernetes-models check', () => {
  it('does reject a malformed object', () => {
    const broken = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'x' },
      spec: { replicas: 'two' },
    };
    expect(() => new Deployment(broken as never).validate()).toThrow();
  });
});
