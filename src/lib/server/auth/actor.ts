/**
 * Who is acting: one type for every service, built once per request in hooks.server.ts
 * (`locals.actor`, the tRPC context's `ctx.actor`) from the session, and carrying impersonation.
 *
 * Attribution (what the audit trail and history rows record) is derived in one place,
 * `attributionOf`: the actor is the real person — the admin while they act as a referrer — and
 * `onBehalfOf` the impersonated user, or the person a change is made for; 'anonymous' when nobody
 * is signed in, 'system' for the service itself.
 */
import type { Caller } from './scope';
import type { SignedIn } from './session';

/** The actor of changes the service makes itself (webhooks, jobs, the reconciler). Shown as "the booking service". */
export const SYSTEM_ACTOR_ID = 'system';
/** The audit actor of a request with nobody signed in. */
export const ANONYMOUS_ACTOR_ID = 'anonymous';

/** Where the request came from (a `RequestMeta` will do), for the audit record; null for the service's own work. */
export interface ActorMeta {
	ip: string | null;
	userAgent: string | null;
	requestId: string | null;
}

export interface Actor {
	/**
	 * The signed-in user (while an admin acts as a referrer: the referrer); `SYSTEM_ACTOR_ID` for the
	 * service itself; null when nobody is signed in.
	 */
	userId: string | null;
	/** The admin behind an impersonated session. */
	impersonatedBy: string | null;
	/** What the user's roles allow (scope, permissions); null when nobody is signed in. */
	caller: Caller | null;
	/** The user a change is made for, when the caller names one. */
	onBehalfOf: string | null;
	meta: ActorMeta;
}

/** An actor with a user and roles: a signed-in request, or the service itself. */
export type SignedInActor = Actor & { userId: string; caller: Caller };

/** What the audit record (and a history row) says of who did it, and from where. */
export interface Attribution {
	/** The real person: the admin while impersonating; 'anonymous' or 'system' when nobody. */
	actor: string;
	/** The impersonated user, or the person the change is made for. */
	onBehalfOf: string | null;
	ip: string | null;
	userAgent: string | null;
	requestId: string | null;
}

const metaOf = (meta: Partial<ActorMeta> | undefined): ActorMeta => ({
	ip: meta?.ip ?? null,
	userAgent: meta?.userAgent ?? null,
	requestId: meta?.requestId ?? null
});

type Session = Pick<SignedIn, 'user' | 'caller' | 'impersonatedBy'>;

/** The actor of a request: the session's user (and the admin behind it), or anonymous when nobody is signed in. */
export function actorFor(meta: ActorMeta, signedIn: Session): SignedInActor;
export function actorFor(meta: ActorMeta, signedIn: Session | null): Actor;
export function actorFor(meta: ActorMeta, signedIn: Session | null): Actor {
	return {
		userId: signedIn?.user.id ?? null,
		impersonatedBy: signedIn?.impersonatedBy ?? null,
		caller: signedIn?.caller ?? null,
		onBehalfOf: null,
		meta: metaOf(meta)
	};
}

/**
 * The service itself (webhooks, jobs, the reconciler), with an admin's permissions. Recorded as
 * 'system', with the request's address only when given one.
 */
export function systemActor(meta?: Partial<ActorMeta>): SignedInActor {
	return {
		userId: SYSTEM_ACTOR_ID,
		impersonatedBy: null,
		caller: { userId: SYSTEM_ACTOR_ID, platformRole: 'admin', organizationId: null, orgRoles: [], teamId: null },
		onBehalfOf: null,
		meta: metaOf(meta)
	};
}

/**
 * Someone known by id who has no session (yet): signing in, resetting a password. Null is
 * anonymous.
 */
export function userActor(meta: ActorMeta, userId: string | null): Actor {
	return { userId, impersonatedBy: null, caller: null, onBehalfOf: null, meta: metaOf(meta) };
}

/** The same actor, making the change for `userId` (the audit record's `onBehalfOf`). */
export function withOnBehalfOf<A extends Actor>(actor: A, userId: string | null): A {
	return { ...actor, onBehalfOf: userId };
}

/**
 * The same request, recorded as done by `userId` for `onBehalfOf`: where a service has already
 * worked out who the change belongs to (a booking's author, a history row's attribution, the user
 * an invitation has just created).
 */
export function attributedTo(actor: Actor, userId: string, onBehalfOf: string | null = null): Actor {
	return { userId, impersonatedBy: null, caller: null, onBehalfOf, meta: actor.meta };
}

/** Whether the actor has a user and roles (a signed-in request, or the service itself). */
export function isSignedIn(actor: Actor): actor is SignedInActor {
	return actor.userId !== null && actor.caller !== null;
}

/**
 * The request's actor, typed as signed in, once a guard has found the session. hooks.server.ts
 * builds both from the same session: a mismatch is a wiring fault, never the caller's.
 */
export function signedInActor(actor: Actor, signedIn: Pick<SignedIn, 'user'>): SignedInActor {
	if (!isSignedIn(actor) || actor.userId !== signedIn.user.id) throw new Error("the request's actor is not its session's user");
	return actor;
}

/**
 * The one place an actor becomes the audit record's attribution. While an admin acts as someone
 * (impersonation), the admin is the actor and the person acted for is `onBehalfOf`.
 */
export function attributionOf(actor: Actor): Attribution {
	const acting = Boolean(actor.impersonatedBy && actor.userId);
	return {
		actor: acting ? actor.impersonatedBy! : (actor.userId ?? ANONYMOUS_ACTOR_ID),
		onBehalfOf: acting ? actor.userId : actor.onBehalfOf,
		ip: actor.meta.ip,
		userAgent: actor.meta.userAgent,
		requestId: actor.meta.requestId
	};
}
