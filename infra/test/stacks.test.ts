import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type BuiltApp } from '../lib/app.ts';
import { ALARMS } from '../lib/observability-stack.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Resource = { Type: string; Properties?: Json; [k: string]: unknown };

const routes = new URL('../../src/routes/', import.meta.url).pathname;
const STACKS = ['ImeNetwork', 'ImeData', 'ImeApp', 'ImeObservability'] as const;
let outdir: string;
let built: BuiltApp;
let assembly: CloudAssembly;
const templates: Record<string, Json> = {};
const t = (stack: (typeof STACKS)[number]) => Template.fromJSON(templates[stack]);
const resourcesOf = (stack: string, type: string): [string, Resource][] =>
	Object.entries(templates[stack].Resources as Record<string, Resource>).filter(([, r]) => r.Type === type);
const allResources = (type: string) => STACKS.flatMap((s) => resourcesOf(s, type).map(([id, r]) => ({ stack: s, id, r })));
const logicalId = (construct: { node: { defaultChild?: unknown } }, stack: { getLogicalId(e: never): string }) =>
	stack.getLogicalId(construct.node.defaultChild as never);
/** Does this fragment of a template refer to the resource with this logical id (directly or by export)? */
const mentions = (value: unknown, id: string) => JSON.stringify(value).includes(id);

beforeAll(() => {
	outdir = mkdtempSync(join(tmpdir(), 'ime-infra-'));
	built = buildApp({ outdir });
	assembly = built.app.synth();
	for (const name of STACKS) templates[name] = assembly.getStackByName(name).template;
});
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('region', () => {
	it('deploys every stack to ap-southeast-2 and names no other region anywhere', () => {
		for (const name of STACKS) {
			expect(assembly.getStackByName(name).environment.region).toBe('ap-southeast-2');
			const text = JSON.stringify(templates[name]);
			const regions = new Set(
				text.match(/\b(?:us|eu|ap|ca|sa|me|af|il|mx)-(?:north|south|east|west|central|northeast|southeast|northwest|southwest)-\d\b/g) ?? []
			);
			expect([...regions].filter((r) => r !== 'ap-southeast-2')).toEqual([]);
		}
	});
});

describe('network', () => {
	it('spreads over three zones, assigns no public addresses, and logs every flow', () => {
		const subnets = allResources('AWS::EC2::Subnet');
		expect(new Set(subnets.map((s) => s.r.Properties!.AvailabilityZone)).size).toBe(3);
		for (const s of subnets) expect(s.r.Properties!.MapPublicIpOnLaunch ?? false).toBe(false);
		t('ImeNetwork').hasResourceProperties('AWS::EC2::FlowLog', { TrafficType: 'ALL', LogDestinationType: 'cloud-watch-logs' });
		t('ImeNetwork').hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: Match.anyValue(), RetentionInDays: 365 });
	});
});

describe('documents bucket', () => {
	it('is encrypted with the customer key, private, versioned, logged, TLS-only, and drops stale multipart uploads after a day', () => {
		const id = logicalId(built.data.documents, built.data);
		const bucket = templates.ImeData.Resources[id] as Resource;
		expect(bucket.Properties!.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault).toEqual({
			SSEAlgorithm: 'aws:kms',
			KMSMasterKeyID: { 'Fn::GetAtt': [logicalId(built.data.key, built.data), 'Arn'] }
		});
		expect(bucket.Properties!.PublicAccessBlockConfiguration).toEqual({
			BlockPublicAcls: true,
			BlockPublicPolicy: true,
			IgnorePublicAcls: true,
			RestrictPublicBuckets: true
		});
		expect(bucket.Properties!.VersioningConfiguration).toEqual({ Status: 'Enabled' });
		expect(bucket.Properties!.LoggingConfiguration.DestinationBucketName).toEqual({ Ref: logicalId(built.data.logsBucket, built.data) });
		expect(bucket.Properties!.LifecycleConfiguration.Rules).toContainEqual(
			expect.objectContaining({ Status: 'Enabled', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } })
		);
		const [, policy] = resourcesOf('ImeData', 'AWS::S3::BucketPolicy').find(([, p]) => mentions(p.Properties!.Bucket, id))!;
		expect(policy.Properties!.PolicyDocument.Statement).toContainEqual(
			expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })
		);
	});
});

describe('database and Redis', () => {
	it('PostgreSQL is Multi-AZ, not public, encrypted with the customer key, kept 35 days, protected from deletion, TLS required', () => {
		const db = resourcesOf('ImeData', 'AWS::RDS::DBInstance');
		expect(db).toHaveLength(1);
		const p = db[0][1].Properties!;
		expect(p).toMatchObject({
			Engine: 'postgres',
			MultiAZ: true,
			PubliclyAccessible: false,
			StorageEncrypted: true,
			BackupRetentionPeriod: 35,
			DeletionProtection: true
		});
		expect(p.KmsKeyId).toEqual({ 'Fn::GetAtt': [logicalId(built.data.key, built.data), 'Arn'] });
		t('ImeData').hasResourceProperties('AWS::RDS::DBParameterGroup', { Parameters: Match.objectLike({ 'rds.force_ssl': '1' }) });
		// Its subnets are the isolated data subnets: no route to the internet.
		const [, group] = resourcesOf('ImeData', 'AWS::RDS::DBSubnetGroup')[0];
		const dataSubnets = built.network.vpc.isolatedSubnets.map((s) => logicalId(s, built.network));
		for (const ref of group.Properties!.SubnetIds) expect(dataSubnets.some((id) => mentions(ref, id))).toBe(true);
		t('ImeData').hasResourceProperties('AWS::SecretsManager::Secret', {
			KmsKeyId: Match.anyValue(),
			GenerateSecretString: Match.objectLike({ SecretStringTemplate: '{"username":"ime"}' })
		});
	});

	it('Redis takes TLS only, with an AUTH token and encryption at rest, across zones', () => {
		t('ImeData').hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
			TransitEncryptionEnabled: true,
			TransitEncryptionMode: 'required',
			AtRestEncryptionEnabled: true,
			KmsKeyId: Match.anyValue(),
			MultiAZEnabled: true,
			AuthToken: Match.anyValue()
		});
		const [, rg] = resourcesOf('ImeData', 'AWS::ElastiCache::ReplicationGroup')[0];
		// A reference resolved by CloudFormation at deploy: the token is never in the template.
		expect(JSON.stringify(rg.Properties!.AuthToken)).toContain('{{resolve:secretsmanager:');
	});
});

describe('app', () => {
	it('runs two or more tasks in the private subnets without public addresses', () => {
		const [, service] = resourcesOf('ImeApp', 'AWS::ECS::Service')[0];
		const net = service.Properties!.NetworkConfiguration.AwsvpcConfiguration;
		expect(net.AssignPublicIp).toBe('DISABLED');
		const appSubnets = built.network.vpc.privateSubnets.map((s) => logicalId(s, built.network));
		expect(net.Subnets).toHaveLength(3);
		for (const ref of net.Subnets) expect(appSubnets.some((id) => mentions(ref, id))).toBe(true);
		// The autoscaler owns the count (min 2); a deploy must not reset it.
		expect(service.Properties!.DesiredCount).toBeUndefined();
		t('ImeApp').hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 2, MaxCapacity: 6 });
		const policies = resourcesOf('ImeApp', 'AWS::ApplicationAutoScaling::ScalingPolicy').map(
			([, p]) => p.Properties!.TargetTrackingScalingPolicyConfiguration.PredefinedMetricSpecification.PredefinedMetricType
		);
		expect(policies.sort()).toEqual(['ALBRequestCountPerTarget', 'ECSServiceAverageCPUUtilization']);
	});

	it('hands the app its secrets from Secrets Manager and only plain settings as environment', () => {
		const [, task] = resourcesOf('ImeApp', 'AWS::ECS::TaskDefinition').find(
			([, r]) => r.Properties!.ContainerDefinitions[0].Name === 'app'
		)!;
		const container = task.Properties!.ContainerDefinitions[0];
		const secretNames = container.Secrets.map((s: Json) => s.Name).sort();
		expect(secretNames).toEqual([
			'ACUITY_API_KEY',
			'ACUITY_USER_ID',
			'BETTER_AUTH_SECRET',
			'DATABASE_PASSWORD',
			'PHI_KEYS',
			'REDIS_PASSWORD',
			'SMTP_URL'
		]);
		const env = Object.fromEntries(container.Environment.map((e: Json) => [e.Name, e.Value]));
		for (const name of Object.keys(env)) expect(name).not.toMatch(/SECRET|PASSWORD|KEYS$|API_KEY|TOKEN/);
		expect(env).toMatchObject({
			NODE_ENV: 'production',
			DATABASE_SSL: 'verify-full',
			S3_SSE: 'aws:kms',
			METRICS_EMF: 'true',
			TRUSTED_PROXY_IP_HEADER: 'x-forwarded-for'
		});
		expect(JSON.stringify(env.REDIS_URL)).toContain('rediss://');
		// Mail leaves from the service's own (SES-verified) domain, never the demo's ime.local.
		expect(env.MAIL_FROM).toBe('IME Bookings <bookings@example.com.au>');
		expect(env.BOOTSTRAP_ADMIN_EMAIL).toBeUndefined();
		expect(JSON.stringify(env.DATABASE_URL)).not.toMatch(/:[^@/]*@.*password/i);
	});

	it('migrations run as their own one-off task with the same image', () => {
		const defs = resourcesOf('ImeApp', 'AWS::ECS::TaskDefinition').map(([, r]) => r.Properties!.ContainerDefinitions[0]);
		const migrate = defs.find((c) => c.Name === 'migrate')!;
		const app = defs.find((c) => c.Name === 'app')!;
		expect(migrate.Command).toEqual(['node', 'scripts/migrate.mjs']);
		expect(migrate.Image).toEqual(app.Image);
		expect(migrate.Secrets.map((s: Json) => s.Name)).toEqual(['DATABASE_PASSWORD']);
	});

	it('serves HTTPS only (80 only redirects), checks /api/health, and is guarded by a WAF rate rule', () => {
		const listeners = resourcesOf('ImeApp', 'AWS::ElasticLoadBalancingV2::Listener').map(([, l]) => l.Properties!);
		const https = listeners.find((l) => l.Port === 443)!;
		expect(https.Protocol).toBe('HTTPS');
		expect(https.Certificates).toHaveLength(1);
		expect(https.SslPolicy).toMatch(/TLS13/);
		const http = listeners.find((l) => l.Port === 80)!;
		expect(http.DefaultActions).toEqual([
			expect.objectContaining({ Type: 'redirect', RedirectConfig: expect.objectContaining({ Protocol: 'HTTPS', Port: '443' }) })
		]);
		expect(listeners).toHaveLength(2);
		t('ImeApp').hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { HealthCheckPath: '/api/health', Port: 3000 });
		t('ImeApp').hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
			LoadBalancerAttributes: Match.arrayWith([{ Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' }])
		});
		const [, acl] = resourcesOf('ImeApp', 'AWS::WAFv2::WebACL')[0];
		expect(acl.Properties!.Rules.some((r: Json) => r.Statement.RateBasedStatement && r.Action.Block)).toBe(true);
		// The sign-in rule watches the pages that really take passwords and codes.
		const signIn = acl.Properties!.Rules.find((r: Json) => r.Name === 'rate-sign-in-per-address');
		const paths = signIn.Statement.RateBasedStatement.ScopeDownStatement.OrStatement.Statements.map(
			(s: Json) => s.ByteMatchStatement.SearchString
		);
		for (const path of paths.filter((p: string) => !p.startsWith('/api/')))
			expect(existsSync(join(routes, '(auth)', path.slice(1)))).toBe(true);
		expect(resourcesOf('ImeApp', 'AWS::WAFv2::WebACLAssociation')).toHaveLength(1);
	});

	it('keeps idle connections open longer than the load balancer does (else it reuses closed ones: 502)', () => {
		const [, lb] = resourcesOf('ImeApp', 'AWS::ElasticLoadBalancingV2::LoadBalancer')[0];
		const idle = Number(lb.Properties!.LoadBalancerAttributes.find((a: Json) => a.Key === 'idle_timeout.timeout_seconds').Value);
		const [, task] = resourcesOf('ImeApp', 'AWS::ECS::TaskDefinition').find(
			([, r]) => r.Properties!.ContainerDefinitions[0].Name === 'app'
		)!;
		const env = Object.fromEntries(task.Properties!.ContainerDefinitions[0].Environment.map((e: Json) => [e.Name, e.Value]));
		expect(Number(env.KEEP_ALIVE_TIMEOUT)).toBeGreaterThan(idle);
		expect(Number(env.HEADERS_TIMEOUT)).toBeGreaterThan(Number(env.KEEP_ALIVE_TIMEOUT));
	});
});

describe('permissions', () => {
	it('grants no wildcard action on the documents bucket or the data key', () => {
		const protectedIds = [logicalId(built.data.documents, built.data), logicalId(built.data.key, built.data), 'Documents', 'DataKey'];
		const statements = [
			...allResources('AWS::IAM::Policy').flatMap((p) => p.r.Properties!.PolicyDocument.Statement),
			...allResources('AWS::IAM::ManagedPolicy').flatMap((p) => p.r.Properties!.PolicyDocument.Statement),
			...allResources('AWS::S3::BucketPolicy').flatMap((p) => p.r.Properties!.PolicyDocument.Statement),
			...allResources('AWS::KMS::Key').flatMap((k) => k.r.Properties!.KeyPolicy.Statement)
		] as Json[];
		expect(statements.length).toBeGreaterThan(10);
		const offending = statements.filter((s) => {
			if (s.Effect !== 'Allow') return false;
			const actions: string[] = [s.Action].flat();
			const wildcard = actions.some((a) => a.includes('*'));
			const onProtected = [s.Resource].flat().some((r) => r === '*' || protectedIds.some((id) => mentions(r, id)));
			return wildcard && onProtected;
		});
		expect(offending).toEqual([]);
	});

	it('the app may send SMS but publish to no topic', () => {
		const [, policy] = resourcesOf('ImeApp', 'AWS::IAM::Policy').find(([id]) => id.startsWith('TaskTaskRoleDefaultPolicy'))!;
		const statements = policy.Properties!.PolicyDocument.Statement as Json[];
		expect(statements.find((s) => s.Sid === 'Sms')).toMatchObject({ Effect: 'Allow', Action: 'sns:Publish', Resource: '*' });
		expect(statements.find((s) => s.Sid === 'NoTopics')).toMatchObject({
			Effect: 'Deny',
			Action: 'sns:Publish',
			Resource: 'arn:aws:sns:*:*:*'
		});
	});

	it('the data key is used by the app only through S3 and Secrets Manager', () => {
		const [, policy] = resourcesOf('ImeApp', 'AWS::IAM::Policy').find(([id]) => id.startsWith('TaskTaskRoleDefaultPolicy'))!;
		const keyStatement = policy.Properties!.PolicyDocument.Statement.find((s: Json) => s.Sid === 'DocumentsKey');
		expect(keyStatement.Condition).toEqual({ StringEquals: { 'kms:ViaService': 's3.ap-southeast-2.amazonaws.com' } });
	});
});

describe('observability', () => {
	it('alarms on 5xx rate, p95 latency, outbox backlog, the Acuity circuit, database CPU and storage, all to the topic', () => {
		const alarms = resourcesOf('ImeObservability', 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties!);
		expect(alarms.map((a) => a.AlarmName).sort()).toEqual(
			Object.values(ALARMS)
				.map((a) => a.name)
				.sort()
		);
		for (const a of alarms) expect(a.AlarmActions).toHaveLength(1);
		const byName = Object.fromEntries(alarms.map((a) => [a.AlarmName, a]));
		// The app's own figures, exactly as its EMF line names them.
		expect(byName[ALARMS.outbox.name]).toMatchObject({
			Namespace: 'ImeBooking',
			MetricName: 'OutboxBacklog',
			Dimensions: [{ Name: 'Service', Value: 'ime-booking' }]
		});
		expect(byName[ALARMS.acuity.name]).toMatchObject({ Namespace: 'ImeBooking', MetricName: 'AcuityCircuitOpen' });
		expect(byName[ALARMS.latency.name]).toMatchObject({ MetricName: 'TargetResponseTime', ExtendedStatistic: 'p95' });
		expect(byName[ALARMS.dbCpu.name]).toMatchObject({ Namespace: 'AWS/RDS', MetricName: 'CPUUtilization' });
		t('ImeObservability').resourceCountIs('AWS::CloudWatch::Dashboard', 1);
		t('ImeObservability').hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
		// CloudWatch can publish to the encrypted topic: the key lets it.
		const [, key] = resourcesOf('ImeData', 'AWS::KMS::Key').find(([id]) => id.startsWith('DataKey'))!;
		expect(key.Properties!.KeyPolicy.Statement).toContainEqual(
			expect.objectContaining({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey'] })
		);
	});

	it('keeps every log group for a year, encrypted', () => {
		const groups = allResources('AWS::Logs::LogGroup');
		expect(groups.length).toBeGreaterThanOrEqual(5);
		for (const g of groups) expect(g.r.Properties).toMatchObject({ RetentionInDays: 365, KmsKeyId: expect.anything() });
	});
});

describe('cdk-nag (HIPAA Security, AWS Solutions)', () => {
	const report = () => JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as { pluginReports: Json[] };

	it('both packs ran and pass with no finding left open', () => {
		const plugins = Object.fromEntries(report().pluginReports.map((p) => [p.pluginName, p]));
		for (const name of ['HIPAA.Security', 'AwsSolutions']) {
			expect(plugins[name]?.conclusion).toBe('success');
			expect(plugins[name].violations.filter((v: Json) => v.severity === 'error')).toEqual([]);
		}
	});

	it('every accepted finding names its rule and a reason, and every acceptance in code matches a finding', () => {
		const suppressed = report().pluginReports.flatMap((p) => (p.suppressedViolations ?? []) as Json[]);
		expect(suppressed.length).toBeGreaterThan(0);
		for (const v of suppressed) {
			expect(v.ruleName).toBeTruthy();
			expect(String(v.reason).length).toBeGreaterThan(20);
		}
		const used = new Set(suppressed.map((v) => v.acknowledgedId));
		const declared = new Set<string>();
		for (const name of STACKS) {
			const metadata = JSON.parse(readFileSync(join(outdir, `${name}.metadata.json`), 'utf8')) as Record<string, Json[]>;
			for (const entries of Object.values(metadata))
				for (const e of entries)
					if (e.type === 'aws:cdk:acknowledged-rules')
						for (const id of Object.keys(e.data)) if (/^(HIPAA\.Security|AwsSolutions)::/.test(id)) declared.add(id);
		}
		expect([...declared].filter((id) => !used.has(id))).toEqual([]);
	});

	it('stops the synth when a resource breaks a rule', () => {
		const dir = mkdtempSync(join(tmpdir(), 'ime-infra-bad-'));
		try {
			const broken = buildApp({ outdir: dir });
			new s3.Bucket(broken.data, 'Careless'); // no encryption key, no logging, no TLS policy
			let message = '';
			try {
				broken.app.synth();
			} catch (err) {
				message = String((err as Error).message);
			}
			expect(message).toContain('ImeData/Careless/Resource');
			expect(message).toContain('HIPAA.Security-S3BucketSSLRequestsOnly');
			expect(message).toContain('AwsSolutions-S10');
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});

describe('settings', () => {
	it("hands the first administrator's address to the app when given", () => {
		const dir = mkdtempSync(join(tmpdir(), 'ime-infra-a-'));
		try {
			const withAdmin = buildApp({ outdir: dir, context: { adminEmail: 'ops@example.com.au' } });
			const task = Template.fromStack(withAdmin.service);
			task.hasResourceProperties('AWS::ECS::TaskDefinition', {
				ContainerDefinitions: Match.arrayWith([
					Match.objectLike({ Name: 'app', Environment: Match.arrayWith([{ Name: 'BOOTSTRAP_ADMIN_EMAIL', Value: 'ops@example.com.au' }]) })
				])
			});
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});

	it('refuses a domain outside its hosted zone, naming the setting', () => {
		expect(() =>
			buildApp({
				outdir: mkdtempSync(join(tmpdir(), 'ime-infra-s-')),
				context: { domainName: 'book.other.com', hostedZoneName: 'example.com.au' }
			})
		).toThrow(/context domainName/);
	});

	it('refuses an SMS sender id or an admin address the app would refuse at start', () => {
		for (const [context, setting] of [
			[{ smsSenderId: 'IME Bookings' }, /context smsSenderId/],
			[{ smsSenderId: '12345' }, /context smsSenderId/],
			[{ adminEmail: 'ops at example' }, /context adminEmail/]
		] as const) {
			const dir = mkdtempSync(join(tmpdir(), 'ime-infra-v-'));
			try {
				expect(() => buildApp({ outdir: dir, context })).toThrow(setting);
			} finally {
				rmSync(dir, { recursive: true, force: true });
			}
		}
	});
});

describe('templates', () => {
	it.each(STACKS)('%s matches its snapshot', async (name) => {
		await expect(JSON.stringify(templates[name], null, 1) + '\n').toMatchFileSnapshot(`__snapshots__/${name}.template.json`);
	});
});
