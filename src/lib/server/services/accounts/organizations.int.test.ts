/**
 * Organisations as admins manage them: create (unique slug), rename, require a second factor (the
 * members' sessions then demand enrolment), deactivate (members see nothing of it at once), teams
 * and member roles, each audited; only admins.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { appRouter } from '../../routers/_app';
import { createCallerFactory } from '../../trpc';
import { auditLog, member, organization } from '../../db/schema';
import { DEMO_PASSWORD, seedDemo } from '../../demo/seed';
import { createTestApp, localsOf, signIn, type TestApp } from '../../testing/app';
import { resolveSession } from '../../auth/session';
import { userIdOf } from '../../testing/bookings';

let app: TestApp;
const call = createCallerFactory(appRouter);
let admin: Awaited<ReturnType<typeof signIn>>;

beforeAll(async () => {
	app = await createTestApp();
	await seedDemo(app);
	admin = await signIn(app, 'admin@demo.test', DEMO_PASSWORD);
});
afterAll(() => app.close());

const api = () => call(localsOf(app, { ...admin.meta, requestId: crypto.randomUUID() }, admin.signedIn)).admin.orgs;
const harbourId = async () => (await app.database.db.select().from(organization).where(eq(organization.slug, 'harbour-legal')))[0]!.id;

describe('organisations', () => {
	it('creates organisations with unique slugs, audited', async () => {
		const a = await api().create({ name: 'Coastal Claims Pty Ltd' });
		const b = await api().create({ name: 'Coastal Claims Pty Ltd', require2fa: true });
		expect(a.slug).toBe('coastal-claims-pty-ltd');
		expect(b.slug).toBe('coastal-claims-pty-ltd-2');
		expect(b.require2fa).toBe(true);
		const [audit] = await app.database.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'organization.create'), eq(auditLog.resourceId, a.id)));
		expect(audit).toMatchObject({ outcome: 'granted', actor: admin.signedIn.user.id });
		await expect(api().create({ name: 'x' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
	});

	it('requiring a second factor sends members without one to enrol', async () => {
		const id = await harbourId();
		const org = await api().get({ id });
		await api().update({ id, name: org.name, require2fa: true, active: true });
		const { meta } = await signIn(app, 'referrer@demo.test', DEMO_PASSWORD);
		expect((await resolveSession(app, meta))?.mustEnrolSecondFactor).toBe(true);
		await api().update({ id, name: org.name, require2fa: false, active: true });
		expect((await resolveSession(app, meta))?.mustEnrolSecondFactor).toBe(false);
	});

	it('a deactivated organisation disappears from its members’ sessions at once', async () => {
		const id = await harbourId();
		const org = await api().get({ id });
		const { meta } = await signIn(app, 'owner@demo.test', DEMO_PASSWORD);
		expect((await resolveSession(app, meta))?.caller.organizationId).toBe(id);
		await api().update({ id, name: org.name, require2fa: false, active: false });
		const after = await resolveSession(app, meta);
		expect(after?.caller.organizationId).toBeNull();
		expect(after?.caller.orgRoles).toEqual([]);
		await api().update({ id, name: org.name, require2fa: false, active: true });
	});

	it('teams: add, rename (names unique per organisation), remove — members keep their membership', async () => {
		const id = await harbourId();
		const team = await api().createTeam({ organizationId: id, name: 'Public liability' });
		await expect(api().createTeam({ organizationId: id, name: 'public LIABILITY' })).rejects.toMatchObject({ code: 'CONFLICT' });
		await api().renameTeam({ id: team.id, name: 'Public & products liability' });
		const referrerId = await userIdOf(app, 'referrer@demo.test');
		const [m] = await app.database.db
			.select()
			.from(member)
			.where(and(eq(member.userId, referrerId), eq(member.organizationId, id)));
		const previousTeam = m!.teamId;
		await api().updateMember({ id: m!.id, roles: ['referrer'], teamId: team.id });
		const removed = await api().deleteTeam({ id: team.id });
		expect(removed.membersWithoutTeam).toBe(1);
		const [after] = await app.database.db.select().from(member).where(eq(member.id, m!.id));
		expect(after!.teamId).toBeNull();
		await api().updateMember({ id: m!.id, roles: ['referrer'], teamId: previousTeam });
	});

	it('member roles: a team lead needs a team of the same organisation; changes are audited', async () => {
		const id = await harbourId();
		const org = await api().get({ id });
		const lead = org.members.find((x) => x.email === 'teamlead@demo.test')!;
		await expect(api().updateMember({ id: lead.id, roles: ['team_lead'], teamId: null })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
		const other = await api().get({
			id: (await app.database.db.select().from(organization).where(eq(organization.slug, 'southern-cross-lawyers')))[0]!.id
		});
		await expect(api().updateMember({ id: lead.id, roles: ['team_lead'], teamId: other.teams[0]!.id })).rejects.toMatchObject({
			code: 'BAD_REQUEST'
		});
		await expect(api().updateMember({ id: lead.id, roles: [], teamId: lead.teamId })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
		await api().updateMember({ id: lead.id, roles: ['team_lead', 'referrer'], teamId: lead.teamId });
		const [audit] = await app.database.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'member.role_change'), eq(auditLog.resourceId, lead.userId)));
		expect(audit!.details).toMatchObject({ to: 'team_lead,referrer' });
	});

	it('removing a member takes them out of the organisation, not off the platform, audited', async () => {
		const id = (await api().create({ name: 'Short Stay Legal' })).id;
		const harbour = await api().get({ id: await harbourId() });
		const ref = harbour.members.find((m) => m.email === 'referrer@demo.test')!;
		const [extra] = await app.database.db
			.insert(member)
			.values({ organizationId: id, userId: ref.userId, roles: ['referrer'] })
			.returning();
		expect((await api().get({ id })).members).toHaveLength(1);
		await api().removeMember({ id: extra!.id });
		expect((await api().get({ id })).members).toEqual([]);
		expect((await api().get({ id: await harbourId() })).members.map((m) => m.email)).toContain('referrer@demo.test');
		const [audit] = await app.database.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'member.remove'), eq(auditLog.resourceId, ref.userId)));
		expect(audit!.details).toMatchObject({ organizationId: id });
		await expect(api().removeMember({ id: extra!.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
	});

	it('is for admins only', async () => {
		const r = await signIn(app, 'owner@demo.test', DEMO_PASSWORD);
		await expect(call(localsOf(app, r.meta, r.signedIn)).admin.orgs.list()).rejects.toMatchObject({ code: 'FORBIDDEN' });
	});
});
