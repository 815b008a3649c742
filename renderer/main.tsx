/**
 * Renderer entry: opens the database, installs the store, mounts React.
 * If storage cannot be opened (private mode, disk full, blocked by another
 * version), the user sees why instead of a blank window.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/base.css';
import './styles.css';
import { App } from './app/App';
import { openDatabase } from './db/database';
import { WorkshopRepository } from './db/workshopRepository';
import { createAppStore } from './store/appStore';
import { createBrowserWindowSync } from './store/windowSync';
import { installAppStore } from './store/useAppStore';

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('index.html has no #root element.');
const root = createRoot(rootElement);

async function start(): Promise<void> {
  const db = openDatabase();
  await db.open();
  const store = createAppStore({
    repository: new WorkshopRepository(db),
    now: () => Date.now(),
    newId: () => crypto.randomUUID(),
    windows: createBrowserWindowSync(),
  });
  installAppStore(store);
  await store.getState().init();
  root.render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

start().catch((error: unknown) => {
  root.render(
    <main className="fatal" role="alert">
      <h1>Debrief could not open its local database</h1>
      <p>{error instanceof Error ? error.message : String(error)}</p>
      <p>
        Close other Debrief windows and reload. If the problem persists, check that the disk is not
        full and that the browser is not in private mode.
      </p>
    </main>,
  );
});
