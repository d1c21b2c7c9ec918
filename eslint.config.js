// Lint: typescript-eslint and eslint-plugin-svelte, with formatting left to Prettier.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/** Imports that break the layers outside repositories and tests. */
const layering = [
	{ group: ['drizzle-orm', 'drizzle-orm/*'], message: 'Queries belong in src/lib/server/repositories.' },
	{
		group: ['**/db/schema', '**/db/schema/*', '$lib/server/db/schema', '$lib/server/db/schema/*'],
		allowTypeImports: true,
		message: 'Tables are for repositories; import their types with `import type`.'
	}
];

export default ts.config(
	{
		ignores: [
			'build/',
			'.svelte-kit/',
			'node_modules/',
			'test-results/',
			'playwright-report/',
			'e2e/.artifacts/',
			'.data*/',
			'static/',
			'infra/cdk.out/',
			'drizzle/'
		]
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			// Types do this job better than the rule (it misreads ambient and global names).
			'no-undef': 'off',
			// The app is served at the root (no paths.base), so a plain href is already the right URL.
			'svelte/no-navigation-without-resolve': 'off',
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }]
		}
	},
	{
		// The layering (docs/decisions/013): queries live in repositories only. Services, routers and
		// routes use repositories and services; they import database types, never tables or Drizzle.
		files: ['src/lib/server/services/**/*.ts', 'src/lib/server/routers/**/*.ts'],
		ignores: ['**/*.test.ts'],
		rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: layering }] }
	},
	{
		// Routes call procedures or services, never a repository or the database layer.
		files: ['src/routes/**/*.ts', 'src/routes/**/*.svelte'],
		ignores: ['**/*.test.ts'],
		rules: {
			'@typescript-eslint/no-restricted-imports': [
				'error',
				{
					patterns: [
						...layering,
						{
							group: ['$lib/server/repositories/*', '**/repositories/*'],
							message: 'Routes call procedures or services, not repositories.'
						},
						{ group: ['$lib/server/db/*', '**/server/db/*'], message: 'Routes call procedures or services, not the database layer.' }
					]
				}
			]
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: { parserOptions: { extraFileExtensions: ['.svelte'], parser: ts.parser, svelteConfig } }
	}
);
