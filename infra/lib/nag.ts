import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Acknowledge cdk-nag findings on a construct (and its children), with the reason kept in code and in
 * the validation report. Rule ids are written as the packs name them (`AwsSolutions-IAM4[...]`,
 * `HIPAA.Security-...`); the pack prefix the report needs is added here.
 */
export function accept(scope: IConstruct, reason: string, ...rules: string[]): void {
	if (reason.trim().length < 20) throw new Error(`a reason is required to accept ${rules.join(', ')}`);
	Validations.of(scope).acknowledge(
		...rules.map((rule) => {
			const pack = rule.startsWith('HIPAA.Security-') ? 'HIPAA.Security' : rule.startsWith('AwsSolutions-') ? 'AwsSolutions' : undefined;
			if (!pack) throw new Error(`unknown rule pack: ${rule}`);
			return { id: `${pack}::${rule}`, reason };
		})
	);
}
