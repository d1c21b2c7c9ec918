/**
 * The zone a person reads times in: detected once from the browser (this endpoint), chosen on the
 * Account page (its form action), carried by the session, audited as a change to one's own
 * account; and what it changes in what a Perth referrer is told (the cancel deadline, the emails).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isActionFailure, type RequestEvent } from '@sveltejs/kit';
import { and, eq } from 'drizzle-orm';
import { auditLog, outbox, user } from '$lib/server/db/schema';
import { DEMO_PASSWORD, seedDemo } from '$lib/server/demo/seed';
import { resolveSession, type SignedIn } from '$lib/server/auth/session';
import { createTestApp, localsOf, requestFrom, signIn, type TestApp } from '$lib/server/testing/app';
import { insertBooking, userIdOf } from '$lib/server/testing/bookings';
import type { RequestMeta } from '$lib/server/services/accounts/request-meta';
import { openMessage } from '$lib/server/services/outbox/outbox';
import { enqueueChangeNotices, enqueueConfirmation } from '$lib/server/services/booking/lifecycle-notices';
import { actions as accountActions } from '../../../(app)/account/+page.server';
import { lifecycleActions } from '../../../(app)/bookings/[id=uuid]/lifecycle-actions.server';
import { POST } from './+server';

type Session = { signedIn: SignedIn; meta: RequestMeta };
let app: TestApp;

beforeAll(async () => {
	app = await createTestApp();
	await seedDemo(app);
});
afterAll(() => app.close());

/** The endpoint called as the layout calls it, with this body (a string is sent as it is). */
async function detect(as: Session | null, body: unknown) {
	const url = new URL('http://localhost:5173/api/account/time-zone');
	const meta = as?.meta ?? requestFrom();
	const request = new Request(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: typeof body === 'string' ? body : JSON.stringify(body)
	});
	const res = await POST({ request, url, params: {}, locals: localsOf(app, meta, as?.signedIn ?? null) } as unknown as RequestEvent);
	return { status: res.status, body: (await res.json()) as Record<string, unknown>, requestId: meta.requestId };
}

/** The Account page's form, posted as a browser without JavaScript would. */
async function choose(as: Session, timeZone: string) {
	const body = new FormData();
	body.set('timeZone', timeZone);
	const event = {
		locals: localsOf(app, as.meta, as.signedIn),
		url: new URL('http://localhost:5173/account?/timeZone'),
		request: new Request('http://localhost:5173/account?/timeZone', { method: 'POST', body })
	};
	return accountActions.timeZone(event as unknown as Parameters<typeof accountActions.timeZone>[0]);
}

const storedZone = async (userId: string) =>
	(await app.database.db.select({ timeZone: user.timeZone }).from(user).where(eq(user.id, userId)))[0]?.timeZone;

const auditOf = (userId: string) =>
	app.database.db
		.select()
		.from(auditLog)
		.where(and(eq(auditLog.action, 'user.time_zone_change'), eq(auditLog.resourceId, userId)));

describe('detecting the zone from the browser', () => {
	it('keeps a zone the runtime knows, carries it with the session from then on, and audits it', async () => {
		const s = await signIn(app, 'teamlead@demo.test', DEMO_PASSWORD);
		expect(s.signedIn.user.timeZone).toBeNull();
		const r = await detect(s, { timeZone: 'Australia/Perth' });
		expect(r).toMatchObject({ status: 200, body: { timeZone: 'Australia/Perth', changed: true } });
		expect(await storedZone(s.signedIn.user.id)).toBe('Australia/Perth');
		expect((await resolveSession(app, s.meta))?.user.timeZone).toBe('Australia/Perth');
		const rows = await auditOf(s.signedIn.user.id);
		expect(rows.map((a) => [a.actor, a.outcome, a.resourceType, a.requestId, a.details])).toEqual([
			[s.signedIn.user.id, 'granted', 'user', s.meta.requestId, { timeZone: 'Australia/Perth', how: 'detected' }]
		]);
	});

	it('never replaces a zone already stored (another tab, or one chosen on the Account page)', async () => {
		const s = await signIn(app, 'owner@demo.test', DEMO_PASSWORD);
		await choose(s, 'Pacific/Auckland');
		const r = await detect(s, { timeZone: 'Australia/Sydney' });
		expect(r).toMatchObject({ status: 200, body: { timeZone: 'Pacific/Auckland', changed: false } });
		expect(await storedZone(s.signedIn.user.id)).toBe('Pacific/Auckland');
		expect((await auditOf(s.signedIn.user.id)).map((a) => (a.details as { how: string }).how)).toEqual(['chosen']);
	});

	it('answers 400 naming timeZone for a zone the runtime does not know, or no zone at all, and keeps nothing', async () => {
		const s = await signIn(app, 'rival@demo.test', DEMO_PASSWORD);
		for (const body of [{ timeZone: 'Mars/Olympus_Mons' }, { timeZone: 42 }, { zone: 'Australia/Perth' }, 'not json', null]) {
			const r = await detect(s, body);
			expect(r.status, JSON.stringify(body)).toBe(400);
			expect(Object.keys(r.body.fields as object)).toEqual(['timeZone']);
		}
		expect(await storedZone(s.signedIn.user.id)).toBeNull();
		expect(await auditOf(s.signedIn.user.id)).toEqual([]);
	});

	it('answers 401 to nobody, audited', async () => {
		const r = await detect(null, { timeZone: 'Australia/Perth' });
		expect(r.status).toBe(401);
		const [denied] = await app.database.db.select().from(auditLog).where(eq(auditLog.requestId, r.requestId));
		expect(denied).toMatchObject({ action: 'access.denied', outcome: 'denied', actor: 'anonymous' });
	});

	it('keeps nothing while an admin acts as someone (the browser is the admin’s)', async () => {
		const s = await signIn(app, 'specialist@demo.test', DEMO_PASSWORD);
		const acting = { ...s, signedIn: { ...s.signedIn, impersonatedBy: await userIdOf(app, 'admin@demo.test') } };
		expect((await detect(acting, { timeZone: 'Australia/Perth' })).status).toBe(403);
		expect(await storedZone(s.signedIn.user.id)).toBeNull();
	});
});

describe('choosing the zone on the Account page', () => {
	it('replaces the zone with any the runtime knows, and refuses another naming the field', async () => {
		const s = await signIn(app, 'admin@demo.test', DEMO_PASSWORD);
		expect(await choose(s, 'Australia/Brisbane')).toEqual({ timeZoneSaved: true, timeZoneChanged: true });
		expect(await choose(s, 'Australia/Brisbane')).toEqual({ timeZoneSaved: true, timeZoneChanged: false });
		expect(await storedZone(s.signedIn.user.id)).toBe('Australia/Brisbane');
		const refused = await choose(s, 'Nowhere/Special');
		expect(isActionFailure(refused)).toBe(true);
		if (!isActionFailure(refused)) return;
		expect(refused.status).toBe(400);
		expect(refused.data).toMatchObject({ fields: { timeZone: 'Choose a time zone from the list.' }, values: { formId: 'timeZone' } });
		expect(await storedZone(s.signedIn.user.id)).toBe('Australia/Brisbane');
		expect(await auditOf(s.signedIn.user.id)).toHaveLength(1);
	});
});

describe('what a Perth referrer is told', () => {
	let perth: Session;
	let ownerUserId: string;
	const melbourne = { displayName: 'Dr Mei Chen', location: 'Melbourne', timeZone: 'Australia/Melbourne' };
	// 2:30 pm in Melbourne on Tuesday 8 December 2027 (daylight time), 11:30 am in Perth.
	const startsAt = new Date('2027-12-08T03:30:00Z');
	const type = { name: 'IME — in person', durationMinutes: 60 };

	beforeAll(async () => {
		perth = await signIn(app, 'referrer@demo.test', DEMO_PASSWORD);
		await detect(perth, { timeZone: 'Australia/Perth' });
		perth = { ...perth, signedIn: (await resolveSession(app, perth.meta))! };
		ownerUserId = perth.signedIn.user.id;
	});

	const sent = async (template: string, reference: string) =>
		(await app.database.db.select().from(outbox).where(eq(outbox.template, template)))
			.map((r) => openMessage(app.cipher, r))
			.filter((m) => m.subject.includes(reference));

	it('the confirmation says the Perth time with Melbourne’s beside it; the specialist’s notice Melbourne’s alone', async () => {
		const specialistUserId = await userIdOf(app, 'specialist@demo.test');
		await enqueueConfirmation(app.database.db, app, {
			booking: { id: crypto.randomUUID(), reference: 'IME-TZ0001', ownerUserId, startsAt },
			specialist: { ...melbourne, userId: specialistUserId },
			type
		});
		const [toReferrer] = await sent('booking_confirmed', 'IME-TZ0001');
		expect(toReferrer?.to).toBe('referrer@demo.test');
		expect(toReferrer?.text).toContain('on Wednesday, 8 December 2027 at 11:30 am (Perth time; 2:30 pm in Melbourne) is booked');
		const [toSpecialist] = await sent('booking_notice', 'IME-TZ0001');
		expect(toSpecialist?.text).toContain('on Wednesday, 8 December 2027 at 2:30 pm (Melbourne time).');
		// The calendar event carries the instant in UTC: every calendar shows it in its own zone.
		expect(toReferrer?.attachments?.[0]?.content).toContain('DTSTART:20271208T033000Z');
	});

	it('a move and a cancellation say both times to the referrer, the clinic’s to the specialist', async () => {
		const specialistUserId = await userIdOf(app, 'specialist@demo.test');
		const ctx = {
			booking: { id: crypto.randomUUID(), reference: 'IME-TZ0002', ownerUserId },
			specialist: { ...melbourne, userId: specialistUserId },
			type
		};
		const later = new Date('2027-12-09T22:00:00Z'); // 9 am Friday in Melbourne, 6 am in Perth
		await enqueueChangeNotices(app.database.db, app, ctx, { kind: 'rescheduled', fromStartsAt: startsAt, toStartsAt: later });
		const moved = await sent('booking_rescheduled', 'IME-TZ0002');
		expect(moved.find((m) => m.to === 'referrer@demo.test')?.text).toContain(
			'has moved from Wednesday, 8 December 2027 at 11:30 am (Perth time; 2:30 pm in Melbourne) to Friday, 10 December 2027 at 6:00 am (Perth time; 9:00 am in Melbourne).'
		);
		expect(moved.find((m) => m.to === 'specialist@demo.test')?.text).toContain('to Friday, 10 December 2027 at 9:00 am (Melbourne time).');

		await enqueueChangeNotices(app.database.db, app, ctx, { kind: 'cancelled', startsAt: later, late: false, feeCents: 0 });
		const cancelled = await sent('booking_cancelled', 'IME-TZ0002');
		expect(cancelled.find((m) => m.to === 'referrer@demo.test')?.text).toContain(
			'on Friday, 10 December 2027 at 6:00 am (Perth time; 9:00 am in Melbourne) has been cancelled'
		);
	});

	it('the cancel form’s free-cancellation deadline is in Perth time with the clinic’s beside it', async () => {
		const { booking: b } = await insertBooking(app, { ownerEmail: 'referrer@demo.test', startsAt: new Date('2027-12-15T03:30:00Z') });
		const result = await lifecycleActions.previewCancel({
			locals: localsOf(app, perth.meta, perth.signedIn),
			request: new Request(`http://localhost:5173/bookings/${b.id}`, { method: 'POST', body: new FormData() }),
			params: { id: b.id }
		});
		const label = (result as { lifecycle: { cancelPreview: { deadlineLabel: string } } }).lifecycle.cancelPreview.deadlineLabel;
		// Dr Sam Specialist's clinic is in Sydney: midnight there is 9 pm the evening before in Perth.
		expect(label).toMatch(/^\w+day, \d+ December 2027 at 9:00 pm \(Perth time; \w{3}, \d+ Dec, 12:00 am in Sydney\)$/);
	});
});
