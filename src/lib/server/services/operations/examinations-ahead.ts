/**
 * The dashboard's "today and tomorrow": every examination held on those two days, soonest first,
 * with no more about the examinee than their initials. "Today" is the Sydney calendar day
 * (Australia/Sydney, where the clinic's desk works), whatever the server's zone; each time is shown
 * in its booking's own clinic zone (booking.clinic_time_zone).
 *
 * The examinee is decrypted here, only for the rows shown, to derive initials and (before the
 * logistics are saved) whether an interpreter comes; nothing else of it leaves this function and
 * none of it is logged. Saved logistics carry a plain interpreter flag (booking_logistics
 * .interpreter_needed), so their sealed values are never opened for this list.
 */
import { fromDate } from '@internationalized/date';
import type { Executor } from '../../db/client';
import { examinationsBetween } from '../../repositories/operations.repository';
import type { Examinee } from '../../../schemas/booking';
import { openExaminee } from '../booking/examinee';
import type { Cipher } from '../crypto/cipher';

export const DESK_TIME_ZONE = 'Australia/Sydney';
/** More than a clinic holds in two days; the calendar has the rest. */
export const AHEAD_LIMIT = 100;

export interface ExaminationAhead {
	id: string;
	reference: string;
	startsAt: Date;
	clinicTimeZone: string;
	day: 'today' | 'tomorrow';
	specialistName: string;
	mode: 'in_person' | 'telehealth';
	interpreter: boolean;
	/** e.g. "J S"; empty when the details cannot be opened. */
	initials: string;
}

/** The first letter of the first given name and of the family name ("Zoë-Anne de Silva" → "Z D"). */
export function initialsOf(e: Pick<Examinee, 'givenNames' | 'familyName'>): string {
	const first = (s: string) => Array.from(s.trim())[0]?.toLocaleUpperCase('en-AU') ?? '';
	return [first(e.givenNames), first(e.familyName)].filter(Boolean).join(' ');
}

/** Midnight today, tomorrow and the day after in the desk's zone. */
export function deskDays(at: Date) {
	const today = fromDate(at, DESK_TIME_ZONE).set({ hour: 0, minute: 0, second: 0, millisecond: 0 });
	return { today: today.toDate(), tomorrow: today.add({ days: 1 }).toDate(), dayAfter: today.add({ days: 2 }).toDate() };
}

export async function examinationsAhead(db: Executor, cipher: Cipher, at = new Date()): Promise<ExaminationAhead[]> {
	const days = deskDays(at);
	const rows = await examinationsBetween(db, days.today, days.dayAfter, AHEAD_LIMIT);
	return rows.map((r) => {
		let examinee: Pick<Examinee, 'givenNames' | 'familyName' | 'interpreter'> | null = null;
		try {
			examinee = openExaminee(cipher, r.examineeEncrypted);
		} catch {
			// A value sealed under a retired key: the row still shows, without initials.
		}
		return {
			id: r.id,
			reference: r.reference,
			startsAt: r.startsAt,
			clinicTimeZone: r.clinicTimeZone,
			day: r.startsAt < days.tomorrow ? 'today' : 'tomorrow',
			specialistName: r.specialistName,
			mode: r.mode === 'telehealth' ? 'telehealth' : 'in_person',
			interpreter: r.interpreterNeeded ?? examinee?.interpreter === 'yes',
			initials: examinee ? initialsOf(examinee) : ''
		};
	});
}
