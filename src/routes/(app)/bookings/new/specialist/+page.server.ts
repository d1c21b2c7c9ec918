import { error, redirect } from '@sveltejs/kit';
import { callerFor } from '$lib/server/caller';
import { pageErrorFrom } from '$lib/server/auth/guards';
import { isUuid } from '$lib/ids';

const STATES = ['NSW', 'VIC', 'QLD', 'SA', 'WA', 'TAS', 'ACT', 'NT'] as const;

export const load = async (event) => {
	const typeId = event.url.searchParams.get('type');
	if (!typeId) redirect(303, '/bookings/new');
	const stateParam = event.url.searchParams.get('state') ?? '';
	const state = (STATES as readonly string[]).includes(stateParam) ? (stateParam as (typeof STATES)[number]) : undefined;
	const specialty = event.url.searchParams.get('specialty')?.slice(0, 80) || undefined;
	const caller = callerFor(event);
	const types = await caller.scheduling.catalogue().catch(pageErrorFrom);
	const type = types.find((t) => t.id === typeId);
	if (!type) error(404, 'That examination type does not exist.');
	const specialists = await caller.scheduling.directory({ appointmentTypeId: typeId, state, specialty }).catch(pageErrorFrom);
	const draft = event.url.searchParams.get('draft');
	return {
		type,
		specialists,
		filters: { state: state ?? '', specialty: specialty ?? '' },
		states: STATES,
		draft: draft && isUuid(draft) ? draft : null
	};
};
