/**
 * One person's draft and sessions are out of everyone else's reach, even knowing the ids: the
 * answer is the one a missing id gets, and each refusal is audited with the person who tried.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { appRouter } from './_app';
import { createCallerFactory } from '../trpc';
import { auditLog, bookingDraft, session } from '../db/schema';
import { seedDemo, DEMO_PASSWORD } from '../demo/seed';
import { createTestApp, localsOf, signIn, type TestApp } from '../testing/app';
import type { SignedIn } from '../auth/session';
import type { RequestMeta } from '../services/accounts/request-meta';

let app: TestApp;
const call = createCallerFactory(appRouter);
const people = new Map<string, { signedIn: SignedIn; meta: RequestMeta }>();

beforeAll(async () => {
	app = await createTestApp();
	await seedDemo(app);
	for (const email of ['referrer@demo.test', 'rival@demo.test', 'owner@demo.test'])
		people.set(email, await signIn(app, email, DEMO_PASSWORD));
});
afterAll(() => app.close());

function as(email: string) {
	const s = people.get(email)!;
	const meta = { ...s.meta, requestId: crypto.randomUUID() };
	return { api: call(localsOf(app, meta, s.signedIn)), meta, signedIn: s.signedIn };
}
const denialsOf = async (requestId: string) =>
	(await app.database.db.select().from(auditLog).where(eq(auditLog.requestId, requestId))).filter((r) => r.action === 'access.denied');

describe('another person’s draft', () => {
	it('cannot be read, kept, given details, chosen into or confirmed — by another firm or a colleague', async () => {
		const owner = as('referrer@demo.test');
		const { draftId } = await owner.api.wizard.start({});
		await owner.api.wizard.keep({ draftId, examinee: { familyName: 'Secretperson' }, intake: {} });
		for (const stranger of ['rival@demo.test', 'owner@demo.test']) {
			const calls: [string, (api: ReturnType<typeof as>['api']) => Promise<unknown>][] = [
				['get', (api) => api.wizard.get({ draftId })],
				['keep', (api) => api.wizard.keep({ draftId, examinee: { familyName: 'Overwritten' }, intake: {} })],
				['confirm', (api) => api.wizard.confirm({ draftId })]
			];
			for (const [name, run] of calls) {
				const s = as(stranger);
				const err = await run(s.api).catch((e: unknown) => e);
				expect(err, `${stranger} ${name}`).toMatchObject({ code: 'NOT_FOUND' });
				expect(String((err as Error).message)).not.toContain('Secretperson');
				const denied = await denialsOf(s.meta.requestId);
				expect(
					denied.map((d) => [d.actor, d.resourceType, d.resourceId]),
					`${stranger} ${name}`
				).toEqual([[s.signedIn.user.id, 'booking_draft', draftId]]);
			}
		}
		const [row] = await app.database.db.select().from(bookingDraft).where(eq(bookingDraft.id, draftId));
		expect(JSON.parse(app.cipher.decrypt(row!.dataEncrypted, 'booking-draft')).examinee.familyName).toBe('Secretperson');
	});
});

describe('another person’s session', () => {
	it('cannot be revoked, and the attempt is audited', async () => {
		const victim = people.get('referrer@demo.test')!;
		const rival = as('rival@demo.test');
		const err = await rival.api.account.revokeSession({ sessionId: victim.signedIn.sessionId }).catch((e: unknown) => e);
		expect(err).toMatchObject({ code: 'NOT_FOUND' });
		expect(await app.database.db.$count(session, eq(session.id, victim.signedIn.sessionId))).toBe(1);
		expect((await denialsOf(rival.meta.requestId)).map((d) => [d.actor, d.resourceType])).toEqual([[rival.signedIn.user.id, 'session']]);
	});
});
