/**
 * Specialists' locations: the consulting rooms (full street address) where they examine in person.
 * At most one primary location per specialist (a partial unique index); weekly hours name the
 * location they are at (null: the primary one).
 */
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { specialistLocation, weeklyHours } from '../db/schema';

export type LocationRow = typeof specialistLocation.$inferSelect;
/** The fields an admin edits. */
export type LocationFields = Pick<LocationRow, 'name' | 'line1' | 'line2' | 'suburb' | 'state' | 'postcode' | 'directions'>;

/** Every location of a specialist: the primary first, then those in use, then by name. */
export async function locationsOf(exec: Executor, specialistId: string): Promise<LocationRow[]> {
	return exec
		.select()
		.from(specialistLocation)
		.where(eq(specialistLocation.specialistId, specialistId))
		.orderBy(
			desc(specialistLocation.isPrimary),
			desc(specialistLocation.active),
			asc(specialistLocation.name),
			asc(specialistLocation.createdAt)
		);
}

/** The locations in use of a specialist: the primary first, then by name. */
export async function activeLocationsOf(exec: Executor, specialistId: string): Promise<LocationRow[]> {
	return exec
		.select()
		.from(specialistLocation)
		.where(and(eq(specialistLocation.specialistId, specialistId), eq(specialistLocation.active, true)))
		.orderBy(desc(specialistLocation.isPrimary), asc(specialistLocation.name), asc(specialistLocation.createdAt));
}

/** The suburbs (and states) of the locations in use of some specialists, for the directory. */
export async function activeLocationSuburbs(exec: Executor, specialistIds: string[]) {
	if (!specialistIds.length) return [];
	return exec
		.selectDistinct({ specialistId: specialistLocation.specialistId, suburb: specialistLocation.suburb, state: specialistLocation.state })
		.from(specialistLocation)
		.where(and(inArray(specialistLocation.specialistId, specialistIds), eq(specialistLocation.active, true)))
		.orderBy(asc(specialistLocation.specialistId), asc(specialistLocation.suburb));
}

/** One of a specialist's locations, or null. */
export async function findLocation(exec: Executor, specialistId: string, locationId: string): Promise<LocationRow | null> {
	const [row] = await exec
		.select()
		.from(specialistLocation)
		.where(and(eq(specialistLocation.id, locationId), eq(specialistLocation.specialistId, specialistId)))
		.limit(1);
	return row ?? null;
}

/** The location with this id, whoever's, or null (a booking's place). */
export async function findLocationById(exec: Executor, locationId: string): Promise<LocationRow | null> {
	const [row] = await exec.select().from(specialistLocation).where(eq(specialistLocation.id, locationId)).limit(1);
	return row ?? null;
}

/** Adds a location; answers the row. */
export async function insertLocation(
	exec: Executor,
	values: LocationFields & { specialistId: string; isPrimary?: boolean }
): Promise<LocationRow> {
	const [row] = await exec.insert(specialistLocation).values(values).returning();
	return row!;
}

/** Replaces a location's address fields; answers whether there was such a location. */
export async function updateLocation(exec: Executor, specialistId: string, locationId: string, fields: LocationFields): Promise<boolean> {
	const rows = await exec
		.update(specialistLocation)
		.set(fields)
		.where(and(eq(specialistLocation.id, locationId), eq(specialistLocation.specialistId, specialistId)))
		.returning({ id: specialistLocation.id });
	return rows.length > 0;
}

/** Puts a location in use or out of use; answers whether there was such a location. */
export async function setLocationActive(exec: Executor, specialistId: string, locationId: string, active: boolean): Promise<boolean> {
	const rows = await exec
		.update(specialistLocation)
		.set({ active })
		.where(and(eq(specialistLocation.id, locationId), eq(specialistLocation.specialistId, specialistId)))
		.returning({ id: specialistLocation.id });
	return rows.length > 0;
}

/** No location of the specialist is primary any more (run it in a transaction, before `setPrimary`). */
export async function clearPrimary(exec: Executor, specialistId: string): Promise<void> {
	await exec
		.update(specialistLocation)
		.set({ isPrimary: false })
		.where(and(eq(specialistLocation.specialistId, specialistId), eq(specialistLocation.isPrimary, true)));
}

/** Makes one location the primary (after `clearPrimary`); answers whether there was such a location. */
export async function setPrimary(exec: Executor, specialistId: string, locationId: string): Promise<boolean> {
	const rows = await exec
		.update(specialistLocation)
		.set({ isPrimary: true })
		.where(and(eq(specialistLocation.id, locationId), eq(specialistLocation.specialistId, specialistId)))
		.returning({ id: specialistLocation.id });
	return rows.length > 0;
}

/** Weekly hours at this location go back to the primary location (it is no longer in use). */
export async function detachHoursFrom(exec: Executor, specialistId: string, locationId: string): Promise<void> {
	await exec
		.update(weeklyHours)
		.set({ locationId: null })
		.where(and(eq(weeklyHours.specialistId, specialistId), eq(weeklyHours.locationId, locationId)));
}
