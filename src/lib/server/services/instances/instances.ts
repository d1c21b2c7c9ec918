/**
 * The app instances running now, known through the database: each renews its own row every few
 * seconds and counts the rows renewed lately. With Redis down, limits that Redis shares exactly
 * (Acuity's ten requests a second) are divided by this count instead, so the instances together
 * still keep to them.
 */
import { randomUUID } from 'node:crypto';
import { gt, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { appInstance } from '../../db/schema';

export const HEARTBEAT_SECONDS = 5;
/** A row not renewed for this long is an instance that stopped. */
const LIVE_SECONDS = 3 * HEARTBEAT_SECONDS;

export class InstanceRegistry {
	readonly id = randomUUID();
	private live = 1;

	constructor(private readonly db: Db) {}

	/** Live instances, this one included (at least 1), as of the last heartbeat. */
	get count(): number {
		return this.live;
	}

	async beat(now = new Date()): Promise<number> {
		await this.db
			.insert(appInstance)
			.values({ id: this.id, seenAt: now })
			.onConflictDoUpdate({ target: appInstance.id, set: { seenAt: now } });
		await this.db.delete(appInstance).where(lt(appInstance.seenAt, new Date(now.getTime() - 3600_000)));
		const [row] = await this.db
			.select({ n: sql<number>`count(*)::int` })
			.from(appInstance)
			.where(gt(appInstance.seenAt, new Date(now.getTime() - LIVE_SECONDS * 1000)));
		this.live = Math.max(1, row?.n ?? 1);
		return this.live;
	}

	async leave(): Promise<void> {
		await this.db.delete(appInstance).where(sql`${appInstance.id} = ${this.id}`);
	}
}
