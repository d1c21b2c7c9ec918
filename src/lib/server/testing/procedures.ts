/** The app router's procedures, for tests that walk every one of them. */
import { appRouter } from '../routers/_app';

/** Every procedure path with its guard, read from the router definition itself. */
export function listProcedures(): { path: string; type: string; guard: string | undefined }[] {
	const procedures = (
		appRouter._def as unknown as {
			procedures: Record<string, { _def: { meta?: { guard?: string }; query?: boolean; mutation?: boolean } }>;
		}
	).procedures;
	return Object.entries(procedures).map(([path, p]) => ({
		path,
		type: p._def.mutation ? 'mutation' : 'query',
		guard: p._def.meta?.guard
	}));
}
