/** Lookups and availability: free times from each calendar's hours minus appointments and blocks. */
import {
	availableDates as engineDates,
	availableTimes as engineTimes,
	busyIntervalOf,
	type Interval,
	type ScheduleRules
} from '../../services/scheduling/builtin/availability';
import { addDays, datesOfMonth, isTimeZone, localDate, parseAcuityDateTime } from '../../services/scheduling/acuity/datetime';
import { bad, str, toId, type FakeContext } from './context';
import type { FakeAppointmentType, FakeCalendar } from './types';

export type Catalogue = ReturnType<typeof createCatalogue>;

export function createCatalogue(ctx: FakeContext) {
	const { state, now } = ctx;

	// --- lookups -----------------------------------------------------------------------------

	const calendarById = (id: number) => state.calendars.find((c) => c.id === id);
	const typeById = (id: number) => state.appointmentTypes.find((t) => t.id === id);
	const appointmentById = (id: number) => state.appointments.find((a) => a.id === id);

	function requireType(raw: unknown): FakeAppointmentType {
		if (raw === undefined || raw === null || raw === '') throw bad('required_appointment_type_id', 'appointmentTypeID is required.');
		const id = toId(raw);
		const type = id === null ? undefined : typeById(id);
		if (!type) throw bad('invalid_appointment_type', `The appointment type "${str(raw)}" does not exist.`);
		return type;
	}

	function requireCalendar(raw: unknown, type: FakeAppointmentType): FakeCalendar {
		const id = toId(raw);
		const calendar = id === null ? undefined : calendarById(id);
		if (!calendar) throw bad('invalid_calendar', `The calendar "${str(raw)}" does not exist.`);
		if (!type.calendarIDs.includes(calendar.id))
			throw bad('invalid_calendar', `The calendar "${calendar.id}" does not offer appointment type "${type.id}".`);
		return calendar;
	}

	/** The calendar asked for, or every calendar of the type when none is. */
	function calendarsFor(type: FakeAppointmentType, rawCalendar: unknown): FakeCalendar[] {
		if (rawCalendar !== undefined && rawCalendar !== null && rawCalendar !== '') return [requireCalendar(rawCalendar, type)];
		return type.calendarIDs.map(calendarById).filter((c): c is FakeCalendar => Boolean(c));
	}

	// --- availability --------------------------------------------------------------------------

	const rulesOf = (c: FakeCalendar): ScheduleRules => ({
		timeZone: c.timezone,
		weeklyHours: c.weeklyHours,
		overrides: c.overrides,
		slotIntervalMinutes: c.slotIntervalMinutes,
		minNoticeMinutes: c.minNoticeMinutes,
		horizonDays: c.horizonDays
	});
	const requestOf = (t: FakeAppointmentType) => ({
		durationMinutes: t.duration,
		paddingBeforeMinutes: t.paddingBefore,
		paddingAfterMinutes: t.paddingAfter
	});

	function busyOf(calendar: FakeCalendar, ignore: ReadonlySet<number>): Interval[] {
		const busy: Interval[] = [];
		for (const a of state.appointments) {
			if (a.calendarID !== calendar.id || a.canceled || ignore.has(a.id)) continue;
			const t = typeById(a.appointmentTypeID);
			busy.push(busyIntervalOf(a.startsAt, a.duration, t?.paddingBefore ?? 0, t?.paddingAfter ?? 0));
		}
		for (const b of state.blocks) if (b.calendarID === calendar.id) busy.push({ start: b.start, end: b.end });
		return busy;
	}

	/** Free start times on the calendar's own local date. */
	const timesOnClinicDate = (c: FakeCalendar, t: FakeAppointmentType, date: string, ignore: ReadonlySet<number>) =>
		engineTimes(rulesOf(c), requestOf(t), date, busyOf(c, ignore), now());

	/** Free start times whose local date in `zone` is `date`. */
	function timesOn(c: FakeCalendar, t: FakeAppointmentType, date: string, zone: string, ignore: ReadonlySet<number>): Date[] {
		if (zone === c.timezone) return timesOnClinicDate(c, t, date, ignore);
		return [addDays(date, -1), date, addDays(date, 1)]
			.flatMap((d) => timesOnClinicDate(c, t, d, ignore))
			.filter((s) => localDate(s, zone) === date);
	}

	function datesIn(c: FakeCalendar, t: FakeAppointmentType, month: string, zone: string): string[] {
		if (zone === c.timezone) return engineDates(rulesOf(c), requestOf(t), month, busyOf(c, new Set()), now());
		const days = datesOfMonth(month);
		const clinicDays = [addDays(days[0]!, -1), ...days, addDays(days[days.length - 1]!, 1)];
		const found = new Set<string>();
		for (const d of clinicDays)
			for (const s of timesOnClinicDate(c, t, d, new Set())) {
				const local = localDate(s, zone);
				if (local.startsWith(month)) found.add(local);
			}
		return [...found].sort();
	}

	function isAvailable(c: FakeCalendar, t: FakeAppointmentType, startsAt: Date, ignore: ReadonlySet<number> = new Set()) {
		const ms = startsAt.getTime();
		return timesOnClinicDate(c, t, localDate(startsAt, c.timezone), ignore).some((s) => s.getTime() === ms);
	}

	/** Admin bookings skip availability but never double-book: the raw appointment times must not overlap. */
	function overlapsAppointment(c: FakeCalendar, startsAt: Date, duration: number, exceptId?: number) {
		const start = startsAt.getTime();
		const end = start + duration * 60_000;
		return state.appointments.some(
			(a) =>
				a.calendarID === c.id &&
				!a.canceled &&
				a.id !== exceptId &&
				a.startsAt.getTime() < end &&
				start < a.startsAt.getTime() + a.duration * 60_000
		);
	}

	function zoneParam(raw: string | null, fallback: string): string {
		if (!raw) return fallback;
		if (!isTimeZone(raw)) throw bad('invalid_timezone', `The timezone "${raw}" is not valid.`);
		return raw;
	}

	function parseDateTimeParam(raw: unknown, zone: string): Date {
		if (raw === undefined || raw === null || raw === '') throw bad('required_datetime', 'datetime is required.');
		const d = parseAcuityDateTime(str(raw), zone);
		if (!d) throw bad('invalid_datetime', `The datetime "${str(raw)}" is not valid.`);
		return d;
	}

	return {
		calendarById,
		typeById,
		appointmentById,
		requireType,
		requireCalendar,
		calendarsFor,
		timesOn,
		datesIn,
		isAvailable,
		overlapsAppointment,
		zoneParam,
		parseDateTimeParam
	};
}
