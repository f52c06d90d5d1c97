import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Editor } from '../editor/Editor.js';
import { Home } from '../home/Home.js';

const queryClient = new QueryClient();

function useHash(): string {
  const [hash, setHash] = useState(location.hash);
  useEffect(() => {
    const update = () => setHash(location.hash);
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return hash;
}

/** `#/` is the home page, `#/m/<id>` a model in the editor (a reload reopens it). */
export function App() {
  const hash = useHash();
  const modelId = /^#\/m\/([A-Za-z0-9_-]+)/.exec(hash)?.[1];
  return (
    <QueryClientProvider client={queryClient}>
      {modelId ? <Editor key={modelId} id={modelId} /> : <Home />}
    </QueryClientProvider>
  );
}
