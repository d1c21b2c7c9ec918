import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import type { PlatformRole } from '../db/schema';
import { recordAudit } from '../services/audit/audit';
import type { SignedIn } from './session';
import { signedInActor, type SignedInActor } from './actor';
import { httpStatusOf } from '../http/upstream-status';
import { uuidIn } from '../../ids';
import { can, type RolePermission } from './access';

/** Pages: the signed-in caller, or a redirect to sign in that comes back here. */
export function requireSignedIn(event: Pick<RequestEvent, 'locals' | 'url'>): SignedIn {
	const s = event.locals.signedIn;
	if (!s) redirect(303, `/sign-in?next=${encodeURIComponent(event.url.pathname)}`);
	return s;
}

/** Pages of one platform role; anyone else gets 403, audited like a denied procedure. */
export async function requirePlatformRole(event: Pick<RequestEvent, 'locals' | 'url'>, role: PlatformRole): Promise<SignedIn> {
	const s = requireSignedIn(event);
	if (s.user.role !== role) {
		await recordAudit(event.locals.app.database.db, event.locals.actor, {
			action: 'access.denied',
			outcome: 'denied',
			resourceType: 'page',
			resourceId: event.url.pathname,
			details: { reason: 'role' }
		});
		error(403, 'This page is not part of your role.');
	}
	return s;
}

/** A procedure's error in a load function becomes the same HTTP error a page would show. */
export function pageErrorFrom(err: unknown): never {
	if (err instanceof TRPCError) error(httpStatusOf(err, getHTTPStatusCodeFromError), err.message);
	throw err;
}

/**
 * Who may call an API endpoint outside tRPC (uploads, downloads, exports, webhooks). Every
 * `+server.ts` exports one as `_guard`, and a test walks them all (routes/api/endpoints.int.test.ts):
 * 'public' (health), 'signature' (a webhook signed by the other side), 'token' (a machine's bearer
 * token from the configuration: metrics), 'signedIn', or a permission of access.ts.
 */
export type ApiGuard = 'public' | 'signature' | 'token' | 'signedIn' | RolePermission;

/**
 * An endpoint's caller: signed in (second factor enrolled where required) and, unless `access` is
 * 'signedIn', allowed `access` by their role; else an audited JSON 401 (no session) or 403.
 */
export async function requireApiRole(
	event: Pick<RequestEvent, 'locals' | 'url'>,
	resourceType: string,
	access: 'signedIn' | RolePermission = 'signedIn',
	message = 'Your role does not allow this.'
): Promise<{ signedIn: SignedIn; actor: SignedInActor } | Response> {
	const { app, actor, signedIn } = event.locals;
	const reason = !signedIn ? 'anonymous' : signedIn.mustEnrolSecondFactor ? 'second_factor_required' : null;
	if (signedIn && !reason) {
		const who = signedInActor(actor, signedIn);
		if (access === 'signedIn' || can(who, access)) return { signedIn, actor: who };
	}
	await recordAudit(app.database.db, actor, {
		action: 'access.denied',
		outcome: 'denied',
		resourceType,
		resourceId: uuidIn(event.url.pathname),
		details: { reason: reason ?? 'role', ...(reason ? {} : { operation: access }) }
	});
	if (reason === 'anonymous') return Response.json({ message: 'Please sign in.' }, { status: 401 });
	if (reason) return Response.json({ message: 'Set up a second factor on your account page first.' }, { status: 403 });
	return Response.json({ message }, { status: 403 });
}
