// biome-ignore-all lint/suspicious/noExplicitAny: the test reads JSON responses of known shapes
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LivePeer } from './live/client.js';
import { redactUrl } from './log-redaction.js';
import { type RunningServer, startServer } from './server.js';
import { apiClient, minimalModel, testConfig } from './test-support.js';

/**
 * Issue 12, section 2: the request log held every Authorization header in clear. A server is
 * driven through the whole API with the owner token and every kind of link credential, and its
 * log is searched for each of them.
 */
let server: RunningServer;
const lines: string[] = [];
beforeAll(async () => {
  const capture = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  server = await startServer(testConfig({ logLevel: 'trace' }), { logDestination: capture });
});
afterAll(() => server.close());

describe('the request log', () => {
  it('holds no owner token and no link credential, whatever the request', async () => {
    const api = apiClient(server.url);
    const used: string[] = [];
    const json = async (res: Response) => (await res.json()) as Record<string, any>;

    const created = await json(await api('/models', { method: 'POST', json: { template: 'ecommerce' } }));
    const { id, token } = created as { id: string; token: string };
    used.push(token);
    const links: Record<string, string> = {};
    let revokedId = '';
    for (const role of ['view', 'comment', 'edit'] as const) {
      const made = await json(await api(`/models/${id}/links`, { method: 'POST', token, json: { role } }));
      links[role] = made.credential;
      used.push(made.credential);
      if (role === 'view') revokedId = made.id;
    }
    const expiring = await json(
      await api(`/models/${id}/links`, {
        method: 'POST',
        token,
        json: { role: 'view', expiresAt: new Date(Date.now() + 1500).toISOString() },
      }),
    );
    used.push(expiring.credential);
    const imported = await json(
      await api('/import?filename=docker-compose.yml', {
        method: 'POST',
        headers: { 'content-type': 'application/yaml' },
        body: 'services:\n  web:\n    image: nginx\n',
      }),
    );
    used.push(imported.token);

    const model = await (await api(`/models/${id}`, { token })).text();
    for (const credential of [token, links.view, links.comment, links.edit] as string[]) {
      await api(`/models/${id}`, { token: credential });
      await api(`/models/${id}/access`, { token: credential });
      await api(`/models/${id}/revisions`, { token: credential });
      await api(`/models/${id}/revisions/1`, { token: credential });
      await api(`/models/${id}/findings`, { token: credential });
      await api(`/models/${id}/comments`, { token: credential });
      await api(`/models/${id}/export.zip?targets=compose`, { token: credential });
      const thread = await json(
        await api(`/models/${id}/comments`, {
          method: 'POST',
          token: credential,
          author: 'Ana',
          json: { anchor: { element: 'orders' }, text: 'hello' },
        }),
      );
      if (typeof thread.id === 'string') {
        await api(`/models/${id}/comments/${thread.id}/replies`, {
          method: 'POST',
          token: credential,
          json: { text: 'r' },
        });
        await api(`/models/${id}/comments/${thread.id}`, {
          method: 'PATCH',
          token: credential,
          json: { resolved: true },
        });
        const commentId = thread.comments[0].id;
        await api(`/models/${id}/comments/${thread.id}/comments/${commentId}`, {
          method: 'PATCH',
          token: credential,
          json: { text: 'edited' },
        });
        await api(`/models/${id}/comments/${thread.id}`, { method: 'DELETE', token: credential });
      }
      await api(`/models/${id}/revisions/1/review`, {
        method: 'PUT',
        token: credential,
        json: { status: 'approved' },
      });
      await api(`/models/${id}`, {
        method: 'PUT',
        token: credential,
        headers: { 'if-match': '*' },
        body: model,
      });
      await api(`/models/${id}/revisions/1/restore`, { method: 'POST', token: credential });
      await api(`/models/${id}/links`, { token: credential });
      // The credential where a careless client might put it: a query string, a cookie, another header.
      await api(`/models/${id}?token=${encodeURIComponent(credential)}&access_token=${credential}`, {
        headers: { cookie: `session=${credential}`, 'proxy-authorization': `Bearer ${credential}` },
      });
      await api(`/models/${id}/live?credential=${credential}`);
    }
    // Live: the credential travels in the hello frame.
    const peer = new LivePeer(server.url, id, links.edit as string, 'Ana');
    await peer.ready;
    await peer.close();

    await api('/lint', {
      method: 'POST',
      token,
      body: JSON.stringify(minimalModel),
      headers: { 'content-type': 'application/json' },
    });
    // Refused credentials: wrong, malformed, revoked, expired.
    const bogus = `ml_${'0'.repeat(32)}_x${token.slice(0, 10)}`;
    used.push(bogus);
    await api(`/models/${id}`, { token: bogus });
    await api(`/models/${id}`, { token: `${token}x` });
    used.push(`${token}x`);
    expect((await api(`/models/${id}/links/${revokedId}`, { method: 'DELETE', token })).status).toBe(204);
    expect((await api(`/models/${id}`, { token: links.view })).status).toBe(404);
    await new Promise((resolve) => setTimeout(resolve, 1600));
    expect((await api(`/models/${id}`, { token: expiring.credential })).status).toBe(410);
    expect((await api(`/models/${imported.id}`, { method: 'DELETE', token: imported.token })).status).toBe(
      204,
    );
    expect((await api(`/models/${id}`, { method: 'DELETE', token })).status).toBe(204);

    const log = lines.join('\n');
    // The log does hold the requests (with their headers), so that the search below means something.
    expect(lines.length).toBeGreaterThan(60);
    expect(log).toContain(`/api/v1/models/${id}/comments`);
    expect(log).toContain('"authorization":"[redacted]"');
    for (const credential of used) {
      expect(log).not.toContain(credential);
      // Nor its secret alone, in case something logs it split.
      const secret = credential.startsWith('ml_') ? credential.split('_').slice(2).join('_') : credential;
      expect(log).not.toContain(secret);
    }
  }, 60_000);

  it('redacts secret-looking query parameters and link credentials in URLs, and leaves the rest', () => {
    expect(redactUrl('/api/v1/models/abc?targets=compose&token=s3cr3t&Access_Token=x')).toBe(
      '/api/v1/models/abc?targets=compose&token=[redacted]&Access_Token=[redacted]',
    );
    expect(redactUrl(`/x/ml_${'a'.repeat(32)}_sec_ret?q=ml_${'b'.repeat(32)}_zz`)).toBe(
      '/x/[redacted]?q=[redacted]',
    );
    expect(redactUrl('/api/v1/models')).toBe('/api/v1/models');
  });
});
