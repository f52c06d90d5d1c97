// biome-ignore-all lint/suspicious/noExplicitAny: the tests read JSON responses of known shapes
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from './db.js';
import { builtServer, minimalModel, startBuiltServer, testServer } from './test-support.js';

describe('concurrent writes', () => {
  let server: Awaited<ReturnType<typeof testServer>>;
  beforeAll(async () => {
    server = await testServer();
  });
  afterAll(() => server.close());

  it('two PUTs with the same If-Match: exactly one wins, the other gets 412, no revision lost', async () => {
    const created = (await (
      await fetch(`${server.url}/api/v1/models`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(minimalModel),
      })
    ).json()) as any;
    for (let round = 1; round <= 20; round++) {
      const put = (name: string) =>
        fetch(`${server.url}/api/v1/models/${created.id}`, {
          method: 'PUT',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${created.token}`,
            'if-match': `"r${round}"`,
          },
          body: JSON.stringify({ ...minimalModel, name }),
        });
      const [a, b] = await Promise.all([put(`A${round}`), put(`B${round}`)]);
      expect([a.status, b.status].sort()).toEqual([200, 412]);
    }
    const list = (await (
      await fetch(`${server.url}/api/v1/models/${created.id}/revisions`, {
        headers: { authorization: `Bearer ${created.token}` },
      })
    ).json()) as any;
    expect(list.revisions.map((r: any) => r.number)).toEqual(Array.from({ length: 21 }, (_, i) => 21 - i));
  });
});

describe('malformed and mutated models (property)', () => {
  let server: Awaited<ReturnType<typeof testServer>>;
  let target: { id: string; token: string };
  beforeAll(async () => {
    server = await testServer();
    target = (await (
      await fetch(`${server.url}/api/v1/models`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ template: 'ecommerce' }),
      })
    ).json()) as any;
  });
  afterAll(() => server.close());

  const hostile = fc.constantFrom(
    '../../etc/passwd',
    '"quoted"',
    '<script>alert(1)</script>',
    'a: b\n- c',
    '#{x}',
    '__proto__',
    'x'.repeat(5000),
    '\u0000',
    '注文',
  );
  const anyValue = fc.oneof(fc.jsonValue(), hostile, fc.constant(undefined));
  /** A valid template, then one of many kinds of damage. */
  const mutated = fc.record({
    path: fc.array(
      fc.oneof(
        fc.constantFrom(
          'nodes',
          'edges',
          'contexts',
          'sagas',
          'settings',
          'rules',
          'id',
          'kind',
          'from',
          'to',
          'name',
          'api',
          'runtime',
          'steps',
          'format',
          '__proto__',
          'constructor',
        ),
        fc.nat(40),
      ),
      { minLength: 1, maxLength: 4 },
    ),
    value: anyValue,
  });

  function damage(model: any, path: (string | number)[], value: unknown): unknown {
    let node = model;
    for (const key of path.slice(0, -1)) {
      if (node === null || typeof node !== 'object') return model;
      // Own properties only: walking into `__proto__` here would damage this test process.
      if (!Object.hasOwn(node, key)) return model;
      const next = node[key];
      if (next === undefined || next === null || typeof next !== 'object') return model;
      node = next;
    }
    const last = path[path.length - 1] as string | number;
    if (node !== null && typeof node === 'object') {
      if (value === undefined) delete node[last];
      else Object.defineProperty(node, last, { value, enumerable: true, writable: true, configurable: true });
    }
    return model;
  }

  it('never answers 5xx; a refusal is always a problem document', async () => {
    const template = (await (
      await fetch(`${server.url}/api/v1/models/${target.id}`, {
        headers: { authorization: `Bearer ${target.token}` },
      })
    ).json()) as any;
    let revision = 1;
    await fc.assert(
      fc.asyncProperty(
        fc.array(mutated, { minLength: 1, maxLength: 3 }),
        fc.constantFrom('POST /models', 'POST /lint', 'PUT'),
        fc.boolean(),
        async (damages, endpoint, raw) => {
          let body = structuredClone(template);
          for (const { path, value } of damages) body = damage(body, path, value);
          const text = raw
            ? JSON.stringify(body).slice(0, 1 + (JSON.stringify(body).length >> 1))
            : JSON.stringify(body);
          const [method, path] = endpoint === 'PUT' ? ['PUT', `/models/${target.id}`] : endpoint.split(' ');
          const res = await fetch(`${server.url}/api/v1${path}`, {
            method,
            headers: {
              'content-type': 'application/json',
              authorization: `Bearer ${target.token}`,
              'if-match': `"r${revision}"`,
            },
            body: text ?? 'null',
          });
          expect(res.status).toBeLessThan(500);
          if (res.status >= 400) {
            expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
            const problem = (await res.json()) as any;
            expect(problem.status).toBe(res.status);
          } else {
            const ok = (await res.json()) as any;
            if (endpoint === 'PUT') revision = ok.revision;
          }
        },
      ),
      { numRuns: 1500 },
    );
    // What was stored is still a readable, valid model.
    const current = await fetch(`${server.url}/api/v1/models/${target.id}/findings`, {
      headers: { authorization: `Bearer ${target.token}` },
    });
    expect(current.status).toBe(200);
  }, 120_000);
});

describe.skipIf(!existsSync(builtServer))('a crash (SIGKILL) in the middle of a stream of writes', () => {
  const exited = (child: ChildProcess) =>
    new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  it('keeps every acknowledged revision, and the database passes its integrity check', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'meshplan-crash-'));
    const port = 20000 + Math.floor(Math.random() * 20000);
    const url = `http://127.0.0.1:${port}/api/v1`;
    let child = await startBuiltServer(dataDir, port);
    const created = (await (
      await fetch(`${url}/models`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ template: 'ecommerce' }),
      })
    ).json()) as any;
    const auth = { authorization: `Bearer ${created.token}` };
    const acknowledged = new Map<number, string>();
    let stop = false;
    // Four writers at once, each retrying on 412, until the kill.
    const writer = async (w: number) => {
      for (let i = 0; !stop; i++) {
        const head = await fetch(`${url}/models/${created.id}`, { headers: auth }).catch(() => undefined);
        if (head === undefined) return;
        const etag = head.headers.get('etag') ?? '';
        const model = (await head.json()) as any;
        const name = `writer ${w} write ${i}`;
        const res = await fetch(`${url}/models/${created.id}`, {
          method: 'PUT',
          headers: { ...auth, 'content-type': 'application/json', 'if-match': etag },
          body: JSON.stringify({ ...model, name }),
        }).catch(() => undefined);
        if (res?.status === 200) acknowledged.set(((await res.json()) as any).revision, name);
      }
    };
    const writers = [0, 1, 2, 3].map(writer);
    while (acknowledged.size < 40) await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGKILL');
    stop = true;
    await exited(child);
    await Promise.all(writers);

    child = await startBuiltServer(dataDir, port);
    try {
      for (const [revision, name] of acknowledged) {
        const res = await fetch(`${url}/models/${created.id}/revisions/${revision}`, { headers: auth });
        expect(res.status, `revision ${revision}`).toBe(200);
        expect(((await res.json()) as any).model.name).toBe(name);
      }
    } finally {
      child.kill('SIGTERM');
      expect(await exited(child)).toBe(0);
    }
    const db = await Database.open(join(dataDir, 'meshplan.db'));
    expect(await db.get('PRAGMA integrity_check')).toEqual({ integrity_check: 'ok' });
    const revisions = await db.all<{ number: number }>(
      'SELECT number FROM revisions WHERE model_id = ? ORDER BY number',
      [created.id],
    );
    // No gap and no half-written revision: numbers run 1..n.
    expect(revisions.map((r) => r.number)).toEqual(revisions.map((_, i) => i + 1));
    await db.close();
  }, 60_000);

  it('shuts down gracefully on SIGTERM, finishing requests in flight', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'meshplan-term-'));
    const port = 20000 + Math.floor(Math.random() * 20000);
    const child = await startBuiltServer(dataDir, port);
    // Send half a request, signal, then the rest: the request is in flight when SIGTERM comes.
    const body = JSON.stringify({ template: 'healthcare' });
    const response = new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path: '/api/v1/models',
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 10));
      setTimeout(() => {
        child.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(10)), 200);
      }, 200);
    });
    expect(await response).toBe(201);
    expect(await exited(child)).toBe(0);
    // Stopped accepting: a new connection is refused.
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  }, 30_000);
});
