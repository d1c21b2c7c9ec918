import type { App as Services } from '$lib/server/app';
import type { SignedIn } from '$lib/server/auth/session';
import type { RequestMeta } from '$lib/server/services/accounts/request-meta';

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
		}
	}
}

export {};
