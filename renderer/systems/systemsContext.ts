/** Gives the diagram's nodes, edges and panels its view store and actions without prop drilling. */
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { SystemsViewState, SystemsViewStore } from './systemsViewStore';

export const SystemsViewContext = createContext<SystemsViewStore | null>(null);

export function useSystemsViewStore(): SystemsViewStore {
  const store = useContext(SystemsViewContext);
  if (!store) throw new Error('Systems components must be rendered inside <SystemsBoard>.');
  return store;
}

export function useSystemsView<T>(selector: (state: SystemsViewState) => T): T {
  return useStore(useSystemsViewStore(), selector);
}

/** What the parts of the board can ask the board itself to do (it owns the viewport and focus). */
export interface SystemsActions {
  /** Removes, then offers Undo in a notice. */
  remove(ids: {
    zones?: readonly string[];
    components?: readonly string[];
    interactions?: readonly string[];
  }): void;
  /** Selects a component or an interaction, brings it into view and gives it focus. */
  show(id: string): void;
  /** Focus back to the diagram (after a name was committed with the keyboard, say). */
  focusDiagram(): void;
}

export const SystemsActionsContext = createContext<SystemsActions | null>(null);

export function useSystemsActions(): SystemsActions {
  const actions = useContext(SystemsActionsContext);
  if (!actions) throw new Error('Systems components must be rendered inside <SystemsBoard>.');
  return actions;
}
