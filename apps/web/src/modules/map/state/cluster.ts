/**
 * Markers that would overlap on screen, grouped (issue 18): greedy, in the given order, each point joining
 * the first group whose first point is within `radius` pixels. Pure: the map passes its projection.
 */
export function cluster<T>(points: readonly T[], project: (p: T) => { x: number; y: number }, radius: number): T[][] {
  const groups: Array<{ x: number; y: number; members: T[] }> = [];
  for (const p of points) {
    const at = project(p);
    const g = groups.find((c) => (c.x - at.x) ** 2 + (c.y - at.y) ** 2 <= radius * radius);
    if (g) g.members.push(p);
    else groups.push({ ...at, members: [p] });
  }
  return groups.map((g) => g.members);
}
