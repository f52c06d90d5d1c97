// The baseline of the server benchmark: bare Express handlers doing the least the real ones must
// do. GET answers fixed bytes; PUT parses the JSON body and inserts it into SQLite (same sqlite3
// package, same pragmas as the real store). Started as its own process by server.bench.mjs.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import sqlite3 from 'sqlite3';

const body = readFileSync(process.env.BENCH_BODY_FILE, 'utf8');
const db = new sqlite3.Database(join(mkdtempSync(join(tmpdir(), 'meshplan-bare-')), 'bare.db'));
db.exec(
  'PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; CREATE TABLE docs (id INTEGER PRIMARY KEY, body TEXT NOT NULL)',
);

const app = express();
// Like the real server, no ETag hashing of every response body.
app.set('etag', false);
app.get('/doc', (_req, res) => {
  res.type('application/json').send(body);
});
app.put('/doc', express.json({ limit: '5mb' }), (req, res, next) => {
  db.run('INSERT INTO docs (body) VALUES (?)', [JSON.stringify(req.body)], (error) =>
    error ? next(error) : res.json({ ok: true }),
  );
});
const server = app.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('bare server ready'));
process.on('SIGTERM', () => server.close(() => db.close(() => process.exit(0))));
