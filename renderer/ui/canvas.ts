/**
 * What the canvases (wall, 5 whys, systems diagram) share about keys and
 * readiness: whether a key belongs to a text field rather than the board, and
 * when React Flow has fitted and painted on open.
 */
import { useStore as useFlowStore } from '@xyflow/react';
import { useEffect, useState } from 'react';

/** Input types that take no typing: Ctrl+Z on a ticked checkbox is the board's undo. */
const NOT_TYPED = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color']);

/** True when a key goes to a text field (the board's shortcuts must leave it alone). */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLInputElement) return !NOT_TYPED.has(target.type);
  return target.isContentEditable || ['TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * True once React Flow has measured the nodes and painted the initial fit (or
 * there is nothing to fit). Marks `mark` for performance measurement. Call
 * inside a ReactFlowProvider.
 */
export function useFlowReady(mark: string): boolean {
  const initialized = useFlowStore((s) => !s.fitViewQueued || s.nodeLookup.size === 0);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    if (ready || !initialized) return;
    let second = 0;
    // Two frames: the fit is applied in one and painted by the next.
    const first = requestAnimationFrame(() => {
      second = requestAnimationFrame(() => {
        performance.mark(mark);
        setReady(true);
      });
    });
    return () => {
      cancelAnimationFrame(first);
      cancelAnimationFrame(second);
    };
  }, [initialized, ready, mark]);
  return ready;
}
