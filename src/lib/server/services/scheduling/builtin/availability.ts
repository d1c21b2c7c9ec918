/**
 * The availability engine (pure functions, no I/O): weekly hours in the clinic's zone, date
 * overrides, appointment-type duration and buffers, minimum notice and horizon, minus busy
 * intervals (confirmed appointments and active holds). Used by the built-in scheduler and by the
 * fake Acuity server, so both compute availability the same way.
 *
 * ## The rule
 *
 * For a local date D in `rules.timeZone`, the day's ranges are those of the date overrides for D
 * when there is at least one (several overrides for the same date add their ranges together; an
 * override with no ranges closes the day), otherwise none when D is a closed date (a public
 * holiday: `rules.closedOn`), otherwise those of the weekly hours of D's ISO weekday (several
 * entries for the same weekday likewise add up). An override on a closed date is an extra session. Each range is taken on its own — ranges
 * are not merged, so candidates always start at the range's own start.
 *
 * For each range [startMinute, endMinute) the candidate wall-clock times are
 * startMinute + k·slotIntervalMinutes (k = 0, 1, …) below endMinute. Every instant at which the
 * clinic's wall clock reads D at that minute is a candidate instant s (there are 0, 1 or 2 such
 * instants, see below). s is returned when all of these hold:
 *
 * 1. **Inside the range, in real time.** For the whole appointment [s, s + duration) the wall
 *    clock reads date D at a minute inside [startMinute, endMinute). Durations are real elapsed
 *    minutes, so across a clock change an appointment's wall-clock end differs from
 *    "start + duration": a slot whose real end falls after the instant the range ends is
 *    excluded, and one that really ends before it is kept.
 * 2. **Free.** The padded interval [s − paddingBefore, s + duration + paddingAfter) overlaps no
 *    busy interval. Both are half-open, so a padded slot may touch a busy interval end to start.
 *    Busy intervals are the already-padded busy time of other appointments and holds (see
 *    {@link busyIntervalOf}); empty busy intervals (end ≤ start) block nothing.
 * 3. **Notice.** s ≥ now + minNoticeMinutes.
 * 4. **Horizon.** s < now + horizonDays × 24 h (real hours, not calendar days).
 *
 * Results are sorted ascending and unique by instant (overlapping ranges may propose the same
 * instant).
 *
 * ## Daylight saving
 *
 * The engine works on the zone's real UTC offsets (from the IANA data behind `Intl`, through
 * `@internationalized/date`), so every zone works, including Australia/Lord_Howe (+10:30/+11, a
 * 30-minute shift), Australia/Adelaide (+9:30/+10:30) and Australia/Eucla (+8:45):
 *
 * - **Spring forward (a wall-clock time that does not exist)** — e.g. 02:00–02:59 in
 *   Australia/Sydney on the first Sunday of October: a candidate at such a time yields **no
 *   slot**; it is not moved to a nearby time. The range itself is shorter in real time (01:00–04:00
 *   lasts 2 real hours that day), and rule 1 applies to what remains: a range ending inside the
 *   gap ends at the moment the clock jumps.
 * - **Fall back (a wall-clock time that occurs twice)** — e.g. 02:00–02:59 in Australia/Sydney
 *   on the first Sunday of April (01:30–01:59 on Lord Howe): a candidate at such a time yields
 *   **both instants** (the 'earlier', daylight-time one first, then the 'later', standard-time
 *   one), each kept only if it passes rules 1–4 on its own. So a range covering the repeated hour
 *   is longer in real time (01:00–04:00 lasts 4 real hours), and a range *ending* inside the
 *   repeated hour (say 01:00–02:30) is two pieces — 01:00–02:30 daylight time and 02:00–02:30
 *   standard time — because for the half hour between them the clock shows 02:30–02:59, which is
 *   outside the range; an appointment must fit inside one piece.
 *
 * Offsets are sampled every {@link OFFSET_SAMPLE_MS} ms and each change is found exactly by
 * bisection; a zone that changed offset twice within that span would lose the pair (no zone in
 * the IANA database does so in modern times).
 */
import { CalendarDate, fromAbsolute, getDayOfWeek } from '@internationalized/date';
import {
	DAY_MS,
	instantMs,
	instantsAtWall,
	MINUTE_MS,
	parseIsoDate,
	requireFinite,
	requireMinutes,
	wallMs,
	wallPieces,
	WINDOW_AFTER_MS,
	WINDOW_BEFORE_MS,
	zoneSegments,
	type Interval,
	type Piece,
	type Segment
} from './zone-clock';

export { busyIntervalOf, dayBoundsUtc, localParts, OFFSET_SAMPLE_MS, type Interval } from './zone-clock';

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

export interface ScheduleRules {
	timeZone: string;
	weeklyHours: WeeklyHours[];
	overrides: DateOverride[];
	/** Dates closed unless an override opens them (public holidays); none when absent. */
	closedOn?: (date: string) => boolean;
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

// ---------------------------------------------------------------------------------------------
// Availability
// ---------------------------------------------------------------------------------------------

/**
 * The start times available on local date `date` (YYYY-MM-DD in `rules.timeZone`), ascending and
 * unique. See the module comment for the rule and its daylight-saving behaviour.
 *
 * @throws RangeError on an invalid date, zone, rule or request (non-integer or negative minutes,
 *   a zero slot interval, a range outside 0–1440 or ending before it starts, a weekday outside
 *   1–7, an invalid `now` or busy instant).
 */
export function availableTimes(rules: ScheduleRules, request: SlotRequest, date: string, busy: Interval[], now: Date): Date[] {
	const day = parseIsoDate(date);
	const engine = new Engine(rules, request, busy, now);
	const wallMidnight = wallMs(day, 0);
	const segments = zoneSegments(rules.timeZone, wallMidnight - WINDOW_BEFORE_MS, wallMidnight + WINDOW_AFTER_MS);
	return engine.slots(day, segments, Number.POSITIVE_INFINITY).map((ms) => new Date(ms));
}

/**
 * The dates (YYYY-MM-DD, ascending) of `month` (YYYY-MM) in `rules.timeZone` that have at least
 * one available time, i.e. those for which {@link availableTimes} would return a non-empty list.
 */
export function availableDates(rules: ScheduleRules, request: SlotRequest, month: string, busy: Interval[], now: Date): string[] {
	const match = /^(\d{4})-(\d{2})$/.exec(month);
	if (!match) throw new RangeError(`Invalid month (expected YYYY-MM): ${month}`);
	const first = parseIsoDate(`${month}-01`);
	const engine = new Engine(rules, request, busy, now);
	const days: CalendarDate[] = [];
	for (let day = first; day.month === first.month; day = day.add({ days: 1 })) days.push(day);
	const last = days[days.length - 1] ?? first;
	// One scan of the zone's offsets covers the whole month.
	const segments = zoneSegments(rules.timeZone, wallMs(first, 0) - WINDOW_BEFORE_MS, wallMs(last, 0) + WINDOW_AFTER_MS);
	return days.filter((day) => engine.slots(day, segments, 1).length > 0).map((day) => day.toString());
}

/** Rules, request, busy time and notice/horizon, validated and prepared once per call. */
class Engine {
	private readonly timeZone: string;
	private readonly weekly = new Map<number, LocalRange[]>();
	private readonly overrides = new Map<string, LocalRange[]>();
	private readonly closedOn: (date: string) => boolean;
	private readonly intervalMs: number;
	private readonly durationMs: number;
	private readonly paddingBeforeMs: number;
	private readonly paddingAfterMs: number;
	private readonly earliest: number;
	private readonly latest: number;
	private readonly busy: BusyIndex;

	constructor(rules: ScheduleRules, request: SlotRequest, busy: Interval[], now: Date) {
		this.timeZone = rules.timeZone;
		fromAbsolute(0, rules.timeZone); // throws RangeError on an unknown zone
		requireMinutes(rules.slotIntervalMinutes, 'slotIntervalMinutes', 1);
		requireFinite(rules.minNoticeMinutes, 'minNoticeMinutes');
		requireFinite(rules.horizonDays, 'horizonDays');
		requireMinutes(request.durationMinutes, 'durationMinutes', 1);
		requireMinutes(request.paddingBeforeMinutes, 'paddingBeforeMinutes', 0);
		requireMinutes(request.paddingAfterMinutes, 'paddingAfterMinutes', 0);
		for (const entry of rules.weeklyHours) {
			if (!Number.isInteger(entry.weekday) || entry.weekday < 1 || entry.weekday > 7) {
				throw new RangeError(`Invalid ISO weekday: ${entry.weekday}`);
			}
			addRanges(this.weekly, entry.weekday, entry.ranges);
		}
		for (const entry of rules.overrides) addRanges(this.overrides, parseIsoDate(entry.date).toString(), entry.ranges);
		this.closedOn = rules.closedOn ?? (() => false);

		this.intervalMs = rules.slotIntervalMinutes * MINUTE_MS;
		this.durationMs = request.durationMinutes * MINUTE_MS;
		this.paddingBeforeMs = request.paddingBeforeMinutes * MINUTE_MS;
		this.paddingAfterMs = request.paddingAfterMinutes * MINUTE_MS;
		const nowMs = instantMs(now, 'now');
		this.earliest = nowMs + rules.minNoticeMinutes * MINUTE_MS;
		this.latest = nowMs + rules.horizonDays * DAY_MS;
		this.busy = new BusyIndex(busy);
	}

	/** The day's ranges: its overrides if any, else none on a closed date, else its ISO weekday's weekly hours. */
	private rangesOf(day: CalendarDate): LocalRange[] {
		const override = this.overrides.get(day.toString());
		if (override) return override;
		if (this.closedOn(day.toString())) return [];
		const isoWeekday = getDayOfWeek(day, 'en-AU', 'mon') + 1;
		return this.weekly.get(isoWeekday) ?? [];
	}

	/**
	 * The available instants (epoch ms) on `day`, ascending and unique, stopping once `limit` are
	 * found (then not necessarily the earliest ones). `segments` must cover the day's window.
	 */
	slots(day: CalendarDate, segments: Segment[], limit: number): number[] {
		const found = new Set<number>();
		const wallMidnight = wallMs(day, 0);
		for (const range of this.rangesOf(day)) {
			const wallStart = wallMidnight + range.startMinute * MINUTE_MS;
			const wallEnd = wallMidnight + range.endMinute * MINUTE_MS;
			const pieces = wallPieces(segments, wallStart, wallEnd);
			if (pieces.length === 0) continue;
			for (let wall = wallStart; wall < wallEnd; wall += this.intervalMs) {
				for (const start of instantsAtWall(segments, wall)) {
					if (found.has(start) || !this.fits(start, pieces)) continue;
					found.add(start);
					if (found.size >= limit) return [...found].sort((a, b) => a - b);
				}
			}
		}
		return [...found].sort((a, b) => a - b);
	}

	private fits(start: number, pieces: Piece[]): boolean {
		if (start < this.earliest || start >= this.latest) return false;
		const end = start + this.durationMs;
		// `start` reads a wall-clock minute inside the range, so exactly one piece holds it.
		const piece = pieces.find((p) => p.start <= start && start < p.end);
		if (!piece || end > piece.end) return false;
		return !this.busy.overlaps(start - this.paddingBeforeMs, end + this.paddingAfterMs);
	}
}

function addRanges<K>(into: Map<K, LocalRange[]>, key: K, ranges: LocalRange[]): void {
	for (const range of ranges) {
		requireMinutes(range.startMinute, 'startMinute', 0, 1440);
		requireMinutes(range.endMinute, 'endMinute', 0, 1440);
		if (range.endMinute < range.startMinute) {
			throw new RangeError(`Range ends (${range.endMinute}) before it starts (${range.startMinute})`);
		}
	}
	into.set(key, [...(into.get(key) ?? []), ...ranges]);
}

/**
 * Busy intervals sorted by start with the running maximum of their ends, so "does [a, b) overlap
 * any of them" is one binary search: among those starting before b, does the latest end pass a?
 */
class BusyIndex {
	private readonly starts: number[] = [];
	private readonly maxEnds: number[] = [];

	constructor(busy: Interval[]) {
		const intervals = busy
			.map((b) => ({ start: instantMs(b.start, 'busy start'), end: instantMs(b.end, 'busy end') }))
			.filter((b) => b.end > b.start)
			.sort((a, b) => a.start - b.start);
		let maxEnd = Number.NEGATIVE_INFINITY;
		for (const b of intervals) {
			maxEnd = Math.max(maxEnd, b.end);
			this.starts.push(b.start);
			this.maxEnds.push(maxEnd);
		}
	}

	/** Whether half-open [start, end) overlaps any busy interval. */
	overlaps(start: number, end: number): boolean {
		let lo = 0;
		let hi = this.starts.length; // count of busy intervals starting before `end`
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if ((this.starts[mid] ?? Number.POSITIVE_INFINITY) < end) lo = mid + 1;
			else hi = mid;
		}
		return lo > 0 && (this.maxEnds[lo - 1] ?? Number.NEGATIVE_INFINITY) > start;
	}
}
