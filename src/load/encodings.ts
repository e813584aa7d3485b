/**
 * The loader's constants that the CLI's start needs (option choices, the read limit),
 * apart from load.ts so that importing them does not load the YAML parser (issue 17:
 * `declare --version` and the command line are parsed before any parser is loaded).
 */

/** Largest file accepted, in bytes (README "Limits"). */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

/** Text encodings a file may be read in (`--encoding`); UTF-8 is the format's own. */
export const ENCODINGS = ['utf-8', 'gbk', 'gb18030'] as const;
/** One of ENCODINGS. */
export type Encoding = (typeof ENCODINGS)[number];
