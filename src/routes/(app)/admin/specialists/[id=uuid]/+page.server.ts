import { callerFor } from '$lib/server/caller';
import { pageErrorFrom } from '$lib/server/auth/guards';
import { formFailFrom, one, readForm } from '$lib/server/forms';
import { profileFrom } from '../profile-form';
import { LOCATION_FIELDS, type LocationInput } from '$lib/schemas/location';
import type { RequestEvent } from './$types';

export const load = async (event) => {
	const caller = callerFor(event);
	const [s, accounts] = await Promise.all([
		caller.admin.specialists.get({ id: event.params.id }),
		caller.admin.specialists.accounts()
	]).catch(pageErrorFrom);
	return { s, accounts };
};

/** The address fields of a location form, as typed (the procedure's schema checks them). */
const locationFrom = (f: Record<string, string | string[]>) =>
	Object.fromEntries(LOCATION_FIELDS.map((k) => [k, one(f[k])])) as LocationInput;

async function run(event: RequestEvent, formId: string, work: (f: Record<string, string | string[]>) => Promise<string>) {
	const f = await readForm(event.request);
	try {
		return { ok: true, formId, message: await work(f) };
	} catch (err) {
		return formFailFrom(err, { formId, ...Object.fromEntries(Object.entries(f).map(([k, v]) => [k, one(v)])) });
	}
}

export const actions = {
	link: (event) =>
		run(event, 'account', async (f) => {
			await callerFor(event).admin.specialists.linkAccount({ id: event.params.id, userId: one(f.userId) });
			return 'Account linked: they see this specialist’s appointments now.';
		}),
	unlink: (event) =>
		run(event, 'account', async () => {
			await callerFor(event).admin.specialists.unlinkAccount({ id: event.params.id });
			return 'Account unlinked.';
		}),
	profile: (event) =>
		run(event, 'profile', async (f) => {
			await callerFor(event).admin.specialists.updateProfile({
				id: event.params.id,
				profile: { ...profileFrom(f), active: f.active === 'on' }
			});
			return 'Profile saved.';
		}),
	hours: (event) =>
		run(event, 'hours', async (f) => {
			// Ranges are parsed by the procedure's schema, so a bad day is named there (days.N).
			const days = [1, 2, 3, 4, 5, 6, 7].map((d) => one(f[`day${d}`]));
			// Each weekday's location select, when the page offers them (a specialist with several locations).
			const locations = [1, 2, 3, 4, 5, 6, 7].some((d) => f[`loc${d}`] !== undefined)
				? [1, 2, 3, 4, 5, 6, 7].map((d) => one(f[`loc${d}`]))
				: undefined;
			await callerFor(event).admin.specialists.setWeeklyHours({ id: event.params.id, days, locations });
			return 'Opening hours saved.';
		}),
	override: (event) =>
		run(event, 'override', async (f) => {
			const closed = f.closed === 'on';
			await callerFor(event).admin.specialists.setDateOverride({
				id: event.params.id,
				date: one(f.date),
				hours: closed ? '' : one(f.hours),
				note: one(f.note)
			});
			return closed ? 'Closed on that date.' : 'Hours for that date saved.';
		}),
	removeOverride: (event) =>
		run(event, 'override', async (f) => {
			await callerFor(event).admin.specialists.removeDateOverride({ id: event.params.id, overrideId: one(f.overrideId) });
			return 'Date removed: the weekly hours apply again.';
		}),
	addLocation: (event) =>
		run(event, 'location-new', async (f) => {
			const l = await callerFor(event).admin.specialists.addLocation({ id: event.params.id, ...locationFrom(f) });
			return l.isPrimary ? `${l.name} added: it is the primary location.` : `${l.name} added.`;
		}),
	editLocation: (event) =>
		run(event, 'locations', async (f) => {
			await callerFor(event).admin.specialists.editLocation({ id: event.params.id, locationId: one(f.locationId), ...locationFrom(f) });
			return 'Location saved. Bookings already made keep the address they were made with.';
		}),
	removeLocation: (event) =>
		run(event, 'locations', async (f) => {
			await callerFor(event).admin.specialists.setLocationInUse({ id: event.params.id, locationId: one(f.locationId), active: false });
			return 'Location removed: its opening hours are at the primary location now. Bookings already made keep their address.';
		}),
	restoreLocation: (event) =>
		run(event, 'locations', async (f) => {
			await callerFor(event).admin.specialists.setLocationInUse({ id: event.params.id, locationId: one(f.locationId), active: true });
			return 'Location in use again.';
		}),
	primaryLocation: (event) =>
		run(event, 'locations', async (f) => {
			await callerFor(event).admin.specialists.makePrimaryLocation({ id: event.params.id, locationId: one(f.locationId) });
			return 'Primary location changed: opening hours without a location of their own are there now.';
		}),
	types: (event) =>
		run(event, 'types', async (f) => {
			await callerFor(event).admin.specialists.setOfferedTypes({ id: event.params.id, typeIds: ([] as string[]).concat(f.typeIds ?? []) });
			return 'Exam types saved.';
		})
};
