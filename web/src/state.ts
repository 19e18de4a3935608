/**
 * The page's state lives in the URL hash (`#view?key=value`), so a view can be
 * bookmarked, shared, and opened directly by the browser tests.
 */
export interface Route { view: string; params: URLSearchParams }

export function currentRoute(): Route {
  const hash = location.hash.replace(/^#/, '');
  const [view, query] = hash.split('?', 2);
  return { view: view || 'categories', params: new URLSearchParams(query ?? '') };
}

export function go(view: string, params: Record<string, string>): void {
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== ''));
  const next = `#${view}${query.toString() ? `?${query.toString()}` : ''}`;
  if (location.hash !== next) location.hash = next;
}

export const todayUtc = () => new Date().toISOString().slice(0, 10);
export const daysAgo = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
