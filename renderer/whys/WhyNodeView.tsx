/**
 * One box of the 5-whys tree: its depth ("Problem", "Why 2"), its "because"
 * text (or the editor while it is written), the contributing factor it is,
 * how many wall notes it rests on, and a gentle prompt when its text stops
 * the analysis at a person. Reads its record by id with narrow selectors, so
 * typing in one box re-renders one box.
 */
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import { memo, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useStore } from 'zustand';
import { blamelessPrompt } from '../../shared/blameless/blameless';
import { CATEGORY_LABELS, type FactorCategory } from '../../shared/factors/records';
import { WHYS_LIMITS, type WhyId } from '../../shared/whys/records';
import { useAppStore } from '../store/useAppStore';
import { clearDraft, draftKey, readDraft, writeDraft } from '../ui/draftText';
import { useWhysBoard } from './whysContext';
import { whyTextHeight } from './whysView';

export interface WhyNodeData extends Record<string, unknown> {
  readonly depth: number;
  readonly hidden: number;
  readonly childCount: number;
  readonly pending: boolean;
}
export type WhyFlowNode = Node<WhyNodeData, 'why'>;

export const depthLabel = (depth: number): string => (depth === 0 ? 'Problem' : `Why ${depth}`);

/** What a screen reader says for a why: depth, text, factor, links, and the blameless prompt. */
export function whyLabel(parts: {
  depth: number;
  text: string;
  factors: readonly { category: FactorCategory; title: string }[];
  links: number;
  hidden: number;
  flagged: string | null;
}): string {
  const pieces = [`${depthLabel(parts.depth)}: ${parts.text.trim() || '(empty)'}`];
  for (const f of parts.factors) pieces.push(`${CATEGORY_LABELS[f.category]} factor`);
  if (parts.links > 0)
    pieces.push(`cites ${parts.links} wall ${parts.links === 1 ? 'item' : 'items'}`);
  if (parts.hidden > 0) pieces.push(`${parts.hidden} hidden below`);
  if (parts.flagged) pieces.push('ends at a person');
  return pieces.join(', ');
}

function WhyEditor({ id, initial }: { readonly id: WhyId; readonly initial: string }) {
  const board = useWhysBoard();
  const workshopId = useAppStore((s) => s.open?.state.workshop.id ?? '');
  const key = draftKey(workshopId, 'why', id);
  const [text, setText] = useState(() => readDraft(key) ?? initial);
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    const area = ref.current;
    area?.focus({ preventScroll: true });
    area?.setSelectionRange(area.value.length, area.value.length);
  }, []);
  // While typing, the prompt shows below the box, so only the text decides the height.
  useEffect(() => board.resize(id, whyTextHeight(text)), [board, id, text]);
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // The board's own keys must not act while typing; these few finish the edit.
    event.stopPropagation();
    const finish = (next: 'stay' | 'child' | 'sibling') => {
      event.preventDefault();
      if (board.commit(id, text, next)) clearDraft(key);
    };
    if (event.key === 'Escape') finish('stay');
    else if (event.key === 'Tab' && !event.shiftKey) finish('child');
    else if (event.key === 'Enter' && !event.shiftKey) finish('sibling');
  };
  const prompt = blamelessPrompt(text, { people: board.people() });
  return (
    <>
      <textarea
        ref={ref}
        className="why-editor nodrag nowheel"
        aria-label="Because…"
        placeholder="Because…"
        value={text}
        maxLength={WHYS_LIMITS.textLength}
        onChange={(e) => {
          setText(e.target.value);
          writeDraft(key, e.target.value);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => {
          if (board.commit(id, text, 'blur')) clearDraft(key);
        }}
      />
      {prompt && (
        <p className="why-prompt" role="note">
          {prompt}
        </p>
      )}
    </>
  );
}

function WhyNodeView({ id, data }: NodeProps<WhyFlowNode>) {
  const board = useWhysBoard();
  const whyId = id as WhyId;
  const [text, factors, links] = useAppStore(
    useShallow((s) => {
      const records = s.open?.state.records;
      if (!records) return ['', '', 0] as const;
      const chips: string[] = [];
      for (const link of records.factorLinks.values()) {
        if (link.whyId !== id) continue;
        const factor = records.factors.get(link.factorId);
        if (factor) chips.push(`${factor.category}\u0000${factor.title}`);
      }
      let count = 0;
      for (const link of records.whyLinks.values()) if (link.whyId === id) count += 1;
      return [records.whyNodes.get(id)?.text ?? '', chips.join('\u0001'), count] as const;
    }),
  );
  const people = board.people();
  const editing = useStore(board.view, (s) => s.editing === id);
  const selected = useStore(board.view, (s) => s.selected === id);
  const collapsed = useStore(board.view, (s) => s.collapsed.has(id));
  const factorList = factors
    ? factors.split('\u0001').map((chip) => {
        const [category, title] = chip.split('\u0000') as [FactorCategory, string];
        return { category, title };
      })
    : [];
  const flagged = data.pending || editing ? null : blamelessPrompt(text, { people });
  const label = whyLabel({
    depth: data.depth,
    text,
    factors: factorList,
    links,
    hidden: data.hidden,
    flagged,
  });
  return (
    <div
      className={`why-box${data.depth === 0 ? ' is-problem' : ''}${factorList.length ? ` is-factor factor-${factorList[0]?.category ?? ''}` : ''}${flagged ? ' is-flagged' : ''}${selected ? ' is-selected' : ''}`}
      onDoubleClick={() => board.startEdit(whyId)}
    >
      <span className="visually-hidden" id={`why-label-${id}`}>
        {label}
      </span>
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <div className="why-head" aria-hidden="true">
        <span className="why-depth">{depthLabel(data.depth)}</span>
        {factorList.map((f) => (
          <span
            key={`${f.category}${f.title}`}
            className={`why-factor factor-${f.category}`}
            title={f.title}
          >
            {CATEGORY_LABELS[f.category]} factor
          </span>
        ))}
        {links > 0 && (
          <span className="why-links" title="Wall notes and clusters this why cites">
            🔗 {links}
          </span>
        )}
      </div>
      {editing ? (
        <WhyEditor id={whyId} initial={text} />
      ) : (
        <p className="why-text" aria-hidden="true">
          {text || (data.depth === 0 ? 'What happened?' : 'Because…')}
        </p>
      )}
      {flagged && (
        <p className="why-flag" aria-hidden="true" title={flagged}>
          ⚑ {selected ? flagged : 'Ends at a person: keep asking'}
        </p>
      )}
      {(data.childCount > 0 || data.hidden > 0) && (
        <button
          type="button"
          className="why-fold nodrag"
          aria-label={collapsed ? `Expand (${data.hidden} hidden)` : 'Collapse branch'}
          aria-expanded={!collapsed}
          onClick={(e) => {
            e.stopPropagation();
            board.view.getState().toggleCollapsed(whyId);
          }}
        >
          {collapsed ? `+${data.hidden}` : '−'}
        </button>
      )}
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
}

export const WhyNode = memo(WhyNodeView);
