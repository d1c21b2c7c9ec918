import { describe, expect, it } from 'vitest';
import type { OrgRole, PlatformRole } from '../db/schema';
import { scopeFor, type Caller } from './scope';

const caller = (over: Partial<Caller> & { orgRoles?: OrgRole[] }): Caller => ({
	userId: 'u1',
	platformRole: 'user',
	organizationId: 'org1',
	orgRoles: [],
	teamId: null,
	...over
});

describe('who sees what', () => {
	it('an admin sees everything, whatever organisation or roles the session carries', () => {
		expect(scopeFor(caller({ platformRole: 'admin', organizationId: null }))).toEqual({ kind: 'all' });
		expect(scopeFor(caller({ platformRole: 'admin', orgRoles: ['referrer'], teamId: 't1' }))).toEqual({ kind: 'all' });
	});

	it('a specialist sees only the appointments assigned to them', () => {
		expect(scopeFor(caller({ platformRole: 'specialist', userId: 'spec1', organizationId: null }))).toEqual({
			kind: 'assigned',
			specialistUserId: 'spec1'
		});
		// Even with an organisation and roles in the session, a specialist is never widened to it.
		expect(scopeFor(caller({ platformRole: 'specialist', userId: 'spec1', orgRoles: ['owner'] }))).toEqual({
			kind: 'assigned',
			specialistUserId: 'spec1'
		});
	});

	it.each<OrgRole>(['owner', 'manager'])('an org %s sees the whole organisation', (role) => {
		expect(scopeFor(caller({ orgRoles: [role], teamId: 't1' }))).toEqual({ kind: 'org', organizationId: 'org1', userId: 'u1' });
	});

	it('a team lead with a team sees that team (and their own records)', () => {
		expect(scopeFor(caller({ orgRoles: ['team_lead'], teamId: 't1' }))).toEqual({
			kind: 'team',
			organizationId: 'org1',
			teamId: 't1',
			userId: 'u1'
		});
	});

	it('a team lead without a team falls back to their own records, not the organisation', () => {
		expect(scopeFor(caller({ orgRoles: ['team_lead'], teamId: null }))).toEqual({
			kind: 'own',
			organizationId: 'org1',
			userId: 'u1'
		});
	});

	it('a referrer sees only their own records, even when in a team', () => {
		expect(scopeFor(caller({ orgRoles: ['referrer'], teamId: 't1' }))).toEqual({
			kind: 'own',
			organizationId: 'org1',
			userId: 'u1'
		});
	});

	it('a user without an organisation sees nothing, whatever roles are listed', () => {
		expect(scopeFor(caller({ organizationId: null, orgRoles: ['owner'] }))).toEqual({ kind: 'none' });
		expect(scopeFor(caller({ organizationId: null }))).toEqual({ kind: 'none' });
	});

	it('a member of an organisation with no roles in it sees nothing', () => {
		expect(scopeFor(caller({ orgRoles: [] }))).toEqual({ kind: 'none' });
	});

	it.each<[OrgRole[], string | null, string]>([
		[['referrer', 'owner'], 't1', 'org'],
		[['team_lead', 'manager'], 't1', 'org'],
		[['referrer', 'team_lead'], 't1', 'team'],
		[['team_lead', 'referrer'], 't1', 'team'],
		[['referrer', 'team_lead'], null, 'own']
	])('a user holding %j (team %s) gets the widest scope: %s', (roles, teamId, kind) => {
		expect(scopeFor(caller({ orgRoles: roles, teamId })).kind).toBe(kind);
	});

	it('the platform role outranks organisation roles', () => {
		const platformKinds: Record<PlatformRole, string> = { admin: 'all', specialist: 'assigned', user: 'org' };
		for (const [platformRole, kind] of Object.entries(platformKinds))
			expect(scopeFor(caller({ platformRole: platformRole as PlatformRole, orgRoles: ['owner'] })).kind).toBe(kind);
	});
});
