/**
 * The booking's calendar file: its owner gets the event (the reference, no examinee); another
 * organisation's referrer the same 404 as a missing booking, audited; nobody signed in a 401.
 */
import type { RequestEvent } from '@sveltejs/kit';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, booking } from '$lib/server/db/schema';
import { DEMO_PASSWORD, seedDemo } from '$lib/server/demo/seed';
import { createTestApp, localsOf, requestFrom, signIn, type TestApp } from '$lib/server/testing/app';
import { insertBooking } from '$lib/server/testing/bookings';
import { TELEHEALTH_PLACE } from '$lib/server/services/booking/ics';
import { GET } from './+server';

let app: TestApp;
let b: { id: string; reference: string };
const ADDRESS = 'Level 4, 135 Macquarie Street, Sydney NSW 2000';

beforeAll(async () => {
	app = await createTestApp();
	await seedDemo(app);
	const made = await insertBooking(app, {
		ownerEmail: 'referrer@demo.test',
		specialistName: 'Dr James Whitford',
		startsAt: new Date('2027-03-30T23:00:00Z'),
		examinee: { givenNames: 'Quentin', familyName: 'Zyxwarble', dateOfBirth: '1971-02-03', phone: '0499 111 222' }
	});
	b = { id: made.booking.id, reference: made.booking.reference };
	await app.database.db.update(booking).set({ locationAddress: ADDRESS }).where(eq(booking.id, b.id));
});
afterAll(() => app.close());

async function get(email: string | null, id = b.id) {
	const s = email ? await signIn(app, email, DEMO_PASSWORD) : null;
	const meta = { ...(s?.meta ?? requestFrom()), requestId: crypto.randomUUID() };
	const url = new URL(`http://localhost:5173/api/bookings/${id}/calendar.ics`);
	const event = { locals: localsOf(app, meta, s?.signedIn ?? null), url, request: new Request(url), params: { id } };
	const res = await GET(event as unknown as RequestEvent);
	return { res, requestId: meta.requestId };
}

const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, '');

describe('GET /api/bookings/[id]/calendar.ics', () => {
	it('gives the owner the event as a text/calendar attachment, with the reference and place and no examinee', async () => {
		const { res } = await get('referrer@demo.test');
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
		expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${b.reference}.ics"`);
		expect(res.headers.get('cache-control')).toBe('no-store');
		const ics = unfold(await res.text());
		expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
		expect(ics).toContain(`SUMMARY:IME — in person with Dr James Whitford (${b.reference})`);
		expect(ics).toContain('DTSTART:20270330T230000Z');
		expect(ics).toContain('LOCATION:Level 4\\, 135 Macquarie Street\\, Sydney NSW 2000');
		expect(ics).toContain(`URL:${app.config.origin}/bookings/${b.id}`);
		// Ids left out: a UUID can hold "1971" or "0499" by chance.
		const withoutIds = ics.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '');
		for (const word of ['Quentin', 'Zyxwarble', '1971', '0499']) expect(withoutIds).not.toContain(word);
	});

	it('says Telehealth for the place of a telehealth examination', async () => {
		const tele = await insertBooking(app, {
			ownerEmail: 'referrer@demo.test',
			specialistName: 'Dr James Whitford',
			typeName: 'IME — telehealth'
		});
		const { res } = await get('referrer@demo.test', tele.booking.id);
		expect(res.status).toBe(200);
		expect(unfold(await res.text())).toContain(`LOCATION:${TELEHEALTH_PLACE}\r\n`);
	});

	it('answers another organisation’s referrer exactly like a missing booking, and audits it', async () => {
		const { res, requestId } = await get('rival@demo.test');
		expect(res.status).toBe(404);
		expect(await res.json()).toEqual({ message: 'No such booking.' });
		const denied = await app.database.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.requestId, requestId), eq(auditLog.action, 'access.denied')));
		expect(denied.map((r) => r.details)).toEqual([{ operation: 'booking.calendar', reason: 'not_found' }]);
		expect((await get('rival@demo.test', crypto.randomUUID())).res.status).toBe(404);
	});

	it('asks someone not signed in to sign in', async () => {
		const { res } = await get(null);
		expect(res.status).toBe(401);
	});
});
