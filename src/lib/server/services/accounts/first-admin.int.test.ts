import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditLog, invitation, outbox, user } from '../../db/schema';
import { createTestApp, type TestApp } from '../../testing/app';
import { openMessage } from '../outbox/outbox';
import { inviteFirstAdmin } from './first-admin';
import { acceptInvitation } from './invitations';
import { systemActor } from '../../auth/actor';

let app: TestApp;
beforeAll(async () => {
	app = await createTestApp();
});
afterAll(() => app.close());

const adminInvitations = () => app.database.db.select().from(invitation).where(eq(invitation.platformRole, 'admin'));

describe('the first administrator of a new deployment', () => {
	it('invites the address once on an empty database, by email, audited as the service, even when starts come together', async () => {
		const outcomes = await Promise.all([inviteFirstAdmin(app, 'ops@example.test'), inviteFirstAdmin(app, 'ops@example.test')]);
		expect(outcomes.sort()).toEqual(['invitation waiting', 'invited']);
		expect(await adminInvitations()).toHaveLength(1);
		const [row] = await adminInvitations();
		expect(row).toMatchObject({ email: 'ops@example.test', platformRole: 'admin', acceptedAt: null, revokedAt: null });
		const mail = (await app.database.db.select().from(outbox))
			.map((r) => openMessage(app.cipher, r))
			.find((m) => m.to === 'ops@example.test');
		expect(mail?.link).toMatch(/\/invitation\/[A-Za-z0-9_-]{43}$/);
		const audit = await app.database.db.select().from(auditLog).where(eq(auditLog.resourceId, row!.id));
		expect(audit).toEqual([expect.objectContaining({ action: 'invitation.create', actor: 'system' })]);
	});

	it('does nothing while that invitation waits', async () => {
		expect(await inviteFirstAdmin(app, 'ops@example.test')).toBe('invitation waiting');
		expect(await adminInvitations()).toHaveLength(1);
	});

	it('does nothing once an administrator exists, even for another address', async () => {
		const mail = (await app.database.db.select().from(outbox))
			.map((r) => openMessage(app.cipher, r))
			.find((m) => m.to === 'ops@example.test')!;
		const token = mail.link!.split('/').at(-1)!;
		await acceptInvitation(app, systemActor(), token, 'a long enough passphrase 42');
		const [admin] = await app.database.db.select().from(user).where(eq(user.email, 'ops@example.test'));
		expect(admin?.role).toBe('admin');
		expect(await inviteFirstAdmin(app, 'someone-else@example.test')).toBe('admin exists');
		expect(await adminInvitations()).toHaveLength(1);
	});

	it('invites again when the waiting invitation has expired and nobody took it', async () => {
		const fresh = await createTestApp();
		try {
			expect(await inviteFirstAdmin(fresh, 'ops@example.test')).toBe('invited');
			await fresh.database.db.update(invitation).set({ expiresAt: new Date(Date.now() - 1000) });
			expect(await inviteFirstAdmin(fresh, 'ops@example.test')).toBe('invited');
			const rows = await fresh.database.db.select().from(invitation);
			// The old one is revoked by the new one (one usable link at a time).
			expect(rows.filter((r) => r.revokedAt === null)).toHaveLength(1);
		} finally {
			await fresh.close();
		}
	});
});
