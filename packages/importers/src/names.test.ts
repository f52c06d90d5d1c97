import { describe, expect, it } from 'vitest';
import { modelName } from './names.js';

const named = (...paths: string[]) =>
  modelName(
    paths.map((path) => ({ path, text: '' })),
    'fallback',
  );

describe('modelName', () => {
  it('names a model after the project folder, past the folders that only lay it out', () => {
    expect(named('online-boutique/release/kubernetes-manifests.yaml')).toBe('online-boutique');
    expect(named('online-boutique/kubernetes-manifests/frontend.yaml')).toBe('online-boutique');
    expect(named('sock-shop/docker-compose/docker-compose.yml')).toBe('sock-shop');
    expect(named('train-ticket/deployment/kubernetes-manifests/quickstart-k8s/part1.yml')).toBe(
      'train-ticket',
    );
    expect(named('shop/charts/orders/templates/deployment.yaml')).toBe('orders');
    expect(named('C:\\work\\shop\\deploy\\k8s\\app.yaml')).toBe('shop');
  });

  it('takes the file name when no folder names a project, unless it only names a tool', () => {
    expect(named('shop.yaml')).toBe('shop');
    expect(named('docker-compose.yml')).toBe('fallback');
    expect(named('compose.prod.yaml')).toBe('fallback');
    expect(named('release/kubernetes-manifests.yaml')).toBe('fallback');
    expect(named()).toBe('fallback');
  });
});
