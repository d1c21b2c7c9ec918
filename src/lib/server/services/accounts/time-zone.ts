/**
 * The zone a person reads times in: detected from their browser on the first page they open with
 * none stored, changeable on the Account page. Either way the change is audited as one to their
 * own account; a detected zone never replaces one already stored.
 */
import type { App } from '../../app';
import type { SignedIn } from '../../auth/session';
import type { Actor } from '../../auth/actor';
import { AppError } from '../../errors';
import { findUserTimeZone, updateUserTimeZone } from '../../repositories/users.repository';
import { canonicalTimeZone } from '../../../time-zones';
import { recordOwnAccount } from '../audit/audit';
import { refuseWhileActing } from './impersonation';

/** The zone the user reads times in, or null while it is not known. */
export async function timeZoneOf(app: App, userId: string): Promise<string | null> {
	return findUserTimeZone(app.database.db, userId);
}

/**
 * Keeps `input` as the caller's zone when it is one the runtime knows (else a 400 naming
 * `timeZone`). `detected`: sent by the browser, kept only while no zone is stored. Returns the zone
 * now stored, and whether this call changed it.
 */
export async function setOwnTimeZone(
	app: App,
	who: SignedIn,
	actor: Actor,
	input: unknown,
	how: 'detected' | 'chosen'
): Promise<{ timeZone: string; changed: boolean }> {
	// While an admin acts as someone, the browser's zone is the admin's: nothing is kept.
	refuseWhileActing(who);
	const timeZone = canonicalTimeZone(input);
	if (!timeZone) throw new AppError('BAD_REQUEST', 'Choose a time zone from the list.', 'timeZone');
	const db = app.database.db;
	const changed = await db.transaction(async (tx) => {
		const done = await updateUserTimeZone(tx, who.user.id, timeZone, { onlyIfUnknown: how === 'detected' });
		if (done) await recordOwnAccount(tx, actor, { action: 'user.time_zone_change', outcome: 'granted', details: { timeZone, how } });
		return done;
	});
	return { timeZone: changed ? timeZone : ((await findUserTimeZone(db, who.user.id)) ?? timeZone), changed };
}
