import type { TestProject } from 'vitest/node';
import { type Cluster, postgresMissing, startCluster } from './postgres-cluster.js';

let cluster: Cluster | undefined;

/** Starts one PostgreSQL cluster for the `server-postgres` project; each test server gets a database of its own in it. */
export async function setup(project: TestProject): Promise<void> {
  const missing = postgresMissing();
  if (missing !== undefined) {
    console.warn(`server-postgres: skipped: ${missing}`);
    project.provide('postgresAdminUrl', '');
    return;
  }
  cluster = await startCluster();
  project.provide('postgresAdminUrl', cluster.adminUrl);
}

export function teardown(): void {
  cluster?.stop();
}
