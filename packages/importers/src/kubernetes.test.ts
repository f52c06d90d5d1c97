import { parseModel } from '@meshplan/model';
import { describe, expect, it } from 'vitest';
import { importModel } from './index.js';
import { edgeList, nodeNamed } from './test-support.js';

const deployment = (name: string, env: Record<string, string>, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: shop }
spec:
  replicas: 2
  selector: { matchLabels: { app: ${name}-pod } }
  template:
    metadata: { labels: { app: ${name}-pod } }
    spec:
      containers:
        - name: main
          image: acme/${name}:1.0
          ports: [{ containerPort: 8080 }]
          env:
${Object.entries(env)
  .map(([key, value]) => `            - { name: ${key}, value: "${value}" }`)
  .join('\n')}
            - name: SECRET
              valueFrom: { secretKeyRef: { name: s, key: k } }
${extra}`;

const service = (name: string, target: string, port = 'http') => `apiVersion: v1
kind: Service
metadata: { name: ${name}, namespace: shop }
spec:
  selector: { app: ${target}-pod }
  ports: [{ name: ${port}, port: 80 }]`;

describe('Kubernetes importer', () => {
  const files = [
    {
      path: 'k8s/web.yaml',
      text: [
        deployment('web', {
          ORDERS: 'http://orders-svc.shop.svc.cluster.local/v1',
          STOCK: 'stock-api.shop:80',
          PAY: 'payments.shop.svc:443',
        }),
        service('web-svc', 'web'),
      ].join('\n---\n'),
    },
    {
      path: 'k8s/orders.yaml',
      text: [deployment('orders', { DB: 'orders-db:27017' }), service('orders-svc', 'orders')].join(
        '\n---\n',
      ),
    },
    {
      path: 'k8s/stock.yaml',
      text: [deployment('stock', {}), service('stock-api', 'stock', 'grpc-api')].join('\n---\n'),
    },
    {
      path: 'k8s/orders-db.yaml',
      text: `apiVersion: apps/v1
kind: StatefulSet
metadata: { name: orders-db, namespace: shop }
spec:
  selector: { matchLabels: { app: orders-db-pod } }
  template:
    metadata: { labels: { app: orders-db-pod } }
    spec:
      containers: [{ name: mongo, image: "mongo:7" }]
---
${service('orders-db', 'orders-db', 'mongo')}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: { name: orders, namespace: shop }
spec:
  scaleTargetRef: { kind: Deployment, name: orders }
  minReplicas: 2
  maxReplicas: 6
  metrics: [{ type: Resource, resource: { name: cpu, target: { type: Utilization, averageUtilization: 70 } } }]
---
apiVersion: v1
kind: ConfigMap
metadata: { name: settings, namespace: shop }
`,
    },
  ];

  it('maps workloads to nodes and env vars naming Service hosts (all DNS forms) to edges', () => {
    const { model, report } = importModel({ files });
    expect(parseModel(model).ok).toBe(true);
    expect(model.name).toBe('shop');
    expect(nodeNamed(model, 'orders-db')).toMatchObject({ kind: 'datastore', engine: 'mongodb' });
    expect(edgeList(model)).toEqual(['orders -data-> orders-db', 'web -sync-> orders', 'web -sync-> stock']);
    expect(model.edges.find((edge) => edge.to === 'stock')).toMatchObject({ protocol: 'grpc' });
    expect(model.edges.find((edge) => edge.to === 'orders')).toMatchObject({ protocol: 'rest' });
    expect(report.unmapped.map((item) => item.message)).toEqual(
      expect.arrayContaining([
        'env PAY=payments.shop.svc:443 names host "payments.shop.svc", which nothing in these files deploys; no edge drawn',
        'env SECRET of web comes from valueFrom; not read',
        'ConfigMap settings is not mapped',
      ]),
    );
    const configMap = report.unmapped.find((item) => item.message.startsWith('ConfigMap'));
    expect(configMap?.source).toMatchObject({ path: 'k8s/orders-db.yaml', line: 27 });
  });

  it('keeps replicas, the autoscaler and env in runtime', () => {
    const { model } = importModel({ files });
    expect(nodeNamed(model, 'orders')).toMatchObject({
      runtime: {
        image: 'acme/orders:1.0',
        port: 8080,
        replicas: 2,
        env: { DB: 'orders-db:27017' },
        autoscale: { min: 2, max: 6, cpuPercent: 70 },
      },
    });
  });

  it('a Service in another namespace does not answer for this one', () => {
    const text = [
      deployment('web', { ORDERS: 'orders-svc:80' }),
      deployment('orders', {}),
      service('orders-svc', 'orders'),
    ]
      .join('\n---\n')
      .replace(
        /namespace: shop \}\nspec:\n {2}selector: \{ app: orders/,
        'namespace: other }\nspec:\n  selector: { app: orders',
      );
    const { model, report } = importModel({ files: [{ path: 'all.yaml', text }] });
    expect(model.edges).toEqual([]);
    expect(report.unmapped.map((item) => item.message)).toContain(
      'Service orders-svc selects no workload in these files',
    );
  });
});
