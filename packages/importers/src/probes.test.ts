import { exportModel } from '@meshplan/exporters';
import { describe, expect, it } from 'vitest';
import { importModel } from './index.js';
import { nodeNamed } from './test-support.js';

const manifest = `apiVersion: apps/v1
kind: Deployment
metadata: { name: cart }
spec:
  selector: { matchLabels: { app: cart } }
  template:
    metadata: { labels: { app: cart } }
    spec:
      containers:
        - name: cart
          image: shop/cart:1
          ports: [{ containerPort: 7070 }]
          livenessProbe: { tcpSocket: { port: 7070 } }
          readinessProbe: { exec: { command: ["/bin/grpc_health_probe", "-addr=:7070"] } }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: ads }
spec:
  selector: { matchLabels: { app: ads } }
  template:
    metadata: { labels: { app: ads } }
    spec:
      containers:
        - name: ads
          image: shop/ads:1
          ports: [{ containerPort: 9555 }]
          livenessProbe: { grpc: { port: 9555 } }
          readinessProbe: { grpc: { port: 9555 } }
`;

const composeFile = `services:
  orders:
    build: ./orders
    healthcheck: { test: ["CMD", "curl", "-f", "http://localhost:8080/actuator/health"] }
  payments:
    build: ./payments
    healthcheck: { test: "nc -z localhost 9000 || exit 1" }
  quiet:
    build: ./quiet
    healthcheck: { disable: true }
`;

async function exported(model: Parameters<typeof exportModel>[0], target: 'compose' | 'kubernetes') {
  const { files } = await exportModel(model, { targets: [target] });
  return files
    .map(({ content }) => (typeof content === 'string' ? content : new TextDecoder().decode(content)))
    .join('\n---\n');
}

describe('probes and healthchecks are health checks, whatever their kind', () => {
  it('reads Kubernetes gRPC, TCP and exec probes', () => {
    const { model } = importModel({ files: [{ path: 'k8s.yaml', text: manifest }] });
    expect(nodeNamed(model, 'cart')).toMatchObject({
      runtime: { health: 'tcp:7070', readiness: 'exec:/bin/grpc_health_probe -addr=:7070' },
    });
    expect(nodeNamed(model, 'ads')).toMatchObject({
      runtime: { health: 'grpc:9555', readiness: 'grpc:9555' },
    });
  });

  it('reads a compose healthcheck as both the liveness and the readiness check', () => {
    const { model, report } = importModel({ files: [{ path: 'docker-compose.yml', text: composeFile }] });
    expect(nodeNamed(model, 'orders')).toMatchObject({
      runtime: { health: '/actuator/health', readiness: '/actuator/health' },
    });
    expect(nodeNamed(model, 'payments')).toMatchObject({
      runtime: {
        health: 'exec:nc -z localhost 9000 || exit 1',
        readiness: 'exec:nc -z localhost 9000 || exit 1',
      },
    });
    expect(nodeNamed(model, 'quiet')).not.toHaveProperty('runtime.health');
    expect(report.unmapped.some((item) => item.message.includes('healthcheck'))).toBe(false);
  });

  it('exports each kind back in its own form, never as shell text', async () => {
    const { model } = importModel({ files: [{ path: 'k8s.yaml', text: manifest }] });
    const kubernetes = await exported(model, 'kubernetes');
    expect(kubernetes).toMatch(/livenessProbe:\s+tcpSocket:\s+port: 7070/);
    expect(kubernetes).toMatch(
      /readinessProbe:\s+exec:\s+command:\s+- "\/bin\/grpc_health_probe"\s+- "-addr=:7070"/,
    );
    expect(kubernetes).toMatch(/grpc:\s+port: 9555/);
    const compose = await exported(model, 'compose');
    expect(compose).toMatch(/- "?grpc_health_probe"?\s+- "?-addr=localhost:9555"?/);
    expect(compose).not.toContain('CMD-SHELL');
  });
});
