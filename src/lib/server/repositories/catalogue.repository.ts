/**
 * The catalogue: appointment (exam) types with their intake forms, and which specialist offers
 * which type. Synced from the provider, or kept by admins for the built-in scheduler.
 */
import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { preparedPerExecutor } from '../db/prepared';
import { appointmentType, specialist, specialistAppointmentType } from '../db/schema';
import type { SpecialistRow } from './specialists.repository';

export type AppointmentTypeRow = typeof appointmentType.$inferSelect;
export type NewAppointmentType = typeof appointmentType.$inferInsert;

// ── Appointment types ────────────────────────────────────────────────────────────────────────────

/** The appointment type with this id, or null. */
export async function findAppointmentType(exec: Executor, id: string): Promise<AppointmentTypeRow | null> {
	const [row] = await exec.select().from(appointmentType).where(eq(appointmentType.id, id)).limit(1);
	return row ?? null;
}

/** The active appointment type with this id, or null. */
export async function findActiveAppointmentType(exec: Executor, id: string): Promise<AppointmentTypeRow | null> {
	const [row] = await exec
		.select()
		.from(appointmentType)
		.where(and(eq(appointmentType.id, id), eq(appointmentType.active, true)))
		.limit(1);
	return row ?? null;
}

/** The appointment type a provider's type id names (`byLocalId`: the built-in scheduler, whose ids are ours), or null. */
export async function findTypeForProvider(exec: Executor, byLocalId: boolean, typeId: string): Promise<AppointmentTypeRow | null> {
	const col = byLocalId ? appointmentType.id : appointmentType.providerTypeId;
	const [row] = await exec.select().from(appointmentType).where(eq(col, typeId)).limit(1);
	return row ?? null;
}

/** An appointment type and a specialist, read together; null when either is missing. */
export async function findTypeWithSpecialist(
	exec: Executor,
	appointmentTypeId: string,
	specialistId: string
): Promise<{ type: AppointmentTypeRow; specialist: SpecialistRow } | null> {
	const [row] = await exec
		.select({ type: appointmentType, specialist })
		.from(appointmentType)
		.innerJoin(specialist, eq(specialist.id, specialistId))
		.where(eq(appointmentType.id, appointmentTypeId))
		.limit(1);
	return row ?? null;
}

const appointmentTypeSummaryQuery = preparedPerExecutor((exec) =>
	exec
		.select({
			id: appointmentType.id,
			name: appointmentType.name,
			mode: appointmentType.mode,
			durationMinutes: appointmentType.durationMinutes,
			intakeFields: appointmentType.intakeFields
		})
		.from(appointmentType)
		.where(eq(appointmentType.id, sql.placeholder('id')))
		.prepare('appointment_type_summary')
);

/** What a booking's page shows of its exam type (with the intake form), or null. */
export async function appointmentTypeSummary(exec: Executor, id: string) {
	const [row] = await appointmentTypeSummaryQuery(exec).execute({ id });
	return row ?? null;
}

/** Every appointment type in the admins' order (display order, then name). */
export async function appointmentTypesInDisplayOrder(exec: Executor): Promise<AppointmentTypeRow[]> {
	return exec.select().from(appointmentType).orderBy(asc(appointmentType.displayOrder), asc(appointmentType.name));
}

/** Every appointment type, by name. */
export async function appointmentTypesByName(exec: Executor): Promise<AppointmentTypeRow[]> {
	return exec.select().from(appointmentType).orderBy(asc(appointmentType.name));
}

/** Every appointment type, in no particular order. */
export async function allAppointmentTypes(exec: Executor): Promise<AppointmentTypeRow[]> {
	return exec.select().from(appointmentType);
}

/** What referrers choose from: the active types, with our label over the synced name, in display order. */
export async function activeTypesForReferrers(exec: Executor) {
	return exec
		.select({
			id: appointmentType.id,
			// Our label for referrers, when we set one, over the synced name.
			name: sql<string>`coalesce(${appointmentType.label}, ${appointmentType.name})`,
			category: appointmentType.category,
			mode: appointmentType.mode,
			durationMinutes: appointmentType.durationMinutes,
			priceCents: appointmentType.priceCents,
			// How many specialists offer it, in the same statement.
			// (Names written out: Drizzle leaves columns unqualified here, and "id" must be the type's.)
			specialists: sql<number>`(select count(*) from specialist_appointment_type o where o.appointment_type_id = appointment_type.id)::int`
		})
		.from(appointmentType)
		.where(eq(appointmentType.active, true))
		.orderBy(asc(appointmentType.displayOrder), asc(appointmentType.category), asc(appointmentType.name));
}

/** Which of these ids are appointment types. */
export async function existingTypeIds(exec: Executor, ids: string[]): Promise<{ id: string }[]> {
	return exec.select({ id: appointmentType.id }).from(appointmentType).where(inArray(appointmentType.id, ids));
}

/** Sets a type's local label, display order and whether it is offered; false when there is no such type. */
export async function updateTypePresentation(
	exec: Executor,
	input: { id: string; label: string | null; displayOrder: number; active: boolean }
): Promise<boolean> {
	const updated = await exec
		.update(appointmentType)
		.set({ label: input.label, displayOrder: input.displayOrder, active: input.active })
		.where(eq(appointmentType.id, input.id))
		.returning({ id: appointmentType.id });
	return updated.length > 0;
}

/**
 * Inserts or updates (by the provider's type id) a synced appointment type; answers its id. Whether
 * it is offered stays the admin's choice: the provider can withdraw a type (inactive there, so
 * inactive here), but only an admin offers one again.
 */
export async function upsertProviderType(exec: Executor, values: NewAppointmentType): Promise<string> {
	const { providerTypeId: _key, active, ...synced } = values;
	const [row] = await exec
		.insert(appointmentType)
		.values(values)
		.onConflictDoUpdate({
			target: appointmentType.providerTypeId,
			set: { ...synced, active: active === false ? false : sql`${appointmentType.active}` }
		})
		.returning({ id: appointmentType.id });
	return row!.id;
}

// ── Who offers what ──────────────────────────────────────────────────────────────────────────────

/** Every (specialist, appointment type) offer. */
export async function allOffers(exec: Executor) {
	return exec.select().from(specialistAppointmentType);
}

/** Whether the specialist offers the appointment type. */
export async function offers(exec: Executor, specialistId: string, appointmentTypeId: string): Promise<boolean> {
	const [offered] = await exec
		.select()
		.from(specialistAppointmentType)
		.where(
			and(eq(specialistAppointmentType.specialistId, specialistId), eq(specialistAppointmentType.appointmentTypeId, appointmentTypeId))
		)
		.limit(1);
	return Boolean(offered);
}

/** The ids of the types a specialist offers. */
export async function offeredTypeIds(exec: Executor, specialistId: string): Promise<{ id: string }[]> {
	return exec
		.select({ id: specialistAppointmentType.appointmentTypeId })
		.from(specialistAppointmentType)
		.where(eq(specialistAppointmentType.specialistId, specialistId));
}

/** How many types each specialist offers (specialists offering none are absent). */
export async function offeredTypeCounts(exec: Executor) {
	return exec
		.select({ specialistId: specialistAppointmentType.specialistId, n: count() })
		.from(specialistAppointmentType)
		.groupBy(specialistAppointmentType.specialistId);
}

/** Replaces the types a specialist offers (run it in a transaction). */
export async function replaceOffersOfSpecialist(exec: Executor, specialistId: string, typeIds: string[]): Promise<void> {
	await exec.delete(specialistAppointmentType).where(eq(specialistAppointmentType.specialistId, specialistId));
	if (typeIds.length)
		await exec.insert(specialistAppointmentType).values(typeIds.map((appointmentTypeId) => ({ specialistId, appointmentTypeId })));
}

/** Replaces the specialists offering a type (run it in a transaction). */
export async function replaceOffersOfType(exec: Executor, appointmentTypeId: string, specialistIds: string[]): Promise<void> {
	await exec.delete(specialistAppointmentType).where(eq(specialistAppointmentType.appointmentTypeId, appointmentTypeId));
	if (specialistIds.length)
		await exec.insert(specialistAppointmentType).values(specialistIds.map((specialistId) => ({ specialistId, appointmentTypeId })));
}
