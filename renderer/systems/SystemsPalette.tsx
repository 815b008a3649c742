/**
 * The diagram's toolbar: one button per kind of component (its icon, named
 * "Add service", "Add datastore", …), zones, the bank template, auto-layout,
 * the incident-path highlight, fit, undo and redo, the legend and export.
 * It stays on one row at 1280 px (a projector): the kinds are icon buttons
 * whose names are in their accessible name and tooltip.
 */
import { memo } from 'react';
import {
  COMPONENT_KIND_LABELS,
  COMPONENT_KINDS,
  type ComponentKind,
} from '../../shared/systems/records';
import { getAppStore, useAppStore } from '../store/useAppStore';
import { KindIcon } from './icons';

export type ExportFormat = 'svg' | 'png';

interface SystemsPaletteProps {
  readonly onAdd: (kind: ComponentKind) => void;
  readonly onAddZone: () => void;
  readonly onTemplate: () => void;
  readonly onAutoLayout: () => void;
  readonly onHighlight: () => void;
  readonly highlight: boolean;
  readonly onFit: () => void;
  readonly onLegend: () => void;
  readonly legend: boolean;
  /** Absent while figure export is not available. */
  readonly onExport?: (format: ExportFormat) => void;
}

const addLabel = (kind: ComponentKind) => `Add ${COMPONENT_KIND_LABELS[kind].toLowerCase()}`;

export const SystemsPalette = memo(function SystemsPalette(props: SystemsPaletteProps) {
  const empty = useAppStore(
    (s) =>
      s.open !== null &&
      s.open.state.records.components.size + s.open.state.records.zones.size === 0,
  );
  const hasComponents = useAppStore((s) => (s.open?.state.records.components.size ?? 0) > 0);
  const canUndo = useAppStore((s) => (s.open?.undo.length ?? 0) > 0);
  const canRedo = useAppStore((s) => (s.open?.redo.length ?? 0) > 0);
  return (
    <div className="systems-toolbar" role="toolbar" aria-label="Systems diagram tools">
      <span className="toolbar-group toolbar-kinds" role="group" aria-label="Add a component">
        {COMPONENT_KINDS.map((kind) => (
          <button
            key={kind}
            type="button"
            className="kind-button"
            aria-label={addLabel(kind)}
            title={addLabel(kind)}
            onClick={() => props.onAdd(kind)}
          >
            <KindIcon kind={kind} size={20} />
          </button>
        ))}
      </span>
      <span className="toolbar-group">
        <button type="button" onClick={props.onAddZone} title="Add a zone to group components">
          Add zone
        </button>
        <button
          type="button"
          onClick={props.onTemplate}
          title={
            empty
              ? 'Start with a typical bank: channels, core banking, payments, cards, third parties and operations'
              : 'Add the typical bank beside what is on the diagram'
          }
        >
          {empty ? 'Start from bank template' : 'Add bank template'}
        </button>
        <button
          type="button"
          onClick={props.onAutoLayout}
          disabled={!hasComponents}
          title="Arrange the components nobody placed by hand (pinned ones stay)"
        >
          Auto-layout
        </button>
      </span>
      <span className="toolbar-group">
        <button
          type="button"
          aria-pressed={props.highlight}
          onClick={props.onHighlight}
          title="Show the incident path on top, everything else dimmed"
        >
          Highlight incident path
        </button>
      </span>
      <span className="toolbar-group">
        <button
          type="button"
          onClick={() => getAppStore().getState().undo()}
          disabled={!canUndo}
          aria-label="Undo"
          title="Undo (Ctrl+Z)"
        >
          ↶
        </button>
        <button
          type="button"
          onClick={() => getAppStore().getState().redo()}
          disabled={!canRedo}
          aria-label="Redo"
          title="Redo (Ctrl+Y or Ctrl+Shift+Z)"
        >
          ↷
        </button>
      </span>
      <span className="toolbar-group toolbar-end">
        <button type="button" onClick={props.onFit} title="Fit the whole diagram to the screen (F)">
          Fit
        </button>
        <button
          type="button"
          aria-pressed={props.legend}
          onClick={props.onLegend}
          title="What the lines and markers mean"
        >
          Legend
        </button>
        {props.onExport && (
          <>
            <button
              type="button"
              aria-label="Export SVG"
              title="Save the diagram as an SVG figure"
              onClick={() => props.onExport?.('svg')}
            >
              SVG
            </button>
            <button
              type="button"
              aria-label="Export PNG"
              title="Save the diagram as a PNG picture"
              onClick={() => props.onExport?.('png')}
            >
              PNG
            </button>
          </>
        )}
      </span>
    </div>
  );
});
