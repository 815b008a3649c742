/**
 * Export and import of workshop files, shared by the home screen, the workshop
 * screen and the application menu. Import asks before replacing a workshop
 * that is already in the library; a bad file only produces a message.
 */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { WorkshopId } from '../../shared/domain/ids';
import { WORKSHOP_FILE_EXTENSION } from '../../shared/exchange/workshopFile';
import { pickWorkshopFile, saveTextFile } from '../platform/bridge';
import { getAppStore } from '../store/useAppStore';
import { ConfirmDialog } from '../ui/Dialog';
import { navigate } from './route';

export async function exportWorkshopToFile(id: WorkshopId): Promise<void> {
  const store = getAppStore().getState();
  const file = await store.exportWorkshop(id);
  if (!file) return;
  const outcome = await saveTextFile(file.fileName, file.contents);
  if (outcome.status === 'saved') store.notify('info', `Exported to ${file.fileName}.`);
  if (outcome.status === 'failed') store.notify('error', `Export failed: ${outcome.message}`);
}

interface PendingReplace {
  readonly text: string;
  readonly byteLength: number;
  readonly title: string;
  readonly inTrash: boolean;
}

interface ImportApi {
  readonly startImport: () => Promise<void>;
}

const ImportContext = createContext<ImportApi | null>(null);

export function useImport(): ImportApi {
  const api = useContext(ImportContext);
  if (!api) throw new Error('useImport is used outside <ImportProvider>.');
  return api;
}

export function ImportProvider({ children }: { readonly children: ReactNode }) {
  const [pending, setPending] = useState<PendingReplace | null>(null);

  const finish = useCallback(async (text: string, byteLength: number, replace: boolean) => {
    const store = getAppStore().getState();
    const outcome = await store.importWorkshop(text, byteLength, replace);
    switch (outcome.status) {
      case 'invalid':
        store.notify('error', `Import failed. ${outcome.message} Nothing was changed.`);
        return;
      case 'exists':
        setPending({ text, byteLength, title: outcome.title, inTrash: outcome.inTrash });
        return;
      case 'imported':
        store.notify('info', `Imported “${outcome.title}”.`);
        navigate({ page: 'workshop', id: outcome.workshopId });
    }
  }, []);

  const startImport = useCallback(async () => {
    const picked = await pickWorkshopFile(`${WORKSHOP_FILE_EXTENSION},.json,application/json`);
    if (picked.status === 'cancelled') return;
    if (picked.status === 'failed') {
      getAppStore().getState().notify('error', `Import failed. ${picked.message}`);
      return;
    }
    await finish(picked.text, picked.byteLength, false);
  }, [finish]);

  const api = useMemo(() => ({ startImport }), [startImport]);

  return (
    <ImportContext.Provider value={api}>
      {children}
      {pending && (
        <ConfirmDialog
          title="Replace workshop?"
          message={
            <p>
              “{pending.title}” is already in your library{pending.inTrash ? ' (in the trash)' : ''}
              . Importing replaces it, and its audit trail, with the version in the file.
            </p>
          }
          confirmLabel="Replace"
          danger
          onCancel={() => setPending(null)}
          onConfirm={() => {
            setPending(null);
            void finish(pending.text, pending.byteLength, true);
          }}
        />
      )}
    </ImportContext.Provider>
  );
}
