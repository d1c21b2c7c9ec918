import { Duration, RemovalPolicy, SecretValue, Stack, type StackProps } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secrets from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { accept } from './nag.ts';
import { accountKeyPolicy, letCloudWatchLogsUse, nameEveryKeyAction } from './keys.ts';
import { DB_NAME, DB_USER } from './settings.ts';

export interface DataStackProps extends StackProps {
	vpc: ec2.IVpc;
}

/** Ports other than the engines' defaults (AwsSolutions-RDS11, AwsSolutions-AEC5). */
export const DB_PORT = 5433;
export const REDIS_PORT = 6380;
export const DB_INSTANCE_ID = 'ime-booking';

/**
 * Everything that holds state: PostgreSQL (Multi-AZ), Redis, the documents bucket, the secrets the
 * app reads and the app's image repository. One customer KMS key encrypts all of it; the data
 * subnets have no route out. Everything here outlives a `cdk destroy` (RETAIN / SNAPSHOT).
 */
export class DataStack extends Stack {
	readonly key: kms.Key;
	/** Admit nobody here: the app stack lets its tasks in (a rule here would tie the stacks in a loop). */
	readonly dbSecurityGroup: ec2.SecurityGroup;
	readonly redisSecurityGroup: ec2.SecurityGroup;
	readonly database: rds.DatabaseInstance;
	readonly databaseSecret: secrets.ISecret;
	readonly redis: elasticache.CfnReplicationGroup;
	readonly redisSecret: secrets.Secret;
	readonly documents: s3.Bucket;
	readonly logsBucket: s3.Bucket;
	readonly authSecret: secrets.Secret;
	readonly phiKeysSecret: secrets.Secret;
	readonly smtpSecret: secrets.Secret;
	readonly acuitySecret: secrets.Secret;
	readonly repository: ecr.Repository;

	constructor(scope: Construct, id: string, props: DataStackProps) {
		super(scope, id, props);
		const { vpc } = props;

		const keyPolicy = accountKeyPolicy();
		this.key = new kms.Key(this, 'DataKey', {
			description: 'IME booking: database, Redis, documents, secrets, images',
			enableKeyRotation: true,
			removalPolicy: RemovalPolicy.RETAIN,
			policy: keyPolicy
		});

		// ---- PostgreSQL ----------------------------------------------------------------------------
		const dbSecurityGroup = (this.dbSecurityGroup = new ec2.SecurityGroup(this, 'DatabaseSg', {
			vpc,
			description: 'IME booking PostgreSQL: the app tasks only',
			allowAllOutbound: false
		}));

		const parameters = new rds.ParameterGroup(this, 'DatabaseParameters', {
			engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_15_17 }),
			description: 'IME booking: TLS required, statements logged by duration only',
			parameters: {
				'rds.force_ssl': '1',
				ssl_min_protocol_version: 'TLSv1.2',
				// Slow statements only: parameters could hold PHI, so no statement text of ordinary queries.
				log_min_duration_statement: '2000',
				log_connections: '1',
				log_disconnections: '1'
			}
		});

		// The log groups RDS exports to, made here (not by a retention function) so they are encrypted and kept.
		const dbLogGroups = ['postgresql', 'upgrade'].map(
			(kind) =>
				new logs.LogGroup(this, `DatabaseLogs-${kind}`, {
					logGroupName: `/aws/rds/instance/${DB_INSTANCE_ID}/${kind}`,
					retention: logs.RetentionDays.ONE_YEAR,
					encryptionKey: this.key,
					removalPolicy: RemovalPolicy.RETAIN
				})
		);

		this.database = new rds.DatabaseInstance(this, 'Database', {
			instanceIdentifier: DB_INSTANCE_ID,
			engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_15_17 }),
			instanceType: ec2.InstanceType.of(ec2.InstanceClass.M7G, ec2.InstanceSize.LARGE),
			vpc,
			vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
			securityGroups: [dbSecurityGroup],
			port: DB_PORT,
			databaseName: DB_NAME,
			credentials: rds.Credentials.fromGeneratedSecret(DB_USER, { encryptionKey: this.key }),
			multiAz: true,
			publiclyAccessible: false,
			storageType: rds.StorageType.GP3,
			allocatedStorage: 100,
			maxAllocatedStorage: 1000,
			storageEncrypted: true,
			storageEncryptionKey: this.key,
			caCertificate: rds.CaCertificate.RDS_CA_RSA2048_G1,
			parameterGroup: parameters,
			backupRetention: Duration.days(35),
			preferredBackupWindow: '15:00-16:00', // 01:00–02:00 in Sydney (AEST)
			preferredMaintenanceWindow: 'Sat:16:30-Sat:17:30',
			deletionProtection: true,
			removalPolicy: RemovalPolicy.SNAPSHOT,
			autoMinorVersionUpgrade: true,
			cloudwatchLogsExports: ['postgresql', 'upgrade'],
			enablePerformanceInsights: true,
			performanceInsightEncryptionKey: this.key,
			monitoringInterval: Duration.seconds(60),
			iamAuthentication: true,
			copyTagsToSnapshot: true
		});
		for (const group of dbLogGroups) this.database.node.addDependency(group);
		this.databaseSecret = this.database.secret!;
		accept(
			this.database,
			"Enhanced monitoring's role takes the one policy AWS maintains for exactly that purpose.",
			'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole]'
		);
		// Beside RDS's own 35 days of point-in-time recovery: daily snapshots in an encrypted vault that a
		// deleted instance does not take with it.
		const vault = new backup.BackupVault(this, 'BackupVault', { encryptionKey: this.key, removalPolicy: RemovalPolicy.RETAIN });
		const plan = backup.BackupPlan.daily35DayRetention(this, 'BackupPlan', vault);
		const selection = plan.addSelection('Database', { resources: [backup.BackupResource.fromRdsDatabaseInstance(this.database)] });
		accept(
			selection,
			'AWS Backup takes the one policy AWS maintains for backing resources up.',
			'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]'
		);

		accept(
			this.database,
			"Rotated by the runbook (docs/deploy.md) with a rolling restart: a timed single-user rotation would break running tasks' new connections until they restart.",
			'HIPAA.Security-SecretsManagerRotationEnabled',
			'AwsSolutions-SMG4'
		);

		// ---- Redis (ElastiCache) -------------------------------------------------------------------
		const redisSecurityGroup = (this.redisSecurityGroup = new ec2.SecurityGroup(this, 'RedisSg', {
			vpc,
			description: 'IME booking Redis: the app tasks only',
			allowAllOutbound: false
		}));
		const redisSubnets = new elasticache.CfnSubnetGroup(this, 'RedisSubnets', {
			description: 'IME booking Redis: isolated data subnets',
			subnetIds: vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_ISOLATED }).subnetIds
		});
		this.redisSecret = new secrets.Secret(this, 'RedisAuth', {
			description: 'IME booking: Redis AUTH token (REDIS_PASSWORD)',
			encryptionKey: this.key,
			generateSecretString: {
				secretStringTemplate: '{}',
				generateStringKey: 'token',
				passwordLength: 64,
				excludePunctuation: true
			}
		});
		this.redis = new elasticache.CfnReplicationGroup(this, 'Redis', {
			replicationGroupDescription: 'IME booking: rate limits, holds, availability cache',
			engine: 'redis',
			engineVersion: '7.1',
			cacheNodeType: 'cache.t4g.small',
			numCacheClusters: 2,
			multiAzEnabled: true,
			automaticFailoverEnabled: true,
			port: REDIS_PORT,
			cacheSubnetGroupName: redisSubnets.ref,
			securityGroupIds: [redisSecurityGroup.securityGroupId],
			atRestEncryptionEnabled: true,
			kmsKeyId: this.key.keyId,
			transitEncryptionEnabled: true,
			transitEncryptionMode: 'required',
			authToken: this.redisSecret.secretValueFromJson('token').unsafeUnwrap(),
			snapshotRetentionLimit: 15,
			snapshotWindow: '16:00-17:00',
			preferredMaintenanceWindow: 'sat:17:30-sat:18:30',
			autoMinorVersionUpgrade: true
		});
		this.redis.applyRemovalPolicy(RemovalPolicy.RETAIN);
		accept(
			this.redisSecret,
			'An ElastiCache AUTH token rotates with the ROTATE then SET strategies (docs/deploy.md), which no Secrets Manager rotation function drives.',
			'HIPAA.Security-SecretsManagerRotationEnabled',
			'AwsSolutions-SMG4'
		);

		// ---- Documents ---------------------------------------------------------------------------
		// Access logs and the load balancer's logs: SSE-S3, the only encryption those log deliveries accept.
		this.logsBucket = new s3.Bucket(this, 'Logs', {
			encryption: s3.BucketEncryption.S3_MANAGED,
			blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
			enforceSSL: true,
			versioned: true,
			objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
			lifecycleRules: [
				{ id: 'expire-logs', expiration: Duration.days(400), noncurrentVersionExpiration: Duration.days(30) },
				{ id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) }
			],
			removalPolicy: RemovalPolicy.RETAIN
		});

		accept(
			this.logsBucket,
			'Data residency: everything stays in ap-southeast-2; versioning keeps earlier copies of the logs.',
			'HIPAA.Security-S3BucketReplicationEnabled'
		);

		accept(
			this.logsBucket,
			'S3 server access logs and load balancer logs are delivered only to SSE-S3 buckets; they hold no PHI.',
			'HIPAA.Security-S3DefaultEncryptionKMS'
		);

		this.documents = new s3.Bucket(this, 'Documents', {
			encryption: s3.BucketEncryption.KMS,
			encryptionKey: this.key,
			bucketKeyEnabled: true,
			blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
			enforceSSL: true,
			minimumTLSVersion: 1.2,
			versioned: true,
			objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
			serverAccessLogsBucket: this.logsBucket,
			serverAccessLogsPrefix: 'documents/',
			lifecycleRules: [
				{ id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
				// A deleted document stays recoverable for 90 days, then is gone.
				{ id: 'expire-old-versions', noncurrentVersionExpiration: Duration.days(90), expiredObjectDeleteMarker: true }
			],
			removalPolicy: RemovalPolicy.RETAIN
		});

		accept(
			this.documents,
			'Data residency: PHI stays in ap-southeast-2, so no cross-region copy; versioning (90 days) covers deletes and overwrites.',
			'HIPAA.Security-S3BucketReplicationEnabled'
		);

		// ---- Secrets the app reads -----------------------------------------------------------------
		this.authSecret = new secrets.Secret(this, 'AuthSecret', {
			description: 'IME booking: BETTER_AUTH_SECRET (signs sessions)',
			encryptionKey: this.key,
			generateSecretString: { passwordLength: 64, excludePunctuation: true }
		});
		// PHI_KEYS has a format of its own (k1:<base64 of 32 bytes>): the runbook writes it before the
		// first start. Until then the generated placeholder is refused by the app, which will not start.
		this.phiKeysSecret = new secrets.Secret(this, 'PhiKeys', {
			description: 'IME booking: PHI_KEYS (document and field encryption keys; see docs/deploy.md)',
			encryptionKey: this.key,
			generateSecretString: { passwordLength: 32, excludePunctuation: true }
		});
		this.smtpSecret = new secrets.Secret(this, 'Smtp', {
			description: 'IME booking: SMTP_URL for SES (smtp://<SES SMTP user>:<password>@email-smtp.ap-southeast-2.amazonaws.com:587)',
			encryptionKey: this.key,
			secretObjectValue: { url: SecretValue.unsafePlainText('') }
		});
		this.acuitySecret = new secrets.Secret(this, 'Acuity', {
			description: 'IME booking: Acuity Scheduling user id and API key (empty: the built-in scheduler)',
			encryptionKey: this.key,
			secretObjectValue: { userId: SecretValue.unsafePlainText(''), apiKey: SecretValue.unsafePlainText('') }
		});

		for (const [secret, why] of [
			[this.authSecret, 'Rotating it signs everyone out: done on purpose by the runbook, never on a timer.'],
			[this.phiKeysSecret, 'PHI keys rotate by appending a key and re-encrypting (docs/deploy.md), never by replacing the value.'],
			[this.smtpSecret, 'SES SMTP credentials derive from an IAM access key that the runbook rotates.'],
			[this.acuitySecret, "Acuity's API key is rotated in Acuity's own console, then written here (runbook)."]
		] as const) {
			accept(secret, why, 'HIPAA.Security-SecretsManagerRotationEnabled', 'AwsSolutions-SMG4');
		}

		// ---- The app's image ---------------------------------------------------------------------
		this.repository = new ecr.Repository(this, 'Images', {
			imageScanOnPush: true,
			imageTagMutability: ecr.TagMutability.IMMUTABLE,
			encryption: ecr.RepositoryEncryption.KMS,
			encryptionKey: this.key,
			lifecycleRules: [{ description: 'keep the last 50 images', maxImageCount: 50 }],
			removalPolicy: RemovalPolicy.RETAIN
		});

		// CloudWatch alarms publish to the encrypted alarm topic.
		this.key.addToResourcePolicy(
			new iam.PolicyStatement({
				sid: 'CloudWatchAlarmsPublishToTheTopic',
				principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
				actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
				resources: ['*'],
				conditions: { StringEquals: { 'aws:SourceAccount': this.account } }
			})
		);
		// CloudWatch Logs (the database's exported logs) may use the key through the service.
		letCloudWatchLogsUse(this.key);
		nameEveryKeyAction(this.key, keyPolicy);
	}
}
