/**
 * Appointments made directly in Acuity become bookings in one admin form, or are matched to a
 * booking that lost its own; the queue and the dashboard count them until then.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { appointment, appointmentType, auditLog, booking, bookingDraft, bookingHistory, member, outbox, specialist } from '../../db/schema';
import { DEMO_PASSWORD, seedDemo } from '../../demo/seed';
import { createDraft } from './drafts';
import { actorById, createTestApp, signIn, type TestApp } from '../../testing/app';
import { insertBooking, userIdOf } from '../../testing/bookings';
import { busyIntervalOf } from '../scheduling/builtin/availability';
import { openExaminee } from './examinee';
import { adoptionForm, adoptUpstream, countWaiting, matchUpstream } from './adopt-upstream';

let app: TestApp;
let adminId: string;
let referrerMemberId: string;

beforeAll(async () => {
	app = await createTestApp();
	await seedDemo(app);
	adminId = await userIdOf(app, 'admin@demo.test');
	const [m] = await app.database.db
		.select()
		.from(member)
		.where(eq(member.userId, await userIdOf(app, 'referrer@demo.test')));
	referrerMemberId = m!.id;
});
afterAll(() => app.close());

let k = 0;
/** What the webhook leaves behind for an appointment made in Acuity: an upstream row, no booking. */
async function madeInAcuity(fields: { fieldId: string; value: string }[] = [], idempotencyKey: string | null = null) {
	const db = app.database.db;
	const [s] = await db.select().from(specialist).where(eq(specialist.displayName, 'Dr Sam Specialist'));
	const [t] = await db.select().from(appointmentType).where(eq(appointmentType.name, 'IME — in person'));
	const startsAt = new Date(Date.UTC(2027, 8, 1 + ++k, 0, 0));
	const busy = busyIntervalOf(startsAt, t!.durationMinutes, t!.paddingBeforeMinutes, t!.paddingAfterMinutes);
	const client = { firstName: 'Wanda', lastName: 'Walkin', email: 'wanda@example.com', phone: '0400 000 001', fields };
	const [a] = await db
		.insert(appointment)
		.values({
			provider: 'builtin',
			providerAppointmentId: crypto.randomUUID(),
			specialistId: s!.id,
			appointmentTypeId: t!.id,
			startsAt,
			endsAt: new Date(startsAt.getTime() + t!.durationMinutes * 60_000),
			busyFrom: busy.start,
			busyTo: busy.end,
			source: 'upstream',
			idempotencyKey,
			clientEncrypted: app.cipher.encrypt(JSON.stringify(client), 'appointment-client')
		})
		.returning();
	return { appointment: a!, type: t! };
}

const examinee = {
	givenNames: 'Wanda',
	familyName: 'Walkin',
	dateOfBirth: '1975-05-05',
	phone: '0400 000 001',
	email: 'wanda@example.com',
	address: '5 Side Street, Sydney NSW 2000',
	claimNumber: '',
	dateOfInjury: '',
	interpreter: 'no',
	language: '',
	matterReference: ''
};

function answersFor(t: { intakeFields: { id: string; type: string; options: string[] }[] }) {
	return Object.fromEntries(
		t.intakeFields.map((f) => [
			`q_${f.id}`,
			f.type === 'yesno' ? 'no' : f.type === 'dropdown' ? f.options[0]! : f.type === 'checkboxlist' ? [f.options[0]!] : 'Answer'
		])
	);
}

describe('appointments made in Acuity', () => {
	it('prefill the form from what Acuity holds', async () => {
		const { appointment: a, type } = await madeInAcuity();
		const form = await adoptionForm(app, a.id);
		expect(form.examinee).toMatchObject({ givenNames: 'Wanda', familyName: 'Walkin', email: 'wanda@example.com' });
		expect(form.type.intakeFields.length).toBe(type.intakeFields.length);
		expect(form.referrers.some((r) => r.memberId === referrerMemberId)).toBe(true);
		expect(form.referrers.every((r) => r.email !== 'specialist@demo.test' && r.email !== 'admin@demo.test')).toBe(true);
	});

	it('become a booking for the chosen referrer, once, with history, audit and a confirmation', async () => {
		const { appointment: a, type } = await madeInAcuity();
		const before = await countWaiting(app);
		const { bookingId } = await adoptUpstream(app, actorById(adminId), {
			appointmentId: a.id,
			memberId: referrerMemberId,
			examinee,
			intake: answersFor(type)
		});
		const [b] = await app.database.db.select().from(booking).where(eq(booking.id, bookingId));
		expect(b!.appointmentId).toBe(a.id);
		expect(b!.ownerUserId).toBe(await userIdOf(app, 'referrer@demo.test'));
		expect(b!.createdByUserId).toBe(adminId);
		expect(openExaminee(app.cipher, b!.examineeEncrypted).familyName).toBe('Walkin');
		expect(await countWaiting(app)).toBe(before - 1);
		expect(await app.database.db.$count(bookingHistory, eq(bookingHistory.bookingId, bookingId))).toBe(1);
		expect(await app.database.db.$count(auditLog, eq(auditLog.resourceId, bookingId))).toBeGreaterThanOrEqual(1);
		expect(await app.database.db.$count(outbox, eq(outbox.template, 'booking_confirmed'))).toBeGreaterThanOrEqual(1);
		await expect(
			adoptUpstream(app, actorById(adminId), { appointmentId: a.id, memberId: referrerMemberId, examinee, intake: answersFor(type) })
		).rejects.toMatchObject({
			code: 'NOT_FOUND'
		});
	});

	it('refuse a form with the field to fix named, and change nothing', async () => {
		const { appointment: a, type } = await madeInAcuity();
		await expect(
			adoptUpstream(app, actorById(adminId), {
				appointmentId: a.id,
				memberId: referrerMemberId,
				examinee: { ...examinee, dateOfBirth: 'soon' },
				intake: answersFor(type)
			})
		).rejects.toMatchObject({ field: 'dateOfBirth' });
		const specialistMember = crypto.randomUUID();
		await expect(
			adoptUpstream(app, actorById(adminId), { appointmentId: a.id, memberId: specialistMember, examinee, intake: answersFor(type) })
		).rejects.toMatchObject({
			field: 'memberId'
		});
		expect(await app.database.db.$count(booking, eq(booking.appointmentId, a.id))).toBe(0);
	});

	it('match a booking whose own appointment was cancelled, moving it to the new time', async () => {
		const { appointment: a } = await madeInAcuity();
		const old = await insertBooking(app, { ownerEmail: 'referrer@demo.test' });
		const refused = matchUpstream(app, actorById(adminId), { appointmentId: a.id, reference: old.booking.reference });
		await expect(refused).rejects.toMatchObject({ code: 'CONFLICT', field: 'reference' });
		await app.database.db.update(appointment).set({ status: 'cancelled' }).where(eq(appointment.id, old.booking.appointmentId!));
		await matchUpstream(app, actorById(adminId), { appointmentId: a.id, reference: old.booking.reference.toLowerCase() });
		const [b] = await app.database.db.select().from(booking).where(eq(booking.id, old.booking.id));
		expect(b!.appointmentId).toBe(a.id);
		expect(b!.startsAt.getTime()).toBe(a.startsAt.getTime());
		expect(b!.stage).toBe('rescheduled');
	});

	it('include one of ours whose confirmation can no longer be finished (its draft is gone), and not one whose can', async () => {
		const referrer = (await signIn(app, 'referrer@demo.test', DEMO_PASSWORD)).signedIn;
		const draft = await createDraft(app, referrer, {});
		const before = await countWaiting(app);
		await madeInAcuity([], draft.id);
		expect(await countWaiting(app)).toBe(before);
		await app.database.db.delete(bookingDraft).where(eq(bookingDraft.id, draft.id));
		expect(await countWaiting(app)).toBe(before + 1);
	});

	it('cannot be matched to a booking that does not exist, naming the reference', async () => {
		const { appointment: a } = await madeInAcuity();
		await expect(matchUpstream(app, actorById(adminId), { appointmentId: a.id, reference: 'IME-NOPE99' })).rejects.toMatchObject({
			field: 'reference'
		});
	});
});
