/**
 * Production keeps one origin (this server is started with ORIGIN, as production is): a sign-in
 * from another address is refused, and the page says why and where to go instead.
 */
import { expect, test } from '@playwright/test';
import { PASSWORD } from '../accounts';

test('a sign-in from another address than the origin is refused with the reason on the page', async ({ page, baseURL }) => {
	const other = baseURL!.replace('localhost', '127.0.0.1');
	await page.goto(`${other}/sign-in`);
	await page.getByLabel('Email').fill('referrer@demo.test');
	await page.getByLabel('Password').fill(PASSWORD);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page.getByText(`the service answers at ${baseURL}`)).toBeVisible();
	expect(page.url()).toContain('127.0.0.1');
	expect((await page.context().cookies()).filter((c) => c.name.includes('session'))).toEqual([]);
});
