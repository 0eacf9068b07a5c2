import { normalizeTimestamp } from '../clock';
import type { EmulatorCore } from '../core';
import { notFound } from '../errors';
import { readJsonBody } from '../http/json-body';
import { paginate, readPageRequest } from '../http/pagination';
import { enumFilter } from '../http/query-filters';
import { emptyResponse, jsonResponse } from '../http/response';
import type { Route } from '../http/router';
import { validateBody } from '../http/validate-body';
import { uuidv7 } from '../ids';
import { deleteProjectCascade } from '../lifecycle/cascade';
import { PROJECT_STATES, type ProjectRecord, type ProjectState } from '../model';

export function presentProject(project: ProjectRecord) {
	const { id, name, state, archived_at, created_at, updated_at } = project;
	return { id, name, state, archived_at, created_at, updated_at };
}

export function newProject(core: EmulatorCore, fields: { name: string; state?: ProjectState; created_at?: string; ownerId?: string }): ProjectRecord {
	const createdAt = fields.created_at ? normalizeTimestamp(fields.created_at) : core.clock.timestamp();
	const project: ProjectRecord = {
		id: uuidv7(Date.parse(createdAt)),
		ownerId: fields.ownerId ?? core.state.user.id,
		name: fields.name,
		state: fields.state ?? 'active',
		archived_at: fields.state === 'archived' ? createdAt : null,
		created_at: createdAt,
		updated_at: createdAt,
	};
	core.state.projects.set(project.id, project);
	return project;
}

export function projectRoutes(core: EmulatorCore): Route[] {
	const find = (id: string) => {
		const project = core.state.ownProject(id);
		if (!project) throw notFound('Project');
		return project;
	};

	return [
		{
			method: 'POST',
			template: '/v1/projects',
			authenticated: true,
			handler: async (ctx) => {
				const body = validateBody<{ name: string }>('ProjectCreate', await readJsonBody(ctx));
				return jsonResponse(201, presentProject(newProject(core, { name: body.name })));
			},
		},
		{
			method: 'GET',
			template: '/v1/projects',
			authenticated: true,
			handler: (ctx) => {
				const page = readPageRequest(ctx.query);
				// Archived projects stay out of the listing unless asked for.
				const states = enumFilter(ctx.query, 'state', PROJECT_STATES) ?? new Set<ProjectState>(['active']);
				const projects = [...core.state.projects.values()].filter(
					(project) => project.ownerId === core.state.user.id && states.has(project.state),
				);
				return jsonResponse(200, paginate(projects, page, presentProject));
			},
		},
		{
			method: 'GET',
			template: '/v1/projects/{project_id}',
			authenticated: true,
			handler: (ctx) => jsonResponse(200, presentProject(find(ctx.params.project_id))),
		},
		{
			method: 'PATCH',
			template: '/v1/projects/{project_id}',
			authenticated: true,
			handler: async (ctx) => {
				const project = find(ctx.params.project_id);
				const body = validateBody<{ name?: string | null; state?: ProjectState | null }>('ProjectUpdate', await readJsonBody(ctx));
				let changed = false;
				if (body.name != null && body.name !== project.name) {
					project.name = body.name;
					changed = true;
				}
				if (body.state != null && body.state !== project.state) {
					project.state = body.state;
					project.archived_at = body.state === 'archived' ? core.clock.timestamp() : null;
					changed = true;
				}
				if (changed) project.updated_at = core.clock.timestamp();
				return jsonResponse(200, presentProject(project));
			},
		},
		{
			method: 'DELETE',
			template: '/v1/projects/{project_id}',
			authenticated: true,
			handler: (ctx) => {
				deleteProjectCascade(core, find(ctx.params.project_id));
				return emptyResponse(204);
			},
		},
	];
}
