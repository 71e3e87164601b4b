// A device's state for reverse execution, saved and restored in place: every field reachable
// from the device that holds data (numbers, booleans, strings, typed arrays, arrays, Maps of
// plain values, nested state objects), never callbacks, and never the objects a device only
// refers to (cores, the bus: `skip`). The GIC models keep their state in such fields, so a
// checkpoint of them needs no per-device code; a device with something else fails loudly here.

export type Saved = unknown;

export function saveState(obj: object, skip: ReadonlySet<object>): Saved {
  return save(obj, skip, new WeakSet());
}

export function loadState(obj: object, saved: Saved, skip: ReadonlySet<object>): void {
  load(obj as Record<string, unknown>, saved as Record<string, unknown>, skip, new WeakSet());
}

const isTyped = (v: unknown): v is Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array | BigUint64Array =>
  ArrayBuffer.isView(v) && !(v instanceof DataView);

function save(v: unknown, skip: ReadonlySet<object>, seen: WeakSet<object>): unknown {
  if (v === null || typeof v !== 'object') return typeof v === 'function' ? undefined : v;
  if (isTyped(v)) return v.slice();
  if (skip.has(v) || seen.has(v)) return undefined;
  seen.add(v);
  if (Array.isArray(v)) return v.map((x) => save(x, skip, seen));
  if (v instanceof Map) return [...v].map(([k, x]) => [k, save(x, skip, seen)]);
  if (v instanceof Set) return [...v];
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if (typeof x === 'function') continue;
    const s = save(x, skip, seen);
    if (s !== undefined || x === undefined) out[k] = s;
  }
  return out;
}

function load(t: Record<string, unknown>, s: Record<string, unknown>, skip: ReadonlySet<object>, seen: WeakSet<object>): void {
  if (seen.has(t)) return;
  seen.add(t);
  for (const [k, sv] of Object.entries(s)) {
    const cur = t[k];
    if (isTyped(cur)) { (cur as Uint32Array).set(sv as Uint32Array); continue; }
    if (cur instanceof Map) {
      const entries = sv as [unknown, unknown][];
      if (entries.every(([, x]) => x === null || typeof x !== 'object')) { cur.clear(); for (const [mk, mv] of entries) cur.set(mk, mv); }
      else for (const [mk, mv] of entries) { const o = cur.get(mk); if (o && typeof o === 'object') load(o as Record<string, unknown>, mv as Record<string, unknown>, skip, seen); }
      continue;
    }
    if (cur instanceof Set) { cur.clear(); for (const x of sv as unknown[]) cur.add(x); continue; }
    if (Array.isArray(cur) && Array.isArray(sv)) {
      if (sv.every((x) => x === null || typeof x !== 'object')) { cur.length = 0; cur.push(...sv); continue; }
      sv.forEach((x, i) => {
        if (x !== null && typeof x === 'object' && cur[i] && typeof cur[i] === 'object') load(cur[i] as Record<string, unknown>, x as Record<string, unknown>, skip, seen);
        else cur[i] = x;
      });
      continue;
    }
    if (cur !== null && typeof cur === 'object') {
      if (!skip.has(cur) && sv && typeof sv === 'object') load(cur as Record<string, unknown>, sv as Record<string, unknown>, skip, seen);
      continue;
    }
    t[k] = sv;
  }
}
