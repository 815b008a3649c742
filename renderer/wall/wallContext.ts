/** Gives wall components their wall's view store without passing callbacks through node data. */
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { WallViewState, WallViewStore } from './wallViewStore';

export const WallViewContext = createContext<WallViewStore | null>(null);

export function useWallViewStore(): WallViewStore {
  const store = useContext(WallViewContext);
  if (!store) throw new Error('Wall components must be rendered inside <Wall>.');
  return store;
}

export function useWallView<T>(selector: (state: WallViewState) => T): T {
  return useStore(useWallViewStore(), selector);
}

/** What components inside the wall can ask the wall itself to do (it owns the viewport and focus). */
export interface WallActions {
  zoomToCluster(clusterId: string): void;
  /** Deletes, then offers Undo in a notice that brings focus back to what was restored. */
  remove(noteIds: readonly string[], clusterIds: readonly string[]): void;
}

export const WallActionsContext = createContext<WallActions | null>(null);

export function useWallActions(): WallActions {
  const actions = useContext(WallActionsContext);
  if (!actions) throw new Error('Wall components must be rendered inside <Wall>.');
  return actions;
}
