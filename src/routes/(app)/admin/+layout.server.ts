import { requirePlatformRole } from '$lib/server/auth/guards';

export const load = async (event) => {
	await requirePlatformRole(event, 'admin');
	return {};
};
