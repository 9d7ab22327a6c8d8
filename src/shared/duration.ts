/**
 * One way of writing a span of time, for the extension, the CLI and the webviews alike: "40 s", "54 min", "1 h",
 * "2 h 5 min", "3 d", "3 d 4 h". A zero second part is left out, never written "1 h 0 min".
 */
export function formatSpan(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86400) return withPart(`${Math.floor(s / 3600)} h`, Math.floor((s % 3600) / 60), 'min');
  return withPart(`${Math.floor(s / 86400)} d`, Math.floor((s % 86400) / 3600), 'h');
}

function withPart(head: string, part: number, unit: string): string {
  return part ? `${head} ${part} ${unit}` : head;
}
