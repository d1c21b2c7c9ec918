/**
 * The first administrator of a new deployment: accounts exist only through invitations, and on an
 * empty database nobody can invite. With BOOTSTRAP_ADMIN_EMAIL set, a start that finds no
 * administrator and no administrator invitation still waiting invites that address (an email through
 * the outbox, audited as the service). Every later start finds one or the other and does nothing.
 */
import type { App } from '../../app';
import { systemActor } from '../../auth/actor';
import type { Logger } from '../../logger';
import { lockDataMigrations } from '../../repositories/case-links.repository';
import { pendingAdminInvitationExists } from '../../repositories/invitations.repository';
import { anyAdminExists } from '../../repositories/users.repository';
import { createInvitation } from './invitations';

export type FirstAdminOutcome = 'invited' | 'admin exists' | 'invitation waiting';

let pgliteTurn: Promise<unknown> = Promise.resolve();

export async function inviteFirstAdmin(app: App, email: string, name = 'Administrator'): Promise<FirstAdminOutcome> {
	const db = app.database.db;
	const decide = async (exec: typeof db): Promise<FirstAdminOutcome | null> => {
		if (await anyAdminExists(exec)) return 'admin exists';
		if (await pendingAdminInvitationExists(exec)) return 'invitation waiting';
		return null;
	};
	if (app.database.kind === 'pglite') {
		// One process owns the embedded database: its callers take turns in the process.
		const run = pgliteTurn.then(async (): Promise<FirstAdminOutcome> => {
			const settled = await decide(db);
			if (settled) return settled;
			await createInvitation(app, systemActor(), { email, name, platformRole: 'admin' });
			return 'invited';
		});
		pgliteTurn = run.catch(() => undefined);
		return run;
	}
	// Instances starting together take turns (the data-migration lock); the invitation commits on its
	// own connection before the lock is let go, so the next one finds it waiting.
	return db.transaction(async (tx) => {
		await lockDataMigrations(tx);
		const settled = await decide(tx as unknown as typeof db);
		if (settled) return settled;
		await createInvitation(app, systemActor(), { email, name, platformRole: 'admin' });
		return 'invited';
	});
}

/** At start-up: what happened, logged without the address; a failure is logged and retried at the next start. */
export async function inviteFirstAdminAtStart(app: App, email: string, logger: Logger): Promise<void> {
	try {
		const outcome = await inviteFirstAdmin(app, email);
		logger.info({ job: 'first-admin', outcome }, outcome === 'invited' ? 'first administrator invited' : 'first administrator not needed');
	} catch (err) {
		logger.error({ job: 'first-admin', err: err instanceof Error ? err.message : 'error' }, 'first administrator not invited');
	}
}
