/**
 * A specialist's location as admins type it: what people call the place, the street address
 * (line 1), the level, suite or building (line 2, optional), suburb, state, postcode and arrival
 * directions for the examinee. Errors name the field.
 */
import { z } from 'zod';
import { AU_STATES } from './specialist';

export const locationSchema = z.object({
	name: z
		.string('Name the place, e.g. Macquarie Street rooms.')
		.trim()
		.min(2, 'Name the place, e.g. Macquarie Street rooms.')
		.max(120, 'Keep the name under 120 characters.'),
	line1: z
		.string('Enter the street address, e.g. 135 Macquarie Street.')
		.trim()
		.min(3, 'Enter the street address, e.g. 135 Macquarie Street.')
		.max(160, 'Keep the street address under 160 characters.'),
	line2: z.string().trim().max(160, 'Keep this line under 160 characters.').default(''),
	suburb: z.string('Enter the suburb.').trim().min(2, 'Enter the suburb.').max(80, 'Keep the suburb under 80 characters.'),
	state: z.enum(AU_STATES, 'Choose a state or territory.'),
	postcode: z
		.string('A postcode is four digits, e.g. 2000.')
		.trim()
		.regex(/^\d{4}$/, 'A postcode is four digits, e.g. 2000.'),
	directions: z.string().trim().max(1000, 'Keep the directions under 1000 characters.').default('')
});
export type LocationInput = z.infer<typeof locationSchema>;

/** The fields of the location forms, in order. */
export const LOCATION_FIELDS = ['name', 'line1', 'line2', 'suburb', 'state', 'postcode', 'directions'] as const;
