/**
 * The detail page's lifecycle forms, posted as a browser without JavaScript would: the fee is shown
 * before cancelling and must be accepted, and another organisation's booking is a 404. Rescheduling
 * has its own page: reschedule/page-server.int.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isActionFailure } from '@sveltejs/kit';
import { eq } from 'drizzle-orm';
import { booking } from '$lib/server/db/schema';
import { DEMO_PASSWORD, seedDemo } from '$lib/server/demo/seed';
import { createTestApp, localsOf, signIn, type TestApp } from '$lib/server/testing/app';
import { insertBooking } from '$lib/server/testing/bookings';
import type { SignedIn } from '$lib/server/auth/session';
import type { RequestMeta } from '$lib/server/services/accounts/request-meta';
import { lifecycleActions, type LifecycleState } from './lifecycle-actions.server';

type Session = { signedIn: SignedIn; meta: RequestMeta };
let app: TestApp;
let referrer: Session;
let rival: Session;

beforeAll(async () => {
	app = await createTestApp();
	await seedDemo(app);
	referrer = await signIn(app, 'referrer@demo.test', DEMO_PASSWORD);
	rival = await signIn(app, 'rival@demo.test', DEMO_PASSWORD);
});
afterAll(() => app.close());

function post(as: Session, id: string, fields: Record<string, string> = {}) {
	const body = new FormData();
	for (const [k, v] of Object.entries(fields)) body.set(k, v);
	return {
		locals: localsOf(app, as.meta, as.signedIn),
		request: new Request(`http://localhost:5173/bookings/${id}`, { method: 'POST', body }),
		params: { id }
	};
}

/** The action's `lifecycle` answer, and its HTTP status when it failed. */
function read(result: unknown): { status: number; state: LifecycleState } {
	if (isActionFailure(result)) return { status: result.status, state: (result.data as unknown as { lifecycle: LifecycleState }).lifecycle };
	return { status: 200, state: (result as { lifecycle: LifecycleState }).lifecycle };
}

describe('the cancel form', () => {
	it('shows the late fee first, refuses without the box ticked, and cancels with it', async () => {
		const { booking: b } = await insertBooking(app, {
			ownerEmail: 'referrer@demo.test',
			startsAt: new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000 + 30 * 3_600_000)
		});
		const preview = read(await lifecycleActions.previewCancel(post(referrer, b.id)));
		expect(preview.status).toBe(200);
		expect(preview.state.cancelPreview).toMatchObject({ late: true, feeCents: 165_000, feeLabel: '$1,650.00', noticeBusinessDays: 2 });
		expect(preview.state.cancelPreview!.deadlineLabel).toMatch(/Sydney time/);

		const refused = read(await lifecycleActions.cancel(post(referrer, b.id, { reason: 'Settled' })));
		expect(refused.status).toBe(409);
		expect(refused.state.fields.acceptFee).toMatch(/I accept the fee/);
		expect(refused.state.cancelPreview?.late).toBe(true);

		const done = read(await lifecycleActions.cancel(post(referrer, b.id, { reason: 'Settled', acceptFee: 'on' })));
		expect(done).toMatchObject({ status: 200, state: { ok: true, action: 'cancel' } });
		expect(done.state.message).toMatch(/\$1,650\.00/);
		const [row] = await app.database.db.select().from(booking).where(eq(booking.id, b.id));
		expect(row).toMatchObject({ stage: 'cancelled', lateCancellation: true, cancellationFeeCents: 165_000 });
	});
});

describe('another organisation’s booking', () => {
	it('answers 404 to every form', async () => {
		const { booking: b } = await insertBooking(app, { ownerEmail: 'referrer@demo.test', startsAt: new Date(Date.UTC(2028, 1, 3, 0, 0)) });
		for (const [name, fields] of [
			['move', { to: 'report_in_progress' }],
			['previewCancel', {}],
			['cancel', { acceptFee: 'on' }],
			['setStatus', { status: 'archived' }]
		] as const) {
			const r = read(await lifecycleActions[name](post(rival, b.id, fields)));
			expect([r.status, r.state.ok, r.state.message], name).toEqual([404, false, 'No such booking.']);
		}
	});
});
