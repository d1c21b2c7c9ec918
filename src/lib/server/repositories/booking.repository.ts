/**
 * Booking queries. Every read takes the caller's scope; a booking outside it is simply not found.
 */
import { CalendarDate } from '@internationalized/date';
import { and, asc, desc, eq, gte, inArray, lt, sql, type Placeholder, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Executor } from '../db/client';
import { appointmentType, booking, BOOKING_STAGES, specialist, STAGE_SORT_ORDER, stageRankOf, type BookingStage } from '../db/schema';
import { scopeWhere, type Scope } from '../auth/scope';
import { BOOKING_LIST_SORTS } from '../../schemas/booking-filters';
import { isUuid } from '../../ids';
import { sharedBookingRead } from '../db/shared-reads';
import { placeholderNames, placeholderValues, preparedPerExecutor, preparedPerShape } from '../db/prepared';

/** The booking vocabularies, for code that does not import the schema. */
export { BOOKING_STAGES, BOOKING_STATUSES } from '../db/schema';

export type BookingRow = typeof booking.$inferSelect;
export type NewBooking = typeof booking.$inferInsert;
/** What a lifecycle change (or a change followed from the provider) writes to a booking. */
export type BookingChange = Partial<
	Pick<
		NewBooking,
		| 'appointmentId'
		| 'startsAt'
		| 'endsAt'
		| 'specialistId'
		| 'clinicTimeZone'
		| 'locationId'
		| 'locationAddress'
		| 'stage'
		| 'status'
		| 'lateCancellation'
		| 'cancellationFeeCents'
		| 'updatedAt'
	>
>;

/** The WHERE clause that limits bookings to a scope (specialists: their own appointments). */
export function bookingScope(scope: Scope): SQL | undefined {
	if (scope.kind === 'assigned')
		return sql`${booking.specialistId} IN (SELECT id FROM specialist WHERE user_id = ${scope.specialistUserId})`;
	return scopeWhere(scope, { organizationId: booking.organizationId, ownerUserId: booking.ownerUserId, teamId: booking.teamId });
}

/** A scope of this kind whose values are placeholders of the same names (`id` is the booking's). */
function placeholderScope(kind: Scope['kind']): Scope {
	const p = (name: string) => sql.placeholder(name) as unknown as string;
	return {
		kind,
		organizationId: p('organizationId'),
		userId: p('userId'),
		teamId: p('teamId'),
		specialistUserId: p('specialistUserId')
	} as Scope;
}

const bookingForScopeQuery = (kind: Scope['kind']) =>
	preparedPerExecutor((exec) =>
		exec
			.select()
			.from(booking)
			.where(and(eq(booking.id, sql.placeholder('id')), bookingScope(placeholderScope(kind))))
			.limit(1)
			.prepare(`booking_for_scope_${kind}`)
	);
/** Every page of a booking reads it: one prepared query per kind of scope. */
const bookingForScope = Object.fromEntries(
	(['all', 'assigned', 'org', 'team', 'own', 'none'] as const).map((kind) => [kind, bookingForScopeQuery(kind)])
) as Record<Scope['kind'], ReturnType<typeof bookingForScopeQuery>>;

/** The booking with this id if it is in the scope, or null. */
export async function getForScope(exec: Executor, scope: Scope, id: string) {
	if (!isUuid(id)) return null;
	// Read once per page where the page shares its reads (the booking detail: db/shared-reads.ts).
	return sharedBookingRead(exec, scope, id, async () => {
		const [row] = await bookingForScope[scope.kind](exec).execute({ ...scope, id });
		return row ?? null;
	});
}

/** The booking with this id if it is in the scope, locked for update (inside a transaction); null otherwise. */
export async function lockForScope(exec: Executor, scope: Scope, id: string): Promise<BookingRow | null> {
	const [row] = await exec
		.select()
		.from(booking)
		.where(and(eq(booking.id, id), bookingScope(scope)))
		.limit(1)
		.for('update');
	return row ?? null;
}

/** The booking with this reference, locked for update; null when there is none. Not scoped: admins only. */
export async function lockByReference(exec: Executor, reference: string): Promise<BookingRow | null> {
	const [row] = await exec.select().from(booking).where(eq(booking.reference, reference)).limit(1).for('update');
	return row ?? null;
}

/** The booking holding an appointment, locked for update; null when there is none. Not scoped. */
export async function lockByAppointment(exec: Executor, appointmentId: string): Promise<BookingRow | null> {
	const [row] = await exec.select().from(booking).where(eq(booking.appointmentId, appointmentId)).limit(1).for('update');
	return row ?? null;
}

/** The id and reference of the booking holding an appointment, or null. Not scoped. */
export async function findReferenceByAppointment(exec: Executor, appointmentId: string) {
	const [row] = await exec
		.select({ id: booking.id, reference: booking.reference })
		.from(booking)
		.where(eq(booking.appointmentId, appointmentId))
		.limit(1);
	return row ?? null;
}

/** The id of the booking made with this idempotency key (a draft's id, or `upstream:<appointment>`), or null. */
export async function findIdByIdempotencyKey(exec: Executor, idempotencyKey: string): Promise<{ id: string } | null> {
	const [row] = await exec.select({ id: booking.id }).from(booking).where(eq(booking.idempotencyKey, idempotencyKey)).limit(1);
	return row ?? null;
}

/** Inserts a booking; answers its id and reference. */
export async function insertBooking(exec: Executor, values: NewBooking): Promise<{ id: string; reference: string }> {
	const [row] = await exec.insert(booking).values(values).returning({ id: booking.id, reference: booking.reference });
	return row!;
}

/** Writes a change to one booking and answers the row as it now stands. */
export async function updateBookingReturning(exec: Executor, id: string, change: BookingChange): Promise<BookingRow> {
	const [row] = await exec.update(booking).set(change).where(eq(booking.id, id)).returning();
	return row!;
}

/** Writes a change to one booking. */
export async function updateBooking(exec: Executor, id: string, change: BookingChange): Promise<void> {
	await exec.update(booking).set(change).where(eq(booking.id, id));
}

// ── Lists, counts and the month calendar ─────────────────────────────────────────────────────────

export { BOOKING_LIST_SORTS };
export type BookingListSort = (typeof BOOKING_LIST_SORTS)[number];
export type SortDir = 'asc' | 'desc';
export type StatusFilter = 'active' | 'closed' | 'all';

/** What a list may be narrowed by. Instants, not dates: the caller reads dates in the viewer's zone. */
export interface BookingListFilters {
	/** Default 'active'. 'closed' is status closed; 'all' includes archived bookings too. */
	status?: StatusFilter;
	specialistIds?: readonly string[];
	stages?: readonly BookingStage[];
	/**
	 * Blind-index tokens of the examinee search (`searchTokens`): every token must be one of the
	 * name's. The repository never sees the name itself. An empty array matches nothing.
	 */
	examineeTokens?: readonly string[];
	/** Starts at or after this instant. */
	startsFrom?: Date;
	/** Starts strictly before this instant (the day after a date range's last day). */
	startsBefore?: Date;
	/** Only the bookings of this team (owners' and managers' lists). */
	teamId?: string;
	/** Only the bookings this person made (`created_by_user_id`). */
	createdByUserId?: string;
	sort?: BookingListSort;
	dir?: SortDir;
}

export const DEFAULT_PAGE_SIZE = 25;
/** Procedures allow 100 a page; the CSV export reads in larger keyset batches. */
export const MAX_BATCH_SIZE = 500;

/** Progress order for sorting by status (the indexes hold the same expression: schema/booking.ts). */
const STAGE_ORDER = STAGE_SORT_ORDER;
const stageRank = stageRankOf(booking.stage);
/** The instant as text with microseconds, so a cursor compares exactly with what is stored. */
const startsAtKey = sql<string>`to_char(${booking.startsAt} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** A cursor that cannot be read, or belongs to another sort order. */
export class InvalidCursorError extends Error {
	constructor() {
		super('This page link is out of date. Please start again from the first page.');
		this.name = 'InvalidCursorError';
	}
}

interface CursorPayload {
	s: BookingListSort;
	d: SortDir;
	/** The last row's sort key: [rank | specialist name]?, startsAt (exact text), id. */
	k: (string | number)[];
}

function encodeCursor(p: CursorPayload): string {
	return Buffer.from(JSON.stringify(p), 'utf8').toString('base64url');
}

const KEY_TS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

const isRealInstant = (text: string) => {
	const t = new Date(text);
	return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 23) === text.slice(0, 23);
};

function decodeCursor(cursor: string, sort: BookingListSort, dir: SortDir): CursorPayload {
	let p: unknown;
	try {
		p = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
	} catch {
		throw new InvalidCursorError();
	}
	const c = p as Partial<CursorPayload>;
	if (!c || c.s !== sort || c.d !== dir || !Array.isArray(c.k)) throw new InvalidCursorError();
	const k = c.k;
	const tail = k.slice(-2);
	const ok =
		k.length === (sort === 'startsAt' ? 2 : 3) &&
		typeof tail[0] === 'string' &&
		KEY_TS.test(tail[0]) &&
		// A real instant (month 99 is not), read back as the same text.
		isRealInstant(tail[0]) &&
		typeof tail[1] === 'string' &&
		isUuid(tail[1]) &&
		(sort !== 'status' || (typeof k[0] === 'number' && Number.isInteger(k[0]) && k[0] >= 1 && k[0] <= STAGE_ORDER.length)) &&
		(sort !== 'specialist' || (typeof k[0] === 'string' && k[0].length <= 500));
	if (!ok) throw new InvalidCursorError();
	return c as CursorPayload;
}

/** The WHERE clause of a filtered list within a scope (without the cursor). */
function listWhere(scope: Scope, f: BookingListFilters): SQL | undefined {
	const status = f.status ?? 'active';
	return and(
		bookingScope(scope),
		status === 'all' ? undefined : eq(booking.status, status),
		f.specialistIds?.length ? inArray(booking.specialistId, [...f.specialistIds]) : undefined,
		f.stages?.length ? inArray(booking.stage, [...f.stages]) : undefined,
		f.examineeTokens
			? f.examineeTokens.length
				? sql`${booking.examineeNameTokens} @> ARRAY[${sql.join(
						f.examineeTokens.map((t) => sql`${t}`),
						sql`, `
					)}]::text[]`
				: sql`false`
			: undefined,
		f.startsFrom ? gte(booking.startsAt, f.startsFrom) : undefined,
		f.startsBefore ? lt(booking.startsAt, f.startsBefore) : undefined,
		f.teamId ? eq(booking.teamId, f.teamId) : undefined,
		f.createdByUserId ? eq(booking.createdByUserId, f.createdByUserId) : undefined
	);
}

/** ORDER BY columns and the "after the cursor" condition for one sort. All keys share the direction. */
function ordering(sort: BookingListSort, dir: SortDir, after: CursorPayload | null) {
	const lead: { expr: SQL | AnyPgColumn; value: (k: (string | number)[]) => SQL }[] =
		sort === 'status'
			? [{ expr: stageRank, value: (k) => sql`${k[0]}::int` }]
			: sort === 'specialist'
				? [{ expr: specialist.displayName, value: (k) => sql`${k[0]}::text` }]
				: [];
	const exprs = [...lead.map((l) => l.expr), booking.startsAt, booking.id];
	const orderBy = exprs.map((e) => (dir === 'asc' ? asc(e) : desc(e)));
	let seek: SQL | undefined;
	if (after) {
		const k = after.k;
		const values = [...lead.map((l) => l.value(k)), sql`${k.at(-2)}::timestamptz`, sql`${k.at(-1)}::uuid`];
		// A row comparison: PostgreSQL reads it as one range over the (…, starts_at, id) index.
		seek = sql`(${sql.join(
			exprs.map((e) => sql`${e}`),
			sql`, `
		)}) ${sql.raw(dir === 'asc' ? '>' : '<')} (${sql.join(values, sql`, `)})`;
	}
	return { orderBy, seek };
}

export interface BookingListRow {
	id: string;
	reference: string;
	startsAt: Date;
	endsAt: Date;
	clinicTimeZone: string;
	status: string;
	stage: string;
	specialistId: string;
	specialistName: string;
	appointmentTypeId: string;
	appointmentTypeName: string;
	/** Decrypted only by callers allowed to show the name. */
	examineeEncrypted: string;
	teamId: string | null;
	ownerUserId: string;
	createdByUserId: string;
}

/**
 * One page of the bookings a scope sees, by keyset: the cursor carries the last row's sort key and
 * id, so page 40 000 costs what page 1 costs (no OFFSET). `nextCursor` is null on the last page.
 */
export async function listForScope(
	exec: Executor,
	scope: Scope,
	filters: BookingListFilters,
	cursor?: string | null,
	limit = DEFAULT_PAGE_SIZE
): Promise<{ rows: BookingListRow[]; nextCursor: string | null }> {
	const sort = filters.sort ?? 'startsAt';
	const dir = filters.dir ?? 'asc';
	const size = Math.min(Math.max(Math.trunc(limit) || DEFAULT_PAGE_SIZE, 1), MAX_BATCH_SIZE);
	const after = cursor ? decodeCursor(cursor, sort, dir) : null;
	const found =
		sort === 'specialist'
			? await bySpecialistName(exec, scope, filters, dir, after, size + 1)
			: await byIndexOrder(exec, scope, filters, sort, dir, after, size + 1);
	const page = found.slice(0, size);
	const last = page.at(-1);
	const nextCursor =
		found.length > size && last
			? encodeCursor({
					s: sort,
					d: dir,
					k: [...(sort === 'status' ? [Number(last.rank)] : sort === 'specialist' ? [last.specialistName] : []), last.startsAtKey, last.id]
				})
			: null;
	return { rows: page.map(({ startsAtKey: _k, rank: _r, ...row }) => row), nextCursor };
}

/** A page in an order an index holds: by start, or by status (the stage's rank is indexed). */
async function byIndexOrder(
	exec: Executor,
	scope: Scope,
	filters: BookingListFilters,
	sort: BookingListSort,
	dir: SortDir,
	after: CursorPayload | null,
	n: number
) {
	const shape: ListShape = { scope, filters, sort, dir, after };
	const prepared = listPageQuery(exec, shape);
	if (prepared) return prepared.execute(listValues(shape, n));
	return byIndexOrderQuery(exec, scope, filters, sort, dir, after, n);
}

function byIndexOrderQuery(
	exec: Executor,
	scope: Scope,
	filters: BookingListFilters,
	sort: BookingListSort,
	dir: SortDir,
	after: CursorPayload | null,
	n: number | Placeholder
) {
	const { orderBy, seek } = ordering(sort, dir, after);
	return exec
		.select({
			id: booking.id,
			reference: booking.reference,
			startsAt: booking.startsAt,
			endsAt: booking.endsAt,
			clinicTimeZone: booking.clinicTimeZone,
			status: booking.status,
			stage: booking.stage,
			specialistId: booking.specialistId,
			specialistName: specialist.displayName,
			appointmentTypeId: booking.appointmentTypeId,
			appointmentTypeName: appointmentType.name,
			examineeEncrypted: booking.examineeEncrypted,
			teamId: booking.teamId,
			ownerUserId: booking.ownerUserId,
			createdByUserId: booking.createdByUserId,
			startsAtKey,
			rank: stageRank
		})
		.from(booking)
		.innerJoin(specialist, eq(specialist.id, booking.specialistId))
		.innerJoin(appointmentType, eq(appointmentType.id, booking.appointmentTypeId))
		.where(and(listWhere(scope, filters), seek))
		.orderBy(...orderBy)
		.limit(n);
}

/** What decides the list query's SQL text: the scope's kind, which filters are set (and how many values each list holds), the order, a cursor or not. */
interface ListShape {
	scope: Scope;
	filters: BookingListFilters;
	sort: BookingListSort;
	dir: SortDir;
	after: CursorPayload | null;
}

/** Longer lists of specialists, stages or name words than this are built per call (a rare shape). */
const LIST_SHAPE_VALUES_MAX = 5;

function listShapeKey({ scope, filters: f, sort, dir, after }: ListShape): string | null {
	const lengths = [f.specialistIds?.length ?? 0, f.stages?.length ?? 0, f.examineeTokens?.length ?? 0];
	if (lengths.some((l) => l > LIST_SHAPE_VALUES_MAX)) return null;
	return [
		scope.kind,
		(f.status ?? 'active') === 'all' ? 'all' : 'status',
		...lengths,
		f.examineeTokens ? 'names' : '',
		f.startsFrom ? 'from' : '',
		f.startsBefore ? 'before' : '',
		f.teamId ? 'team' : '',
		f.createdByUserId ? 'by' : '',
		sort,
		dir,
		after ? 'after' : ''
	].join('|');
}

const placeholders = (prefix: string, n: number) => placeholderNames(prefix, n).map((name) => sql.placeholder(name));

/**
 * The list's first pages and the next ones, by shape: prepared (neither built by Drizzle nor
 * described by PostgreSQL again), at most 64 shapes (db/prepared.ts). Values are placeholders of
 * the names `listValues` fills; the SQL text is the same as the query built per call.
 */
const listPageQuery = preparedPerShape(64, listShapeKey, (exec, { scope, filters: f, sort, dir, after }: ListShape) => {
	const p = (name: string) => sql.placeholder(name) as unknown as string;
	const filters: BookingListFilters = {
		status: f.status === 'all' ? 'all' : (p('status') as StatusFilter),
		specialistIds: placeholders('specialist', f.specialistIds?.length ?? 0) as unknown as string[],
		stages: placeholders('stage', f.stages?.length ?? 0) as unknown as BookingStage[],
		examineeTokens: f.examineeTokens && (placeholders('token', f.examineeTokens.length) as unknown as string[]),
		startsFrom: f.startsFrom && (sql.placeholder('startsFrom') as unknown as Date),
		startsBefore: f.startsBefore && (sql.placeholder('startsBefore') as unknown as Date),
		teamId: f.teamId && p('filterTeamId'),
		createdByUserId: f.createdByUserId && p('createdByUserId')
	};
	const seekAfter = after && { ...after, k: placeholders('key', after.k.length) as unknown as (string | number)[] };
	return byIndexOrderQuery(exec, placeholderScope(scope.kind), filters, sort, dir, seekAfter, sql.placeholder('limit')).prepare(
		'booking_list_page'
	);
});

/** The values of a prepared list query (placeholders skip the columns' encoders: instants go as ISO text). */
function listValues({ scope, filters: f, after }: ListShape, n: number): Record<string, unknown> {
	return {
		...scope,
		status: f.status ?? 'active',
		...placeholderValues('specialist', f.specialistIds ?? []),
		...placeholderValues('stage', f.stages ?? []),
		...placeholderValues('token', f.examineeTokens ?? []),
		startsFrom: f.startsFrom?.toISOString(),
		startsBefore: f.startsBefore?.toISOString(),
		filterTeamId: f.teamId,
		createdByUserId: f.createdByUserId,
		...placeholderValues('key', after?.k ?? []),
		limit: n
	};
}

/**
 * A page sorted by specialist name. No index can hold another table's column, so instead of
 * sorting the whole scope this asks each specialist for its first n bookings after the cursor
 * (one short range of the (specialist, status, starts_at, id) index each) and sorts those few:
 * every row of the page is among them, because within one specialist the order is by start.
 * The specialist named in the cursor continues after it; later names start from their first.
 */
async function bySpecialistName(
	exec: Executor,
	scope: Scope,
	filters: BookingListFilters,
	dir: SortDir,
	after: CursorPayload | null,
	n: number
) {
	const k = after?.k;
	const by = dir === 'asc' ? asc : desc;
	const from =
		dir === 'asc'
			? { ts: '-infinity', id: '00000000-0000-0000-0000-000000000000' }
			: { ts: 'infinity', id: 'ffffffff-ffff-ffff-ffff-ffffffffffff' };
	const seek = k
		? sql`(${booking.startsAt}, ${booking.id}) ${sql.raw(dir === 'asc' ? '>' : '<')} (
				CASE WHEN ${specialist.displayName} = ${k[0]}::text THEN ${k[1]}::timestamptz ELSE ${from.ts}::timestamptz END,
				CASE WHEN ${specialist.displayName} = ${k[0]}::text THEN ${k[2]}::uuid ELSE ${from.id}::uuid END)`
		: undefined;
	const firsts = exec
		.select({
			id: booking.id,
			reference: booking.reference,
			startsAt: booking.startsAt,
			endsAt: booking.endsAt,
			clinicTimeZone: booking.clinicTimeZone,
			status: booking.status,
			stage: booking.stage,
			appointmentTypeId: booking.appointmentTypeId,
			examineeEncrypted: booking.examineeEncrypted,
			teamId: booking.teamId,
			ownerUserId: booking.ownerUserId,
			createdByUserId: booking.createdByUserId,
			startsAtKey: sql<string>`${startsAtKey}`.as('starts_at_key'),
			rank: sql<number>`${stageRank}`.as('rank')
		})
		.from(booking)
		.where(and(eq(booking.specialistId, specialist.id), listWhere(scope, filters), seek))
		.orderBy(by(booking.startsAt), by(booking.id))
		.limit(n)
		.as('firsts');
	return exec
		.select({
			id: firsts.id,
			reference: firsts.reference,
			startsAt: firsts.startsAt,
			endsAt: firsts.endsAt,
			clinicTimeZone: firsts.clinicTimeZone,
			status: firsts.status,
			stage: firsts.stage,
			specialistId: specialist.id,
			specialistName: specialist.displayName,
			appointmentTypeId: firsts.appointmentTypeId,
			appointmentTypeName: appointmentType.name,
			examineeEncrypted: firsts.examineeEncrypted,
			teamId: firsts.teamId,
			ownerUserId: firsts.ownerUserId,
			createdByUserId: firsts.createdByUserId,
			startsAtKey: firsts.startsAtKey,
			rank: firsts.rank
		})
		.from(specialist)
		.innerJoinLateral(firsts, sql`true`)
		.innerJoin(appointmentType, eq(appointmentType.id, firsts.appointmentTypeId))
		.where(k ? sql`${specialist.displayName} ${sql.raw(dir === 'asc' ? '>=' : '<=')} ${k[0]}::text` : undefined)
		.orderBy(by(specialist.displayName), by(firsts.startsAt), by(firsts.id))
		.limit(n);
}

/** How many bookings a filtered list holds (the export's audit record says how many left). */
export async function countForScope(exec: Executor, scope: Scope, filters: BookingListFilters): Promise<number> {
	const [row] = await exec
		.select({ n: sql<number>`count(*)::int` })
		.from(booking)
		.where(listWhere(scope, filters));
	return Number(row?.n ?? 0);
}

/** Bookings in scope by progress stage (every status). */
export async function countByStage(exec: Executor, scope: Scope): Promise<Record<BookingStage, number>> {
	const rows = await exec
		.select({ stage: booking.stage, n: sql<number>`count(*)::int` })
		.from(booking)
		.where(bookingScope(scope))
		.groupBy(booking.stage);
	const counts = Object.fromEntries(BOOKING_STAGES.map((s) => [s, 0])) as Record<BookingStage, number>;
	for (const r of rows) if ((BOOKING_STAGES as readonly string[]).includes(r.stage)) counts[r.stage] = Number(r.n);
	return counts;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The instants a local month spans in a zone: [first midnight, next month's first midnight). */
export function monthRange(month: string, timeZone: string): { start: Date; end: Date } {
	const m = MONTH.exec(month);
	if (!m) throw new RangeError(`not a month: ${month}`);
	const first = new CalendarDate(Number(m[1]), Number(m[2]), 1);
	return { start: first.toDate(timeZone), end: first.add({ months: 1 }).toDate(timeZone) };
}

/**
 * How many bookings start on each local day of a month, read in `timeZone` (the viewer's). Days
 * without bookings are absent. Status and specialists narrow it as they narrow the list.
 */
export async function calendarMonth(
	exec: Executor,
	scope: Scope,
	month: string,
	timeZone: string,
	filters: Pick<BookingListFilters, 'status' | 'specialistIds'> = {}
): Promise<{ date: string; count: number }[]> {
	const { start, end } = monthRange(month, timeZone);
	const rows = await exec
		.select({
			date: sql<string>`to_char(${booking.startsAt} AT TIME ZONE ${timeZone}, 'YYYY-MM-DD')`,
			count: sql<number>`count(*)::int`
		})
		.from(booking)
		.where(listWhere(scope, { ...filters, startsFrom: start, startsBefore: end }))
		// By position: the zone is a parameter, and two parameters are never "the same expression".
		.groupBy(sql`1`)
		.orderBy(sql`1`);
	return rows.map((r) => ({ date: r.date, count: Number(r.count) }));
}
