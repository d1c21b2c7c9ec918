/**
 * The booking lifecycle: every legal move made and every illegal one refused, who did it and for
 * whom, cancellation freeing the time and its late fee across weekends and public holidays,
 * reschedule through the provider, other organisations' bookings invisible, and notices that
 * exist only if the change committed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { and, eq, sql } from 'drizzle-orm';
import { appRouter } from '../../routers/_app';
import { allowedActions } from '../../routers/booking-lifecycle';
import { createCallerFactory } from '../../trpc';
import { scopeFor, type Scope } from '../../auth/scope';
import type { SignedIn } from '../../auth/session';
import { BOOKING_STAGES, appointment, appointmentType, auditLog, booking, bookingHistory, outbox, specialist } from '../../db/schema';
import { DEMO_PASSWORD, seedDemo } from '../../demo/seed';
import { AppError } from '../../errors';
import type { RequestMeta } from '../accounts/request-meta';
import { openMessage } from '../outbox/outbox';
import { createTestApp, localsOf, signIn, type TestApp } from '../../testing/app';
import { actorFor, withOnBehalfOf, type SignedInActor } from '../../auth/actor';
import { insertBooking, userIdOf } from '../../testing/bookings';
import { cancel, moveStage, previewCancellation, reschedule } from './booking-lifecycle';
import { TRANSITIONS } from './lifecycle';

type Session = { signedIn: SignedIn; meta: RequestMeta };

let app: TestApp;
let admin: Session;
let referrer: Session;
let teamlead: Session;
let specialistUser: Session;
let rival: Session;
let samId: string;
let imeId: string;
const call = createCallerFactory(appRouter);
const callAs = (s: Session) => call(localsOf(app, s.meta, s.signedIn));
const actorAs = (s: Session): SignedInActor => actorFor(s.meta, s.signedIn);
const scopeOf = (s: Session): Scope => scopeFor(s.signedIn.caller);
const ALL: Scope = { kind: 'all' };

beforeAll(async () => {
	app = await createTestApp();
	await seedDemo(app);
	[admin, referrer, teamlead, specialistUser, rival] = (await Promise.all(
		['admin', 'referrer', 'teamlead', 'specialist', 'rival'].map((u) => signIn(app, `${u}@demo.test`, DEMO_PASSWORD))
	)) as Session[] as [Session, Session, Session, Session, Session];
	[{ id: samId }] = (await app.database.db
		.select({ id: specialist.id })
		.from(specialist)
		.where(eq(specialist.displayName, 'Dr Sam Specialist'))) as [{ id: string }];
	[{ id: imeId }] = (await app.database.db
		.select({ id: appointmentType.id })
		.from(appointmentType)
		.where(eq(appointmentType.name, 'IME — in person'))) as [{ id: string }];
});
afterAll(() => app.close());

/** Fixture times far from the scheduler's window and from each other, so they never overlap. */
let farSlot = 0;
const farTime = () => new Date(Date.UTC(2028, 0, 3, 0, 0) + ++farSlot * 2 * 3_600_000);

/** Sydney local time of a fixed date, e.g. at('2027-02-09', '10:00') (AEDT/AEST by date). */
const at = (date: string, time: string, tz = 'Australia/Sydney') => {
	const guess = new Date(`${date}T${time}:00Z`);
	const local = new Date(guess.toLocaleString('en-US', { timeZone: tz }));
	const utcView = new Date(guess.toLocaleString('en-US', { timeZone: 'UTC' }));
	return new Date(guess.getTime() - (local.getTime() - utcView.getTime()));
};

/** The first free time of Dr Sam at least `afterDays` out (read fresh: fixtures bypass the cache). */
async function freeTime(afterDays = 10): Promise<Date> {
	const tz = 'Australia/Sydney';
	await app.scheduling.invalidate(samId);
	for (let d = afterDays; d < afterDays + 40; d++) {
		const date = new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);
		const { value } = await app.scheduling.availableTimes(samId, imeId, date, tz);
		if (value[0]) return new Date(value[0].startsAt);
	}
	throw new Error('no free time found');
}

async function freeOn(date: string) {
	await app.scheduling.invalidate(samId);
	return (await app.scheduling.availableTimes(samId, imeId, date, 'Australia/Sydney')).value.map((s) => s.startsAt);
}
const sydneyDate = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Australia/Sydney' }).format(d);

const historyOf = (id: string) =>
	app.database.db.select().from(bookingHistory).where(eq(bookingHistory.bookingId, id)).orderBy(bookingHistory.at);
const bookingRow = async (id: string) => (await app.database.db.select().from(booking).where(eq(booking.id, id)))[0]!;
const appointmentRow = async (id: string) => (await app.database.db.select().from(appointment).where(eq(appointment.id, id)))[0]!;
async function messagesFor(userIds: string[]) {
	const rows = await app.database.db.select().from(outbox);
	return rows.filter((r) => r.userId && userIds.includes(r.userId)).map((r) => openMessage(app.cipher, r));
}
async function outboxCount() {
	const [row] = await app.database.db.select({ n: sql<number>`count(*)::int` }).from(outbox);
	return row!.n;
}

async function errorOf(p: Promise<unknown>): Promise<AppError | TRPCError> {
	const err = await p.then(
		() => null,
		(e: unknown) => e
	);
	if (!(err instanceof AppError) && !(err instanceof TRPCError)) throw new Error(`expected a refusal, got ${String(err)}`);
	return err;
}
const codeOf = async (p: Promise<unknown>) => (await errorOf(p)).code;

describe('the stage matrix', () => {
	it('makes every legal move in TRANSITIONS and refuses every other one with CONFLICT', async () => {
		const outcomes: string[] = [];
		for (const from of BOOKING_STAGES) {
			for (const to of BOOKING_STAGES) {
				const closed = from === 'cancelled' || from === 'paid';
				const { booking: b } = await insertBooking(app, {
					ownerEmail: 'referrer@demo.test',
					stage: from,
					status: closed ? 'closed' : 'active',
					startsAt: farTime()
				});
				const legal = TRANSITIONS[from].includes(to);
				const attempt =
					to === 'rescheduled'
						? legal
							? freeTime().then((t) => reschedule(app, actorAs(admin), ALL, b.id, t))
							: reschedule(app, actorAs(admin), ALL, b.id, farTime())
						: moveStage(app, actorAs(admin), ALL, b.id, to, `move ${from} → ${to}`);
				if (legal) {
					const result = await attempt;
					expect(result.stage, `${from} → ${to}`).toBe(to);
					expect((await bookingRow(b.id)).stage).toBe(to);
					outcomes.push(`${from}>${to}:ok`);
				} else {
					const err = await errorOf(attempt);
					expect(err.code, `${from} → ${to}`).toBe('CONFLICT');
					expect((await bookingRow(b.id)).stage, `${from} → ${to} left unchanged`).toBe(from);
					expect(await historyOf(b.id)).toHaveLength(1);
					outcomes.push(`${from}>${to}:refused`);
				}
			}
		}
		expect(outcomes.filter((o) => o.endsWith(':ok'))).toHaveLength(Object.values(TRANSITIONS).flat().length);
		expect(outcomes).toHaveLength(BOOKING_STAGES.length ** 2);
	});

	it('closes the booking when it reaches a final stage and records no-shows on the appointment', async () => {
		const { booking: b, appointment: a } = await insertBooking(app, { ownerEmail: 'referrer@demo.test', startsAt: farTime() });
		await moveStage(app, actorAs(admin), ALL, b.id, 'no_show');
		expect((await appointmentRow(a.id)).noShow).toBe(true);
		const { booking: c } = await insertBooking(app, { ownerEmail: 'referrer@demo.test', stage: 'report_ready', startsAt: farTime() });
		expect((await moveStage(app, actorAs(admin), ALL, c.id, 'paid')).status).toBe('closed');
	});

	it('refuses every change of an archived booking', async () => {
		const { booking: b } = await insertBooking(app, { ownerEmail: 'referrer@demo.test', status: 'archived', startsAt: farTime() });
		expect(await codeOf(moveStage(app, actorAs(admin), ALL, b.id, 'report_in_progress'))).toBe('CONFLICT');
		expect(await codeOf(cancel(app, actorAs(admin), ALL, b.id, { acceptFee: true }))).toBe('CONFLICT');
	});

	it('lets referrers cancel and reschedule but not move report stages, and specialists nothing', async () => {
		const { booking: b } = await insertBooking(app, { ownerEmail: 'referrer@demo.test', startsAt: farTime() });
		expect(await codeOf(callAs(referrer).lifecycle.move({ bookingId: b.id, to: 'report_in_progress' }))).toBe('FORBIDDEN');
		expect(await codeOf(callAs(referrer).lifecycle.setStatus({ bookingId: b.id, status: 'archived' }))).toBe('FORBIDDEN');
		expect(await codeOf(callAs(specialistUser).lifecycle.cancel({ bookingId: b.id, acceptFee: true }))).toBe('FORBIDDEN');
		expect(await codeOf(callAs(specialistUser).lifecycle.move({ bookingId: b.id, to: 'no_show' }))).toBe('FORBIDDEN');
		expect(allowedActions(referrer.signedIn, b)).toEqual({ move: [], cancel: true, reschedule: true, status: [] });
		expect(allowedActions(specialistUser.signedIn, b)).toEqual({ move: [], cancel: false, reschedule: false, status: [] });
		expect(allowedActions(admin.signedIn, b)).toEqual({
			move: ['no_show', 'report_in_progress'],
			cancel: true,
			reschedule: true,
			status: ['closed', 'archived']
		});
		expect(allowedActions(admin.signedIn, { stage: 'paid', status: 'closed' })).toEqual({
			move: [],
			cancel: false,
			reschedule: false,
			status: ['archived']
		});
		// A team lead acts on the team's bookings.
		expect((await callAs(teamlead).lifecycle.cancel({ bookingId: b.id, acceptFee: false })).booking.stage).toBe('cancelled');
	});

	it('lets an admin archive and close, but not reopen a finished booking', async () => {
		const { booking: b } = await insertBooking(app, {
			ownerEmail: 'referrer@demo.test',
			stage: 'paid',
			status: 'closed',
			startsAt: farTime()
		});
		expect(await codeOf(callAs(admin).lifecycle.setStatus({ bookingId: b.id, status: 'active' }))).toBe('CONFLICT');
		expect((await callAs(admin).lifecycle.setStatus({ bookingId: b.id, status: 'archived', note: 'Year-end' })).status).toBe('archived');
		const [h] = (await historyOf(b.id)).filter((r) => r.action === 'status_change');
		expect(h).toMatchObject({ fromStatus: 'closed', toStatus: 'archived', fromStage: 'paid', toStage: 'paid' });
	});
});

describe('who, and on whose behalf', () => {
	it('records the referrer acting for themself, with the note encrypted', async () => {
		const { booking: b } = await insertBooking(app, { ownerEmail: 'referrer@demo.test', startsAt: farTime() });
		await callAs(referrer).lifecycle.cancel({ bookingId: b.id, reason: 'Claim settled for Alex Example', acceptFee: false });
		const h = (await historyOf(b.id)).at(-1)!;
		expect(h).toMatchObject({
			action: 'cancel',
			actorUserId: referrer.signedIn.user.id,
			onBehalfOfUserId: null,
			fromStage: 'scheduled',
			toStage: 'cancelled',
			fromStatus: 'active',
			toStatus: 'closed'
		});
		expect(h.noteEncrypted).not.toContain('Alex');
		expect(app.cipher.decrypt(h.noteEncrypted!, 'booking-note')).toBe('Claim settled for Alex Example');
		const audit = await app.database.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.resourceId, b.id), eq(auditLog.action, 'booking.cancel')));
		expect(audit.map((a) => [a.actor, a.onBehalfOf, a.outcome, a.requestId])).toEqual([
			[referrer.signedIn.user.id, null, 'granted', referrer.meta.requestId]
		]);
		expect(JSON.stringify(audit[0]!.details)).not.toContain('Alex');
	});

	it('records an admin rescheduling for the booking’s owner, with both times', async () => {
		const { booking: b } = await insertBooking(app, { ownerEmail: 'referrer@demo.test', startsAt: farTime() });
		const to = await freeTime();
		await callAs(admin).lifecycle.reschedule({ bookingId: b.id, startsAt: to.toISOString() });
		const h = (await historyOf(b.id)).at(-1)!;
		expect(h).toMatchObject({
			action: 'reschedule',
			actorUserId: admin.signedIn.user.id,
			onBehalfOfUserId: referrer.signedIn.user.id,
			fromStage: 'scheduled',
			toStage: 'rescheduled',
			fromStartsAt: b.startsAt,
			toStartsAt: to
		});
		const [audit] = await app.database.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.resourceId, b.id), eq(auditLog.action, 'booking.reschedule')));
		expect([audit!.actor, audit!.onBehalfOf]).toEqual([admin.signedIn.user.id, referrer.signedIn.user.id]);
	});

	it('records an admin’s own progress moves without anyone on whose behalf', async () => {
		const { booking: b } = await insertBooking(app, { ownerEmail: 'referrer@demo.test', startsAt: farTime() });
		await callAs(admin).lifecycle.move({ bookingId: b.id, to: 'report_in_progress' });
		expect((await historyOf(b.id)).at(-1)).toMatchObject({
			actorUserId: admin.signedIn.user.id,
			onBehalfOfUserId: null,
			fromStage: 'scheduled',
			toStage: 'report_in_progress'
		});
	});

	it('records the admin behind an impersonated session as the actor, for the impersonated referrer', async () => {
		const { booking: b } = await insertBooking(app, { ownerEmail: 'referrer@demo.test', startsAt: farTime() });
		const impersonated: Session = { ...referrer, signedIn: { ...referrer.signedIn, impersonatedBy: admin.signedIn.user.id } };
		await callAs(impersonated).lifecycle.cancel({ bookingId: b.id, acceptFee: false });
		expect((await historyOf(b.id)).at(-1)).toMatchObject({
			actorUserId: admin.signedIn.user.id,
			onBehalfOfUserId: referrer.signedIn.user.id
		});
	});

	it('takes the on-behalf-of user the caller names', async () => {
		const { booking: b } = await insertBooking(app, { ownerEmail: 'referrer@demo.test', startsAt: farTime() });
		const owner = await userIdOf(app, 'owner@demo.test');
		await moveStage(app, withOnBehalfOf(actorAs(admin), owner), ALL, b.id, 'no_show');
		expect((await historyOf(b.id)).at(-1)).toMatchObject({ actorUserId: admin.signedIn.user.id, onBehalfOfUserId: owner });
	});
});

describe('cancelling', () => {
	it('frees the time and closes the booking', async () => {
		const startsAt = await freeTime(12);
		const date = sydneyDate(startsAt);
		const { booking: b, appointment: a } = await insertBooking(app, { ownerEmail: 'referrer@demo.test', startsAt });
		expect(await freeOn(date)).not.toContain(startsAt.toISOString());
		// Read through the cache: the cancellation itself must invalidate it.
		await app.scheduling.availableTimes(samId, imeId, date, 'Australia/Sydney');
		const result = await callAs(referrer).lifecycle.cancel({ bookingId: b.id, acceptFee: false });
		expect(result.booking).toMatchObject({ stage: 'cancelled', status: 'closed', lateCancellation: false, cancellationFeeCents: 0 });
		expect((await app.scheduling.availableTimes(samId, imeId, date, 'Australia/Sydney')).value.map((s) => s.startsAt)).toContain(
			startsAt.toISOString()
		);
		expect(await appointmentRow(a.id)).toMatchObject({ status: 'cancelled' });
		expect((await bookingRow(b.id)).status).toBe('closed');
	});

	it('queues a notice to the referrer and the specialist, naming no examinee', async () => {
		const { booking: b, examinee } = await insertBooking(app, { ownerEmail: 'referrer@demo.test', startsAt: farTime() });
		await callAs(referrer).lifecycle.cancel({ bookingId: b.id, acceptFee: false });
		const mine = (await messagesFor([referrer.signedIn.user.id, specialistUser.signedIn.user.id])).filter((m) =>
			m.subject.includes(b.reference)
		);
		expect(mine.map((m) => [m.template, m.to]).sort()).toEqual([
			['booking_cancelled', 'referrer@demo.test'],
			['booking_cancelled', 'specialist@demo.test']
		]);
		for (const m of mine) expect(`${m.subject} ${m.text}`).not.toContain(examinee.familyName);
	});

	describe('late, by the clinic’s business days', () => {
		const preview = (id: string, now: Date) => previewCancellation(app, actorAs(referrer), scopeOf(referrer), id, now);

		it('counts a weekend as no notice', async () => {
			const { booking: b } = await insertBooking(app, { ownerEmail: 'referrer@demo.test', startsAt: at('2027-02-09', '10:00') }); // Tuesday
			expect(await preview(b.id, at('2027-02-04', '23:00'))).toMatchObject({
				late: false,
				feeCents: 0,
				noticeDeadline: at('2027-02-05', '00:00')
			});
			expect(await preview(b.id, at('2027-02-05', '09:00'))).toMatchObject({ late: true, feeCents: 165_000 });
			expect((await preview(b.id, at('2027-02-06', '09:00'))).late).toBe(true); // Saturday: 3 calendar days, 1 business day
		});

		it('skips Easter in NSW (the Tuesday after Easter Monday 2027)', async () => {
			const { booking: b } = await insertBooking(app, { ownerEmail: 'referrer@demo.test', startsAt: at('2027-03-30', '10:00') });
			expect(await preview(b.id, at('2027-03-23', '20:00'))).toMatchObject({ late: false, noticeDeadline: at('2027-03-24', '00:00') });
			expect((await preview(b.id, at('2027-03-24', '09:00'))).late).toBe(true);
		});

		it('skips Australia Day', async () => {
			const { booking: b } = await insertBooking(app, { ownerEmail: 'referrer@demo.test', startsAt: at('2027-01-27', '10:00') }); // Wednesday
			expect((await preview(b.id, at('2027-01-21', '12:00'))).late).toBe(false);
			expect((await preview(b.id, at('2027-01-22', '12:00'))).late).toBe(true); // would be in time without the holiday
		});

		it('follows the clinic’s state: Labour Day is a holiday in Victoria on 8 March, not in NSW', async () => {
			const mel = 'Australia/Melbourne';
			const vic = await insertBooking(app, {
				ownerEmail: 'referrer@demo.test',
				specialistName: 'Dr Mei Chen',
				startsAt: at('2027-03-09', '10:00', mel)
			});
			const nsw = await insertBooking(app, { ownerEmail: 'referrer@demo.test', startsAt: at('2027-03-09', '10:00') });
			expect((await preview(vic.booking.id, at('2027-03-04', '12:00', mel))).late).toBe(true);
			expect((await preview(nsw.booking.id, at('2027-03-04', '12:00'))).late).toBe(false);
		});

		it('is refused without the fee accepted, and leaves everything as it was', async () => {
			const { booking: b, appointment: a } = await insertBooking(app, {
				ownerEmail: 'referrer@demo.test',
				startsAt: at('2027-02-16', '10:00')
			});
			const now = at('2027-02-15', '09:00');
			const messages = await outboxCount();
			const err = await errorOf(cancel(app, actorAs(referrer), scopeOf(referrer), b.id, { acceptFee: false, now }));
			expect(err).toBeInstanceOf(AppError);
			expect(err.code).toBe('CONFLICT');
			expect((err as AppError).field).toBe('acceptFee');
			expect(err.message).toMatch(/\$1,650\.00/);
			expect(await bookingRow(b.id)).toMatchObject({ stage: 'scheduled', status: 'active', lateCancellation: false });
			expect(await appointmentRow(a.id)).toMatchObject({ status: 'confirmed' });
			expect(await historyOf(b.id)).toHaveLength(1);
			expect(await outboxCount()).toBe(messages);

			const done = await cancel(app, actorAs(referrer), scopeOf(referrer), b.id, { acceptFee: true, now });
			expect(done.booking).toMatchObject({ stage: 'cancelled', lateCancellation: true, cancellationFeeCents: 165_000 });
			const notice = (await messagesFor([referrer.signedIn.user.id])).find((m) => m.subject.includes(b.reference));
			expect(notice?.text).toMatch(/late cancellation: a fee of \$1,650\.00/);
		});

		it('is refused through the API too, naming the field', async () => {
			const startsAt = new Date(Date.now() + 26 * 3_600_000);
			const { booking: b } = await insertBooking(app, {
				ownerEmail: 'referrer@demo.test',
				startsAt: new Date(Math.ceil(startsAt.getTime() / 3_600_000) * 3_600_000 + 7 * 60_000)
			});
			const preview = await callAs(referrer).lifecycle.previewCancellation({ bookingId: b.id });
			expect(preview).toMatchObject({ late: true, feeCents: 165_000, priceCents: 165_000 });
			expect(preview.noticeDeadline).toBeInstanceOf(Date);
			const err = await errorOf(callAs(referrer).lifecycle.cancel({ bookingId: b.id, acceptFee: false }));
			expect(err.code).toBe('CONFLICT');
			expect(err.message).toMatch(/I accept the fee/);
			expect(await codeOf(callAs(referrer).lifecycle.cancel({ bookingId: b.id, acceptFee: true, waiveFee: true }))).toBe('FORBIDDEN');
			const waived = await callAs(admin).lifecycle.cancel({
				bookingId: b.id,
				acceptFee: false,
				waiveFee: true,
				reason: 'Specialist unwell'
			});
			expect(waived.booking).toMatchObject({ lateCancellation: true, cancellationFeeCents: 0 });
		});
	});
});

describe('rescheduling', () => {
	it('moves the appointment and the booking, frees the old time and notifies both sides', async () => {
		const from = await freeTime(14);
		const { booking: b, appointment: a } = await insertBooking(app, { ownerEmail: 'referrer@demo.test', startsAt: from });
		const to = await freeTime(20);
		const result = await callAs(referrer).lifecycle.reschedule({ bookingId: b.id, startsAt: to, note: 'Examinee works Mondays' });
		expect(result).toMatchObject({ stage: 'rescheduled', status: 'active', startsAt: to, endsAt: new Date(to.getTime() + 60 * 60_000) });
		expect(await bookingRow(b.id)).toMatchObject({ startsAt: to, stage: 'rescheduled' });
		expect(await appointmentRow(a.id)).toMatchObject({ startsAt: to, status: 'confirmed', busyTo: new Date(to.getTime() + 75 * 60_000) });
		expect(await freeOn(sydneyDate(from))).toContain(from.toISOString());
		expect(await freeOn(sydneyDate(to))).not.toContain(to.toISOString());
		const notices = (await messagesFor([referrer.signedIn.user.id, specialistUser.signedIn.user.id])).filter((m) =>
			m.subject.includes(b.reference)
		);
		expect(notices.map((m) => m.template)).toEqual(['booking_rescheduled', 'booking_rescheduled']);
		// Rescheduled again: a legal move.
		const again = await freeTime(25);
		expect((await callAs(referrer).lifecycle.reschedule({ bookingId: b.id, startsAt: again })).startsAt).toEqual(again);
	});

	it('offers the free times of the booking’s own specialist and exam type', async () => {
		const from = await freeTime(15);
		const { booking: b } = await insertBooking(app, { ownerEmail: 'referrer@demo.test', startsAt: from });
		const date = sydneyDate(from);
		const options = await callAs(referrer).lifecycle.rescheduleOptions({ bookingId: b.id, date });
		expect(options.clinicTimeZone).toBe('Australia/Sydney');
		expect(options.slots.map((s) => s.startsAt)).not.toContain(from.toISOString());
	});

	it('answers CONFLICT with a plain message when the time is taken, and changes nothing', async () => {
		const from = farTime();
		const { booking: b, appointment: a } = await insertBooking(app, { ownerEmail: 'referrer@demo.test', startsAt: from });
		const taken = await freeTime(16);
		await insertBooking(app, { ownerEmail: 'owner@demo.test', startsAt: taken });
		const messages = await outboxCount();
		const err = await errorOf(callAs(referrer).lifecycle.reschedule({ bookingId: b.id, startsAt: taken }));
		expect(err.code).toBe('CONFLICT');
		expect(err.message).toBe('That time is not free any more. Please choose another time.');
		expect(await bookingRow(b.id)).toMatchObject({ startsAt: from, stage: 'scheduled' });
		expect(await appointmentRow(a.id)).toMatchObject({ startsAt: from });
		expect(await historyOf(b.id)).toHaveLength(1);
		expect(await outboxCount()).toBe(messages);
	});

	it('respects someone else’s hold on the new time, and the caller’s own hold does not block them', async () => {
		const { booking: b } = await insertBooking(app, { ownerEmail: 'referrer@demo.test', startsAt: farTime() });
		const held = await freeTime(17);
		await app.scheduling.hold({ holderKey: 'someone-elses-draft', specialistId: samId, appointmentTypeId: imeId, startsAt: held });
		expect(await codeOf(callAs(referrer).lifecycle.reschedule({ bookingId: b.id, startsAt: held }))).toBe('CONFLICT');
		await app.scheduling.release('someone-elses-draft');
		await app.scheduling.hold({ holderKey: 'my-own-reschedule', specialistId: samId, appointmentTypeId: imeId, startsAt: held });
		const moved = await callAs(referrer).lifecycle.reschedule({ bookingId: b.id, startsAt: held, holderKey: 'my-own-reschedule' });
		expect(moved.startsAt).toEqual(held);
	});
});

describe('another organisation’s booking', () => {
	it('is NOT_FOUND on every lifecycle procedure, exactly like a missing one, and each refusal is audited', async () => {
		const { booking: b } = await insertBooking(app, { ownerEmail: 'referrer@demo.test', startsAt: farTime() });
		const missing = crypto.randomUUID();
		const inputs: Record<string, (id: string) => unknown> = {
			move: (id) => ({ bookingId: id, to: 'report_in_progress' }),
			previewCancellation: (id) => ({ bookingId: id }),
			cancel: (id) => ({ bookingId: id, acceptFee: true }),
			rescheduleOptions: (id) => ({ bookingId: id, date: '2027-02-02' }),
			reschedule: (id) => ({ bookingId: id, startsAt: new Date('2027-02-02T00:00:00Z') }),
			setStatus: (id) => ({ bookingId: id, status: 'archived' }),
			markFeeInvoiced: (id) => ({ bookingId: id })
		};
		const procedures = Object.keys((appRouter._def as unknown as { procedures: Record<string, unknown> }).procedures)
			.filter((path) => path.startsWith('lifecycle.'))
			.map((path) => path.slice('lifecycle.'.length));
		expect(procedures.sort()).toEqual(Object.keys(inputs).sort());
		const lifecycle = callAs(rival).lifecycle as unknown as Record<string, (input: unknown) => Promise<unknown>>;
		for (const name of procedures) {
			const theirs = await errorOf(lifecycle[name]!(inputs[name]!(b.id)));
			const none = await errorOf(lifecycle[name]!(inputs[name]!(missing)));
			expect([theirs.code, theirs.message], name).toEqual(['NOT_FOUND', 'No such booking.']);
			expect([none.code, none.message], name).toEqual([theirs.code, theirs.message]);
		}
		expect(await bookingRow(b.id)).toMatchObject({ stage: 'scheduled', status: 'active' });
		const denials = await app.database.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.resourceId, b.id), eq(auditLog.action, 'access.denied')));
		expect(denials.map((d) => d.actor)).toEqual(procedures.map(() => rival.signedIn.user.id));
	});
});

describe('notices and the transaction', () => {
	/** Fails every transaction that wrote an outbox row, at commit, after all its statements ran. */
	async function failCommitsWithMessages(on: boolean) {
		const db = app.database.db;
		if (on) {
			await db.execute(
				sql`CREATE OR REPLACE FUNCTION test_fail_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'commit refused by test'; END $$`
			);
			await db.execute(
				sql`CREATE CONSTRAINT TRIGGER test_fail_commit AFTER INSERT ON outbox DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION test_fail_commit()`
			);
		} else {
			await db.execute(sql`DROP TRIGGER IF EXISTS test_fail_commit ON outbox`);
		}
	}

	it('leaves no message when the cancellation does not commit, and a retry finishes it', async () => {
		const { booking: b } = await insertBooking(app, { ownerEmail: 'referrer@demo.test', startsAt: farTime() });
		const messages = await outboxCount();
		await failCommitsWithMessages(true);
		try {
			await expect(callAs(referrer).lifecycle.cancel({ bookingId: b.id, acceptFee: false })).rejects.toThrow();
		} finally {
			await failCommitsWithMessages(false);
		}
		expect(await outboxCount()).toBe(messages);
		expect(await bookingRow(b.id)).toMatchObject({ stage: 'scheduled', status: 'active' });
		expect(await historyOf(b.id)).toHaveLength(1);
		const audit = await app.database.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.resourceId, b.id), eq(auditLog.action, 'booking.cancel')));
		expect(audit).toHaveLength(0);
		// The provider had already cancelled it: the retry only does the local half.
		const done = await callAs(referrer).lifecycle.cancel({ bookingId: b.id, acceptFee: false });
		expect(done.booking.stage).toBe('cancelled');
		expect(await outboxCount()).toBe(messages + 2);
	});

	it('moves the provider’s time back when the reschedule does not commit', async () => {
		const from = await freeTime(18);
		const { booking: b, appointment: a } = await insertBooking(app, { ownerEmail: 'referrer@demo.test', startsAt: from });
		const to = await freeTime(19);
		const messages = await outboxCount();
		await failCommitsWithMessages(true);
		try {
			await expect(callAs(referrer).lifecycle.reschedule({ bookingId: b.id, startsAt: to })).rejects.toThrow();
		} finally {
			await failCommitsWithMessages(false);
		}
		expect(await outboxCount()).toBe(messages);
		expect(await bookingRow(b.id)).toMatchObject({ startsAt: from, stage: 'scheduled' });
		expect(await appointmentRow(a.id)).toMatchObject({ startsAt: from, status: 'confirmed' });
		expect(await freeOn(sydneyDate(to))).toContain(to.toISOString());
	});
});
