/**
 * Where specialists examine in person: their locations (consulting rooms with a full address),
 * which one they are at when (weekly hours name a location; hours that name none, or name one no
 * longer in use, are at the primary location), and the place a booking records. Telehealth
 * examinations have no place.
 *
 * Admins keep the locations on the specialist's page: add, edit, stop or resume using one, make
 * one the primary. Every change is audited as a change of the specialist. A location is never
 * deleted: bookings keep pointing at it, and each booking also keeps its address as it was.
 */
import { fromDate, getDayOfWeek } from '@internationalized/date';
import type { App } from '../../app';
import type { Actor } from '../../auth/actor';
import type { Executor } from '../../db/client';
import { AppError } from '../../errors';
import {
	activeLocationsOf,
	activeLocationSuburbs,
	clearPrimary,
	detachHoursFrom,
	findLocation,
	findLocationById,
	insertLocation,
	locationsOf,
	setLocationActive,
	setPrimary,
	updateLocation,
	type LocationFields,
	type LocationRow
} from '../../repositories/locations.repository';
import { weeklyHoursOf } from '../../repositories/schedule.repository';
import { findSpecialist } from '../../repositories/specialists.repository';
import { locationSchema } from '../../../schemas/location';
import { recordGranted } from '../audit/audit';
import { TELEHEALTH_PLACE } from '../booking/ics';

export type { LocationRow };

/** What an .ics LOCATION, an email and a page say of a telehealth examination's place. */
export { TELEHEALTH_PLACE };

type AddressParts = Pick<LocationRow, 'name' | 'line1' | 'line2' | 'suburb' | 'state' | 'postcode'>;

/**
 * The address on one line, as Australians write it: the place's name, the level or suite (line 2),
 * the street (line 1), then suburb, state and postcode — "Macquarie Street rooms, Level 4, 135
 * Macquarie Street, Sydney NSW 2000".
 */
export function formatAddress(loc: AddressParts): string {
	const locality = [loc.suburb, loc.state, loc.postcode]
		.map((p) => p.trim())
		.filter(Boolean)
		.join(' ');
	return [loc.name, loc.line2, loc.line1, locality]
		.map((p) => p.trim())
		.filter(Boolean)
		.join(', ');
}

interface HoursRange {
	weekday: number;
	startMinute: number;
	endMinute: number;
	locationId: string | null;
}

/**
 * The location the specialist is at on `instant`: that of the weekly-hours range containing it
 * (the ISO weekday and minute of the clinic's wall clock in `timeZone`), when that location is in
 * use; otherwise the primary location in use; otherwise null. `locations`: the specialist's.
 */
export function pickLocation<L extends { id: string; isPrimary: boolean; active: boolean }>(
	hours: readonly HoursRange[],
	locations: readonly L[],
	timeZone: string,
	instant: Date
): L | null {
	const inUse = locations.filter((l) => l.active);
	const primary = inUse.find((l) => l.isPrimary) ?? null;
	const clock = fromDate(instant, timeZone);
	const weekday = getDayOfWeek(clock, 'en-AU', 'mon') + 1;
	const minute = clock.hour * 60 + clock.minute;
	const range = hours.find((h) => h.weekday === weekday && h.startMinute <= minute && minute < h.endMinute);
	if (range?.locationId) return inUse.find((l) => l.id === range.locationId) ?? primary;
	return primary;
}

/** The location the specialist examines at on `startsAt` (see `pickLocation`), or null. `exec`: inside a transaction, its own. */
export async function locationAt(
	app: App,
	specialistId: string,
	startsAt: Date,
	exec: Executor = app.database.db
): Promise<LocationRow | null> {
	const s = await findSpecialist(exec, specialistId);
	if (!s) return null;
	const [hours, locations] = await Promise.all([weeklyHoursOf(exec, specialistId), activeLocationsOf(exec, specialistId)]);
	return pickLocation(hours, locations, s.timeZone, startsAt);
}

/** What a booking records of its place: the location and its address then; nothing for telehealth. */
export interface BookingPlace {
	locationId: string | null;
	locationAddress: string;
}

/** The place of an examination of this mode with the specialist at `startsAt`. */
export async function placeAt(app: App, exec: Executor, p: { specialistId: string; mode: string; startsAt: Date }): Promise<BookingPlace> {
	if (p.mode === 'telehealth') return { locationId: null, locationAddress: '' };
	const loc = await locationAt(app, p.specialistId, p.startsAt, exec);
	return loc ? { locationId: loc.id, locationAddress: formatAddress(loc) } : { locationId: null, locationAddress: '' };
}

/** A location as pages show it. */
export function locationView(l: LocationRow) {
	return {
		id: l.id,
		name: l.name,
		line1: l.line1,
		line2: l.line2,
		suburb: l.suburb,
		state: l.state,
		postcode: l.postcode,
		directions: l.directions,
		isPrimary: l.isPrimary,
		active: l.active,
		address: formatAddress(l)
	};
}
export type LocationView = ReturnType<typeof locationView>;

/** Every location of a specialist (those no longer in use last). */
export async function listLocations(app: App, specialistId: string): Promise<LocationView[]> {
	return (await locationsOf(app.database.db, specialistId)).map(locationView);
}

/** The locations in use of a specialist, the primary first. */
export async function activeLocations(app: App, specialistId: string): Promise<LocationView[]> {
	return (await activeLocationsOf(app.database.db, specialistId)).map(locationView);
}

/**
 * For the time step: the specialist's locations in use and, for each time, the location it is at
 * ([] and null for telehealth).
 */
export async function placesOfTimes(app: App, specialistId: string, mode: string, startsAt: readonly string[]) {
	if (mode === 'telehealth') return { locations: [], at: new Map(startsAt.map((t) => [t, null as string | null])) };
	const db = app.database.db;
	const s = await findSpecialist(db, specialistId);
	const [hours, locations] = await Promise.all([weeklyHoursOf(db, specialistId), activeLocationsOf(db, specialistId)]);
	const at = new Map(startsAt.map((t) => [t, s ? (pickLocation(hours, locations, s.timeZone, new Date(t))?.id ?? null) : null]));
	return { locations: locations.map((l) => ({ id: l.id, name: l.name, address: formatAddress(l) })), at };
}

/** The suburbs of each specialist's locations in use ("Parramatta NSW"), for the directory. */
export async function suburbsOf(app: App, specialistIds: string[]): Promise<Map<string, string[]>> {
	const rows = await activeLocationSuburbs(app.database.db, specialistIds);
	const out = new Map<string, string[]>();
	for (const r of rows) out.set(r.specialistId, [...(out.get(r.specialistId) ?? []), `${r.suburb} ${r.state}`]);
	return out;
}

/** What a booking's page says of its place: the address it was booked at, with today's directions. */
export async function bookingPlace(app: App, b: { locationId: string | null; locationAddress: string }, mode: string | null) {
	if (mode === 'telehealth') return { telehealth: true as const, address: TELEHEALTH_PLACE, directions: '' };
	const loc = b.locationId ? await findLocationById(app.database.db, b.locationId) : null;
	return { telehealth: false as const, address: b.locationAddress || (loc ? formatAddress(loc) : ''), directions: loc?.directions ?? '' };
}

// ── Admins ───────────────────────────────────────────────────────────────────────────────────────

/** The input checked with the shared schema; a bad one is refused naming its first wrong field. */
export function parseLocation(input: unknown): LocationFields {
	const parsed = locationSchema.safeParse(input);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		throw new AppError('BAD_REQUEST', issue?.message ?? 'Some address details are missing.', String(issue?.path[0] ?? 'name'));
	}
	return parsed.data;
}

async function specialistOf(app: App, specialistId: string) {
	const s = await findSpecialist(app.database.db, specialistId);
	if (!s) throw new AppError('NOT_FOUND', 'No such specialist.');
	return s;
}

async function locationOf(app: App, specialistId: string, locationId: string) {
	const l = await findLocation(app.database.db, specialistId, locationId);
	if (!l) throw new AppError('NOT_FOUND', 'No such location.', 'locationId');
	return l;
}

const audited = (app: App, who: Actor, specialistId: string, what: string, locationId: string) =>
	recordGranted(app.database.db, who, 'specialist.update', 'specialist', specialistId, { what, locationId });

/** Adds a location; the first one in use becomes the primary. */
export async function addLocation(app: App, who: Actor, specialistId: string, input: unknown): Promise<LocationView> {
	const fields = parseLocation(input);
	await specialistOf(app, specialistId);
	const row = await app.database.db.transaction(async (tx) => {
		const inUse = await activeLocationsOf(tx, specialistId);
		return insertLocation(tx, { ...fields, specialistId, isPrimary: !inUse.some((l) => l.isPrimary) });
	});
	await audited(app, who, specialistId, 'location_added', row.id);
	return locationView(row);
}

/** Replaces a location's address and directions (bookings already made keep the address they had). */
export async function editLocation(
	app: App,
	who: Actor,
	specialistId: string,
	locationId: string,
	input: unknown
): Promise<{ id: string }> {
	const fields = parseLocation(input);
	if (!(await updateLocation(app.database.db, specialistId, locationId, fields)))
		throw new AppError('NOT_FOUND', 'No such location.', 'locationId');
	await audited(app, who, specialistId, 'location_edited', locationId);
	return { id: locationId };
}

/**
 * Stops using a location (its weekly hours go back to the primary location), or uses it again.
 * The primary location stays in use: another one is made primary first.
 */
export async function setLocationInUse(
	app: App,
	who: Actor,
	specialistId: string,
	locationId: string,
	active: boolean
): Promise<{ id: string }> {
	const l = await locationOf(app, specialistId, locationId);
	if (!active && l.isPrimary)
		throw new AppError('CONFLICT', 'This is the primary location: make another location primary before removing it.', 'locationId');
	await app.database.db.transaction(async (tx) => {
		await setLocationActive(tx, specialistId, locationId, active);
		if (!active) await detachHoursFrom(tx, specialistId, locationId);
		// A location used again where none is primary any more becomes the primary.
		if (active && !(await activeLocationsOf(tx, specialistId)).some((x) => x.isPrimary)) await setPrimary(tx, specialistId, locationId);
	});
	await audited(app, who, specialistId, active ? 'location_restored' : 'location_removed', locationId);
	return { id: locationId };
}

/** Makes a location in use the primary one: the old primary stops being it in the same transaction. */
export async function makePrimary(app: App, who: Actor, specialistId: string, locationId: string): Promise<{ id: string }> {
	const l = await locationOf(app, specialistId, locationId);
	if (!l.active) throw new AppError('CONFLICT', 'Use this location again before making it the primary one.', 'locationId');
	await app.database.db.transaction(async (tx) => {
		await clearPrimary(tx, specialistId);
		await setPrimary(tx, specialistId, locationId);
	});
	await audited(app, who, specialistId, 'location_primary', locationId);
	return { id: locationId };
}
