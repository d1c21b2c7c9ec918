/** Column shapes every table writes the same way. */
import { timestamp, uuid } from 'drizzle-orm/pg-core';

/** A point in time, with its zone, read as a Date. */
export const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
/** A random UUID primary key. */
export const idColumn = () => uuid('id').primaryKey().defaultRandom();
/** When the row was written. */
export const createdAt = () => ts('created_at').notNull().defaultNow();
/** When the row last changed. */
export const updatedAt = () => ts('updated_at').notNull().defaultNow();
