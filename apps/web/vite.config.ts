import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Workspace packages resolve to their TypeScript sources (the `@meshplan/source` condition).
export default defineConfig(({ mode }) => {
  // `vite build --mode bench` (bench/editor.bench.mjs) builds into dist-bench/ with bench.html, the
  // bare React Flow baseline of `npm run bench`. The build the server serves (dist/) has neither
  // that page nor source maps.
  const bench = mode === 'bench';
  const input: Record<string, string> = bench
    ? { main: 'index.html', bench: 'bench.html' }
    : { main: 'index.html' };
  return {
    plugins: [react()],
    resolve: { conditions: ['@meshplan/source', 'module', 'browser', 'development|production'] },
    worker: { format: 'es' },
    // The live WebSocket goes through the same proxy (ws: true).
    server: { proxy: { '/api': { target: 'http://localhost:8080', ws: true } } },
    build: {
      target: 'es2022',
      outDir: bench ? 'dist-bench' : 'dist',
      sourcemap: false,
      chunkSizeWarningLimit: 2000,
      rollupOptions: { input },
    },
  };
});
