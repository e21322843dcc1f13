/**
 * How unbounded-retry tells a bounded loop from an unbounded one, shared by its Python and TS/JS
 * implementations: a loop exit (or loop condition) bounded by a counter, an attempt number or a
 * clock, and the call chains that reach a remote service or a model whatever their receiver.
 */

/** Names that count attempts, iterations or time left. */
const COUNTER_NAMES =
  /(^|[^\w])(attempts?|attempt_\w+|\w+_attempts?|retr(y|ies)|\w+_retr(y|ies)|tries|\w+_tries|n_?tries|count(er)?|\w+_count|iterations?|\w+_iterations?|elapsed|\w*deadline\w*|\w*timeout\w*|\w*timed_?out\w*|max_\w+|remaining|budget|polls?|poll_count|num_\w+|i|n|k|tick|ticks|step|steps|waited|wait_time|total_wait|started|start_time|maxAttempts|maxRetries|retryCount|attemptCount|elapsedMs|startTime|started_at)([^\w]|$)/i;
/** Clock reads in Python and JS. */
const CLOCK =
  /\b(time\.(monotonic|time|perf_counter)(_ns)?|monotonic|perf_counter|datetime\.(datetime\.)?(now|utcnow)|loop\.time|Date\.now|performance\.now|new\s+Date|process\.hrtime)\s*\(/;

/** Whether a condition's source mentions a counter, an attempt number or a clock (or one of `counters`). */
export function boundedCondition(source: string, counters: ReadonlySet<string> = new Set()): boolean {
  if (CLOCK.test(source) || COUNTER_NAMES.test(source)) return true;
  for (const name of counters) if (new RegExp(`(^|[^\\w.])${escape(name)}([^\\w]|$)`).test(source)) return true;
  return false;
}

function escape(name: string): string {
  return name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Call chains that reach an LLM API or a model server whatever the receiver (`client.beta.threads.runs.retrieve`). */
export const REMOTE_CHAIN =
  /(^|\.)((chat\.)?completions|messages|responses|embeddings|(beta\.)?threads\.runs|runs|batches|fine_tuning\.jobs|images|audio\.\w+)\.(create|retrieve|poll|list|stream|parse|create_and_poll)$|(^|\.)(invoke_endpoint|predict|predict_proba|generate|infer)$/;
