import type { RequestEvent } from '@sveltejs/kit';
import { appRouter } from './routers/_app';
import { createCallerFactory, createContext } from './trpc';

const factory = createCallerFactory(appRouter);

/** Load functions and actions call procedures through this: same guards, no HTTP hop. */
export const callerFor = (event: Pick<RequestEvent, 'locals'>) => factory(createContext(event));
