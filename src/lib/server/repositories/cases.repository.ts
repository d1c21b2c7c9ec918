/**
 * Cases: rows, scope, history. A case is seen by the same rule as bookings (organisation, team,
 * responsible referrer); specialists see no cases (they see their examinations).
 */
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/client';
import {
	appointmentType,
	auditLog,
	booking,
	bookingEnclosure,
	bookingHistory,
	caseHistory,
	claimCase,
	document,
	member,
	specialist,
	user
} from '../db/schema';
import { scopeWhere, type Scope } from '../auth/scope';
import { isUuid } from '../../ids';

export type CaseRow = typeof claimCase.$inferSelect;
export type NewCase = typeof claimCase.$inferInsert;
export type NewCaseHistory = typeof caseHistory.$inferInsert;

/** The WHERE clause that limits cases to a scope. */
export const caseScope = (scope: Scope): SQL | undefined =>
	scopeWhere(scope, { organizationId: claimCase.organizationId, ownerUserId: claimCase.ownerUserId, teamId: claimCase.teamId });

/** The case with this id if it is in the scope, or null. */
export async function caseForScope(exec: Executor, scope: Scope, id: string): Promise<CaseRow | null> {
	if (!isUuid(id)) return null;
	const [row] = await exec
		.select()
		.from(claimCase)
		.where(and(eq(claimCase.id, id), caseScope(scope)))
		.limit(1);
	return row ?? null;
}

/** The same, locked for update (inside a transaction). */
export async function lockCaseForScope(exec: Executor, scope: Scope, id: string): Promise<CaseRow | null> {
	if (!isUuid(id)) return null;
	const [row] = await exec
		.select()
		.from(claimCase)
		.where(and(eq(claimCase.id, id), caseScope(scope)))
		.limit(1)
		.for('update');
	return row ?? null;
}

export async function insertCase(exec: Executor, values: NewCase): Promise<{ id: string; reference: string }> {
	const [row] = await exec.insert(claimCase).values(values).returning({ id: claimCase.id, reference: claimCase.reference });
	return row!;
}

export async function updateCase(
	exec: Executor,
	id: string,
	change: Partial<
		Pick<
			NewCase,
			'claimantEncrypted' | 'claimantNameTokens' | 'claimNumberHash' | 'detailsEncrypted' | 'scheme' | 'status' | 'ownerUserId' | 'teamId'
		>
	>
): Promise<void> {
	await exec
		.update(claimCase)
		.set({ ...change, updatedAt: new Date() })
		.where(eq(claimCase.id, id));
}

/** Marks the case as changed now (a booking added, an enclosure decided): lists sort by it. */
export async function touchCase(exec: Executor, id: string): Promise<void> {
	await exec.update(claimCase).set({ updatedAt: new Date() }).where(eq(claimCase.id, id));
}

export async function appendCaseHistory(exec: Executor, values: NewCaseHistory): Promise<void> {
	await exec.insert(caseHistory).values(values);
}

// ── Lists, a case's examinations and timeline (cases core) ──────────────────────────────────────

/** What a cases list may be narrowed by. */
export interface CaseListFilters {
	/** Default: every status. */
	statuses?: readonly CaseRow['status'][];
	/** The responsible referrer. */
	ownerUserId?: string;
	/**
	 * Cases with an overdue enclosure on this local date (YYYY-MM-DD): an examination of the case
	 * (not cancelled) with a pending item due before it and no live document of its category.
	 */
	overdueOn?: string;
	/** Blind-index tokens of the claimant search: every one must be one of the name's. Empty matches nothing. */
	claimantTokens?: readonly string[];
}

export const CASE_PAGE_SIZE = 25;
export const CASE_MAX_BATCH = 500;

/** A cases list cursor that cannot be read. */
export class InvalidCaseCursorError extends Error {
	constructor() {
		super('This page link is out of date. Please start again from the first page.');
		this.name = 'InvalidCaseCursorError';
	}
}

const CASE_KEY_TS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const updatedAtKey = sql<string>`to_char(${claimCase.updatedAt} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

function decodeCaseCursor(cursor: string): [string, string] {
	let k: unknown;
	try {
		k = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
	} catch {
		throw new InvalidCaseCursorError();
	}
	if (
		!Array.isArray(k) ||
		k.length !== 2 ||
		typeof k[0] !== 'string' ||
		!CASE_KEY_TS.test(k[0]) ||
		typeof k[1] !== 'string' ||
		!isUuid(k[1])
	)
		throw new InvalidCaseCursorError();
	if (Number.isNaN(new Date(k[0]).getTime())) throw new InvalidCaseCursorError();
	return [k[0], k[1]];
}

/** The overdue-enclosure condition for one case row (see `CaseListFilters.overdueOn`). */
const overdueCondition = (today: string) => sql`EXISTS (
	SELECT 1 FROM ${booking} JOIN ${bookingEnclosure} ON ${bookingEnclosure.bookingId} = ${booking.id}
	WHERE ${booking.caseId} = ${claimCase.id} AND ${booking.stage} <> 'cancelled'
		AND ${bookingEnclosure.state} = 'pending' AND ${bookingEnclosure.dueOn} < ${today}::date
		AND NOT EXISTS (
			SELECT 1 FROM ${document} WHERE ${document.bookingId} = ${booking.id}
				AND ${document.category} = ${bookingEnclosure.category} AND ${document.deletedAt} IS NULL
		)
)`;

function caseListWhere(scope: Scope, f: CaseListFilters): SQL | undefined {
	return and(
		caseScope(scope),
		f.statuses?.length ? inArray(claimCase.status, [...f.statuses]) : undefined,
		f.ownerUserId ? eq(claimCase.ownerUserId, f.ownerUserId) : undefined,
		f.overdueOn ? overdueCondition(f.overdueOn) : undefined,
		f.claimantTokens
			? f.claimantTokens.length
				? sql`${claimCase.claimantNameTokens} @> ARRAY[${sql.join(
						f.claimantTokens.map((t) => sql`${t}`),
						sql`, `
					)}]::text[]`
				: sql`false`
			: undefined
	);
}

export interface CaseListRow {
	id: string;
	reference: string;
	status: CaseRow['status'];
	scheme: CaseRow['scheme'];
	organizationId: string;
	ownerUserId: string;
	ownerName: string | null;
	claimantEncrypted: string;
	detailsEncrypted: string;
	updatedAt: Date;
	createdAt: Date;
	examinations: number;
}

/**
 * One page of the cases a scope sees, most recently changed first, by keyset (updated_at, id):
 * `nextCursor` is null on the last page.
 */
export async function listCasesForScope(
	exec: Executor,
	scope: Scope,
	filters: CaseListFilters,
	cursor?: string | null,
	limit = CASE_PAGE_SIZE
): Promise<{ rows: CaseListRow[]; nextCursor: string | null }> {
	const size = Math.min(Math.max(Math.trunc(limit) || CASE_PAGE_SIZE, 1), CASE_MAX_BATCH);
	const after = cursor ? decodeCaseCursor(cursor) : null;
	const seek = after ? sql`(${claimCase.updatedAt}, ${claimCase.id}) < (${after[0]}::timestamptz, ${after[1]}::uuid)` : undefined;
	const found = await exec
		.select({
			id: claimCase.id,
			reference: claimCase.reference,
			status: claimCase.status,
			scheme: claimCase.scheme,
			organizationId: claimCase.organizationId,
			ownerUserId: claimCase.ownerUserId,
			ownerName: user.name,
			claimantEncrypted: claimCase.claimantEncrypted,
			detailsEncrypted: claimCase.detailsEncrypted,
			updatedAt: claimCase.updatedAt,
			createdAt: claimCase.createdAt,
			examinations: sql<number>`(SELECT count(*)::int FROM ${booking} WHERE ${booking.caseId} = ${claimCase.id})`,
			key: updatedAtKey
		})
		.from(claimCase)
		.leftJoin(user, eq(user.id, claimCase.ownerUserId))
		.where(and(caseListWhere(scope, filters), seek))
		.orderBy(desc(claimCase.updatedAt), desc(claimCase.id))
		.limit(size + 1);
	const page = found.slice(0, size);
	const last = page.at(-1);
	const nextCursor = found.length > size && last ? Buffer.from(JSON.stringify([last.key, last.id]), 'utf8').toString('base64url') : null;
	return { rows: page.map(({ key: _k, ...r }) => ({ ...r, examinations: Number(r.examinations) })), nextCursor };
}

/** How many cases a filtered list holds (the export's audit record says how many left). */
export async function countCasesForScope(exec: Executor, scope: Scope, filters: CaseListFilters): Promise<number> {
	const [row] = await exec
		.select({ n: sql<number>`count(*)::int` })
		.from(claimCase)
		.where(caseListWhere(scope, filters));
	return Number(row?.n ?? 0);
}

/** A case's examinations (its bookings), soonest first, with what a list of them shows. */
export async function examinationsOfCase(exec: Executor, caseId: string) {
	return exec
		.select({
			id: booking.id,
			reference: booking.reference,
			startsAt: booking.startsAt,
			clinicTimeZone: booking.clinicTimeZone,
			stage: booking.stage,
			status: booking.status,
			reportState: booking.reportState,
			specialistName: specialist.displayName,
			appointmentTypeName: appointmentType.name
		})
		.from(booking)
		.innerJoin(specialist, eq(specialist.id, booking.specialistId))
		.innerJoin(appointmentType, eq(appointmentType.id, booking.appointmentTypeId))
		.where(eq(booking.caseId, caseId))
		.orderBy(asc(booking.startsAt), asc(booking.id));
}

/** A case's own history, newest first. */
export async function caseHistoryOf(exec: Executor, caseId: string) {
	return exec.select().from(caseHistory).where(eq(caseHistory.caseId, caseId)).orderBy(desc(caseHistory.at), desc(caseHistory.id));
}

/** The history rows of these bookings (the case's examinations), newest first. */
export async function bookingHistoryOfBookings(exec: Executor, bookingIds: readonly string[]) {
	if (!bookingIds.length) return [];
	return exec
		.select()
		.from(bookingHistory)
		.where(inArray(bookingHistory.bookingId, [...bookingIds]))
		.orderBy(desc(bookingHistory.at), desc(bookingHistory.id));
}

/** The cases these bookings belong to (no scope: for the APP 12 export, an admin's). */
export async function casesOfBookings(exec: Executor, bookingIds: readonly string[]): Promise<CaseRow[]> {
	if (!bookingIds.length) return [];
	return exec
		.select()
		.from(claimCase)
		.where(
			inArray(
				claimCase.id,
				exec
					.select({ id: booking.caseId })
					.from(booking)
					.where(inArray(booking.id, [...bookingIds]))
			)
		)
		.orderBy(asc(claimCase.createdAt), asc(claimCase.id));
}

/** The referrers (platform role 'user') of an organisation, with their team: who may be responsible for a case. */
export async function caseReferrerOptions(exec: Executor, organizationId: string) {
	return exec
		.select({ userId: member.userId, name: user.name, teamId: member.teamId })
		.from(member)
		.innerJoin(user, eq(user.id, member.userId))
		.where(and(eq(member.organizationId, organizationId), eq(user.role, 'user'), sql`coalesce(${user.banned}, false) = false`))
		.orderBy(asc(user.name), asc(member.userId));
}

/** Every case whose claimant's name has all of these blind-index tokens (no scope: the APP 12 export, an admin's). */
export async function casesWithClaimantTokens(exec: Executor, tokens: readonly string[]): Promise<CaseRow[]> {
	if (!tokens.length) return [];
	return exec
		.select()
		.from(claimCase)
		.where(sql`${claimCase.claimantNameTokens} @> ${sql.param([...tokens])}::text[]`)
		.orderBy(asc(claimCase.createdAt), asc(claimCase.id));
}

/** The audit records about these cases, oldest first. */
export async function caseAuditRecords(exec: Executor, caseIds: readonly string[]) {
	if (!caseIds.length) return [];
	return exec
		.select()
		.from(auditLog)
		.where(and(eq(auditLog.resourceType, 'case'), inArray(auditLog.resourceId, [...caseIds])))
		.orderBy(asc(auditLog.seq));
}
