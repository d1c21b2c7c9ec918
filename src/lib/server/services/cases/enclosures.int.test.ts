/**
 * Enclosure checklists: templates (defaults by category, an admin's own, audited), the checklist
 * written when a booking is confirmed, due dates that follow a move, standing read from the
 * documents, "not applicable" with a sealed reason and its undo, and the daily digest sent exactly
 * once per referrer per day, even when two instances run it at the same moment.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { and, eq, sql } from 'drizzle-orm';
import { appRouter } from '../../routers/_app';
import { createCallerFactory } from '../../trpc';
import type { SignedIn } from '../../auth/session';
import { actorFor } from '../../auth/actor';
import { appointmentType, auditLog, booking, bookingEnclosure, document, enclosureDigest, outbox, specialist } from '../../db/schema';
import { DEMO_PASSWORD, seedDemo } from '../../demo/seed';
import type { RequestMeta } from '../accounts/request-meta';
import { openMessage } from '../outbox/outbox';
import { createTestApp, localsOf, signIn, type TestApp } from '../../testing/app';
import { insertBooking, userIdOf } from '../../testing/bookings';
import { confirmBooking } from '../booking/confirm';
import { createDraft, saveDraft } from '../booking/drafts';
import { dueOn } from './business-days';
import {
	createChecklist,
	defaultTemplate,
	enclosureViews,
	recomputeDueDates,
	runEnclosureReminders,
	sendEnclosureDigests,
	templateOfType,
	todayIn
} from './enclosures';

type Session = { signedIn: SignedIn; meta: RequestMeta };
let app: TestApp;
let admin: Session;
let referrer: Session;
let teamlead: Session;
let rival: Session;
let specialistUser: Session;
let samId: string;
let imeId: string;
let fileReviewId: string;
const call = createCallerFactory(appRouter);
const callAs = (s: Session) => call(localsOf(app, s.meta, s.signedIn));
const DAY = 86_400_000;

beforeAll(async () => {
	app = await createTestApp();
	await seedDemo(app);
	[admin, referrer, teamlead, rival, specialistUser] = (await Promise.all(
		['admin', 'referrer', 'teamlead', 'rival', 'specialist'].map((u) => signIn(app, `${u}@demo.test`, DEMO_PASSWORD))
	)) as Session[] as [Session, Session, Session, Session, Session];
	const db = app.database.db;
	[{ id: samId }] = (await db.select({ id: specialist.id }).from(specialist).where(eq(specialist.displayName, 'Dr Sam Specialist'))) as [
		{ id: string }
	];
	[{ id: imeId }] = (await db
		.select({ id: appointmentType.id })
		.from(appointmentType)
		.where(eq(appointmentType.name, 'IME — in person'))) as [{ id: string }];
	[{ id: fileReviewId }] = (await db
		.select({ id: appointmentType.id })
		.from(appointmentType)
		.where(eq(appointmentType.name, 'File review'))) as [{ id: string }];
});
afterAll(() => app.close());

const itemsOf = async (bookingId: string) =>
	app.database.db.select().from(bookingEnclosure).where(eq(bookingEnclosure.bookingId, bookingId)).orderBy(bookingEnclosure.category);
const viewsOf = async (bookingId: string, today = todayIn(new Date())) =>
	(await enclosureViews(app.database.db, [bookingId], today)).get(bookingId)!;

async function addDocument(bookingId: string, category: 'medical_records' | 'brief' | 'imaging' | 'consent_form', uploader: string) {
	const [row] = await app.database.db
		.insert(document)
		.values({
			bookingId,
			category,
			nameEncrypted: app.cipher.encrypt('records.pdf', 'document-name'),
			contentType: 'application/pdf',
			extension: 'pdf',
			sizeBytes: 10,
			sha256: 'a'.repeat(64),
			storeKind: 'local',
			storageKey: crypto.randomUUID(),
			keyEncrypted: 'sealed',
			uploadedByUserId: uploader
		})
		.returning();
	return row!;
}

async function errorCode(p: Promise<unknown>) {
	try {
		await p;
	} catch (err) {
		return err instanceof TRPCError ? err.code : (err as { code?: string }).code;
	}
	return 'none';
}

describe('templates', () => {
	it('default by the exam type’s category', async () => {
		expect(defaultTemplate('IME').map((i) => i.category)).toEqual(['brief', 'consent_form', 'medical_records', 'imaging']);
		expect(defaultTemplate('File review').map((i) => i.category)).toEqual(['medical_records']);
		expect(defaultTemplate('Supplementary').map((i) => i.category)).toEqual(['brief']);
		expect(defaultTemplate('IME').every((i) => i.businessDaysBefore === 10)).toBe(true);
		expect(await templateOfType(app.database.db, fileReviewId)).toMatchObject({
			isDefault: true,
			items: [{ category: 'medical_records' }]
		});
	});

	it('an admin saves a type’s own template (audited); invalid days and other roles are refused', async () => {
		const items = [
			{ category: 'medical_records', label: 'Clinical notes', businessDaysBefore: 5 },
			{ category: 'imaging', label: 'MRI films', businessDaysBefore: '7' }
		];
		await callAs(admin).enclosures.saveTemplate({ appointmentTypeId: fileReviewId, items });
		expect(await templateOfType(app.database.db, fileReviewId)).toEqual({
			isDefault: false,
			items: [
				{ category: 'medical_records', label: 'Clinical notes', businessDaysBefore: 5 },
				{ category: 'imaging', label: 'MRI films', businessDaysBefore: 7 }
			]
		});
		const audits = await app.database.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'enclosure.template_update'), eq(auditLog.resourceId, fileReviewId)));
		expect(audits).toHaveLength(1);
		expect(
			await errorCode(
				callAs(admin).enclosures.saveTemplate({
					appointmentTypeId: fileReviewId,
					items: [{ category: 'brief', label: 'L', businessDaysBefore: 61 }]
				})
			)
		).toBe('BAD_REQUEST');
		expect(
			await errorCode(
				callAs(admin).enclosures.saveTemplate({
					appointmentTypeId: fileReviewId,
					items: [
						{ category: 'brief', label: 'A', businessDaysBefore: 1 },
						{ category: 'brief', label: 'B', businessDaysBefore: 2 }
					]
				})
			)
		).toBe('BAD_REQUEST');
		expect(await errorCode(callAs(referrer).enclosures.saveTemplate({ appointmentTypeId: fileReviewId, items: [] }))).toBe('FORBIDDEN');
		// A new booking of the type takes the saved template.
		const { booking: b } = await insertBooking(app, {
			ownerEmail: 'referrer@demo.test',
			typeName: 'File review',
			startsAt: new Date(Date.now() + 60 * DAY)
		});
		await createChecklist(app.database.db, b.id);
		expect((await itemsOf(b.id)).map((i) => [i.category, i.label, i.businessDaysBefore])).toEqual([
			['imaging', 'MRI films', 7],
			['medical_records', 'Clinical notes', 5]
		]);
		// Empty goes back to the default.
		await callAs(admin).enclosures.saveTemplate({ appointmentTypeId: fileReviewId, items: [] });
		expect((await templateOfType(app.database.db, fileReviewId))?.isDefault).toBe(true);
	});
});

describe('checklists', () => {
	it('are written when a booking is confirmed, due in the clinic’s business days', async () => {
		const tz = 'Australia/Sydney';
		const month = new Date(Date.now() + 40 * DAY).toISOString().slice(0, 7);
		const { value: dates } = await app.scheduling.availableDates(samId, imeId, month, tz);
		const date = dates.at(-1)!;
		const { value: times } = await app.scheduling.availableTimes(samId, imeId, date, tz);
		const startsAt = times.at(-1)!.startsAt;
		const d = await createDraft(app, referrer.signedIn, {});
		await saveDraft(app, referrer.signedIn, d.id, {
			appointmentTypeId: imeId,
			specialistId: samId,
			startsAt,
			examinee: {
				givenNames: 'Zoë',
				familyName: 'Enclosure',
				dateOfBirth: '1975-06-30',
				phone: '0412 345 678',
				email: '',
				address: '1 Test Street, Sydney NSW 2000',
				claimNumber: 'WC-9',
				dateOfInjury: '',
				interpreter: 'no',
				language: '',
				matterReference: ''
			},
			intake: { 'q_body-parts': 'Back', 'q_prior-ime': 'no', 'q_claim-type': 'Workers compensation' }
		});
		const { bookingId } = await confirmBooking(app, referrer.signedIn, actorFor(referrer.meta, referrer.signedIn), d.id, {
			acceptLateFee: true
		});
		const [b] = await app.database.db.select().from(booking).where(eq(booking.id, bookingId));
		const rows = await itemsOf(bookingId);
		expect(rows.map((r) => r.category).sort()).toEqual(['brief', 'consent_form', 'imaging', 'medical_records']);
		for (const r of rows) {
			expect(r.state).toBe('pending');
			expect(r.dueOn).toBe(dueOn(b!.startsAt, b!.clinicTimeZone, 10, 'NSW'));
		}
		// Twice is harmless.
		await createChecklist(app.database.db, bookingId);
		expect(await itemsOf(bookingId)).toHaveLength(4);
	});

	it('move their due dates when the examination is rescheduled', async () => {
		const from = new Date(Date.now() + 30 * DAY);
		const { booking: b } = await insertBooking(app, { ownerEmail: 'referrer@demo.test', startsAt: from });
		await createChecklist(app.database.db, b.id);
		const before = (await itemsOf(b.id))[0]!.dueOn;
		// Any later free time of the specialist.
		let to: Date | null = null;
		for (let day = 45; day < 90 && !to; day++) {
			const date = new Date(Date.now() + day * DAY).toISOString().slice(0, 10);
			const { value } = await app.scheduling.availableTimes(samId, imeId, date, 'Australia/Sydney');
			if (value[0]) to = new Date(value[0].startsAt);
		}
		await callAs(referrer).lifecycle.reschedule({ bookingId: b.id, startsAt: to! });
		const after = await itemsOf(b.id);
		expect(after[0]!.dueOn > before).toBe(true);
		for (const r of after) expect(r.dueOn).toBe(dueOn(to!, b.clinicTimeZone, r.businessDaysBefore, 'NSW'));
		// recomputeDueDates alone is idempotent.
		await recomputeDueDates(app.database.db, b.id);
		expect(await itemsOf(b.id)).toEqual(after);
	});

	it('read their standing from the documents: overdue, due soon, met while a live document is there', async () => {
		const { booking: b } = await insertBooking(app, { ownerEmail: 'referrer@demo.test', startsAt: new Date(Date.now() + 5 * DAY) });
		await createChecklist(app.database.db, b.id);
		const today = todayIn(new Date());
		expect((await viewsOf(b.id, today)).every((v) => v.standing === 'overdue' && v.businessDaysLeft! < 0)).toBe(true);
		// Seen from well before, the same items are due; from 2 business days before, due soon.
		const due = (await itemsOf(b.id))[0]!.dueOn;
		expect((await viewsOf(b.id, '2020-01-01')).every((v) => v.standing === 'due')).toBe(true);
		const uploader = await userIdOf(app, 'referrer@demo.test');
		const doc = await addDocument(b.id, 'medical_records', uploader);
		const met = (await viewsOf(b.id, today)).find((v) => v.category === 'medical_records')!;
		expect(met).toMatchObject({ standing: 'met', businessDaysLeft: null });
		expect((await itemsOf(b.id)).find((r) => r.category === 'medical_records')!.metDocumentId).toBe(doc.id);
		// Deleted, the item is open again.
		await app.database.db.update(document).set({ deletedAt: new Date(), deletedByUserId: uploader }).where(eq(document.id, doc.id));
		expect((await viewsOf(b.id, today)).find((v) => v.category === 'medical_records')!.standing).toBe('overdue');
		expect(due < today).toBe(true);
	});

	it('shows due soon within 3 business days of the due date', async () => {
		const { booking: b } = await insertBooking(app, { ownerEmail: 'referrer@demo.test', startsAt: new Date(Date.UTC(2027, 2, 24, 0)) });
		await createChecklist(app.database.db, b.id);
		const [r] = await itemsOf(b.id);
		// Wednesday 24 March 2027 (11:00 Sydney): 10 business days before is Wednesday 10 March.
		expect(r!.dueOn).toBe('2027-03-10');
		const at = async (today: string) => (await viewsOf(b.id, today))[0]!;
		expect(await at('2027-03-04')).toMatchObject({ standing: 'due', businessDaysLeft: 4 });
		expect(await at('2027-03-05')).toMatchObject({ standing: 'due_soon', businessDaysLeft: 3 });
		expect(await at('2027-03-10')).toMatchObject({ standing: 'due_soon', businessDaysLeft: 0 });
		expect(await at('2027-03-11')).toMatchObject({ standing: 'overdue', businessDaysLeft: -1 });
	});

	it('may be marked not applicable with a sealed reason, and back', async () => {
		const { booking: b } = await insertBooking(app, { ownerEmail: 'referrer@demo.test', startsAt: new Date(Date.now() + 20 * DAY) });
		await createChecklist(app.database.db, b.id);
		const imaging = (await itemsOf(b.id)).find((r) => r.category === 'imaging')!;
		const ref = { bookingId: b.id, enclosureId: imaging.id };
		expect(await errorCode(callAs(referrer).enclosures.notApplicable({ ...ref, reason: 'x' }))).toBe('BAD_REQUEST');
		// Out of scope: as if missing; a specialist's role may not.
		expect(await errorCode(callAs(rival).enclosures.notApplicable({ ...ref, reason: 'No scans were taken' }))).toBe('NOT_FOUND');
		expect(await errorCode(callAs(specialistUser).enclosures.notApplicable({ ...ref, reason: 'No scans were taken' }))).toBe('FORBIDDEN');
		await callAs(teamlead).enclosures.notApplicable({ ...ref, reason: 'No scans were taken for Zoë' });
		const row = (await itemsOf(b.id)).find((r) => r.id === imaging.id)!;
		expect(row.state).toBe('not_applicable');
		expect(row.reasonEncrypted).not.toContain('Zoë');
		expect(app.cipher.decrypt(row.reasonEncrypted!, 'enclosure-reason')).toBe('No scans were taken for Zoë');
		expect((await viewsOf(b.id)).find((v) => v.id === imaging.id)!.standing).toBe('not_applicable');
		const audit = await app.database.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'enclosure.not_applicable'), eq(auditLog.resourceId, b.id)));
		expect(audit).toHaveLength(1);
		expect(JSON.stringify(audit[0]!.details)).not.toContain('Zoë');
		await callAs(referrer).enclosures.reopen(ref);
		const back = (await itemsOf(b.id)).find((r) => r.id === imaging.id)!;
		expect(back).toMatchObject({ state: 'pending', reasonEncrypted: null });
	});
});

describe('the daily digest', () => {
	it('sends one email per referrer per day listing all their items, however often and concurrently it runs', async () => {
		const db = app.database.db;
		const owner = await userIdOf(app, 'owner@demo.test');
		const now = new Date();
		const soon = [3, 4].map((d) => new Date(now.getTime() + d * DAY + d * 3_600_000));
		const made = [];
		for (const startsAt of soon) {
			const { booking: b } = await insertBooking(app, { ownerEmail: 'owner@demo.test', startsAt });
			await createChecklist(db, b.id);
			made.push(b);
		}
		// One item met by a document: not listed.
		await addDocument(made[0]!.id, 'brief', owner);
		// Before 7 am in Sydney the hourly job sends nothing (06:00 AEDT here).
		expect(await runEnclosureReminders(app, new Date('2026-12-02T19:00:00Z'))).toBe(0);
		// Two instances at once, then again.
		const counts = await Promise.all([sendEnclosureDigests(app, now), sendEnclosureDigests(app, now)]);
		await sendEnclosureDigests(app, now);
		expect(counts.reduce((a, n) => a + n, 0)).toBeGreaterThanOrEqual(1);
		const rows = await db
			.select()
			.from(outbox)
			.where(and(eq(outbox.userId, owner), eq(outbox.template, 'enclosure_digest')));
		expect(rows).toHaveLength(1);
		const m = openMessage(app.cipher, rows[0]!);
		expect(m.to).toBe('owner@demo.test');
		// No examinee in the subject; the body lists the references and every open item.
		expect(m.subject).not.toMatch(/Example|Alex/);
		for (const b of made) expect(m.text).toContain(b.reference);
		expect(m.text.match(new RegExp(made[0]!.reference, 'g'))).toHaveLength(3);
		expect(m.text.match(new RegExp(made[1]!.reference, 'g'))).toHaveLength(4);
		expect(m.text).toContain('Medical records');
		expect(m.text).not.toMatch(/Alex|Example/);
		const [digest] = await db
			.select()
			.from(enclosureDigest)
			.where(and(eq(enclosureDigest.userId, owner), eq(enclosureDigest.day, todayIn(now))));
		expect(digest).toMatchObject({ items: 7 });
	});

	it('sends nothing when every item is met or not applicable', async () => {
		const db = app.database.db;
		const lead = await userIdOf(app, 'teamlead@demo.test');
		const { booking: b } = await insertBooking(app, { ownerEmail: 'teamlead@demo.test', startsAt: new Date(Date.now() + 4 * DAY) });
		await createChecklist(db, b.id);
		for (const c of ['brief', 'consent_form', 'medical_records'] as const) await addDocument(b.id, c, lead);
		const imaging = (await itemsOf(b.id)).find((r) => r.category === 'imaging')!;
		await callAs(teamlead).enclosures.notApplicable({ bookingId: b.id, enclosureId: imaging.id, reason: 'No imaging exists' });
		// Other open items of this referrer (from earlier tests) would be listed: close them.
		await db.execute(
			sql`UPDATE booking_enclosure SET state = 'not_applicable' WHERE booking_id IN (SELECT id FROM booking WHERE owner_user_id = ${lead})`
		);
		await sendEnclosureDigests(app, new Date());
		const rows = await db
			.select()
			.from(outbox)
			.where(and(eq(outbox.userId, lead), eq(outbox.template, 'enclosure_digest')));
		expect(rows).toHaveLength(0);
	});
});
