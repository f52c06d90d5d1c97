import { describe, expect, it } from 'vitest';
import { importModel } from './index.js';
import { durationMs } from './mesh.js';

const deployment = (name: string, env = '') => `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: shop }
spec:
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec:
      containers:
        - name: ${name}
          image: shop/${name}:1
          ports: [{ containerPort: 8080 }]${env}
---
apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: shop }
spec:
  selector: { app: ${name} }
  ports: [{ port: 8080 }]
`;

const calls = (targets: string[]) =>
  `\n          env:\n${targets.map((target) => `            - { name: ${target.toUpperCase()}_URL, value: "http://${target}:8080" }`).join('\n')}`;

describe('service-mesh resources set the resilience of the calls they govern', () => {
  it('Istio VirtualService timeouts and retries, DestinationRule outlier detection; Linkerd route timeouts', () => {
    const files = [
      { path: 'frontend.yaml', text: deployment('frontend', calls(['reviews', 'ratings', 'details'])) },
      { path: 'reviews.yaml', text: deployment('reviews', calls(['ratings'])) },
      { path: 'ratings.yaml', text: deployment('ratings') },
      { path: 'details.yaml', text: deployment('details') },
      {
        path: 'istio.yaml',
        text: `apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata: { name: ratings, namespace: shop }
spec:
  hosts: [ratings]
  http:
    - route: [{ destination: { host: ratings } }]
      timeout: 1.5s
      retries: { attempts: 3, perTryTimeout: 500ms }
---
apiVersion: networking.istio.io/v1beta1
kind: DestinationRule
metadata: { name: ratings, namespace: shop }
spec:
  host: ratings.shop.svc.cluster.local
  trafficPolicy:
    outlierDetection: { consecutive5xxErrors: 5, interval: 10s }
---
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata: { name: payments, namespace: shop }
spec:
  hosts: [payments]
  http: [{ timeout: 2s }]
---
apiVersion: linkerd.io/v1alpha2
kind: ServiceProfile
metadata: { name: details.shop.svc.cluster.local, namespace: shop }
spec:
  routes:
    - { name: GET /details, condition: { method: GET }, timeout: 300ms }
    - { name: POST /details, condition: { method: POST }, timeout: 2s }
  retryBudget: { retryRatio: 0.2, minRetriesPerSecond: 10, ttl: 10s }
`,
      },
    ];
    const { model, report } = importModel({ files }, { from: 'k8s' });
    const resilience = (from: string, to: string) =>
      model.edges.find((edge) => edge.from === from && edge.to === to && edge.kind === 'sync');
    expect(resilience('frontend', 'ratings')).toMatchObject({
      resilience: { timeoutMs: 1500, retries: 3, circuitBreaker: true },
    });
    expect(resilience('reviews', 'ratings')).toMatchObject({
      resilience: { timeoutMs: 1500, retries: 3, circuitBreaker: true },
    });
    expect(resilience('frontend', 'details')).toMatchObject({ resilience: { timeoutMs: 2000 } });
    expect(resilience('frontend', 'reviews')).not.toHaveProperty('resilience');
    expect(report.guesses).toContainEqual({
      message: 'VirtualService ratings: timeout 1.5s, 3 retries on the 2 calls into ratings',
      source: expect.objectContaining({ path: 'istio.yaml', line: 5 }),
    });
    expect(report.unmapped.some((item) => item.message.includes('host payments names no workload'))).toBe(
      true,
    );
    expect(report.unmapped.some((item) => item.message.includes('retry budget'))).toBe(true);
    // Mesh resources are read, not reported as unmapped kinds.
    expect(report.unmapped.some((item) => /VirtualService \S+ is not mapped/.test(item.message))).toBe(false);
  });

  it.each([
    ['10s', 10_000],
    ['1.5s', 1500],
    ['250ms', 250],
    ['1m', 60_000],
    ['0s', undefined],
    ['10', undefined],
    ['-1s', undefined],
    ['99999h', undefined],
  ])('duration %s → %s ms', (text, expected) => {
    expect(durationMs(text)).toBe(expected);
  });
});
