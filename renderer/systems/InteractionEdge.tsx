/**
 * An interaction of the systems diagram: a line from one component's border
 * to the other's with an arrowhead, styled by kind so it reads in black and
 * white (request: solid; data flow: thick; control action: dashed; feedback:
 * dotted and curved back; dependency: thin grey dashes), a halo when it is on
 * the incident path, and a label card with its text and its failure-mode,
 * guardrail and factor markers. The edge's accessible name ("Request / call
 * from Mobile app to API gateway") is on the edge itself (the view store sets
 * it); the markers keep their own accessible text.
 */
import {
  EdgeLabelRenderer,
  useInternalNode,
  type EdgeProps,
  type InternalNode,
} from '@xyflow/react';
import { memo } from 'react';
import { useAppStore } from '../store/useAppStore';
import { interactionGeometry } from './edgeGeometry';
import { factorKey, parseFactorKey } from './factorBadges';
import { Markers } from './Markers';
import { useSystemsView, useSystemsViewStore } from './systemsContext';
import type { Rect } from './systemsModel';
import type { InteractionFlowEdge } from './systemsViewStore';

const rectOf = (node: InternalNode): Rect => ({
  x: node.internals.positionAbsolute.x,
  y: node.internals.positionAbsolute.y,
  width: node.measured.width ?? node.width ?? 0,
  height: node.measured.height ?? node.height ?? 0,
});

function InteractionEdgeView({
  id,
  source,
  target,
  data,
  selected,
}: EdgeProps<InteractionFlowEdge>) {
  const sourceNode = useInternalNode(source);
  const targetNode = useInternalNode(target);
  const interaction = useAppStore((s) => s.open?.state.records.interactions.get(id));
  const factors = useAppStore((s) => factorKey(s.open?.state.records, id));
  const compact = useSystemsView((s) => s.detail === 'compact');
  const view = useSystemsViewStore();
  if (!sourceNode || !targetNode || !interaction) return null;
  const geometry = interactionGeometry(rectOf(sourceNode), rectOf(targetNode), data?.bend ?? 0);
  const badges = parseFactorKey(factors);
  const failure = interaction.failureMode.trim();
  const label = interaction.label.trim();
  const hasCard =
    label !== '' || failure !== '' || interaction.guardrails.length > 0 || badges.length > 0;
  const dimmed = data?.dimmed ?? false;

  return (
    <>
      {interaction.onPath && <path d={geometry.path} className="interaction-halo" />}
      <path d={geometry.path} className={`interaction-line kind-${interaction.kind}`} />
      <polygon points={geometry.arrow} className={`interaction-arrow kind-${interaction.kind}`} />
      {/* A wide invisible stroke, so a thin line is easy to click. */}
      <path d={geometry.path} className="interaction-hit" />
      {hasCard && !compact && (
        <EdgeLabelRenderer>
          <div
            className={`interaction-label nodrag nopan${selected ? ' is-selected' : ''}${dimmed ? ' is-dimmed' : ''}${interaction.onPath ? ' is-on-path' : ''}`}
            style={{
              transform: `translate(-50%, -50%) translate(${geometry.labelX}px, ${geometry.labelY}px)`,
            }}
            onClick={() => view.getState().select(new Set([id]))}
          >
            <Markers
              failure={failure}
              guardrails={interaction.guardrails}
              badges={badges}
              size={16}
            >
              {label && <span aria-hidden="true">{label}</span>}
            </Markers>
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
}

export const InteractionEdge = memo(InteractionEdgeView);
