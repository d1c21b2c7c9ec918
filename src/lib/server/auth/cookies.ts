import type { Cookies } from '@sveltejs/kit';
import { parseSetCookieHeader, toCookieOptions } from 'better-auth/cookies';

/**
 * Copy the cookies a Better Auth call set onto the SvelteKit response, and return them as
 * name → value so a follow-up call in the same request can present them.
 */
export function applyAuthCookies(cookies: Cookies, headers: Headers): Record<string, string> {
	const set: Record<string, string> = {};
	const raw = headers.getSetCookie?.().join(', ') ?? headers.get('set-cookie') ?? '';
	if (!raw) return set;
	for (const [name, attributes] of parseSetCookieHeader(raw)) {
		const options = toCookieOptions(attributes);
		cookies.set(name, attributes.value, {
			...options,
			path: options.path ?? '/',
			httpOnly: options.httpOnly ?? true,
			sameSite: options.sameSite ?? 'lax'
		});
		set[name] = attributes.value;
	}
	return set;
}
