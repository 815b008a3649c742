/**
 * The shortcut help (`?`): every key the wall understands, grouped, in a modal
 * dialog (focus trapped and restored by the native <dialog>, Escape closes it).
 */
import { Fragment, useId, useMemo } from 'react';
import { Dialog } from '../ui/Dialog';
import {
  isMacPlatform,
  keyParts,
  SHORTCUT_GROUPS,
  WALL_SHORTCUTS,
  type ShortcutGroup,
} from './shortcuts';
import './wallPanels.css';

export interface ShortcutHelpProps {
  readonly open: boolean;
  readonly onClose: () => void;
}

function Keys({ keys, mac }: { readonly keys: readonly string[]; readonly mac: boolean }) {
  return (
    <>
      {keys.map((key, index) => (
        <Fragment key={key}>
          {index > 0 && <span className="shortcut-or"> or </span>}
          <kbd className="shortcut-key">
            {keyParts(key, mac).map((part, i) => (
              <Fragment key={`${part}-${String(i)}`}>
                {i > 0 && '+'}
                <kbd>{part}</kbd>
              </Fragment>
            ))}
          </kbd>
        </Fragment>
      ))}
    </>
  );
}

function GroupTable({ group, mac }: { readonly group: ShortcutGroup; readonly mac: boolean }) {
  const headingId = useId();
  const rows = WALL_SHORTCUTS.filter((s) => s.group === group);
  return (
    <section className="shortcut-group" aria-labelledby={headingId}>
      <h3 id={headingId}>{group}</h3>
      <table className="shortcut-table" aria-labelledby={headingId}>
        <thead className="visually-hidden">
          <tr>
            <th scope="col">Keys</th>
            <th scope="col">Action</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((shortcut) => (
            <tr key={`${shortcut.keys.join(' ')}|${shortcut.action}`}>
              <th scope="row" className="shortcut-keys">
                <Keys keys={shortcut.keys} mac={mac} />
              </th>
              <td className="shortcut-action">{shortcut.action}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function ShortcutHelp({ open, onClose }: ShortcutHelpProps) {
  const mac = useMemo(() => isMacPlatform(), []);
  if (!open) return null;
  return (
    <Dialog title="Keyboard shortcuts" onClose={onClose}>
      <div className="shortcut-help">
        {SHORTCUT_GROUPS.map((group) => (
          <GroupTable key={group} group={group} mac={mac} />
        ))}
      </div>
      <div className="dialog-actions">
        <button type="button" className="primary" onClick={onClose} autoFocus>
          Close
        </button>
      </div>
    </Dialog>
  );
}
