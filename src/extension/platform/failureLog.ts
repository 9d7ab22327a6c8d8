/** How a failure goes into the log: a user's mistake as one info line, our own faults with their stack. */
import { isUserMistake } from '../../core/errors';
import type { Logger } from '../../core/ports';

export function logFailure(logger: Logger, line: string, err: unknown): void {
  if (isUserMistake(err)) logger.info(line);
  else logger.error(line, err);
}
