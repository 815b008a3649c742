/**
 * The boards of an open workshop, in tab order. A feature joins the workshop
 * screen with one line here.
 */
import { FactorsBoard } from '../factors/FactorsBoard';
import { SystemsBoard } from '../systems/SystemsBoard';
import { Wall } from '../wall/Wall';
import { WhysBoard } from '../whys/WhysBoard';
import type { Board } from '../workshop/board';
import { IncidentDetails } from '../workshop/IncidentDetails';

export const BOARDS: readonly Board[] = [
  { id: 'wall', label: 'Wall', Component: Wall },
  { id: 'whys', label: '5 whys', Component: WhysBoard },
  { id: 'systems', label: 'Systems', Component: SystemsBoard },
  { id: 'factors', label: 'Factors', Component: FactorsBoard },
  { id: 'details', label: 'Incident details', Component: IncidentDetails },
];
