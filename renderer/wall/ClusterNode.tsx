/**
 * A cluster: a named area that groups notes. Its name is edited in place (the
 * default postmortem lanes are offered as suggestions); when selected it can
 * be resized from any edge. Moving it moves its notes (cluster.move).
 */
import { NodeResizer, type NodeProps } from '@xyflow/react';
import { memo, useId, useState, type KeyboardEvent } from 'react';
import { DEFAULT_LANES, WALL_LIMITS } from '../../shared/wall/records';
import type { ClusterNode as ClusterNodeType } from '../store/wallViewStore';
import { useAppStore } from '../store/useAppStore';
import { CLUSTER_HEADER } from './wallGeometry';
import { deleteItems, renameCluster, resizeCluster } from './wallActions';

function ClusterNodeView({ id, selected }: NodeProps<ClusterNodeType>) {
  const cluster = useAppStore((s) => s.open?.state.records.clusters.get(id));
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState('');
  const listId = useId();
  if (!cluster) return null;

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
    if (event.key === 'Enter') commit();
    if (event.key === 'Escape') setEditing(false);
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
            aria-label={`Rename cluster ${cluster.name || 'Unnamed cluster'}`}
          >
            {cluster.name || 'Name this cluster'}
          </button>
        )}
        <button
          type="button"
          className="icon nodrag"
          aria-label={`Delete cluster ${cluster.name || 'Unnamed cluster'}`}
          title="Delete cluster (its notes stay on the wall)"
          onClick={() => deleteItems([], [cluster.id])}
        >
          ×
        </button>
      </div>
    </div>
  );
}

export const ClusterNode = memo(ClusterNodeView);
