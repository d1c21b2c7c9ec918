/**
 * Documents: categories, sections, the report workflow's states and the forms' schemas, shared by
 * the upload list in the browser and the server that checks them again.
 */
import { z } from 'zod';
import { DOCUMENT_CATEGORIES, DOCUMENT_SECTIONS } from '../documents';

export * from '../documents';

/**
 * A display name: no path, no control characters, no direction overrides (a right-to-left override
 * makes an .exe read as a .pdf), one Unicode form (NFC), a sensible length.
 */
export const documentName = z
	.string()
	.trim()
	.min(1, 'Enter a name for the document.')
	.max(200, 'Keep the name under 200 characters.')
	.refine((v) => !/[\p{Cc}/\\]/u.test(v), 'The name cannot contain slashes or control characters.')
	.refine((v) => !/[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/.test(v), 'The name cannot contain text-direction characters.')
	.transform((v) => v.normalize('NFC'));

export const uploadMetaSchema = z.object({
	category: z.enum(DOCUMENT_CATEGORIES, 'Choose a category.'),
	section: z.enum(DOCUMENT_SECTIONS, 'Choose a section.').default('ime'),
	name: documentName
});
export type UploadMeta = z.infer<typeof uploadMetaSchema>;
