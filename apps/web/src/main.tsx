import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { i18nReady } from './i18n';
import './styles.css';

// The app shell kept for reloads without network (public/sw.js; issue 18). Not in development, where Vite serves modules.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  navigator.serviceWorker.register('/sw.js').catch(() => undefined);
  // Files loaded before the worker took over are named to it, so that they are kept too.
  void navigator.serviceWorker.ready.then((reg) =>
    reg.active?.postMessage({ keep: performance.getEntriesByType('resource').map((e) => e.name) }),
  );
}

// The first render waits for the reader's language when it is not English (its own chunk, see i18n/index.ts).
void i18nReady.then(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);
