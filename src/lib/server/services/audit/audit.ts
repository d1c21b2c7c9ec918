/**
 * The audit trail: one row per security-relevant event, written in the caller's transaction so the
 * record and the change it describes commit together. The database chains and guards the rows
 * (drizzle/0001_audit_guard.sql). Never put PHI values in `details`: ids and codes only.
 */
import { attributionOf, type Actor } from '../../auth/actor';
import type { Executor } from '../../db/client';
import type { Logger } from '../../logger';
import type { AuditOutcome } from '../../db/schema';
import { auditChainChecks, insertAuditRow } from '../../repositories/audit.repository';

/** Every action the system audits. A test checks each one is produced by some flow. */
export const AUDIT_ACTIONS = [
	'auth.sign_in',
	'auth.sign_out',
	'auth.second_factor',
	'auth.second_factor_enrol',
	'auth.second_factor_disable',
	'auth.lockout',
	'auth.password_reset_request',
	'auth.password_reset',
	'auth.password_change',
	'auth.session_revoke',
	'auth.sessions_revoke_all',
	'auth.impersonation_start',
	'auth.impersonation_stop',
	'invitation.create',
	'invitation.accept',
	'invitation.revoke',
	'member.role_change',
	'user.status_change',
	'user.time_zone_change',
	'organization.create',
	'organization.update',
	'team.create',
	'team.update',
	'team.delete',
	'member.remove',
	'outbox.read',
	'audit.export',
	'examinee.export',
	'scheduling.catalogue_sync',
	'specialist.create',
	'specialist.update',
	'appointment_type.update',
	'scheduling.reconcile',
	'scheduling.attach',
	'scheduling.webhook_rejected',
	'scheduling.conflict_resolve',
	'scheduling.hold_release',
	'specialist.link_account',
	'booking.create',
	'booking.read',
	'booking.stage_change',
	'booking.reschedule',
	'booking.cancel',
	'booking.export',
	'booking.status_change',
	'booking.report_change',
	'booking.fee_invoiced',
	'case.create',
	'case.read',
	'case.update',
	'case.status_change',
	'case.export',
	'booking.logistics_update',
	'enclosure.template_update',
	'enclosure.not_applicable',
	'enclosure.reopen',
	'document.upload',
	'document.download',
	'document.rename',
	'document.delete',
	'document.restore',
	'document.purge',
	'document.integrity_failure',
	'access.denied'
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEvent {
	action: AuditAction;
	outcome: AuditOutcome;
	resourceType?: string;
	resourceId?: string | null;
	details?: Record<string, string | number | boolean | null>;
}

/**
 * The audit stream: loggers that get one line per record (msg 'audit'), for a log pipeline to
 * forward to an external audit system. Set by createApp; the newest App's logger is used (one per
 * process in production; tests may hold several Apps).
 */
const auditStreams: Logger[] = [];

/** Log every audit record to `logger` from now on; the returned function stops it. */
export function streamAuditTo(logger: Logger): () => void {
	auditStreams.push(logger);
	return () => {
		const i = auditStreams.lastIndexOf(logger);
		if (i >= 0) auditStreams.splice(i, 1);
	};
}

export interface AuditLine {
	action: AuditAction;
	outcome: AuditOutcome;
	actorId: string;
	onBehalfOfId: string | null;
	resourceType: string | null;
	resourceId: string | null;
	requestId: string | null;
	at: string;
}

/**
 * The record as a log line: the listed fields only, never `details`, the address or the browser
 * (whatever a future caller puts in them, the stream carries ids and codes alone).
 */
export function auditLine(who: Actor, event: AuditEvent, at = new Date()): AuditLine {
	const by = attributionOf(who);
	return {
		action: event.action,
		outcome: event.outcome,
		actorId: by.actor,
		onBehalfOfId: by.onBehalfOf,
		resourceType: event.resourceType ?? null,
		resourceId: event.resourceId ?? null,
		requestId: by.requestId,
		at: at.toISOString()
	};
}

/** One row, attributed to `who` (the admin as actor while impersonating, the referrer as on-behalf-of). */
export async function recordAudit(exec: Executor, who: Actor, event: AuditEvent): Promise<void> {
	const by = attributionOf(who);
	const at = new Date();
	await insertAuditRow(exec, {
		actor: by.actor,
		onBehalfOf: by.onBehalfOf,
		action: event.action,
		resourceType: event.resourceType ?? null,
		resourceId: event.resourceId ?? null,
		outcome: event.outcome,
		ip: by.ip,
		userAgent: by.userAgent?.slice(0, 512) ?? null,
		requestId: by.requestId,
		details: event.details ?? null
	});
	// Written once the row is in (in the caller's transaction: a rollback after this still leaves the line).
	auditStreams.at(-1)?.info({ audit: auditLine(who, event, at) }, 'audit');
}

/** A change `who` was allowed to make to one resource (a refusal throws before it, with its own record). */
export async function recordGranted(
	exec: Executor,
	who: Actor,
	action: AuditAction,
	resourceType: string,
	resourceId: string,
	details?: AuditEvent['details']
): Promise<void> {
	await recordAudit(exec, who, { action, outcome: 'granted', resourceType, resourceId, details });
}

/**
 * An event about the actor's own account (signing in, password, second factor): the record's
 * resource is the actor's user, or none when nobody is known.
 */
export async function recordOwnAccount(exec: Executor, who: Actor, event: Omit<AuditEvent, 'resourceType' | 'resourceId'>): Promise<void> {
	await recordAudit(exec, who, { ...event, resourceType: 'user', resourceId: who.userId });
}

export interface ChainReport {
	ok: boolean;
	rows: number;
	/** The first row that does not hold, with the reason. */
	firstBad?: { seq: number; reason: 'hash mismatch' | 'broken link' | 'gap in sequence' };
}

/**
 * Recomputes every row's hash in the database (the same function the trigger uses) and checks each
 * row links to the one before it.
 */
export async function verifyAuditChain(exec: Executor): Promise<ChainReport> {
	const rows = await auditChainChecks(exec);
	for (const r of rows) {
		const seq = Number(r.seq);
		if (!r.seq_ok) return { ok: false, rows: rows.length, firstBad: { seq, reason: 'gap in sequence' } };
		if (!r.hash_ok) return { ok: false, rows: rows.length, firstBad: { seq, reason: 'hash mismatch' } };
		if (!r.link_ok) return { ok: false, rows: rows.length, firstBad: { seq, reason: 'broken link' } };
	}
	return { ok: true, rows: rows.length };
}
