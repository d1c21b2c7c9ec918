/**
 * Local dates and wall-clock times in a zone, as instants: the zone's real UTC offsets (the IANA
 * data behind `Intl`, through `@internationalized/date`), each offset change found exactly. The
 * pure helpers the availability engine (availability.ts) is built on; see its module comment for
 * how gaps and repeated hours are treated.
 *
 * Offsets are sampled every {@link OFFSET_SAMPLE_MS} ms and each change is found exactly by
 * bisection; a zone that changed offset twice within that span would lose the pair (no zone in
 * the IANA database does so in modern times).
 */
import { CalendarDate, fromAbsolute, fromDate, parseDate, toCalendarDate } from '@internationalized/date';

export interface Interval {
	start: Date;
	end: Date;
}

export const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
/** How often the zone's offset is sampled while looking for offset changes. */
export const OFFSET_SAMPLE_MS = 3 * HOUR_MS;
/** UTC offsets range from −12:00 to +14:00; an hour more each side is a safe margin. */
export const WINDOW_BEFORE_MS = 15 * HOUR_MS;
export const WINDOW_AFTER_MS = DAY_MS + 13 * HOUR_MS;

// ---------------------------------------------------------------------------------------------
// Public helpers
// ---------------------------------------------------------------------------------------------

/**
 * The busy time an appointment (or hold) starting at `startsAt` occupies, padding included:
 * [startsAt − paddingBefore, startsAt + duration + paddingAfter), half-open.
 */
export function busyIntervalOf(
	startsAt: Date,
	durationMinutes: number,
	paddingBeforeMinutes: number,
	paddingAfterMinutes: number
): Interval {
	const start = instantMs(startsAt, 'startsAt');
	requireMinutes(durationMinutes, 'durationMinutes', 0);
	requireMinutes(paddingBeforeMinutes, 'paddingBeforeMinutes', 0);
	requireMinutes(paddingAfterMinutes, 'paddingAfterMinutes', 0);
	return {
		start: new Date(start - paddingBeforeMinutes * MINUTE_MS),
		end: new Date(start + (durationMinutes + paddingAfterMinutes) * MINUTE_MS)
	};
}

/**
 * The local date (YYYY-MM-DD) and minute after local midnight (0–1439) of `instant` in
 * `timeZone`. Seconds are dropped. In a repeated hour both instants give the same answer.
 */
export function localParts(instant: Date, timeZone: string): { date: string; minute: number } {
	const zoned = fromDate(new Date(instantMs(instant, 'instant')), timeZone);
	return { date: toCalendarDate(zoned).toString(), minute: zoned.hour * 60 + zoned.minute };
}

/**
 * Where the local date `date` starts and ends in `timeZone`: `start` is the first instant whose
 * local date is `date` (local midnight, or the end of the gap when midnight is skipped), `end`
 * the instant just after the last one (normally the next local midnight). The day is
 * 24 h long, 23 h or 25 h on Sydney's change days, 23.5 h or 24.5 h on Lord Howe's. A date
 * skipped entirely (Pacific/Apia, 2011-12-30) gives an empty interval at the jump.
 *
 * To fetch the busy intervals that can affect that date's slots, query busy time overlapping
 * [start − paddingBefore, end + durationMinutes + paddingAfter) — slots start inside the day but
 * their padded intervals reach beyond it.
 */
export function dayBoundsUtc(date: string, timeZone: string): Interval {
	// The zone's rules do not change while the process runs: each (date, zone) is worked out once
	// (about twenty offset look-ups through Intl, ~0.2 ms), e.g. once per day of a page of times.
	const key = `${date}|${timeZone}`;
	let bounds = dayBoundsMemo.get(key);
	if (!bounds) {
		bounds = computeDayBounds(date, timeZone);
		if (dayBoundsMemo.size >= DAY_BOUNDS_MEMO_MAX) dayBoundsMemo.clear();
		dayBoundsMemo.set(key, bounds);
	}
	return { start: new Date(bounds.start), end: new Date(bounds.end) };
}

const DAY_BOUNDS_MEMO_MAX = 20_000;
const dayBoundsMemo = new Map<string, Piece>();

function computeDayBounds(date: string, timeZone: string): Piece {
	const day = parseIsoDate(date);
	const wallMidnight = wallMs(day, 0);
	const segments = zoneSegments(timeZone, wallMidnight - WINDOW_BEFORE_MS, wallMidnight + WINDOW_AFTER_MS);
	const pieces = wallPieces(segments, wallMidnight, wallMidnight + DAY_MS);
	const first = pieces[0];
	const last = pieces[pieces.length - 1];
	if (first && last) return { start: first.start, end: last.end };
	// The whole date was skipped: the empty interval sits where the clock jumped over it.
	const jump = firstInstantAtOrAfterWall(segments, wallMidnight);
	return { start: jump, end: jump };
}

// ---------------------------------------------------------------------------------------------
// Wall clock ↔ instants
//
// A "wall" value is a local date-time written as if it were UTC epoch ms (Date.UTC of the
// wall-clock fields); within a span of constant offset, wall = instant + offset.
// ---------------------------------------------------------------------------------------------

/** A half-open span of instants [start, end) (epoch ms) with a constant UTC offset (ms). */
export interface Segment {
	start: number;
	end: number;
	offset: number;
}

/** A half-open span of instants [start, end) (epoch ms). */
export interface Piece {
	start: number;
	end: number;
}

export function wallMs(day: CalendarDate, minute: number): number {
	return Date.UTC(day.year, day.month - 1, day.day) + minute * MINUTE_MS;
}

function offsetAt(ms: number, timeZone: string): number {
	return fromAbsolute(ms, timeZone).offset;
}

/** The zone's constant-offset spans covering [from, to), each offset change found to the ms. */
export function zoneSegments(timeZone: string, from: number, to: number): Segment[] {
	const segments: Segment[] = [];
	let segmentStart = from;
	let lo = from;
	let loOffset = offsetAt(from, timeZone);
	while (lo < to) {
		const hi = Math.min(lo + OFFSET_SAMPLE_MS, to);
		if (offsetAt(hi, timeZone) === loOffset) {
			lo = hi;
			continue;
		}
		// The offset changes somewhere in (lo, hi]: find the first instant with the new offset.
		let before = lo;
		let after = hi;
		while (after - before > 1) {
			const mid = Math.floor((before + after) / 2);
			if (offsetAt(mid, timeZone) === loOffset) before = mid;
			else after = mid;
		}
		segments.push({ start: segmentStart, end: after, offset: loOffset });
		segmentStart = after;
		lo = after;
		loOffset = offsetAt(after, timeZone);
	}
	if (segmentStart < to) segments.push({ start: segmentStart, end: to, offset: loOffset });
	return segments;
}

/**
 * The instants at which the wall clock reads a time in [wallStart, wallEnd), as ascending
 * disjoint pieces; pieces that meet at an offset change are joined (so a range across a clock
 * change is one continuous piece, unless the clock leaves the range in between).
 */
export function wallPieces(segments: Segment[], wallStart: number, wallEnd: number): Piece[] {
	const pieces: Piece[] = [];
	for (const segment of segments) {
		const start = Math.max(segment.start, wallStart - segment.offset);
		const end = Math.min(segment.end, wallEnd - segment.offset);
		if (start >= end) continue;
		const previous = pieces[pieces.length - 1];
		if (previous && previous.end === start) previous.end = end;
		else pieces.push({ start, end });
	}
	return pieces;
}

/**
 * Every instant at which the wall clock reads `wall`, ascending: none in a spring-forward gap,
 * two in a fall-back repeat (the 'earlier' and the 'later' disambiguation), else one.
 */
export function instantsAtWall(segments: Segment[], wall: number): number[] {
	const instants: number[] = [];
	for (const segment of segments) {
		const instant = wall - segment.offset;
		if (segment.start <= instant && instant < segment.end) instants.push(instant);
	}
	return instants;
}

/** The first instant at which the wall clock reads `wall` or later (the end of a gap, in one). */
export function firstInstantAtOrAfterWall(segments: Segment[], wall: number): number {
	let best = Number.POSITIVE_INFINITY;
	for (const segment of segments) {
		const instant = Math.max(segment.start, wall - segment.offset);
		if (instant < segment.end) best = Math.min(best, instant);
	}
	return best;
}

// ---------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------

export function parseIsoDate(date: string): CalendarDate {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new RangeError(`Invalid date (expected YYYY-MM-DD): ${date}`);
	try {
		return parseDate(date);
	} catch {
		throw new RangeError(`Invalid date: ${date}`);
	}
}

export function instantMs(value: Date, name: string): number {
	const ms = value instanceof Date ? value.getTime() : Number.NaN;
	if (Number.isNaN(ms)) throw new RangeError(`Invalid ${name}: not a valid Date`);
	return ms;
}

export function requireMinutes(value: number, name: string, min: number, max = Number.MAX_SAFE_INTEGER): void {
	if (!Number.isInteger(value) || value < min || value > max) {
		const bounds = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `from ${min} to ${max}`;
		throw new RangeError(`Invalid ${name}: ${value} (expected an integer ${bounds})`);
	}
}

export function requireFinite(value: number, name: string): void {
	if (!Number.isFinite(value) || value < 0) throw new RangeError(`Invalid ${name}: ${value} (expected a number ≥ 0)`);
}
