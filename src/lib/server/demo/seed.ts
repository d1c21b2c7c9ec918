/**
 * Demo data: two organisations with teams and one account per role, all with the password
 * `demo-password`. Idempotent: running it again changes nothing that exists.
 */
import { and, eq } from 'drizzle-orm';
import type { App } from '../app';
import { account, member, organization, team, user, type OrgRole, type PlatformRole } from '../db/schema';

export const DEMO_PASSWORD = 'demo-password';

export const DEMO_ORGANIZATIONS = [
	{ slug: 'harbour-legal', name: 'Harbour Legal', teams: ['Workers compensation', 'Motor accidents'] },
	{ slug: 'southern-cross-lawyers', name: 'Southern Cross Lawyers', teams: ['Claims'] }
] as const;

interface DemoUser {
	email: string;
	name: string;
	role: PlatformRole;
	org?: (typeof DEMO_ORGANIZATIONS)[number]['slug'];
	team?: string;
	orgRoles?: OrgRole[];
	home: string;
}

export const DEMO_USERS: DemoUser[] = [
	{ email: 'admin@demo.test', name: 'Alex Admin', role: 'admin', home: '/admin' },
	{ email: 'owner@demo.test', name: 'Olivia Owner', role: 'user', org: 'harbour-legal', orgRoles: ['owner', 'referrer'], home: '/bookings' },
	{
		email: 'teamlead@demo.test',
		name: 'Tom Lead',
		role: 'user',
		org: 'harbour-legal',
		team: 'Workers compensation',
		orgRoles: ['team_lead', 'referrer'],
		home: '/bookings'
	},
	{
		email: 'referrer@demo.test',
		name: 'Rachel Referrer',
		role: 'user',
		org: 'harbour-legal',
		team: 'Workers compensation',
		orgRoles: ['referrer'],
		home: '/bookings'
	},
	{ email: 'specialist@demo.test', name: 'Dr Sam Specialist', role: 'specialist', home: '/appointments' },
	{ email: 'rival@demo.test', name: 'Riley Rival', role: 'user', org: 'southern-cross-lawyers', team: 'Claims', orgRoles: ['referrer'], home: '/bookings' }
];

export type { DemoUser };

export async function seedDemo(app: App, extraUsers: DemoUser[] = []): Promise<{ created: string[] }> {
	const db = app.database.db;
	const ctx = await app.auth.$context;
	const hash = await ctx.password.hash(DEMO_PASSWORD);
	const created: string[] = [];
	await db.transaction(async (tx) => {
		const orgIds = new Map<string, string>();
		const teamIds = new Map<string, string>();
		for (const o of DEMO_ORGANIZATIONS) {
			await tx.insert(organization).values({ slug: o.slug, name: o.name }).onConflictDoNothing({ target: organization.slug });
			const [row] = await tx.select({ id: organization.id }).from(organization).where(eq(organization.slug, o.slug));
			orgIds.set(o.slug, row!.id);
			for (const name of o.teams) {
				await tx.insert(team).values({ organizationId: row!.id, name }).onConflictDoNothing();
				const [t] = await tx
					.select({ id: team.id })
					.from(team)
					.where(and(eq(team.organizationId, row!.id), eq(team.name, name)));
				teamIds.set(`${o.slug}/${name}`, t!.id);
			}
		}
		for (const u of [...DEMO_USERS, ...extraUsers]) {
			const [existing] = await tx.select({ id: user.id }).from(user).where(eq(user.email, u.email));
			if (existing) continue;
			const id = crypto.randomUUID();
			await tx.insert(user).values({ id, email: u.email, name: u.name, emailVerified: true, role: u.role });
			await tx.insert(account).values({ id: crypto.randomUUID(), accountId: id, providerId: 'credential', userId: id, password: hash });
			if (u.org)
				await tx.insert(member).values({
					organizationId: orgIds.get(u.org)!,
					userId: id,
					roles: u.orgRoles!,
					teamId: u.team ? teamIds.get(`${u.org}/${u.team}`)! : null
				});
			created.push(u.email);
		}
	});
	return { created };
}
