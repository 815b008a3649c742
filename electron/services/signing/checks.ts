/** The result of one verification step, shown to a person as one line. */
export interface Check {
  /** Stable identifier, e.g. `sig1.digest`, `cms.chain`, `document.coverage`. */
  id: string;
  ok: boolean;
  /** One human line: what was verified, or why it failed. */
  message: string;
}

export function pass(id: string, message: string): Check {
  return { id, ok: true, message };
}

export function fail(id: string, message: string): Check {
  return { id, ok: false, message };
}

/** An unknown thrown value as a short, single-line text (for technical details in messages). */
export function describeError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split('\n')[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
