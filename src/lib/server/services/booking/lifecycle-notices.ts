/**
 * The emails a reschedule or cancellation sends, to the referrer the booking is for and to the
 * specialist. Written into the outbox inside the change's own transaction, so a notice goes out if
 * and only if the change committed. Notices name no examinee: the details are behind sign-in.
 */
import type { App } from '../../app';
import type { Executor } from '../../db/client';
import { userEmail, userEmails } from '../../repositories/referrers.repository';
import { enqueue, type Message } from '../outbox/outbox';
import { formatAud } from './cancellation-policy';
import { bookingIcsAttachment, icsDomain } from './ics';
import { formatInZones, zoneName } from '../../../format';
import { findUserTimeZone } from '../../repositories/users.repository';

export interface NoticeContext {
	booking: { id: string; reference: string; ownerUserId: string };
	specialist: { displayName: string; location: string; timeZone: string; userId: string | null };
	type: { name: string; durationMinutes: number };
	/** Where the examination is: its mode and the booking's address (see ics.ts `IcsBooking.place`). */
	place?: { mode: string; address: string };
}

/** " at <address>" (or the specialist's location), " by telehealth (video call)", or nothing: how a notice says where. */
export function placePhrase(ctx: Pick<NoticeContext, 'place' | 'specialist'>): string {
	if (ctx.place?.mode === 'telehealth') return ' by telehealth (video call)';
	const where = ctx.place?.address || ctx.specialist.location;
	return where ? ` at ${where}` : '';
}

export type ChangeNotice =
	{ kind: 'rescheduled'; fromStartsAt: Date; toStartsAt: Date } | { kind: 'cancelled'; startsAt: Date; late: boolean; feeCents: number };

/** A time as the clinic reads it, labelled with its zone (the place is not a zone: "Sydney time"). */
export const clinicTime = (d: Date, timeZone: string) =>
	`${new Intl.DateTimeFormat('en-AU', { dateStyle: 'full', timeStyle: 'short', timeZone }).format(d)} (${zoneName(timeZone)} time)`;

/**
 * A time as the referrer reads it: in their zone with the clinic's beside it where the two differ
 * ("… at 11:30 am (Perth time; 2:30 pm in Melbourne)"); the clinic's alone while theirs is not known.
 */
export const referrerTime = (d: Date, clinicZone: string, ownZone: string | null) =>
	formatInZones(d, ownZone ?? clinicZone, clinicZone, 'notice');

/** Queues one email to the referrer and one to the specialist (when they have an account). */
export async function enqueueChangeNotices(exec: Executor, app: App, ctx: NoticeContext, notice: ChangeNotice): Promise<number> {
	const ids = [ctx.booking.ownerUserId, ...(ctx.specialist.userId ? [ctx.specialist.userId] : [])];
	const people = await userEmails(exec, ids);
	const what = `${ctx.type.name} with ${ctx.specialist.displayName}`;
	const place = placePhrase(ctx);
	const tz = ctx.specialist.timeZone;
	const link = `${app.config.origin}/bookings/${ctx.booking.id}`;
	// The calendar event replaces the earlier copy (same UID, higher SEQUENCE): seconds since 2020 only grow.
	const startsAt = notice.kind === 'rescheduled' ? notice.toStartsAt : notice.startsAt;
	const ics = bookingIcsAttachment({
		booking: {
			id: ctx.booking.id,
			reference: ctx.booking.reference,
			startsAt,
			endsAt: new Date(startsAt.getTime() + ctx.type.durationMinutes * 60_000),
			stage: notice.kind === 'cancelled' ? 'cancelled' : 'rescheduled'
		},
		specialist: ctx.specialist,
		type: ctx.type,
		place: ctx.place,
		domain: icsDomain(app.config.origin),
		link,
		sequence: Math.floor((Date.now() - Date.UTC(2020, 0, 1)) / 1000)
	});
	const ref = ctx.booking.reference;
	// The referrer reads the times in their own zone; the specialist in the clinic's.
	const ownerZone = await findUserTimeZone(exec, ctx.booking.ownerUserId);
	const messageFor = (timeOf: (d: Date, tz: string) => string) =>
		notice.kind === 'rescheduled'
			? {
					template: 'booking_rescheduled' as const,
					subject: `Booking ${ref} moved`,
					text: `${what}${place} has moved from ${timeOf(notice.fromStartsAt, tz)} to ${timeOf(notice.toStartsAt, tz)}. Reference ${ref}.`
				}
			: {
					template: 'booking_cancelled' as const,
					subject: `Booking ${ref} cancelled`,
					text: `${what}${place} on ${timeOf(notice.startsAt, tz)} has been cancelled. Reference ${ref}.`
				};
	const fee =
		notice.kind === 'cancelled' && notice.late && notice.feeCents > 0
			? ` This was a late cancellation: a fee of ${formatAud(notice.feeCents)} applies.`
			: '';
	for (const person of people) {
		const forOwner = person.id === ctx.booking.ownerUserId;
		const message = messageFor(forOwner ? (d, zone) => referrerTime(d, zone, ownerZone) : clinicTime);
		// Only the referrer is told of the fee.
		const text = forOwner ? message.text + fee : message.text;
		await enqueue(exec, app.cipher, { ...message, channel: 'email', userId: person.id, to: person.email, text, link, attachments: [ics] });
	}
	return people.length;
}

/** Queues an email to the user with this id, when they have an address. */
async function emailUser(exec: Executor, app: App, userId: string, message: Omit<Message, 'channel' | 'userId' | 'to'>) {
	const to = await userEmail(exec, userId);
	if (to !== null) await enqueue(exec, app.cipher, { channel: 'email', userId, to, ...message });
}

/**
 * A new booking: the confirmation (with the calendar event) to the referrer it is for, also when an
 * admin booked it for them, and a notice to the specialist when they have an account.
 */
export async function enqueueConfirmation(
	exec: Executor,
	app: App,
	ctx: {
		booking: NoticeContext['booking'] & { startsAt: Date };
		specialist: NoticeContext['specialist'];
		type: NoticeContext['type'];
		place?: NoticeContext['place'];
	}
): Promise<void> {
	const { booking: b, specialist: s, type: t } = ctx;
	const link = `${app.config.origin}/bookings/${b.id}`;
	const at = clinicTime(b.startsAt, s.timeZone);
	// The referrer reads the time in their own zone (the clinic's beside it); the specialist in the clinic's.
	const ownerAt = referrerTime(b.startsAt, s.timeZone, await findUserTimeZone(exec, b.ownerUserId));
	// Notices name no examinee: the details are behind sign-in.
	await emailUser(exec, app, b.ownerUserId, {
		template: 'booking_confirmed',
		subject: `Booking ${b.reference} confirmed`,
		text: `${t.name} with ${s.displayName}${placePhrase(ctx)} on ${ownerAt} is booked. Reference ${b.reference}.`,
		link,
		attachments: [
			bookingIcsAttachment({
				booking: {
					id: b.id,
					reference: b.reference,
					startsAt: b.startsAt,
					endsAt: new Date(b.startsAt.getTime() + t.durationMinutes * 60_000)
				},
				specialist: s,
				type: t,
				place: ctx.place,
				domain: icsDomain(app.config.origin),
				link
			})
		]
	});
	if (s.userId)
		await emailUser(exec, app, s.userId, {
			template: 'booking_notice',
			subject: `New appointment ${b.reference}`,
			text: `A ${t.name} has been booked with you${placePhrase(ctx)} on ${at}.`,
			link
		});
}
