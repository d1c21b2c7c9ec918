/**
 * Lists, calendar, detail and the admin dashboard of bookings. Every read goes through the
 * caller's scope (repositories/booking.repository.ts): a booking outside it is "not found", and
 * that answer is audited. Examinee details are decrypted here, and only what the caller's role may
 * see leaves: specialists get the name, date of birth and exam details, never the contact details.
 */
import { TRPCError } from '@trpc/server';
import { getDayOfWeek, parseDate, today as todayIn, type CalendarDate } from '@internationalized/date';
import { eq, inArray, asc } from 'drizzle-orm';
import { z } from 'zod';
import type { Examinee } from '$lib/schemas/booking';
import { timeZone } from '$lib/schemas/scheduling';
import type { App } from '../app';
import type { Scope } from '../auth/scope';
import type { SignedIn } from '../auth/session';
import { REPORT_HISTORY_LABELS } from '../services/documents/report-workflow';
import type { ReportState } from '../../schemas/document';
import { appointmentType, bookingHistory, specialist, user, type BookingStage } from '../db/schema';
import {
	BOOKING_LIST_SORTS,
	calendarMonth,
	countByStage,
	countForScope,
	getForScope,
	InvalidCursorError,
	listForScope,
	type BookingListFilters,
	type BookingListRow
} from '../repositories/booking.repository';
import { actorOf } from '../services/accounts/request-meta';
import { SYSTEM_ACTOR_ID } from '../services/booking/upstream-sync';
import { recordAudit } from '../services/audit/audit';
import { examineeName, openExaminee, openIntake, searchTokens } from '../services/booking/examinee';
import { STAGE_LABELS } from '../services/booking/lifecycle';
import { adminProcedure, router, signedInProcedure } from '../trpc';

export const DEFAULT_VIEW_TIME_ZONE = 'Australia/Sydney';
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

const dateString = (label: string) =>
	z
		.string()
		.regex(DATE, `Enter the ${label} as a date, e.g. 2027-03-14.`)
		.refine(
			(v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
			`Enter a real ${label}.`
		);

const fromNotAfterTo = (v: { from?: string; to?: string }) => !v.from || !v.to || v.from <= v.to;
const rangeIssue = { path: ['to'], message: 'The last date must be on or after the first date.' };

const filtersShape = z
	.object({
		status: z.enum(['active', 'closed', 'all']).default('active'),
		specialistIds: z.array(z.string().uuid('Choose specialists from the list.')).max(50, 'Choose at most 50 specialists.').default([]),
		/** Whole words of the examinee's name; never put it in a URL. */
		examinee: z.string().trim().max(100, 'Search with at most 100 characters.').optional(),
		from: dateString('first date').optional(),
		to: dateString('last date').optional(),
		/** The zone the dates are read in (the viewer's). */
		timeZone: timeZone.default(DEFAULT_VIEW_TIME_ZONE),
		sort: z.enum(BOOKING_LIST_SORTS).default('startsAt'),
		dir: z.enum(['asc', 'desc']).default('asc')
	})
	.strict();

/** The filters of a list, shared by the list procedure, the list page and the CSV export. */
export const bookingFiltersSchema = filtersShape.refine(fromNotAfterTo, rangeIssue);
export type BookingFilters = z.infer<typeof filtersShape>;

export const bookingListInput = filtersShape
	.extend({
		cursor: z.string().max(1000).optional(),
		limit: z.number().int().min(1).max(100).default(25)
	})
	.strict()
	.refine(fromNotAfterTo, rangeIssue)
	// No input at all is the first page of active bookings (prefault: the defaults inside apply).
	.prefault({});

/** Query-string filters (list page, export): repeated `specialist`, empty values dropped. */
export function filtersFromSearchParams(q: URLSearchParams): Record<string, unknown> {
	const one = (k: string) => q.get(k)?.trim() || undefined;
	const specialists = q.getAll('specialist').filter(Boolean);
	return Object.fromEntries(
		Object.entries({
			status: one('status'),
			specialistIds: specialists.length ? specialists : undefined,
			from: one('from'),
			to: one('to'),
			timeZone: one('tz'),
			sort: one('sort'),
			dir: one('dir')
		}).filter(([, v]) => v !== undefined)
	);
}

/** The opposite of `filtersFromSearchParams`, leaving defaults out. The examinee never goes in. */
export function searchParamsFromFilters(f: Partial<BookingFilters>): URLSearchParams {
	const q = new URLSearchParams();
	if (f.status && f.status !== 'active') q.set('status', f.status);
	for (const id of f.specialistIds ?? []) q.append('specialist', id);
	if (f.from) q.set('from', f.from);
	if (f.to) q.set('to', f.to);
	if (f.timeZone && f.timeZone !== DEFAULT_VIEW_TIME_ZONE) q.set('tz', f.timeZone);
	if (f.sort && f.sort !== 'startsAt') q.set('sort', f.sort);
	if (f.dir && f.dir !== 'asc') q.set('dir', f.dir);
	return q;
}

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
		sort: f.sort,
		dir: f.dir
	};
}

const formatters = new Map<string, Intl.DateTimeFormat>();
/** "Mon, 4 Jan 2027, 9:00 am AEDT": en-AU, in the given zone, with the zone named. */
export function timeLabel(at: Date, tz: string): string {
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
	return f.format(at);
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

function badCursor(err: unknown): never {
	if (err instanceof InvalidCursorError) throw new TRPCError({ code: 'BAD_REQUEST', message: err.message });
	throw err;
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
	const wanted = [...new Set(ids.filter((i): i is string => Boolean(i)))];
	if (!wanted.length) return new Map();
	const rows = await app.database.db.select({ id: user.id, name: user.name }).from(user).where(inArray(user.id, wanted));
	return new Map(rows.map((r) => [r.id, r.name]));
}

type HistoryRow = typeof bookingHistory.$inferSelect;

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
function historySummary(h: HistoryRow, tz: string): string {
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
	const [[spec], [type], history] = await Promise.all([
		db
			.select({
				id: specialist.id,
				name: specialist.displayName,
				specialty: specialist.specialty,
				location: specialist.location,
				timeZone: specialist.timeZone
			})
			.from(specialist)
			.where(eq(specialist.id, b.specialistId)),
		db
			.select({
				id: appointmentType.id,
				name: appointmentType.name,
				mode: appointmentType.mode,
				durationMinutes: appointmentType.durationMinutes,
				intakeFields: appointmentType.intakeFields
			})
			.from(appointmentType)
			.where(eq(appointmentType.id, b.appointmentTypeId)),
		db.select().from(bookingHistory).where(eq(bookingHistory.bookingId, b.id)).orderBy(asc(bookingHistory.at), asc(bookingHistory.id))
	]);
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
		stage: b.stage as BookingStage,
		stageLabel: stageLabel(b.stage),
		startsAt: b.startsAt,
		endsAt: b.endsAt,
		clinicTimeZone: b.clinicTimeZone,
		when: timeLabel(b.startsAt, b.clinicTimeZone),
		specialist: spec ?? null,
		appointmentType: type ? { id: type.id, name: type.name, mode: type.mode, durationMinutes: type.durationMinutes } : null,
		examinee,
		examineeRestricted: specialistView,
		intake,
		lateCancellation: b.lateCancellation,
		cancellationFeeCents: b.cancellationFeeCents,
		reportState: b.reportState as ReportState,
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

/** The local date in a zone, and ten business days (Mon–Fri) before it. */
function businessDaysBefore(date: CalendarDate, days: number): CalendarDate {
	let d = date;
	let left = days;
	while (left > 0) {
		d = d.subtract({ days: 1 });
		const dow = getDayOfWeek(d, 'en-AU'); // 0 = Monday in en-AU
		if (dow < 5) left--;
	}
	return d;
}

export const REPORT_OVERDUE_BUSINESS_DAYS = 10;

export const bookingViewsRouter = router({
	/** One page of the caller's bookings; keyset pages (`cursor` from the previous page). */
	list: signedInProcedure.input(bookingListInput).query(async ({ ctx, input }) => {
		const { cursor, limit, ...filters } = input;
		const page = await listForScope(ctx.app.database.db, ctx.scope, repositoryFilters(ctx.app, filters), cursor, limit).catch(badCursor);
		const rows = page.rows.map((r) => toListItem(ctx.app, r));
		// The page shows examinee names: a read of PHI, recorded as one list read (ids and codes only).
		if (rows.length)
			await recordAudit(ctx.app.database.db, actorOf(ctx.meta, ctx.signedIn.user.id, ctx.signedIn.impersonatedBy), {
				action: 'booking.read',
				outcome: 'granted',
				resourceType: 'booking_list',
				details: { count: rows.length, examineeSearch: Boolean(filters.examinee), status: filters.status }
			});
		return { rows, nextCursor: page.nextCursor };
	}),

	/** Specialists a list can be narrowed to: all active ones, or a specialist's own calendar. */
	filterOptions: signedInProcedure.query(async ({ ctx }) => {
		const db = ctx.app.database.db;
		const rows = await db
			.select({ id: specialist.id, name: specialist.displayName, userId: specialist.userId })
			.from(specialist)
			.where(eq(specialist.active, true))
			.orderBy(asc(specialist.displayName));
		const mine = ctx.scope.kind === 'assigned' ? ctx.scope.specialistUserId : null;
		return { specialists: rows.filter((r) => !mine || r.userId === mine).map(({ id, name }) => ({ id, name })) };
	}),

	/** Bookings per local day of a month, in the viewer's zone. */
	calendar: signedInProcedure
		.input(
			z
				.object({
					month: z.string().regex(MONTH, 'The month must look like 2027-03.'),
					timeZone: timeZone.default(DEFAULT_VIEW_TIME_ZONE),
					status: z.enum(['active', 'closed', 'all']).default('active'),
					specialistIds: z.array(z.string().uuid()).max(50).default([])
				})
				.strict()
		)
		.query(async ({ ctx, input }) => {
			const days = await calendarMonth(ctx.app.database.db, ctx.scope, input.month, input.timeZone, {
				status: input.status,
				specialistIds: input.specialistIds
			});
			return { month: input.month, timeZone: input.timeZone, days, total: days.reduce((n, d) => n + d.count, 0) };
		}),

	/** One booking in full, as the caller's role may see it. Audited, granted or not. */
	get: signedInProcedure.input(z.object({ id: z.string().min(1).max(64) }).strict()).query(async ({ ctx, input }) => {
		const who = actorOf(ctx.meta, ctx.signedIn.user.id, ctx.signedIn.impersonatedBy);
		const detail = await bookingDetail(ctx.app, ctx.scope, ctx.signedIn, input.id);
		if (!detail) {
			// "Not yours" answers exactly like "not there", and is recorded.
			await recordAudit(ctx.app.database.db, who, {
				action: 'access.denied',
				outcome: 'denied',
				resourceType: 'booking',
				resourceId: input.id,
				details: { reason: 'not_found_or_out_of_scope' }
			});
			throw new TRPCError({ code: 'NOT_FOUND', message: 'There is no booking with that reference that you can see.' });
		}
		await recordAudit(ctx.app.database.db, who, {
			action: 'booking.read',
			outcome: 'granted',
			resourceType: 'booking',
			resourceId: detail.id
		});
		return detail;
	}),

	/**
	 * Admin dashboard. Today and this week (Monday to Sunday) are read in `timeZone`. A report is
	 * overdue when the booking is still "report in progress" and its examination started before the
	 * start of the 10th business day (Monday–Friday; public holidays are not subtracted) before today.
	 */
	dashboard: adminProcedure
		.input(
			z
				.object({ timeZone: timeZone.default(DEFAULT_VIEW_TIME_ZONE) })
				.strict()
				.default({ timeZone: DEFAULT_VIEW_TIME_ZONE })
		)
		.query(async ({ ctx, input }) => {
			const db = ctx.app.database.db;
			const tz = input.timeZone;
			const day = todayIn(tz);
			const monday = day.subtract({ days: getDayOfWeek(day, 'en-AU') });
			const todayRange = { startsFrom: startOfDay(day, tz), startsBefore: startOfDay(day.add({ days: 1 }), tz) };
			const weekRange = { startsFrom: startOfDay(monday, tz), startsBefore: startOfDay(monday.add({ days: 7 }), tz) };
			const overdueCutoff = startOfDay(businessDaysBefore(day, REPORT_OVERDUE_BUSINESS_DAYS), tz);
			const overdueFilters: BookingListFilters = {
				status: 'all',
				stages: ['report_in_progress'],
				startsBefore: overdueCutoff,
				sort: 'startsAt',
				dir: 'asc'
			};
			const [todayPage, todayCount, weekCount, byStage, overduePage, overdueCount] = await Promise.all([
				listForScope(db, ctx.scope, { status: 'active', ...todayRange, sort: 'startsAt', dir: 'asc' }, null, 50),
				countForScope(db, ctx.scope, { status: 'active', ...todayRange }),
				countForScope(db, ctx.scope, { status: 'active', ...weekRange }),
				countByStage(db, ctx.scope),
				listForScope(db, ctx.scope, overdueFilters, null, 20),
				countForScope(db, ctx.scope, overdueFilters)
			]);
			// A glance, not a read of examinee details: no names here.
			const brief = (r: BookingListRow) => ({
				id: r.id,
				reference: r.reference,
				startsAt: r.startsAt,
				when: timeLabel(r.startsAt, r.clinicTimeZone),
				specialistName: r.specialistName,
				appointmentTypeName: r.appointmentTypeName,
				stage: r.stage,
				stageLabel: stageLabel(r.stage)
			});
			return {
				timeZone: tz,
				today: { date: day.toString(), count: todayCount, bookings: todayPage.rows.map(brief) },
				thisWeek: { from: monday.toString(), count: weekCount },
				byStage: Object.entries(byStage).map(([stage, count]) => ({ stage, label: stageLabel(stage), count })),
				overdueReports: {
					rule: `Report in progress and examined more than ${REPORT_OVERDUE_BUSINESS_DAYS} business days ago (Monday–Friday, public holidays not excluded)`,
					cutoff: overdueCutoff,
					count: overdueCount,
					bookings: overduePage.rows.map(brief)
				}
			};
		})
});
