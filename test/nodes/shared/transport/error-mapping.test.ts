import { NodeApiError, type INode } from 'n8n-workflow';

import { ERROR_ADVICE } from '../../../../nodes/shared/transport/error-messages';
import {
	describeFailure,
	parseFailure,
	redactSecrets,
	roughyErrorCode,
	toNodeApiError,
} from '../../../../nodes/shared/transport/errors';
import { ERROR_CODES } from '../../../../nodes/shared/types';

const node: INode = {
	id: 'node-1',
	name: 'Roughy',
	type: 'n8n-nodes-roughy.roughy',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

function envelope(code: string, message: string, fields?: Array<{ field: string; message: string }>) {
	return { error: { code, message, ...(fields ? { fields } : {}) } };
}

describe('error mapping', () => {
	test("the credential's key and any bearer token are redacted from a server's text, even one that is cut short", () => {
		const key = 'my-own-key-without-prefix-0123456789';
		const echo = `${'x'.repeat(290)} Authorization: Bearer ${key}; other token Bearer abc.def-ghi and sk_live_ABCDEFGH12345678`;
		const text = parseFailure(400, echo, {}, [key]);
		const fields = parseFailure(422, envelope('validation_error', `bad ${key}`, [{ field: `header.${key}`, message: `Bearer ${key}` }]), {}, [key]);

		const shown = JSON.stringify([text, fields, describeFailure(text), describeFailure(fields)]);
		expect(shown).not.toContain(key);
		expect(shown).not.toContain(key.slice(0, 20));
		expect(shown).not.toContain('abc.def-ghi');
		expect(shown).not.toContain('sk_live_ABCDEFGH');
		expect(redactSecrets(`Bearer ${key}`, [key])).toBe('Bearer [redacted]');
	});

	test('a request id is cut to 100 printable characters', () => {
		const failure = parseFailure(400, envelope('bad_request', 'no'), { 'x-request-id': `req_${'a'.repeat(20_000)}\u0007` });
		expect(failure.requestId).toBe(`req_${'a'.repeat(96)}…`);
	});

	test.each(ERROR_CODES.map((code) => [code]))(
		'%s becomes a message saying what went wrong and what to do',
		(code) => {
			const failure = parseFailure(409, envelope(code, `Roughy text for ${code}`), {
				'x-request-id': 'req_123',
			});
			const { message, description } = describeFailure(failure, { subject: 'asset abc' });

			expect(message).toBe(`${ERROR_ADVICE[code].message} (asset abc)`);
			expect(description).toContain(`Roughy says: Roughy text for ${code}`);
			expect(description).toContain(ERROR_ADVICE[code].hint);
			expect(description).toContain(`code ${code}`);
			expect(description).toContain('request ID req_123');
		},
	);

	test('validation errors name each field the user can fix', () => {
		const failure = parseFailure(
			422,
			envelope('validation_error', 'Invalid request', [
				{ field: 'body.name', message: 'Field required' },
				{ field: 'query.limit', message: 'must be at most 100' },
			]),
			{},
		);
		const { description } = describeFailure(failure);

		expect(description).toContain('• name: Field required');
		expect(description).toContain('• limit (query): must be at most 100');
	});

	test('an HTML page from a proxy is reported as such, not dumped', () => {
		const html = `<!DOCTYPE html><html><body>${'<p>Bad gateway</p>'.repeat(10_000)}</body></html>`;
		const failure = parseFailure(502, html, {});
		const { message, description } = describeFailure(failure);

		expect(message).toBe(ERROR_ADVICE.internal_error.message);
		expect(description).toContain('An HTML page came back instead of Roughy');
		expect(description.length).toBeLessThan(1000);
	});

	test('a huge plain-text body is cut to one short line', () => {
		const failure = parseFailure(500, 'x'.repeat(5_000_000), {});

		expect(failure.roughyMessage!.length).toBeLessThanOrEqual(301);
	});

	test('an unknown code falls back on the HTTP status', () => {
		const failure = parseFailure(404, envelope('brand_new_code', 'Nope'), {});
		const { message, description } = describeFailure(failure);

		expect(message).toBe(ERROR_ADVICE.not_found.message);
		expect(description).toContain('code brand_new_code');
	});

	test('a JSON error body that arrives as raw bytes is still understood', () => {
		const failure = parseFailure(
			402,
			Buffer.from(JSON.stringify(envelope('insufficient_credits', 'Balance is 0'))),
			{ 'retry-after': '7' },
		);

		expect(failure.code).toBe('insufficient_credits');
		expect(failure.retryAfterSeconds).toBe(7);
	});

	test('the n8n error carries the code, status and item but no request details', () => {
		const failure = parseFailure(404, envelope('not_found', 'Asset not found'), {
			'x-request-id': 'req_9',
			authorization: 'Bearer sk_test_secret_value',
		});
		const error = toNodeApiError(node, failure, { itemIndex: 3, subject: 'asset 42' });

		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.httpCode).toBe('404');
		expect(error.context.itemIndex).toBe(3);
		expect(roughyErrorCode(error)).toBe('not_found');
		expect(JSON.stringify({ ...error, message: error.message, description: error.description })).not.toContain(
			'sk_test_secret_value',
		);
	});
});
