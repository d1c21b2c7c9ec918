/**
 * The SQL of every repository function, snapshotted in `sql/<file>.repository.sql` (immich's habit):
 * a changed query shows in review as a changed `.sql` file, and fails here until the snapshot is
 * updated (`npx vitest run src/lib/server/repositories/sql-snapshots.test.ts -u`) and reviewed.
 *
 * Each function is called once (`sql/manifest.ts`) in a transaction that is rolled back, on an
 * empty migrated database; only the statements' text is kept, never their parameters. A repository
 * function missing from the manifest fails the test, so a new query cannot skip review.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { is, SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/client';
import { openTestDatabase } from '../testing/db';
import { formatSql } from './sql/format';
import { manifest, type Call } from './sql/manifest';

const here = path.dirname(fileURLToPath(import.meta.url));
const repositoryFiles = readdirSync(here)
	.filter((f) => f.endsWith('.repository.ts'))
	.map((f) => f.slice(0, -'.repository.ts'.length))
	.sort();

/** `booking-history` → `bookingHistoryRepository`, the name headers give a function. */
const moduleName = (file: string) => file.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()) + 'Repository';

/** The functions a module exports (classes, such as an error type, are not queries). */
const functionExports = (module: Record<string, unknown>) =>
	Object.keys(module)
		.filter((k) => typeof module[k] === 'function' && !/^class\b/.test(Function.prototype.toString.call(module[k])))
		.sort();

const squash = (s: string) => s.replace(/\s+/g, '');

/** A statement laid out for reading; the layout may only move whitespace. */
function readable(statement: string): string {
	const text = formatSql(statement);
	if (squash(text) !== squash(statement)) throw new Error(`the SQL layout changed more than whitespace:\n${statement}\n${text}`);
	return text;
}

/** PostgreSQL's error class of a failure (the driver's error is the cause of Drizzle's). */
function sqlState(error: unknown): string | undefined {
	for (let e = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
		const code = (e as { code?: unknown }).code;
		if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
	}
	return undefined;
}

let database: Database;
/** Where the logger writes while a call runs; null between calls (migrations are not recorded). */
let recording: string[] | null = null;

beforeAll(async () => {
	database = await openTestDatabase({
		logger: {
			// The text only: parameter values never reach a snapshot.
			logQuery: (query) => recording?.push(query)
		}
	});
});

afterAll(async () => {
	await database?.close();
});

class Rollback extends Error {}
const dialect = new PgDialect();

/** Runs one call in a transaction that is rolled back; answers the SQL it sent, laid out. */
async function capture(label: string, call: Call): Promise<string[]> {
	const statements: string[] = [];
	let failure: unknown;
	let result: unknown;
	recording = statements;
	try {
		await database.db.transaction(async (tx) => {
			try {
				result = await call(tx);
			} catch (error) {
				failure = error;
			}
			throw new Rollback();
		});
	} catch (error) {
		if (!(error instanceof Rollback)) throw error;
	} finally {
		recording = null;
	}
	if (failure !== undefined) {
		// On an empty database a write may break a foreign key (class 23), and a function may refuse
		// what it did not find. SQL that PostgreSQL cannot run, or a call that sent nothing, is a
		// mistake here or in the repository.
		const state = sqlState(failure);
		if ((state && !state.startsWith('23')) || statements.length === 0)
			throw new Error(`${label} failed${state ? ` (${state})` : ''}: ${String(failure)}`, { cause: failure });
	}
	// (Drizzle's `$count` ends its statement with a semicolon of its own.)
	const out = statements.map((s) => `${readable(s.trim().replace(/;$/, ''))};`);
	// A function that builds a condition for others: show the condition.
	if (is(result, SQL)) out.push(`-- returns the condition:\n${readable(dialect.sqlToQuery(result).sql)}`);
	if (out.length === 0) out.push('-- (sends no SQL)');
	return out;
}

describe('repository SQL snapshots', () => {
	it('the manifest covers every repository file, and nothing else', () => {
		expect(Object.keys(manifest).sort()).toEqual(repositoryFiles);
	});

	for (const file of repositoryFiles) {
		it(`${file}.repository.ts`, async () => {
			const entry = manifest[file];
			if (!entry) throw new Error(`sql/manifest.ts has no entry for ${file}.repository.ts`);
			const exported = functionExports(entry.module);
			const missing = exported.filter((name) => !(name in entry.calls));
			const extra = Object.keys(entry.calls).filter((name) => !exported.includes(name));
			if (missing.length) throw new Error(`${file}.repository.ts exports functions sql/manifest.ts does not call: ${missing.join(', ')}`);
			if (extra.length) throw new Error(`sql/manifest.ts calls functions ${file}.repository.ts does not export: ${extra.join(', ')}`);

			const name = moduleName(file);
			const sections = [
				`-- The SQL of ${file}.repository.ts, one section per call in sql/manifest.ts (statement text only).\n` +
					`-- Generated: npx vitest run src/lib/server/repositories/sql-snapshots.test.ts -u`
			];
			for (const [fn, calls] of Object.entries(entry.calls)) {
				const variants: [string, Call][] = typeof calls === 'function' ? [['', calls]] : Object.entries(calls);
				for (const [variant, call] of variants) {
					const label = `${name}.${fn}${variant ? ` (${variant})` : ''}`;
					sections.push([`-- ${label}`, ...(await capture(label, call))].join('\n'));
				}
			}
			await expect(sections.join('\n\n') + '\n').toMatchFileSnapshot(`./sql/${file}.repository.sql`);
		});
	}
});
