import { Container } from '@n8n/di';
import { Cipher, EncryptionKeyProxy, InstanceSettings, type IEncryptionKeyProvider, type KeyInfo } from 'n8n-core';
import { randomBytes } from 'node:crypto';

/**
 * n8n 2.40 encrypts credentials with envelope encryption: a data key, stored
 * wrapped by the instance key, comes from a key provider that n8n's CLI backs
 * with its database. Without a provider, `Credentials.setData` throws
 * "Encryption key provider is not configured". This one keeps a single
 * active data key (and the pre-2.40 legacy key) in memory.
 */
class InMemoryEncryptionKeys implements IEncryptionKeyProvider {
	private readonly active: KeyInfo;

	private readonly legacy: KeyInfo;

	constructor(cipher: Cipher, instanceKey: string) {
		this.active = {
			id: 'harness-data-key',
			value: cipher.encryptDEKWithInstanceKey(randomBytes(32).toString('hex')),
			algorithm: 'aes-256-gcm',
			format: 'prefixed',
		};
		// n8n requires the legacy descriptor to unwrap to the instance key itself.
		this.legacy = {
			id: 'legacy',
			value: cipher.encryptDEKWithInstanceKey(instanceKey),
			algorithm: 'aes-256-cbc',
			format: 'no-prefix',
		};
	}

	async getActiveKey() {
		return this.active;
	}

	async getKeyById(id: string) {
		return id === this.active.id ? this.active : null;
	}

	async getLegacyKey() {
		return this.legacy;
	}
}

export function installEncryptionKeys() {
	const cipher = Container.get(Cipher);
	const { encryptionKey } = Container.get(InstanceSettings);
	Container.get(EncryptionKeyProxy).setProvider(new InMemoryEncryptionKeys(cipher, encryptionKey));
}
