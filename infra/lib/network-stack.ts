import { RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { accept } from './nag.ts';
import { accountKeyPolicy, letCloudWatchLogsUse, nameEveryKeyAction } from './keys.ts';
import { AVAILABILITY_ZONES } from './settings.ts';

/**
 * One VPC over three availability zones: public subnets hold only the load balancer and the NAT
 * gateways, the app runs in private subnets with a way out (Acuity, SES, SNS), the data sits in
 * isolated subnets with none. Nothing gets a public address by itself; every flow is logged.
 */
export class NetworkStack extends Stack {
	readonly vpc: ec2.Vpc;

	constructor(scope: Construct, id: string, props: StackProps) {
		super(scope, id, props);

		this.vpc = new ec2.Vpc(this, 'Vpc', {
			ipAddresses: ec2.IpAddresses.cidr('10.40.0.0/16'),
			availabilityZones: AVAILABILITY_ZONES,
			natGateways: AVAILABILITY_ZONES.length,
			restrictDefaultSecurityGroup: true,
			subnetConfiguration: [
				{ name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24, mapPublicIpOnLaunch: false },
				{ name: 'app', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 20 },
				{ name: 'data', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }
			],
			gatewayEndpoints: {
				// Documents never cross the NAT gateways.
				S3: { service: ec2.GatewayVpcEndpointAwsService.S3, subnets: [{ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }] }
			}
		});

		for (const subnet of this.vpc.publicSubnets) {
			accept(
				subnet,
				'Public subnets hold only the internet-facing load balancer and the NAT gateways; nothing in them gets a public address of its own.',
				'HIPAA.Security-VPCNoUnrestrictedRouteToIGW'
			);
		}

		const flowLogKeyPolicy = accountKeyPolicy();
		const flowLogKey = new kms.Key(this, 'FlowLogKey', {
			description: 'IME booking: VPC flow logs',
			enableKeyRotation: true,
			removalPolicy: RemovalPolicy.RETAIN,
			policy: flowLogKeyPolicy
		});
		letCloudWatchLogsUse(flowLogKey);
		const flowLogGroup = new logs.LogGroup(this, 'FlowLogs', {
			retention: logs.RetentionDays.ONE_YEAR,
			encryptionKey: flowLogKey,
			removalPolicy: RemovalPolicy.RETAIN
		});
		const flowLog = this.vpc.addFlowLog('AllTraffic', {
			destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogGroup),
			trafficType: ec2.FlowLogTrafficType.ALL,
			maxAggregationInterval: ec2.FlowLogMaxAggregationInterval.TEN_MINUTES
		});
		accept(
			flowLog,
			"The flow log role's own policy (written by CDK for this role alone): writes to this one log group.",
			'HIPAA.Security-IAMNoInlinePolicy'
		);
		nameEveryKeyAction(flowLogKey, flowLogKeyPolicy);
	}
}
