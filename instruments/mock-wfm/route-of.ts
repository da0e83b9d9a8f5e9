import type { Edition } from '../../core/catalog/editions.js';
import { compilePath, type CompiledPath } from '../../reference/wfm/http/router.js';
import { apiRoutes } from '../../reference/wfm/routes/api-routes.js';

const compiled = new Map<string, { name: string; method: string; path: CompiledPath }[]>();

/** The engine route a request hits, by the edition's path table and the method; undefined when none. */
export function routeOf(edition: Edition, method: string, pathWithQuery: string): { name: string; params: Record<string, string> } | undefined {
  let routes = compiled.get(edition.id);
  if (!routes) {
    routes = apiRoutes(edition).map((route) => ({ name: route.name, method: route.method, path: compilePath(route.path) }));
    compiled.set(edition.id, routes);
  }
  const pathname = new URL(pathWithQuery, 'https://mock.invalid').pathname;
  for (const route of routes) {
    if (route.method !== method) continue;
    const params = route.path.match(pathname);
    if (params) return { name: route.name, params };
  }
  return undefined;
}
