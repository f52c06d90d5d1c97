import { parseModel } from '@meshplan/model';
import { lint } from '@meshplan/rules';
import { describe, expect, it } from 'vitest';
import { importModel } from './index.js';
import { edgeList, FIXTURES, fixture, HAVE_FIXTURES, NO_FIXTURES, names, nodeNamed } from './test-support.js';

// Each expectation below was read off the fixture files by hand (see ../shared/fixtures/README.md).
const describeFixtures = HAVE_FIXTURES ? describe : describe.skip;
if (!HAVE_FIXTURES) console.warn(NO_FIXTURES);

const BOUTIQUE_SERVICES = [
  'adservice',
  'cartservice',
  'checkoutservice',
  'currencyservice',
  'emailservice',
  'frontend',
  'loadgenerator',
  'paymentservice',
  'productcatalogservice',
  'recommendationservice',
  'shippingservice',
];
// Every `*_ADDR` env var of the manifests that names a deployed Service.
const BOUTIQUE_EDGES = [
  'cartservice -data-> redis-cart',
  'checkoutservice -sync-> cartservice',
  'checkoutservice -sync-> currencyservice',
  'checkoutservice -sync-> emailservice',
  'checkoutservice -sync-> paymentservice',
  'checkoutservice -sync-> productcatalogservice',
  'checkoutservice -sync-> shippingservice',
  'frontend -sync-> adservice',
  'frontend -sync-> cartservice',
  'frontend -sync-> checkoutservice',
  'frontend -sync-> currencyservice',
  'frontend -sync-> productcatalogservice',
  'frontend -sync-> recommendationservice',
  'frontend -sync-> shippingservice',
  'loadgenerator -sync-> frontend',
  'recommendationservice -sync-> productcatalogservice',
];

describeFixtures(`real systems in ${FIXTURES}`, () => {
  describe('Online Boutique (Kubernetes)', () => {
    for (const [label, path] of [
      ['one multi-document file', 'online-boutique/release/kubernetes-manifests.yaml'],
      ['a folder of files with a kustomization', 'online-boutique/kubernetes-manifests'],
    ] as const) {
      it(`reads ${label}`, () => {
        const { model, report } = importModel({ files: fixture(path) });
        expect(parseModel(model).ok).toBe(true);
        // Named after the repository, not its `release` or `kubernetes-manifests` folder.
        expect(model.name).toBe('online-boutique');
        expect(names(model, 'service')).toEqual(BOUTIQUE_SERVICES);
        expect(names(model, 'datastore')).toEqual(['redis-cart']);
        expect(edgeList(model)).toEqual(BOUTIQUE_EDGES);
        // Services whose ports are named grpc are called over gRPC; the frontend's port is http.
        const frontendToCart = model.edges.find(
          (edge) => edge.from === 'frontend' && edge.to === 'cartservice',
        );
        expect(frontendToCart).toMatchObject({ kind: 'sync', protocol: 'grpc' });
        const loadToFrontend = model.edges.find((edge) => edge.from === 'loadgenerator');
        expect(loadToFrontend).toMatchObject({ protocol: 'rest' });
        // The assistant service is named but not deployed: reported, no node invented.
        expect(nodeNamed(model, 'shoppingassistantservice')).toBeUndefined();
        const missing = report.unmapped.find((item) => item.message.includes('shoppingassistantservice'));
        expect(missing?.source.line).toBeGreaterThan(0);
        expect(
          report.guesses.some((item) => item.message.includes('env CART_SERVICE_ADDR=cartservice:7070')),
        ).toBe(true);
        // Every edge is stated by an *_ADDR variable; six services call nothing the files name.
        expect(report.coverage).toMatchObject({
          services: 11,
          withoutCallers: 1, // loadgenerator
          withoutCallees: 6,
          unconnected: 0,
          edges: { total: 16, fromEvidence: 16, guessed: 0 },
        });
        expect(report.coverage?.sources.map((source) => source.source)).toEqual(['traces', 'api-documents']);
      });
    }

    it('counts gRPC probes as health checks: no missing-health-checks on Online Boutique', () => {
      const { model } = importModel({ files: fixture('online-boutique/release/kubernetes-manifests.yaml') });
      expect(nodeNamed(model, 'adservice')).toMatchObject({
        runtime: { health: 'grpc:9555', readiness: 'grpc:9555' },
      });
      // Before issue 15, the nine services probed over gRPC were each flagged; now only the load
      // generator, which has no probe at all.
      const flagged = lint(model).filter((finding) => finding.rule === 'missing-health-checks');
      expect(flagged.flatMap((finding) => finding.elements)).toEqual(['loadgenerator']);
    });

    it('keeps runtime: image, port, resources, probes', () => {
      const { model } = importModel({ files: fixture('online-boutique/kubernetes-manifests/frontend.yaml') });
      expect(nodeNamed(model, 'frontend')).toMatchObject({
        runtime: {
          image: 'frontend',
          port: 8080,
          cpu: '100m',
          memory: '64Mi',
          cpuLimit: '200m',
          memoryLimit: '128Mi',
          health: '/_healthz',
          readiness: '/_healthz',
          env: { CART_SERVICE_ADDR: 'cartservice:7070' },
        },
      });
    });
  });

  describe('Sock Shop', () => {
    it('reads the compose file: stores paired by name are guesses', () => {
      const { model, report } = importModel({
        files: fixture('sock-shop/docker-compose/docker-compose.yml'),
      });
      expect(model.name).toBe('sock-shop');
      expect(names(model, 'service')).toEqual([
        'carts',
        'catalogue',
        'front-end',
        'orders',
        'payment',
        'queue-master',
        'shipping',
        'user',
        'user-sim',
      ]);
      expect(names(model, 'datastore')).toEqual(['carts-db', 'catalogue-db', 'orders-db', 'user-db']);
      expect(model.nodes.find((node) => node.name === 'rabbitmq')).toMatchObject({
        kind: 'topic',
        broker: 'rabbitmq',
      });
      expect(nodeNamed(model, 'edge-router')).toMatchObject({ kind: 'gateway' });
      expect(nodeNamed(model, 'carts-db')).toMatchObject({ engine: 'mongodb' });
      expect(nodeNamed(model, 'catalogue-db')).toMatchObject({ engine: 'mysql' }); // MYSQL_* env
      expect(nodeNamed(model, 'user-db')).toMatchObject({ engine: 'mongodb' }); // MONGO_HOST=user-db:27017
      expect(edgeList(model)).toEqual([
        'carts -data-> carts-db',
        'catalogue -data-> catalogue-db',
        'orders -data-> orders-db',
        'user -data-> user-db',
      ]);
      // Only user → user-db is written in the file; the other three are name guesses, and say so.
      expect(
        report.guesses.find((item) => item.message.includes('env MONGO_HOST=user-db:27017')),
      ).toBeDefined();
      for (const owner of ['carts', 'catalogue', 'orders']) {
        const guess = report.guesses.find((item) => item.message.includes(`store of ${owner} (a guess`));
        expect(guess?.source.line).toBeGreaterThan(0);
      }
      // Coverage: one edge stated, three paired by name; five services joined to nothing.
      expect(report.coverage).toMatchObject({
        services: 9,
        unconnected: 5,
        unconnectedNames: ['front-end', 'payment', 'queue-master', 'shipping', 'user-sim'],
        edges: { total: 4, fromEvidence: 1, guessed: 3 },
      });
      expect(report.coverage?.sources.map((source) => source.source)).toEqual([
        'traces',
        'api-documents',
        'manifests',
      ]);
      // The load test's `-h edge-router` names the gateway, which no service edge may reach.
      expect(
        report.unmapped.some(
          (item) => item.message.includes('edge-router') && item.message.includes('user-sim'),
        ),
      ).toBe(true);
    });

    it('reads the Kubernetes manifests', () => {
      const { model, report } = importModel({ files: fixture('sock-shop/kubernetes/complete-demo.yaml') });
      expect(model.name).toBe('sock-shop');
      expect(names(model, 'datastore')).toEqual([
        'carts-db',
        'catalogue-db',
        'orders-db',
        'session-db',
        'user-db',
      ]);
      expect(nodeNamed(model, 'session-db')).toMatchObject({ engine: 'redis' });
      expect(names(model, 'topic')).toEqual(['rabbitmq']);
      expect(edgeList(model)).toContain('user -data-> user-db');
      expect(model.edges.every((edge) => edge.kind === 'data')).toBe(true);
      // ZIPKIN names a tracing collector in another namespace: the callers' observability, not a
      // missing host (it was reported as an undeployed host before issue 15).
      expect(report.unmapped.some((item) => item.message.includes('zipkin.jaeger.svc.cluster.local'))).toBe(
        false,
      );
      expect(
        report.guesses.some(
          (item) =>
            item.message.includes('zipkin.jaeger.svc.cluster.local') && item.message.includes('tracing'),
        ),
      ).toBe(true);
      expect(nodeNamed(model, 'shipping')).toMatchObject({ observability: { tracing: true } });
    });

    it('refuses the Swagger 2.0 API specs with a clear message', () => {
      expect(() => importModel({ files: fixture('sock-shop/api-spec/carts.json') })).toThrow(
        /carts\.json:\d+:\d+: Swagger 2\.0 is not supported/,
      );
    });
  });

  describe('Train-Ticket', () => {
    it('reads the compose file: one depends_on, datastores paired by name', () => {
      const { model, report } = importModel({ files: fixture('train-ticket/docker-compose.yml') });
      expect(model.name).toBe('train-ticket');
      expect(names(model, 'service')).toHaveLength(42); // 41 services and the UI dashboard
      expect(names(model, 'datastore')).toHaveLength(26);
      expect(nodeNamed(model, 'ts-voucher-mysql')).toMatchObject({ engine: 'mysql' });
      expect(nodeNamed(model, 'ts-order-mongo')).toMatchObject({ engine: 'mongodb' });
      const edges = edgeList(model);
      expect(edges).toContain('ts-voucher-service -data-> ts-voucher-mysql');
      expect(edges).toContain('ts-order-service -data-> ts-order-mongo');
      expect(edges).toContain('ts-food-map-service -data-> ts-food-map-mongo');
      expect(model.edges.every((edge) => edge.kind === 'data')).toBe(true);
      // The only edge the file states is the depends_on; the rest are name guesses.
      const stated = report.guesses.filter((item) => item.message.startsWith('depends_on'));
      expect(stated.map((item) => item.message)).toEqual([
        expect.stringContaining('data edge ts-voucher-service → ts-voucher-mysql'),
      ]);
      // ts-account-mongo pairs with no service: a node without edges.
      expect(edges.some((edge) => edge.includes('ts-account-mongo'))).toBe(false);
      // Coverage: the file states one edge; nothing calls any service; 18 are joined to nothing.
      expect(report.coverage).toMatchObject({
        services: 42,
        withoutCallers: 42,
        unconnected: 18,
        edges: { total: 24, fromEvidence: 1, guessed: 23 },
      });
      expect(report.coverage?.unconnectedNames).toContain('ts-ui-dashboard');
    });

    it('reads the three Kubernetes parts as one folder', () => {
      const { model } = importModel({
        files: fixture('train-ticket/deployment/kubernetes-manifests/quickstart-k8s'),
      });
      expect(model.name).toBe('train-ticket');
      expect(names(model, 'service')).toContain('ts-ui-dashboard');
      expect(names(model, 'service')).toHaveLength(42);
      expect(edgeList(model)).toContain('ts-voucher-service -data-> ts-voucher-mysql');
      expect(nodeNamed(model, 'ts-order-service')).toMatchObject({ runtime: { replicas: 1, port: 12031 } });
    });
  });

  describe('Spring Petclinic', () => {
    it('reads depends_on in its map form, and the gateway by its name', () => {
      const { model, report } = importModel({
        files: fixture('spring-petclinic-microservices/docker-compose.yml'),
      });
      expect(model.name).toBe('spring-petclinic-microservices');
      expect(nodeNamed(model, 'api-gateway')).toMatchObject({ kind: 'gateway' });
      expect(names(model, 'datastore')).toEqual([]);
      const edges = edgeList(model);
      for (const caller of [
        'customers-service',
        'visits-service',
        'vets-service',
        'genai-service',
        'admin-server',
      ]) {
        expect(edges).toContain(`${caller} -sync-> config-server`);
        expect(edges).toContain(`${caller} -sync-> discovery-server`);
      }
      expect(edges).toContain('discovery-server -sync-> config-server');
      expect(edges).toContain('api-gateway -sync-> discovery-server');
      expect(edges).toHaveLength(13);
      expect(nodeNamed(model, 'customers-service')).toMatchObject({
        runtime: { port: 8081, memoryLimit: '512M' },
      });
      // The genai service's keys come from the shell: reported at their line, read as empty.
      expect(
        report.unmapped.find((item) => item.message.startsWith('variable OPENAI_API_KEY is not set'))?.source
          .line,
      ).toBeGreaterThan(0);
      // Every edge is a depends_on; the monitoring containers are joined to nothing.
      expect(report.coverage).toMatchObject({
        services: 10,
        unconnected: 3,
        unconnectedNames: ['grafana-server', 'prometheus-server', 'tracing-server'],
        edges: { total: 13, fromEvidence: 13, guessed: 0 },
      });
    });
  });

  describe('OpenAPI examples', () => {
    it('petstore-expanded: endpoints with status and inlined schemas', () => {
      const { model } = importModel({ files: fixture('oai-openapi-examples/v3.0/petstore-expanded.yaml') });
      const [service] = model.nodes;
      expect(model.name).toBe('Swagger Petstore'); // the API's title, not its folder
      expect(service).toMatchObject({ kind: 'service', name: 'Swagger Petstore' });
      const endpoints = service?.kind === 'service' ? (service.api?.endpoints ?? []) : [];
      expect(endpoints.map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual([
        'GET /pets 200',
        'POST /pets 200',
        'GET /pets/{id} 200',
        'DELETE /pets/{id} 204',
      ]);
      const post = endpoints[1];
      expect(post?.request).toMatchObject({ required: ['name'], properties: { name: { type: 'string' } } });
      expect(JSON.stringify(service)).not.toContain('$ref');
    });

    for (const name of ['petstore', 'api-with-examples', 'callback-example', 'link-example']) {
      it(`${name}: imports a valid model`, () => {
        const { model } = importModel({ files: fixture(`oai-openapi-examples/v3.0/${name}.yaml`) });
        expect(parseModel(model).ok).toBe(true);
        const service = model.nodes[0];
        expect(service?.kind === 'service' && (service.api?.endpoints?.length ?? 0) > 0).toBe(true);
      });
    }

    it('callback-example: reports the callbacks it does not map', () => {
      const { report } = importModel({ files: fixture('oai-openapi-examples/v3.0/callback-example.yaml') });
      expect(report.unmapped).toContainEqual({
        message: 'POST /streams: callbacks are not mapped',
        source: expect.objectContaining({
          path: 'oai-openapi-examples/v3.0/callback-example.yaml',
          line: expect.any(Number),
        }),
      });
    });
  });

  describe('AsyncAPI examples (3.1)', () => {
    it('streetlights over Kafka: topics per channel, send → publish, receive → subscribe', () => {
      const { model } = importModel({
        files: fixture('asyncapi-spec-examples/examples/streetlights-kafka-asyncapi.yml'),
      });
      expect(model.name).toBe('Streetlights Kafka API');
      expect(names(model, 'topic')).toEqual(
        ['lightingMeasured', 'lightTurnOff', 'lightTurnOn', 'lightsDim'].sort(),
      );
      expect(
        model.nodes.filter((node) => node.kind === 'topic').every((node) => node.broker === 'kafka'),
      ).toBe(true);
      expect(edgeList(model)).toEqual(
        [
          'Streetlights Kafka API -publish-> lightsDim',
          'Streetlights Kafka API -publish-> lightTurnOff',
          'Streetlights Kafka API -publish-> lightTurnOn',
          'lightingMeasured -subscribe-> Streetlights Kafka API',
        ].sort(),
      );
      expect(nodeNamed(model, 'lightingMeasured')).toMatchObject({
        messages: [{ name: 'lightMeasured', payload: { properties: { lumens: { type: 'integer' } } } }],
      });
    });

    it('streetlights over MQTT: broker other, reported', () => {
      const { model, report } = importModel({
        files: fixture('asyncapi-spec-examples/examples/streetlights-mqtt-asyncapi.yml'),
      });
      expect(parseModel(model).ok).toBe(true);
      expect(
        model.nodes.filter((node) => node.kind === 'topic').every((node) => node.broker === 'other'),
      ).toBe(true);
      expect(report.unmapped.some((item) => item.message.includes('mqtt'))).toBe(true);
    });

    it('the RPC pair mirror each other over RabbitMQ', () => {
      const server = importModel({
        files: fixture('asyncapi-spec-examples/examples/rpc-server-asyncapi.yml'),
      }).model;
      const client = importModel({
        files: fixture('asyncapi-spec-examples/examples/rpc-client-asyncapi.yml'),
      }).model;
      expect(edgeList(server)).toEqual(
        ['RPC Server Example -publish-> queue', 'rpc_queue -subscribe-> RPC Server Example'].sort(),
      );
      expect(edgeList(client)).toEqual(
        ['queue -subscribe-> RPC Client Example', 'RPC Client Example -publish-> rpc_queue'].sort(),
      );
      expect(nodeNamed(server, 'queue')).toMatchObject({ broker: 'rabbitmq' });
    });
  });
});
