// Runs before the editor's code, as a classic script in <head>: the model the page opens on
// (`#/m/<id>`, with this browser's key for it) is requested at once, so that it comes over the
// network while the editor's code is still loading and being evaluated, not after. The editor's
// first GET of that model with the same headers takes the response (src/api/early.ts); anything
// unexpected (no key, storage unreadable) starts nothing and the editor asks as usual.
(() => {
  try {
    const id = /^#\/m\/([A-Za-z0-9_-]+)/.exec(location.hash)?.[1];
    if (id === undefined) return;
    const known = JSON.parse(localStorage.getItem('meshplan.models') ?? '[]');
    const entry = Array.isArray(known)
      ? known.find((k) => k !== null && typeof k === 'object' && k.id === id && typeof k.token === 'string')
      : undefined;
    if (entry === undefined) return;
    const headers = [['authorization', `Bearer ${entry.token}`]];
    const name = localStorage.getItem('meshplan.name');
    if (name !== null) headers.push(['x-author-name', encodeURIComponent(name)]);
    const path = `/models/${encodeURIComponent(id)}`;
    const response = fetch(`/api/v1${path}`, { headers });
    // A failure is the taker's to see; unclaimed, it must not be an unhandled rejection.
    response.catch(() => undefined);
    window.meshplanEarly = { path, headers, response };
  } catch {
    // Nothing started.
  }
})();
