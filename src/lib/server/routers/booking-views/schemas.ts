import { z } from 'zod';

export const bookingGetInput = z.object({ id: z.string().min(1).max(64) }).strict();
