/**
 * Timestamps: milliseconds since the epoch, bounded to a plausible range so a
 * crafted file cannot carry a date in the year 285,000 (which `new Date()`
 * cannot even represent, and which broke the home screen on every start).
 */
import { z } from 'zod';

/** 2000-01-01T00:00:00Z: nothing Debrief records can be older. */
export const MIN_TIMESTAMP = Date.UTC(2000, 0, 1);
/** 2100-01-01T00:00:00Z: a clock or a file at or beyond this is wrong. */
export const MAX_TIMESTAMP = Date.UTC(2100, 0, 1);

export const TimestampSchema = z
  .number()
  .int()
  .min(MIN_TIMESTAMP, 'must be a date after 2000-01-01')
  .lt(MAX_TIMESTAMP, 'must be a date before 2100-01-01');

export const isPlausibleTimestamp = (value: number): boolean =>
  Number.isInteger(value) && value >= MIN_TIMESTAMP && value < MAX_TIMESTAMP;
