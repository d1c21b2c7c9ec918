import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { examineeSchema } from './schemas/booking';
import { bookingListInput, filtersFromSearchParams } from './schemas/booking-filters';
import { readForm } from './server/forms';
import { isoFromTyped, readTypedDate, typedFromIso } from './date-input';

/** Any real calendar date from year 1000 to 2999, as yyyy-mm-dd. */
const isoDate = fc
	.date({ min: new Date(Date.UTC(1000, 0, 1)), max: new Date(Date.UTC(2999, 11, 31)), noInvalidDate: true })
	.map((d) => d.toISOString().slice(0, 10));

const post = (fields: [string, string][]) => {
	const body = new FormData();
	for (const [k, v] of fields) body.append(k, v);
	return new Request('http://localhost/form', { method: 'POST', body });
};

const examinee = {
	givenNames: 'Alex',
	familyName: 'Example',
	phone: '0412 345 678',
	email: '',
	address: '1 Test Street, Sydney NSW 2000',
	interpreter: 'no'
};

describe('typed dates', () => {
	it('goes from ISO to dd/mm/yyyy and back to the same ISO date', () => {
		fc.assert(
			fc.property(isoDate, (iso) => {
				const typed = typedFromIso(iso);
				expect(typed).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
				expect(isoFromTyped(typed)).toBe(iso);
				expect(isoFromTyped(iso)).toBe(iso);
			})
		);
	});

	it('reads one-digit days and months, other separators and spaces around', () => {
		expect(isoFromTyped('3/2/1971')).toBe('1971-02-03');
		expect(isoFromTyped(' 03.02.1971 ')).toBe('1971-02-03');
		expect(isoFromTyped('29-02-2024')).toBe('2024-02-29');
	});

	it('refuses what is not a day of the calendar', () => {
		for (const text of [
			'31/02/2024',
			'29/02/2023',
			'00/01/2024',
			'12/13/2024',
			'31/04/2027',
			'2024-02-31',
			'2024-13-01',
			'',
			'soon',
			'3/2/71'
		])
			expect(isoFromTyped(text), text).toBeNull();
		expect(typedFromIso('2024-02-31')).toBe('');
		expect(typedFromIso('03/02/1971')).toBe('');
	});

	it('hands a date that is not one to the schema as text no ISO schema accepts', () => {
		expect(readTypedDate('31/02/2024')).toBe('31/02/2024');
		expect(readTypedDate('2024-02-31')).toBe('31/02/2024');
		expect(readTypedDate('soon')).toBe('soon');
		expect(readTypedDate('3/2/1971')).toBe('1971-02-03');
	});
});

describe('a form with a date typed before the field was hydrated', () => {
	it('arrives as the ISO date under the field’s own name', async () => {
		const form = await readForm(
			post([
				['dateOfBirth.dmy', '03/02/1971'],
				['dateOfInjury.dmy', '']
			])
		);
		expect(form).toEqual({ dateOfBirth: '1971-02-03', dateOfInjury: '' });
		expect(examineeSchema.parse({ ...examinee, ...form }).dateOfBirth).toBe('1971-02-03');
	});

	it('keeps the hydrated field’s ISO value when both arrive', async () => {
		expect(
			await readForm(
				post([
					['date', '2027-01-26'],
					['date.dmy', '01/01/2020']
				])
			)
		).toEqual({ date: '2027-01-26' });
	});

	it('leaves a field that is not a date field alone, even when it looks like a date', async () => {
		expect(await readForm(post([['q_1', '3/2/1971']]))).toEqual({ q_1: '3/2/1971' });
	});

	it('refuses 31/02/2024 with the field named, whichever way it was typed', async () => {
		for (const typed of ['31/02/2024', '2024-02-31']) {
			const form = await readForm(post([['dateOfBirth.dmy', typed]]));
			const parsed = examineeSchema.safeParse({ ...examinee, ...form });
			expect(parsed.success).toBe(false);
			const issue = parsed.error!.issues.find((i) => i.path[0] === 'dateOfBirth');
			expect(issue?.message).toBe('Enter the date of birth as a date.');
		}
	});
});

describe('the bookings list’s date filters', () => {
	it('reads dd/mm/yyyy and ISO, in the field’s name or its typed name', () => {
		const read = (query: string) => bookingListInput.parse(filtersFromSearchParams(new URLSearchParams(query)));
		expect(read('from=2020-01-01&to=2020-01-31')).toMatchObject({ from: '2020-01-01', to: '2020-01-31' });
		expect(read('from=01/01/2020&to=31/01/2020')).toMatchObject({ from: '2020-01-01', to: '2020-01-31' });
		expect(read('from.dmy=1/1/2020&to.dmy=31/01/2020')).toMatchObject({ from: '2020-01-01', to: '2020-01-31' });
	});

	it('refuses 31/02/2024 naming the first date', () => {
		const parsed = bookingListInput.safeParse(filtersFromSearchParams(new URLSearchParams('from.dmy=31/02/2024')));
		expect(parsed.success).toBe(false);
		expect(parsed.error!.issues[0]).toMatchObject({ path: ['from'], message: 'Enter the first date as a date, e.g. 14/03/2027.' });
	});
});
