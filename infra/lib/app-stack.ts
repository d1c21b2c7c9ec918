import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import { accept } from './nag.ts';
import { DB_PORT, REDIS_PORT, type DataStack } from './data-stack.ts';
import { APP_PORT, DB_NAME, DB_USER, REGION, type Settings } from './settings.ts';

export interface AppStackProps extends StackProps {
	vpc: ec2.IVpc;
	data: DataStack;
	settings: Settings;
}

/** The image is built for linux/amd64 (docs/deploy.md); the service and the migration task run it alike. */
const LINUX_X86: ecs.RuntimePlatform = {
	cpuArchitecture: ecs.CpuArchitecture.X86_64,
	operatingSystemFamily: ecs.OperatingSystemFamily.LINUX
};

/** Requests one client address may make in five minutes before WAF answers 403 (a flood guard only:
 * a whole office shares one address, and the app has its own per-account and per-address limits). */
export const WAF_RATE_LIMIT = 20_000;
/** The same for the pages that take passwords, codes and invitation links. */
export const WAF_AUTH_RATE_LIMIT = 1_000;
/** The load balancer's idle timeout; the app keeps idle connections open longer (KEEP_ALIVE_TIMEOUT), or the
 * load balancer would reuse connections Node has closed (5 s by default) and answer 502. */
export const ALB_IDLE_TIMEOUT_SECONDS = 120;
export const AUTH_PATHS = ['/sign-in', '/two-factor', '/forgot-password', '/reset-password', '/invitation', '/verify-email', '/api/auth/'];

/**
 * The app: an ECS Fargate service of the Dockerfile's image, two or more tasks across the zones in
 * the private subnets, behind an HTTPS-only Application Load Balancer with WAF; a one-off task
 * definition that applies migrations before a rollout (docs/deploy.md).
 */
export class AppStack extends Stack {
	readonly cluster: ecs.Cluster;
	readonly service: ecs.FargateService;
	readonly loadBalancer: elbv2.ApplicationLoadBalancer;
	readonly targetGroup: elbv2.ApplicationTargetGroup;
	readonly logGroup: logs.LogGroup;

	constructor(scope: Construct, id: string, props: AppStackProps) {
		super(scope, id, props);
		const { vpc, data, settings } = props;
		const origin = `https://${settings.domainName}`;

		// The tasks' group; the database and Redis admit it on their one port each.
		const appSecurityGroup = new ec2.SecurityGroup(this, 'AppTasks', { vpc, description: 'IME booking app tasks', allowAllOutbound: true });
		for (const [name, group, port] of [
			['Database', data.dbSecurityGroup, DB_PORT],
			['Redis', data.redisSecurityGroup, REDIS_PORT]
		] as const) {
			new ec2.CfnSecurityGroupIngress(this, `${name}FromApp`, {
				groupId: group.securityGroupId,
				sourceSecurityGroupId: appSecurityGroup.securityGroupId,
				ipProtocol: 'tcp',
				fromPort: port,
				toPort: port,
				description: 'IME booking app tasks'
			});
		}

		this.cluster = new ecs.Cluster(this, 'Cluster', {
			vpc,
			containerInsightsV2: ecs.ContainerInsights.ENABLED
		});

		this.logGroup = new logs.LogGroup(this, 'AppLogs', {
			retention: logs.RetentionDays.ONE_YEAR,
			encryptionKey: data.key,
			removalPolicy: RemovalPolicy.RETAIN
		});

		const image = ecs.ContainerImage.fromEcrRepository(data.repository, settings.imageTag);
		// The secrets by ARN: ECS then grants the execution role the secret alone, and the key's use is
		// granted below in IAM (a grant through the data stack's key policy would tie the stacks in a loop).
		const secret = (name: string, of: secretsmanager.ISecret) =>
			secretsmanager.Secret.fromSecretCompleteArn(this, `${name}Ref`, of.secretArn);
		const dbSecret = secret('Database', data.databaseSecret);
		const databaseUrl = `postgres://${DB_USER}@${data.database.dbInstanceEndpointAddress}:${DB_PORT}/${DB_NAME}`;
		const databaseEnvironment = { DATABASE_URL: databaseUrl, DATABASE_SSL: 'verify-full' };
		const databaseSecrets = { DATABASE_PASSWORD: ecs.Secret.fromSecretsManager(dbSecret, 'password') };

		const acuity = secret('Acuity', data.acuitySecret);

		// ---- The service's task --------------------------------------------------------------------
		const task = new ecs.FargateTaskDefinition(this, 'Task', {
			cpu: 1024,
			memoryLimitMiB: 2048,
			runtimePlatform: LINUX_X86
		});
		task.addContainer('app', {
			image,
			essential: true,
			portMappings: [{ containerPort: APP_PORT, protocol: ecs.Protocol.TCP }],
			logging: ecs.LogDrivers.awsLogs({ logGroup: this.logGroup, streamPrefix: 'app' }),
			stopTimeout: Duration.seconds(30),
			environment: {
				NODE_ENV: 'production',
				PORT: String(APP_PORT),
				ORIGIN: origin,
				BETTER_AUTH_URL: origin,
				// The load balancer appends the client's address last; the app takes the right-most entry.
				TRUSTED_PROXY_IP_HEADER: 'x-forwarded-for',
				...databaseEnvironment,
				DB_MIGRATE_ON_START: 'false',
				DB_POOL_MAX: '10',
				REDIS_URL: `rediss://${data.redis.attrPrimaryEndPointAddress}:${REDIS_PORT}`,
				S3_BUCKET: data.documents.bucketName,
				S3_REGION: REGION,
				S3_SSE: 'aws:kms',
				S3_KMS_KEY_ID: data.key.keyArn,
				SMS_PROVIDER: 'sns',
				METRICS_EMF: 'true',
				LOG_LEVEL: 'info',
				// adapter-node's server timeouts, in seconds: longer than the load balancer's idle timeout.
				KEEP_ALIVE_TIMEOUT: String(ALB_IDLE_TIMEOUT_SECONDS + 5),
				HEADERS_TIMEOUT: String(ALB_IDLE_TIMEOUT_SECONDS + 6),
				MAIL_FROM: settings.mailFrom,
				...(settings.smsSenderId ? { SMS_SENDER_ID: settings.smsSenderId } : {}),
				...(settings.adminEmail ? { BOOTSTRAP_ADMIN_EMAIL: settings.adminEmail } : {})
			},
			secrets: {
				...databaseSecrets,
				REDIS_PASSWORD: ecs.Secret.fromSecretsManager(secret('Redis', data.redisSecret), 'token'),
				BETTER_AUTH_SECRET: ecs.Secret.fromSecretsManager(secret('Auth', data.authSecret)),
				PHI_KEYS: ecs.Secret.fromSecretsManager(secret('PhiKeys', data.phiKeysSecret)),
				SMTP_URL: ecs.Secret.fromSecretsManager(secret('Smtp', data.smtpSecret), 'url'),
				ACUITY_USER_ID: ecs.Secret.fromSecretsManager(acuity, 'userId'),
				ACUITY_API_KEY: ecs.Secret.fromSecretsManager(acuity, 'apiKey')
			}
		});

		// What the app itself may do: its bucket's objects (named actions, no wildcards), the data key
		// for those objects, and SMS through SNS (publishing to a phone number has no resource ARN).
		task.taskRole.addToPrincipalPolicy(
			new iam.PolicyStatement({
				sid: 'Documents',
				actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
				resources: [data.documents.arnForObjects('*')]
			})
		);
		task.taskRole.addToPrincipalPolicy(
			new iam.PolicyStatement({ sid: 'DocumentsList', actions: ['s3:ListBucket'], resources: [data.documents.bucketArn] })
		);
		task.taskRole.addToPrincipalPolicy(
			new iam.PolicyStatement({
				sid: 'DocumentsKey',
				actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
				resources: [data.key.keyArn],
				conditions: { StringEquals: { 'kms:ViaService': `s3.${REGION}.amazonaws.com` } }
			})
		);
		task.taskRole.addToPrincipalPolicy(new iam.PolicyStatement({ sid: 'Sms', actions: ['sns:Publish'], resources: ['*'] }));
		// SMS only: publishing to a topic (which has an ARN) is refused.
		task.taskRole.addToPrincipalPolicy(
			new iam.PolicyStatement({ sid: 'NoTopics', effect: iam.Effect.DENY, actions: ['sns:Publish'], resources: ['arn:aws:sns:*:*:*'] })
		);
		accept(
			task.taskRole,
			'sns:Publish to a phone number (SMS sign-in codes) has no resource ARN to name; a deny on every topic keeps it to SMS.',
			'AwsSolutions-IAM5[Resource::*]'
		);
		accept(
			task.taskRole,
			'Objects of the documents bucket only, by named actions.',
			'AwsSolutions-IAM5[Resource::{"Fn::GetStackOutput":{"StackName":"ImeData","Region":"ap-southeast-2","OutputName":"PublishOutputFnGetAttDocuments7E5B2978ArnC78E5D2B"}}/*]'
		);

		// ---- Load balancer -------------------------------------------------------------------------
		this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
			vpc,
			internetFacing: true,
			vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
			dropInvalidHeaderFields: true,
			deletionProtection: true,
			http2Enabled: true,
			idleTimeout: Duration.seconds(ALB_IDLE_TIMEOUT_SECONDS)
		});
		this.loadBalancer.logAccessLogs(data.logsBucket, 'alb');
		accept(
			this.loadBalancer,
			'The public site: the load balancer takes 443 (and 80, which only redirects) from anywhere; WAF guards it.',
			'AwsSolutions-EC23'
		);

		const zone = route53.HostedZone.fromHostedZoneAttributes(this, 'Zone', {
			hostedZoneId: settings.hostedZoneId,
			zoneName: settings.hostedZoneName
		});
		const certificate = new acm.Certificate(this, 'Certificate', {
			domainName: settings.domainName,
			validation: acm.CertificateValidation.fromDns(zone)
		});

		this.service = new ecs.FargateService(this, 'Service', {
			cluster: this.cluster,
			taskDefinition: task,
			// No desired count in the template: a deploy would reset it, undoing the autoscaler's work.
			// The first deploy sets the count to minTasks once (docs/deploy.md, first deploy); then the autoscaler owns it.
			assignPublicIp: false,
			vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
			securityGroups: [appSecurityGroup],
			minHealthyPercent: 100,
			maxHealthyPercent: 200,
			circuitBreaker: { enable: true, rollback: true },
			healthCheckGracePeriod: Duration.seconds(60),
			propagateTags: ecs.PropagatedTagSource.SERVICE
		});

		const https = this.loadBalancer.addListener('Https', {
			port: 443,
			protocol: elbv2.ApplicationProtocol.HTTPS,
			certificates: [certificate],
			sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
			open: true
		});
		this.targetGroup = https.addTargets('App', {
			port: APP_PORT,
			protocol: elbv2.ApplicationProtocol.HTTP,
			targets: [this.service],
			deregistrationDelay: Duration.seconds(30),
			healthCheck: {
				path: '/api/health',
				healthyHttpCodes: '200',
				interval: Duration.seconds(15),
				timeout: Duration.seconds(5),
				healthyThresholdCount: 2,
				unhealthyThresholdCount: 3
			}
		});
		// Plain HTTP only ever answers with a redirect to HTTPS.
		const redirect = this.loadBalancer.addRedirect({ sourcePort: 80, targetPort: 443 });
		accept(
			redirect,
			'Port 80 serves nothing: it answers every request with a redirect to HTTPS.',
			'HIPAA.Security-ELBv2ACMCertificateRequired'
		);

		new route53.ARecord(this, 'Address', {
			zone,
			recordName: settings.domainName,
			target: route53.RecordTarget.fromAlias(new targets.LoadBalancerTarget(this.loadBalancer))
		});

		// ---- Scaling ------------------------------------------------------------------------------
		const scaling = this.service.autoScaleTaskCount({ minCapacity: settings.minTasks, maxCapacity: settings.maxTasks });
		scaling.scaleOnCpuUtilization('Cpu', {
			targetUtilizationPercent: 60,
			scaleOutCooldown: Duration.seconds(60),
			scaleInCooldown: Duration.minutes(5)
		});
		scaling.scaleOnRequestCount('Requests', {
			targetGroup: this.targetGroup,
			requestsPerTarget: 3000,
			scaleOutCooldown: Duration.seconds(60),
			scaleInCooldown: Duration.minutes(5)
		});

		// ---- WAF ------------------------------------------------------------------------------------
		const webAcl = new wafv2.CfnWebACL(this, 'Waf', {
			scope: 'REGIONAL',
			defaultAction: { allow: {} },
			visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: 'ime-booking-waf', sampledRequestsEnabled: true },
			rules: [
				{
					name: 'rate-per-address',
					priority: 0,
					action: { block: {} },
					statement: { rateBasedStatement: { limit: WAF_RATE_LIMIT, evaluationWindowSec: 300, aggregateKeyType: 'IP' } },
					visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: 'rate-per-address', sampledRequestsEnabled: true }
				},
				{
					name: 'rate-sign-in-per-address',
					priority: 1,
					action: { block: {} },
					statement: {
						rateBasedStatement: {
							limit: WAF_AUTH_RATE_LIMIT,
							evaluationWindowSec: 300,
							aggregateKeyType: 'IP',
							scopeDownStatement: {
								orStatement: {
									statements: AUTH_PATHS.map((path) => ({
										byteMatchStatement: {
											fieldToMatch: { uriPath: {} },
											positionalConstraint: 'STARTS_WITH',
											searchString: path,
											textTransformations: [{ priority: 0, type: 'LOWERCASE' }]
										}
									}))
								}
							}
						}
					},
					visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: 'rate-sign-in-per-address', sampledRequestsEnabled: true }
				},
				...['AWSManagedRulesAmazonIpReputationList', 'AWSManagedRulesKnownBadInputsRuleSet'].map((name, i) => ({
					name,
					priority: 10 + i,
					overrideAction: { none: {} },
					statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
					visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: name, sampledRequestsEnabled: true }
				}))
			]
		});
		new wafv2.CfnWebACLAssociation(this, 'WafOnLoadBalancer', {
			resourceArn: this.loadBalancer.loadBalancerArn,
			webAclArn: webAcl.attrArn
		});
		const wafLogs = new logs.LogGroup(this, 'WafLogs', {
			// WAF delivers only to log groups whose names start with aws-waf-logs-.
			logGroupName: 'aws-waf-logs-ime-booking',
			retention: logs.RetentionDays.ONE_YEAR,
			encryptionKey: data.key,
			removalPolicy: RemovalPolicy.RETAIN
		});
		new wafv2.CfnLoggingConfiguration(this, 'WafLogging', {
			resourceArn: webAcl.attrArn,
			logDestinationConfigs: [wafLogs.logGroupArn],
			// Cookies and tokens never reach the logs.
			redactedFields: [{ singleHeader: { Name: 'cookie' } }, { singleHeader: { Name: 'authorization' } }]
		});

		// ---- Migrations: a one-off task run before each rollout (docs/deploy.md) -------------------
		const migrate = new ecs.FargateTaskDefinition(this, 'MigrateTask', {
			cpu: 256,
			memoryLimitMiB: 512,
			runtimePlatform: LINUX_X86
		});
		migrate.addContainer('migrate', {
			image,
			essential: true,
			command: ['node', 'scripts/migrate.mjs'],
			logging: ecs.LogDrivers.awsLogs({ logGroup: this.logGroup, streamPrefix: 'migrate' }),
			environment: { NODE_ENV: 'production', ...databaseEnvironment },
			secrets: databaseSecrets
		});

		for (const definition of [task, migrate]) {
			definition.obtainExecutionRole().addToPrincipalPolicy(
				new iam.PolicyStatement({
					sid: 'SecretsKey',
					actions: ['kms:Decrypt'],
					resources: [data.key.keyArn],
					conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${REGION}.amazonaws.com` } }
				})
			);
			accept(
				definition,
				'Only settings that are not secret are environment variables; every secret comes from Secrets Manager.',
				'AwsSolutions-ECS2'
			);
			accept(
				definition.obtainExecutionRole(),
				"ecr:GetAuthorizationToken, which ECS's execution role needs to pull the image, has no resource to scope to.",
				'AwsSolutions-IAM5[Resource::*]'
			);
			accept(
				definition,
				"Each role's policy is its own (CDK's default policy, created and deleted with the role) and names its resources.",
				'HIPAA.Security-IAMNoInlinePolicy'
			);
		}
		const appSubnets = vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }).subnetIds;
		new CfnOutput(this, 'ClusterName', { value: this.cluster.clusterName });
		new CfnOutput(this, 'ServiceName', { value: this.service.serviceName });
		new CfnOutput(this, 'MigrateTaskDefinition', { value: migrate.taskDefinitionArn });
		new CfnOutput(this, 'AppSubnets', { value: appSubnets.join(',') });
		new CfnOutput(this, 'AppSecurityGroup', { value: appSecurityGroup.securityGroupId });
		new CfnOutput(this, 'LoadBalancerDns', { value: this.loadBalancer.loadBalancerDnsName });
		new CfnOutput(this, 'Url', { value: origin });
	}
}
