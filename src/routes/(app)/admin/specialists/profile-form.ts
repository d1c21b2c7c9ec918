/** A specialist's profile form as the procedure's input (checkboxes are "on" or absent). */
import type { SpecialistProfile } from '$lib/schemas/specialist';
import { one } from '$lib/server/forms';

export function profileFrom(f: Record<string, string | string[]>): SpecialistProfile {
	return {
		displayName: one(f.displayName),
		title: one(f.title),
		specialty: one(f.specialty),
		registrationNumber: one(f.registrationNumber),
		location: one(f.location),
		state: one(f.state) as SpecialistProfile['state'],
		timeZone: one(f.timeZone) as SpecialistProfile['timeZone'],
		modes: ([] as string[]).concat(f.modes ?? []) as SpecialistProfile['modes'],
		displayOrder: Number(one(f.displayOrder) || 0),
		active: f.active === undefined ? true : one(f.active) === 'on'
	};
}
