/**
 * A booking carries its place: confirming an in-person examination keeps the address of the
 * specialist's rooms that day (in the booking, the confirmation email and its calendar event), a
 * telehealth one keeps none, and a move to a day at other rooms changes the address and says so.
 * Dr Sam Specialist (demo) is on Macquarie Street, Sydney, Monday to Wednesday and in Parramatta on
 * Thursday and Friday.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDayOfWeek, parseDate } from '@internationalized/date';
import { and, eq } from 'drizzle-orm';
import { appointment, appointmentType, booking, member, outbox, specialist } from '../../db/schema';
import { DEMO_PASSWORD, seedDemo } from '../../demo/seed';
import { createTestApp, signIn, type TestApp } from '../../testing/app';
import type { SignedIn } from '../../auth/session';
import type { RequestMeta } from '../accounts/request-meta';
import { actorFor } from '../../auth/actor';
import { scopeFor } from '../../auth/scope';
import { openMessage } from '../outbox/outbox';
import { confirmBooking } from './confirm';
import { createDraft, saveDraft } from './drafts';
import { reschedule } from './booking-lifecycle';
import { bookingDetail } from './booking-views';
import { followUpstream } from './upstream-sync';
import { draftSummary } from './wizard';
import { getDraft } from './drafts';
import { adoptUpstream } from './adopt-upstream';
import { busyIntervalOf } from '../scheduling/builtin/availability';

let app: TestApp;
let referrer: { signedIn: SignedIn; meta: RequestMeta };
let samId: string;
const typeIds = new Map<string, string>();
const examinee = {
	givenNames: 'Zoë',
	familyName: 'Placetest',
	dateOfBirth: '1975-06-30',
	phone: '0412 345 678',
	email: '',
	address: '12 Harbour Street, Sydney NSW 2000',
	claimNumber: 'WC-1234',
	dateOfInjury: '',
	interpreter: 'no' as const,
	language: '',
	matterReference: ''
};
const intake = { 'q_body-parts': 'Lower back', 'q_prior-ime': 'no', 'q_claim-type': 'Workers compensation' };
const TZ = 'Australia/Sydney';

beforeAll(async () => {
	app = await createTestApp();
	await seedDemo(app);
	referrer = await signIn(app, 'referrer@demo.test', DEMO_PASSWORD);
	[{ id: samId }] = (await app.database.db
		.select({ id: specialist.id })
		.from(specialist)
		.where(eq(specialist.displayName, 'Dr Sam Specialist'))) as [{ id: string }];
	for (const t of await app.database.db.select().from(appointmentType)) typeIds.set(t.name, t.id);
});
afterAll(() => app.close());

/** A free time of Dr Sam for this exam type on the next date (at least 10 days out) whose ISO weekday is `weekday`. */
async function freeTimeOn(weekday: number, typeName: string, skip = 0): Promise<string> {
	const typeId = typeIds.get(typeName)!;
	for (let d = 10; d < 60; d++) {
		const date = new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);
		if (getDayOfWeek(parseDate(date), 'en-AU', 'mon') + 1 !== weekday) continue;
		const { value } = await app.scheduling.availableTimes(samId, typeId, date, TZ);
		if (value[skip]) return value[skip]!.startsAt;
	}
	throw new Error('no free time found');
}

async function book(typeName: string, startsAt: string) {
	const d = await createDraft(app, referrer.signedIn, {});
	await saveDraft(app, referrer.signedIn, d.id, {
		appointmentTypeId: typeIds.get(typeName)!,
		specialistId: samId,
		startsAt,
		examinee,
		intake: typeName === 'IME — in person' || typeName === 'IME — telehealth' ? intake : {}
	});
	const { bookingId } = await confirmBooking(app, referrer.signedIn, actorFor(referrer.meta, referrer.signedIn), d.id, {
		acceptLateFee: true
	});
	const [row] = await app.database.db.select().from(booking).where(eq(booking.id, bookingId));
	return row!;
}

/** The newest email of a template about this booking, opened. */
async function lastMessage(template: string, bookingId: string) {
	const rows = await app.database.db.select().from(outbox).where(eq(outbox.template, template));
	const opened = rows.map((r) => openMessage(app.cipher, r)).filter((m) => m.link?.endsWith(bookingId));
	return opened.at(-1)!;
}

const MACQUARIE = 'Macquarie Street rooms, Level 4, 135 Macquarie Street, Sydney NSW 2000';
const PARRAMATTA = 'Parramatta rooms, Suite 3, Level 2, 20 Smith Street, Parramatta NSW 2150';

describe('the place of a booking', () => {
	it('keeps the address of a Wednesday in-person examination, and shows it in the email, the calendar event and on the page', async () => {
		const b = await book('IME — in person', await freeTimeOn(3, 'IME — in person'));
		expect(b.locationAddress).toBe(MACQUARIE);
		expect(b.locationId).toBeTruthy();
		const mail = await lastMessage('booking_confirmed', b.id);
		expect(mail.text).toContain(`at ${MACQUARIE} on `);
		expect(mail.attachments?.[0]?.content.replace(/\r\n /g, '')).toContain(
			'LOCATION:Macquarie Street rooms\\, Level 4\\, 135 Macquarie Street\\, Sydney NSW 2000'
		);
		const view = await bookingDetail(app, scopeFor(referrer.signedIn.caller), referrer.signedIn, b.id);
		expect(view?.where).toMatchObject({ telehealth: false, address: MACQUARIE });
		expect(view?.where.directions).toContain('Level 4');
	});

	it('keeps no address for a telehealth examination, and says telehealth instead', async () => {
		const b = await book('IME — telehealth', await freeTimeOn(4, 'IME — telehealth'));
		expect(b).toMatchObject({ locationAddress: '', locationId: null });
		const mail = await lastMessage('booking_confirmed', b.id);
		expect(mail.text).toContain('by telehealth (video call)');
		expect(mail.text).not.toContain('Parramatta');
		expect(mail.attachments?.[0]?.content).toContain('LOCATION:Telehealth (video call)');
		const view = await bookingDetail(app, scopeFor(referrer.signedIn.caller), referrer.signedIn, b.id);
		expect(view?.where.telehealth).toBe(true);
	});

	it('changes the address when the booking moves to a Thursday, in Parramatta, and the notice names the new rooms', async () => {
		const b = await book('IME — in person', await freeTimeOn(2, 'IME — in person', 1));
		expect(b.locationAddress).toBe(MACQUARIE);
		const thursday = new Date(await freeTimeOn(4, 'IME — in person', 2));
		const who = actorFor(referrer.meta, referrer.signedIn);
		await reschedule(app, who, scopeFor(referrer.signedIn.caller), b.id, thursday);
		const [moved] = await app.database.db
			.select()
			.from(booking)
			.where(and(eq(booking.id, b.id)));
		expect(moved).toMatchObject({ locationAddress: PARRAMATTA, stage: 'rescheduled' });
		expect(moved!.locationId).not.toBe(b.locationId);
		const notice = await lastMessage('booking_rescheduled', b.id);
		expect(notice.text).toContain(`at ${PARRAMATTA} has moved`);
		expect(notice.attachments?.[0]?.content.replace(/\r\n /g, '')).toContain('Parramatta NSW 2150');
	});

	it('follows a move made in Acuity to a Thursday with the Parramatta address', async () => {
		const b = await book('IME — in person', await freeTimeOn(1, 'IME — in person', 1));
		expect(b.locationAddress).toBe(MACQUARIE);
		const to = new Date(await freeTimeOn(4, 'IME — in person', 3));
		await app.database.db.transaction((tx) =>
			followUpstream(tx, app, {
				kind: 'moved',
				appointmentId: b.appointmentId!,
				fromStartsAt: b.startsAt,
				toStartsAt: to,
				toEndsAt: new Date(to.getTime() + 60 * 60_000),
				fromSpecialistId: samId,
				toSpecialistId: samId
			})
		);
		const [moved] = await app.database.db.select().from(booking).where(eq(booking.id, b.id));
		expect(moved).toMatchObject({ locationAddress: PARRAMATTA, startsAt: to });
		expect((await lastMessage('booking_rescheduled', b.id)).text).toContain(PARRAMATTA);
	});

	it('shows the wizard the address of the chosen time, and none for telehealth', async () => {
		const summaryOf = async (typeName: string, startsAt: string) => {
			const d = await createDraft(app, referrer.signedIn, {});
			await saveDraft(app, referrer.signedIn, d.id, { appointmentTypeId: typeIds.get(typeName)!, specialistId: samId, startsAt });
			return draftSummary(app, (await getDraft(app, referrer.signedIn, d.id))!);
		};
		const friday = await summaryOf('IME — in person', await freeTimeOn(5, 'IME — in person'));
		expect(friday.place).toMatchObject({ name: 'Parramatta rooms', address: PARRAMATTA });
		expect(friday.place?.directions).toContain('Parramatta station');
		expect((await summaryOf('IME — in person', await freeTimeOn(1, 'IME — in person'))).place?.address).toBe(MACQUARIE);
		const telehealth = await summaryOf('IME — telehealth', await freeTimeOn(5, 'IME — telehealth'));
		expect(telehealth.place).toBeNull();
		expect(telehealth.type?.mode).toBe('telehealth');
	});

	it('gives an appointment made in Acuity, turned into a booking, the address of its day', async () => {
		const db = app.database.db;
		const [t] = await db.select().from(appointmentType).where(eq(appointmentType.name, 'IME — in person'));
		// Thursday 2 September 2027, 9:00 in Sydney (AEST).
		const startsAt = new Date('2027-09-01T23:00:00Z');
		const busy = busyIntervalOf(startsAt, t!.durationMinutes, t!.paddingBeforeMinutes, t!.paddingAfterMinutes);
		const [a] = await db
			.insert(appointment)
			.values({
				provider: 'builtin',
				providerAppointmentId: crypto.randomUUID(),
				specialistId: samId,
				appointmentTypeId: t!.id,
				startsAt,
				endsAt: new Date(startsAt.getTime() + t!.durationMinutes * 60_000),
				busyFrom: busy.start,
				busyTo: busy.end,
				source: 'upstream'
			})
			.returning();
		const [m] = await db.select().from(member).where(eq(member.userId, referrer.signedIn.user.id));
		const { bookingId } = await adoptUpstream(app, actorFor(referrer.meta, referrer.signedIn), {
			appointmentId: a!.id,
			memberId: m!.id,
			examinee,
			intake
		});
		const [b] = await db.select().from(booking).where(eq(booking.id, bookingId));
		expect(b!.locationAddress).toBe(PARRAMATTA);
		expect((await lastMessage('booking_confirmed', bookingId)).text).toContain(PARRAMATTA);
	});
});
