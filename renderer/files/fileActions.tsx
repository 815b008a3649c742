/**
 * Export and import of workshop files, shared by the home screen, the workshop
 * screen and the application menu. A bad file only produces a message. A file
 * whose workshop is already in the library is compared with it by audit
 * chain: a file that continues the stored history can update it; anything
 * else is imported as a copy, unless the user explicitly discards the stored
 * history after seeing both: which copy is newer, and what replacing discards.
 * A refused file's notice says what is wrong in plain words, the checker's
 * technical detail behind a disclosure (shared/pipeline/fileProblems.ts).
 */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { WorkshopId } from '../../shared/base/ids';
import { WORKSHOP_FILE_EXTENSION } from '../../shared/pipeline/workshopFile';
import { pickWorkshopFile, saveTextFile } from '../platform/bridge';
import { navigate } from '../routing/route';
import type { ImportChoice } from '../store/appStore';
import { getAppStore } from '../store/useAppStore';
import { Dialog } from '../ui/Dialog';
import { formatDateTime } from '../ui/format';
import {
  COPY_TEXT,
  headText,
  lossText,
  newerCopy,
  newerText,
  relationText,
  type ImportComparison,
} from './importChoice';

export async function exportWorkshopToFile(id: WorkshopId): Promise<void> {
  const store = getAppStore().getState();
  const file = await store.exportWorkshop(id);
  if (!file) return;
  const outcome = await saveTextFile(file.fileName, file.contents);
  if (outcome.status === 'saved') {
    await store.recordExport(id, file.head);
    // In the browser the file goes wherever downloads go, without a dialog: say where
    // to look for it (people rarely know a download happened at all).
    store.notify(
      'info',
      outcome.to === 'downloads'
        ? `Saved to your Downloads folder as “${outcome.fileName}”.`
        : `Exported to “${outcome.fileName}”.`,
    );
  }
  if (outcome.status === 'failed') store.notify('error', `Export failed: ${outcome.message}`);
}

interface PendingChoice extends ImportComparison {
  readonly text: string;
  readonly byteLength: number;
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

function ImportChoiceDialog({
  pending,
  onChoose,
  onCancel,
}: {
  readonly pending: PendingChoice;
  readonly onChoose: (choice: ImportChoice) => void;
  readonly onCancel: () => void;
}) {
  const [confirmReplace, setConfirmReplace] = useState(false);
  const canUpdate = pending.relation.kind === 'extends';
  const newer = newerCopy(pending);
  const loss = lossText(pending, formatDateTime);
  return (
    <Dialog title="This workshop is already in your library" onClose={onCancel}>
      <div className="dialog-body">
        <p>{relationText(pending)}</p>
        <p>{newerText(pending, formatDateTime)}</p>
        <dl className="chain-heads">
          <dt>In your library{newer === 'library' ? ' (newer)' : ''}</dt>
          <dd>{headText(pending.local, formatDateTime)}</dd>
          <dt>In the file{newer === 'file' ? ' (newer)' : ''}</dt>
          <dd>{headText(pending.incoming, formatDateTime)}</dd>
        </dl>
        {!canUpdate && (
          <>
            {loss && <p>{loss}</p>}
            <p>{COPY_TEXT}</p>
          </>
        )}
        {confirmReplace && (
          <p role="alert">
            {loss ?? 'Replacing discards the workshop in your library.'} Its audit trail is replaced
            by the file&apos;s history. This cannot be undone.
          </p>
        )}
      </div>
      <div className="dialog-actions">
        <button type="button" onClick={onCancel} autoFocus={!canUpdate}>
          Cancel
        </button>
        {!canUpdate &&
          (confirmReplace ? (
            <button type="button" className="danger" onClick={() => onChoose('replace')}>
              Discard my history and replace
            </button>
          ) : (
            <button type="button" className="danger" onClick={() => setConfirmReplace(true)}>
              Replace…
            </button>
          ))}
        <button
          type="button"
          className={canUpdate ? undefined : 'primary'}
          onClick={() => onChoose('copy')}
        >
          Import as a copy
        </button>
        {canUpdate && (
          <button type="button" className="primary" onClick={() => onChoose('update')} autoFocus>
            Update with the file
          </button>
        )}
      </div>
    </Dialog>
  );
}

export function ImportProvider({ children }: { readonly children: ReactNode }) {
  const [pending, setPending] = useState<PendingChoice | null>(null);

  const finish = useCallback(async (text: string, byteLength: number, choice?: ImportChoice) => {
    const store = getAppStore().getState();
    const outcome = await store.importWorkshop(text, byteLength, choice);
    switch (outcome.status) {
      case 'invalid':
        store.notify(
          'error',
          `Import failed. ${outcome.message} Nothing was changed.`,
          undefined,
          outcome.detail,
        );
        return;
      case 'same':
        store.notify(
          'info',
          `“${outcome.title}” is already up to date: the file holds the same history.`,
        );
        navigate({ page: 'workshop', id: outcome.workshopId });
        return;
      case 'exists':
        setPending({ text, byteLength, ...outcome });
        return;
      case 'imported': {
        const verb = {
          new: 'Imported',
          update: 'Updated',
          replace: 'Replaced with the file:',
          copy: 'Imported a copy:',
        }[outcome.how];
        store.notify('info', `${verb} “${outcome.title}”.`);
        navigate({ page: 'workshop', id: outcome.workshopId });
      }
    }
  }, []);

  const startImport = useCallback(async () => {
    const picked = await pickWorkshopFile(`${WORKSHOP_FILE_EXTENSION},.json,application/json`);
    if (picked.status === 'cancelled') return;
    if (picked.status === 'failed') {
      getAppStore().getState().notify('error', `Import failed. ${picked.message}`);
      return;
    }
    await finish(picked.text, picked.byteLength);
  }, [finish]);

  const api = useMemo(() => ({ startImport }), [startImport]);

  return (
    <ImportContext.Provider value={api}>
      {children}
      {pending && (
        <ImportChoiceDialog
          pending={pending}
          onCancel={() => setPending(null)}
          onChoose={(choice) => {
            setPending(null);
            void finish(pending.text, pending.byteLength, choice);
          }}
        />
      )}
    </ImportContext.Provider>
  );
}
