import type { App as Services } from '$lib/server/app';
import type { SignedIn } from '$lib/server/auth/session';
import type { Actor } from '$lib/server/auth/actor';
import type { RequestMeta } from '$lib/server/services/accounts/request-meta';
import type { PrefetchedRead } from '$lib/server/services/scheduling/availability-cache';

declare global {
	namespace App {
		interface Error {
			message: string;
			requestId?: string;
		}
		interface Locals {
			app: Services;
			meta: RequestMeta;
			signedIn: SignedIn | null;
			/** Who is acting (the session's user, the admin behind an impersonation), built once after the session is read. */
			actor: Actor;
			/** `scheduling.times`' cache read, started while the session was read (routers/scheduling/prefetch.ts). */
			timesPrefetch?: PrefetchedRead | null;
		}
	}
}

export {};
