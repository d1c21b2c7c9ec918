/** The demo catalogue: three specialists in three time zones, four exam types, one intake form. */
import type { DemoCatalogue, FakeAcuity } from './types';

export function seedDemo(seed: Pick<FakeAcuity['seed'], 'calendar' | 'appointmentType' | 'form'>): DemoCatalogue {
	const sydney = seed.calendar({
		name: 'Dr Amelia Hart — Orthopaedic Surgeon',
		email: 'a.hart@clinic.example',
		description: 'Orthopaedic surgeon: spine, upper and lower limb.',
		location: 'Level 4, 135 Macquarie Street, Sydney NSW 2000',
		timezone: 'Australia/Sydney',
		minNoticeMinutes: 24 * 60
	});
	const adelaide = seed.calendar({
		name: 'Dr Rohan Mehta — Consultant Psychiatrist',
		email: 'r.mehta@clinic.example',
		description: 'Consultant psychiatrist: PTSD, adjustment and mood disorders.',
		location: '22 Pulteney Street, Adelaide SA 5000',
		timezone: 'Australia/Adelaide',
		minNoticeMinutes: 24 * 60,
		weeklyHours: [1, 2, 3, 4].map((weekday) => ({ weekday, ranges: [{ startMinute: 8 * 60 + 30, endMinute: 16 * 60 + 30 }] }))
	});
	const brisbane = seed.calendar({
		name: 'Dr Grace Nguyen — Occupational Physician',
		email: 'g.nguyen@clinic.example',
		description: 'Occupational physician: workplace injury, fitness for work.',
		location: '300 Queen Street, Brisbane QLD 4000',
		timezone: 'Australia/Brisbane',
		minNoticeMinutes: 24 * 60,
		weeklyHours: [2, 3, 4, 5].map((weekday) => ({
			weekday,
			ranges: [
				{ startMinute: 8 * 60, endMinute: 12 * 60 },
				{ startMinute: 13 * 60, endMinute: 16 * 60 }
			]
		}))
	});
	const all = [sydney.id, adelaide.id, brisbane.id];
	const ime = seed.appointmentType({
		name: 'Independent Medical Examination — in person',
		description: 'Face-to-face examination with history, examination and a written report.',
		duration: 60,
		price: '1650.00',
		category: 'IME',
		paddingAfter: 15,
		calendarIDs: all
	});
	const telehealth = seed.appointmentType({
		name: 'Independent Medical Examination — telehealth (video)',
		description: 'Examination by video call; a link is sent before the appointment.',
		duration: 60,
		price: '1450.00',
		category: 'IME',
		calendarIDs: [sydney.id, adelaide.id]
	});
	const fileReview = seed.appointmentType({
		name: 'File review',
		description: 'Opinion on the file without examining the person.',
		duration: 30,
		price: '880.00',
		category: 'File review',
		calendarIDs: all
	});
	const supplementary = seed.appointmentType({
		name: 'Supplementary report',
		description: 'A further report answering new questions after an earlier examination.',
		duration: 45,
		price: '990.50',
		category: 'Supplementary',
		calendarIDs: all
	});
	const form = seed.form({
		name: 'Referral details',
		description: 'Details of the referral, entered by the referrer.',
		appointmentTypeIDs: [ime.id, telehealth.id, fileReview.id, supplementary.id],
		fields: [
			{ name: 'Claim number', type: 'textbox', required: true },
			{ name: 'Injury description', type: 'textarea' },
			{ name: 'Interpreter required', type: 'yesno' },
			{ name: 'Jurisdiction', type: 'dropdown', options: ['NSW', 'VIC', 'QLD', 'SA', 'WA', 'TAS', 'ACT', 'NT', 'Commonwealth'] }
		]
	});
	return { calendars: { sydney, adelaide, brisbane }, types: { ime, telehealth, fileReview, supplementary }, form };
}
