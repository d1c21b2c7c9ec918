import { Lazy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';

/** CloudWatch Logs may encrypt and read this account's log groups in this region with the key. */
export function letCloudWatchLogsUse(key: kms.Key): void {
	const { region, account } = Stack.of(key);
	key.addToResourcePolicy(
		new iam.PolicyStatement({
			sid: 'CloudWatchLogsOfThisAccount',
			principals: [new iam.ServicePrincipal(`logs.${region}.amazonaws.com`)],
			actions: [
				'kms:Encrypt',
				'kms:Decrypt',
				'kms:ReEncryptFrom',
				'kms:ReEncryptTo',
				'kms:GenerateDataKey',
				'kms:GenerateDataKeyWithoutPlaintext',
				'kms:DescribeKey'
			],
			resources: ['*'],
			conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:${region}:${account}:log-group:*` } }
		})
	);
}

/**
 * The account may use and manage the key through IAM, action by action: no `kms:*`. kms:PutKeyPolicy
 * stays, so the account can never lock itself out of the key.
 */
export function accountKeyPolicy(): iam.PolicyDocument {
	return new iam.PolicyDocument({
		statements: [
			new iam.PolicyStatement({
				sid: 'AccountManagesAndUsesTheKeyThroughIam',
				principals: [new iam.AccountRootPrincipal()],
				actions: [
					'kms:DescribeKey',
					'kms:GetKeyPolicy',
					'kms:PutKeyPolicy',
					'kms:GetKeyRotationStatus',
					'kms:EnableKeyRotation',
					'kms:RotateKeyOnDemand',
					'kms:ListKeyRotations',
					'kms:ListResourceTags',
					'kms:TagResource',
					'kms:UntagResource',
					'kms:UpdateKeyDescription',
					'kms:EnableKey',
					'kms:DisableKey',
					'kms:ScheduleKeyDeletion',
					'kms:CancelKeyDeletion',
					'kms:CreateAlias',
					'kms:UpdateAlias',
					'kms:DeleteAlias',
					'kms:CreateGrant',
					'kms:ListGrants',
					'kms:RevokeGrant',
					'kms:RetireGrant',
					'kms:Encrypt',
					'kms:Decrypt',
					'kms:ReEncryptFrom',
					'kms:ReEncryptTo',
					'kms:GenerateDataKey',
					'kms:GenerateDataKeyWithoutPlaintext'
				],
				resources: ['*']
			})
		]
	});
}

/** What the wildcard KMS actions CDK's own grants write (a secret's grant to Secrets Manager) stand for. */
const EXPANSIONS: Record<string, string[]> = {
	'kms:GenerateDataKey*': [
		'kms:GenerateDataKey',
		'kms:GenerateDataKeyWithoutPlaintext',
		'kms:GenerateDataKeyPair',
		'kms:GenerateDataKeyPairWithoutPlaintext'
	],
	'kms:ReEncrypt*': ['kms:ReEncryptFrom', 'kms:ReEncryptTo']
};

/**
 * Write the key's policy with every action named: grants CDK adds for us (for example when a secret is
 * encrypted with the key) use `kms:GenerateDataKey*` and `kms:ReEncrypt*`; they become the actions
 * they stand for, and any other wildcard stops the synth. `policy` is the document the key was made with
 * (CDK adds its grants to that same document).
 */
export function nameEveryKeyAction(key: kms.Key, policy: iam.PolicyDocument): void {
	const cfn = key.node.defaultChild as kms.CfnKey;
	cfn.keyPolicy = Lazy.any({
		produce: () => {
			const doc = Stack.of(key).resolve(policy) as { Statement: { Action: string | string[] }[] };
			for (const statement of doc.Statement) {
				statement.Action = [...new Set([statement.Action].flat().flatMap((action) => EXPANSIONS[action] ?? [action]))];
				const left = statement.Action.filter((a) => a.includes('*'));
				if (left.length) throw new Error(`key ${key.node.path}: wildcard action ${left.join(', ')} in its policy`);
			}
			return doc;
		}
	});
}
