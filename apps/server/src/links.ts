import { randomBytes } from 'node:crypto';
import type { LinkRole, ShareLink } from '@meshplan/api';
import type { SqlDatabase } from './db.js';
import type { ModelEvents } from './events.js';
import { hash, secret } from './store.js';

interface LinkRow {
  id: string;
  model_id: string;
  role: LinkRole;
  secret_hash: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
}

const PREFIX = 'ml_';
const LINK_ID = /^[0-9a-f]{32}$/;

/**
 * `ml_<linkId>_<secret>` → its parts. The id is hex (no `_`); the secret is base64url and may
 * contain `_`, so only the first two underscores separate.
 */
export function parseLinkCredential(credential: string): { id: string; secret: string } | undefined {
  if (!credential.startsWith(PREFIX)) return undefined;
  const rest = credential.slice(PREFIX.length);
  const cut = rest.indexOf('_');
  if (cut < 0) return undefined;
  const id = rest.slice(0, cut);
  const linkSecret = rest.slice(cut + 1);
  return LINK_ID.test(id) && linkSecret !== '' ? { id, secret: linkSecret } : undefined;
}

const toLink = (row: LinkRow): ShareLink => ({
  id: row.id,
  role: row.role,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  revokedAt: row.revoked_at,
});

/** The share links of models. Emits `links` after a revocation (whoever came in with it must leave). */
export class LinkRepository {
  constructor(
    private readonly db: SqlDatabase,
    private readonly events: ModelEvents,
  ) {}

  /** A new link on `modelId`; its credential is returned here only, the secret stored as SHA-256. */
  async create(
    modelId: string,
    role: LinkRole,
    expiresAt: string | null,
  ): Promise<ShareLink & { credential: string }> {
    const id = randomBytes(16).toString('hex');
    const linkSecret = secret(32);
    const createdAt = new Date().toISOString();
    await this.db.serial(() =>
      this.db.run(
        'INSERT INTO share_links (id, model_id, role, secret_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
        [id, modelId, role, hash(linkSecret).toString('hex'), createdAt, expiresAt],
      ),
    );
    return { id, role, createdAt, expiresAt, revokedAt: null, credential: `${PREFIX}${id}_${linkSecret}` };
  }

  /** The links of a model, newest first, without secrets. */
  async list(modelId: string): Promise<ShareLink[]> {
    const rows = await this.db.all<LinkRow>(
      'SELECT * FROM share_links WHERE model_id = ? ORDER BY created_at DESC, rowid DESC',
      [modelId],
    );
    return rows.map(toLink);
  }

  /** Revokes a link of `modelId` (kept, with `revokedAt`); false when the model has no such link. */
  async revoke(modelId: string, linkId: string): Promise<boolean> {
    const { changes } = await this.db.serial(() =>
      this.db.run(
        'UPDATE share_links SET revoked_at = coalesce(revoked_at, ?) WHERE id = ? AND model_id = ?',
        [new Date().toISOString(), linkId, modelId],
      ),
    );
    if (changes > 0) this.events.emit('links', modelId);
    return changes > 0;
  }

  /** The stored link `id` with its secret's hash, for the access check. */
  async find(id: string): Promise<(ShareLink & { modelId: string; secretHash: Buffer }) | undefined> {
    const row = await this.db.get<LinkRow>('SELECT * FROM share_links WHERE id = ?', [id]);
    if (row === undefined) return undefined;
    return { ...toLink(row), modelId: row.model_id, secretHash: Buffer.from(row.secret_hash, 'hex') };
  }
}
