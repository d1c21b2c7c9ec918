/**
 * Admins keep the specialists' profiles, their built-in schedule (weekly hours and date
 * overrides), the exam types each offers, and the exam types' local labels and order. A specialist
 * linked to an Acuity calendar keeps hours and types in Acuity (the catalogue sync brings them in):
 * only the profile is edited here. Every change is audited and drops the specialist's cached
 * availability.
 */
import type { App } from '../../app';
import type { Actor } from '../../auth/actor';
import { AppError } from '../../errors';
import {
	appointmentTypesInDisplayOrder,
	existingTypeIds,
	offeredTypeCounts,
	offeredTypeIds,
	replaceOffersOfSpecialist,
	updateTypePresentation
} from '../../repositories/catalogue.repository';
import {
	dateOverridesFrom,
	deleteDateOverride,
	replaceWeeklyHours,
	upsertDateOverride,
	weeklyHoursInOrder
} from '../../repositories/schedule.repository';
import {
	findSpecialist,
	insertSpecialist,
	specialistsWithAccountEmail,
	specialistWithAccountEmail,
	updateSpecialist
} from '../../repositories/specialists.repository';
import { formatRanges, type MinuteRange, type SpecialistProfile } from '../../../schemas/specialist';
import { recordGranted } from '../audit/audit';
import { activeLocationsOf } from '../../repositories/locations.repository';
import { listLocations } from './locations';
import { isUuid } from '../../../ids';

export async function listSpecialistsForAdmin(app: App) {
	const db = app.database.db;
	const [rows, offered] = await Promise.all([specialistsWithAccountEmail(db), offeredTypeCounts(db)]);
	return rows.map(({ s, email }) => ({
		id: s.id,
		displayName: s.displayName,
		title: s.title,
		specialty: s.specialty,
		location: s.location,
		state: s.state,
		timeZone: s.timeZone,
		modes: s.modes,
		active: s.active,
		displayOrder: s.displayOrder,
		accountEmail: email,
		acuity: Boolean(s.providerCalendarId),
		types: Number(offered.find((o) => o.specialistId === s.id)?.n ?? 0)
	}));
}

export async function specialistForAdmin(app: App, id: string) {
	const db = app.database.db;
	if (!isUuid(id)) throw new AppError('NOT_FOUND', 'No such specialist.');
	const row = await specialistWithAccountEmail(db, id);
	if (!row) throw new AppError('NOT_FOUND', 'No such specialist.');
	const today = new Intl.DateTimeFormat('en-CA', { timeZone: row.s.timeZone }).format(new Date());
	const [hours, overrides, types, offered, locations] = await Promise.all([
		weeklyHoursInOrder(db, id),
		dateOverridesFrom(db, id, today),
		appointmentTypesInDisplayOrder(db),
		offeredTypeIds(db, id),
		listLocations(app, id)
	]);
	const offeredIds = new Set(offered.map((o) => o.id));
	// Each weekday's location ('' for the primary): hours naming the primary, or one no longer in use, are at the primary.
	const elsewhere = new Set(locations.filter((l) => l.active && !l.isPrimary).map((l) => l.id));
	const dayLocation = (weekday: number) => {
		const at = hours.find((h) => h.weekday === weekday && h.locationId)?.locationId;
		return at && elsewhere.has(at) ? at : '';
	};
	return {
		...row.s,
		accountEmail: row.email,
		acuity: Boolean(row.s.providerCalendarId),
		days: [1, 2, 3, 4, 5, 6, 7].map((weekday) => formatRanges(hours.filter((h) => h.weekday === weekday))),
		dayLocations: [1, 2, 3, 4, 5, 6, 7].map(dayLocation),
		locations,
		overrides: overrides.map((o) => ({
			id: o.id,
			date: o.date,
			hours: formatRanges(o.ranges),
			closed: o.ranges.length === 0,
			note: o.note
		})),
		types: types.map((t) => ({ id: t.id, name: t.label ?? t.name, mode: t.mode, active: t.active, offered: offeredIds.has(t.id) }))
	};
}

async function changed(
	app: App,
	who: Actor,
	specialistId: string,
	what: string,
	details: Record<string, string | number | boolean | null> = {}
) {
	await recordGranted(app.database.db, who, 'specialist.update', 'specialist', specialistId, { what, ...details });
	await app.scheduling.invalidate(specialistId);
}

async function load(app: App, id: string) {
	const s = await findSpecialist(app.database.db, id);
	if (!s) throw new AppError('NOT_FOUND', 'No such specialist.');
	return s;
}

export async function createSpecialist(app: App, who: Actor, profile: SpecialistProfile) {
	const row = await insertSpecialist(app.database.db, profile);
	await recordGranted(app.database.db, who, 'specialist.create', 'specialist', row.id);
	return row;
}

export async function updateSpecialistProfile(app: App, who: Actor, { id, profile }: { id: string; profile: SpecialistProfile }) {
	await load(app, id);
	await updateSpecialist(app.database.db, id, profile);
	await changed(app, who, id, 'profile', { active: profile.active });
	return { id };
}

/**
 * Replaces the weekly hours: `days[0]` is Monday. `locations[i]`: where the hours of that weekday
 * are ('' or null: the primary location); left out, each weekday keeps the location it had.
 */
export async function setWeeklyHours(
	app: App,
	who: Actor,
	{ id, days, locations }: { id: string; days: MinuteRange[][]; locations?: string[] }
) {
	const s = await load(app, id);
	if (s.providerCalendarId) throw new AppError('CONFLICT', 'This specialist’s hours are kept in Acuity.');
	const inUse = new Set((await activeLocationsOf(app.database.db, id)).map((l) => l.id));
	locations?.forEach((l, i) => {
		if (l && !inUse.has(l)) throw new AppError('BAD_REQUEST', 'Choose a location from the list.', `locations.${i}`);
	});
	await app.database.db.transaction(async (tx) => {
		const before = await weeklyHoursInOrder(tx, id);
		const kept = (weekday: number) => before.find((h) => h.weekday === weekday && h.locationId)?.locationId ?? null;
		const rows = days.flatMap((ranges, i) =>
			ranges.map((r) => ({ specialistId: id, weekday: i + 1, ...r, locationId: locations ? locations[i] || null : kept(i + 1) }))
		);
		await replaceWeeklyHours(tx, id, rows);
	});
	await changed(app, who, id, 'weekly_hours', { ranges: days.flat().length });
	return { id };
}

export async function setDateOverride(
	app: App,
	who: Actor,
	{ id, date, hours, note }: { id: string; date: string; hours: MinuteRange[]; note: string }
) {
	const s = await load(app, id);
	if (s.providerCalendarId) throw new AppError('CONFLICT', 'This specialist’s hours are kept in Acuity.');
	await upsertDateOverride(app.database.db, { specialistId: id, date, ranges: hours, note });
	await changed(app, who, id, 'date_override', { date, closed: hours.length === 0 });
	return { id };
}

export async function removeDateOverride(app: App, who: Actor, { id, overrideId }: { id: string; overrideId: string }) {
	const removed = await deleteDateOverride(app.database.db, id, overrideId);
	if (removed === null) throw new AppError('NOT_FOUND', 'No such date.');
	await changed(app, who, id, 'date_override_removed', { date: removed });
	return { id };
}

export async function setOfferedTypes(app: App, who: Actor, { id, typeIds }: { id: string; typeIds: string[] }) {
	const s = await load(app, id);
	if (s.providerCalendarId) throw new AppError('CONFLICT', 'This specialist’s exam types are kept in Acuity.');
	const known = typeIds.length ? await existingTypeIds(app.database.db, typeIds) : [];
	if (known.length !== new Set(typeIds).size) throw new AppError('BAD_REQUEST', 'Choose exam types from the list.', 'typeIds');
	await app.database.db.transaction(async (tx) => {
		await replaceOffersOfSpecialist(
			tx,
			id,
			known.map((t) => t.id)
		);
	});
	await changed(app, who, id, 'types', { types: known.length });
	return { id };
}

export async function listAppointmentTypesForAdmin(app: App) {
	return appointmentTypesInDisplayOrder(app.database.db);
}

export async function updateAppointmentType(
	app: App,
	who: Actor,
	input: { id: string; label: string | null; displayOrder: number; active: boolean }
) {
	if (!(await updateTypePresentation(app.database.db, input))) throw new AppError('NOT_FOUND', 'No such exam type.');
	await recordGranted(app.database.db, who, 'appointment_type.update', 'appointment_type', input.id, {
		relabelled: input.label !== null,
		active: input.active
	});
	return { id: input.id };
}
