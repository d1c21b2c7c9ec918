import { userName } from '../../services/accounts/users';
import type { PublicContext } from '../_context';

export async function meHandler(ctx: PublicContext) {
	const s = ctx.signedIn;
	if (!s) return null;
	const impersonatorName = s.impersonatedBy ? await userName(ctx.app, s.impersonatedBy) : null;
	return {
		actingAs: s.impersonatedBy ? { adminName: impersonatorName ?? 'An admin' } : null,
		id: s.user.id,
		name: s.user.name,
		email: s.user.email,
		role: s.user.role,
		twoFactorEnabled: s.user.twoFactorEnabled,
		/** The zone this person reads times in; null until the browser's is detected or one is chosen. */
		timeZone: s.user.timeZone,
		mustEnrolSecondFactor: s.mustEnrolSecondFactor,
		organizations: s.memberships.map((m) => ({ id: m.organizationId, name: m.organizationName, roles: m.roles, team: m.teamName })),
		activeOrganizationId: s.caller.organizationId
	};
}
