import { APIError } from 'better-auth/api';

/** The link of a verification email: confirms the address, then says so. */
export const load = async ({ url, locals }) => {
	const token = url.searchParams.get('token');
	if (!token) return { verified: false };
	try {
		await locals.app.auth.api.verifyEmail({ query: { token }, headers: locals.meta.headers });
		return { verified: true };
	} catch (err) {
		if (err instanceof APIError) return { verified: false };
		throw err;
	}
};
