import { error } from '@sveltejs/kit';
import { insightsInput } from '$lib/schemas/insights';
import { callerFor } from '$lib/server/caller';
import { pageErrorFrom } from '$lib/server/auth/guards';

/** The split of the weekly chart is a GET parameter, so the toggle is a link and works without JavaScript. */
export const load = async (event) => {
	const parsed = insightsInput.safeParse({ by: event.url.searchParams.get('by') ?? undefined });
	if (!parsed.success) error(400, 'Split the bookings by "organisation" or "exam-type" (the "by" choice).');
	return { insights: await callerFor(event).admin.insights(parsed.data).catch(pageErrorFrom) };
};
