/**
 * The boards of an open workshop, in tab order. A feature joins the workshop
 * screen with one line here.
 */
import { Wall } from '../wall/Wall';
import type { Board } from '../workshop/board';
import { IncidentDetails } from '../workshop/IncidentDetails';

export const BOARDS: readonly Board[] = [
  { id: 'wall', label: 'Wall', Component: Wall },
  { id: 'details', label: 'Incident details', Component: IncidentDetails },
];
