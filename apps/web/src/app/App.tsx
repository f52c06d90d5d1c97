import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Editor } from '../editor/Editor.js';
import { Home } from '../home/Home.js';
import { ShareLanding } from '../share/ShareLanding.js';
import { ErrorBoundary } from './ErrorBoundary.js';

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

/**
 * `#/` is the home page, `#/m/<id>` a model in the editor (a reload reopens it), `#/s/<id>/<credential>`
 * a share link: the secret is in the fragment, which browsers never send to a server.
 */
export function App() {
  const hash = useHash();
  const modelId = /^#\/m\/([A-Za-z0-9_-]+)/.exec(hash)?.[1];
  // A share link may name a view to open on: `#/s/<id>/<credential>/v/<view>`.
  const shared = /^#\/s\/([A-Za-z0-9_-]+)\/(ml_[A-Za-z0-9_-]+)(?:\/v\/([A-Za-z0-9._-]{1,64}))?$/.exec(hash);
  return (
    <QueryClientProvider client={queryClient}>
      {/* The last net: a page that fails says so and can be tried again, never a white page; going
          to another page leaves the failure behind. */}
      <ErrorBoundary key={shared ? `s/${shared[1]}` : (modelId ?? 'home')} name="page" className="home">
        {shared ? (
          <ShareLanding modelId={shared[1] as string} credential={shared[2] as string} view={shared[3]} />
        ) : modelId ? (
          <Editor key={modelId} id={modelId} />
        ) : (
          <Home />
        )}
      </ErrorBoundary>
    </QueryClientProvider>
  );
}
