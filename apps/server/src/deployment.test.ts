import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Ajv } from 'ajv';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import {
  deployedNginxConfig,
  dockerFolder,
  imageStart,
  listenPort,
  nginxMissing,
  nginxRefuses,
  repositoryRoot,
  upstreamServers,
  writeNginxConfig,
} from './deploy-support.js';
import type { RunningServer } from './server.js';
import { testServer } from './test-support.js';

/** docker/compose.yaml as Compose reads it (YAML merge keys resolved, as Compose does). */
const composeText = readFileSync(join(dockerFolder, 'compose.yaml'), 'utf8');
const compose = parse(composeText, { merge: true }) as ComposeFile;
const nginxConfig = readFileSync(deployedNginxConfig, 'utf8');
const image = imageStart();

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  profiles?: string[];
  environment?: Record<string, string>;
  secrets?: string[];
  networks?: string[];
  volumes?: string[];
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}
interface ComposeFile {
  services: Record<string, ComposeService>;
  networks: Record<string, { ipam?: { config: { subnet: string }[] } }>;
  volumes: Record<string, unknown>;
  secrets: Record<string, { file: string }>;
}

describe('docker/compose.yaml', () => {
  const services = Object.entries(compose.services);
  const inProfile = (profile: string) => services.filter(([, s]) => s.profiles?.includes(profile));
  const replicas = inProfile('ha').filter(([, s]) => s.build?.dockerfile === 'docker/Dockerfile');

  it('is valid by the compose-spec schema (as the dclint package ships it)', () => {
    // No download at test time; its exports map hides the folder, so it is found from package.json.
    const dclint = dirname(createRequire(import.meta.url).resolve('dclint/package.json'));
    const schema = JSON.parse(readFileSync(join(dclint, 'schemas/compose.schema.json'), 'utf8'));
    // It names draft-07 by an https URI Ajv does not know; Ajv's default dialect is draft-07.
    delete schema.$schema;
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    expect(validate(compose), JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
    // And the check bites: a service with a misspelt key is refused.
    expect(
      validate({ ...compose, services: { ...compose.services, nginx: { image: 'nginx', depend_on: [] } } }),
    ).toBe(false);
  });

  it('without a profile: one SQLite instance, as before (no DATABASE_URL, a data volume)', () => {
    const always = services.filter(([, s]) => s.profiles === undefined);
    expect(always.map(([name]) => name)).toEqual(['meshplan']);
    const [, single] = always[0] ?? [];
    expect(single?.environment?.DATABASE_URL).toBeUndefined();
    expect(single?.environment?.DATABASE_URL_FILE).toBeUndefined();
    expect(single?.volumes).toContain(`meshplan-data:${image.env.MESHPLAN_DATA_DIR}`);
    expect(single?.ports).toEqual([`8080:${image.env.PORT}`]);
  });

  it('the ha profile: PostgreSQL (official image, a volume, a health check, the password from a secret)', () => {
    const postgres = compose.services.postgres;
    expect(postgres?.profiles).toEqual(['ha']);
    expect(postgres?.image).toMatch(/^postgres:\d+/);
    expect(postgres?.volumes).toContain('postgres-data:/var/lib/postgresql/data');
    expect(compose.volumes).toHaveProperty('postgres-data');
    expect(postgres?.healthcheck?.test.join(' ')).toContain('pg_isready');
    // The password is in no environment variable, only in the secret's file.
    expect(postgres?.environment?.POSTGRES_PASSWORD).toBeUndefined();
    const passwordFile = postgres?.environment?.POSTGRES_PASSWORD_FILE;
    expect(passwordFile).toBe('/run/secrets/postgres-password');
    expect(postgres?.secrets).toContain('postgres-password');
  });

  it('two replicas or more, sharing the database, each after PostgreSQL is healthy', () => {
    expect(replicas.length).toBeGreaterThanOrEqual(2);
    const databases = new Set(replicas.map(([, s]) => s.environment?.DATABASE_URL_FILE));
    expect([...databases]).toEqual(['/run/secrets/database-url']);
    for (const [name, replica] of replicas) {
      expect(replica.secrets, name).toContain('database-url');
      expect(replica.depends_on?.postgres, name).toEqual({ condition: 'service_healthy' });
      // Their own health check, which nginx waits for, asks the readiness endpoint.
      expect(replica.healthcheck?.test.join(' '), name).toContain(`127.0.0.1:${image.env.PORT}/readyz`);
    }
    // Every secret a service mounts is declared, from a file the repository ignores.
    const gitignore = readFileSync(join(repositoryRoot, '.gitignore'), 'utf8');
    for (const [name, { file }] of Object.entries(compose.secrets)) {
      expect(file, name).toMatch(/^\.\/secrets\//);
      expect(gitignore).toContain('docker/secrets/');
    }
    for (const [name, service] of services)
      for (const secret of service.secrets ?? []) expect(compose.secrets, name).toHaveProperty(secret);
  });

  it('every replica nginx names is a replica of the profile, on the port the image listens on; and every replica is named', () => {
    const upstream = upstreamServers(nginxConfig);
    expect(upstream.map(({ host }) => host).sort()).toEqual(replicas.map(([name]) => name).sort());
    for (const { port } of upstream) expect(port).toBe(Number(image.env.PORT));
    const nginx = compose.services.nginx;
    expect(nginx?.profiles).toEqual(['ha']);
    expect(nginx?.image).toMatch(/^nginx:/);
    expect(nginx?.volumes).toContain('./nginx.conf:/etc/nginx/conf.d/default.conf:ro');
    expect(nginx?.ports).toEqual([`8081:${listenPort(nginxConfig)}`]);
    for (const [name] of replicas)
      expect(nginx?.depends_on?.[name]).toEqual({ condition: 'service_healthy' });
  });

  it('TRUST_PROXY is the subnet of the network nginx and the replicas share, and no wider', () => {
    const networks = compose.services.nginx?.networks ?? [];
    expect(networks).toHaveLength(1);
    const subnet = compose.networks[networks[0] as string]?.ipam?.config[0]?.subnet;
    expect(subnet).toMatch(/^(10|172\.(1[6-9]|2\d|3[01])|192\.168)\./);
    for (const [name, replica] of replicas) {
      expect(replica.networks, name).toEqual(networks);
      expect(replica.environment?.TRUST_PROXY, name).toBe(subnet);
    }
  });

  it('nginx upgrades the live socket, with long timeouts, and no session affinity anywhere', () => {
    const live = /location\s+~\s+(\S+)\s*\{([^}]*)\}/.exec(nginxConfig);
    expect(live).not.toBeNull();
    const [, pattern, block] = live as RegExpExecArray;
    expect(new RegExp(pattern as string).test('/api/v1/models/m_abc-1/live')).toBe(true);
    expect(new RegExp(pattern as string).test('/api/v1/models/m_abc/revisions')).toBe(false);
    expect(block).toMatch(/proxy_set_header\s+Upgrade\s+\$http_upgrade;/);
    expect(block).toMatch(/proxy_set_header\s+Connection\s+\$connection_upgrade;/);
    for (const directive of ['proxy_read_timeout', 'proxy_send_timeout']) {
      const seconds = Number(new RegExp(`${directive}\\s+(\\d+)s;`).exec(block as string)?.[1]);
      expect(seconds, directive).toBeGreaterThanOrEqual(600);
    }
    expect(nginxConfig).not.toMatch(/^\s*(ip_hash|hash|sticky)\b/m);
  });

  // Not skipped without nginx: .ci/run installs it, and a missing one fails here with the reason.
  it('Debian’s nginx accepts the file (nginx -t)', () => {
    const missing = nginxMissing();
    if (missing !== undefined) throw new Error(missing);
    const { folder, file } = writeNginxConfig(['127.0.0.1:1', '127.0.0.1:2'], 8);
    expect(nginxRefuses(file, folder)).toBeUndefined();
  });
});

// Every object the manifests hold, by kind, validated with the exporters' kubernetes-models.
const KINDS: Record<string, new (data: never) => { validate(): void }> = {
  'v1/Namespace': Namespace,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1/Ingress': Ingress,
};
const kubernetesFolder = join(dockerFolder, 'kubernetes');
const kustomization = parse(readFileSync(join(kubernetesFolder, 'kustomization.yaml'), 'utf8')) as {
  resources: string[];
  namespace: string;
};
interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; annotations?: Record<string, string> };
  // biome-ignore lint/suspicious/noExplicitAny: checked below by kubernetes-models, then read by path
  spec?: any;
  stringData?: Record<string, string>;
}
const manifests: Manifest[] = kustomization.resources.flatMap((file) =>
  parseAllDocuments(readFileSync(join(kubernetesFolder, file), 'utf8')).map((document) => {
    if (document.errors.length > 0) throw new Error(`${file}: ${document.errors[0]?.message}`);
    return document.toJS() as Manifest;
  }),
);
const one = (kind: string) => {
  const found = manifests.filter((m) => m.kind === kind);
  expect(found, kind).toHaveLength(1);
  return found[0] as Manifest;
};

describe('docker/kubernetes', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await testServer();
  });
  afterAll(() => server.close());

  it('every document of every resource kustomization.yaml lists passes kubernetes-models validate()', () => {
    expect(manifests.length).toBeGreaterThanOrEqual(6);
    for (const manifest of manifests) {
      const Model = KINDS[`${manifest.apiVersion}/${manifest.kind}`];
      expect(Model, `${manifest.apiVersion} ${manifest.kind}`).toBeDefined();
      expect(() => new (Model as NonNullable<typeof Model>)(manifest as never).validate()).not.toThrow();
      // One namespace for all, the kustomization's.
      if (manifest.kind !== 'Namespace') expect(manifest.metadata.namespace).toBe(kustomization.namespace);
    }
    // And the validator bites: a Deployment whose replicas is a word is refused.
    const broken = { ...one('Deployment'), spec: { ...one('Deployment').spec, replicas: 'two' } };
    expect(() => new Deployment(broken as never).validate()).toThrow();
  });

  it('the Deployment: 2+ replicas, probes on paths the server answers, non-root, read-only root', async () => {
    const { spec } = one('Deployment');
    expect(spec.replicas).toBeGreaterThanOrEqual(2);
    const pod = spec.template.spec;
    const container = pod.containers[0];
    expect(container.readinessProbe.httpGet.path).toBe('/readyz');
    expect(container.livenessProbe.httpGet.path).toBe('/healthz');
    for (const probe of [container.readinessProbe, container.livenessProbe, container.startupProbe]) {
      const response = await fetch(`${server.url}${probe.httpGet.path}`);
      expect(response.status, probe.httpGet.path).toBe(200);
    }
    expect(container.resources.requests).toMatchObject({
      cpu: expect.any(String),
      memory: expect.any(String),
    });
    expect(container.resources.limits.memory).toEqual(expect.any(String));
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
    expect(container.securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
    });
    // The data folder the image names is writable (an emptyDir), the rest of the root is not.
    const env = Object.fromEntries(
      container.env.map((e: { name: string; value?: string }) => [e.name, e.value]),
    ) as Record<string, string | undefined>;
    expect(env.MESHPLAN_DATA_DIR).toBe(image.env.MESHPLAN_DATA_DIR);
    const mounted = container.volumeMounts.map((m: { mountPath: string }) => m.mountPath);
    expect(mounted).toContain(env.MESHPLAN_DATA_DIR);
    for (const mount of container.volumeMounts) {
      const volume = pod.volumes.find((v: { name: string }) => v.name === mount.name);
      expect(volume?.emptyDir, mount.name).toBeDefined();
    }
    // The same start as the image: its port and settings.
    expect(env.NODE_ENV).toBe(image.env.NODE_ENV);
    expect(env.PORT).toBe(image.env.PORT);
    expect(container.command).toBeUndefined();
    expect(container.args).toBeUndefined();
  });

  it('DATABASE_URL comes from the Secret, whose placeholder the README says to replace', () => {
    const container = one('Deployment').spec.template.spec.containers[0];
    const databaseUrl = container.env.find((e: { name: string }) => e.name === 'DATABASE_URL');
    const secret = one('Secret');
    expect(databaseUrl.valueFrom.secretKeyRef).toEqual({ name: secret.metadata.name, key: 'DATABASE_URL' });
    expect(secret.stringData?.DATABASE_URL).toMatch(/^postgres:\/\/[^:]+:REPLACE-ME@/);
    const readme = readFileSync(join(dockerFolder, 'README.md'), 'utf8');
    expect(readme).toContain('REPLACE-ME');
  });

  it('ports agree: container port ← Service targetPort ← Ingress backend; the image listens there', () => {
    const container = one('Deployment').spec.template.spec.containers[0];
    const containerPort = container.ports.find((p: { name: string }) => p.name === 'http');
    expect(containerPort.containerPort).toBe(Number(image.env.PORT));
    expect(image.exposed).toContain(containerPort.containerPort);
    for (const probe of [container.readinessProbe, container.livenessProbe, container.startupProbe])
      expect(probe.httpGet.port).toBe(containerPort.name);
    const service = one('Service');
    const servicePort = service.spec.ports.find(
      (p: { targetPort: string | number }) =>
        p.targetPort === containerPort.name || p.targetPort === containerPort.containerPort,
    );
    expect(servicePort).toBeDefined();
    const ingress = one('Ingress');
    const backends = ingress.spec.rules.flatMap(
      (rule: { http: { paths: { backend: { service: unknown } }[] } }) =>
        rule.http.paths.map((path) => path.backend.service),
    );
    expect(backends.length).toBeGreaterThan(0);
    for (const backend of backends as { name: string; port: { name?: string; number?: number } }[]) {
      expect(backend.name).toBe(service.metadata.name);
      expect(backend.port.name === servicePort.name || backend.port.number === servicePort.port).toBe(true);
    }
  });

  it('the Service and the PodDisruptionBudget select exactly the Deployment’s pods', () => {
    const deployment = one('Deployment');
    const labels = deployment.spec.template.metadata.labels as Record<string, string>;
    const selects = (selector: Record<string, string>) =>
      Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels[k] === v);
    expect(selects(deployment.spec.selector.matchLabels)).toBe(true);
    const pdb = one('PodDisruptionBudget');
    expect(selects(pdb.spec.selector.matchLabels)).toBe(true);
    // Some pod always serves: at least one left, fewer than the replicas required.
    expect(pdb.spec.minAvailable).toBeGreaterThanOrEqual(1);
    expect(pdb.spec.minAvailable).toBeLessThan(deployment.spec.replicas);
    const service = one('Service');
    expect(selects(service.spec.selector)).toBe(true);
    expect(service.spec.sessionAffinity ?? 'None').toBe('None');
  });

  it('the Ingress keeps live sockets open: ingress-nginx read and send timeouts of 10 minutes or more', () => {
    const { annotations = {} } = one('Ingress').metadata;
    for (const name of ['proxy-read-timeout', 'proxy-send-timeout']) {
      expect(Number(annotations[`nginx.ingress.kubernetes.io/${name}`]), name).toBeGreaterThanOrEqual(600);
    }
    expect(Object.keys(annotations).some((key) => key.includes('affinity'))).toBe(false);
  });
});
