/** /organisation: owners and managers look after their own people, within the rules. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { appRouter } from '../_app';
import { createCallerFactory } from '../../trpc';
import { auditLog, invitation, member, organization, outbox, team, user } from '../../db/schema';
import { DEMO_PASSWORD, seedDemo } from '../../demo/seed';
import { createTestApp, requestFrom, signIn, type TestApp } from '../../testing/app';
import { resolveSession } from '../../auth/session';
import { signInWithPassword } from '../../services/accounts/sign-in';
import { acceptInvitation, createInvitation } from '../../services/accounts/invitations';

let app: TestApp;
const call = createCallerFactory(appRouter);
const as = async (email: string) => {
	const s = await signIn(app, email, DEMO_PASSWORD);
	return { ...s, api: call({ app, ...s }) };
};
const harbour = async () => {
	const [o] = await app.database.db.select().from(organization).where(eq(organization.slug, 'harbour-legal'));
	return o!;
};
const memberIdOf = async (email: string) => {
	const [row] = await app.database.db
		.select({ id: member.id })
		.from(member)
		.innerJoin(user, eq(user.id, member.userId))
		.where(eq(user.email, email));
	return row!.id;
};
const deniedCount = async (userId: string) =>
	(
		await app.database.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'access.denied'), eq(auditLog.actor, userId)))
	).length;
/** A referrer of Harbour Legal of the test's own (invited and accepted), to deactivate; their member id. */
const newReferrer = async (owner: Awaited<ReturnType<typeof as>>, email: string, name: string) => {
	// The page's invitation only travels by email: the service hands the link back to tests.
	const { link } = await createInvitation(app, owner.actor, {
		email,
		name,
		platformRole: 'user',
		organizationId: (await harbour()).id,
		orgRoles: ['referrer']
	});
	await acceptInvitation(app, owner.actor, link.split('/invitation/')[1]!, DEMO_PASSWORD);
	return memberIdOf(email);
};

beforeAll(async () => {
	app = await createTestApp();
	await seedDemo(app);
});
afterAll(() => app.close());

describe('inviting', () => {
	it('an owner invites a member of their organisation: a referrer’s account, emailed through the outbox, audited', async () => {
		const owner = await as('owner@demo.test');
		const org = await harbour();
		const [t] = await app.database.db.select().from(team).where(eq(team.organizationId, org.id));
		const mailBefore = await app.database.db.$count(outbox, eq(outbox.template, 'invitation'));
		await owner.api.organisation.invite({
			email: 'New.Person@example.test',
			name: 'Nina New',
			orgRoles: ['owner', 'referrer'],
			teamId: t!.id
		});
		const [inv] = await app.database.db.select().from(invitation).where(eq(invitation.email, 'new.person@example.test'));
		expect(inv).toMatchObject({ platformRole: 'user', organizationId: org.id, orgRoles: ['owner', 'referrer'], teamId: t!.id });
		expect(await app.database.db.$count(outbox, eq(outbox.template, 'invitation'))).toBe(mailBefore + 1);
		const audit = await app.database.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'invitation.create'), eq(auditLog.resourceId, inv!.id)));
		expect(audit).toHaveLength(1);
		const overview = await owner.api.organisation.overview();
		expect(overview.invitations.map((i) => i.email)).toContain('new.person@example.test');
	});

	it('a manager invites a referrer, but is refused the owner role (403, audited)', async () => {
		const manager = await as('manager@demo.test');
		await manager.api.organisation.invite({ email: 'ref.by.manager@example.test', name: 'Rob Ref', orgRoles: ['referrer'], teamId: null });
		const before = await deniedCount(manager.signedIn.user.id);
		await expect(
			manager.api.organisation.invite({ email: 'boss@example.test', name: 'Bo Boss', orgRoles: ['owner'], teamId: null })
		).rejects.toMatchObject({ code: 'FORBIDDEN' });
		expect(await deniedCount(manager.signedIn.user.id)).toBe(before + 1);
		expect(await app.database.db.select().from(invitation).where(eq(invitation.email, 'boss@example.test'))).toHaveLength(0);
	});

	it('refuses a platform role or an organisation in a crafted request, naming the field', async () => {
		const manager = await as('manager@demo.test');
		const owner = await as('owner@demo.test');
		for (const api of [manager.api, owner.api]) {
			for (const platformRole of ['admin', 'specialist']) {
				const err = await api.organisation
					// @ts-expect-error a crafted request
					.invite({ email: 'sneaky@example.test', name: 'Sam Sneaky', orgRoles: ['referrer'], teamId: null, platformRole })
					.catch((e: unknown) => e);
				expect(err).toMatchObject({ code: 'BAD_REQUEST' });
				expect(String((err as Error).message)).toContain('platformRole');
			}
			const rival = await app.database.db.select().from(organization).where(eq(organization.slug, 'southern-cross-lawyers'));
			await expect(
				api.organisation.invite({
					email: 'sneaky@example.test',
					name: 'Sam Sneaky',
					orgRoles: ['referrer'],
					teamId: null,
					// @ts-expect-error a crafted request
					organizationId: rival[0]!.id
				})
			).rejects.toMatchObject({ code: 'BAD_REQUEST' });
		}
		expect(await app.database.db.select().from(invitation).where(eq(invitation.email, 'sneaky@example.test'))).toHaveLength(0);
	});

	it('refuses a team of another organisation', async () => {
		const owner = await as('owner@demo.test');
		const [rivalTeam] = await app.database.db.select().from(team).where(eq(team.name, 'Claims'));
		await expect(
			owner.api.organisation.invite({ email: 'x@example.test', name: 'X', orgRoles: ['referrer'], teamId: rivalTeam!.id })
		).rejects.toMatchObject({ code: 'BAD_REQUEST' });
	});
});

describe('roles and teams', () => {
	it('a manager can neither change an owner nor grant the owner role (403)', async () => {
		const manager = await as('manager@demo.test');
		await expect(
			manager.api.organisation.updateMember({ memberId: await memberIdOf('owner@demo.test'), roles: ['referrer'], teamId: null })
		).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(
			manager.api.organisation.updateMember({ memberId: await memberIdOf('referrer@demo.test'), roles: ['owner'], teamId: null })
		).rejects.toMatchObject({ code: 'FORBIDDEN' });
		const [o] = await app.database.db
			.select({ roles: member.roles })
			.from(member)
			.where(eq(member.id, await memberIdOf('owner@demo.test')));
		expect(o!.roles).toContain('owner');
	});

	it('keeps the last owner', async () => {
		const owner = await as('owner@demo.test');
		const err = await owner.api.organisation
			.updateMember({ memberId: await memberIdOf('owner@demo.test'), roles: ['manager'], teamId: null })
			.catch((e: unknown) => e);
		expect(err).toMatchObject({ code: 'CONFLICT' });
		expect(String((err as Error).message)).toMatch(/needs an owner/);
	});

	it('sets a member’s roles and team (audited); a team lead needs a team', async () => {
		const manager = await as('manager@demo.test');
		const org = await harbour();
		const [motor] = await app.database.db
			.select()
			.from(team)
			.where(and(eq(team.organizationId, org.id), eq(team.name, 'Motor accidents')));
		const id = await memberIdOf('referrer@demo.test');
		await expect(manager.api.organisation.updateMember({ memberId: id, roles: ['team_lead'], teamId: null })).rejects.toMatchObject({
			code: 'BAD_REQUEST'
		});
		await manager.api.organisation.updateMember({ memberId: id, roles: ['team_lead', 'referrer'], teamId: motor!.id });
		const [m] = await app.database.db.select().from(member).where(eq(member.id, id));
		expect(m).toMatchObject({ roles: ['team_lead', 'referrer'], teamId: motor!.id });
		const rows = await app.database.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'member.role_change'), eq(auditLog.resourceId, m!.userId)));
		expect(rows.length).toBeGreaterThan(0);
		// Back as it was, for the other tests.
		const [wc] = await app.database.db
			.select()
			.from(team)
			.where(and(eq(team.organizationId, org.id), eq(team.name, 'Workers compensation')));
		await manager.api.organisation.updateMember({ memberId: id, roles: ['referrer'], teamId: wc!.id });
	});

	it('creates and renames teams of its own organisation only', async () => {
		const owner = await as('owner@demo.test');
		const { id } = await owner.api.organisation.createTeam({ name: 'Public liability' });
		await expect(owner.api.organisation.createTeam({ name: 'Public liability' })).rejects.toMatchObject({ code: 'CONFLICT' });
		await owner.api.organisation.renameTeam({ teamId: id, name: 'Public and product liability' });
		const [t] = await app.database.db.select().from(team).where(eq(team.id, id));
		expect(t).toMatchObject({ name: 'Public and product liability', organizationId: (await harbour()).id });
		const [rivalTeam] = await app.database.db.select().from(team).where(eq(team.name, 'Claims'));
		await expect(owner.api.organisation.renameTeam({ teamId: rivalTeam!.id, name: 'Taken over' })).rejects.toMatchObject({
			code: 'NOT_FOUND'
		});
		const audit = await app.database.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.resourceId, id)));
		expect(audit.map((a) => a.action).sort()).toEqual(['team.create', 'team.update']);
	});
});

describe('cross-organisation', () => {
	it('a member of another organisation answers like a missing one', async () => {
		const owner = await as('owner@demo.test');
		const rivalMember = await memberIdOf('rival@demo.test');
		await expect(owner.api.organisation.updateMember({ memberId: rivalMember, roles: ['referrer'], teamId: null })).rejects.toMatchObject({
			code: 'NOT_FOUND'
		});
		await expect(owner.api.organisation.setMemberActive({ memberId: rivalMember, active: false })).rejects.toMatchObject({
			code: 'NOT_FOUND'
		});
		expect((await owner.api.organisation.overview()).members.map((m) => m.email)).not.toContain('rival@demo.test');
	});
});

describe('team leads and referrers', () => {
	it('get 403 on every procedure', async () => {
		for (const email of ['teamlead@demo.test', 'referrer@demo.test', 'specialist@demo.test']) {
			const { api } = await as(email);
			const id = await memberIdOf('referrer@demo.test').catch(() => '00000000-0000-4000-8000-000000000001');
			// Each call starts when its turn comes: a refusal never waits unobserved (an unhandled rejection).
			const attempts = [
				() => api.organisation.overview(),
				() => api.organisation.invite({ email: 'tl@example.test', name: 'T', orgRoles: ['referrer'], teamId: null }),
				() => api.organisation.updateMember({ memberId: id, roles: ['referrer'], teamId: null }),
				() => api.organisation.setMemberActive({ memberId: id, active: false }),
				() => api.organisation.createTeam({ name: 'Mine' }),
				() => api.organisation.renameTeam({ teamId: id, name: 'Mine' })
			];
			for (const attempt of attempts) await expect(attempt()).rejects.toMatchObject({ code: 'FORBIDDEN' });
		}
	});
});

describe('deactivating a member', () => {
	it('ends their sessions at once, refuses sign-in until reactivated, and is audited', async () => {
		const owner = await as('owner@demo.test');
		const id = await newReferrer(owner, 'dana.deactivate@example.test', 'Dana Deactivate');
		const dana = await as('dana.deactivate@example.test');
		await owner.api.organisation.setMemberActive({ memberId: id, active: false });
		expect(await resolveSession(app, dana.meta)).toBeNull();
		expect((await signInWithPassword(app, requestFrom(), 'dana.deactivate@example.test', DEMO_PASSWORD)).kind).toBe('deactivated');
		const rows = await app.database.db
			.select()
			.from(auditLog)
			.where(and(eq(auditLog.action, 'user.status_change'), eq(auditLog.resourceId, dana.signedIn.user.id)));
		expect(rows).toHaveLength(1);
		expect((await owner.api.organisation.overview()).members.find((m) => m.id === id)?.active).toBe(false);
		await owner.api.organisation.setMemberActive({ memberId: id, active: true });
		expect((await signInWithPassword(app, requestFrom(), 'dana.deactivate@example.test', DEMO_PASSWORD)).kind).toBe('signed_in');
	});

	it('refuses themselves, owners for a manager, and accounts also used elsewhere', async () => {
		const owner = await as('owner@demo.test');
		const manager = await as('manager@demo.test');
		await expect(
			owner.api.organisation.setMemberActive({ memberId: await memberIdOf('owner@demo.test'), active: false })
		).rejects.toMatchObject({
			code: 'BAD_REQUEST'
		});
		await expect(
			manager.api.organisation.setMemberActive({ memberId: await memberIdOf('owner@demo.test'), active: false })
		).rejects.toMatchObject({ code: 'FORBIDDEN' });
		// Someone who also belongs to another organisation.
		const id = await newReferrer(owner, 'two.firms@example.test', 'Tess Two-Firms');
		const [tess] = await app.database.db.select({ id: user.id }).from(user).where(eq(user.email, 'two.firms@example.test'));
		const [rivalOrg] = await app.database.db.select().from(organization).where(eq(organization.slug, 'southern-cross-lawyers'));
		await app.database.db.insert(member).values({ organizationId: rivalOrg!.id, userId: tess!.id, roles: ['referrer'] });
		const err = await owner.api.organisation.setMemberActive({ memberId: id, active: false }).catch((e: unknown) => e);
		expect(err).toMatchObject({ code: 'CONFLICT' });
		expect(String((err as Error).message)).toMatch(/outside your organisation/);
		const overview = await owner.api.organisation.overview();
		expect(overview.members.find((m) => m.id === id)).toMatchObject({ mayDeactivate: false });
	});

	it('leaves an account our team deactivated to our team', async () => {
		const owner = await as('owner@demo.test');
		const admin = await as('admin@demo.test');
		const id = await newReferrer(owner, 'admin.banned@example.test', 'Ari Banned');
		const [ari] = await app.database.db.select({ id: user.id }).from(user).where(eq(user.email, 'admin.banned@example.test'));
		await admin.api.admin.setActive({ userId: ari!.id, active: false });
		await expect(owner.api.organisation.setMemberActive({ memberId: id, active: true })).rejects.toMatchObject({ code: 'CONFLICT' });
	});
});
