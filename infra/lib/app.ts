import { App, Tags, Validations } from 'aws-cdk-lib';
import { CURRENTLY_RECOMMENDED_FLAGS } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks, HIPAASecurityChecks } from 'cdk-nag';
import { AppStack } from './app-stack.ts';
import { DataStack } from './data-stack.ts';
import { NetworkStack } from './network-stack.ts';
import { ObservabilityStack } from './observability-stack.ts';
import { readSettings, REGION } from './settings.ts';

export interface BuiltApp {
	app: App;
	network: NetworkStack;
	data: DataStack;
	service: AppStack;
	observability: ObservabilityStack;
}

/**
 * The four stacks, in the order they deploy, with cdk-nag's HIPAA Security and AWS Solutions packs as
 * validation plugins: any finding not acknowledged (with its reason, in code) stops the synth.
 */
export function buildApp(options: { outdir?: string; context?: Record<string, unknown> } = {}): BuiltApp {
	// The feature flags a new CDK project of this version starts with (the same whether run by the CLI or not).
	const app = new App({ outdir: options.outdir, context: { ...CURRENTLY_RECOMMENDED_FLAGS, ...options.context } });
	const settings = readSettings(app);
	const env = { region: REGION, account: settings.account };

	Validations.of(app).addPlugins(new HIPAASecurityChecks(app), new AwsSolutionsChecks(app));
	Tags.of(app).add('application', 'ime-booking');
	Tags.of(app).add('data-classification', 'phi');

	const network = new NetworkStack(app, 'ImeNetwork', { env, description: 'IME booking: VPC, subnets, flow logs' });
	const data = new DataStack(app, 'ImeData', {
		env,
		vpc: network.vpc,
		description: 'IME booking: PostgreSQL, Redis, documents, secrets, images'
	});
	const service = new AppStack(app, 'ImeApp', {
		env,
		vpc: network.vpc,
		data,
		settings,
		description: 'IME booking: ECS service, load balancer, WAF'
	});
	const observability = new ObservabilityStack(app, 'ImeObservability', {
		env,
		key: data.key,
		loadBalancer: service.loadBalancer,
		targetGroup: service.targetGroup,
		service: service.service,
		database: data.database,
		alarmEmail: settings.alarmEmail,
		description: 'IME booking: alarms and dashboard'
	});
	return { app, network, data, service, observability };
}
