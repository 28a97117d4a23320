/**
 * The server's one logger: a line per event on stdout, with anything that
 * looks like a credential removed first. Tokens travel in URLs (collab
 * websockets) and headers; neither may reach a log.
 */
const SECRET_PATTERNS: Array<[RegExp, string]> = [
  [/([?&](?:token|access_token|password)=)[^&\s"]+/gi, '$1[redacted]'],
  [/(bearer\s+)[\w.~+/=-]+/gi, '$1[redacted]'],
  [/("(?:password|token|authorization|passwordHash)"\s*:\s*")[^"]*"/gi, '$1[redacted]"'],
  [/\beyJ[\w-]+\.[\w-]+\.[\w-]+/g, '[redacted-token]'],
];

export function redact(text: string): string {
  let out = text;
  for (const [re, rep] of SECRET_PATTERNS) out = out.replace(re, rep);
  return out;
}

export type LogLevel = 'info' | 'warn' | 'error';

export function log(level: LogLevel, message: string, fields?: Record<string, unknown>): void {
  const line = `${new Date().toISOString()} ${level.toUpperCase()} ${message}${fields ? ` ${JSON.stringify(fields)}` : ''}`;
  (level === 'error' ? process.stderr : process.stdout).write(`${redact(line)}\n`);
}
