/** The fake Acuity Scheduling API, for tests, the demo and the e2e servers (see acuity/server.ts). */
export { startFakeAcuity } from './acuity/server';
export { seedDemo } from './acuity/demo';
export { DEFAULT_WEEKLY_HOURS } from './acuity/context';
export * from './acuity/types';
