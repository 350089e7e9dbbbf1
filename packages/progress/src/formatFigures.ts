/** `45s`, `24m`, `3h05m`, `2d04h`: short, for progress lines. */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${s % 60 ? String(s % 60).padStart(2, '0') + 's' : ''}`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d${String(h % 24).padStart(2, '0')}h`;
}

/** `1650/s`, `12.5/s`, `0.3/s`. */
export function formatRate(perSecond: number): string {
  if (perSecond >= 100) return `${Math.round(perSecond)}/s`;
  if (perSecond >= 10) return `${perSecond.toFixed(1)}/s`;
  return `${perSecond.toFixed(2)}/s`;
}

/** `120000/2500000 (4.8%)` or `120000` without a total. */
export function formatCount(done: number, total: number | undefined): string {
  if (total === undefined) return String(done);
  const pct = total > 0 ? (done * 100) / total : 100;
  return `${done}/${total} (${pct.toFixed(1)}%)`;
}
