/**
 * The entry of a server process, forked by the supervisor (src/supervisor/supervisor.ts) with the
 * Node flags isolated-vm needs: waits for the `start` message (the resolved options), serves until
 * told to stop, and exits with the server's code. Not a command: `nano serve` is the supervisor.
 */

import { ServerLink } from '../supervisor/server-link.ts';
import { serve } from './server.ts';

// The supervisor passes SIGHUP on (an operator reload); until the apps' own handler is installed, it
// must not end the process, which is SIGHUP's default action.
process.on('SIGHUP', () => {});
const [link, start] = await ServerLink.started();
const code = await serve(start.options, link, start.runsCron);
process.exit(code);
