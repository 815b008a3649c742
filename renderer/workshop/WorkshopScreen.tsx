/**
 * An open workshop: a header with the title and save state, and the boards
 * (one tab each) that renderer/app/boards.ts lists. Opening loads the workshop
 * from IndexedDB; a missing or trashed workshop says so instead of failing,
 * and a workshop another window is editing is shown read-only with a banner.
 */
import { useEffect, useState } from 'react';
import type { WorkshopId } from '../../shared/base/ids';
import { STATUS_LABELS } from '../../shared/workshop/workshop';
import { exportWorkshopToFile } from '../files/fileActions';
import { navigate } from '../routing/route';
import { READ_ONLY_MESSAGE } from '../store/appStore';
import { getAppStore, useAppStore } from '../store/useAppStore';
import type { Board } from './board';

export function WorkshopScreen({
  workshopId,
  board,
  boards,
}: {
  readonly workshopId: WorkshopId;
  /** The board the route names; the first board when none (or an unknown one) is named. */
  readonly board: string | undefined;
  readonly boards: readonly Board[];
}) {
  const [status, setStatus] = useState<'loading' | 'open' | 'missing'>('loading');
  const tab = boards.some((b) => b.id === board) ? (board as string) : (boards[0]?.id ?? '');
  const setTab = (id: string) => navigate({ page: 'workshop', id: workshopId, board: id });
  const workshop = useAppStore((s) =>
    s.open?.state.workshop.id === workshopId ? s.open.state.workshop : null,
  );
  const saving = useAppStore((s) => s.pendingWrites > 0);
  const readOnly = useAppStore((s) => s.open?.readOnly ?? false);

  useEffect(() => {
    let live = true;
    void getAppStore()
      .getState()
      .openWorkshop(workshopId)
      .then((found) => {
        if (live) setStatus(found ? 'open' : 'missing');
      });
    return () => {
      live = false;
      getAppStore().getState().closeWorkshop();
    };
  }, [workshopId]);

  if (status === 'loading')
    return (
      <main className="centered" aria-busy="true">
        Opening workshop…
      </main>
    );
  if (status === 'missing' || !workshop) {
    return (
      <main className="centered">
        <h1>Workshop not found</h1>
        <p>
          It may have been deleted permanently. Workshops in the trash can be restored from the home
          screen.
        </p>
        <button type="button" onClick={() => navigate({ page: 'home' })}>
          All workshops
        </button>
      </main>
    );
  }
  if (workshop.deletedAt !== null) {
    return (
      <main className="centered">
        <h1>{workshop.title} is in the trash</h1>
        <button
          type="button"
          onClick={() => void getAppStore().getState().restoreWorkshop(workshop.id)}
        >
          Restore workshop
        </button>
        <button type="button" onClick={() => navigate({ page: 'home' })}>
          All workshops
        </button>
      </main>
    );
  }

  const Current = boards.find((b) => b.id === tab)?.Component;
  return (
    <main className="workshop">
      <header className="workshop-header">
        <button type="button" onClick={() => navigate({ page: 'home' })}>
          ← All workshops
        </button>
        <h1 title={workshop.title}>{workshop.title}</h1>
        <span className={`severity severity-${workshop.severity.toLowerCase()}`}>
          {workshop.severity}
        </span>
        <span className="status">{STATUS_LABELS[workshop.status]}</span>
        <span className="save-state" role="status">
          {saving ? 'Saving…' : 'All changes saved'}
        </span>
        <button
          type="button"
          onClick={() => void exportWorkshopToFile(workshop.id)}
          title="Save this workshop with its audit trail as a file"
        >
          Export workshop
        </button>
        <nav className="tabs" aria-label="Workshop views">
          {boards.map((board) => (
            <button
              key={board.id}
              type="button"
              aria-pressed={tab === board.id}
              onClick={() => setTab(board.id)}
            >
              {board.label}
            </button>
          ))}
        </nav>
      </header>
      {readOnly && (
        <p className="read-only-banner" role="status">
          {READ_ONLY_MESSAGE}
        </p>
      )}
      {/* A disabled fieldset turns every control of the board off while another window edits. */}
      <fieldset className="board-frame" disabled={readOnly}>
        {Current && <Current />}
      </fieldset>
    </main>
  );
}
