/**
 * Branded identifiers. Every record id is a string at runtime; the brand stops a
 * NoteId being passed where a ClusterId is expected. Ids are minted at the edges
 * (renderer, LAN host) with crypto.randomUUID and carried inside operations, so
 * the reducer never invents one and stays deterministic. Features declare their
 * own id kinds with `idSchema`; the base knows only the ids every feature shares.
 */
import { z } from 'zod';

const idString = z.string().min(1).max(64);

/** A branded id schema for one kind of record (`idSchema<'NoteId'>()`). */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- naming the brand is the point
export const idSchema = <Brand extends string>() => idString.brand<Brand>();

export const WorkshopIdSchema = idSchema<'WorkshopId'>();
export const ActorIdSchema = idSchema<'ActorId'>();
export const OperationIdSchema = idSchema<'OperationId'>();

export type WorkshopId = z.infer<typeof WorkshopIdSchema>;
export type ActorId = z.infer<typeof ActorIdSchema>;
export type OperationId = z.infer<typeof OperationIdSchema>;

/** Casts a freshly minted string to a branded id. Only for ids the caller just created. */
export const asWorkshopId = (raw: string): WorkshopId => raw as WorkshopId;
export const asActorId = (raw: string): ActorId => raw as ActorId;
export const asOperationId = (raw: string): OperationId => raw as OperationId;
