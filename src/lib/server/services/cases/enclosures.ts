/**
 * Enclosure checklists: what each examination needs in the specialist's hands, and by when.
 * (Interface first; the helper building enclosures fills it in.)
 */
import type { Executor } from '../../db/client';
import type { EnclosureView } from '../../../schemas/case';

export type { EnclosureView };

/** The checklists of these bookings, keyed by booking id (bookings without one map to []). */
export async function enclosureViews(exec: Executor, bookingIds: readonly string[], today: string): Promise<Map<string, EnclosureView[]>> {
	void exec;
	void today;
	return new Map(bookingIds.map((id) => [id, []]));
}
