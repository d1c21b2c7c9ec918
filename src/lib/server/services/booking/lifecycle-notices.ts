/**
 * The emails a reschedule or cancellation sends, to the referrer the booking is for and to the
 * specialist. Written into the outbox inside the change's own transaction, so a notice goes out if
 * and only if the change committed. Notices name no examinee: the details are behind sign-in.
 */
import { inArray } from 'drizzle-orm';
import type { App } from '../../app';
import type { Executor } from '../../db/client';
import { user } from '../../db/schema';
import { enqueue } from '../outbox/outbox';
import { formatAud } from './cancellation-policy';

export interface NoticeContext {
	booking: { id: string; reference: string; ownerUserId: string };
	specialist: { displayName: string; location: string; timeZone: string; userId: string | null };
	type: { name: string };
}

export type ChangeNotice =
	| { kind: 'rescheduled'; fromStartsAt: Date; toStartsAt: Date }
	| { kind: 'cancelled'; startsAt: Date; late: boolean; feeCents: number };

const when = (d: Date, timeZone: string, place: string) =>
	`${new Intl.DateTimeFormat('en-AU', { dateStyle: 'full', timeStyle: 'short', timeZone }).format(d)} (${place || timeZone} time)`;

/** Queues one email to the referrer and one to the specialist (when they have an account). */
export async function enqueueChangeNotices(exec: Executor, app: App, ctx: NoticeContext, notice: ChangeNotice): Promise<number> {
	const ids = [ctx.booking.ownerUserId, ...(ctx.specialist.userId ? [ctx.specialist.userId] : [])];
	const people = await exec.select({ id: user.id, email: user.email }).from(user).where(inArray(user.id, ids));
	const what = `${ctx.type.name} with ${ctx.specialist.displayName}`;
	const place = ctx.specialist.location;
	const tz = ctx.specialist.timeZone;
	const link = `${app.config.origin}/bookings/${ctx.booking.id}`;
	let queued = 0;
	for (const person of people) {
		const isReferrer = person.id === ctx.booking.ownerUserId;
		if (notice.kind === 'rescheduled') {
			await enqueue(exec, app.cipher, {
				channel: 'email',
				template: 'booking_rescheduled',
				userId: person.id,
				to: person.email,
				subject: `Booking ${ctx.booking.reference} moved`,
				text: `${what} has moved from ${when(notice.fromStartsAt, tz, place)} to ${when(notice.toStartsAt, tz, place)}. Reference ${ctx.booking.reference}.`,
				link
			});
		} else {
			const fee =
				isReferrer && notice.late && notice.feeCents > 0
					? ` This was a late cancellation: a fee of ${formatAud(notice.feeCents)} applies.`
					: '';
			await enqueue(exec, app.cipher, {
				channel: 'email',
				template: 'booking_cancelled',
				userId: person.id,
				to: person.email,
				subject: `Booking ${ctx.booking.reference} cancelled`,
				text: `${what} on ${when(notice.startsAt, tz, place)} has been cancelled. Reference ${ctx.booking.reference}.${fee}`,
				link
			});
		}
		queued++;
	}
	return queued;
}

