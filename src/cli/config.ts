import type { Lang, Severity } from '../diagnostic.js';
import type { RuleOptions } from '../rules/rule.js';

/** Effective configuration for one file. */
export interface LoadedConfig {
  /** per-rule severity */
  severities: Record<string, Severity | 'off'>;
  /** rule thresholds */
  ruleOptions: Partial<RuleOptions>;
}

/** Configuration for a checked file (declare.config.yaml support comes with issue 4). */
export async function configFor(
  _file: string,
  _cwd: string,
  _explicit: string | undefined,
  _lang: Lang,
  _cache: Map<string, LoadedConfig>,
): Promise<LoadedConfig> {
  return { severities: {}, ruleOptions: {} };
}
