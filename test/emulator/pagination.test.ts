import { useEmulator } from './support/client';

describe('offset pagination', () => {
	const context = useEmulator();

	async function seedProjects(count: number): Promise<string[]> {
		const ids: string[] = [];
		for (let index = 0; index < count; index++) {
			const created_at = `2026-05-0${1 + (index % 9)}T08:00:${String(index).padStart(2, '0')}.000000Z`;
			ids.push(context.emulator.control.createProject({ name: `P${index}`, created_at }).id);
		}
		return ids;
	}

	test('lists come newest first with total, limit and offset echoed', async () => {
		await seedProjects(5);
		const reply = await context.api.get('/v1/projects?limit=2&offset=1');
		expect(reply.json).toMatchObject({ total: 5, limit: 2, offset: 1 });
		const dates = reply.json.items.map((item: { created_at: string }) => item.created_at);
		expect(dates).toEqual([...dates].sort().reverse());
		expect(reply.json.items).toHaveLength(2);
	});

	test('the default page size is 20', async () => {
		await seedProjects(25);
		const reply = await context.api.get('/v1/projects');
		expect(reply.json).toMatchObject({ total: 25, limit: 20, offset: 0 });
		expect(reply.json.items).toHaveLength(20);
	});

	test('paging to the end visits every item exactly once', async () => {
		const ids = await seedProjects(7);
		const seen: string[] = [];
		for (let offset = 0; ; offset += 3) {
			const page = await context.api.get(`/v1/projects?limit=3&offset=${offset}`);
			seen.push(...page.json.items.map((item: { id: string }) => item.id));
			if (offset + page.json.items.length >= page.json.total) break;
		}
		expect(seen.sort()).toEqual(ids.sort());
	});

	test.each([
		['limit=0', 'query.limit'],
		['limit=101', 'query.limit'],
		['limit=ten', 'query.limit'],
		['offset=-1', 'query.offset'],
	])('%s is 422 validation_error on %s', async (query, field) => {
		const reply = await context.api.get(`/v1/projects?${query}`);
		expect(reply.status).toBe(422);
		expect(reply.json.error.code).toBe('validation_error');
		expect(reply.json.error.fields).toEqual([{ field, message: expect.any(String) }]);
	});

	test("seeded timestamps in any ISO form come back in Roughy's form and sort by time", async () => {
		const { control } = context.emulator;
		const older = control.createProject({ created_at: '2026-05-02T08:54:52Z' });
		const newer = control.createProject({ created_at: '2026-05-02T08:54:52.5+00:00' });
		const reply = await context.api.get('/v1/projects');
		expect(reply.json.items.map((item: { id: string }) => item.id)).toEqual([newer.id, older.id]);
		expect(older.created_at).toBe('2026-05-02T08:54:52.000000Z');
	});

	test('limit=100 is the largest page', async () => {
		const reply = await context.api.get('/v1/credits/history?limit=100');
		expect(reply.status).toBe(200);
		expect(reply.json.limit).toBe(100);
	});
});
