/**
 * The app instances running now, known through the database: each renews its own row every few
 * seconds and counts the rows renewed lately. With Redis down, limits that Redis shares exactly
 * (Acuity's ten requests a second) are divided by this count instead, so the instances together
 * still keep to them.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/client';
import { countInstancesSeenAfter, removeInstance, removeInstancesSeenBefore, renewInstance } from '../../repositories/instances.repository';

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
		await renewInstance(this.db, this.id, now);
		await removeInstancesSeenBefore(this.db, new Date(now.getTime() - 3600_000));
		const live = await countInstancesSeenAfter(this.db, new Date(now.getTime() - LIVE_SECONDS * 1000));
		this.live = Math.max(1, live ?? 1);
		return this.live;
	}

	async leave(): Promise<void> {
		await removeInstance(this.db, this.id);
	}
}
