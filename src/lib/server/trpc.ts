/**
 * tRPC: the context, the error shape, and the procedure builders. Every procedure starts from a
 * builder that names who may call it (its `guard`); a test walks the router and fails on any
 * procedure without one. There is deliberately no exported bare `t.procedure`.
 */
import { initTRPC, TRPCError } from '@trpc/server';
import type { RequestEvent } from '@sveltejs/kit';
import superjson from 'superjson';
import { ZodError } from 'zod';
import { serialize } from './plain-json';
import type { App } from './app';
import type { SignedIn } from './auth/session';
import { scopeFor } from './auth/scope';
import type { OrgRole } from './db/schema';
import { AppError } from './errors';
import { SchedulingError } from './services/scheduling/errors';
import { recordAudit } from './services/audit/audit';
import type { RequestMeta } from './services/accounts/request-meta';
import type { PrefetchedRead } from './services/scheduling/availability-cache';
import { signedInActor, type Actor } from './auth/actor';

export interface Context {
	app: App;
	meta: RequestMeta;
	signedIn: SignedIn | null;
	/** Who is acting, built once per request in hooks.server.ts; what procedures pass to services. */
	actor: Actor;
	/** `scheduling.times`' cache read started ahead in hooks.server.ts (routers/scheduling/prefetch.ts), if any. */
	timesPrefetch?: PrefetchedRead | null;
}

export function createContext(event: Pick<RequestEvent, 'locals'>): Context {
	const { app, meta, signedIn, actor, timesPrefetch } = event.locals;
	return { app, meta, signedIn, actor, timesPrefetch };
}

export type Guard = 'public' | 'signedIn' | `role:${string}`;
export interface Meta {
	guard: Guard;
}

/** Zod issues as `{ "field.path": "message" }`, the shape forms read to mark each field. */
export function fieldErrors(error: ZodError): Record<string, string> {
	const out: Record<string, string> = {};
	for (const issue of error.issues) {
		const key = issue.path.join('.') || 'input';
		out[key] ??= issue.message;
	}
	return out;
}

/**
 * superjson, with a clear 400 instead of a crash when the input is not superjson's envelope
 * (`?input=null`, a bare array…).
 */
const transformer = {
	input: {
		serialize: (v: unknown) => superjson.serialize(v),
		// `any`: the client's transformer (plain superjson) must type-check against this one.
		// eslint-disable-next-line @typescript-eslint/no-explicit-any
		deserialize: (v: any): unknown => {
			if (v === undefined) return undefined;
			if (v === null || typeof v !== 'object' || Array.isArray(v) || !('json' in v))
				throw new TRPCError({ code: 'BAD_REQUEST', message: 'The input must be an object of the form {"json": …}.' });
			try {
				return superjson.deserialize(v as Parameters<typeof superjson.deserialize>[0]);
			} catch {
				throw new TRPCError({ code: 'BAD_REQUEST', message: 'The input could not be read.' });
			}
		}
	},
	// superjson's answer, without its walk when the value is plain JSON already (plain-json.ts).
	output: { serialize, deserialize: (v: Parameters<typeof superjson.deserialize>[0]) => superjson.deserialize(v) }
};

const t = initTRPC
	.context<Context>()
	.meta<Meta>()
	.create({
		transformer,
		isDev: process.env.NODE_ENV !== 'production',
		errorFormatter({ shape, error, ctx }) {
			const zod = error.cause instanceof ZodError ? error.cause : null;
			const internal = error.code === 'INTERNAL_SERVER_ERROR';
			const ref = ctx?.meta.requestId;
			return {
				...shape,
				message: zod
					? `Please check: ${Object.entries(fieldErrors(zod))
							.map(([f, m]) => `${f} — ${m}`)
							.join('; ')}`
					: internal
						? `Something went wrong on our side${ref ? ` (reference ${ref})` : ''}. Please try again.`
						: shape.message,
				data: {
					code: shape.data.code,
					httpStatus: shape.data.httpStatus,
					path: shape.data.path,
					requestId: ref ?? null,
					fields: zod
						? fieldErrors(zod)
						: error.cause instanceof AppError && error.cause.field
							? { [error.cause.field]: error.message }
							: null
				}
			};
		}
	});

export const router = t.router;
export const mergeRouters = t.mergeRouters;
export const createCallerFactory = t.createCallerFactory;

/** Deliberate service errors become tRPC errors with the right status and the service's message. */
const mapAppErrors = t.middleware(async ({ next }) => {
	const result = await next();
	if (!result.ok && result.error.cause instanceof AppError) {
		const cause = result.error.cause;
		throw new TRPCError({ code: cause.code, message: cause.message, cause });
	}
	if (!result.ok && result.error.code === 'INTERNAL_SERVER_ERROR' && result.error.cause instanceof ZodError) {
		// A schema checked inside a handler (e.g. one built from an intake form): still the user's input.
		throw new TRPCError({ code: 'BAD_REQUEST', message: 'Please check the highlighted fields.', cause: result.error.cause });
	}
	if (!result.ok && result.error.cause instanceof SchedulingError) {
		const cause = result.error.cause;
		throw new TRPCError({ code: SCHEDULING_CODES[cause.kind], message: cause.message, cause });
	}
	return result;
});

const SCHEDULING_CODES = {
	slot_unavailable: 'CONFLICT',
	invalid_input: 'BAD_REQUEST',
	not_found: 'NOT_FOUND',
	rate_limited: 'TOO_MANY_REQUESTS',
	// tRPC 10 has no 503: TIMEOUT here, answered as 503 with Retry-After by the handler's responseMeta
	// (http/upstream-status.ts), never as 408 (which browsers may resend on their own).
	upstream_unavailable: 'TIMEOUT'
} as const satisfies Record<SchedulingError['kind'], TRPCError['code']>;

const base = t.procedure.use(mapAppErrors);

async function deny(ctx: Context, path: string, code: 'UNAUTHORIZED' | 'FORBIDDEN', message: string, reason: string): Promise<never> {
	await recordAudit(ctx.app.database.db, ctx.actor, {
		action: 'access.denied',
		outcome: 'denied',
		resourceType: 'procedure',
		resourceId: path,
		details: { reason }
	});
	throw new TRPCError({ code, message });
}

export const publicProcedure = base.meta({ guard: 'public' });

const requireSignedIn = t.middleware(async ({ ctx, path, next }) => {
	const signedIn = ctx.signedIn;
	if (!signedIn) return deny(ctx, path, 'UNAUTHORIZED', 'Please sign in.', 'anonymous');
	if (signedIn.mustEnrolSecondFactor)
		return deny(ctx, path, 'FORBIDDEN', 'Set up a second factor on your account page first.', 'second_factor_required');
	return next({ ctx: { ...ctx, signedIn, actor: signedInActor(ctx.actor, signedIn), scope: scopeFor(signedIn.caller) } });
});

export const signedInProcedure = base.meta({ guard: 'signedIn' }).use(requireSignedIn);

/** A role the caller must hold: a platform role ('admin', 'specialist') or an org role. */
export type RequiredRole = 'admin' | 'specialist' | OrgRole;

export function roleProcedure(...roles: [RequiredRole, ...RequiredRole[]]) {
	return base
		.meta({ guard: `role:${roles.join('|')}` })
		.use(requireSignedIn)
		.use(async ({ ctx, path, next }) => {
			const { caller } = ctx.signedIn;
			const held = new Set<string>([caller.platformRole, ...caller.orgRoles]);
			if (!roles.some((r) => held.has(r))) return deny(ctx, path, 'FORBIDDEN', 'Your role does not allow this.', 'role');
			return next();
		});
}

export const adminProcedure = roleProcedure('admin');
