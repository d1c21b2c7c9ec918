/**
 * The one browser-side tRPC client (docs/decisions/001). Pages read data through load functions;
 * this client is for interactive calls that do not reload the page.
 */
import { createTRPCClient, type TRPCClientInit } from 'trpc-sveltekit';
import superjson from 'superjson';
import type { AppRouter } from '$lib/server/routers/_app';

let client: ReturnType<typeof createTRPCClient<AppRouter>> | undefined;

export function trpc(init?: TRPCClientInit) {
	if (typeof window === 'undefined')
		return createTRPCClient<AppRouter>({ init, url: '/api/trpc', transformer: { input: superjson, output: superjson } });
	client ??= createTRPCClient<AppRouter>({ url: '/api/trpc', transformer: { input: superjson, output: superjson } });
	return client;
}
