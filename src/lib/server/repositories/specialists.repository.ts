/**
 * Specialists: their profiles (synced from the provider's calendars, or kept by admins), who offers
 * an exam type, and the link between a profile and a specialist's sign-in account.
 */
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { preparedPerExecutor } from '../db/prepared';
import { specialist, specialistAppointmentType, user } from '../db/schema';

export type SpecialistRow = typeof specialist.$inferSelect;
export type NewSpecialist = typeof specialist.$inferInsert;

// ── Profiles ─────────────────────────────────────────────────────────────────────────────────────

/** The specialist with this id, or null. */
export async function findSpecialist(exec: Executor, id: string): Promise<SpecialistRow | null> {
	const [row] = await exec.select().from(specialist).where(eq(specialist.id, id)).limit(1);
	return row ?? null;
}

/** The active specialist with this id, or null. */
export async function findActiveSpecialist(exec: Executor, id: string): Promise<SpecialistRow | null> {
	const [row] = await exec
		.select()
		.from(specialist)
		.where(and(eq(specialist.id, id), eq(specialist.active, true)))
		.limit(1);
	return row ?? null;
}

/** The specialist a provider's calendar id names (`byLocalId`: the built-in scheduler, whose ids are ours), or null. */
export async function findSpecialistForCalendar(exec: Executor, byLocalId: boolean, calendarId: string): Promise<SpecialistRow | null> {
	const col = byLocalId ? specialist.id : specialist.providerCalendarId;
	const [row] = await exec.select().from(specialist).where(eq(col, calendarId)).limit(1);
	return row ?? null;
}

const specialistCardQuery = preparedPerExecutor((exec) =>
	exec
		.select({
			id: specialist.id,
			displayName: specialist.displayName,
			specialty: specialist.specialty,
			location: specialist.location,
			state: specialist.state,
			timeZone: specialist.timeZone
		})
		.from(specialist)
		.where(eq(specialist.id, sql.placeholder('id')))
		.limit(1)
		.prepare('specialist_card')
);

/** What a booking page or the wizard shows of a specialist, or null. */
export async function specialistCard(exec: Executor, id: string) {
	const [row] = await specialistCardQuery(exec).execute({ id });
	return row ?? null;
}

/** Every active specialist, by name. */
export async function activeSpecialistsByName(exec: Executor): Promise<SpecialistRow[]> {
	return exec.select().from(specialist).where(eq(specialist.active, true)).orderBy(asc(specialist.displayName));
}

const activeSpecialistOptionsQuery = preparedPerExecutor((exec) =>
	exec
		.select({ id: specialist.id, name: specialist.displayName, userId: specialist.userId })
		.from(specialist)
		.where(eq(specialist.active, true))
		.orderBy(asc(specialist.displayName))
		.prepare('active_specialist_options')
);

/** The active specialists' ids, names and accounts, by name (what a list is narrowed by). */
export async function activeSpecialistOptions(exec: Executor) {
	return activeSpecialistOptionsQuery(exec).execute();
}

/** The active specialists offering an exam type (in a state, when given), in display order. */
export async function activeSpecialistsOffering(exec: Executor, appointmentTypeId: string, state?: string | null) {
	return exec
		.select({
			id: specialist.id,
			displayName: specialist.displayName,
			title: specialist.title,
			specialty: specialist.specialty,
			location: specialist.location,
			state: specialist.state,
			modes: specialist.modes,
			timeZone: specialist.timeZone
		})
		.from(specialist)
		.innerJoin(specialistAppointmentType, eq(specialistAppointmentType.specialistId, specialist.id))
		.where(
			and(
				eq(specialist.active, true),
				eq(specialistAppointmentType.appointmentTypeId, appointmentTypeId),
				state ? eq(specialist.state, state) : undefined
			)
		)
		.orderBy(asc(specialist.displayOrder), asc(specialist.displayName));
}

/** Every specialist with their account's email, in display order (the admin list). */
export async function specialistsWithAccountEmail(exec: Executor) {
	return exec
		.select({ s: specialist, email: user.email })
		.from(specialist)
		.leftJoin(user, eq(user.id, specialist.userId))
		.orderBy(asc(specialist.displayOrder), asc(specialist.displayName));
}

/** One specialist with their account's email, or null. */
export async function specialistWithAccountEmail(exec: Executor, id: string) {
	const [row] = await exec
		.select({ s: specialist, email: user.email })
		.from(specialist)
		.leftJoin(user, eq(user.id, specialist.userId))
		.where(eq(specialist.id, id));
	return row ?? null;
}

/** Inserts a specialist; answers its id. */
export async function insertSpecialist(exec: Executor, profile: NewSpecialist): Promise<{ id: string }> {
	const [row] = await exec.insert(specialist).values(profile).returning({ id: specialist.id });
	return row!;
}

/** Replaces a specialist's profile fields. */
export async function updateSpecialist(exec: Executor, id: string, profile: Partial<NewSpecialist>): Promise<void> {
	await exec.update(specialist).set(profile).where(eq(specialist.id, id));
}

/** Inserts or updates (by calendar id) the specialist of a provider's calendar; answers its id. */
export async function upsertCalendarSpecialist(
	exec: Executor,
	c: { id: string; name: string; description: string; location: string; timeZone: string }
): Promise<string> {
	const [row] = await exec
		.insert(specialist)
		.values({ displayName: c.name, specialty: c.description, location: c.location, timeZone: c.timeZone, providerCalendarId: c.id })
		.onConflictDoUpdate({
			target: specialist.providerCalendarId,
			set: { displayName: c.name, location: c.location, timeZone: c.timeZone }
		})
		.returning({ id: specialist.id });
	return row!.id;
}

// ── Sign-in accounts ─────────────────────────────────────────────────────────────────────────────

/** Specialist accounts linked to no profile, by name (at most 500). */
export async function unlinkedSpecialistAccounts(exec: Executor) {
	return exec
		.select({ id: user.id, name: user.name, email: user.email })
		.from(user)
		.leftJoin(specialist, eq(specialist.userId, user.id))
		.where(and(eq(user.role, 'specialist'), isNull(specialist.id)))
		.orderBy(asc(user.name))
		.limit(500);
}

/** A specialist's id and linked account, locked for update; null when there is no such specialist. */
export async function lockSpecialistLink(exec: Executor, specialistId: string) {
	const [s] = await exec
		.select({ id: specialist.id, userId: specialist.userId })
		.from(specialist)
		.where(eq(specialist.id, specialistId))
		.limit(1)
		.for('update');
	return s ?? null;
}

/** The specialist an account is linked to (id and name), or null. */
export async function specialistLinkedTo(exec: Executor, userId: string) {
	const [other] = await exec
		.select({ id: specialist.id, name: specialist.displayName })
		.from(specialist)
		.where(eq(specialist.userId, userId))
		.limit(1);
	return other ?? null;
}

/** Links a specialist's profile to an account. */
export async function setSpecialistAccount(exec: Executor, specialistId: string, userId: string): Promise<void> {
	await exec.update(specialist).set({ userId }).where(eq(specialist.id, specialistId));
}

/** Unlinks a specialist's profile from its account; false when there is no such specialist. */
export async function clearSpecialistAccount(exec: Executor, specialistId: string): Promise<boolean> {
	const done = await exec.update(specialist).set({ userId: null }).where(eq(specialist.id, specialistId)).returning({ id: specialist.id });
	return done.length > 0;
}
