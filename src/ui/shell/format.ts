/** Formats simulated seconds as m:ss.s (h:mm:ss past an hour), for clocks and logs. */
export function formatSimTime(t: number): string {
  if (!Number.isFinite(t) || t < 0) return '0:00.0';
  const h = Math.floor(t / 3600);
  const m = Math.floor((t % 3600) / 60);
  const s = t % 60;
  const ss = s.toFixed(1).padStart(4, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss.slice(0, 2)}` : `${m}:${ss}`;
}
