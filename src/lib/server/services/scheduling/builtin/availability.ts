/**
 * The availability engine (pure functions, no I/O): weekly hours in the clinic's zone, date
 * overrides, appointment-type duration and buffers, minimum notice and horizon, minus busy
 * intervals (confirmed appointments and active holds). Used by the built-in scheduler and by the
 * fake Acuity server, so both compute availability the same way.
 *
 * SIGNATURES ONLY — implementation to be written (see the functions' docs).
 */

/** Minutes after local midnight, 0–1440. */
export interface LocalRange {
	startMinute: number;
	endMinute: number;
}

export interface WeeklyHours {
	/** ISO weekday: 1 = Monday … 7 = Sunday. */
	weekday: number;
	ranges: LocalRange[];
}

export interface DateOverride {
	/** YYYY-MM-DD in the clinic's zone. */
	date: string;
	/** Replaces that date's weekly hours; an empty list closes the day (leave). */
	ranges: LocalRange[];
}

export interface Interval {
	start: Date;
	end: Date;
}

export interface ScheduleRules {
	timeZone: string;
	weeklyHours: WeeklyHours[];
	overrides: DateOverride[];
	/** Step between candidate start times, minutes (e.g. 30). Candidates start at range start. */
	slotIntervalMinutes: number;
	minNoticeMinutes: number;
	horizonDays: number;
}

export interface SlotRequest {
	durationMinutes: number;
	paddingBeforeMinutes: number;
	paddingAfterMinutes: number;
}
