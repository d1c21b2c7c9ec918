/**
 * The calls behind the SQL snapshots (`../sql-snapshots.test.ts`): for every repository file, one
 * entry per exported function, calling it once with sample arguments. An entry is a call, or a few
 * named calls (`{ admin: …, 'team lead': … }`) when one input would hide the interesting SQL (a
 * scope, a cursor, a table chosen by argument). Every call runs in a transaction that is rolled
 * back, on an empty database: reads find nothing, writes may break a foreign key. What matters is
 * the SQL they send.
 *
 * A function the manifest misses fails the test (and `npx tsc`), so a new query is reviewed too.
 */
import type { Db, Executor } from '../../db/client';
import type { Scope } from '../../auth/scope';
import * as appointments from '../appointments.repository';
import * as audit from '../audit.repository';
import * as bookingHistory from '../booking-history.repository';
import * as booking from '../booking.repository';
import * as caseLinks from '../case-links.repository';
import * as cases from '../cases.repository';
import * as catalogue from '../catalogue.repository';
import * as documents from '../document.repository';
import * as drafts from '../drafts.repository';
import * as enclosures from '../enclosures.repository';
import * as holds from '../holds.repository';
import * as impersonationAudit from '../impersonation-audit.repository';
import * as insights from '../insights.repository';
import * as instances from '../instances.repository';
import * as invitations from '../invitations.repository';
import { encodePageCursor } from '../keyset';
import * as locations from '../locations.repository';
import * as logistics from '../logistics.repository';
import * as membership from '../membership.repository';
import * as operations from '../operations.repository';
import * as opsFigure from '../ops-figure.repository';
import * as orgPeople from '../org-people.repository';
import * as organizations from '../organizations.repository';
import * as outbox from '../outbox.repository';
import * as privacy from '../privacy.repository';
import * as rateLimit from '../rate-limit.repository';
import * as referrers from '../referrers.repository';
import * as report from '../report.repository';
import * as rotation from '../rotation.repository';
import * as schedule from '../schedule.repository';
import * as sessions from '../sessions.repository';
import * as specialists from '../specialists.repository';
import * as syncConflicts from '../sync-conflicts.repository';
import * as upstreamAppointments from '../upstream-appointments.repository';
import * as users from '../users.repository';

/** One call: its SQL is captured; a returned SQL fragment (a WHERE clause builder's) is shown too. */
export type Call = (exec: Executor) => unknown;
/** A call, or a few named calls of the same function. */
export type Entry = Call | Record<string, Call>;

/** The exported functions of a module (classes, types and constants are not queries). */
type FunctionsOf<M> = { [K in keyof M as M[K] extends (...args: never[]) => unknown ? K : never]: Entry };

export interface RepositoryManifest {
	module: Record<string, unknown>;
	calls: Record<string, Entry>;
}

/** Ties a module to its calls: TypeScript asks for an entry for every function it exports. */
const repository = <M extends object>(module: M, calls: FunctionsOf<M>): RepositoryManifest => ({
	module: module as Record<string, unknown>,
	calls: calls as Record<string, Entry>
});

// ── Sample values (fixed, so the snapshots never change by themselves) ─────────────────────────────

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const ID = id(1);
const ORG = id(2);
const TEAM = id(3);
const USER = id(4);
const SPECIALIST = id(5);
const TYPE = id(6);
const APPOINTMENT = id(7);
const BOOKING = id(8);
const DRAFT = id(9);
const DOCUMENT = id(10);
const CASE = id(11);
const FROM = new Date('2025-03-03T00:00:00.000Z');
const TO = new Date('2025-03-10T00:00:00.000Z');
const NOW = new Date('2025-03-01T00:00:00.000Z');
const SEALED = 'v1.k1.sealed';

const ADMIN: Scope = { kind: 'all' };
const TEAM_LEAD: Scope = { kind: 'team', organizationId: ORG, teamId: TEAM, userId: USER };
const SPECIALIST_SCOPE: Scope = { kind: 'assigned', specialistUserId: USER };
/** Both sides of a scoped read: no condition (admins), and the most involved one (a team lead). */
const scoped = (call: (exec: Executor, scope: Scope) => unknown): Record<string, Call> => ({
	admin: (exec) => call(exec, ADMIN),
	'team lead': (exec) => call(exec, TEAM_LEAD)
});

/** A booking list cursor (the shape `listForScope` hands out): the page after a row. */
const cursor = Buffer.from(JSON.stringify({ s: 'status', d: 'desc', k: [2, '2025-03-03T09:00:00.000000Z', BOOKING] }), 'utf8').toString(
	'base64url'
);

const busy = { startsAt: FROM, endsAt: TO, busyFrom: FROM, busyTo: TO };

export const manifest: Record<string, RepositoryManifest> = {
	appointments: repository(appointments, {
		findAppointment: (exec) => appointments.findAppointment(exec, APPOINTMENT),
		appointmentStatus: (exec) => appointments.appointmentStatus(exec, APPOINTMENT),
		findByProviderId: (exec) => appointments.findByProviderId(exec, 'acuity', '12345'),
		findByIdempotencyKey: (exec) => appointments.findByIdempotencyKey(exec, DRAFT),
		findBuiltinAppointment: (exec) => appointments.findBuiltinAppointment(exec, APPOINTMENT),
		listBuiltinAppointments: (exec) => appointments.listBuiltinAppointments(exec, { from: FROM, to: TO, calendarId: SPECIALIST }),
		confirmedStartingIn: (exec) => appointments.confirmedStartingIn(exec, 'acuity', FROM, TO),
		confirmedBusyOverlapping: (exec) => appointments.confirmedBusyOverlapping(exec, SPECIALIST, FROM, TO),
		findConfirmedClash: (exec) => appointments.findConfirmedClash(exec, SPECIALIST, FROM, TO),
		insertAppointment: (exec) =>
			appointments.insertAppointment(exec, {
				id: APPOINTMENT,
				provider: 'builtin',
				providerAppointmentId: APPOINTMENT,
				specialistId: SPECIALIST,
				appointmentTypeId: TYPE,
				...busy,
				idempotencyKey: DRAFT,
				organizationId: ORG,
				clientEncrypted: SEALED
			}),
		insertAppointmentReturningId: (exec) =>
			appointments.insertAppointmentReturningId(exec, {
				provider: 'acuity',
				providerAppointmentId: '12345',
				specialistId: SPECIALIST,
				appointmentTypeId: TYPE,
				...busy,
				idempotencyKey: DRAFT,
				organizationId: ORG,
				source: 'portal'
			}),
		setAppointmentOrganization: (exec) => appointments.setAppointmentOrganization(exec, APPOINTMENT, ORG),
		claimForPortalBooking: (exec) => appointments.claimForPortalBooking(exec, APPOINTMENT, ORG, DRAFT),
		setProviderId: (exec) => appointments.setProviderId(exec, APPOINTMENT, 'acuity', '12345'),
		refreshClient: (exec) => appointments.refreshClient(exec, APPOINTMENT, SEALED),
		updateClient: (exec) => appointments.updateClient(exec, APPOINTMENT, SEALED),
		markNoShow: (exec) => appointments.markNoShow(exec, APPOINTMENT),
		setPendingChange: (exec) => appointments.setPendingChange(exec, APPOINTMENT, 'cancel', TO),
		moveAppointment: (exec) => appointments.moveAppointment(exec, APPOINTMENT, { specialistId: SPECIALIST, ...busy }),
		markCancelled: (exec) => appointments.markCancelled(exec, APPOINTMENT, NOW),
		setUpstreamStatus: (exec) =>
			appointments.setUpstreamStatus(exec, APPOINTMENT, { status: 'cancelled', cancelledAt: NOW, noShow: false }),
		moveBuiltinAppointment: (exec) => appointments.moveBuiltinAppointment(exec, APPOINTMENT, { specialistId: SPECIALIST, ...busy }),
		cancelBuiltinAppointment: (exec) => appointments.cancelBuiltinAppointment(exec, APPOINTMENT, false)
	}),

	audit: repository(audit, {
		insertAuditRow: (exec) =>
			audit.insertAuditRow(exec, {
				actor: USER,
				onBehalfOf: null,
				action: 'booking.create',
				resourceType: 'booking',
				resourceId: BOOKING,
				outcome: 'granted',
				ip: '198.51.100.1',
				userAgent: 'vitest',
				requestId: 'req-1',
				details: { reference: 'IME-7K3Q9P' }
			}),
		auditChainChecks: (exec) => audit.auditChainChecks(exec),
		auditWhere: (exec) =>
			audit.auditWhere(exec, {
				actor: 'someone@example.test',
				onBehalfOf: USER,
				involving: undefined,
				action: 'auth.sign_in',
				resourceType: 'user',
				resourceId: USER,
				outcome: 'denied',
				from: '2025-03-01',
				to: '2025-03-31'
			}),
		auditPage: async (exec) =>
			audit.auditPage(
				exec,
				await audit.auditWhere(exec, {
					actor: undefined,
					onBehalfOf: undefined,
					involving: undefined,
					action: 'auth.sign_in',
					resourceType: undefined,
					resourceId: undefined,
					outcome: 'denied',
					from: undefined,
					to: undefined
				}),
				1000,
				50
			),
		peopleByUserId: (exec) => audit.peopleByUserId(exec, [USER, id(11)]),
		auditRecordsAbout: (exec) => audit.auditRecordsAbout(exec, [BOOKING], [DOCUMENT]),
		bookingReferencesByIds: (exec) => audit.bookingReferencesByIds(exec, [BOOKING]),
		caseReferencesByIds: (exec) => audit.caseReferencesByIds(exec, [CASE]),
		documentBookingsByIds: (exec) => audit.documentBookingsByIds(exec, [DOCUMENT])
	}),

	'booking-history': repository(bookingHistory, {
		insertHistory: (exec) =>
			bookingHistory.insertHistory(exec, {
				bookingId: BOOKING,
				action: 'created',
				actorUserId: USER,
				onBehalfOfUserId: null,
				toStage: 'scheduled',
				toStatus: 'active',
				toStartsAt: FROM
			}),
		historyOf: (exec) => bookingHistory.historyOf(exec, BOOKING)
	}),

	booking: repository(booking, {
		bookingScope: { specialist: () => booking.bookingScope(SPECIALIST_SCOPE), 'team lead': () => booking.bookingScope(TEAM_LEAD) },
		getForScope: scoped((exec, scope) => booking.getForScope(exec, scope, BOOKING)),
		lockForScope: scoped((exec, scope) => booking.lockForScope(exec, scope, BOOKING)),
		lockByReference: (exec) => booking.lockByReference(exec, 'IME-7K3Q9P'),
		lockByAppointment: (exec) => booking.lockByAppointment(exec, APPOINTMENT),
		findReferenceByAppointment: (exec) => booking.findReferenceByAppointment(exec, APPOINTMENT),
		findIdByIdempotencyKey: (exec) => booking.findIdByIdempotencyKey(exec, DRAFT),
		insertBooking: (exec) =>
			booking.insertBooking(exec, {
				reference: 'IME-7K3Q9P',
				organizationId: ORG,
				teamId: TEAM,
				ownerUserId: USER,
				createdByUserId: USER,
				specialistId: SPECIALIST,
				appointmentTypeId: TYPE,
				appointmentId: APPOINTMENT,
				startsAt: FROM,
				endsAt: TO,
				clinicTimeZone: 'Australia/Sydney',
				examineeEncrypted: SEALED,
				intakeEncrypted: SEALED,
				examineeNameTokens: ['t1', 't2'],
				idempotencyKey: DRAFT
			}),
		updateBookingReturning: (exec) =>
			booking.updateBookingReturning(exec, BOOKING, {
				stage: 'cancelled',
				lateCancellation: true,
				cancellationFeeCents: 50_000,
				updatedAt: NOW
			}),
		updateBooking: (exec) =>
			booking.updateBooking(exec, BOOKING, { stage: 'rescheduled', startsAt: FROM, endsAt: TO, specialistId: SPECIALIST, updatedAt: NOW }),
		listForScope: {
			'admin, first page': (exec) => booking.listForScope(exec, ADMIN, {}),
			'team lead, every filter, by status, after a cursor': (exec) =>
				booking.listForScope(
					exec,
					TEAM_LEAD,
					{
						status: 'all',
						specialistIds: [SPECIALIST],
						stages: ['scheduled', 'rescheduled'],
						examineeTokens: ['t1', 't2'],
						startsFrom: FROM,
						startsBefore: TO,
						sort: 'status',
						dir: 'desc'
					},
					cursor,
					25
				),
			'specialist, by specialist name': (exec) => booking.listForScope(exec, SPECIALIST_SCOPE, { status: 'closed', sort: 'specialist' })
		},
		countForScope: scoped((exec, scope) => booking.countForScope(exec, scope, { status: 'active', specialistIds: [SPECIALIST] })),
		countByStage: scoped((exec, scope) => booking.countByStage(exec, scope)),
		monthRange: () => booking.monthRange('2025-03', 'Australia/Sydney'),
		calendarMonth: scoped((exec, scope) => booking.calendarMonth(exec, scope, '2025-03', 'Australia/Sydney', { status: 'active' }))
	}),

	catalogue: repository(catalogue, {
		findAppointmentType: (exec) => catalogue.findAppointmentType(exec, TYPE),
		findActiveAppointmentType: (exec) => catalogue.findActiveAppointmentType(exec, TYPE),
		findTypeForProvider: {
			'by provider id': (exec) => catalogue.findTypeForProvider(exec, false, '777'),
			'by local id': (exec) => catalogue.findTypeForProvider(exec, true, TYPE)
		},
		findTypeWithSpecialist: (exec) => catalogue.findTypeWithSpecialist(exec, TYPE, SPECIALIST),
		appointmentTypeSummary: (exec) => catalogue.appointmentTypeSummary(exec, TYPE),
		appointmentTypesInDisplayOrder: (exec) => catalogue.appointmentTypesInDisplayOrder(exec),
		appointmentTypesByName: (exec) => catalogue.appointmentTypesByName(exec),
		allAppointmentTypes: (exec) => catalogue.allAppointmentTypes(exec),
		activeTypesForReferrers: (exec) => catalogue.activeTypesForReferrers(exec),
		existingTypeIds: (exec) => catalogue.existingTypeIds(exec, [TYPE, id(12)]),
		updateTypePresentation: (exec) => catalogue.updateTypePresentation(exec, { id: TYPE, label: 'IME', displayOrder: 1, active: true }),
		upsertProviderType: (exec) =>
			catalogue.upsertProviderType(exec, {
				name: 'Independent medical examination',
				description: '',
				category: 'IME',
				mode: 'in_person',
				durationMinutes: 60,
				priceCents: 120_000,
				paddingBeforeMinutes: 0,
				paddingAfterMinutes: 15,
				intakeFields: [],
				providerTypeId: '777',
				active: true
			}),
		allOffers: (exec) => catalogue.allOffers(exec),
		offers: (exec) => catalogue.offers(exec, SPECIALIST, TYPE),
		offeredTypeIds: (exec) => catalogue.offeredTypeIds(exec, SPECIALIST),
		offeredTypeCounts: (exec) => catalogue.offeredTypeCounts(exec),
		replaceOffersOfSpecialist: (exec) => catalogue.replaceOffersOfSpecialist(exec, SPECIALIST, [TYPE, id(12)]),
		replaceOffersOfType: (exec) => catalogue.replaceOffersOfType(exec, TYPE, [SPECIALIST, id(13)])
	}),

	document: repository(documents, {
		documentForScope: scoped((exec, scope) => documents.documentForScope(exec, scope, DOCUMENT)),
		documentsOfBooking: (exec) => documents.documentsOfBooking(exec, BOOKING, 'live'),
		liveDocumentsOfBookings: (exec) => documents.liveDocumentsOfBookings(exec, [BOOKING, id(14)]),
		findLiveFinalReport: (exec) => documents.findLiveFinalReport(exec, BOOKING),
		insertDocument: (exec) =>
			documents.insertDocument(exec, {
				bookingId: BOOKING,
				section: 'ime',
				category: 'brief',
				nameEncrypted: SEALED,
				contentType: 'application/pdf',
				extension: 'pdf',
				sizeBytes: 1024,
				sha256: '0'.repeat(64),
				storeKind: 'local',
				storageKey: 'documents/sample',
				keyEncrypted: SEALED,
				uploadedByUserId: USER,
				onBehalfOfUserId: null
			}),
		renameDocumentRow: (exec) => documents.renameDocumentRow(exec, DOCUMENT, SEALED),
		markDocumentDeleted: (exec) => documents.markDocumentDeleted(exec, DOCUMENT, USER),
		markDocumentRestored: (exec) => documents.markDocumentRestored(exec, DOCUMENT),
		deleteDocumentRow: (exec) => documents.deleteDocumentRow(exec, DOCUMENT),
		keysInUse: (exec) => documents.keysInUse(exec, ['documents/a', 'documents/b']),
		deletedBefore: (exec) => documents.deletedBefore(exec, NOW, 100),
		reportQueue: scoped((exec, scope) => documents.reportQueue(exec, scope, NOW))
	}),

	drafts: repository(drafts, {
		insertDraft: (exec) =>
			drafts.insertDraft(exec, { userId: USER, ownerUserId: USER, organizationId: ORG, dataEncrypted: SEALED, expiresAt: TO }),
		deleteExpiredDrafts: (exec) => drafts.deleteExpiredDrafts(exec, NOW),
		findLiveDraftOf: (exec) => drafts.findLiveDraftOf(exec, DRAFT, USER, NOW),
		findDraft: (exec) => drafts.findDraft(exec, DRAFT),
		updateDraftData: (exec) => drafts.updateDraftData(exec, DRAFT, SEALED),
		deleteDraft: (exec) => drafts.deleteDraft(exec, DRAFT)
	}),

	holds: repository(holds, {
		lockSpecialistHolds: (exec) => holds.lockSpecialistHolds(exec, SPECIALIST),
		findLiveHold: (exec) => holds.findLiveHold(exec, DRAFT, NOW),
		lockHoldsOf: {
			'a person and their organisation': (exec) => holds.lockHoldsOf(exec, { userId: USER, organizationId: ORG }),
			'the organisation only (booking for others)': (exec) => holds.lockHoldsOf(exec, { userId: null, organizationId: ORG })
		},
		deleteExpiredHolds: (exec) => holds.deleteExpiredHolds(exec, NOW),
		findOtherHoldOverlapping: (exec) =>
			holds.findOtherHoldOverlapping(exec, { specialistId: SPECIALIST, holderKey: DRAFT, now: NOW, from: FROM, to: TO }),
		upsertHold: (exec) =>
			holds.upsertHold(exec, {
				holderKey: DRAFT,
				specialistId: SPECIALIST,
				appointmentTypeId: TYPE,
				startsAt: FROM,
				busyFrom: FROM,
				busyTo: TO,
				expiresAt: TO
			}),
		deleteHold: (exec) => holds.deleteHold(exec, DRAFT),
		deleteHoldOf: (exec) => holds.deleteHoldOf(exec, DRAFT),
		liveHolds: (exec) => holds.liveHolds(exec, SPECIALIST, FROM, TO, NOW),
		liveHoldSpans: (exec) => holds.liveHoldSpans(exec, SPECIALIST, FROM, TO, NOW),
		holdExpiry: (exec) => holds.holdExpiry(exec, DRAFT),
		liveHoldsOfPersonOrOrganization: (exec) =>
			holds.liveHoldsOfPersonOrOrganization(exec, { userId: USER, organizationId: ORG, exceptHolderKey: DRAFT, now: NOW }),
		liveHoldsWithNames: (exec) => holds.liveHoldsWithNames(exec, NOW)
	}),

	'impersonation-audit': repository(impersonationAudit, {
		recentImpersonationTargets: (exec) => impersonationAudit.recentImpersonationTargets(exec, USER)
	}),

	instances: repository(instances, {
		renewInstance: (exec) => instances.renewInstance(exec, 'instance-1', NOW),
		removeInstancesSeenBefore: (exec) => instances.removeInstancesSeenBefore(exec, NOW),
		countInstancesSeenAfter: (exec) => instances.countInstancesSeenAfter(exec, NOW),
		removeInstance: (exec) => instances.removeInstance(exec, 'instance-1')
	}),

	invitations: repository(invitations, {
		countPendingInvitations: (exec) => invitations.countPendingInvitations(exec),
		listRecentInvitations: (exec) => invitations.listRecentInvitations(exec),
		listInvitationsPage: {
			'first page': (exec) => invitations.listInvitationsPage(exec, { dir: 'desc' }),
			'after a cursor': (exec) =>
				invitations.listInvitationsPage(exec, {
					dir: 'asc',
					cursor: encodePageCursor('expiresAt', 'asc', '2026-01-01T00:00:00.000000Z', ID)
				})
		},
		listInvitationsOf: (exec) => invitations.listInvitationsOf(exec, ORG),
		findUnacceptedInvitation: (exec) => invitations.findUnacceptedInvitation(exec, ID),
		revokePendingInvitation: (exec) => invitations.revokePendingInvitation(exec, ID),
		pendingAdminInvitationExists: (exec) => invitations.pendingAdminInvitationExists(exec),
		revokePendingInvitationsFor: (exec) => invitations.revokePendingInvitationsFor(exec, 'someone@example.test'),
		insertInvitation: (exec) =>
			invitations.insertInvitation(exec, {
				tokenHash: 'f'.repeat(64),
				email: 'someone@example.test',
				name: 'Someone',
				platformRole: 'user',
				organizationId: ORG,
				orgRoles: ['referrer'],
				teamId: TEAM,
				specialistId: null,
				invitedBy: USER,
				expiresAt: TO
			}),
		findUsableInvitationByTokenHash: (exec) => invitations.findUsableInvitationByTokenHash(exec, 'f'.repeat(64)),
		lockInvitationByTokenHash: (exec) => invitations.lockInvitationByTokenHash(exec, 'f'.repeat(64)),
		markInvitationAccepted: (exec) => invitations.markInvitationAccepted(exec, ID),
		findSpecialistAccountLink: (exec) => invitations.findSpecialistAccountLink(exec, SPECIALIST),
		linkSpecialistIfUnlinked: (exec) => invitations.linkSpecialistIfUnlinked(exec, SPECIALIST, USER)
	}),

	'case-links': repository(caseLinks, {
		membershipIn: (exec) => caseLinks.membershipIn(exec, USER, ORG),
		caseReferenceOf: (exec) => caseLinks.caseReferenceOf(exec, CASE),
		caseOfBooking: scoped((exec, scope) => caseLinks.caseOfBooking(exec, scope, BOOKING)),
		findMatchingCases: { 'team lead': (exec) => caseLinks.findMatchingCases(exec, TEAM_LEAD, ORG, 'claim-hash', ['t1', 't2']) },
		attachBookingsToCase: (exec) => caseLinks.attachBookingsToCase(exec, [BOOKING], CASE),
		bookingsWithoutCase: {
			first: (exec) => caseLinks.bookingsWithoutCase(exec, null, 500),
			next: (exec) => caseLinks.bookingsWithoutCase(exec, BOOKING, 500)
		},
		findDataMigration: (exec) => caseLinks.findDataMigration(exec, 'group_bookings_into_cases'),
		recordDataMigration: (exec) => caseLinks.recordDataMigration(exec, 'group_bookings_into_cases', '{}'),
		lockDataMigrations: (exec) => caseLinks.lockDataMigrations(exec)
	}),
	cases: repository(cases, {
		caseScope: scoped((_exec, scope) => cases.caseScope(scope)),
		caseForScope: scoped((exec, scope) => cases.caseForScope(exec, scope, CASE)),
		lockCaseForScope: scoped((exec, scope) => cases.lockCaseForScope(exec, scope, CASE)),
		insertCase: (exec) =>
			cases.insertCase(exec, {
				reference: 'CASE-7K3Q9P',
				organizationId: ORG,
				teamId: TEAM,
				ownerUserId: USER,
				createdByUserId: USER,
				claimantEncrypted: SEALED,
				claimantNameTokens: ['t1'],
				claimNumberHash: 'h1',
				detailsEncrypted: SEALED
			}),
		updateCase: (exec) => cases.updateCase(exec, CASE, { status: 'on_hold' }),
		touchCase: (exec) => cases.touchCase(exec, CASE),
		appendCaseHistory: (exec) =>
			cases.appendCaseHistory(exec, { caseId: CASE, action: 'case.status', actorUserId: USER, detail: 'open → on_hold' }),
		listCasesForScope: {
			'admin, first page': (exec) => cases.listCasesForScope(exec, ADMIN, {}),
			'team lead, every filter, after a cursor': (exec) =>
				cases.listCasesForScope(
					exec,
					TEAM_LEAD,
					{ statuses: ['open', 'on_hold'], ownerUserId: USER, overdueOn: '2025-03-03', claimantTokens: ['t1', 't2'] },
					Buffer.from(JSON.stringify(['2025-03-03T09:00:00.000000Z', CASE]), 'utf8').toString('base64url'),
					10
				)
		},
		countCasesForScope: scoped((exec, scope) => cases.countCasesForScope(exec, scope, { statuses: ['open'], overdueOn: '2025-03-03' })),
		examinationsOfCase: (exec) => cases.examinationsOfCase(exec, CASE),
		caseHistoryOf: (exec) => cases.caseHistoryOf(exec, CASE),
		bookingHistoryOfBookings: (exec) => cases.bookingHistoryOfBookings(exec, [BOOKING]),
		casesOfBookings: (exec) => cases.casesOfBookings(exec, [BOOKING]),
		caseReferrerOptions: (exec) => cases.caseReferrerOptions(exec, ORG),
		casesWithClaimantTokens: (exec) => cases.casesWithClaimantTokens(exec, ['t1', 't2']),
		caseAuditRecords: (exec) => cases.caseAuditRecords(exec, [CASE])
	}),
	enclosures: repository(enclosures, {
		templateItemsOfType: (exec) => enclosures.templateItemsOfType(exec, TYPE),
		replaceTemplateItems: (exec) =>
			enclosures.replaceTemplateItems(exec, TYPE, [
				{ category: 'brief', label: 'Letter of instruction', businessDaysBefore: 10 },
				{ category: 'medical_records', label: 'Medical records', businessDaysBefore: 5 }
			]),
		checklistContext: (exec) => enclosures.checklistContext(exec, BOOKING),
		clinicStatesOfBookings: (exec) => enclosures.clinicStatesOfBookings(exec, [BOOKING]),
		insertEnclosures: (exec) =>
			enclosures.insertEnclosures(exec, [
				{ bookingId: BOOKING, category: 'brief', label: 'Letter of instruction', businessDaysBefore: 10, dueOn: '2025-03-03' }
			]),
		enclosuresOfBookings: (exec) => enclosures.enclosuresOfBookings(exec, [BOOKING]),
		setEnclosureDueOn: (exec) => enclosures.setEnclosureDueOn(exec, ID, '2025-03-03'),
		setEnclosureDecision: (exec) =>
			enclosures.setEnclosureDecision(exec, BOOKING, ID, {
				state: 'not_applicable',
				reasonEncrypted: SEALED,
				decidedByUserId: USER,
				decidedAt: NOW
			}),
		liveCategoriesOfBookings: (exec) => enclosures.liveCategoriesOfBookings(exec, [BOOKING]),
		recordMetDocument: (exec) => enclosures.recordMetDocument(exec, ID, DOCUMENT),
		pendingEnclosuresDueBy: (exec) => enclosures.pendingEnclosuresDueBy(exec, '2025-03-17', NOW),
		claimDigest: (exec) => enclosures.claimDigest(exec, USER, '2025-03-03', 3)
	}),
	logistics: repository(logistics, {
		findLogistics: (exec) => logistics.findLogistics(exec, BOOKING),
		findLogisticsWithMode: (exec) => logistics.findLogisticsWithMode(exec, BOOKING),
		logisticsForScope: {
			admin: (exec) => logistics.logisticsForScope(exec, ADMIN, [BOOKING, id(12)]),
			specialist: (exec) => logistics.logisticsForScope(exec, SPECIALIST_SCOPE, [BOOKING])
		},
		modeOfBooking: (exec) => logistics.modeOfBooking(exec, BOOKING),
		upsertLogistics: (exec) =>
			logistics.upsertLogistics(exec, {
				bookingId: BOOKING,
				dataEncrypted: SEALED,
				interpreterNeeded: true,
				techCheck: 'done',
				updatedByUserId: USER
			})
	}),
	locations: repository(locations, {
		locationsOf: (exec) => locations.locationsOf(exec, SPECIALIST),
		activeLocationsOf: (exec) => locations.activeLocationsOf(exec, SPECIALIST),
		activeLocationSuburbs: (exec) => locations.activeLocationSuburbs(exec, [SPECIALIST]),
		findLocation: (exec) => locations.findLocation(exec, SPECIALIST, ID),
		findLocationById: (exec) => locations.findLocationById(exec, ID),
		insertLocation: (exec) =>
			locations.insertLocation(exec, {
				specialistId: SPECIALIST,
				name: 'Macquarie Street rooms',
				line1: '135 Macquarie Street',
				line2: 'Level 4',
				suburb: 'Sydney',
				state: 'NSW',
				postcode: '2000',
				directions: 'Lifts from the foyer.',
				isPrimary: true
			}),
		updateLocation: (exec) =>
			locations.updateLocation(exec, SPECIALIST, ID, {
				name: 'Macquarie Street rooms',
				line1: '135 Macquarie Street',
				line2: 'Level 4',
				suburb: 'Sydney',
				state: 'NSW',
				postcode: '2000',
				directions: ''
			}),
		setLocationActive: (exec) => locations.setLocationActive(exec, SPECIALIST, ID, false),
		clearPrimary: (exec) => locations.clearPrimary(exec, SPECIALIST),
		setPrimary: (exec) => locations.setPrimary(exec, SPECIALIST, ID),
		detachHoursFrom: (exec) => locations.detachHoursFrom(exec, SPECIALIST, ID)
	}),

	membership: repository(membership, {
		membershipsOf: (exec) => membership.membershipsOf(exec, USER),
		listMembersOf: (exec) => membership.listMembersOf(exec, ORG),
		findMember: (exec) => membership.findMember(exec, ID),
		lockMember: (exec) => membership.lockMember(exec, ID),
		countTeamMembers: (exec) => membership.countTeamMembers(exec, TEAM),
		insertMember: (exec) => membership.insertMember(exec, { organizationId: ORG, userId: USER, roles: ['referrer'], teamId: TEAM }),
		updateMemberRolesAndTeam: (exec) => membership.updateMemberRolesAndTeam(exec, ID, ['team_lead', 'referrer'], TEAM),
		deleteMember: (exec) => membership.deleteMember(exec, ID)
	}),

	insights: repository(insights, {
		examinationsByWeek: {
			'by organisation': (exec) => insights.examinationsByWeek(exec, 'organisation', FROM, TO, 5),
			'by exam type': (exec) => insights.examinationsByWeek(exec, 'exam-type', FROM, TO, 5)
		},
		reportTurnaroundByDays: (exec) => insights.reportTurnaroundByDays(exec, '2025-03-01', '2025-04-01', 30),
		reportTurnaroundSummary: (exec) => insights.reportTurnaroundSummary(exec, '2025-03-01', '2025-04-01', 10),
		missedByMonth: (exec) => insights.missedByMonth(exec, FROM, TO),
		specialistHours: (exec) => insights.specialistHours(exec, '2025-03-03', '2025-03-30', ['NSW:2025-03-10', ':2025-03-17'])
	}),
	operations: repository(operations, {
		activeBookingsByStage: (exec) => operations.activeBookingsByStage(exec),
		foldStageChanges: (exec) => operations.foldStageChanges(exec),
		foldTurnaroundChanges: (exec) => operations.foldTurnaroundChanges(exec),
		miscountedKeys: {
			'stages by status and stage': (exec) => operations.miscountedKeys(exec, 'stages'),
			'report turnaround by Sydney day and days': (exec) => operations.miscountedKeys(exec, 'turnaround')
		},
		recountKept: {
			'stages by status and stage': (exec) => operations.recountKept(exec, 'stages'),
			'report turnaround by Sydney day and days': (exec) => operations.recountKept(exec, 'turnaround')
		},
		countExaminationsBetween: (exec) => operations.countExaminationsBetween(exec, FROM, TO),
		examinationsBetween: (exec) => operations.examinationsBetween(exec, FROM, TO, 100),
		feesToInvoice: (exec) => operations.feesToInvoice(exec, 5),
		countFeesToInvoice: (exec) => operations.countFeesToInvoice(exec),
		markFeeInvoiced: (exec) => operations.markFeeInvoiced(exec, BOOKING, USER, NOW)
	}),

	'ops-figure': repository(opsFigure, {
		addToFigures: (exec) =>
			opsFigure.addToFigures(
				exec,
				[
					{ name: 'availability.fresh', value: 3 },
					{ name: 'availability.loaded', value: 1 }
				],
				NOW
			),
		recordFigureEvent: (exec) => opsFigure.recordFigureEvent(exec, 'catalogue_sync', NOW, true),
		readFigures: (exec) => opsFigure.readFigures(exec, ['availability.fresh', 'catalogue_sync'])
	}),

	'org-people': repository(orgPeople, {
		listPeopleOf: (exec) => orgPeople.listPeopleOf(exec, ORG),
		lockPersonOf: (exec) => orgPeople.lockPersonOf(exec, ORG, ID),
		countOtherActiveOwners: (exec) => orgPeople.countOtherActiveOwners(exec, ORG, ID),
		listPendingInvitationsOf: (exec) => orgPeople.listPendingInvitationsOf(exec, ORG),
		pendingInvitationElsewhere: (exec) => orgPeople.pendingInvitationElsewhere(exec, 'someone@example.test', ORG)
	}),
	organizations: repository(organizations, {
		listOrganizationRows: (exec) => organizations.listOrganizationRows(exec),
		listOrganizationSummaries: (exec) => organizations.listOrganizationSummaries(exec),
		memberCountsByOrganization: (exec) => organizations.memberCountsByOrganization(exec),
		listOrganizationsPage: {
			'first page': (exec) => organizations.listOrganizationsPage(exec, { dir: 'asc' }),
			'after a cursor': (exec) =>
				organizations.listOrganizationsPage(exec, { dir: 'desc', cursor: encodePageCursor('name', 'desc', 'Harbour', ID) })
		},
		teamCountsByOrganization: (exec) => organizations.teamCountsByOrganization(exec),
		countOrganizations: (exec) => organizations.countOrganizations(exec),
		findOrganization: (exec) => organizations.findOrganization(exec, ORG),
		lockOrganization: (exec) => organizations.lockOrganization(exec, ORG),
		organizationExists: (exec) => organizations.organizationExists(exec, ORG),
		slugsLike: (exec) => organizations.slugsLike(exec, 'harbour-legal'),
		insertOrganization: (exec) =>
			organizations.insertOrganization(exec, { name: 'Harbour Legal', slug: 'harbour-legal', require2fa: false }),
		updateOrganizationSettings: (exec) =>
			organizations.updateOrganizationSettings(exec, ORG, { name: 'Harbour Legal', require2fa: true, active: true }),
		listAllTeams: (exec) => organizations.listAllTeams(exec),
		listTeamsOf: (exec) => organizations.listTeamsOf(exec, ORG),
		findTeam: (exec) => organizations.findTeam(exec, TEAM),
		findTeamOrganizationId: (exec) => organizations.findTeamOrganizationId(exec, TEAM),
		teamBelongsTo: (exec) => organizations.teamBelongsTo(exec, TEAM, ORG),
		teamNameTaken: (exec) => organizations.teamNameTaken(exec, ORG, 'Workers compensation', TEAM),
		insertTeam: (exec) => organizations.insertTeam(exec, { organizationId: ORG, name: 'Workers compensation' }),
		renameTeamRow: (exec) => organizations.renameTeamRow(exec, TEAM, 'Workers compensation'),
		deleteTeamRow: (exec) => organizations.deleteTeamRow(exec, TEAM)
	}),

	outbox: repository(outbox, {
		insertMessage: (exec) => outbox.insertMessage(exec, { channel: 'email', template: 'invitation', userId: USER, payload: SEALED }),
		claimDueMessages: (exec) => outbox.claimDueMessages(exec, 10, 60),
		findMessage: (exec) => outbox.findMessage(exec, ID),
		markMessageSent: (exec) => outbox.markMessageSent(exec, ID),
		markMessageFailed: (exec) => outbox.markMessageFailed(exec, ID, 1, { giveUp: false, lastError: 'timeout', nextAttemptAt: TO }),
		latestMessages: (exec) => outbox.latestMessages(exec, 100),
		messagesPage: {
			'first page': (exec) => outbox.messagesPage(exec, {}),
			'after a cursor': (exec) =>
				outbox.messagesPage(exec, { cursor: encodePageCursor('createdAt', 'desc', '2026-01-01T00:00:00.000000Z', ID) })
		},
		messageCountsByStatus: (exec) => outbox.messageCountsByStatus(exec)
	}),

	privacy: repository(privacy, {
		findBookingById: (exec) => privacy.findBookingById(exec, BOOKING),
		bookingsWithNameTokens: (exec) => privacy.bookingsWithNameTokens(exec, ['t1', 't2']),
		historyOfBookings: (exec) => privacy.historyOfBookings(exec, [BOOKING, id(14)]),
		specialistNames: (exec) => privacy.specialistNames(exec),
		appointmentTypeIntakes: (exec) => privacy.appointmentTypeIntakes(exec)
	}),

	'rate-limit': repository(rateLimit, {
		// The store's own queries (rate-limiter-flexible's), shown through one attempt.
		databaseRateLimiter: (exec) =>
			rateLimit
				.databaseRateLimiter(exec as Db, { keyPrefix: 'sign-in', points: 5, duration: 900, blockDuration: 900 })
				.consume('sample-key'),
		deleteLimitsExpiredBefore: (exec) => rateLimit.deleteLimitsExpiredBefore(exec, NOW)
	}),

	referrers: repository(referrers, {
		firstMembershipOf: (exec) => referrers.firstMembershipOf(exec, USER),
		membershipTeam: (exec) => referrers.membershipTeam(exec, USER, ORG),
		findReferrerMembership: (exec) => referrers.findReferrerMembership(exec, ID),
		activeReferrers: (exec) => referrers.activeReferrers(exec),
		searchMembers: (exec) => referrers.searchMembers(exec, 'harbour'),
		userNames: (exec) => referrers.userNames(exec, [USER, id(11)]),
		userEmails: (exec) => referrers.userEmails(exec, [USER, id(11)]),
		userEmail: (exec) => referrers.userEmail(exec, USER)
	}),

	report: repository(report, {
		lockBookingById: (exec) => report.lockBookingById(exec, BOOKING),
		setReportProgress: (exec) => report.setReportProgress(exec, BOOKING, 'released', 'report_ready'),
		specialistAccount: (exec) => report.specialistAccount(exec, SPECIALIST),
		userAccount: (exec) => report.userAccount(exec, USER)
	}),

	rotation: repository(rotation, {
		bookingsSealedWithOtherKey: (exec) => rotation.bookingsSealedWithOtherKey(exec, 'k2', 100),
		resealBooking: (exec) =>
			rotation.resealBooking(exec, BOOKING, { examineeEncrypted: SEALED, intakeEncrypted: SEALED, examineeNameTokens: ['t1', 't2'] }),
		valuesSealedWithOtherKey: {
			booking_history: (exec) => rotation.valuesSealedWithOtherKey(exec, 'booking_history', 'k2', 100),
			booking_draft: (exec) => rotation.valuesSealedWithOtherKey(exec, 'booking_draft', 'k2', 100),
			appointment: (exec) => rotation.valuesSealedWithOtherKey(exec, 'appointment', 'k2', 100),
			outbox: (exec) => rotation.valuesSealedWithOtherKey(exec, 'outbox', 'k2', 100),
			case_history: (exec) => rotation.valuesSealedWithOtherKey(exec, 'case_history', 'k2', 100),
			booking_enclosure: (exec) => rotation.valuesSealedWithOtherKey(exec, 'booking_enclosure', 'k2', 100),
			booking_logistics: (exec) => rotation.valuesSealedWithOtherKey(exec, 'booking_logistics', 'k2', 100),
			document_name: (exec) => rotation.valuesSealedWithOtherKey(exec, 'document_name', 'k2', 100),
			document_key: (exec) => rotation.valuesSealedWithOtherKey(exec, 'document_key', 'k2', 100),
			two_factor_backup_codes: (exec) => rotation.valuesSealedWithOtherKey(exec, 'two_factor_backup_codes', 'k2', 100)
		},
		resealValue: {
			booking_history: (exec) => rotation.resealValue(exec, 'booking_history', ID, SEALED),
			booking_draft: (exec) => rotation.resealValue(exec, 'booking_draft', ID, SEALED),
			appointment: (exec) => rotation.resealValue(exec, 'appointment', ID, SEALED),
			outbox: (exec) => rotation.resealValue(exec, 'outbox', ID, SEALED),
			case_history: (exec) => rotation.resealValue(exec, 'case_history', ID, SEALED),
			booking_enclosure: (exec) => rotation.resealValue(exec, 'booking_enclosure', ID, SEALED),
			booking_logistics: (exec) => rotation.resealValue(exec, 'booking_logistics', BOOKING, SEALED),
			document_name: (exec) => rotation.resealValue(exec, 'document_name', ID, SEALED),
			document_key: (exec) => rotation.resealValue(exec, 'document_key', ID, SEALED),
			two_factor_backup_codes: (exec) => rotation.resealValue(exec, 'two_factor_backup_codes', ID, SEALED)
		},
		casesSealedWithOtherKey: (exec) => rotation.casesSealedWithOtherKey(exec, 'k2', 100),
		resealCase: (exec) =>
			rotation.resealCase(exec, CASE, {
				claimantEncrypted: SEALED,
				detailsEncrypted: SEALED,
				claimantNameTokens: ['t1'],
				claimNumberHash: 'h1'
			})
	}),

	schedule: repository(schedule, {
		weeklyHoursOf: (exec) => schedule.weeklyHoursOf(exec, SPECIALIST),
		weeklyHoursInOrder: (exec) => schedule.weeklyHoursInOrder(exec, SPECIALIST),
		replaceWeeklyHours: (exec) =>
			schedule.replaceWeeklyHours(exec, SPECIALIST, [
				{ specialistId: SPECIALIST, weekday: 1, startMinute: 540, endMinute: 720 },
				{ specialistId: SPECIALIST, weekday: 1, startMinute: 780, endMinute: 1020 }
			]),
		dateOverridesOf: (exec) => schedule.dateOverridesOf(exec, SPECIALIST),
		dateOverridesFrom: (exec) => schedule.dateOverridesFrom(exec, SPECIALIST, '2025-03-03'),
		upsertDateOverride: (exec) =>
			schedule.upsertDateOverride(exec, {
				specialistId: SPECIALIST,
				date: '2025-03-03',
				ranges: [{ startMinute: 540, endMinute: 720 }],
				note: 'Mornings only'
			}),
		deleteDateOverride: (exec) => schedule.deleteDateOverride(exec, SPECIALIST, ID)
	}),

	sessions: repository(sessions, {
		findSignedInSession: (exec) => sessions.findSignedInSession(exec, 'token-1'),
		listSessionsOf: (exec) => sessions.listSessionsOf(exec, USER),
		deleteOwnSession: (exec) => sessions.deleteOwnSession(exec, 'session-1', USER),
		deleteSession: (exec) => sessions.deleteSession(exec, 'session-1'),
		deleteSessionByToken: (exec) => sessions.deleteSessionByToken(exec, 'token-1'),
		deleteSessionsOf: (exec) => sessions.deleteSessionsOf(exec, USER),
		deleteSessionsOfAndCount: (exec) => sessions.deleteSessionsOfAndCount(exec, USER),
		findVerificationValue: (exec) => sessions.findVerificationValue(exec, USER)
	}),

	specialists: repository(specialists, {
		findSpecialist: (exec) => specialists.findSpecialist(exec, SPECIALIST),
		findActiveSpecialist: (exec) => specialists.findActiveSpecialist(exec, SPECIALIST),
		findSpecialistForCalendar: {
			'by provider id': (exec) => specialists.findSpecialistForCalendar(exec, false, '4321'),
			'by local id': (exec) => specialists.findSpecialistForCalendar(exec, true, SPECIALIST)
		},
		specialistCard: (exec) => specialists.specialistCard(exec, SPECIALIST),
		activeSpecialistsByName: (exec) => specialists.activeSpecialistsByName(exec),
		activeSpecialistOptions: (exec) => specialists.activeSpecialistOptions(exec),
		activeSpecialistsOffering: (exec) => specialists.activeSpecialistsOffering(exec, TYPE, 'NSW'),
		specialistsWithAccountEmail: (exec) => specialists.specialistsWithAccountEmail(exec),
		specialistWithAccountEmail: (exec) => specialists.specialistWithAccountEmail(exec, SPECIALIST),
		insertSpecialist: (exec) =>
			specialists.insertSpecialist(exec, {
				displayName: 'Dr Amelia Hart',
				title: 'Dr',
				specialty: 'Orthopaedic surgeon',
				registrationNumber: 'MED0001234567',
				location: 'Sydney',
				state: 'NSW',
				modes: ['in_person'],
				timeZone: 'Australia/Sydney'
			}),
		updateSpecialist: (exec) => specialists.updateSpecialist(exec, SPECIALIST, { displayName: 'Dr Amelia Hart', active: false }),
		upsertCalendarSpecialist: (exec) =>
			specialists.upsertCalendarSpecialist(exec, {
				id: '4321',
				name: 'Dr Amelia Hart',
				description: 'Orthopaedic surgeon',
				location: 'Sydney',
				timeZone: 'Australia/Sydney'
			}),
		unlinkedSpecialistAccounts: (exec) => specialists.unlinkedSpecialistAccounts(exec),
		lockSpecialistLink: (exec) => specialists.lockSpecialistLink(exec, SPECIALIST),
		specialistLinkedTo: (exec) => specialists.specialistLinkedTo(exec, USER),
		setSpecialistAccount: (exec) => specialists.setSpecialistAccount(exec, SPECIALIST, USER),
		clearSpecialistAccount: (exec) => specialists.clearSpecialistAccount(exec, SPECIALIST)
	}),

	'sync-conflicts': repository(syncConflicts, {
		hasOpenConflict: (exec) => syncConflicts.hasOpenConflict(exec, APPOINTMENT, 'moved_after_exam'),
		insertConflict: (exec) =>
			syncConflicts.insertConflict(exec, {
				kind: 'moved_after_exam',
				appointmentId: APPOINTMENT,
				bookingId: BOOKING,
				detail: 'Moved in Acuity'
			}),
		listOpenConflicts: (exec) => syncConflicts.listOpenConflicts(exec, 100),
		countOpenConflicts: (exec) => syncConflicts.countOpenConflicts(exec),
		markConflictResolved: (exec) => syncConflicts.markConflictResolved(exec, ID, USER)
	}),

	'upstream-appointments': repository(upstreamAppointments, {
		findWaitingAppointment: (exec) => upstreamAppointments.findWaitingAppointment(exec, APPOINTMENT),
		countWaitingAppointments: (exec) => upstreamAppointments.countWaitingAppointments(exec),
		listWaitingAppointments: (exec) => upstreamAppointments.listWaitingAppointments(exec, 100),
		findOrphanedAppointments: (exec) => upstreamAppointments.findOrphanedAppointments(exec, NOW),
		recordWebhookEvent: (exec) =>
			upstreamAppointments.recordWebhookEvent(exec, {
				provider: 'acuity',
				dedupeKey: 'e'.repeat(64),
				action: 'appointment.rescheduled',
				providerAppointmentId: '12345'
			}),
		markWebhookProcessed: (exec) => upstreamAppointments.markWebhookProcessed(exec, ID, 'followed'),
		tryReconcileLock: (exec) => upstreamAppointments.tryReconcileLock(exec)
	}),

	users: repository(users, {
		findUserIdByEmail: (exec) => users.findUserIdByEmail(exec, 'someone@example.test'),
		anyAdminExists: (exec) => users.anyAdminExists(exec),
		findUserName: (exec) => users.findUserName(exec, USER),
		findUserRole: (exec) => users.findUserRole(exec, USER),
		findImpersonationTarget: (exec) => users.findImpersonationTarget(exec, USER),
		insertUser: (exec) =>
			users.insertUser(exec, { id: USER, name: 'Someone', email: 'someone@example.test', emailVerified: true, role: 'user' }),
		insertCredentialAccount: (exec) => users.insertCredentialAccount(exec, USER, '$scrypt$sample'),
		updateCodeChannel: (exec) => users.updateCodeChannel(exec, USER, 'sms', '+61400000000'),
		findUserTimeZone: (exec) => users.findUserTimeZone(exec, USER),
		updateUserTimeZone: {
			chosen: (exec) => users.updateUserTimeZone(exec, USER, 'Australia/Perth'),
			detected: (exec) => users.updateUserTimeZone(exec, USER, 'Australia/Perth', { onlyIfUnknown: true })
		},
		updateUserBan: (exec) => users.updateUserBan(exec, USER, { banned: true, banReason: 'Left the firm' }),
		countUsers: (exec) => users.countUsers(exec),
		searchUsers: (exec) => users.searchUsers(exec, 'harbour'),
		listUsersPage: {
			'by name': (exec) => users.listUsersPage(exec, { sort: 'name', dir: 'asc' }),
			'newest after a cursor': (exec) =>
				users.listUsersPage(exec, {
					sort: 'createdAt',
					dir: 'desc',
					cursor: encodePageCursor('createdAt', 'desc', '2026-01-01T00:00:00.000000Z', ID)
				})
		},
		membershipsOfUsers: (exec) => users.membershipsOfUsers(exec, [ID])
	})
};
