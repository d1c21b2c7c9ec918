import { describe, expect, it } from 'vitest';
import {
	addDays,
	formatAppointment,
	formatAud,
	formatDate,
	formatDateTime,
	formatDayAndTime,
	formatDayOfMonth,
	formatForNotice,
	formatLongDate,
	formatMonth,
	formatShortDate,
	formatShortDateTime,
	formatTime,
	timeInZones,
	todayIn,
	zoneName
} from './format';

// 9:30 am on Friday 27 November 2026 in Sydney (daylight time, UTC+11).
const at = new Date('2026-11-26T22:30:00Z');

describe('format', () => {
	it('writes an instant in the zone it is given, the service zone by default', () => {
		expect(formatDateTime(at)).toBe('27 Nov 2026, 9:30 am');
		expect(formatDateTime(at.toISOString(), 'Australia/Perth')).toBe('27 Nov 2026, 6:30 am');
		expect(formatDate(at)).toBe('27 Nov 2026');
		expect(formatDate(at, 'UTC')).toBe('26 Nov 2026');
		expect(formatDateTime(null)).toBe('—');
		expect(formatDate(undefined)).toBe('—');
	});

	it('names the zone of an appointment, including half-hour and Lord Howe zones', () => {
		expect(formatAppointment(at, 'Australia/Adelaide')).toBe('Friday 27 November 2026 at 9:00 am ACDT');
		expect(formatForNotice(at, 'Australia/Lord_Howe')).toBe('Friday, 27 November 2026 at 9:30 am (Lord Howe time)');
		expect(formatShortDateTime(at, 'Australia/Perth')).toBe('Fri, 27 Nov, 6:30 am');
		expect(formatDayAndTime(at, 'Australia/Brisbane')).toBe('Friday 27 November at 8:30 am');
		expect(formatTime(at, 'Australia/Sydney')).toBe('9:30 am');
		expect(zoneName('Australia/Lord_Howe')).toBe('Lord Howe');
		expect(zoneName('Australia/Sydney')).toBe('Sydney');
	});

	it('writes calendar dates without shifting them by a zone', () => {
		expect(formatDayOfMonth('2026-11-26')).toBe('Thursday 26 November');
		expect(formatLongDate('2026-11-26')).toBe('26 November 2026');
		expect(formatLongDate('')).toBe('—');
		expect(formatShortDate('2026-01-01')).toBe('Thu, 1 Jan 2026');
		expect(formatMonth('2026-11')).toBe('November 2026');
	});

	it('adds days to a calendar date across daylight-saving changes, month ends and leap years', () => {
		expect(addDays('2026-10-03', 1)).toBe('2026-10-04'); // Sydney's clocks go forward on 4 October 2026
		expect(addDays('2026-04-05', 1)).toBe('2026-04-06'); // and back on 5 April 2026
		expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
		expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
		expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
	});

	it("knows today's date in a zone", () => {
		expect(todayIn('Australia/Sydney')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
		expect(todayIn('Pacific/Kiritimati') >= todayIn('Pacific/Pago_Pago')).toBe(true);
	});

	it('writes Australian dollars from cents', () => {
		expect(formatAud(165000)).toBe('$1,650.00');
		expect(formatAud(5)).toBe('$0.05');
	});

	it('answers a time asked for again the same, whatever the caller did with the first answer', () => {
		const first = timeInZones(at, 'Australia/Perth', 'Australia/Sydney', 'list');
		expect(first).toEqual({ first: 'Fri, 27 Nov 2026, 6:30 am AWST', beside: '9:30 am in Sydney' });
		first.first = 'changed';
		first.beside = null;
		expect(timeInZones(at, 'Australia/Perth', 'Australia/Sydney', 'list')).toEqual({
			first: 'Fri, 27 Nov 2026, 6:30 am AWST',
			beside: '9:30 am in Sydney'
		});
		// Another style, zone or instant is its own answer.
		expect(timeInZones(at, 'Australia/Perth', 'Australia/Sydney', 'short')).toEqual({
			first: 'Fri, 27 Nov, 6:30 am AWST',
			beside: '9:30 am in Sydney'
		});
		expect(timeInZones(at, 'Australia/Sydney', 'Australia/Sydney', 'list')).toEqual({
			first: 'Fri, 27 Nov 2026, 9:30 am AEDT',
			beside: null
		});
		expect(timeInZones(at.toISOString(), 'Australia/Perth', null, 'list')).toEqual({
			first: 'Fri, 27 Nov 2026, 6:30 am AWST',
			beside: null
		});
		expect(timeInZones(new Date(at.getTime() + 3_600_000), 'Australia/Perth', 'Australia/Sydney', 'list').first).toBe(
			'Fri, 27 Nov 2026, 7:30 am AWST'
		);
	});
});
