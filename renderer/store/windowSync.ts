/**
 * How windows of Debrief on one machine learn of each other. One window at a
 * time may edit a workshop: it holds the workshop's Web Lock; another window
 * that opens the same workshop gets it read-only, is told why, follows the
 * editor's saved changes (BroadcastChannel), and becomes editable when the
 * editing window closes the workshop. The audit chain's head check in the
 * repository is the last line of defence; this keeps users from ever hitting it.
 */

export interface EditLock {
  /** True if this window may edit. */
  readonly held: boolean;
  /** Gives the lock up (or stops waiting for it). */
  release(): void;
}

export interface WindowSync {
  /**
   * Takes the workshop's edit lock if no other window has it. Otherwise
   * resolves with `held: false` and calls `onGranted` once the lock is ours.
   */
  acquire(workshopId: string, onGranted: () => void): Promise<EditLock>;
  /** Whether another window is editing the workshop now. */
  isEditedElsewhere(workshopId: string): Promise<boolean>;
  /** Tells other windows that the workshop's stored state changed. */
  announce(workshopId: string): void;
  /** Calls `listener` when another window announces a change. Returns an unsubscribe. */
  subscribe(listener: (workshopId: string) => void): () => void;
}

const lockName = (workshopId: string) => `debrief:workshop:${workshopId}`;
const CHANNEL = 'debrief:changes';
/** How long a window waits for a lock that a reloading page may still hold. */
const RELOAD_GRACE_MS = 1500;

/** Web Locks and BroadcastChannel: every window of one origin (the app, or a browser profile). */
export function createBrowserWindowSync(): WindowSync {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  const channel = typeof BroadcastChannel !== 'undefined' ? new BroadcastChannel(CHANNEL) : null;
  return {
    acquire(workshopId, onGranted) {
      if (!locks) return Promise.resolve({ held: true, release: () => undefined });
      const name = lockName(workshopId);
      return new Promise<EditLock>((resolve) => {
        let release: () => void = () => undefined;
        const released = new Promise<void>((done) => (release = done));
        const hold = async () => {
          await released;
        };
        const waitForIt = () => {
          const waiting = new AbortController();
          resolve({
            held: false,
            release: () => {
              waiting.abort();
              release();
            },
          });
          locks
            .request(name, { signal: waiting.signal }, async () => {
              onGranted();
              await hold();
            })
            .catch(() => undefined); // aborted: this window stopped waiting
        };
        // A reload of this very window may still hold the lock for a moment while the old
        // page unloads: wait briefly before deciding another window is editing.
        locks
          .request(name, { signal: AbortSignal.timeout(RELOAD_GRACE_MS) }, async () => {
            resolve({ held: true, release });
            await hold();
          })
          .catch(waitForIt);
      });
    },
    async isEditedElsewhere(workshopId) {
      if (!locks) return false;
      const state = await locks.query();
      return (state.held ?? []).some((lock) => lock.name === lockName(workshopId));
    },
    announce(workshopId) {
      channel?.postMessage({ workshopId });
    },
    subscribe(listener) {
      if (!channel) return () => undefined;
      const onMessage = (event: MessageEvent<unknown>) => {
        const data = event.data as { workshopId?: unknown } | null;
        if (typeof data?.workshopId === 'string') listener(data.workshopId);
      };
      channel.addEventListener('message', onMessage);
      return () => channel.removeEventListener('message', onMessage);
    },
  };
}

/**
 * The same contract within one JavaScript realm: windows made from one hub
 * behave like windows of one origin. Used where Web Locks do not exist (unit
 * tests in Node) to run two stores against one database.
 */
export function createWindowHub(): { window(): WindowSync } {
  const holders = new Map<string, symbol>();
  const waiting = new Map<string, { owner: symbol; onGranted: () => void }[]>();
  const listeners = new Set<{ owner: symbol; listener: (id: string) => void }>();
  const grantNext = (name: string) => {
    const queue = waiting.get(name) ?? [];
    const next = queue.shift();
    if (!next) return;
    holders.set(name, next.owner);
    next.onGranted();
  };
  return {
    window() {
      const owner = Symbol('window');
      return {
        acquire(workshopId, onGranted) {
          const name = lockName(workshopId);
          let done = false;
          const releaseHeld = () => {
            if (done) return;
            done = true;
            if (holders.get(name) === owner) {
              holders.delete(name);
              grantNext(name);
            }
          };
          if (!holders.has(name)) {
            holders.set(name, owner);
            return Promise.resolve({ held: true, release: releaseHeld });
          }
          const entry = { owner, onGranted };
          waiting.set(name, [...(waiting.get(name) ?? []), entry]);
          return Promise.resolve({
            held: false,
            release: () => {
              waiting.set(
                name,
                (waiting.get(name) ?? []).filter((e) => e !== entry),
              );
              releaseHeld();
            },
          });
        },
        isEditedElsewhere(workshopId) {
          const holder = holders.get(lockName(workshopId));
          return Promise.resolve(holder !== undefined && holder !== owner);
        },
        announce(workshopId) {
          for (const l of listeners) if (l.owner !== owner) l.listener(workshopId);
        },
        subscribe(listener) {
          const entry = { owner, listener };
          listeners.add(entry);
          return () => listeners.delete(entry);
        },
      };
    },
  };
}
