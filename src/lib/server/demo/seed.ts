/**
 * Demo data: two organisations with teams and one account per role, all with the password
 * `demo-password`. Idempotent: running it again changes nothing that exists.
 */
import { and, asc, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import type { App } from '../app';
import {
	account,
	appointmentType,
	dateOverride,
	member,
	organization,
	specialist,
	specialistAppointmentType,
	specialistLocation,
	team,
	user,
	weeklyHours,
	type IntakeField,
	type OrgRole,
	type PlatformRole
} from '../db/schema';
import type { Tx } from '../db/client';

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
	{
		email: 'owner@demo.test',
		name: 'Olivia Owner',
		role: 'user',
		org: 'harbour-legal',
		orgRoles: ['owner', 'referrer'],
		home: '/bookings'
	},
	{
		email: 'manager@demo.test',
		name: 'Maya Manager',
		role: 'user',
		org: 'harbour-legal',
		team: 'Motor accidents',
		orgRoles: ['manager', 'referrer'],
		home: '/bookings'
	},
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
	{
		email: 'rival@demo.test',
		name: 'Riley Rival',
		role: 'user',
		org: 'southern-cross-lawyers',
		team: 'Claims',
		orgRoles: ['referrer'],
		home: '/bookings'
	}
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
		const userIds = new Map((await tx.select({ id: user.id, email: user.email }).from(user)).map((u) => [u.email, u.id]));
		// With Acuity, the catalogue is Acuity's own (synced below): no built-in one beside it.
		if (app.scheduling.provider.kind === 'builtin') await seedScheduling(tx, userIds);
	});
	if (app.scheduling.provider.kind === 'acuity') await seedFromAcuity(app);
	return { created };
}

/**
 * The Acuity demo: specialists and exam types come from Acuity's catalogue, and the demo specialist
 * signs in as the first Acuity calendar (by name), so their appointments are there to see.
 */
async function seedFromAcuity(app: App) {
	try {
		await app.scheduling.syncCatalogue();
	} catch (err) {
		app.logger.warn(
			{ err: err instanceof Error ? err.message : String(err) },
			'demo: Acuity catalogue not synced (is the fake Acuity running?)'
		);
		return;
	}
	const db = app.database.db;
	const [account] = await db.select({ id: user.id }).from(user).where(eq(user.email, 'specialist@demo.test'));
	if (!account) return;
	const [linked] = await db.select({ id: specialist.id }).from(specialist).where(eq(specialist.userId, account.id));
	if (linked) return;
	const [first] = await db
		.select({ id: specialist.id })
		.from(specialist)
		.where(and(isNotNull(specialist.providerCalendarId), isNull(specialist.userId)))
		.orderBy(asc(specialist.displayName))
		.limit(1);
	if (first) await db.update(specialist).set({ userId: account.id }).where(eq(specialist.id, first.id));
}

const IME_FIELDS: IntakeField[] = [
	{ id: 'body-parts', name: 'Body parts or conditions to be assessed', required: true, type: 'textarea', options: [] },
	{ id: 'prior-ime', name: 'Has the examinee attended an IME for this claim before?', required: true, type: 'yesno', options: [] },
	{
		id: 'claim-type',
		name: 'Claim type',
		required: true,
		type: 'dropdown',
		options: ['Workers compensation', 'Motor accident', 'Public liability', 'TPD / income protection', 'Medical negligence']
	}
];

export const DEMO_TYPES = [
	{
		name: 'IME — in person',
		category: 'IME',
		mode: 'in_person',
		durationMinutes: 60,
		priceCents: 165_000,
		paddingAfterMinutes: 15,
		intakeFields: IME_FIELDS
	},
	{
		name: 'IME — telehealth',
		category: 'IME',
		mode: 'telehealth',
		durationMinutes: 60,
		priceCents: 150_000,
		paddingAfterMinutes: 15,
		intakeFields: IME_FIELDS
	},
	{
		name: 'Supplementary report',
		category: 'Supplementary',
		mode: 'telehealth',
		durationMinutes: 45,
		priceCents: 90_000,
		paddingAfterMinutes: 0,
		intakeFields: []
	},
	{
		name: 'File review',
		category: 'File review',
		mode: 'telehealth',
		durationMinutes: 30,
		priceCents: 70_000,
		paddingAfterMinutes: 0,
		intakeFields: []
	}
] as const;

/** Mon–Fri unless `days` says otherwise; minutes after local midnight. */
export const DEMO_SPECIALISTS = [
	{
		name: 'Dr Sam Specialist',
		specialty: 'Orthopaedic surgeon',
		location: 'Sydney',
		state: 'NSW',
		timeZone: 'Australia/Sydney',
		modes: ['in_person', 'telehealth'],
		user: 'specialist@demo.test',
		days: [1, 2, 3, 4, 5],
		ranges: [
			[540, 720],
			[780, 1020]
		]
	},
	{
		name: 'Dr Priya Natarajan',
		specialty: 'Psychiatrist',
		location: 'Adelaide',
		state: 'SA',
		timeZone: 'Australia/Adelaide',
		modes: ['in_person', 'telehealth'],
		days: [1, 3, 5],
		ranges: [[570, 1050]]
	},
	{
		name: 'Dr James Whitford',
		specialty: 'Occupational physician',
		location: 'Brisbane',
		state: 'QLD',
		timeZone: 'Australia/Brisbane',
		modes: ['in_person'],
		days: [2, 4],
		ranges: [[480, 960]]
	},
	{
		name: 'Dr Mei Chen',
		specialty: 'Neurologist',
		location: 'Melbourne',
		state: 'VIC',
		timeZone: 'Australia/Melbourne',
		modes: ['in_person', 'telehealth'],
		days: [1, 2, 3, 4],
		ranges: [[540, 1020]]
	},
	{
		name: 'Dr Lachlan Ross',
		specialty: 'Hand surgeon',
		location: 'Perth',
		state: 'WA',
		timeZone: 'Australia/Perth',
		modes: ['in_person'],
		days: [3, 4, 5],
		ranges: [[510, 990]]
	}
] as const;

/**
 * Where the demo specialists examine in person (fictional rooms at real suburbs and postcodes). The
 * first of each is the primary location; `days` (ISO weekdays) puts those days' hours at another.
 */
export const DEMO_LOCATIONS: Record<
	string,
	{ name: string; line1: string; line2: string; suburb: string; state: string; postcode: string; directions: string; days?: number[] }[]
> = {
	'Dr Sam Specialist': [
		{
			name: 'Macquarie Street rooms',
			line1: '135 Macquarie Street',
			line2: 'Level 4',
			suburb: 'Sydney',
			state: 'NSW',
			postcode: '2000',
			directions: 'Enter from Macquarie Street and take the lifts to Level 4. Paid parking at the Domain car park, ten minutes’ walk.'
		},
		{
			name: 'Parramatta rooms',
			line1: '20 Smith Street',
			line2: 'Suite 3, Level 2',
			suburb: 'Parramatta',
			state: 'NSW',
			postcode: '2150',
			directions: 'Five minutes’ walk from Parramatta station. Visitor parking under the building, entry from Smith Street.',
			days: [4, 5]
		}
	],
	'Dr Priya Natarajan': [
		{
			name: 'North Terrace rooms',
			line1: '202 North Terrace',
			line2: 'Level 2',
			suburb: 'Adelaide',
			state: 'SA',
			postcode: '5000',
			directions: 'Opposite the Botanic Garden tram stop. Ring the bell for Level 2 at the side entrance.'
		}
	],
	'Dr James Whitford': [
		{
			name: 'Wickham Terrace rooms',
			line1: '131 Wickham Terrace',
			line2: 'Suite 7',
			suburb: 'Spring Hill',
			state: 'QLD',
			postcode: '4000',
			directions: 'Street parking on Wickham Terrace (two hours). The entrance is beside the pharmacy.'
		}
	],
	'Dr Mei Chen': [
		{
			name: 'Collins Street rooms',
			line1: '55 Collins Street',
			line2: 'Level 9',
			suburb: 'Melbourne',
			state: 'VIC',
			postcode: '3000',
			directions: 'Near Parliament station. Sign in at the ground-floor concierge, then lifts to Level 9.'
		}
	],
	'Dr Lachlan Ross': [
		{
			name: 'Hollywood rooms',
			line1: '95 Monash Avenue',
			line2: 'Suite 12',
			suburb: 'Nedlands',
			state: 'WA',
			postcode: '6009',
			directions: 'Free patient parking in the multi-deck car park off Monash Avenue; the rooms are on the ground floor.'
		}
	]
};

/** A demo specialist's locations, when they have none yet; their weekly hours on other rooms' days point there. */
async function seedLocations(tx: Tx, specialistId: string, name: string) {
	const places = DEMO_LOCATIONS[name];
	if (!places?.length) return;
	const [any] = await tx
		.select({ id: specialistLocation.id })
		.from(specialistLocation)
		.where(eq(specialistLocation.specialistId, specialistId))
		.limit(1);
	if (any) return;
	for (const [i, { days, ...place }] of places.entries()) {
		const [row] = await tx
			.insert(specialistLocation)
			.values({ ...place, specialistId, isPrimary: i === 0 })
			.returning({ id: specialistLocation.id });
		if (days?.length)
			await tx
				.update(weeklyHours)
				.set({ locationId: row!.id })
				.where(and(eq(weeklyHours.specialistId, specialistId), inArray(weeklyHours.weekday, days), isNull(weeklyHours.locationId)));
	}
}

/** Specialists with weekly hours, locations and the appointment types they offer (built-in scheduler). */
export async function seedScheduling(tx: Tx, userIds: Map<string, string>) {
	const typeIds: string[] = [];
	for (const t of DEMO_TYPES) {
		const [existing] = await tx.select({ id: appointmentType.id }).from(appointmentType).where(eq(appointmentType.name, t.name)).limit(1);
		if (existing) {
			typeIds.push(existing.id);
			continue;
		}
		const [row] = await tx
			.insert(appointmentType)
			.values({
				...t,
				intakeFields: [...t.intakeFields],
				description: `${t.category} (${t.mode === 'telehealth' ? 'telehealth' : 'in person'})`
			})
			.returning({ id: appointmentType.id });
		typeIds.push(row!.id);
	}
	for (const s of DEMO_SPECIALISTS) {
		const [existing] = await tx.select({ id: specialist.id }).from(specialist).where(eq(specialist.displayName, s.name)).limit(1);
		if (existing) {
			// A demo seeded before locations existed gets them now.
			await seedLocations(tx, existing.id, s.name);
			continue;
		}
		const [row] = await tx
			.insert(specialist)
			.values({
				displayName: s.name,
				specialty: s.specialty,
				location: s.location,
				state: s.state,
				timeZone: s.timeZone,
				modes: [...s.modes],
				userId: 'user' in s ? (userIds.get(s.user) ?? null) : null,
				minNoticeMinutes: 24 * 60,
				horizonDays: 90
			})
			.returning({ id: specialist.id });
		await tx
			.insert(weeklyHours)
			.values(
				s.days.flatMap((weekday) =>
					s.ranges.map(([startMinute, endMinute]) => ({ specialistId: row!.id, weekday, startMinute, endMinute }))
				)
			);
		const offered = DEMO_TYPES.map((t, i) => ({ t, id: typeIds[i]! })).filter(
			({ t }) => (s.modes as readonly string[]).includes(t.mode) || t.category === 'File review'
		);
		await tx.insert(specialistAppointmentType).values(offered.map(({ id }) => ({ specialistId: row!.id, appointmentTypeId: id })));
		await seedLocations(tx, row!.id, s.name);
		if (s.name === 'Dr Mei Chen')
			await tx.insert(dateOverride).values({ specialistId: row!.id, date: '2026-12-24', ranges: [], note: 'Leave' });
	}
}
