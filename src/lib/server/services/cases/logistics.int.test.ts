/**
 * Claimant logistics: sealed at rest, mode-aware, validated with errors that name the field, in
 * the booking's scope only, the specialist reading just what the day needs (never the examinee's
 * contact details), and audited without a value. Runs on PGlite and on PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { appRouter } from '../../routers/_app';
import { createCallerFactory } from '../../trpc';
import { auditLog, bookingHistory, bookingLogistics } from '../../db/schema';
import { seedDemo, DEMO_PASSWORD } from '../../demo/seed';
import { scopeFor } from '../../auth/scope';
import { actorFor } from '../../auth/actor';
import { AppError } from '../../errors';
import { refusalOf } from '../../forms';
import { createTestApp, localsOf, signIn, type TestApp } from '../../testing/app';
import { insertBooking } from '../../testing/bookings';
import type { SignedIn } from '../../auth/session';
import type { RequestMeta } from '../accounts/request-meta';
import { dayOfLogistics, getLogistics, LOGISTICS_AAD, saveLogistics } from './logistics';

const PRIVATE = { phone: '0499 555 777', email: 'claimant.private@example.com', address: '9 Hidden Road, Sydney NSW 2000' };

let app: TestApp;
const call = createCallerFactory(appRouter);
const sessions = new Map<string, { signedIn: SignedIn; meta: RequestMeta }>();
let inPerson: string;
let tele: string;
let mei: string;

function as(who: string) {
	const s = sessions.get(who)!;
	const meta = { ...s.meta, requestId: crypto.randomUUID() };
	return { actor: actorFor(meta, s.signedIn), scope: scopeFor(s.signedIn.caller), api: call(localsOf(app, meta, s.signedIn)), meta };
}

async function refusal(p: Promise<unknown>) {
	const err = await p.then(
		() => null,
		(e: unknown) => e
	);
	expect(err, 'expected a refusal').not.toBeNull();
	return refusalOf(err);
}

beforeAll(async () => {
	app = await createTestApp();
	await seedDemo(app);
	for (const u of ['admin', 'referrer', 'specialist', 'rival'])
		sessions.set(u, await signIn(app, `${u}@demo.test`, DEMO_PASSWORD).then(({ signedIn, meta }) => ({ signedIn, meta })));
	const examinee = { interpreter: 'yes' as const, language: 'Vietnamese', ...PRIVATE };
	inPerson = (await insertBooking(app, { ownerEmail: 'referrer@demo.test', examinee })).booking.id;
	tele = (await insertBooking(app, { ownerEmail: 'referrer@demo.test', typeName: 'IME — telehealth', examinee })).booking.id;
	mei = (await insertBooking(app, { ownerEmail: 'referrer@demo.test', specialistName: 'Dr Mei Chen' })).booking.id;
});
afterAll(() => app.close());

describe('claimant logistics', () => {
	it('prefills the interpreter from the examinee until saved', async () => {
		const { actor, scope } = as('referrer');
		const v = await getLogistics(app, actor, scope, inPerson);
		expect(v).toMatchObject({ mode: 'in_person', saved: false, canEdit: true });
		expect(v.full?.interpreterLanguage).toBe('Vietnamese');
		expect(v.dayOf).toMatchObject({ interpreterNeeded: true, interpreterLanguage: 'Vietnamese', telehealth: null });
	});

	it('saves and reads back in person, sealed at rest, the telehealth fields dropped, with a history row and an audit without values', async () => {
		const { actor, scope, meta } = as('referrer');
		const saved = await saveLogistics(app, actor, scope, inPerson, {
			interpreterLanguage: 'Vietnamese',
			interpreterDialect: 'Southern',
			interpreterBookedBy: 'service',
			accessibilityNote: 'Uses a wheelchair; ground floor please',
			supportPerson: 'Brother, Minh',
			travelDistanceKm: '145',
			travelBookedBy: 'claimant',
			reimbursementNote: 'Mileage at the scheme rate',
			joinLink: 'https://video.example.test/room/1'
		});
		expect(saved.saved).toBe(true);
		expect(saved.full).toMatchObject({
			interpreterDialect: 'Southern',
			accessibilityNote: 'Uses a wheelchair; ground floor please',
			travelDistanceKm: 145,
			travelBookedBy: 'claimant',
			joinLink: ''
		});
		const again = await getLogistics(app, actor, scope, inPerson);
		expect(again.full).toEqual(saved.full);

		const [row] = await app.database.db.select().from(bookingLogistics).where(eq(bookingLogistics.bookingId, inPerson));
		expect(row!.interpreterNeeded).toBe(true);
		// Words only: a number such as the 145 km can turn up in ciphertext by chance.
		for (const plain of ['Vietnamese', 'wheelchair', 'Minh', 'Mileage']) expect(row!.dataEncrypted).not.toContain(plain);
		expect(app.cipher.decrypt(row!.dataEncrypted, LOGISTICS_AAD)).toContain('Vietnamese');
		expect(() => app.cipher.decrypt(row!.dataEncrypted, 'booking-examinee')).toThrow();

		const history = await app.database.db
			.select()
			.from(bookingHistory)
			.where(and(eq(bookingHistory.bookingId, inPerson), eq(bookingHistory.action, 'logistics.update')));
		expect(history).toHaveLength(1);
		expect(history[0]!.noteEncrypted).toBeNull();

		const audits = await app.database.db.select().from(auditLog).where(eq(auditLog.requestId, meta.requestId));
		const audit = audits.find((a) => a.action === 'booking.logistics_update');
		expect(audit).toMatchObject({ outcome: 'granted', resourceId: inPerson });
		const detail = JSON.stringify(audit!.details);
		expect(detail).toContain('accessibilityNote');
		for (const plain of ['Vietnamese', 'Southern', 'wheelchair', 'Minh', 'Mileage', '145']) expect(detail).not.toContain(plain);
	});

	it('keeps the telehealth fields for a telehealth examination, and drops travel', async () => {
		const { actor, scope } = as('admin');
		const v = await saveLogistics(app, actor, scope, tele, {
			interpreterLanguage: 'Arabic',
			accessibilityNote: 'Hard of hearing',
			supportPerson: 'Partner',
			travelDistanceKm: 30,
			joinLink: 'https://video.example.test/room/42',
			techCheck: 'failed',
			contactForTechnology: 'Harbour Legal front desk 02 9000 0000'
		});
		expect(v.mode).toBe('telehealth');
		expect(v.full).toMatchObject({ travelDistanceKm: '', joinLink: 'https://video.example.test/room/42', techCheck: 'failed' });
		expect(v.dayOf.telehealth).toEqual({
			joinLink: 'https://video.example.test/room/42',
			techCheck: 'failed',
			techCheckLabel: 'Failed',
			contactForTechnology: 'Harbour Legal front desk 02 9000 0000'
		});
		const [row] = await app.database.db.select().from(bookingLogistics).where(eq(bookingLogistics.bookingId, tele));
		expect(row!.techCheck).toBe('failed');
		expect(row!.dataEncrypted).not.toContain('video.example.test');
	});

	it('refuses bad values, naming the field', async () => {
		const { actor, scope, api } = as('referrer');
		const viaApi = await refusal(api.logistics.save({ bookingId: tele, joinLink: 'not a link' }));
		expect(viaApi.status).toBe(400);
		expect(viaApi.fields.joinLink).toMatch(/join link/);
		const negative = await refusal(api.logistics.save({ bookingId: inPerson, travelDistanceKm: '-5' }));
		expect(negative.fields.travelDistanceKm).toBe('The distance cannot be negative.');
		const words = await refusal(saveLogistics(app, actor, scope, inPerson, { travelDistanceKm: 'many' }));
		expect(words.fields).toEqual({ travelDistanceKm: 'Enter the distance in whole kilometres.' });
		const script = await refusal(saveLogistics(app, actor, scope, tele, { joinLink: 'javascript:alert(1)' }));
		expect(script).toMatchObject({ status: 400, fields: { joinLink: expect.stringMatching(/join link/) } });
		const check = await refusal(saveLogistics(app, actor, scope, tele, { techCheck: 'maybe' }));
		expect(Object.keys(check.fields)).toEqual(['techCheck']);
		// Nothing was saved by the refusals.
		expect((await getLogistics(app, actor, scope, tele)).full?.joinLink).toBe('https://video.example.test/room/42');
	});

	it('keeps logistics in the booking’s scope: a rival organisation and another booking’s specialist get "not found"', async () => {
		const rival = as('rival');
		const spec = as('specialist');
		for (const attempt of [
			() => getLogistics(app, rival.actor, rival.scope, inPerson),
			() => saveLogistics(app, rival.actor, rival.scope, inPerson, { accessibilityNote: 'x' }),
			() => getLogistics(app, spec.actor, spec.scope, mei)
		]) {
			const err = await attempt().catch((e: unknown) => e);
			expect(err).toBeInstanceOf(AppError);
			expect((err as AppError).code).toBe('NOT_FOUND');
		}
		expect(await dayOfLogistics(app, rival.actor, rival.scope, [inPerson, tele])).toEqual({});
		const denied = await app.database.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.requestId, rival.meta.requestId), eq(auditLog.action, 'access.denied')));
		expect(denied.length).toBeGreaterThan(0);
		// Their own booking's specialist reads, but may not change them.
		const forbidden = await saveLogistics(app, spec.actor, spec.scope, inPerson, { accessibilityNote: 'x' }).catch((e: unknown) => e);
		expect((forbidden as AppError).code).toBe('FORBIDDEN');
	});

	it('shows the specialist the day’s fields and never the examinee’s contact details', async () => {
		const { actor, scope, api } = as('specialist');
		const v = await getLogistics(app, actor, scope, tele);
		expect(v.canEdit).toBe(false);
		expect(v.full).toBeNull();
		expect(v.dayOf).toMatchObject({ interpreterLanguage: 'Arabic', accessibilityNote: 'Hard of hearing', supportPerson: 'Partner' });
		const inPersonView = await getLogistics(app, actor, scope, inPerson);
		// Its id and time stamp left out: a UUID or a time can hold "145" by chance.
		expect(JSON.stringify({ ...inPersonView, bookingId: null, updatedAt: null })).not.toMatch(/Mileage|145|claimant/);

		const list = await api.logistics.dayOf({ bookingIds: [inPerson, tele, mei] });
		expect(Object.keys(list).sort()).toEqual([inPerson, tele].sort());
		expect(list[inPerson]).toMatchObject({ interpreterLanguage: 'Vietnamese', telehealth: null });
		expect(list[tele]!.telehealth).toMatchObject({ joinLink: 'https://video.example.test/room/42', techCheckLabel: 'Failed' });

		// What the specialist's booking page loads: the booking and its logistics.
		const page = JSON.stringify([await api.bookings.get({ id: tele }), await api.logistics.get({ bookingId: tele }), list]);
		for (const contact of Object.values(PRIVATE)) expect(page).not.toContain(contact);
		// The referrer does see them (the test can fail).
		const referrer = JSON.stringify(await as('referrer').api.bookings.get({ id: tele }));
		expect(referrer).toContain(PRIVATE.phone);
	});
});
