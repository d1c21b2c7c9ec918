/** What a procedure's handler receives as `ctx`, after its guard builder's middleware ran. */
import type { SignedInActor } from '../auth/actor';
import type { Scope } from '../auth/scope';
import type { SignedIn } from '../auth/session';
import type { Context } from '../trpc';

/** `publicProcedure`: the request's context as built in hooks.server.ts. */
export type PublicContext = Context;

/** `signedInProcedure`, `adminProcedure`, `roleProcedure(…)`: someone is signed in, with their scope. */
export type SignedInContext = Omit<Context, 'signedIn' | 'actor'> & { signedIn: SignedIn; actor: SignedInActor; scope: Scope };
