/**
 * What referrers book from: the exam types offered, the specialists offering one (each with the
 * next free time), and a specialist's card.
 */
import type { App } from '../../app';
import { activeTypesForReferrers, offers } from '../../repositories/catalogue.repository';
import { activeSpecialistsOffering, specialistCard } from '../../repositories/specialists.repository';
import { suburbsOf } from './locations';

/** Exam types and how many specialists offer each: what the booking wizard starts from. */
export async function referrerCatalogue(app: App) {
	return activeTypesForReferrers(app.database.db);
}

/** Specialists offering an exam type, each with the next free time (one cached read per card). */
export async function specialistDirectory(app: App, input: { appointmentTypeId: string; specialty?: string; state?: string }) {
	const rows = await activeSpecialistsOffering(app.database.db, input.appointmentTypeId, input.state);
	const wanted = input.specialty?.toLowerCase();
	const filtered = wanted ? rows.filter((r) => r.specialty.toLowerCase().includes(wanted)) : rows;
	// The suburbs of each one's rooms ("Sydney NSW", "Parramatta NSW"), for in-person examinations.
	const suburbs = await suburbsOf(
		app,
		filtered.map((s) => s.id)
	);
	return Promise.all(
		filtered.map(async (row) => {
			const s = { ...row, suburbs: suburbs.get(row.id) ?? [] };
			try {
				const next = await app.scheduling.nextAvailable(s.id, input.appointmentTypeId);
				return { ...s, next: next.value, stale: next.stale, unavailable: false };
			} catch {
				// One specialist's provider trouble must not empty the whole directory.
				return { ...s, next: null, stale: true, unavailable: true };
			}
		})
	);
}

/**
 * One specialist's next free time for an exam type, as their directory card shows it (null when
 * they do not offer it, are inactive, or the provider is in trouble), without reading the whole
 * directory: what the time page opens its month from.
 */
export async function nextFreeTime(app: App, specialistId: string, appointmentTypeId: string) {
	if (!(await offers(app.database.db, specialistId, appointmentTypeId))) return null;
	return app.scheduling.nextAvailable(specialistId, appointmentTypeId).then(
		(next) => next.value,
		() => null
	);
}

/** A specialist's name, specialty, place and zone, or null when there is no such specialist. */
export async function specialistSummary(app: App, id: string) {
	return specialistCard(app.database.db, id);
}
