import { z } from 'zod';
import { dateOverrideSchema, specialistProfileSchema, weeklyHoursSchema } from '$lib/schemas/specialist';
import { locationSchema } from '$lib/schemas/location';
import { isUuid } from '$lib/ids';

const id = z.string().uuid('No such specialist.');

export const specialistRef = z.object({ id }).strict();
export const updateProfileInput = z.object({ id, profile: specialistProfileSchema }).strict();
/** `locations`: per weekday (Monday first), the location the hours are at; '' for the primary. Left out: unchanged. */
export const setWeeklyHoursInput = weeklyHoursSchema.extend({
	id,
	locations: z
		.array(z.string().refine((v) => v === '' || isUuid(v), 'Choose a location from the list.'))
		.length(7)
		.optional()
});
export const setDateOverrideInput = dateOverrideSchema.extend({ id });
export const removeDateOverrideInput = z.object({ id, overrideId: z.string().uuid('No such date.') }).strict();
export const setOfferedTypesInput = z
	.object({ id, typeIds: z.array(z.string().uuid('Choose exam types from the list.')).max(100) })
	.strict();
export const linkAccountInput = z.object({ id, userId: z.uuid('Choose an account.') }).strict();

const locationId = z.uuid('No such location.');
export const addLocationInput = locationSchema.extend({ id }).strict();
export const editLocationInput = locationSchema.extend({ id, locationId }).strict();
export const locationRef = z.object({ id, locationId }).strict();
export const setLocationInUseInput = z.object({ id, locationId, active: z.boolean() }).strict();
