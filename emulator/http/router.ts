import type { RequestContext } from './context';
import type { EmulatorResponse } from './response';

export type Handler = (ctx: RequestContext) => Promise<EmulatorResponse> | EmulatorResponse;

export interface Route {
	method: string;
	/** OpenAPI-style template, e.g. `/v1/assets/{asset_id}`; also the key the contract check looks up. */
	template: string;
	handler: Handler;
	/** False for the few operations the contract marks `security: []` (TUS OPTIONS, signed downloads). */
	authenticated: boolean;
}

interface CompiledRoute extends Route {
	pattern: RegExp;
	paramNames: string[];
}

export interface RouteMatch {
	route: Route;
	params: Record<string, string>;
}

/** A small method + path-template table; no framework needed for a dozen resources. */
export class Router {
	private readonly routes: CompiledRoute[] = [];

	add(route: Route): this {
		const paramNames: string[] = [];
		const source = route.template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{(\w+)\\?\}/g, (_m, name: string) => {
			paramNames.push(name);
			return '([^/]+)';
		});
		this.routes.push({ ...route, pattern: new RegExp(`^${source}$`), paramNames });
		return this;
	}

	/** The route for this method and path; `methodMismatch` when only the path is known. */
	match(method: string, path: string): RouteMatch | { methodMismatch: string[] } | undefined {
		const allowed: string[] = [];
		for (const route of this.routes) {
			const found = route.pattern.exec(path);
			if (!found) continue;
			if (route.method !== method) {
				allowed.push(route.method);
				continue;
			}
			const params: Record<string, string> = {};
			route.paramNames.forEach((name, index) => {
				params[name] = decodeURIComponent(found[index + 1]);
			});
			return { route, params };
		}
		return allowed.length > 0 ? { methodMismatch: allowed } : undefined;
	}
}
