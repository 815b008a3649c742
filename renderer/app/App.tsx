/**
 * The application shell: routes between the home screen and an open workshop,
 * hosts notices and the import flow, and maps application-menu commands.
 */
import { useEffect } from 'react';
import { HomeScreen } from '../home/HomeScreen';
import { onMenuCommand } from '../platform/bridge';
import { getAppStore } from '../store/useAppStore';
import { Notices } from '../ui/Notices';
import { WorkshopScreen } from '../workshop/WorkshopScreen';
import { exportWorkshopToFile, ImportProvider, useImport } from './fileActions';
import { navigate, useRoute } from './route';

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

export function App() {
  const route = useRoute();
  return (
    <ImportProvider>
      <MenuCommands />
      {route.page === 'home' ? (
        <HomeScreen />
      ) : (
        <WorkshopScreen key={route.id} workshopId={route.id} />
      )}
      <Notices />
    </ImportProvider>
  );
}
