/**
 * The audit entry of a Debrief operation: the base chain (base/auditChain.ts)
 * with the registry's operation schema.
 */
import { auditEntrySchema, type AuditEntry as ChainEntry } from '../base/auditChain.js';
import { OperationSchema, type Operation } from '../registry.js';

export const AuditEntrySchema = auditEntrySchema(OperationSchema);
export type AuditEntry = ChainEntry<Operation>;
