import type { DemoUser } from '../src/lib/server/demo/seed';

export const PASSWORD = 'demo-password';

/** Accounts of the tests' own, so journeys that change an account never disturb the demo ones. */
export const E2E_USERS: DemoUser[] = [
	{ email: 'lockout@e2e.test', name: 'Lou Lockout', role: 'user', org: 'harbour-legal', orgRoles: ['referrer'], home: '/bookings' },
	{ email: 'totp@e2e.test', name: 'Tia Totp', role: 'user', org: 'harbour-legal', orgRoles: ['referrer'], home: '/bookings' },
	{ email: 'reset@e2e.test', name: 'Rex Reset', role: 'user', org: 'southern-cross-lawyers', orgRoles: ['referrer'], home: '/bookings' },
	{ email: 'everywhere@e2e.test', name: 'Eve Everywhere', role: 'user', org: 'harbour-legal', orgRoles: ['manager'], home: '/bookings' },
	// Signs in from a browser in Perth (journey-time-zone.spec.ts): its zone is detected, then changed.
	{ email: 'perth@e2e.test', name: 'Piper Perth', role: 'user', org: 'harbour-legal', orgRoles: ['referrer'], home: '/bookings' },
	// Holds times without confirming them (journey-keyboard.spec.ts), away from the demo referrers' hold limits.
	{
		email: 'keyboard@e2e.test',
		name: 'Kai Keyboard',
		role: 'user',
		org: 'southern-cross-lawyers',
		orgRoles: ['referrer'],
		home: '/bookings'
	},
	// Goes Back from the examinee step to the times it holds (booking-wizard.spec.ts), its holds its own.
	{ email: 'back@e2e.test', name: 'Bea Back', role: 'user', org: 'southern-cross-lawyers', orgRoles: ['referrer'], home: '/bookings' },
	// Deactivated by deactivation.spec.ts: used by nothing else.
	{ email: 'deactivate@e2e.test', name: 'Dee Activate', role: 'user', org: 'harbour-legal', orgRoles: ['referrer'], home: '/bookings' }
];
