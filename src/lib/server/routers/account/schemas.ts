import { z } from 'zod';

export const revokeSessionInput = z.object({ sessionId: z.uuid('No such session.') }).strict();
