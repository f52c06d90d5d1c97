import type { ImportFile } from './types.js';

/**
 * Folders that say how a project is laid out, not which project it is: `online-boutique/release`
 * is Online Boutique's, `sock-shop/docker-compose` Sock Shop's, `chart/templates` the chart's.
 */
const LAYOUT_FOLDERS = new Set([
  'api',
  'api-spec',
  'api-specs',
  'apis',
  'asyncapi',
  'base',
  'build',
  'chart',
  'charts',
  'compose',
  'config',
  'configs',
  'deploy',
  'deployment',
  'deployments',
  'dev',
  'development',
  'dist',
  'docker',
  'docker-compose',
  'env',
  'environments',
  'examples',
  'helm',
  'infra',
  'infrastructure',
  'k8s',
  'kube',
  'kubernetes',
  'kubernetes-manifests',
  'kustomize',
  'manifests',
  'openapi',
  'ops',
  'overlays',
  'prod',
  'production',
  'release',
  'releases',
  'spec',
  'specs',
  'src',
  'staging',
  'swagger',
  'templates',
  'yaml',
]);

/** Words that make a folder a layout folder wherever they stand: `quickstart-k8s`, `helm-charts`. */
const LAYOUT_WORDS = new Set([
  'compose',
  'deploy',
  'deployment',
  'deployments',
  'helm',
  'k8s',
  'kube',
  'kubernetes',
  'kustomize',
  'manifests',
  'overlays',
  'release',
]);

function isLayoutFolder(folder: string): boolean {
  const lower = folder.toLowerCase();
  return LAYOUT_FOLDERS.has(lower) || lower.split(/[-_.]/).some((word) => LAYOUT_WORDS.has(word));
}

/** File names that name a tool, not a project: docker-compose.prod.yml, kubernetes-manifests.yaml. */
const TOOL_FILE =
  /^((docker-)?compose|kubernetes-manifests|manifests?|deployment|all-in-one|openapi|asyncapi|swagger)([.-].*)?$/i;

/**
 * A model name from where the files came from: the nearest folder above the first file that names
 * a project (layout folders such as `release`, `docker-compose` or `quickstart-k8s` skipped), else the file's own name
 * unless it only names a tool, else `fallback`.
 */
export function modelName(files: readonly ImportFile[], fallback: string): string {
  const path = files[0]?.path ?? '';
  const parts = path.split(/[\\/]/).filter((part) => part !== '' && part !== '.' && part !== '..');
  const folders = parts.slice(0, -1).reverse();
  const project = folders.find((folder) => !isLayoutFolder(folder));
  if (project !== undefined) return project;
  const file = parts[parts.length - 1]?.replace(/\.(ya?ml|json)$/i, '');
  return file !== undefined && file !== '' && !TOOL_FILE.test(file) ? file : fallback;
}
