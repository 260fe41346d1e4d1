/** An app's view of the log: its console output and its failures, tagged with the app's name. */
import type { AppLog } from '../../pool/app-isolate.ts';
import type { Logger } from './logger.ts';

export function appLogFor(logger: Logger, app: string): AppLog {
  return {
    console: (level, text) => logger.app(app, level, text),
    error: (message, fields) => logger.error(message, { app, ...fields }),
    warn: (message, fields) => logger.warn(message, { app, ...fields }),
  };
}
