/** What a why box can ask of its board (which owns the view store, the layout and focus). */
import { createContext, useContext } from 'react';
import type { WhyId } from '../../shared/whys/records';
import type { WhysViewStore } from './whysViewStore';

export interface WhysBoardApi {
  readonly view: WhysViewStore;
  /** Names the blameless check treats as people (the workshop's authors). */
  people(): readonly string[];
  startEdit(id: WhyId): void;
  /** The height the text being typed needs (the layout follows while typing). */
  resize(id: WhyId, height: number): void;
  /**
   * Saves the text typed into `id` and then stays, or starts a child or a
   * sibling. Returns false when it could not be saved (the editor stays).
   */
  commit(id: WhyId, text: string, then: 'stay' | 'child' | 'sibling' | 'blur'): boolean;
}

export const WhysBoardContext = createContext<WhysBoardApi | null>(null);

export function useWhysBoard(): WhysBoardApi {
  const api = useContext(WhysBoardContext);
  if (!api) throw new Error('Why boxes must be rendered inside <WhysBoard>.');
  return api;
}
