/**
 * What the bookings pages show, read through the caller's scope (repositories/booking.repository.ts):
 * list rows, the month calendar, the specialists a list can be narrowed to, and one booking in
 * full. Examinee details are decrypted here, and only what the caller's role may see leaves:
 * specialists get the name, date of birth and exam details, never the contact details.
 */
import { parseDate, type CalendarDate } from '@internationalized/date';
import type { BookingFilters } from '../../../schemas/booking-filters';
import type { Examinee } from '../../../schemas/booking';
import type { App } from '../../app';
import { SYSTEM_ACTOR_ID } from '../../auth/actor';
import type { Scope } from '../../auth/scope';
import type { SignedIn } from '../../auth/session';
import type { BookingStage } from '../../db/schema';
import { historyOf, type BookingHistoryRow } from '../../repositories/booking-history.repository';
import {
	calendarMonth,
	getForScope,
	InvalidCursorError,
	listForScope,
	type BookingListFilters,
	type BookingListRow
} from '../../repositories/booking.repository';
import { appointmentTypeSummary } from '../../repositories/catalogue.repository';
import { listMembersOf } from '../../repositories/membership.repository';
import { listTeamsOf } from '../../repositories/organizations.repository';
import { userNames } from '../../repositories/referrers.repository';
import { activeSpecialistOptions, specialistCard } from '../../repositories/specialists.repository';
import { REPORT_HISTORY_LABELS } from '../documents/report-workflow';
import { examineeName, openExaminee, openIntake, searchTokens } from './examinee';
import { STAGE_LABELS } from './lifecycle';
import { bookingPlace } from '../scheduling/locations';
import { enclosureAlerts, todayIn } from '../cases/enclosures';

/**
 * For a page that shows one booking through several procedures (the booking detail): inside it the
 * booking is read once per scope and shared (db/shared-reads.ts). Read-only work only.
 */
export { sharingBookingReads } from '../../db/shared-reads';

/** A list's page link that is out of date (thrown by `listBookings`). */
export { InvalidCursorError };

/** Start of a local date in a zone, as an instant. */
const startOfDay = (date: CalendarDate, tz: string) => date.toDate(tz);

/** Validated filters → the repository's (blind-index tokens, instants). */
export function repositoryFilters(app: Pick<App, 'cipher'>, f: BookingFilters): BookingListFilters {
	return {
		status: f.status,
		specialistIds: f.specialistIds,
		examineeTokens: f.examinee ? searchTokens(app.cipher, f.examinee) : undefined,
		startsFrom: f.from ? startOfDay(parseDate(f.from), f.timeZone) : undefined,
		startsBefore: f.to ? startOfDay(parseDate(f.to).add({ days: 1 }), f.timeZone) : undefined,
		teamId: f.teamId,
		createdByUserId: f.bookedBy,
		sort: f.sort,
		dir: f.dir
	};
}

const formatters = new Map<string, Intl.DateTimeFormat>();
/** Recent labels: the same times come back on every view of a list (an instant and a zone, nothing about anyone). */
const labels = new Map<string, string>();
const LABELS_MAX = 5000;

/** "Mon, 4 Jan 2027, 9:00 am AEDT": en-AU, in the given zone, with the zone named. */
export function timeLabel(at: Date, tz: string): string {
	const key = `${at.getTime()}|${tz}`;
	let label = labels.get(key);
	if (label === undefined) {
		label = formatIn(tz).format(at);
		if (labels.size >= LABELS_MAX) labels.clear();
		labels.set(key, label);
	}
	return label;
}

function formatIn(tz: string): Intl.DateTimeFormat {
	let f = formatters.get(tz);
	if (!f) {
		f = new Intl.DateTimeFormat('en-AU', {
			weekday: 'short',
			day: 'numeric',
			month: 'short',
			year: 'numeric',
			hour: 'numeric',
			minute: '2-digit',
			timeZone: tz,
			timeZoneName: 'short'
		});
		formatters.set(tz, f);
	}
	return f;
}

const stageLabel = (stage: string) => STAGE_LABELS[stage as BookingStage] ?? stage;
const STATUS_LABELS: Record<string, string> = { active: 'Active', closed: 'Closed', archived: 'Archived' };

/** One row of a list or an export: no contact details, whoever asks. */
export function toListItem(app: Pick<App, 'cipher'>, r: BookingListRow) {
	const e = openExaminee(app.cipher, r.examineeEncrypted);
	return {
		id: r.id,
		reference: r.reference,
		startsAt: r.startsAt,
		clinicTimeZone: r.clinicTimeZone,
		when: timeLabel(r.startsAt, r.clinicTimeZone),
		specialistId: r.specialistId,
		specialistName: r.specialistName,
		appointmentTypeName: r.appointmentTypeName,
		stage: r.stage,
		stageLabel: stageLabel(r.stage),
		status: r.status,
		statusLabel: STATUS_LABELS[r.status] ?? r.status,
		examineeName: examineeName(e),
		claimNumber: e.claimNumber ?? ''
	};
}
export type BookingListItem = ReturnType<typeof toListItem>;

/** One page of the bookings a scope sees (keyset: `cursor` from the previous page), as list rows. */
export async function listBookings(
	app: App,
	scope: Scope,
	filters: BookingFilters,
	cursor: string | undefined,
	limit: number
): Promise<{
	rows: (BookingListItem & { enclosures: 'overdue' | 'due_soon' | null; organisation: OrganisationColumns | null })[];
	nextCursor: string | null;
}> {
	const page = await listForScope(app.database.db, scope, repositoryFilters(app, filters), cursor, limit);
	// Each row's enclosure badge (overdue or due soon), for the examinations still to come.
	const now = new Date();
	const upcoming = page.rows.filter((r) => r.startsAt > now && r.stage !== 'cancelled').map((r) => r.id);
	const [alerts, organisation] = await Promise.all([
		// (Today's date in the service's zone is only worked out when some booking is still to come.)
		upcoming.length ? enclosureAlerts(app.database.db, upcoming, todayIn(now)) : new Map<string, 'overdue' | 'due_soon' | null>(),
		organisationColumns(app, scope, page.rows)
	]);
	return {
		rows: page.rows.map((r) => ({ ...toListItem(app, r), enclosures: alerts.get(r.id) ?? null, organisation: organisation?.(r) ?? null })),
		nextCursor: page.nextCursor
	};
}

/** What an owner's or manager's list adds to each row: who booked it (and for whom, if someone else), and its team. */
export interface OrganisationColumns {
	bookedBy: string;
	/** The referrer it was booked for, when not the one who booked it. */
	bookedFor: string | null;
	teamName: string | null;
}

/**
 * For an organisation-wide list (owners and managers): the names of only this page's bookers and
 * referrers (one query on the user primary key) and the organisation's teams; null for any other list.
 */
async function organisationColumns(app: App, scope: Scope, rows: BookingListRow[]) {
	if (scope.kind !== 'org' || rows.length === 0) return null;
	const ids = [...new Set(rows.flatMap((r) => [r.createdByUserId, r.ownerUserId]))];
	const [people, teams] = await Promise.all([userNames(app.database.db, ids), listTeamsOf(app.database.db, scope.organizationId)]);
	const name = new Map(people.map((p) => [p.id, p.name]));
	const team = new Map(teams.map((t) => [t.id, t.name]));
	return (r: BookingListRow): OrganisationColumns => ({
		bookedBy: name.get(r.createdByUserId) ?? 'Our team',
		bookedFor: r.ownerUserId !== r.createdByUserId ? (name.get(r.ownerUserId) ?? null) : null,
		teamName: r.teamId ? (team.get(r.teamId) ?? null) : null
	});
}

/**
 * Specialists a list can be narrowed to: all active ones, or a specialist's own calendar; for an
 * organisation-wide list (owners and managers) also its teams and members (booked by).
 */
export async function specialistFilterOptions(app: App, scope: Scope) {
	const db = app.database.db;
	const [rows, teams, people] = await Promise.all([
		activeSpecialistOptions(db),
		scope.kind === 'org' ? listTeamsOf(db, scope.organizationId) : null,
		scope.kind === 'org' ? listMembersOf(db, scope.organizationId) : null
	]);
	const mine = scope.kind === 'assigned' ? scope.specialistUserId : null;
	return {
		specialists: rows.filter((r) => !mine || r.userId === mine).map(({ id, name }) => ({ id, name })),
		organisation: teams && people ? { teams, people: people.map((p) => ({ id: p.userId, name: p.name })) } : null
	};
}

/** Bookings per local day of a month, in the viewer's zone, with the month's total. */
export async function bookingCalendar(
	app: App,
	scope: Scope,
	input: { month: string; timeZone: string; status: 'active' | 'closed' | 'all'; specialistIds: string[] }
) {
	const days = await calendarMonth(app.database.db, scope, input.month, input.timeZone, {
		status: input.status,
		specialistIds: input.specialistIds
	});
	return { month: input.month, timeZone: input.timeZone, days, total: days.reduce((n, d) => n + d.count, 0) };
}

/** What the examinee section shows. Specialists: what the examination needs, no contact details. */
type ExamineeView = Pick<
	Examinee,
	'givenNames' | 'familyName' | 'dateOfBirth' | 'claimNumber' | 'dateOfInjury' | 'interpreter' | 'language'
> &
	Partial<Pick<Examinee, 'phone' | 'email' | 'address' | 'matterReference'>>;

function examineeFor(e: Examinee, contact: boolean): ExamineeView {
	const exam = {
		givenNames: e.givenNames,
		familyName: e.familyName,
		dateOfBirth: e.dateOfBirth,
		claimNumber: e.claimNumber ?? '',
		dateOfInjury: e.dateOfInjury ?? '',
		interpreter: e.interpreter,
		language: e.language ?? ''
	};
	return contact ? { ...exam, phone: e.phone, email: e.email, address: e.address, matterReference: e.matterReference ?? '' } : exam;
}

async function namesOf(app: App, ids: (string | null | undefined)[]): Promise<Map<string, string>> {
	// The booking service is no user: it is named without a query.
	const wanted = [...new Set(ids.filter((i): i is string => Boolean(i) && i !== SYSTEM_ACTOR_ID))];
	if (!wanted.length) return new Map();
	const rows = await userNames(app.database.db, wanted);
	return new Map(rows.map((r) => [r.id, r.name]));
}

/** History notes are sealed by the lifecycle service with this associated data. */
const NOTE_AAD = 'booking-note';
function openNote(app: App, sealed: string): string | null {
	try {
		return app.cipher.decrypt(sealed, NOTE_AAD);
	} catch {
		return null;
	}
}

/** One line of the progress timeline, from what changed (whatever the action is called). */
export function historySummary(h: BookingHistoryRow, tz: string): string {
	if (h.action.startsWith('report.')) return REPORT_HISTORY_LABELS[h.action] ?? 'Report updated';
	if (h.action === 'created') return `Booked for ${h.toStartsAt ? timeLabel(h.toStartsAt, tz) : 'a time to be confirmed'}`;
	const parts: string[] = [];
	if (h.fromStartsAt && h.toStartsAt && h.fromStartsAt.getTime() !== h.toStartsAt.getTime())
		parts.push(`Moved from ${timeLabel(h.fromStartsAt, tz)} to ${timeLabel(h.toStartsAt, tz)}`);
	if (h.toStage && h.toStage !== h.fromStage)
		parts.push(h.fromStage ? `${stageLabel(h.fromStage)} → ${stageLabel(h.toStage)}` : stageLabel(h.toStage));
	if (h.toStatus && h.fromStatus && h.toStatus !== h.fromStatus)
		parts.push(`Status ${STATUS_LABELS[h.toStatus]?.toLowerCase() ?? h.toStatus}`);
	return parts.join('; ') || h.action.replace(/[._]/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

/** The detail of one booking, as the caller's role may see it; null when outside the scope. */
export async function bookingDetail(app: App, scope: Scope, signedIn: SignedIn, id: string) {
	const b = await getForScope(app.database.db, scope, id);
	if (!b) return null;
	const db = app.database.db;
	const [card, type, history] = await Promise.all([
		specialistCard(db, b.specialistId),
		appointmentTypeSummary(db, b.appointmentTypeId),
		historyOf(db, b.id)
	]);
	// Where: the address booked (with the location's directions), or telehealth.
	const where = await bookingPlace(app, b, type?.mode ?? null);
	const spec = card && { id: card.id, name: card.displayName, specialty: card.specialty, location: card.location, timeZone: card.timeZone };
	const names = await namesOf(app, [b.createdByUserId, b.ownerUserId, ...history.flatMap((h) => [h.actorUserId, h.onBehalfOfUserId])]);
	const nameOf = (uid: string | null) =>
		uid === SYSTEM_ACTOR_ID ? 'the booking service' : uid ? (names.get(uid) ?? 'a former user') : null;
	// Specialists (the "assigned" scope) see what the examination needs: no contact details, no
	// free-text notes (they may carry them), no address-type intake answers.
	const specialistView = scope.kind === 'assigned';
	const examinee = examineeFor(openExaminee(app.cipher, b.examineeEncrypted), !specialistView);
	const answers = openIntake(app.cipher, b.intakeEncrypted);
	const intake = (type?.intakeFields ?? [])
		.filter((f) => !(specialistView && f.type === 'address'))
		.map((f) => {
			const a = answers[`q_${f.id}`];
			const text = Array.isArray(a) ? a.join(', ') : (a ?? '');
			return {
				question: f.name,
				answer: f.type === 'yesno' || f.type === 'checkbox' ? (text === 'yes' ? 'Yes' : text === 'no' ? 'No' : text) : text
			};
		});
	const createdBy = nameOf(b.createdByUserId)!;
	const owner = nameOf(b.ownerUserId)!;
	const onBehalf = b.createdByUserId !== b.ownerUserId;
	return {
		id: b.id,
		reference: b.reference,
		status: b.status,
		statusLabel: STATUS_LABELS[b.status] ?? b.status,
		stage: b.stage,
		stageLabel: stageLabel(b.stage),
		startsAt: b.startsAt,
		endsAt: b.endsAt,
		clinicTimeZone: b.clinicTimeZone,
		when: timeLabel(b.startsAt, b.clinicTimeZone),
		specialist: spec ?? null,
		appointmentType: type ? { id: type.id, name: type.name, mode: type.mode, durationMinutes: type.durationMinutes } : null,
		where,
		examinee,
		examineeRestricted: specialistView,
		intake,
		lateCancellation: b.lateCancellation,
		cancellationFeeCents: b.cancellationFeeCents,
		/** When the late-cancellation fee was marked invoiced (null: not yet, or no fee). */
		cancellationInvoicedAt: b.cancellationInvoicedAt,
		reportState: b.reportState,
		createdAt: b.createdAt,
		createdByName: createdBy,
		ownerName: owner,
		attribution: `Created by ${createdBy}${onBehalf ? ` on behalf of ${owner}` : ''} on ${timeLabel(b.createdAt, b.clinicTimeZone)}`,
		history: history.map((h) => ({
			id: h.id,
			at: h.at,
			action: h.action,
			summary: historySummary(h, b.clinicTimeZone),
			actorName: nameOf(h.actorUserId),
			onBehalfOfName: nameOf(h.onBehalfOfUserId),
			fromStage: h.fromStage,
			toStage: h.toStage,
			note: !specialistView && h.noteEncrypted ? openNote(app, h.noteEncrypted) : null
		})),
		viewerRole: signedIn.user.role
	};
}
export type BookingDetail = NonNullable<Awaited<ReturnType<typeof bookingDetail>>>;
