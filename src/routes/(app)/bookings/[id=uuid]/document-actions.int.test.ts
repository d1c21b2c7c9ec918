/**
 * The documents and report forms, posted as a browser without JavaScript would: the answer names
 * the field to fix, says which card it belongs to, and another organisation's document is a 404.
 */
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isActionFailure } from '@sveltejs/kit';
import { DEMO_PASSWORD, seedDemo } from '$lib/server/demo/seed';
import { createTestApp, localsOf, signIn, type TestApp } from '$lib/server/testing/app';
import { actorFor } from '$lib/server/auth/actor';
import { insertBooking } from '$lib/server/testing/bookings';
import { pdf } from '$lib/server/testing/files';
import { scopeFor } from '$lib/server/auth/scope';
import { uploadDocument } from '$lib/server/services/documents/upload';
import type { SignedIn } from '$lib/server/auth/session';
import type { RequestMeta } from '$lib/server/services/accounts/request-meta';
import { documentActions, type DocumentsState } from './document-actions.server';

type Session = { signedIn: SignedIn; meta: RequestMeta };
let app: TestApp;
let referrer: Session;
let rival: Session;
let specialist: Session;
let bookingId: string;
let documentId: string;

beforeAll(async () => {
	app = await createTestApp();
	await seedDemo(app);
	referrer = await signIn(app, 'referrer@demo.test', DEMO_PASSWORD);
	rival = await signIn(app, 'rival@demo.test', DEMO_PASSWORD);
	specialist = await signIn(app, 'specialist@demo.test', DEMO_PASSWORD);
	bookingId = (await insertBooking(app, { ownerEmail: 'referrer@demo.test', startsAt: new Date(Date.now() - 86_400_000) })).booking.id;
	const r = referrer.signedIn;
	documentId = (
		await uploadDocument(app, actorFor(referrer.meta, r), scopeFor(r.caller), {
			bookingId,
			meta: { category: 'brief', section: 'ime', name: 'brief.pdf' },
			body: Readable.from([pdf('Brief')]),
			declaredBytes: null
		})
	).id;
});
afterAll(() => app.close());

function post(as: Session, fields: Record<string, string>) {
	const body = new FormData();
	for (const [k, v] of Object.entries(fields)) body.set(k, v);
	return {
		locals: localsOf(app, as.meta, as.signedIn),
		request: new Request(`http://localhost:5173/bookings/${bookingId}`, { method: 'POST', body }),
		params: { id: bookingId }
	};
}

function read(result: unknown): { status: number; state: DocumentsState } {
	if (isActionFailure(result)) return { status: result.status, state: (result.data as unknown as { documents: DocumentsState }).documents };
	return { status: 200, state: (result as { documents: DocumentsState }).documents };
}

describe('document forms', () => {
	it('renames, and names the field when the new name is not allowed', async () => {
		const ok = read(await documentActions.renameDocument(post(referrer, { documentId, name: 'Letter of instruction' })));
		expect(ok).toMatchObject({ status: 200, state: { about: 'document', ok: true, documentId } });
		const bad = read(await documentActions.renameDocument(post(referrer, { documentId, name: '' })));
		expect(bad.status).toBe(400);
		expect(bad.state.fields.name).toBe('Enter a name for the document.');
	});

	it('another organisation’s document is not found', async () => {
		const r = read(await documentActions.deleteDocument(post(rival, { documentId })));
		expect(r).toMatchObject({ status: 404, state: { ok: false, message: 'No such document.' } });
	});

	it('report steps answer on the report card and ask for the missing note', async () => {
		const none = read(await documentActions.reportStep(post(specialist, { step: 'approve' })));
		expect(none).toMatchObject({ status: 409, state: { about: 'report', ok: false } });
		const refused = read(await documentActions.reportStep(post(referrer, { step: 'release' })));
		expect(refused.status).toBe(403);
	});

	it('deletes, and says our team can restore it', async () => {
		const r = read(await documentActions.deleteDocument(post(referrer, { documentId })));
		expect(r.state.message).toMatch(/restore it for 30 days/);
	});
});
