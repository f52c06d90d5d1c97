import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Workspace packages resolve to their TypeScript sources (the `@meshplan/source` condition).
export default defineConfig({
  plugins: [react()],
  resolve: { conditions: ['@meshplan/source', 'module', 'browser', 'development|production'] },
  worker: { format: 'es' },
  // The live WebSocket goes through the same proxy (ws: true).
  server: { proxy: { '/api': { target: 'http://localhost:8080', ws: true } } },
  build: {
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
    // bench.html is the bare React Flow baseline of `npm run bench`, not a page of the product.
    rollupOptions: { input: { main: 'index.html', bench: 'bench.html' } },
  },
});
