/**
 * The home screen: the workshop library (title, incident date, severity,
 * status, last edited) with create, open, rename, duplicate, export, delete,
 * and the trash where deleted workshops can be restored or removed for good.
 */
import { useMemo, useState } from 'react';
import type { WorkshopId } from '../../shared/base/ids';
import {
  defaultHeader,
  STATUS_LABELS,
  WorkshopSchema,
  type Workshop,
} from '../../shared/workshop/workshop';
import { exportWorkshopToFile, useImport } from '../files/fileActions';
import { navigate, workshopHref } from '../routing/route';
import { getAppStore, useAppStore } from '../store/useAppStore';
import { ConfirmDialog } from '../ui/Dialog';
import { ErrorBoundary } from '../ui/ErrorBoundary';
import { formatDate, formatDateTime } from '../ui/format';
import { NewWorkshopDialog, RenameDialog } from './WorkshopForm';

type Modal =
  | { readonly kind: 'new' }
  | { readonly kind: 'rename'; readonly workshop: Workshop }
  | { readonly kind: 'trash'; readonly workshop: Workshop }
  | { readonly kind: 'purge'; readonly workshop: Workshop };

/** Refuses to render a stored workshop that no longer passes its schema (the row's boundary shows why). */
function requireValid(workshop: Workshop): void {
  const parsed = WorkshopSchema.safeParse(workshop);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${issue?.path.join('.') ?? 'record'} ${issue?.message ?? 'is not valid'}`);
  }
}

function DamagedRow({
  workshop,
  error,
  onModal,
}: {
  readonly workshop: Workshop;
  readonly error: Error;
  readonly onModal: (m: Modal) => void;
}) {
  const name = typeof workshop.title === 'string' && workshop.title ? workshop.title : workshop.id;
  return (
    <tr className="damaged-row">
      <th scope="row">{name}</th>
      <td colSpan={4} role="alert">
        This workshop’s stored data is damaged and cannot be shown ({error.message}). Export it to
        keep the evidence, or delete it.
      </td>
      <td className="row-actions">
        <button
          type="button"
          onClick={() => void exportWorkshopToFile(workshop.id)}
          aria-label={`Export ${name}`}
        >
          Export
        </button>
        <button
          type="button"
          className="danger"
          onClick={() => onModal({ kind: 'purge', workshop })}
          aria-label={`Delete ${name} permanently`}
        >
          Delete permanently
        </button>
      </td>
    </tr>
  );
}

function WorkshopRow({
  workshop,
  onModal,
}: {
  readonly workshop: Workshop;
  readonly onModal: (m: Modal) => void;
}) {
  requireValid(workshop);
  const store = getAppStore().getState();
  const open = () => navigate({ page: 'workshop', id: workshop.id });
  return (
    <tr>
      <th scope="row">
        <a href={workshopHref(workshop.id)}>{workshop.title}</a>
      </th>
      <td>{workshop.incidentDate ? formatDate(workshop.incidentDate) : '—'}</td>
      <td>
        <span className={`severity severity-${workshop.severity.toLowerCase()}`}>
          {workshop.severity}
        </span>
      </td>
      <td>{STATUS_LABELS[workshop.status]}</td>
      <td>{formatDateTime(workshop.updatedAt)}</td>
      <td className="row-actions">
        <button type="button" onClick={open} aria-label={`Open ${workshop.title}`}>
          Open
        </button>
        <button
          type="button"
          onClick={() => onModal({ kind: 'rename', workshop })}
          aria-label={`Rename ${workshop.title}`}
        >
          Rename
        </button>
        <button
          type="button"
          onClick={() => void store.duplicateWorkshop(workshop.id)}
          aria-label={`Duplicate ${workshop.title}`}
        >
          Duplicate
        </button>
        <button
          type="button"
          onClick={() => void exportWorkshopToFile(workshop.id)}
          aria-label={`Export ${workshop.title}`}
        >
          Export
        </button>
        <button
          type="button"
          className="danger"
          onClick={() => onModal({ kind: 'trash', workshop })}
          aria-label={`Delete ${workshop.title}`}
        >
          Delete
        </button>
      </td>
    </tr>
  );
}

export function HomeScreen() {
  const workshops = useAppStore((s) => s.workshops);
  const saving = useAppStore((s) => s.pendingWrites > 0);
  const [modal, setModal] = useState<Modal | null>(null);
  const { startImport } = useImport();
  const active = useMemo(() => workshops.filter((w) => w.deletedAt === null), [workshops]);
  const trashed = useMemo(() => workshops.filter((w) => w.deletedAt !== null), [workshops]);
  const store = getAppStore().getState();
  const close = () => setModal(null);

  const create = async (values: {
    title: string;
    incidentDate: string | null;
    severity: Workshop['severity'];
  }) => {
    close();
    const id: WorkshopId | null = await store.createWorkshop({
      ...defaultHeader(values.title),
      ...values,
    });
    if (id) navigate({ page: 'workshop', id });
  };

  return (
    <main className="home">
      <header className="home-header">
        <h1>
          <img src="./favicon.svg" alt="" width={28} height={28} /> Debrief
        </h1>
        <p className="tagline">Blameless postmortem workshops</p>
        <span className="save-state" role="status">
          {saving ? 'Saving…' : 'All changes saved'}
        </span>
        <div className="toolbar">
          <button type="button" className="primary" onClick={() => setModal({ kind: 'new' })}>
            New workshop
          </button>
          <button type="button" onClick={() => void startImport()}>
            Import workshop
          </button>
        </div>
      </header>

      <section aria-labelledby="library-heading">
        <h2 id="library-heading">Workshops</h2>
        {active.length === 0 ? (
          <p className="empty">
            No workshops yet. Create one for the incident you are reviewing, or import a workshop
            file.
          </p>
        ) : (
          <table className="library">
            <thead>
              <tr>
                <th scope="col">Title</th>
                <th scope="col">Incident date</th>
                <th scope="col">Severity</th>
                <th scope="col">Status</th>
                <th scope="col">Last edited</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {active.map((w) => (
                <ErrorBoundary
                  key={w.id}
                  fallback={(error) => <DamagedRow workshop={w} error={error} onModal={setModal} />}
                >
                  <WorkshopRow workshop={w} onModal={setModal} />
                </ErrorBoundary>
              ))}
            </tbody>
          </table>
        )}
      </section>

      {trashed.length > 0 && (
        <section aria-labelledby="trash-heading" className="trash">
          <h2 id="trash-heading">Trash</h2>
          <ul>
            {trashed.map((w) => (
              <li key={w.id}>
                <span>{w.title}</span>
                <button
                  type="button"
                  onClick={() => void store.restoreWorkshop(w.id)}
                  aria-label={`Restore ${w.title}`}
                >
                  Restore
                </button>
                <button
                  type="button"
                  className="danger"
                  onClick={() => setModal({ kind: 'purge', workshop: w })}
                  aria-label={`Delete ${w.title} permanently`}
                >
                  Delete permanently
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}

      {modal?.kind === 'new' && (
        <NewWorkshopDialog onCreate={(v) => void create(v)} onCancel={close} />
      )}
      {modal?.kind === 'rename' && (
        <RenameDialog
          currentTitle={modal.workshop.title}
          onCancel={close}
          onRename={(title) => {
            close();
            void store.updateWorkshop(modal.workshop.id, { title });
          }}
        />
      )}
      {modal?.kind === 'trash' && (
        <ConfirmDialog
          title="Delete workshop?"
          message={
            <p>“{modal.workshop.title}” will move to the trash. You can restore it from there.</p>
          }
          confirmLabel="Move to trash"
          danger
          onCancel={close}
          onConfirm={() => {
            close();
            void store.trashWorkshop(modal.workshop.id);
          }}
        />
      )}
      {modal?.kind === 'purge' && (
        <ConfirmDialog
          title="Delete permanently?"
          message={
            <p>
              “{modal.workshop.title}” and its audit trail will be removed from this computer. This
              cannot be undone. Export it first if you may need it again.
            </p>
          }
          confirmLabel="Delete permanently"
          danger
          onCancel={close}
          onConfirm={() => {
            close();
            void store.purgeWorkshop(modal.workshop.id);
          }}
        />
      )}
    </main>
  );
}
