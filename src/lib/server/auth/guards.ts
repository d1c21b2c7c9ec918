import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import type { PlatformRole } from '../db/schema';
import { recordAudit } from '../services/audit/audit';
import type { SignedIn } from './session';
import { signedInActor, type SignedInActor } from './actor';
import { httpStatusOf } from '../http/upstream-status';
import { uuidIn } from '../../ids';

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
 * API endpoints outside tRPC (document upload and download): the signed-in caller and the
 * request's actor, or an audited JSON 401 (no session) / 403 (second factor still to enrol).
 */
export async function requireApiSession(
	event: Pick<RequestEvent, 'locals' | 'url'>,
	resourceType: string
): Promise<{ signedIn: SignedIn; actor: SignedInActor } | Response> {
	const { app, actor, signedIn } = event.locals;
	if (signedIn && !signedIn.mustEnrolSecondFactor) return { signedIn, actor: signedInActor(actor, signedIn) };
	await recordAudit(app.database.db, actor, {
		action: 'access.denied',
		outcome: 'denied',
		resourceType,
		resourceId: uuidIn(event.url.pathname),
		details: { reason: signedIn ? 'second_factor_required' : 'anonymous' }
	});
	return signedIn
		? Response.json({ message: 'Set up a second factor on your account page first.' }, { status: 403 })
		: Response.json({ message: 'Please sign in.' }, { status: 401 });
}
