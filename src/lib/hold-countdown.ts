/**
 * The wizard's countdown on a held time, as pure functions: how long is left, how it reads, and
 * what is said aloud — only when two minutes are left and when the hold ends, never every second.
 */

/** When the countdown warns (and says so aloud) that the hold is about to end. */
export const HOLD_WARNING_MS = 2 * 60_000;

export type HoldPhase = 'held' | 'ending' | 'ended';

/** Milliseconds left on a hold ending at `until`, at `now` (0 once it has ended). */
export const holdLeft = (until: Date | string, now: number) => Math.max(0, new Date(until).getTime() - now);

/** "9:41": minutes and seconds left, the seconds rounded down. */
export function formatHoldLeft(ms: number): string {
	const s = Math.floor(Math.max(0, ms) / 1000);
	return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export const holdPhase = (ms: number): HoldPhase => (ms <= 0 ? 'ended' : ms <= HOLD_WARNING_MS ? 'ending' : 'held');

/** What a screen reader is told on reaching `phase` (nothing while the time is simply held). */
export function holdAnnouncement(phase: HoldPhase): string {
	if (phase === 'ending') return 'Less than 2 minutes left: the time is held for you until then.';
	if (phase === 'ended') return 'The hold on this time has ended. It will be checked again when you confirm.';
	return '';
}
