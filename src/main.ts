/** Entry point of the `lcm` binary. */
import { runCli } from './cli/program.js';

await runCli(process.argv);
