/**
 * Notices: errors and confirmations shown in a live region, each dismissible,
 * some with an action (e.g. Undo after moving a workshop to the trash).
 * Info notices fade after a while; errors stay until dismissed. A notice's
 * technical detail (why a file was refused, in the checker's terms) sits behind a
 * closed "Technical details" disclosure: the message itself stays plain, and the
 * detail can still be read out or copied into a bug report.
 */
import { useEffect } from 'react';
import type { Notice } from '../store/appStore';
import { getAppStore, useAppStore } from '../store/useAppStore';

const INFO_LIFETIME_MS = 8000;

function NoticeItem({ notice }: { readonly notice: Notice }) {
  const dismiss = () => getAppStore().getState().dismissNotice(notice.id);
  useEffect(() => {
    if (notice.kind !== 'info') return;
    const timer = setTimeout(
      () => getAppStore().getState().dismissNotice(notice.id),
      INFO_LIFETIME_MS,
    );
    return () => clearTimeout(timer);
  }, [notice]);
  return (
    <div
      className={`notice notice-${notice.kind}`}
      role={notice.kind === 'error' ? 'alert' : 'status'}
    >
      <div className="notice-text">
        <span>{notice.message}</span>
        {notice.detail && (
          <details className="notice-detail">
            <summary>Technical details</summary>
            <p>{notice.detail}</p>
          </details>
        )}
      </div>
      {notice.action && (
        <button
          type="button"
          onClick={() => {
            notice.action?.run();
            dismiss();
          }}
        >
          {notice.action.label}
        </button>
      )}
      <button type="button" className="icon" aria-label="Dismiss message" onClick={dismiss}>
        ×
      </button>
    </div>
  );
}

export function Notices() {
  const notices = useAppStore((s) => s.notices);
  return (
    <div className="notices" aria-live="polite">
      {notices.map((notice) => (
        <NoticeItem key={notice.id} notice={notice} />
      ))}
    </div>
  );
}
