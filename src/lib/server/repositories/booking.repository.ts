/**
 * Booking queries. Every read takes the caller's scope; a booking outside it is simply not found.
 */
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { booking } from '../db/schema';
import { scopeWhere, type Scope } from '../auth/scope';

/** The WHERE clause that limits bookings to a scope (specialists: their own appointments). */
export function bookingScope(scope: Scope): SQL | undefined {
	if (scope.kind === 'assigned')
		return sql`${booking.specialistId} IN (SELECT id FROM specialist WHERE user_id = ${scope.specialistUserId})`;
	return scopeWhere(scope, { organizationId: booking.organizationId, ownerUserId: booking.ownerUserId, teamId: booking.teamId });
}

export async function getForScope(exec: Executor, scope: Scope, id: string) {
	if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
	const [row] = await exec
		.select()
		.from(booking)
		.where(and(eq(booking.id, id), bookingScope(scope)))
		.limit(1);
	return row ?? null;
}
