import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as rds from 'aws-cdk-lib/aws-rds';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { METRICS_NAMESPACE, METRICS_SERVICE } from './settings.ts';

export interface ObservabilityStackProps extends StackProps {
	key: kms.IKey;
	loadBalancer: elbv2.ApplicationLoadBalancer;
	targetGroup: elbv2.ApplicationTargetGroup;
	service: ecs.FargateService;
	database: rds.DatabaseInstance;
	alarmEmail: string;
}

/** What an alarm watches and when it fires; the runbook (docs/deploy.md) says what to do for each. */
export const ALARMS = {
	serverErrors: { name: 'ime-booking-5xx-rate', threshold: 2, what: 'Server errors above 2 % of requests for 5 minutes' },
	latency: { name: 'ime-booking-p95-latency', threshold: 2, what: 'p95 response time above 2 s for 10 minutes' },
	outbox: { name: 'ime-booking-outbox-backlog', threshold: 50, what: 'More than 50 messages waiting to be sent for 15 minutes' },
	acuity: { name: 'ime-booking-acuity-circuit-open', threshold: 1, what: "Acuity's circuit open for 5 minutes (Acuity failing or slow)" },
	dbCpu: { name: 'ime-booking-db-cpu', threshold: 80, what: 'Database CPU above 80 % for 15 minutes' },
	dbStorage: { name: 'ime-booking-db-free-storage', threshold: 10 * 1024 ** 3, what: 'Database free storage below 10 GiB' },
	unhealthy: { name: 'ime-booking-unhealthy-tasks', threshold: 1, what: 'A task failing its health check for 5 minutes' }
} as const;

/** Alarms on what users feel and on what the app reports of itself, a topic for them, and a dashboard. */
export class ObservabilityStack extends Stack {
	readonly topic: sns.Topic;
	readonly alarms: cloudwatch.Alarm[] = [];

	constructor(scope: Construct, id: string, props: ObservabilityStackProps) {
		super(scope, id, props);
		const { loadBalancer, targetGroup, service, database } = props;

		this.topic = new sns.Topic(this, 'Alarms', { displayName: 'IME booking alarms', masterKey: props.key, enforceSSL: true });
		if (props.alarmEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
		const notify = new actions.SnsAction(this.topic);

		const lb = loadBalancer.metrics;
		const requests = lb.requestCount({ period: Duration.minutes(1), statistic: 'Sum' });
		const targetErrors = lb.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { period: Duration.minutes(1), statistic: 'Sum' });
		const lbErrors = lb.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT, { period: Duration.minutes(1), statistic: 'Sum' });
		const errorRate = new cloudwatch.MathExpression({
			// No requests: no error rate (rather than a division by zero).
			expression: 'IF(FILL(r, 0) > 0, 100 * (FILL(t, 0) + FILL(e, 0)) / FILL(r, 0), 0)',
			usingMetrics: { t: targetErrors, e: lbErrors, r: requests },
			label: '5xx % of requests',
			period: Duration.minutes(1)
		});
		const p95 = lb.targetResponseTime({ period: Duration.minutes(1), statistic: 'p95' });
		const appMetric = (metricName: string) =>
			new cloudwatch.Metric({
				namespace: METRICS_NAMESPACE,
				metricName,
				dimensionsMap: { Service: METRICS_SERVICE },
				period: Duration.minutes(1),
				statistic: 'Maximum'
			});
		const outbox = appMetric('OutboxBacklog');
		const circuit = appMetric('AcuityCircuitOpen');
		const dbCpu = database.metricCPUUtilization({ period: Duration.minutes(5) });
		const dbFree = database.metricFreeStorageSpace({ period: Duration.minutes(5), statistic: 'Minimum' });
		const unhealthy = targetGroup.metrics.unhealthyHostCount({ period: Duration.minutes(1), statistic: 'Maximum' });

		const alarm = (
			key: keyof typeof ALARMS,
			metric: cloudwatch.IMetric,
			evaluationPeriods: number,
			comparison: cloudwatch.ComparisonOperator,
			missing: cloudwatch.TreatMissingData
		) => {
			const spec = ALARMS[key];
			const a = new cloudwatch.Alarm(this, `Alarm-${key}`, {
				alarmName: spec.name,
				alarmDescription: `${spec.what}. What to do: docs/deploy.md, "Reading the alarms".`,
				metric,
				threshold: spec.threshold,
				evaluationPeriods,
				comparisonOperator: comparison,
				treatMissingData: missing
			});
			a.addAlarmAction(notify);
			a.addOkAction(notify);
			this.alarms.push(a);
			return a;
		};
		const above = cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD;
		const atLeast = cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD;
		alarm('serverErrors', errorRate, 5, above, cloudwatch.TreatMissingData.NOT_BREACHING);
		alarm('latency', p95, 10, above, cloudwatch.TreatMissingData.NOT_BREACHING);
		// The app writes its figures once a minute; silence from every task is itself a fault.
		alarm('outbox', outbox, 15, above, cloudwatch.TreatMissingData.BREACHING);
		alarm('acuity', circuit, 5, atLeast, cloudwatch.TreatMissingData.NOT_BREACHING);
		alarm('dbCpu', dbCpu, 3, above, cloudwatch.TreatMissingData.BREACHING);
		alarm('dbStorage', dbFree, 1, cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD, cloudwatch.TreatMissingData.BREACHING);
		alarm('unhealthy', unhealthy, 5, atLeast, cloudwatch.TreatMissingData.NOT_BREACHING);

		const dashboard = new cloudwatch.Dashboard(this, 'Dashboard', { dashboardName: 'ime-booking', defaultInterval: Duration.hours(6) });
		dashboard.addWidgets(
			new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24, height: 3 }),
			new cloudwatch.GraphWidget({ title: 'Requests per minute', left: [requests], width: 8 }),
			new cloudwatch.GraphWidget({
				title: '5xx % of requests',
				left: [errorRate],
				leftAnnotations: [{ value: ALARMS.serverErrors.threshold, label: 'alarm' }],
				width: 8
			}),
			new cloudwatch.GraphWidget({
				title: 'p95 response time (s)',
				left: [p95],
				leftAnnotations: [{ value: ALARMS.latency.threshold, label: 'alarm' }],
				width: 8
			}),
			new cloudwatch.GraphWidget({
				title: 'Tasks: CPU and memory %',
				left: [
					service.metricCpuUtilization({ period: Duration.minutes(1) }),
					service.metricMemoryUtilization({ period: Duration.minutes(1) })
				],
				right: [targetGroup.metrics.healthyHostCount({ period: Duration.minutes(1) }), unhealthy],
				width: 8
			}),
			new cloudwatch.GraphWidget({ title: 'Outbox backlog and Acuity circuit', left: [outbox], right: [circuit], width: 8 }),
			new cloudwatch.GraphWidget({
				title: 'Database: CPU %, free storage, connections',
				left: [dbCpu],
				right: [dbFree, database.metricDatabaseConnections({ period: Duration.minutes(5) })],
				width: 8
			})
		);
	}
}
