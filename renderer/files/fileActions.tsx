/**
 * Export and import of workshop files, shared by the home screen, the workshop
 * screen and the application menu. A bad file only produces a message. A file
 * whose workshop is already in the library is compared with it by audit
 * chain: a file that continues the stored history can update it; anything
 * else is imported as a copy, unless the user explicitly discards the stored
 * history after seeing both.
 */
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { ChainHead, ChainRelation } from '../../shared/base/auditChain';
import type { WorkshopId } from '../../shared/base/ids';
import { WORKSHOP_FILE_EXTENSION } from '../../shared/pipeline/workshopFile';
import { pickWorkshopFile, saveTextFile } from '../platform/bridge';
import { navigate } from '../routing/route';
import type { ImportChoice } from '../store/appStore';
import { getAppStore } from '../store/useAppStore';
import { Dialog } from '../ui/Dialog';

export async function exportWorkshopToFile(id: WorkshopId): Promise<void> {
  const store = getAppStore().getState();
  const file = await store.exportWorkshop(id);
  if (!file) return;
  const outcome = await saveTextFile(file.fileName, file.contents);
  if (outcome.status === 'saved') {
    await store.recordExport(id, file.head);
    store.notify('info', `Exported to ${file.fileName}.`);
  }
  if (outcome.status === 'failed') store.notify('error', `Export failed: ${outcome.message}`);
}

interface PendingChoice {
  readonly text: string;
  readonly byteLength: number;
  readonly title: string;
  readonly inTrash: boolean;
  readonly relation: ChainRelation;
  readonly local: ChainHead;
  readonly incoming: ChainHead;
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

const changes = (n: number) => (n === 1 ? '1 change' : `${n.toLocaleString()} changes`);

/** A chain head as people can compare it: how many changes, and the start of the last hash. */
const describeHead = (head: ChainHead) =>
  `${changes(head.seq + 1)}, last fingerprint ${head.hash.slice(0, 12)}`;

function relationText(p: PendingChoice): string {
  const where = `You have “${p.title}”${p.inTrash ? ' (in the trash)' : ''}.`;
  switch (p.relation.kind) {
    case 'extends':
      return `${where} The file continues it: it has the same history plus ${changes(p.relation.added)} made since.`;
    case 'older':
      return `${where} The file is an older version of it: your copy has ${changes(p.relation.ahead)} that the file does not.`;
    case 'diverged':
      return p.relation.fromExport
        ? `${where} The file continues an export made from this computer, but both were changed since: they share the first ${changes(p.relation.common)} and then differ.`
        : `${where} Its history differs from yours after the first ${changes(p.relation.common)}: it was changed elsewhere, or rewritten.`;
    case 'same':
      return `${where} The file holds exactly the same history.`;
  }
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
  return (
    <Dialog title="This workshop is already in your library" onClose={onCancel}>
      <div className="dialog-body">
        <p>{relationText(pending)}</p>
        <dl className="chain-heads">
          <dt>In your library</dt>
          <dd>{describeHead(pending.local)}</dd>
          <dt>In the file</dt>
          <dd>{describeHead(pending.incoming)}</dd>
        </dl>
        {confirmReplace && (
          <p role="alert">
            Replacing discards the workshop in your library and its whole audit trail; only the
            file&apos;s history remains. This cannot be undone.
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
        store.notify('error', `Import failed. ${outcome.message} Nothing was changed.`);
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
