/**
 * Branded identifiers. Every record id is a string at runtime; the brand stops a
 * NoteId being passed where a ClusterId is expected. Ids are minted at the edges
 * (renderer, LAN host) with crypto.randomUUID and carried inside operations, so
 * the reducer never invents one and stays deterministic.
 */
import { z } from 'zod';

const idString = z.string().min(1).max(64);

export const WorkshopIdSchema = idString.brand<'WorkshopId'>();
export const NoteIdSchema = idString.brand<'NoteId'>();
export const ClusterIdSchema = idString.brand<'ClusterId'>();
export const VoteIdSchema = idString.brand<'VoteId'>();
export const ActorIdSchema = idString.brand<'ActorId'>();
export const OperationIdSchema = idString.brand<'OperationId'>();

export type WorkshopId = z.infer<typeof WorkshopIdSchema>;
export type NoteId = z.infer<typeof NoteIdSchema>;
export type ClusterId = z.infer<typeof ClusterIdSchema>;
export type VoteId = z.infer<typeof VoteIdSchema>;
export type ActorId = z.infer<typeof ActorIdSchema>;
export type OperationId = z.infer<typeof OperationIdSchema>;

/** Casts a freshly minted string to a branded id. Only for ids the caller just created. */
export const asWorkshopId = (raw: string): WorkshopId => raw as WorkshopId;
export const asNoteId = (raw: string): NoteId => raw as NoteId;
export const asClusterId = (raw: string): ClusterId => raw as ClusterId;
export const asVoteId = (raw: string): VoteId => raw as VoteId;
export const asActorId = (raw: string): ActorId => raw as ActorId;
export const asOperationId = (raw: string): OperationId => raw as OperationId;
