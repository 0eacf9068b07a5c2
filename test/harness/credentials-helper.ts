import { Credentials } from 'n8n-core';
import {
	ICredentialsHelper,
	isExpression,
	NodeHelpers,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type IHttpRequestHelper,
	type IHttpRequestOptions,
	type INode,
	type INodeCredentialsDetails,
	type INodeParameters,
	type INodeProperties,
	type IRequestOptionsSimplified,
	type IWorkflowExecuteAdditionalData,
	type Workflow,
} from 'n8n-workflow';

import { CREDENTIAL_SOURCES, instantiate } from './package-sources';

/** What a test knows about a Roughy account: where the API is and the key for it. */
export interface RoughyTestCredentials {
	baseUrl: string;
	apiKey: string;
	/** The credential's request timeout; the credential's default (60 s) when left out. */
	timeoutSeconds?: number;
}

const credentialTypes = new Map<string, ICredentialType>();

export function getCredentialType(name: string): ICredentialType {
	let credentialType = credentialTypes.get(name);
	if (!credentialType) {
		const source = CREDENTIAL_SOURCES.find((candidate) => candidate.expectedName === name);
		if (!source) throw new Error(`Unknown credential type "${name}"`);
		credentialType = instantiate<ICredentialType>(source);
		credentialTypes.set(name, credentialType);
	}
	return credentialType;
}

/** The reference a workflow node holds, as in n8n: `{ id, name }`, never the secret itself. */
export function credentialReference(type: string): INodeCredentialsDetails {
	return { id: `harness-${type}`, name: `Harness ${type}` };
}

/**
 * n8n's credentials helper, minus the database. Credentials are kept
 * encrypted with n8n-core's own Credentials class (the harness instance's
 * key) and decrypted per request, and a credential type's `authenticate` is
 * applied the way n8n's CLI applies it: functions are called, and generic
 * properties are expressions resolved with `$credentials`. n8n's own test
 * helper skips the generic kind, which would hide a missing bearer header.
 */
export class HarnessCredentialsHelper extends ICredentialsHelper {
	private readonly stored = new Map<string, Credentials>();

	async setCredentials(type: string, data: ICredentialDataDecryptedObject) {
		const reference = credentialReference(type);
		const credentials = new Credentials({ id: reference.id, name: reference.name }, type);
		await credentials.setData(data);
		this.stored.set(type, credentials);
	}

	getParentTypes(name: string): string[] {
		const parents = getCredentialType(name).extends ?? [];
		return parents.flatMap((parent) => [parent, ...this.getParentTypes(parent)]);
	}

	isCredentialUsableByNode(credentialType: string, nodeType: string): boolean {
		const typeDef = getCredentialType(credentialType);
		if (!typeDef.restrictToSupportedNodes) return true;
		return (typeDef.supportedNodes ?? []).some((supported) => nodeType.endsWith(`.${supported}`));
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = getCredentialType(typeName);
		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions as IHttpRequestOptions);
		}
		if (authenticate?.type !== 'generic') return requestOptions as IHttpRequestOptions;
		if (!workflow || !node) {
			throw new Error('n8n passes the workflow and node to authenticate generic credentials');
		}

		const resolve = (value: unknown): string => {
			if (!isExpression(value)) return String(value);
			const resolved = workflow.expression.getSimpleParameterValue(
				node,
				value as string,
				'internal',
				{ $credentials: credentials },
				undefined,
				'',
			);
			return resolved ? String(resolved) : '';
		};

		const target = requestOptions as unknown as Record<string, Record<string, unknown> | undefined>;
		for (const [part, entries] of Object.entries(authenticate.properties)) {
			const section = (target[part] ??= {});
			for (const [key, value] of Object.entries(entries as Record<string, unknown>)) {
				section[resolve(key)] = resolve(value);
			}
		}
		return requestOptions as IHttpRequestOptions;
	}

	// Only credentials with an expirable token (OAuth-like session logins)
	// pre-authenticate; an API key never does.
	async preAuthentication(
		_helpers: IHttpRequestHelper,
		_credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		if (getCredentialType(typeName).preAuthentication) {
			throw new Error(`The harness does not run preAuthentication (credential "${typeName}")`);
		}
		return undefined;
	}

	async runPreAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async getCredentials(_nodeCredentials: INodeCredentialsDetails, type: string): Promise<Credentials> {
		const credentials = this.stored.get(type);
		if (!credentials) {
			throw new Error(`No "${type}" credentials were given to the harness for this run`);
		}
		return credentials;
	}

	/**
	 * Decrypts and keeps what n8n keeps: the type's properties, defaults filled
	 * in (so an untouched Base URL arrives as its default), unknown keys dropped.
	 */
	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const data = await (await this.getCredentials(nodeCredentials, type)).getData();
		const withDefaults = NodeHelpers.getNodeParameters(
			this.getCredentialsProperties(type),
			data as INodeParameters,
			true,
			false,
			null,
			null,
		);
		return (withDefaults ?? {}) as ICredentialDataDecryptedObject;
	}

	async updateCredentials(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		await this.setCredentials(type, data);
	}

	async updateCredentialsOauthTokenData(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		await this.updateCredentials(nodeCredentials, type, data);
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		const credentialType = getCredentialType(type);
		const inherited = (credentialType.extends ?? []).flatMap((parent) =>
			this.getCredentialsProperties(parent),
		);
		return [...inherited, ...credentialType.properties];
	}
}
