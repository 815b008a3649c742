/**
 * An open workshop: a header with the title and save state, and two views,
 * the sticky-note wall and the incident details. Opening loads the workshop
 * from IndexedDB; a missing or trashed workshop says so instead of failing.
 */
import { useEffect, useState } from 'react';
import type { WorkshopId } from '../../shared/domain/ids';
import { STATUS_LABELS } from '../../shared/domain/model';
import { exportWorkshopToFile } from '../app/fileActions';
import { navigate } from '../app/route';
import { getAppStore, useAppStore } from '../store/useAppStore';
import { Wall } from '../wall/Wall';
import { IncidentDetails } from './IncidentDetails';

type Tab = 'wall' | 'details';

export function WorkshopScreen({ workshopId }: { readonly workshopId: WorkshopId }) {
  const [status, setStatus] = useState<'loading' | 'open' | 'missing'>('loading');
  const [tab, setTab] = useState<Tab>('wall');
  const workshop = useAppStore((s) =>
    s.open?.state.workshop.id === workshopId ? s.open.state.workshop : null,
  );
  const saving = useAppStore((s) => s.pendingWrites > 0);

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

  return (
    <main className="workshop">
      <header className="workshop-header">
        <button type="button" onClick={() => navigate({ page: 'home' })}>
          ← All workshops
        </button>
        <h1>{workshop.title}</h1>
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
          <button type="button" aria-pressed={tab === 'wall'} onClick={() => setTab('wall')}>
            Wall
          </button>
          <button type="button" aria-pressed={tab === 'details'} onClick={() => setTab('details')}>
            Incident details
          </button>
        </nav>
      </header>
      {tab === 'wall' ? <Wall /> : <IncidentDetails />}
    </main>
  );
}
