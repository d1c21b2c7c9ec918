/**
 * Cases: a claimant's matter as the unit of work. Create, edit, change status, one case in full
 * (its examinations with their enclosure checklists, their documents and one timeline), and the
 * list. A case is seen by the same scope rule as bookings (repositories/cases.repository.ts): one
 * outside the caller's scope answers "not found" exactly like a missing one, and that is audited.
 * Who may do what: auth/access.ts (`case.*`). Every change writes a case_history row and an audit
 * record in one transaction; neither ever holds claimant data (names of fields changed, statuses).
 */
import type { App } from '../../app';
import { attributedTo, SYSTEM_ACTOR_ID, type SignedInActor } from '../../auth/actor';
import { can } from '../../auth/access';
import type { Scope } from '../../auth/scope';
import type { Executor } from '../../db/client';
import { AppError } from '../../errors';
import {
	appendCaseHistory,
	bookingHistoryOfBookings,
	caseForScope,
	caseHistoryOf,
	caseReferrerOptions,
	examinationsOfCase,
	insertCase,
	InvalidCaseCursorError,
	listCasesForScope,
	lockCaseForScope,
	updateCase as updateCaseRow,
	type CaseListFilters,
	type CaseListRow,
	type CaseRow
} from '../../repositories/cases.repository';
import { liveDocumentsOfBookings } from '../../repositories/document.repository';
import { firstMembershipOf, searchMembers, userNames } from '../../repositories/referrers.repository';
import type { Examinee } from '../../../schemas/booking';
import {
	CASE_SCHEME_LABELS,
	CASE_STATUS_LABELS,
	type CaseDetails,
	type CaseScheme,
	type CaseStatus,
	type SealedCaseDetails
} from '../../../schemas/case';
import { statusesOf, type CaseFilters } from '../../../schemas/case-filters';
import { CATEGORY_LABELS, type ReportState } from '../../../schemas/document';
import { todayIn } from '../../../format';
import { recordAudit } from '../audit/audit';
import { examineeName, nameTokens, searchTokens } from '../booking/examinee';
import { historySummary, timeLabel } from '../booking/booking-views';
import { STAGE_LABELS } from '../booking/lifecycle';
import { openName } from '../documents/shared';
import { enclosureViews } from './enclosures';
import {
	claimNumberHash,
	newCaseReference,
	openCaseDetails,
	openCaseNote,
	openClaimant,
	sealCaseDetails,
	sealCaseNote,
	sealClaimant
} from './sealed';

export { InvalidCaseCursorError };

/** The zone "today" is read in for overdue enclosures (the clinics' calendar). */
export const CASE_CALENDAR_ZONE = 'Australia/Sydney';

/** What create and update take: the claimant (an examinee), the case's details, the responsible referrer. */
export interface CaseInput {
	claimant: Examinee;
	details: CaseDetails;
	/** The referrer responsible: default the caller (a referrer); an admin must name one. */
	ownerUserId?: string;
}

const BOOKING_STATUS_LABELS: Record<string, string> = { active: 'Active', closed: 'Closed', archived: 'Archived' };

/** The claim number and matter reference live in the details; the sealed claimant carries the same. */
const claimantOf = (input: CaseInput): Examinee => ({
	...input.claimant,
	claimNumber: input.details.claimNumber,
	matterReference: input.details.matterReference
});
const sealedDetailsOf = (d: CaseDetails): SealedCaseDetails => ({
	claimNumber: d.claimNumber,
	insurer: d.insurer,
	matterReference: d.matterReference,
	notes: d.notes
});

/** Who the history row and the audit record name: the real person, and whom they acted for. */
function attribution(who: SignedInActor, ownerUserId: string) {
	const actorUserId = who.impersonatedBy ?? who.userId;
	const onBehalf = who.onBehalfOf ?? (who.impersonatedBy ? who.userId : who.caller.platformRole === 'admin' ? ownerUserId : null);
	return { actorUserId, onBehalfOfUserId: onBehalf && onBehalf !== actorUserId ? onBehalf : null };
}

/** Whether a case with these keys is inside the scope (the same rule as `caseScope`, in memory). */
function withinScope(scope: Scope, c: { organizationId: string; teamId: string | null; ownerUserId: string }): boolean {
	switch (scope.kind) {
		case 'all':
			return true;
		case 'org':
			return c.organizationId === scope.organizationId;
		case 'team':
			return c.organizationId === scope.organizationId && (c.teamId === scope.teamId || c.ownerUserId === scope.userId);
		case 'own':
			return c.organizationId === scope.organizationId && c.ownerUserId === scope.userId;
		default:
			return false;
	}
}

/** An audited refusal: NOT_FOUND (exactly what a missing case answers), or FORBIDDEN for the role. */
async function refuse(
	app: App,
	who: SignedInActor,
	caseId: string | null,
	operation: string,
	reason: 'not_found' | 'role'
): Promise<never> {
	await recordAudit(app.database.db, who, {
		action: 'access.denied',
		outcome: 'denied',
		resourceType: 'case',
		resourceId: caseId && /^[0-9a-f-]{36}$/i.test(caseId) ? caseId : null,
		details: { operation, reason }
	});
	if (reason === 'role') throw new AppError('FORBIDDEN', 'Your role does not allow this.');
	throw new AppError('NOT_FOUND', 'There is no case with that reference that you can see.');
}

/**
 * The responsible referrer and their team: a referrer of the case's organisation (admins: of any
 * organisation, which then owns a new case); for a referrer, one that keeps the case in their scope.
 */
async function responsible(
	app: App,
	who: SignedInActor,
	scope: Scope,
	ownerUserId: string | undefined,
	organizationId: string | null
): Promise<{ organizationId: string; ownerUserId: string; teamId: string | null }> {
	const db = app.database.db;
	const isAdmin = who.caller.platformRole === 'admin';
	const wanted = ownerUserId || (isAdmin ? undefined : who.userId);
	if (!wanted) throw new AppError('BAD_REQUEST', 'Choose the referrer responsible for the case.', 'ownerUserId');
	let org = organizationId ?? (isAdmin ? null : who.caller.organizationId);
	if (!org) {
		const m = await firstMembershipOf(db, wanted);
		org = m?.organizationId ?? null;
	}
	const options = org ? await caseReferrerOptions(db, org) : [];
	const found = options.find((o) => o.userId === wanted);
	if (!org || !found)
		throw new AppError('BAD_REQUEST', 'Choose a referrer of the case’s organisation as the one responsible.', 'ownerUserId');
	const c = { organizationId: org, ownerUserId: wanted, teamId: found.teamId };
	if (!isAdmin && !withinScope(scope, c))
		throw new AppError('BAD_REQUEST', 'Choose yourself or a referrer whose cases you can see as the one responsible.', 'ownerUserId');
	return c;
}

/** Opens a case (audited, with its first history row). */
export async function createCase(app: App, who: SignedInActor, scope: Scope, input: CaseInput): Promise<{ id: string; reference: string }> {
	if (!can(who, 'case.create')) return refuse(app, who, null, 'case.create', 'role');
	const r = await responsible(app, who, scope, input.ownerUserId, null);
	const claimant = claimantOf(input);
	const by = attribution(who, r.ownerUserId);
	return app.database.db.transaction(async (tx) => {
		const created = await insertCase(tx, {
			reference: newCaseReference(),
			organizationId: r.organizationId,
			teamId: r.teamId,
			ownerUserId: r.ownerUserId,
			createdByUserId: by.actorUserId,
			claimantEncrypted: sealClaimant(app.cipher, claimant),
			claimantNameTokens: nameTokens(app.cipher, claimant),
			claimNumberHash: claimNumberHash(app.cipher, input.details.claimNumber),
			detailsEncrypted: sealCaseDetails(app.cipher, sealedDetailsOf(input.details)),
			scheme: input.details.scheme,
			status: 'open'
		});
		await appendCaseHistory(tx, { caseId: created.id, action: 'case.create', ...by, detail: 'Case opened' });
		await recordAudit(tx, attributedTo(who, by.actorUserId, by.onBehalfOfUserId), {
			action: 'case.create',
			outcome: 'granted',
			resourceType: 'case',
			resourceId: created.id,
			details: { organizationId: r.organizationId, ownerUserId: r.ownerUserId, scheme: input.details.scheme }
		});
		return created;
	});
}

/** The case in scope, locked, with the caller's right to change it; otherwise an audited refusal. */
async function lockForChange(app: App, tx: Executor, who: SignedInActor, scope: Scope, id: string, operation: string): Promise<CaseRow> {
	const row = await lockCaseForScope(tx, scope, id);
	if (!row) return refuse(app, who, id, operation, 'not_found');
	if (!can(who, 'case.edit')) return refuse(app, who, id, operation, 'role');
	return row;
}

const FIELD_LABELS = {
	claimant: 'claimant',
	claimNumber: 'claim number',
	scheme: 'scheme',
	insurer: 'insurer',
	matterReference: 'matter reference',
	notes: 'notes',
	ownerUserId: 'responsible referrer'
} as const;

/** Changes the claimant, details, scheme and responsible referrer. Answers the fields changed (names only). */
export async function updateCase(
	app: App,
	who: SignedInActor,
	scope: Scope,
	id: string,
	input: CaseInput
): Promise<{ id: string; changed: string[] }> {
	// Checked before the transaction so a refusal's audit record is not rolled back with it.
	const current = await caseForScope(app.database.db, scope, id);
	if (!current) return refuse(app, who, id, 'case.update', 'not_found');
	if (!can(who, 'case.edit')) return refuse(app, who, id, 'case.update', 'role');
	const r = await responsible(app, who, scope, input.ownerUserId || current.ownerUserId, current.organizationId);
	return app.database.db.transaction(async (tx) => {
		const row = await lockForChange(app, tx, who, scope, id, 'case.update');
		const before = {
			claimant: openClaimant(app.cipher, row.claimantEncrypted),
			details: openCaseDetails(app.cipher, row.detailsEncrypted)
		};
		const claimant = claimantOf(input);
		const details = sealedDetailsOf(input.details);
		const { claimNumber: _c, matterReference: _m, ...claimantOnly } = claimant;
		const { claimNumber: _bc, matterReference: _bm, ...beforeClaimantOnly } = before.claimant;
		const changed = (Object.keys(FIELD_LABELS) as (keyof typeof FIELD_LABELS)[]).filter((k) => {
			if (k === 'claimant') return JSON.stringify(claimantOnly) !== JSON.stringify(beforeClaimantOnly);
			if (k === 'scheme') return input.details.scheme !== row.scheme;
			if (k === 'ownerUserId') return r.ownerUserId !== row.ownerUserId;
			return (details[k] ?? '') !== (before.details[k] ?? '');
		});
		if (!changed.length) return { id: row.id, changed: [] };
		await updateCaseRow(tx, row.id, {
			claimantEncrypted: sealClaimant(app.cipher, claimant),
			claimantNameTokens: nameTokens(app.cipher, claimant),
			claimNumberHash: claimNumberHash(app.cipher, details.claimNumber),
			detailsEncrypted: sealCaseDetails(app.cipher, details),
			scheme: input.details.scheme,
			ownerUserId: r.ownerUserId,
			teamId: r.teamId
		});
		const by = attribution(who, r.ownerUserId);
		const labels = changed.map((k) => FIELD_LABELS[k]);
		await appendCaseHistory(tx, {
			caseId: row.id,
			action: 'case.update',
			...by,
			detail: `Changed ${labels.join(', ')}`
		});
		await recordAudit(tx, attributedTo(who, by.actorUserId, by.onBehalfOfUserId), {
			action: 'case.update',
			outcome: 'granted',
			resourceType: 'case',
			resourceId: row.id,
			details: {
				fields: changed.join(','),
				...(changed.includes('ownerUserId') ? { fromOwnerUserId: row.ownerUserId, toOwnerUserId: r.ownerUserId } : {}),
				...(changed.includes('scheme') ? { fromScheme: row.scheme, toScheme: input.details.scheme } : {})
			}
		});
		return { id: row.id, changed };
	});
}

/** Open, on hold or closed, with an optional note (sealed: it may name the claimant). */
export async function setCaseStatus(
	app: App,
	who: SignedInActor,
	scope: Scope,
	id: string,
	status: CaseStatus,
	note?: string
): Promise<{ id: string; status: CaseStatus; changed: boolean }> {
	const current = await caseForScope(app.database.db, scope, id);
	if (!current) return refuse(app, who, id, 'case.status_change', 'not_found');
	if (!can(who, 'case.edit')) return refuse(app, who, id, 'case.status_change', 'role');
	return app.database.db.transaction(async (tx) => {
		const row = await lockForChange(app, tx, who, scope, id, 'case.status_change');
		if (row.status === status) return { id: row.id, status, changed: false };
		await updateCaseRow(tx, row.id, { status });
		const by = attribution(who, row.ownerUserId);
		const text = note?.trim();
		await appendCaseHistory(tx, {
			caseId: row.id,
			action: 'case.status',
			...by,
			detail: `${CASE_STATUS_LABELS[row.status]} → ${CASE_STATUS_LABELS[status]}`,
			noteEncrypted: text ? sealCaseNote(app.cipher, text) : null
		});
		await recordAudit(tx, attributedTo(who, by.actorUserId, by.onBehalfOfUserId), {
			action: 'case.status_change',
			outcome: 'granted',
			resourceType: 'case',
			resourceId: row.id,
			details: { fromStatus: row.status, toStatus: status }
		});
		return { id: row.id, status, changed: true };
	});
}

async function namesOf(app: App, ids: (string | null | undefined)[]): Promise<Map<string, string>> {
	const wanted = [...new Set(ids.filter((i): i is string => Boolean(i) && i !== SYSTEM_ACTOR_ID))];
	if (!wanted.length) return new Map();
	return new Map((await userNames(app.database.db, wanted)).map((u) => [u.id, u.name]));
}

function tryOpen<T>(open: () => T): T | null {
	try {
		return open();
	} catch {
		return null;
	}
}

export interface TimelineEntry {
	id: string;
	at: Date;
	kind: 'case' | 'examination' | 'document';
	/** Our own wording: statuses, field names, categories, references; never claimant data. */
	summary: string;
	bookingId: string | null;
	bookingReference: string | null;
	actorName: string | null;
	onBehalfOfName: string | null;
	/** A note the person wrote (shown to those who see the case; it may name the claimant). */
	note: string | null;
}

/**
 * One case in full as the caller may see it, or an audited NOT_FOUND. Reading it is a read of PHI
 * (the claimant), recorded. `today` (YYYY-MM-DD) is for the enclosure checklists.
 */
export async function caseView(app: App, who: SignedInActor, scope: Scope, id: string, today = todayIn(CASE_CALENDAR_ZONE)) {
	const db = app.database.db;
	const c = await caseForScope(db, scope, id);
	if (!c) return refuse(app, who, id, 'case.read', 'not_found');
	if (!can(who, 'case.read')) return refuse(app, who, id, 'case.read', 'role');
	const exams = await examinationsOfCase(db, c.id);
	const bookingIds = exams.map((e) => e.id);
	const [caseRows, bookingRows, documents, enclosures, referrers] = await Promise.all([
		caseHistoryOf(db, c.id),
		bookingHistoryOfBookings(db, bookingIds),
		bookingIds.length ? liveDocumentsOfBookings(db, bookingIds) : Promise.resolve([]),
		enclosureViews(db, bookingIds, today),
		caseReferrerOptions(db, c.organizationId)
	]);
	const examById = new Map(exams.map((e) => [e.id, e]));
	const visibleDocs = documents.filter((d) => {
		const e = examById.get(d.bookingId);
		return e && can(who, 'document.see', { category: d.category, reportState: e.reportState as ReportState });
	});
	const names = await namesOf(app, [
		c.ownerUserId,
		c.createdByUserId,
		...caseRows.flatMap((h) => [h.actorUserId, h.onBehalfOfUserId]),
		...bookingRows.flatMap((h) => [h.actorUserId, h.onBehalfOfUserId]),
		...visibleDocs.flatMap((d) => [d.uploadedByUserId, d.onBehalfOfUserId])
	]);
	const nameOf = (uid: string | null) =>
		uid === SYSTEM_ACTOR_ID ? 'the booking service' : uid ? (names.get(uid) ?? 'a former user') : null;

	const timeline: TimelineEntry[] = [
		...caseRows.map((h): TimelineEntry => ({
			id: h.id,
			at: h.at,
			kind: 'case',
			summary: h.detail || h.action,
			bookingId: h.bookingId,
			bookingReference: h.bookingId ? (examById.get(h.bookingId)?.reference ?? null) : null,
			actorName: nameOf(h.actorUserId),
			onBehalfOfName: nameOf(h.onBehalfOfUserId),
			note: h.noteEncrypted ? tryOpen(() => openCaseNote(app.cipher, h.noteEncrypted!)) : null
		})),
		...bookingRows.map((h): TimelineEntry => {
			const e = examById.get(h.bookingId)!;
			return {
				id: h.id,
				at: h.at,
				kind: 'examination',
				summary: historySummary(h, e.clinicTimeZone),
				bookingId: h.bookingId,
				bookingReference: e.reference,
				actorName: nameOf(h.actorUserId),
				onBehalfOfName: nameOf(h.onBehalfOfUserId),
				note: h.noteEncrypted ? tryOpen(() => app.cipher.decrypt(h.noteEncrypted!, 'booking-note')) : null
			};
		}),
		...visibleDocs.map((d): TimelineEntry => ({
			id: d.id,
			at: d.createdAt,
			kind: 'document',
			summary: `${CATEGORY_LABELS[d.category] ?? 'Document'} uploaded`,
			bookingId: d.bookingId,
			bookingReference: examById.get(d.bookingId)?.reference ?? null,
			actorName: nameOf(d.uploadedByUserId),
			onBehalfOfName: nameOf(d.onBehalfOfUserId),
			note: null
		}))
	].sort((a, b) => b.at.getTime() - a.at.getTime() || (a.id < b.id ? 1 : -1));

	await recordAudit(db, who, { action: 'case.read', outcome: 'granted', resourceType: 'case', resourceId: c.id });
	const claimant = openClaimant(app.cipher, c.claimantEncrypted);
	const details = openCaseDetails(app.cipher, c.detailsEncrypted);
	return {
		id: c.id,
		reference: c.reference,
		organizationId: c.organizationId,
		status: c.status,
		statusLabel: CASE_STATUS_LABELS[c.status],
		scheme: c.scheme,
		schemeLabel: CASE_SCHEME_LABELS[c.scheme],
		claimant,
		claimantName: examineeName(claimant),
		details,
		ownerUserId: c.ownerUserId,
		ownerName: nameOf(c.ownerUserId),
		createdByName: nameOf(c.createdByUserId),
		createdAt: c.createdAt,
		updatedAt: c.updatedAt,
		examinations: exams.map((e) => ({
			id: e.id,
			reference: e.reference,
			startsAt: e.startsAt,
			clinicTimeZone: e.clinicTimeZone,
			when: timeLabel(e.startsAt, e.clinicTimeZone),
			stage: e.stage,
			stageLabel: STAGE_LABELS[e.stage] ?? e.stage,
			status: e.status,
			statusLabel: BOOKING_STATUS_LABELS[e.status] ?? e.status,
			specialistName: e.specialistName,
			appointmentTypeName: e.appointmentTypeName,
			enclosures: enclosures.get(e.id) ?? []
		})),
		documents: visibleDocs.map((d) => ({
			id: d.id,
			bookingId: d.bookingId,
			bookingReference: examById.get(d.bookingId)?.reference ?? '',
			name: openName(app, d),
			category: d.category,
			categoryLabel: CATEGORY_LABELS[d.category] ?? d.category,
			uploadedAt: d.createdAt,
			uploadedByName: nameOf(d.uploadedByUserId)
		})),
		timeline,
		canEdit: can(who, 'case.edit'),
		canBook: can(who, 'booking.book'),
		referrers: referrers
			.filter(
				(o) => who.caller.platformRole === 'admin' || withinScope(scope, { ...o, ownerUserId: o.userId, organizationId: c.organizationId })
			)
			.map((o) => ({ userId: o.userId, name: o.name }))
	};
}
export type CaseView = Awaited<ReturnType<typeof caseView>>;

/** Validated filters → the repository's (blind-index tokens, statuses, today's date). */
export function caseRepositoryFilters(app: Pick<App, 'cipher'>, f: CaseFilters, today = todayIn(CASE_CALENDAR_ZONE)): CaseListFilters {
	return {
		statuses: statusesOf(f.status),
		ownerUserId: f.referrer,
		overdueOn: f.overdue ? today : undefined,
		claimantTokens: f.claimant ? searchTokens(app.cipher, f.claimant) : undefined
	};
}

/** One row of the list or the export. */
export function toCaseListItem(app: Pick<App, 'cipher'>, r: CaseListRow) {
	const claimant = openClaimant(app.cipher as App['cipher'], r.claimantEncrypted);
	const details = openCaseDetails(app.cipher as App['cipher'], r.detailsEncrypted);
	return {
		id: r.id,
		reference: r.reference,
		status: r.status,
		statusLabel: CASE_STATUS_LABELS[r.status],
		scheme: r.scheme as CaseScheme,
		schemeLabel: CASE_SCHEME_LABELS[r.scheme],
		claimantName: examineeName(claimant),
		claimNumber: details.claimNumber,
		insurer: details.insurer,
		matterReference: details.matterReference,
		ownerName: r.ownerName ?? 'a former user',
		examinations: r.examinations,
		updatedAt: r.updatedAt,
		createdAt: r.createdAt
	};
}
export type CaseListItem = ReturnType<typeof toCaseListItem>;

/** One page of the cases a scope sees (keyset: `cursor` from the previous page). */
export async function listCases(
	app: App,
	who: SignedInActor,
	scope: Scope,
	filters: CaseFilters,
	cursor: string | undefined,
	limit: number,
	today?: string
): Promise<{ rows: CaseListItem[]; nextCursor: string | null }> {
	if (!can(who, 'case.read')) return { rows: [], nextCursor: null };
	const page = await listCasesForScope(app.database.db, scope, caseRepositoryFilters(app, filters, today), cursor, limit);
	return { rows: page.rows.map((r) => toCaseListItem(app, r)), nextCursor: page.nextCursor };
}

/** The referrers a case can be made the responsibility of, for the caller (forms). Admins: every organisation's. */
export async function referrerChoices(app: App, who: SignedInActor, scope: Scope, organizationId?: string | null) {
	const org = organizationId ?? who.caller.organizationId;
	if (!org && who.caller.platformRole === 'admin')
		return (await searchMembers(app.database.db, '')).map((m) => ({ userId: m.id, name: `${m.name} (${m.organizationName})` }));
	if (!org) return [];
	const options = await caseReferrerOptions(app.database.db, org);
	return options
		.filter(
			(o) => who.caller.platformRole === 'admin' || withinScope(scope, { organizationId: org, teamId: o.teamId, ownerUserId: o.userId })
		)
		.map((o) => ({ userId: o.userId, name: o.name }));
}
