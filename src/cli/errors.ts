/** The tool-failure error of every command (defined in src/errors.ts, below src/cli and src/render). */
export { CliError } from '../errors.js';
