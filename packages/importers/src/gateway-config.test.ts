import { parseModel } from '@meshplan/model';
import { describe, expect, it } from 'vitest';
import { importModel } from './index.js';
import { edgeList, nodeNamed } from './test-support.js';
import type { ImportFile } from './types.js';

const files = (entries: Record<string, string>): ImportFile[] =>
  Object.entries(entries).map(([path, text]) => ({ path, text }));

const compose = `services:
  webshoppingapigw:
    image: envoyproxy/envoy:v1.11.1
    volumes: ["./ApiGateways/Envoy/config/webshopping:/etc/envoy"]
  webapigw:
    build: { context: ./ApiGateways/Ocelot }
  edge:
    image: openresty/openresty
    volumes: ["./nginx/default.conf:/etc/nginx/conf.d/default.conf:ro"]
  catalog-api: { build: ./catalog }
  ordering-api: { build: ./ordering }
  basket-api: { build: ./basket }
`;

const envoy = `static_resources:
  listeners:
    - address: { socket_address: { address: 0.0.0.0, port_value: 80 } }
      filter_chains:
        - filters:
            - name: envoy.http_connection_manager
              config:
                route_config:
                  virtual_hosts:
                    - name: eshop
                      domains: ["*"]
                      routes:
                        - match: { prefix: "/c/" }
                          route: { cluster: catalog, prefix_rewrite: "/catalog-api/" }
                        - match: { prefix: "/o/" }
                          route: { cluster: ordering }
  clusters:
    - name: catalog
      load_assignment:
        cluster_name: catalog
        endpoints: [{ lb_endpoints: [{ endpoint: { address: { socket_address: { address: catalog-api, port_value: 80 } } } }] }]
    - name: ordering
      hosts: [{ socket_address: { address: ordering-api, port_value: 80 } }]
`;

const ocelot = JSON.stringify({
  Routes: [
    {
      DownstreamPathTemplate: '/api/{version}/{everything}',
      DownstreamHostAndPorts: [{ Host: 'basket-api', Port: 80 }],
      UpstreamPathTemplate: '/api/{version}/b/{everything}',
    },
    {
      DownstreamHostAndPorts: [{ Host: 'catalog-api', Port: 80 }],
      UpstreamPathTemplate: '/api/v1/c/{everything}',
    },
  ],
});

const nginx = `# routes of the public edge
upstream basket { server basket-api:80; }
server {
  listen 80;
  location /basket/ { proxy_pass http://basket; }
  location /orders { proxy_pass http://ordering-api:80/; }
  location /ws { proxy_pass http://$upstream_host; }
}
`;

describe('gateway routes from configuration files mounted or built in', () => {
  it('Envoy, Ocelot and nginx routes become route edges with their public paths', () => {
    const { model, report } = importModel({
      files: files({
        'docker-compose.yml': compose,
        'ApiGateways/Envoy/config/webshopping/envoy.yaml': envoy,
        'ApiGateways/Ocelot/configuration.json': ocelot,
        'nginx/default.conf': nginx,
        'unrelated/other.conf': 'location /x { proxy_pass http://catalog-api; }',
      }),
    });
    expect(parseModel(model).ok).toBe(true);
    expect(nodeNamed(model, 'webshoppingapigw')).toMatchObject({ kind: 'gateway', product: 'envoy' });
    expect(nodeNamed(model, 'webapigw')).toMatchObject({ kind: 'gateway' });
    expect(nodeNamed(model, 'edge')).toMatchObject({ kind: 'gateway', product: 'openresty' });
    expect(edgeList(model)).toEqual([
      'edge -route-> basket-api',
      'edge -route-> ordering-api',
      'webapigw -route-> basket-api',
      'webapigw -route-> catalog-api',
      'webshoppingapigw -route-> catalog-api',
      'webshoppingapigw -route-> ordering-api',
    ]);
    const route = (from: string, to: string) =>
      model.edges.find((edge) => edge.from === from && edge.to === to && edge.kind === 'route');
    expect(route('webshoppingapigw', 'catalog-api')).toMatchObject({ paths: ['/c'] });
    expect(route('webapigw', 'basket-api')).toMatchObject({ paths: ['/api'] });
    expect(route('edge', 'basket-api')).toMatchObject({ paths: ['/basket'] });
    // The configurations read are not reported as skipped; the unrelated one is.
    const skipped = report.unmapped
      .filter((item) => item.message.startsWith('skipped'))
      .map((item) => item.source.path);
    expect(skipped).toEqual(['unrelated/other.conf']);
    expect(
      report.guesses.find((item) => item.message.startsWith('route /o → ordering-api'))?.source.path,
    ).toBe('ApiGateways/Envoy/config/webshopping/envoy.yaml');
  });

  it('an nginx configuration alone is not an import', () => {
    expect(() => importModel({ files: files({ 'nginx.conf': nginx }) })).toThrow(
      /only \.env and nginx \.conf files/,
    );
  });
});
