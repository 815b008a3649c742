/**
 * A zone of the systems diagram ("Core banking", "Third parties"): a named
 * area whose components are its children in React Flow, so dragging it
 * carries them (zone.move). Its name is drawn large enough to read when the
 * whole diagram is on screen (it scales against the zoom, as a wall
 * cluster's does) and is edited in place. When selected it can be resized
 * from any edge (zone.resize on release).
 */
import { NodeResizer, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { SYSTEMS_LIMITS } from '../../shared/systems/records';
import { getAppStore, useAppStore } from '../store/useAppStore';
import { NameEditor, focusNode } from './ComponentNode';
import { renameZone, resizeZone } from './systemsActions';
import { useSystemsActions, useSystemsView, useSystemsViewStore } from './systemsContext';
import type { ZoneFlowNode } from './systemsViewStore';

function ZoneNodeView({ id, selected }: NodeProps<ZoneFlowNode>) {
  const zone = useAppStore((s) => s.open?.state.records.zones.get(id));
  const readOnly = useAppStore((s) => s.open?.readOnly ?? false);
  const editing = useSystemsView((s) => s.editing === id);
  const view = useSystemsViewStore();
  const actions = useSystemsActions();
  if (!zone) return null;
  const name = zone.name || 'Unnamed zone';

  const finish = (text: string | null, byKeyboard: boolean): boolean => {
    if (text !== null && !renameZone(zone.id, text)) return false;
    view.getState().setEditing(null);
    if (byKeyboard) focusNode(id);
    return true;
  };

  return (
    <div className={`zone${selected ? ' is-selected' : ''}`}>
      <NodeResizer
        isVisible={selected && !readOnly}
        minWidth={SYSTEMS_LIMITS.zoneSizeMin}
        minHeight={SYSTEMS_LIMITS.zoneSizeMin}
        onResizeEnd={(_event, params) => {
          if (!resizeZone(zone.id, params)) {
            // Refused: put the frame back where the domain has it.
            const domain = getAppStore().getState().open?.state;
            if (domain) view.getState().sync(domain);
          }
        }}
      />
      <div className="zone-header">
        {editing ? (
          <NameEditor initial={zone.name} label="Zone name" onDone={finish} />
        ) : (
          <button
            type="button"
            className="zone-name nodrag"
            aria-label={`Rename zone ${name}`}
            title={name}
            onClick={() => view.getState().setEditing(id)}
          >
            {name}
          </button>
        )}
        <span className="zone-tools">
          <button
            type="button"
            className="icon nodrag"
            aria-label={`Delete zone ${name}`}
            title="Delete the zone (its components stay on the diagram)"
            onClick={() => actions.remove({ zones: [zone.id] })}
          >
            ×
          </button>
        </span>
      </div>
    </div>
  );
}

export const ZoneNode = memo(ZoneNodeView);
