/**
 * A cluster: a named area that groups notes (the postmortem lanes are
 * clusters). Its name is drawn large enough to read when the whole wall is on
 * screen (it scales against the zoom, growing above the cluster when far out,
 * as frame titles do on other boards) and is edited in place, with the
 * default lanes as suggestions. When selected it can be resized from any edge.
 * Moving it moves its notes (cluster.move).
 */
import { NodeResizer, type NodeProps } from '@xyflow/react';
import { memo, useId, useState, type KeyboardEvent } from 'react';
import { DEFAULT_LANES, WALL_LIMITS } from '../../shared/wall/records';
import type { ClusterNode as ClusterNodeType } from './wallViewStore';
import { useAppStore } from '../store/useAppStore';
import { CLUSTER_HEADER } from './wallGeometry';
import { renameCluster, resizeCluster, tidyCluster } from './wallActions';
import { useWallActions } from './wallContext';

function ClusterNodeView({ id, selected }: NodeProps<ClusterNodeType>) {
  const cluster = useAppStore((s) => s.open?.state.records.clusters.get(id));
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState('');
  const listId = useId();
  const actions = useWallActions();
  if (!cluster) return null;
  const name = cluster.name || 'Unnamed cluster';

  const startEditing = () => {
    setDraft(cluster.name);
    setEditing(true);
  };
  const commit = () => {
    setEditing(false);
    renameCluster(cluster.id, draft);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    event.stopPropagation();
    // Enter and Esc both keep the name typed, like a note's text.
    if (event.key === 'Enter' || event.key === 'Escape') commit();
  };

  return (
    <div className={`cluster${selected ? ' is-selected' : ''}`}>
      <NodeResizer
        isVisible={selected}
        minWidth={WALL_LIMITS.clusterSizeMin}
        minHeight={WALL_LIMITS.clusterSizeMin}
        onResizeEnd={(_event, params) => resizeCluster(cluster.id, params)}
      />
      <div className="cluster-header" style={{ height: CLUSTER_HEADER }}>
        {editing ? (
          <>
            <input
              className="nodrag"
              aria-label="Cluster name"
              value={draft}
              list={listId}
              maxLength={WALL_LIMITS.clusterNameLength}
              onChange={(e) => setDraft(e.target.value)}
              onKeyDown={onKeyDown}
              onBlur={commit}
              autoFocus
            />
            <datalist id={listId}>
              {DEFAULT_LANES.map((lane) => (
                <option key={lane} value={lane} />
              ))}
            </datalist>
          </>
        ) : (
          <button
            type="button"
            className="cluster-name nodrag"
            onClick={startEditing}
            aria-label={`Rename cluster ${name}`}
            title={cluster.name || 'Name this cluster'}
          >
            {cluster.name || 'Name this cluster'}
          </button>
        )}
        <span className="cluster-tools editing-chrome">
          <button
            type="button"
            className="icon nodrag"
            aria-label={`Zoom to ${name}`}
            title="Zoom to this cluster"
            onClick={() => actions.zoomToCluster(cluster.id)}
          >
            ⤢
          </button>
          <button
            type="button"
            className="icon nodrag"
            aria-label={`Tidy ${name}`}
            title="Tidy up: arrange its notes in a grid (T)"
            onClick={() => tidyCluster(cluster.id)}
          >
            ▦
          </button>
          <button
            type="button"
            className="icon nodrag"
            aria-label={`Delete cluster ${name}`}
            title="Delete cluster (its notes stay on the wall)"
            onClick={() => actions.remove([], [cluster.id])}
          >
            ×
          </button>
        </span>
      </div>
    </div>
  );
}

export const ClusterNode = memo(ClusterNodeView);
