/**
 * The application shell: routes between the home screen and an open workshop
 * (with the boards of renderer/app/boards.ts), hosts notices and the import
 * flow, maps application-menu commands, warns before closing with unsaved
 * writes, and keeps a failing screen from blanking the app.
 */
import { useEffect } from 'react';
import { HomeScreen } from '../home/HomeScreen';
import { onMenuCommand } from '../platform/bridge';
import { getAppStore } from '../store/useAppStore';
import { ErrorBoundary } from '../ui/ErrorBoundary';
import { Notices } from '../ui/Notices';
import { WorkshopScreen } from '../workshop/WorkshopScreen';
import { exportWorkshopToFile, ImportProvider, useImport } from '../files/fileActions';
import { navigate, useRoute } from '../routing/route';
import { BOARDS } from './boards';

function MenuCommands() {
  const { startImport } = useImport();
  useEffect(
    () =>
      onMenuCommand((command) => {
        const store = getAppStore().getState();
        const openId = store.open?.state.workshop.id;
        switch (command) {
          case 'undo':
            store.undo();
            break;
          case 'redo':
            store.redo();
            break;
          case 'home':
            navigate({ page: 'home' });
            break;
          case 'import':
            void startImport();
            break;
          case 'export':
            if (openId) void exportWorkshopToFile(openId);
            break;
          case 'add-note':
            window.dispatchEvent(new CustomEvent('debrief:add-note'));
            break;
        }
      }),
    [startImport],
  );
  return null;
}

/** Warns before the window closes while changes are still being written. */
function UnsavedChangesGuard() {
  useEffect(() => {
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (getAppStore().getState().pendingWrites > 0) event.preventDefault();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, []);
  return null;
}

function ScreenFailed({ error, reset }: { readonly error: Error; readonly reset: () => void }) {
  return (
    <main className="centered" role="alert">
      <h1>This screen could not be shown</h1>
      <p>{error.message}</p>
      <p>Your workshops are stored and safe. Go back to the library to continue.</p>
      <button
        type="button"
        onClick={() => {
          navigate({ page: 'home' });
          reset();
        }}
      >
        All workshops
      </button>
    </main>
  );
}

export function App() {
  const route = useRoute();
  return (
    <ImportProvider>
      <MenuCommands />
      <UnsavedChangesGuard />
      <ErrorBoundary
        key={route.page === 'home' ? 'home' : route.id}
        fallback={(error, reset) => <ScreenFailed error={error} reset={reset} />}
      >
        {route.page === 'home' ? (
          <HomeScreen />
        ) : (
          <WorkshopScreen
            key={route.id}
            workshopId={route.id}
            board={route.board}
            boards={BOARDS}
          />
        )}
      </ErrorBoundary>
      <Notices />
    </ImportProvider>
  );
}
