import { z } from 'zod';

export const organizationRef = z.object({ id: z.string().uuid('No such organisation.') }).strict();
