import { z } from 'zod';
import { dateOverrideSchema, specialistProfileSchema, weeklyHoursSchema } from '$lib/schemas/specialist';

const id = z.string().uuid('No such specialist.');

export const specialistRef = z.object({ id }).strict();
export const updateProfileInput = z.object({ id, profile: specialistProfileSchema }).strict();
export const setWeeklyHoursInput = weeklyHoursSchema.extend({ id });
export const setDateOverrideInput = dateOverrideSchema.extend({ id });
export const removeDateOverrideInput = z.object({ id, overrideId: z.string().uuid('No such date.') }).strict();
export const setOfferedTypesInput = z
	.object({ id, typeIds: z.array(z.string().uuid('Choose exam types from the list.')).max(100) })
	.strict();
export const linkAccountInput = z.object({ id, userId: z.uuid('Choose an account.') }).strict();
