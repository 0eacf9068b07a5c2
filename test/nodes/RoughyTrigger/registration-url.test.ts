import { isLocalHost, unreachableReason } from '../../../nodes/RoughyTrigger/registration-url';

const ROUGHY = 'https://api.roughy.ai';
const EMULATOR = 'http://127.0.0.1:8787';

describe('which webhook URLs Roughy can deliver to', () => {
	test.each([
		'localhost',
		'api.localhost',
		'127.0.0.1',
		'127.8.9.10',
		'0.0.0.0',
		'10.1.2.3',
		'172.16.0.1',
		'172.31.255.254',
		'192.168.1.20',
		'169.254.1.1',
		'100.64.0.1',
		'[::1]',
		'[fd12:3456::1]',
		'[fe80::1]',
		'[::ffff:127.0.0.1]',
		'n8n',
		'my-box.local',
		'host.docker.internal',
	])('%s is only reachable locally', (host) => {
		expect(isLocalHost(host)).toBe(true);
	});

	test.each(['n8n.example.com', '8.8.8.8', '172.32.0.1', '[2001:db8::1]', 'hooks.example.co.uk'])(
		'%s is reachable from the internet',
		(host) => {
			expect(isLocalHost(host)).toBe(false);
		},
	);

	test('a public HTTPS URL is fine for Roughy', () => {
		expect(unreachableReason('https://n8n.example.com/webhook/abc/webhook', ROUGHY)).toBeUndefined();
	});

	test('a localhost URL is refused for the real Roughy', () => {
		expect(unreachableReason('http://localhost:5678/webhook/abc/webhook', ROUGHY)).toBe('local-host');
	});

	test('a private address is refused even over HTTPS', () => {
		expect(unreachableReason('https://192.168.1.20/webhook/abc/webhook', ROUGHY)).toBe('local-host');
	});

	test('plain http on a public host is refused', () => {
		expect(unreachableReason('http://n8n.example.com/webhook/abc/webhook', ROUGHY)).toBe('not-https');
	});

	test('a local emulator may deliver to loopback http URLs', () => {
		expect(unreachableReason('http://127.0.0.1:5678/webhook/abc/webhook', EMULATOR)).toBeUndefined();
		expect(unreachableReason('http://localhost:5678/webhook/abc/webhook', 'http://localhost:8787')).toBeUndefined();
	});
});
