export * from './auth';
export * from './organization';
export * from './audit';
export * from './outbox';
export * from './scheduling';
export * from './booking';
export * from './document';
export * from './case';
