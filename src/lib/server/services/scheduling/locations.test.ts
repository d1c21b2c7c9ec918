import { describe, expect, it } from 'vitest';
import { formatAddress, pickLocation } from './locations';

const macquarie = {
	id: 'macquarie',
	name: 'Macquarie Street rooms',
	line1: '135 Macquarie Street',
	line2: 'Level 4',
	suburb: 'Sydney',
	state: 'NSW',
	postcode: '2000',
	isPrimary: true,
	active: true
};
const parramatta = { ...macquarie, id: 'parramatta', name: 'Parramatta rooms', isPrimary: false };

describe('formatAddress', () => {
	it('writes the name, the level, the street, then suburb, state and postcode on one line', () => {
		expect(formatAddress(macquarie)).toBe('Macquarie Street rooms, Level 4, 135 Macquarie Street, Sydney NSW 2000');
	});

	it('leaves out an empty line and stray spaces', () => {
		expect(
			formatAddress({
				...macquarie,
				name: ' Hollywood rooms ',
				line2: '',
				line1: '95 Monash Avenue ',
				suburb: 'Nedlands',
				state: 'WA',
				postcode: '6009'
			})
		).toBe('Hollywood rooms, 95 Monash Avenue, Nedlands WA 6009');
	});
});

describe('pickLocation', () => {
	// Thursdays 8:00–17:00 in Parramatta, Mondays 9:00–17:00 at the primary location (no location named).
	const hours = [
		{ weekday: 4, startMinute: 480, endMinute: 1020, locationId: 'parramatta' },
		{ weekday: 1, startMinute: 540, endMinute: 1020, locationId: null }
	];
	const tz = 'Australia/Sydney';
	const pick = (iso: string, locations = [macquarie, parramatta]) => pickLocation(hours, locations, tz, new Date(iso))?.id ?? null;

	it('reads the weekday and minute on the clinic’s clock, daylight saving or not', () => {
		// Thursday 8:30 in Sydney: AEST (+10) before 4 October 2026, AEDT (+11) after.
		expect(pick('2026-09-30T22:30:00Z')).toBe('parramatta');
		expect(pick('2026-10-07T21:30:00Z')).toBe('parramatta');
		// 7:30 AEST on that Thursday is before the hours: the primary location.
		expect(pick('2026-09-30T21:30:00Z')).toBe('macquarie');
	});

	it('takes the range’s end as outside it, and the primary location for hours naming none', () => {
		expect(pick('2026-10-08T05:59:00Z')).toBe('parramatta'); // Thursday 16:59 AEDT
		expect(pick('2026-10-08T06:00:00Z')).toBe('macquarie'); // Thursday 17:00 AEDT
		expect(pick('2026-10-04T23:00:00Z')).toBe('macquarie'); // Monday 10:00 AEDT
	});

	it('falls back to the primary location when the hours’ location is not in use, and to none without a primary', () => {
		expect(pick('2026-10-07T21:30:00Z', [macquarie, { ...parramatta, active: false }])).toBe('macquarie');
		expect(pick('2026-10-04T23:00:00Z', [parramatta])).toBeNull();
		expect(pick('2026-10-07T21:30:00Z', [])).toBeNull();
	});
});
