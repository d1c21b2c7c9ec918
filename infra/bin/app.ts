import { buildApp } from '../lib/app.ts';

// `cdk synth|deploy` runs this with its context; `npm run infra:synth` runs it directly (no AWS access).
// Run directly, it writes to infra/cdk.out like the CLI would.
const { app } = buildApp({ outdir: process.env.CDK_OUTDIR ? undefined : new URL('../cdk.out', import.meta.url).pathname });
const assembly = app.synth();
console.log(
	`Synthesized ${assembly.stacks.length} stacks into ${assembly.directory}: ${assembly.stacks.map((s) => s.stackName).join(', ')}`
);
